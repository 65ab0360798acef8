//! The timers that decide the story, as countdowns the picture can draw.
//!
//! Three of Kafka's timeouts turn a fault into a consequence:
//! - **`broker.session.timeout.ms`** (controller): a broker not heard from for
//!   that long is fenced — out of every ISR, replaced as leader. The session
//!   timer is re-armed by every `BrokerHeartbeat`, so the countdown runs from
//!   the last heartbeat to the instant the timer fires.
//! - **`replica.lag.time.max.ms`** (partition leader): an ISR follower not
//!   caught up for that long is dropped from the ISR by the leader's next
//!   `maybeShrinkIsr` check. The countdown runs from the follower's
//!   `lastCaughtUpTimeMs`; it can reach zero a little before the shrink,
//!   which waits for the periodic check and the controller's commit.
//! - **`session.timeout.ms`** (group coordinator): a member not heard from for
//!   that long is removed and the group rebalances. The coordinator's session
//!   timer per member is re-armed by each heartbeat (and by join, sync and
//!   commit), so the countdown runs from that instant to the timer's firing.
//!
//! Every one of these timers is always running in a healthy cluster, being
//! renewed again and again. A countdown is listed only while it is *running
//! down*: the renewal is overdue. A heartbeat is overdue when more than its
//! interval plus the slowest network latency has passed since the last one
//! arrived (the next would have arrived by then), or at once when the process
//! that sends it is gone. A follower is behind when it is not at the leader's
//! log end and has not been caught up for longer than one follower fetch
//! cycle (`replica.fetch.wait.max.ms` plus a round trip). So a healthy, busy
//! cluster lists none, and each countdown disappears when its consequence
//! happens: the broker is fenced, the ISR shrinks, the member is removed — or
//! when the renewal finally comes.
//!
//! Built every animation frame from the controller's session timers, the
//! leaders' follower state and the coordinators' session timers: a handful of
//! ordered-map lookups, no scan of the event queue.

use super::{ArmedTimer, Simulation};
use crate::sim::ids::{BrokerId, GroupId, TopicPartition};
use crate::sim::messages::NodeId;
use crate::sim::node::TimerKind;
use crate::sim::time::{ms, SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// Which timeout a countdown is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CountdownKind {
    /// The controller's `broker.session.timeout.ms` since the broker's last heartbeat.
    BrokerSession,
    /// The leader's `replica.lag.time.max.ms` since the follower was last caught up.
    ReplicaLag,
    /// The group coordinator's `session.timeout.ms` since the member's last heartbeat.
    ConsumerSession,
}

impl CountdownKind {
    /// The Kafka configuration key the countdown is.
    pub fn config_key(self) -> &'static str {
        match self {
            CountdownKind::BrokerSession => "broker.session.timeout.ms",
            CountdownKind::ReplicaLag => "replica.lag.time.max.ms",
            CountdownKind::ConsumerSession => "session.timeout.ms",
        }
    }
}

/// What a countdown concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CountdownTarget {
    Broker(BrokerId),
    /// A follower replica: partition `tp` on `follower`.
    Replica {
        tp: TopicPartition,
        follower: BrokerId,
    },
    /// A group member, with the client node it joined from.
    Member {
        group: GroupId,
        member_id: String,
        client: NodeId,
    },
}

/// One running countdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countdown {
    pub kind: CountdownKind,
    pub target: CountdownTarget,
    /// When the timeout started counting (the last heartbeat / last caught up).
    pub start: SimTime,
    /// When it runs out: `start` + the configured timeout.
    pub deadline: SimTime,
}

impl Countdown {
    /// Time left at `now` (zero once the deadline has passed).
    pub fn remaining(&self, now: SimTime) -> SimDuration {
        self.deadline.since(now)
    }
}

impl Simulation {
    /// Every countdown running down now: brokers, then replicas, then members.
    pub fn countdowns(&self) -> Vec<Countdown> {
        let mut out = self.broker_session_countdowns();
        out.extend(self.replica_lag_countdowns());
        out.extend(self.member_session_countdowns());
        out
    }

    /// How long after a heartbeat the next one is overdue.
    fn heartbeat_grace(&self, interval_ms: u64) -> SimDuration {
        SimDuration(ms(interval_ms).0 + self.network.config.latency_us_max)
    }

    /// Whether a renewal last made at `set_at` is overdue, or will never come (`gone`).
    fn overdue(&self, set_at: SimTime, interval_ms: u64, gone: bool) -> bool {
        gone || self.now.since(set_at) > self.heartbeat_grace(interval_ms)
    }

    fn broker_session_countdowns(&self) -> Vec<Countdown> {
        let interval = self.config.broker.broker_heartbeat_interval_ms;
        self.controller
            .image
            .brokers
            .iter()
            .filter(|(_, reg)| !reg.fenced)
            .filter_map(|(b, _)| {
                let t = self.armed_timer(NodeId::Controller, &TimerKind::BrokerSession(*b))?;
                let gone = self.broker(*b).is_none();
                let target = CountdownTarget::Broker(*b);
                self.overdue(t.set_at, interval, gone).then(|| countdown(CountdownKind::BrokerSession, target, t))
            })
            .collect()
    }

    fn replica_lag_countdowns(&self) -> Vec<Countdown> {
        let cfg = &self.config.broker;
        let cycle_us = ms(cfg.replica_fetch_wait_max_ms).0 + 2 * self.network.config.latency_us_max;
        let mut out = Vec::new();
        for (tp, state) in self.controller.image.partitions() {
            let Some(leader) = state.leader else { continue };
            let Some(p) = self.broker(leader).and_then(|br| br.partitions.get(&tp)) else { continue };
            let leo = p.log.log_end_offset();
            for (follower, f) in &p.followers {
                let since = SimTime(ms(f.last_caught_up_ms).0);
                let behind = f.leo != leo && self.now.since(since).0 > cycle_us;
                if behind && state.isr.contains(follower) {
                    out.push(Countdown {
                        kind: CountdownKind::ReplicaLag,
                        target: CountdownTarget::Replica { tp: tp.clone(), follower: *follower },
                        start: since,
                        deadline: since.plus(ms(cfg.replica_lag_time_max_ms)),
                    });
                }
            }
        }
        out
    }

    fn member_session_countdowns(&self) -> Vec<Countdown> {
        let mut out = Vec::new();
        for b in self.brokers.keys() {
            let Some(br) = self.broker(*b) else { continue };
            for g in br.coordinated_groups() {
                for m in g.members.values().filter(|m| !m.awaiting_join && !m.awaiting_sync) {
                    let kind = TimerKind::GroupSession(Box::new((g.group_id.clone(), m.member_id.clone())));
                    let Some(t) = self.armed_timer(NodeId::Broker(*b), &kind) else { continue };
                    let process = match m.client {
                        NodeId::Client(c) => self.consumers.get(&c).filter(|c| !c.closed),
                        _ => None,
                    };
                    let interval = process.map_or(0, |c| c.config.heartbeat_interval_ms);
                    if self.overdue(t.set_at, interval, process.is_none()) {
                        let target = CountdownTarget::Member {
                            group: g.group_id.clone(),
                            member_id: m.member_id.clone(),
                            client: m.client,
                        };
                        out.push(countdown(CountdownKind::ConsumerSession, target, t));
                    }
                }
            }
        }
        out
    }
}

fn countdown(kind: CountdownKind, target: CountdownTarget, t: ArmedTimer) -> Countdown {
    Countdown { kind, target, start: t.set_at, deadline: t.due }
}
