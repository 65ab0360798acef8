//! Reading a handler's recorded effects (`tests/effects_*.rs`): each test
//! builds one node, feeds it one input through `Ctx::new(now)` and asserts the
//! exact effects. Trace lines are read only through [`traces`], so the move to
//! typed trace events changes this one function.

use super::{seconds, Cluster};
use kafkasim::sim::coordinator::offsets_partition;
use kafkasim::sim::ids::{BrokerId, ClientId};
use kafkasim::sim::messages::{ClientNodeId, Message, NodeId};
use kafkasim::sim::node::{Effect, Observation, TimerKind};
use kafkasim::sim::time::SimDuration;

/// The trace events the handler recorded, rendered as English text, in order.
pub fn traces(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Trace(event) => Some(kafkasim::i18n::trace::render(event, kafkasim::i18n::Lang::En)),
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

/// A quiet three-broker cluster for handler tests: `t-0` on all three (min
/// ISR 2); producers `p0` (`linger.ms=0`) and `p5` (`linger.ms=5`) that each
/// sent one record (so they know `t`'s metadata); consumer `c1` of group `g`
/// Stable; run 40 s more, so every deadline timer has fired and followers
/// sit parked in the leader's fetch purgatory. Then consumer `c2` of group `h`
/// is started (it has sent its Metadata request, nothing else yet).
pub fn quiet_cluster() -> Cluster {
    let mut c = Cluster::new(5, 3);
    c.create_topic("t", 1, 3, &[("min.insync.replicas", "2")]);
    c.producer("p0", &[("linger.ms", "0"), ("acks", "all")]);
    c.producer("p5", &[("linger.ms", "5")]);
    c.send_to("p0", "t", 0, "a");
    c.send_to("p5", "t", 0, "b");
    c.consumer("c1", "g", &["t"], "range", &[]);
    c.run_for(seconds(40));
    c.consumer("c2", "h", &["t"], "range", &[]);
    c
}

/// The client node of `id`.
pub fn client(c: &Cluster, id: &str) -> ClientNodeId {
    c.sim.client_ids()[&ClientId(id.to_string())]
}

/// The broker coordinating `group` (leader of its `__consumer_offsets` partition).
pub fn coordinator_of(c: &Cluster, group: &str) -> BrokerId {
    let tp = offsets_partition(group, c.sim.config().broker.offsets_topic_num_partitions);
    c.sim.controller().image.partition(&tp).and_then(|p| p.leader).expect("coordinator elected")
}

/// The first message sent of the kind `pick` accepts.
pub fn first_sent(effects: &[Effect], pick: impl Fn(&Message) -> bool) -> Message {
    sends(effects).into_iter().map(|(_, m)| m).find(|m| pick(m)).expect("message sent")
}
