//! The producer's connections to brokers: `NetworkClient.ready` and
//! `ClusterConnectionStates` (Kafka 4.0).
//!
//! A node the producer cannot connect to is simply *not ready*:
//! `Sender.sendProducerData` skips it, so its batches stay in the accumulator
//! and no retry is counted; the failed connection asks for a metadata update
//! (`DefaultMetadataUpdater.handleServerDisconnect`: "the disconnect may be
//! the result of stale metadata"), and the node is retried after
//! `reconnect.backoff.ms`, doubling up to `reconnect.backoff.max.ms`. Once the
//! dead leader is fenced the metadata names a new leader and the batches go
//! there. Only requests that were in flight on an established connection fail
//! with the retriable `NetworkException` (`Sender.java`, `canRetry`).
//!
//! The states, per broker:
//! - *unproven* (no entry): never heard from, or backing off is over. For
//!   `acks` 1 and all the next `Produce` opens the connection as it goes (the
//!   simulated handshake costs nothing); a `ConnectionRefused` for it means the
//!   request was never sent, so its batches return to the accumulator as they
//!   were. `acks=0` has no response to prove the connection, so it opens one
//!   with `ApiVersions` first (`NetworkClient` always does) and sends records
//!   only on a ready connection: an `acks=0` record "completes" when it is
//!   written to an established connection, never when the connection failed.
//! - *connecting*: the `ApiVersions` probe is on its way (`acks=0` only).
//! - *ready*: the broker answered on this connection.
//! - *backoff*: the connection failed; not ready until the backoff ends.
//!
//! Simplification: no reconnect jitter (Kafka adds ±20 %), and metadata
//! requests open their connections implicitly (their refusals already retry
//! after `reconnect.backoff.ms`).

use super::{retry_backoff, Producer, ProducerBatch};
use crate::sim::ids::BrokerId;
use crate::sim::messages::acks::Acks;
use crate::sim::messages::{Message, NodeId};
use crate::sim::node::{Ctx, TimerKind};
use crate::sim::time::{ms, SimTime};
use crate::sim::trace::TraceEvent;
use serde::{Deserialize, Serialize};

/// Kafka: `reconnect.backoff.ms` (default 50).
pub(super) const RECONNECT_BACKOFF_MS: u64 = 50;

/// Kafka: `socket.connection.setup.timeout.ms` (default 10000): an
/// `ApiVersions` probe to an isolated broker gives up after this.
const CONNECTION_SETUP_TIMEOUT_MS: u64 = 10_000;

/// One broker connection's state (absent: unproven).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Conn {
    Connecting { corr: u64, deadline: SimTime },
    Ready,
    Backoff { until: SimTime, failures: u32 },
}

/// Whether a node can be sent to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Readiness {
    /// Ready; `proven` is false when the request will open the connection.
    Ready { proven: bool },
    /// Not ready; wake again at this time, if one is known.
    NotReady(Option<SimTime>),
}

impl Producer {
    /// `NetworkClient.ready(node)`: may start an `ApiVersions` probe.
    pub(super) fn readiness(&mut self, ctx: &mut Ctx, broker: BrokerId) -> Readiness {
        match self.connections.get(&broker).copied() {
            Some(Conn::Ready) => Readiness::Ready { proven: true },
            Some(Conn::Connecting { .. }) => Readiness::NotReady(None),
            Some(Conn::Backoff { until, .. }) if ctx.now < until => Readiness::NotReady(Some(until)),
            Some(Conn::Backoff { failures, .. }) => self.connect(ctx, broker, failures),
            None => self.connect(ctx, broker, 0),
        }
    }

    fn connect(&mut self, ctx: &mut Ctx, broker: BrokerId, failures: u32) -> Readiness {
        if self.config.acks != Acks::Zero {
            // The Produce itself opens the connection; keep the failure count.
            if failures > 0 {
                self.connections.insert(broker, Conn::Backoff { until: ctx.now, failures });
            } else {
                self.connections.remove(&broker);
            }
            return Readiness::Ready { proven: false };
        }
        let corr = self.next_correlation;
        self.next_correlation += 1;
        let deadline = ctx.now.plus(ms(CONNECTION_SETUP_TIMEOUT_MS));
        self.connections.insert(broker, Conn::Connecting { corr, deadline });
        self.connect_failures.insert(broker, failures);
        ctx.send(NodeId::Broker(broker), Message::ApiVersions { correlation_id: corr });
        self.request_timer.arm(ctx, TimerKind::RequestTimeout, deadline);
        Readiness::NotReady(None)
    }

    /// Any answer from `broker` proves the connection.
    pub(super) fn heard_from(&mut self, broker: BrokerId) {
        self.connections.insert(broker, Conn::Ready);
        self.connect_failures.remove(&broker);
    }

    /// The `ApiVersions` probe with this correlation id, if one is pending.
    pub(super) fn probe_of(&self, corr: u64) -> Option<BrokerId> {
        self.connections.iter().find_map(|(b, c)| match c {
            Conn::Connecting { corr: c, .. } if *c == corr => Some(*b),
            _ => None,
        })
    }

    /// The connection to `broker` failed or broke: back off, refresh metadata.
    pub(super) fn connection_failed(&mut self, ctx: &mut Ctx, broker: BrokerId) {
        if matches!(self.connections.get(&broker), Some(Conn::Backoff { until, .. }) if *until > ctx.now) {
            return; // another refusal of the same failed connection
        }
        let failures = match self.connections.get(&broker) {
            Some(Conn::Backoff { failures, .. }) => *failures,
            Some(Conn::Connecting { .. }) => self.connect_failures.get(&broker).copied().unwrap_or(0),
            _ => 0,
        } + 1;
        self.connect_failures.remove(&broker);
        let backoff = retry_backoff(RECONNECT_BACKOFF_MS as i64, failures);
        let until = ctx.now.plus(ms(backoff));
        self.connections.insert(broker, Conn::Backoff { until, failures });
        if failures == 1 {
            ctx.trace(TraceEvent::ConnectionRefused {
                producer: self.config.client_id.clone(),
                broker,
                backoff_ms: backoff,
            });
        }
        self.request_metadata(ctx);
        self.linger_timer.arm(ctx, TimerKind::Linger, until);
    }

    /// A `Produce` that opened a connection was refused: it was never sent,
    /// so its batches go back to the accumulator as they were (no retry).
    pub(super) fn never_sent(&mut self, batches: Vec<ProducerBatch>) {
        for mut b in batches {
            b.attempts = b.attempts.saturating_sub(1);
            self.requeue(b);
        }
    }

    /// `ApiVersions` probes past `socket.connection.setup.timeout.ms` fail;
    /// returns the earliest remaining probe deadline.
    pub(super) fn expire_probes(&mut self, ctx: &mut Ctx) -> Option<SimTime> {
        let due: Vec<BrokerId> = self
            .connections
            .iter()
            .filter_map(|(b, c)| matches!(c, Conn::Connecting { deadline, .. } if *deadline <= ctx.now).then_some(*b))
            .collect();
        for b in due {
            self.connection_failed(ctx, b);
        }
        self.connections
            .values()
            .filter_map(|c| match c {
                Conn::Connecting { deadline, .. } => Some(*deadline),
                _ => None,
            })
            .min()
    }
}
