//! Metadata, positions and fetching (`ConsumerMetadata`, `OffsetFetcher`,
//! `Fetcher`/`FetchCollector`, `SubscriptionState`).
//!
//! A newly assigned partition has no position: the consumer asks the
//! coordinator for the group's committed offset (OffsetFetch); without one
//! `auto.offset.reset` applies — `earliest` and `latest` ask the leader
//! (ListOffsets), `none` leaves the partition without a position
//! (`NoOffsetForPartitionException`). `OFFSET_OUT_OF_RANGE` resets the same way.
//! Fetches go to each leader for partitions with a position and an empty
//! buffer; leadership errors refresh the metadata.

use super::config::OffsetReset;
use super::Consumer;
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicName, TopicPartition};
use crate::sim::messages::{ErrorCode, FetchPartition, FetchPartitionResponse, Message, NodeId, PartitionMetadata};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;

impl Consumer {
    pub(crate) fn request_metadata(&mut self, ctx: &mut Ctx) {
        if self.metadata_in_flight || self.bootstrap.is_empty() {
            return;
        }
        self.metadata_in_flight = true;
        self.next_correlation += 1;
        let b = self.next_bootstrap();
        ctx.send(
            NodeId::Broker(b),
            Message::Metadata { correlation_id: self.next_correlation, topics: self.metadata_topics() },
        );
        ctx.set_timer(TimerKind::MetadataTimeout(0), ms(1_000));
    }

    pub(crate) fn on_metadata(
        &mut self,
        ctx: &mut Ctx,
        correlation_id: u64,
        topics: Vec<(TopicName, Option<Vec<PartitionMetadata>>)>,
    ) {
        self.metadata_in_flight = false;
        ctx.cancel_timer(TimerKind::MetadataTimeout(0));
        let before: VecMap<TopicName, u32> = self.metadata.iter().map(|(t, p)| (t.clone(), p.len() as u32)).collect();
        for (t, parts) in topics {
            match parts {
                Some(p) => self.metadata.insert(t, p),
                None => self.metadata.remove(&t),
            };
        }
        let missing = self.topics.iter().any(|t| !self.metadata.contains_key(t));
        let after: VecMap<TopicName, u32> = self.metadata.iter().map(|(t, p)| (t.clone(), p.len() as u32)).collect();
        let assigned_now = self.leader_metadata_arrived(ctx, correlation_id);
        if before != after && self.generation >= 0 && !assigned_now {
            // The leader notices a partition-count change and triggers a rebalance.
            self.rejoin_needed = true;
        }
        if missing {
            ctx.set_timer(TimerKind::MetadataTimeout(0), ms(self.config.retry_backoff_ms.max(100)));
            self.metadata_in_flight = true;
        }
        self.send_fetches(ctx);
    }

    /// A fetch failed on a dead connection: the disconnect may be the result
    /// of stale metadata (`DefaultMetadataUpdater.handleServerDisconnect`),
    /// so the metadata is refreshed, after `retry.backoff.ms`
    /// (`Metadata.refreshBackoffMs`), and the next fetch goes to the leader it
    /// names — the new one once the controller fenced the dead broker.
    pub(crate) fn refresh_metadata_after_backoff(&mut self, ctx: &mut Ctx) {
        if self.metadata_in_flight {
            return;
        }
        self.metadata_in_flight = true;
        ctx.set_timer(TimerKind::MetadataTimeout(0), ms(self.config.retry_backoff_ms));
    }

    /// The broker of a parked fetch died (`ConnectionClosed`): the fetch failed.
    pub(crate) fn on_fetch_connection_closed(&mut self, ctx: &mut Ctx, from: NodeId) {
        let NodeId::Broker(b) = from else { return };
        if self.fetch_in_flight.remove(&b).is_some() {
            ctx.trace(TraceEvent::FetchConnectionClosed { consumer: self.name().to_string(), broker: b });
            self.refresh_metadata_after_backoff(ctx);
        }
    }

    fn leader_of(&self, tp: &TopicPartition) -> Option<(BrokerId, LeaderEpoch)> {
        let p = self.metadata.get(&tp.topic)?.get(tp.partition as usize)?;
        Some((p.leader?, p.leader_epoch))
    }

