//! The running console consumer: `ConsoleConsumer.process` as a process the
//! console polls.
//!
//! A [`Process`] is started once the options are checked. Each
//! [`Process::poll`] drains what the consumer delivered since the last poll
//! (the core's [`crate::sim::deliveries`] drain, so the work is linear in the
//! records delivered), prints it with the formatter and says whether the tool
//! goes on. [`Process::finish`] closes the consumer and prints
//! `Processed a total of N messages`.
//!
//! Lifetime ([`Mode`]):
//! - **Script** (`kafkasim console`, scripts, lessons): the console polls it
//!   every 20 simulated ms until `--max-messages`, `--timeout-ms`, a fatal
//!   error, or caught up and idle for 1 s. Simplification: the real tool
//!   reads until Ctrl-C; in a script that would hang. A busy topic is capped:
//!   at [`MAX_RECORDS`] messages, [`crate::console::budget::LINE_EVENT_BUDGET`]
//!   events or 10 simulated minutes the tool stops with a `KafkaSim:` note.
//! - **Foreground** (the browser console): the page polls it after every
//!   animation frame, so records appear as the simulation plays; it ends at
//!   `--max-messages`, `--timeout-ms`, a fatal error or Ctrl-C/Esc/stop.
//!   One poll prints at most [`FRAME_LINES`] records (the rest are counted
//!   and noted).

use super::format::Formatter;
use crate::console::budget::Budget;
use crate::console::output::Output;
use crate::sim::ids::{Offset, TopicPartition};
use crate::sim::messages::{ClientNodeId, NodeId};
use crate::sim::record::Record;
use crate::sim::simulation::Simulation;
use crate::sim::time::{ms, SimTime};

const LOGGER: &str = "org.apache.kafka.tools.consumer.ConsoleConsumer";
/// How often a script-mode tool looks at what the consumer received (simulated).
pub(super) const STEP_MS: u64 = 20;
/// Caught up and idle this long ends a script-mode tool (instead of Ctrl-C).
// Simplification: the real tool reads until Ctrl-C; a script would hang
// (docs/simplifications.md, "Console consumer").
const IDLE_MS: u64 = 1000;
/// A script-mode tool that never catches up still stops after this long.
const MAX_RUN_MS: u64 = 600_000;
/// Most messages one script-mode console line prints.
// Simplification: the caps (messages, events, 10 minutes) bound a busy
// topic's work per line; the real tool prints on (docs/console.md).
pub const MAX_RECORDS: u64 = 10_000;
/// Most records one foreground poll (one animation frame) prints.
pub const FRAME_LINES: usize = 500;

/// How the tool runs (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Script,
    Foreground,
    /// A shared run rebuilt: the foreground tool prints but does not end by
    /// itself (the run's journal says when it ended).
    Replay,
}

/// Where an assigned read starts.
#[derive(Clone, Copy, Debug)]
pub(super) enum Start {
    Earliest,
    Latest,
    At(i64),
}

/// What the tool reads from.
#[derive(Clone, Debug)]
pub(super) enum Source {
    /// `subscribe()`: a simulated group member whose deliveries are kept.
    Group { client_id: String, node: ClientNodeId },
    /// `assign()`: one partition read from its leader's log; the position is
    /// set once the partition has a leader.
    Assigned { tp: TopicPartition, start: Start, position: Option<Offset> },
}

/// A running `kafka-console-consumer`.
#[derive(Clone, Debug)]
pub struct Process {
    formatter: Formatter,
    max_messages: Option<u64>,
    timeout_ms: Option<u64>,
    source: Source,
    /// Messages received (`messageCount`), printed or counted past a cap.
    count: u64,
    last_record: SimTime,
    caught_up_since: Option<SimTime>,
    started: SimTime,
    budget: Budget,
}

impl Process {
    pub(super) fn new(
        sim: &Simulation,
        formatter: Formatter,
        max_messages: Option<u64>,
        timeout_ms: Option<u64>,
        source: Source,
    ) -> Process {
        Process {
            formatter,
            max_messages,
            timeout_ms,
            source,
            count: 0,
            last_record: sim.now(),
            caught_up_since: None,
            started: sim.now(),
            budget: Budget::line(sim),
        }
    }

