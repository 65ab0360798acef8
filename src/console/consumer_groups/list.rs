//! `--list [--state [S,...]] [--type [T,...]]` (`ConsumerGroupService.listGroups`,
//! `printGroupInfo`, `groupStatesFromString`, `consumerGroupTypesFromString`
//! of Kafka 4.0's `ConsumerGroupCommand`).
//!
//! Without `--state`/`--type`: one group id per line. With either: a table
//! `%-{max(15, longest id) + 10}s` plus ` %-20s` per column (`TYPE`, then
//! `STATE`), every line padded. `--state S` keeps the groups in those states
//! (the broker's `ListGroups` filter); an unknown state or type is an
//! `IllegalArgumentException` (usage error, exit 1). Groups come in the order
//! of the admin client's `HashMap<String, ConsumerGroupListing>`.

use super::{known_groups, map_order};
use crate::console::output::Output;
use crate::sim::simulation::Simulation;

/// `GroupState.groupStatesForType(CONSUMER)`.
///
/// Simplification: Kafka builds this with `Set.of(...)`, whose iteration
/// order (and so the order of the "Valid states are" list) is randomised per
/// JVM; KafkaSim prints the `Set.of` argument order.
const CONSUMER_STATES: [&str; 7] =
    ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"];

/// `GroupType.values()` without `UNKNOWN` (4.0 accepts `share` too).
const TYPES: [&str; 3] = ["Consumer", "Classic", "Share"];

/// Java's `String.split(",")`: trailing empty strings are dropped.
fn java_split(s: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(',').collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    parts
}

/// `groupStatesFromString`: the states (canonical names), or the usage error.
fn states(input: &str) -> Result<Vec<&'static str>, String> {
    let parsed: Vec<Option<&'static str>> = java_split(input)
        .into_iter()
        .map(|s| CONSUMER_STATES.iter().copied().find(|v| v.eq_ignore_ascii_case(s.trim())))
        .collect();
    if parsed.iter().any(Option::is_none) {
        return Err(format!("Invalid state list '{input}'. Valid states are: {}", CONSUMER_STATES.join(", ")));
    }
    Ok(parsed.into_iter().flatten().collect())
}

/// `consumerGroupTypesFromString` (4.0): the types, or the usage error.
fn types(input: &str) -> Result<Vec<&'static str>, String> {
    // Java lower-cases the whole string; ASCII is enough here (every type name
    // is ASCII and no non-ASCII letter lower-cases into one of theirs), and
    // `str::to_lowercase` would bring std's Unicode case tables into the wasm.
    let lower = input.to_ascii_lowercase();
    let parsed: Vec<Option<&'static str>> = java_split(&lower)
        .into_iter()
        .map(|s| TYPES.iter().copied().find(|v| v.eq_ignore_ascii_case(s.trim())))
        .collect();
    if parsed.iter().any(Option::is_none) {
        return Err(format!("Invalid types list '{input}'. Valid types are: {}", TYPES.join(", ")));
    }
    Ok(parsed.into_iter().flatten().collect())
}

/// The filter values of an optional-argument option (`None`/empty: no filter).
fn filter(
    value: Option<&str>,
    parse: fn(&str) -> Result<Vec<&'static str>, String>,
) -> Result<Vec<&'static str>, String> {
    match value {
        None | Some("") => Ok(Vec::new()),
        Some(v) => parse(v),
    }
}

/// Runs `--list`; `state`/`type_` are `Some(value)` when the option was given.
pub(super) fn list(sim: &Simulation, state: Option<Option<&str>>, type_: Option<Option<&str>>, out: &mut Output) {
    let groups = known_groups(sim);
    let ids: Vec<String> = map_order(groups.iter().map(|g| g.group_id.clone()).collect());
    if state.is_none() && type_.is_none() {
        for id in ids {
            out.out(&id);
        }
        return;
    }
    let (types, states) = match (filter(type_.flatten(), types), filter(state.flatten(), states)) {
        (Ok(t), Ok(s)) => (t, s),
        (Err(e), _) | (_, Err(e)) => return out.fail(&e),
    };
    // Every simulated group is a classic group.
    let shown: Vec<(&str, &str)> = ids
        .iter()
        .filter_map(|id| groups.iter().find(|g| &g.group_id == id))
        .filter(|g| states.is_empty() || states.contains(&g.state.name()))
        .filter(|_| types.is_empty() || types.contains(&"Classic"))
        .map(|g| (g.group_id.as_str(), g.state.name()))
        .collect();
    let w = shown.iter().map(|(id, _)| id.chars().count().max(15)).max().unwrap_or(15) + 10;
    let line = |id: &str, ty: &str, st: &str| {
        let mut s = format!("{id:<w$}");
        if type_.is_some() {
            s += &format!(" {ty:<20}");
        }
        if state.is_some() {
            s += &format!(" {st:<20}");
        }
        s
    };
    out.out(&line("GROUP", "TYPE", "STATE"));
    for (id, st) in shown {
        out.out(&line(id, "Classic", st));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_lists_parse_like_java() {
        assert_eq!(states("stable, Empty"), Ok(vec!["Stable", "Empty"]));
        assert_eq!(states(","), Ok(vec![]));
        assert!(states("Bogus").unwrap_err().starts_with("Invalid state list 'Bogus'. Valid states are: "));
        assert!(states(",Stable").is_err());
        assert_eq!(types("CLASSIC"), Ok(vec!["Classic"]));
        assert_eq!(types("x").unwrap_err(), "Invalid types list 'x'. Valid types are: Consumer, Classic, Share");
    }
}
