//! The coordinator runs against a fake [`OffsetsLog`]: no broker involved.

use super::{offsets_partition, GroupCoordinator, OffsetsLog};
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::group::{JoinGroupRequest, JoinProtocol, CONSUMER_PROTOCOL_TYPE};
use crate::sim::messages::{ClientNodeId, ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, Effect};
use crate::sim::record::Record;
use crate::sim::time::SimTime;
use crate::vecmap::VecMap;

/// One offsets partition, led by broker 7 if `leads`; the HW follows the LEO when `acks_at_once`.
#[derive(Default)]
struct FakeLog {
    leads: bool,
    acks_at_once: bool,
    log: Vec<Record>,
    hw: Offset,
}

impl OffsetsLog for FakeLog {
    fn broker_id(&self) -> BrokerId {
        BrokerId(7)
    }
    fn offsets_partitions(&self) -> Option<u32> {
        Some(1)
    }
    fn metadata_leader(&self, _: &TopicPartition) -> Option<BrokerId> {
        self.leads.then_some(BrokerId(7))
    }
    fn led_epoch(&self, _: &TopicPartition) -> Option<LeaderEpoch> {
        self.leads.then_some(LeaderEpoch(0))
    }
    fn led_offsets_partitions(&self) -> Vec<(TopicPartition, LeaderEpoch)> {
        self.leads.then(|| (offsets_partition("g", 1), LeaderEpoch(0))).into_iter().collect()
    }
    fn records(&self, _: &TopicPartition) -> Vec<Record> {
        self.log.clone()
    }
    fn log_end_offset(&self, _: &TopicPartition) -> Option<Offset> {
        Some(self.log.len() as Offset)
    }
    fn high_watermark(&self, _: &TopicPartition) -> Option<Offset> {
        Some(self.hw)
    }
    fn append(&mut self, _: &mut Ctx, _: &TopicPartition, records: Vec<Record>) -> bool {
        self.log.extend(records);
        self.leads
    }
    fn advance_high_watermark(&mut self, _: &mut Ctx, _: &TopicPartition) -> bool {
        let moved = self.acks_at_once && self.hw != self.log.len() as Offset;
        if moved {
            self.hw = self.log.len() as Offset;
        }
        moved
    }
}

fn join(member_id: &str) -> Message {
    Message::JoinGroup(Box::new(JoinGroupRequest {
        group: "g".into(),
        client_id: "c".into(),
        member_id: member_id.into(),
        group_instance_id: None,
        session_timeout_ms: 45_000,
        rebalance_timeout_ms: 300_000,
        protocol_type: CONSUMER_PROTOCOL_TYPE.into(),
        protocols: vec![JoinProtocol { name: "range".into(), metadata: Default::default() }],
    }))
}

fn join_error(ctx: &Ctx) -> Option<ErrorCode> {
    ctx.effects.iter().find_map(|e| match e {
        Effect::Send { msg: Message::JoinGroupResponse(r), .. } => r.error,
        _ => None,
    })
}

const CLIENT: NodeId = NodeId::Client(ClientNodeId(1));

#[test]
fn a_new_member_gets_an_id_from_the_hosting_broker() {
    let (mut c, mut log, mut ctx) =
        (GroupCoordinator::default(), FakeLog { leads: true, ..FakeLog::default() }, Ctx::new(SimTime::ZERO));
    c.handle_message(&mut ctx, &mut log, CLIENT, join(""));
    assert_eq!(join_error(&ctx), Some(ErrorCode::MemberIdRequired));
    assert!(c.groups["g"].pending_members.contains("c-b7-1"), "{:?}", c.groups["g"].pending_members);
}

#[test]
fn a_broker_that_does_not_lead_the_partition_is_not_the_coordinator() {
    let (mut c, mut log, mut ctx) = (GroupCoordinator::default(), FakeLog::default(), Ctx::new(SimTime::ZERO));
    c.handle_message(&mut ctx, &mut log, CLIENT, join(""));
    assert_eq!(join_error(&ctx), Some(ErrorCode::NotCoordinator));
    assert!(c.groups.is_empty() && log.log.is_empty());
}

#[test]
fn an_offset_commit_is_answered_once_its_record_is_below_the_hw() {
    let commit = |member| Message::OffsetCommit {
        correlation_id: 5,
        member: Box::new(crate::sim::messages::MemberFields {
            group: "g".into(),
            generation: -1,
            member_id: member,
            group_instance_id: None,
        }),
        offsets: vec![(TopicPartition::new("t", 0), 42)],
        leader_epochs: VecMap::new(),
    };
    let answered = |ctx: &Ctx| {
        ctx.effects.iter().any(|e| matches!(e, Effect::Send { msg: Message::OffsetCommitResponse { .. }, .. }))
    };
    for acks_at_once in [false, true] {
        let mut c = GroupCoordinator::default();
        let mut log = FakeLog { leads: true, acks_at_once, ..FakeLog::default() };
        let mut ctx = Ctx::new(SimTime::ZERO);
        c.handle_message(&mut ctx, &mut log, CLIENT, commit(String::new()));
        assert_eq!(log.log.len(), 1, "one offset record appended");
        assert_eq!(answered(&ctx), acks_at_once);
        let cached = c.groups.get("g").and_then(|g| g.offsets.get(&TopicPartition::new("t", 0)).copied());
        assert_eq!(cached, acks_at_once.then_some(42));
    }
}