    /// Prints what arrived since the last poll; false when the tool ends.
    pub fn poll(&mut self, sim: &mut Simulation, out: &mut Output, mode: Mode) -> bool {
        let (records, unseen) = self.receive(sim);
        let limit = if mode == Mode::Script { usize::MAX } else { FRAME_LINES };
        let (mut shown, mut hidden) = (0usize, 0u64);
        for (tp, r) in &records {
            if self.full() || (mode == Mode::Script && self.count >= MAX_RECORDS) {
                break;
            }
            if shown < limit {
                let text = self.formatter.format(tp, r);
                if !text.is_empty() {
                    out.out(text.strip_suffix('\n').unwrap_or(&text));
                }
                shown += 1;
            } else {
                hidden += 1;
            }
            self.count += 1;
            self.last_record = sim.now();
        }
        let room = self.max_messages.map_or(u64::MAX, |m| m.saturating_sub(self.count));
        let unseen = unseen.min(room);
        if unseen > 0 {
            self.count += unseen;
            self.last_record = sim.now();
        }
        if hidden + unseen > 0 {
            let why =
                if unseen > 0 { "the buffer was full".to_string() } else { format!("at most {FRAME_LINES} per frame") };
            out.err(&format!("KafkaSim: {} more messages received but not shown ({why})", hidden + unseen));
        }
        if mode == Mode::Replay {
            return true;
        }
        if self.full() {
            return false;
        }
        if self.fatal(sim, out) {
            return false;
        }
        if let Some(t) = self.timeout_ms {
            if sim.now().0 - self.last_record.0 >= t.saturating_mul(1000) {
                out.log(sim.now(), "ERROR", "Error processing message, terminating consumer process: ", LOGGER);
                out.err("org.apache.kafka.common.errors.TimeoutException");
                return false;
            }
        }
        mode == Mode::Foreground || self.script_goes_on(sim, out)
    }

    /// `--max-messages` reached.
    fn full(&self) -> bool {
        self.max_messages.is_some_and(|m| self.count >= m)
    }

    /// Script mode: idle once caught up (without `--timeout-ms`), and the caps.
    fn script_goes_on(&mut self, sim: &Simulation, out: &mut Output) -> bool {
        if self.timeout_ms.is_none() {
            let idle = match &self.source {
                Source::Group { node, .. } => {
                    if caught_up(sim, *node) {
                        let since = *self.caught_up_since.get_or_insert(sim.now());
                        sim.now().0 - since.0 >= IDLE_MS * 1000
                    } else {
                        self.caught_up_since = None;
                        false
                    }
                }
                Source::Assigned { .. } => sim.now().0 - self.last_record.0 >= IDLE_MS * 1000,
            };
            if idle {
                return false;
            }
        }
        let cap = if self.count >= MAX_RECORDS {
            format!("{MAX_RECORDS} messages")
        } else if self.budget.exhausted(sim) {
            format!("{} simulated events", self.budget.spent(sim))
        } else if sim.now().0 - self.started.0 >= MAX_RUN_MS * 1000 {
            "10 simulated minutes".into()
        } else {
            return true;
        };
        out.err(&format!(
            "KafkaSim: stopped after {cap}, the most one console line runs (the real tool reads until Ctrl-C; use --max-messages or --timeout-ms)"
        ));
        false
    }

    /// What arrived since the last poll, and how many more were not kept.
    fn receive(&mut self, sim: &mut Simulation) -> (Vec<(TopicPartition, Record)>, u64) {
        let room = self.max_messages.map_or(u64::MAX, |m| m.saturating_sub(self.count)).min(MAX_RECORDS);
        match &mut self.source {
            Source::Group { node, .. } => {
                let d = sim.take_deliveries(*node);
                (d.records, d.dropped)
            }
            Source::Assigned { tp, start, position } => {
                let Some((log_start, hw)) = log_range(sim, tp) else { return (Vec::new(), 0) };
                let from = *position.get_or_insert_with(|| match *start {
                    Start::Earliest => log_start,
                    Start::Latest => hw,
                    // Out of range: reset to the end (auto.offset.reset=latest). The
                    // "Resetting offset" line is INFO, and the tools log at WARN
                    // (Kafka's config/tools-log4j2.yaml), so nothing is printed.
                    Start::At(o) if o > hw || o < log_start => hw,
                    Start::At(o) => o,
                });
                let until = hw.min(from.saturating_add(room.min(i64::MAX as u64) as i64));
                let records = leader_log(sim, tp).map(|l| l.read(from, until, u32::MAX)).unwrap_or_default();
                if let Some(r) = records.last() {
                    *position = Some(r.offset + 1);
                }
                (records.into_iter().map(|r| (tp.clone(), r)).collect(), 0)
            }
        }
    }