    /// OffsetFetch for partitions without a position.
    pub(crate) fn resolve_positions(&mut self, ctx: &mut Ctx) {
        let need: Vec<TopicPartition> = self
            .assigned
            .iter_mut()
            .filter(|(_, a)| a.position.is_none() && !a.resolving && !a.no_offset)
            .map(|(tp, a)| {
                a.resolving = true;
                tp.clone()
            })
            .collect();
        if need.is_empty() || self.coordinator.is_none() {
            for tp in &need {
                self.assigned.get_mut(tp).expect("assigned").resolving = false;
            }
            return;
        }
        let msg = Message::OffsetFetch { group: self.group().into(), partitions: need };
        self.send_to_coordinator(ctx, msg);
    }

    /// OffsetFetch answered; `epochs` are the committed offsets' leader epochs
    /// (`ConsumerUtils.refreshCommittedOffsets` seeks to offset and epoch).
    pub(crate) fn on_committed_offsets(
        &mut self,
        ctx: &mut Ctx,
        offsets: Vec<(TopicPartition, Offset)>,
        epochs: &VecMap<TopicPartition, LeaderEpoch>,
    ) {
        let mut reset = Vec::new();
        for (tp, o) in offsets {
            let Some(a) = self.assigned.get_mut(&tp) else { continue };
            if a.position.is_some() {
                continue;
            }
            if o >= 0 {
                a.position = Some(o);
                a.offset_epoch = epochs.get(&tp).copied();
                a.resolving = false;
                self.committed.insert(tp.clone(), o);
                let group = self.config.group_id.clone();
                ctx.observe(Observation::PositionInitialized {
                    group: group.into(),
                    consumer: self.node,
                    tp,
                    offset: o,
                    committed: true,
                });
            } else {
                reset.push(tp);
            }
        }
        self.reset_offsets(ctx, reset);
        self.send_fetches(ctx);
    }

    /// `auto.offset.reset` for partitions with no valid position.
    fn reset_offsets(&mut self, ctx: &mut Ctx, tps: Vec<TopicPartition>) {
        let ts: i64 = match self.config.auto_offset_reset {
            OffsetReset::Earliest => -2,
            OffsetReset::Latest => -1,
            // `AutoOffsetResetStrategy.timestamp()`: now − duration, by record timestamp.
            OffsetReset::ByDuration(d) => ctx.now_ms().saturating_sub(d).min(i64::MAX as u64) as i64,
            OffsetReset::None => return self.no_offset_for(ctx, tps),
        };
        let mut by_leader: VecMap<BrokerId, Vec<(TopicPartition, i64)>> = VecMap::new();
        for tp in tps {
            match self.leader_of(&tp) {
                Some((l, _)) => by_leader.entry(l).or_default().push((tp, ts)),
                None => {
                    if let Some(a) = self.assigned.get_mut(&tp) {
                        a.resolving = false;
                    }
                    self.request_metadata(ctx);
                }
            }
        }
        for (l, partitions) in by_leader {
            ctx.send(NodeId::Broker(l), Message::ListOffsets { partitions });
            // Simplification: a lost ListOffsets is retried through the coordinator timeout.
            ctx.set_timer(TimerKind::CoordinatorTimeout, ms(self.config.request_timeout_ms));
        }
    }

    /// `SubscriptionState.resetInitializingPositions` with the `none` policy:
    /// one `NoOffsetForPartitionException` names every such partition.
    fn no_offset_for(&mut self, ctx: &mut Ctx, tps: Vec<TopicPartition>) {
        let mut none: Vec<TopicPartition> = Vec::new();
        for tp in tps {
            if let Some(a) = self.assigned.get_mut(&tp) {
                a.no_offset = true;
                a.resolving = false;
                none.push(tp);
            }
        }
        if none.is_empty() {
            return;
        }
        none.sort();
        let names: Vec<String> = none.iter().map(TopicPartition::to_string).collect();
        let message = format!("Undefined offset with no reset policy for partitions: [{}]", names.join(", "));
        ctx.trace(TraceEvent::NoOffsetForPartition {
            consumer: self.config.client_id.clone(),
            partitions: none.clone(),
        });
        self.no_offset_error =
            Some(format!("org.apache.kafka.clients.consumer.NoOffsetForPartitionException: {message}"));
    }

    pub(crate) fn on_list_offsets(&mut self, ctx: &mut Ctx, parts: Vec<(TopicPartition, Option<ErrorCode>, Offset)>) {
        for (tp, error, o) in parts {
            let Some(a) = self.assigned.get_mut(&tp) else { continue };
            a.resolving = false;
            if error.is_some() || a.position.is_some() {
                self.request_metadata(ctx);
                continue;
            }
            a.position = Some(o);
            // `OffsetFetcherUtils.resetPositionIfNeeded`: no epoch ("skip validation").
            a.offset_epoch = None;
            let group = self.config.group_id.clone();
            ctx.observe(Observation::PositionInitialized {
                group: group.into(),
                consumer: self.node,
                tp,
                offset: o,
                committed: false,
            });
        }
        self.send_fetches(ctx);
    }

