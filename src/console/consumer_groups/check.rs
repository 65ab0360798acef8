//! The option checks of `ConsumerGroupCommandOptions.checkArgs` (Kafka 4.0),
//! in its order, then `main`'s one-action check. Every error is a usage
//! error (stderr, exit 1).

use super::{joined, spec_set, SCENARIOS};
use crate::console::args::Parsed;
use crate::console::output::Output;

const ACTIONS: [&str; 6] = ["list", "describe", "delete", "reset-offsets", "delete-offsets", "validate-regex"];

/// The missing `--dry-run`/`--execute` WARN (4.0 `ConsumerGroupCommandOptions`
/// l.260-263: the sentences are joined with a space).
pub(super) const NO_EXECUTE_WARN: &str = "WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.";

/// jopt's `availableIf` checks (made while parsing, before `checkArgs`).
fn available_if(p: &Parsed) -> Result<(), String> {
    for (sub, allowed) in [
        ("members", &["describe"][..]),
        ("verbose", &["describe"]),
        ("offsets", &["describe"]),
        ("state", &["describe", "list"]),
        ("type", &["list"]),
    ] {
        if p.has(sub) && !allowed.iter().any(|a| p.has(a)) {
            return Err(format!("Option(s) [{sub}] are unavailable given other options on the command line"));
        }
    }
    Ok(())
}

/// `checkArgs` and the action count of `main`, in their order.
pub(super) fn check(p: &Parsed, words: &[String], out: &mut Output) -> Result<(), String> {
    if words.is_empty() || p.has("help") {
        return Err("This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.".into());
    }
    available_if(p)?;
    if !p.has("validate-regex") && !p.has("bootstrap-server") {
        return Err("Missing required argument \"[bootstrap-server]\"".into());
    }
    let scope = ["group", "all-groups"];
    let has_scope = p.has("group") || p.has("all-groups");
    if p.has("describe") {
        if !has_scope {
            return Err(format!("Option [describe] takes one of these options: {}", joined(&scope)));
        }
        if ["members", "offsets", "state"].iter().filter(|o| p.has(o)).count() > 1 {
            return Err("Option [describe] takes at most one of these options: [members], [offsets], [state]".into());
        }
        if p.value("state").is_some() {
            return Err("Option [describe] does not take a value for [state]".into());
        }
    }
    if p.has("delete") {
        if !has_scope {
            return Err(format!("Option [delete] takes one of these options: {}", joined(&scope)));
        }
        if p.has("topic") {
            return Err("The consumer does not support topic-specific offset deletion from a consumer group.".into());
        }
    }
    if p.has("delete-offsets") && (!p.has("group") || !p.has("topic")) {
        return Err(format!("Option [delete-offsets] takes the following options: {}", joined(&["group", "topic"])));
    }
    if p.has("reset-offsets") {
        check_reset(p, out, has_scope)?;
    }
    if p.has("group") {
        if p.has("all-groups") {
            return Err("Option \"[group]\" can't be used with option \"[all-groups]\"".into());
        }
        if p.has("list") {
            return Err("Option \"[group]\" can't be used with option \"[list]\"".into());
        }
    }
    if p.has("topic") {
        if let Some(o) = spec_set(&["list", "describe"]).into_iter().find(|o| p.has(o)) {
            return Err(format!("Option \"[topic]\" can't be used with option \"[{o}]\""));
        }
    }
    if ACTIONS.iter().filter(|a| p.has(a)).count() != 1 {
        return Err("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex".into());
    }
    Ok(())
}

fn check_reset(p: &Parsed, out: &mut Output, has_scope: bool) -> Result<(), String> {
    if p.has("dry-run") && p.has("execute") {
        return Err("Option [reset-offsets] only accepts one of [execute] and [dry-run]".into());
    }
    if !p.has("dry-run") && !p.has("execute") {
        out.err(NO_EXECUTE_WARN);
    }
    if !has_scope {
        return Err(format!("Option [reset-offsets] takes one of these options: {}", joined(&["group", "all-groups"])));
    }
    // The `checkInvalidArgs` calls, in their order.
    let order =
        ["to-offset", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "shift-by", "from-file"];
    for s in order {
        if p.has(s) {
            let others: Vec<&'static str> = SCENARIOS.iter().copied().filter(|o| *o != s).collect();
            if let Some(o) = spec_set(&others).into_iter().find(|o| p.has(o)) {
                return Err(format!("Option \"[{s}]\" can't be used with option \"[{o}]\""));
            }
        }
    }
    Ok(())
}
