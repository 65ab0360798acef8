//! Reading a handler's recorded effects (`tests/effects_*.rs`): each test
//! builds one node, feeds it one input through `Ctx::new(now)` and asserts the
//! exact effects. Trace lines are read only through [`traces`], so the move to
//! typed trace events changes this one function.

use kafkasim::sim::messages::{Message, NodeId};
use kafkasim::sim::node::{Effect, Observation, TimerKind};
use kafkasim::sim::time::SimDuration;

/// The trace lines the handler wrote, as English text, in order.
pub fn traces(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Trace { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Every effect but the trace lines, in order (compared whole, with `assert_eq!`).
pub fn without_traces(effects: &[Effect]) -> Vec<Effect> {
    effects.iter().filter(|e| !matches!(e, Effect::Trace { .. })).cloned().collect()
}

/// The messages sent, in order.
pub fn sends(effects: &[Effect]) -> Vec<(NodeId, Message)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

/// The timers set, in order.
pub fn timers(effects: &[Effect]) -> Vec<(TimerKind, SimDuration)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SetTimer { kind, after } => Some((kind.clone(), *after)),
            _ => None,
        })
        .collect()
}

/// The observations reported to the ledger, in order.
pub fn observations(effects: &[Effect]) -> Vec<Observation> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Observe(o) => Some(o.clone()),
            _ => None,
        })
        .collect()
}