    /// One fetch per leader for partitions with a position, not paused, nothing buffered.
    pub(crate) fn send_fetches(&mut self, ctx: &mut Ctx) {
        let mut by_leader: VecMap<BrokerId, Vec<FetchPartition>> = VecMap::new();
        let mut unknown = false;
        for (tp, a) in &self.assigned {
            let Some(pos) = a.position else { continue };
            if a.paused || !a.buffer.is_empty() {
                continue;
            }
            let Some((leader, epoch)) = self.leader_of(tp) else {
                unknown = true;
                continue;
            };
            by_leader.entry(leader).or_default().push(FetchPartition {
                tp: tp.clone(),
                fetch_offset: pos,
                last_fetched_epoch: LeaderEpoch::UNDEFINED,
                current_leader_epoch: epoch,
            });
        }
        if unknown {
            self.request_metadata(ctx);
        }
        for (leader, partitions) in by_leader {
            if !self.fetch_in_flight.contains_key(&leader) {
                self.fetch_in_flight.insert(leader, ctx.now_ms());
                ctx.send(NodeId::Broker(leader), Message::Fetch { replica: None, partitions });
            }
        }
    }

    /// Fetches unanswered for `request.timeout.ms` are abandoned (checked by the heartbeat thread,
    /// so a fetch costs no timer event).
    pub(crate) fn expire_fetches(&mut self, ctx: &mut Ctx) {
        let limit = self.config.request_timeout_ms;
        let now = ctx.now_ms();
        let before = self.fetch_in_flight.len();
        self.fetch_in_flight.retain(|_, sent| now.saturating_sub(*sent) < limit);
        if self.fetch_in_flight.len() != before {
            self.request_metadata(ctx);
        }
    }

    pub(crate) fn on_fetch_response(&mut self, ctx: &mut Ctx, from: NodeId, parts: Vec<FetchPartitionResponse>) {
        let NodeId::Broker(b) = from else { return };
        self.fetch_in_flight.remove(&b);
        let mut got = false;
        let mut refresh = false;
        let mut reset = Vec::new();
        for r in parts {
            let Some(a) = self.assigned.get_mut(&r.tp) else { continue };
            match r.error {
                Some(ErrorCode::OffsetOutOfRange) if self.config.auto_offset_reset == OffsetReset::None => {
                    let message = out_of_range_message(a.position.unwrap_or(r.fetch_offset), a.offset_epoch, &r.tp);
                    a.no_offset = true;
                    a.position = None;
                    self.no_offset_error = Some(message);
                }
                Some(ErrorCode::OffsetOutOfRange) => {
                    if let Some(position) = a.position {
                        let group = self.config.group_id.as_str().into();
                        ctx.observe(Observation::OutOfRange {
                            group,
                            tp: r.tp.clone(),
                            position,
                            log_start: r.log_start_offset,
                        });
                    }
                    a.position = None;
                    a.offset_epoch = None;
                    a.resolving = true;
                    reset.push(r.tp.clone());
                }
                Some(_) => refresh = true,
                None => {
                    // Kafka drops a fetch whose position changed meanwhile; after
                    // compaction the first record may lie past the position.
                    if a.position == Some(r.fetch_offset) && !r.records.is_empty() && a.buffer.is_empty() {
                        got = true;
                        a.buffer.extend(r.records);
                    }
                }
            }
        }
        if refresh {
            self.request_metadata(ctx);
        }
        self.reset_offsets(ctx, reset);
        if !refresh {
            self.send_fetches(ctx);
        }
        if got && self.processing.is_empty() && !self.stalled {
            // A poll() blocked waiting for records returns as soon as they arrive.
            self.poll(ctx);
        }
    }
}

/// `FetchCollector.handleInitializeErrors` with no reset policy: the
/// `OffsetOutOfRangeException` the application gets from `poll()`.
// Simplification: Kafka prints the whole `FetchPosition` (offset, offset
// epoch and current leader node); KafkaSim prints its offset and epoch.
fn out_of_range_message(position: Offset, epoch: Option<LeaderEpoch>, tp: &TopicPartition) -> String {
    let epoch = epoch.map_or_else(|| "Optional.empty".to_string(), |e| format!("Optional[{e}]"));
    format!(
        "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{{offset={position}, offsetEpoch={epoch}}} is out of range for partition {tp}"
    )
}