    /// A fatal error `poll()` throws: the group's (`INCONSISTENT_GROUP_PROTOCOL`,
    /// ...) or `NoOffsetForPartitionException` (`auto.offset.reset=none`).
    fn fatal(&self, sim: &Simulation, out: &mut Output) -> bool {
        let Source::Group { node, .. } = &self.source else { return false };
        let Some(c) = sim.consumers().get(node) else { return false };
        let exception = if let Some(e) = c.fatal_error {
            let (class, message) = e.exception();
            format!("{class}: {message}")
        } else {
            let missing: Vec<TopicPartition> =
                c.assigned.iter().filter(|(_, a)| a.no_offset).map(|(tp, _)| tp.clone()).collect();
            if missing.is_empty() {
                return false;
            }
            no_offset_exception(&missing)
        };
        out.log(sim.now(), "ERROR", "Error processing message, terminating consumer process: ", LOGGER);
        out.err(&exception);
        true
    }

    /// Closes the consumer and prints the count. A script waits for the
    /// close (commit, LeaveGroup); the foreground returns at once and the
    /// close proceeds as the simulation plays.
    pub fn finish(self, sim: &mut Simulation, out: &mut Output, mode: Mode) {
        if let Source::Group { client_id, node } = &self.source {
            let node = *node;
            sim.forget_deliveries(node);
            let _ = sim.apply(crate::sim::commands::Command::Consumer(crate::sim::commands::ConsumerCommand::Stop {
                client_id: client_id.clone(),
            }));
            if mode == Mode::Script {
                sim.run_until_condition(ms(30_000), |s| s.consumers().get(&node).is_none_or(|c| c.closed));
                // The LeaveGroup reaches the coordinator: the member is gone from the group.
                sim.run_until_condition(ms(5_000), |s| !in_a_group(s, node));
            }
        }
        out.err(&format!("Processed a total of {} messages", self.count));
    }
}

/// `NoOffsetForPartitionException(Collection)`: the partitions in the
/// `HashSet` order `SubscriptionState.resetInitializingPositions` builds.
fn no_offset_exception(partitions: &[TopicPartition]) -> String {
    use crate::console::java::{hashmap_order, topic_partition_hash};
    let order = hashmap_order(partitions, |tp| topic_partition_hash(&tp.topic.0, tp.partition), 16);
    let names: Vec<String> = order.iter().map(ToString::to_string).collect();
    format!(
        "org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [{}]",
        names.join(", ")
    )
}

fn in_a_group(sim: &Simulation, node: ClientNodeId) -> bool {
    let member = |b: &crate::sim::broker::Broker| {
        b.coordinated_groups().any(|g| g.members.values().any(|m| m.client == NodeId::Client(node)))
    };
    sim.brokers().keys().any(|b| sim.broker(*b).is_some_and(member))
}

/// Whether the consumer is in the group and has read every assigned
/// partition up to its high watermark.
fn caught_up(sim: &Simulation, node: ClientNodeId) -> bool {
    use crate::sim::client::consumer::JoinState;
    let Some(c) = sim.consumers().get(&node) else { return true };
    if c.join_state != JoinState::Stable || !c.processing.is_empty() {
        return false;
    }
    c.assigned.iter().all(|(tp, a)| {
        let (_, hw) = crate::sim::groups_view::leader_offsets(sim, tp);
        a.buffer.is_empty() && a.position.is_some_and(|p| p >= hw)
    })
}

/// The partition's log on its leader, if it has a running leader.
fn leader_log<'a>(sim: &'a Simulation, tp: &TopicPartition) -> Option<&'a crate::sim::broker::log::PartitionLog> {
    let leader = sim.controller().image.partition(tp).and_then(|p| p.leader)?;
    sim.broker(leader).and_then(|b| b.partitions.get(tp)).map(|p| &p.log)
}

/// The leader's log start offset and high watermark.
fn log_range(sim: &Simulation, tp: &TopicPartition) -> Option<(Offset, Offset)> {
    leader_log(sim, tp).map(|l| (l.log_start_offset(), l.high_watermark()))
}
