//! Representative events of every category in both languages (the Korean
//! texts pinned when the trace was typed, from the former pattern table).

use super::trace::render;
use super::Lang;
use crate::sim::coordinator::group::GroupState;
use crate::sim::ids::{BrokerId, LeaderEpoch, TopicPartition};
use crate::sim::messages::acks::Acks;
use crate::sim::messages::ErrorCode;
use crate::sim::time::SimTime;
use crate::sim::trace::{
    DisruptionCause, LossExplanation, MemberRemoval, PartitionChangeReason as R, RebalanceReason, TraceEvent as E,
};

fn both(e: E, en: &str, ko: &str) {
    assert_eq!(render(&e, Lang::En), en);
    assert_eq!(render(&e, Lang::Ko), ko);
}

fn tp(t: &str, p: u32) -> TopicPartition {
    TopicPartition::new(t, p)
}

fn b(id: u32) -> BrokerId {
    BrokerId(id)
}

fn change(t: TopicPartition, reason: R, leader: Option<(Option<u32>, Option<u32>, i32)>, isr: &[u32]) -> E {
    E::PartitionChanged {
        tp: t,
        reason,
        leader: leader.map(|(o, n, e)| (o.map(BrokerId), n.map(BrokerId), LeaderEpoch(e))),
        isr: isr.iter().map(|i| b(*i)).collect(),
        unclean: false,
        offline: false,
    }
}

#[test]
fn broker_lifecycle() {
    both(E::BrokerCrashed(b(3)), "broker 3 crashed", "브로커 3 장애(크래시)");
    both(E::BrokerStopped(b(2)), "broker 2 stopped", "브로커 2 중지됨");
    both(E::ControlledShutdownBegins(b(2)), "broker 2 begins controlled shutdown", "브로커 2 컨트롤드 셧다운 시작");
    both(
        E::Fenced { broker: b(4), timeout_ms: 9000 },
        "broker 4 missed heartbeats for 9.0 s → fenced",
        "브로커 4: 9.0초 동안 하트비트 없음 → 펜스됨",
    );
    both(
        E::Registered { broker: b(1), broker_epoch: 7 },
        "broker 1 registered with broker epoch 7 (fenced until caught up)",
        "브로커 1 등록됨, 브로커 에포크 7 (메타데이터를 따라잡을 때까지 펜스됨)",
    );
}

#[test]
fn elections_with_epoch_and_isr() {
    both(
        change(tp("orders", 1), R::BrokerFenced(b(2)), Some((Some(2), Some(3), 5)), &[3, 1]),
        "orders-1 (broker 2 fenced): leader 2 → 3, epoch 5, ISR [3,1]",
        "orders-1 (브로커 2 펜스됨): 리더 2 → 3, 에포크 5, ISR [3,1]",
    );
    let mut offline = change(tp("t", 0), R::BrokerInControlledShutdown(b(1)), Some((Some(1), None, 2)), &[1]);
    if let E::PartitionChanged { offline: o, .. } = &mut offline {
        *o = true;
    }
    both(
        offline,
        "t-0 (broker 1 in controlled shutdown): leader 1 → none, epoch 2, ISR [1] — offline: no live in-sync replica",
        "t-0 (브로커 1 컨트롤드 셧다운 중): 리더 1 → 없음, 에포크 2, ISR [1] — 오프라인: 살아 있는 ISR 복제본이 없음",
    );
    let mut unclean = change(tp("u", 0), R::LeaderElection, Some((None, Some(2), 3)), &[2]);
    if let E::PartitionChanged { unclean: u, .. } = &mut unclean {
        *u = true;
    }
    both(
        unclean,
        "u-0 (leader election): leader none → 2, epoch 3, ISR [2] — UNCLEAN election: a replica outside the ISR leads; records it lacks are lost",
        "u-0 (리더 선출): 리더 없음 → 2, 에포크 3, ISR [2] — 언클린 선출: ISR 밖의 복제본이 리더가 됨; 그 복제본에 없는 레코드는 유실됨",
    );
    both(
        change(tp("t", 2), R::LeaderElectionTool, Some((Some(3), Some(1), 2)), &[1, 2, 3]),
        "t-2 (kafka-leader-election): leader 3 → 1, epoch 2, ISR [1,2,3]",
        "t-2 (kafka-leader-election): 리더 3 → 1, 에포크 2, ISR [1,2,3]",
    );
}

#[test]
fn isr_shrink_expand_truncation_and_leadership() {
    both(
        change(tp("t", 0), R::LeaderShrinksIsr(b(1)), None, &[1, 3]),
        "t-0 (leader 1 shrinks ISR): ISR [1,3]",
        "t-0 (리더 1의 ISR 축소): 새 ISR [1,3]",
    );
    both(
        E::ShrinkIsr { leader: b(2), tp: tp("t", 0), out: vec![b(3), b(1)], lag_ms: 30000 },
        "leader 2 of t-0: follower(s) [3,1] not caught up for 30000 ms → shrink ISR",
        "t-0의 리더 2: 팔로워 [3,1]이(가) 30000 ms 동안 따라오지 못함 → ISR 축소",
    );
    both(
        E::Truncated { broker: b(2), tp: tp("u", 0), to: 12, epoch: LeaderEpoch(1), epoch_end: 12, removed: 3 },
        "broker 2 truncates u-0 to offset 12 (diverging epoch 1 ends at 12), removing 3 record(s)",
        "브로커 2: u-0의 로그를 오프셋 12까지 잘라냄 (갈라진 에포크 1의 끝 12), 레코드 3개 삭제",
    );
    both(
        E::BecameLeader { broker: b(3), tp: tp("orders", 7), epoch: LeaderEpoch(2), leo: 154 },
        "broker 3 is now leader of orders-7 (epoch 2, LEO 154)",
        "orders-7의 새 리더: 브로커 3 (에포크 2, LEO 154)",
    );
}

#[test]
fn producer_errors_retries_and_ledger() {
    both(
        E::BatchRetry {
            producer: "orders-producer".into(),
            error: ErrorCode::NetworkException,
            tp: tp("orders", 3),
            backoff_ms: 100,
            attempt: 2,
        },
        "orders-producer: NETWORK_EXCEPTION on orders-3 → retry in 100 ms (attempt 2)",
        "orders-producer: orders-3에서 NETWORK_EXCEPTION → 100 ms 후 재시도 (2번째 시도)",
    );
    let explanation = LossExplanation::Missing {
        acked: Some((SimTime(12_300_000), b(1), Acks::One)),
        election: Some((SimTime(22_000_000), b(2), LeaderEpoch(2))),
        tp: tp("u", 0),
        leader: b(2),
        truncated: Some((b(1), SimTime(40_100_000))),
    };
    both(
        E::AckedRecordLost { tp: tp("u", 0), offset: 4, explanation },
        "ledger: ACKNOWLEDGED RECORD LOST on u-0 offset 4: acked at t=12.3s by leader 1 (acks=1); broker 2 became leader of u-0 at t=22.0s (epoch 2) without it; truncated on broker 1 at t=40.1s",
        "장부: 확인된 레코드 유실! u-0 오프셋 4: t=12.3s에 리더 1이(가) 확인함 (acks=1); \
         t=22.0s에 그 레코드가 없는 브로커 2이(가) u-0의 리더가 됨 (에포크 2); t=40.1s에 브로커 1에서 잘려 나감",
    );
    both(
        E::AckedRecordLost {
            tp: tp("u", 0),
            offset: 7,
            explanation: LossExplanation::NeverWritten { sent_at: SimTime(3_500_000), broker: b(2) },
        },
        "ledger: ACKNOWLEDGED RECORD LOST on u-0 offset 7: sent at t=3.5s with acks=0 and counted as acked; \
         it reached broker 2 after its process had died, so it was never written",
        "장부: 확인된 레코드 유실! u-0 오프셋 7: t=3.5s에 acks=0으로 보내져 확인된 것으로 집계됨; \
         브로커 2의 프로세스가 죽은 뒤에 도착해 기록되지 않음",
    );
}

#[test]
fn consumer_group_join_sync_rebalance_commit() {
    both(
        E::PreparingRebalance {
            group: "g".into(),
            generation: 2,
            why: RebalanceReason::MemberJoined("c2-b1-5".into()),
            delay_ms: 3000,
        },
        "group g → PreparingRebalance (generation 2): member c2-b1-5 joined; join phase up to 3000 ms",
        "그룹 g → PreparingRebalance (세대 2): 멤버 c2-b1-5 참여; 참여 단계 최대 3000 ms",
    );
    both(
        E::JoinCompleted {
            group: "g".into(),
            state: GroupState::CompletingRebalance,
            generation: 3,
            members: vec!["c1-b1-1".into(), "c2-b1-5".into()],
            leader: "c1-b1-1".into(),
            protocol: Some("range".into()),
        },
        r#"group g → CompletingRebalance generation 3: members ["c1-b1-1", "c2-b1-5"], leader c1-b1-1, protocol range"#,
        r#"그룹 g → CompletingRebalance 세대 3: 멤버 ["c1-b1-1", "c2-b1-5"], 리더 c1-b1-1, 프로토콜 range"#,
    );
    both(
        E::MemberRemoved {
            group: "g".into(),
            member: "c1-b1-1".into(),
            why: MemberRemoval::SessionTimeout { ms: 6000 },
        },
        "group g: member c1-b1-1 removed: session timeout (6000 ms without a heartbeat)",
        "그룹 g: 멤버 c1-b1-1 제거됨: 세션 타임아웃 (6000 ms 동안 하트비트 없음)",
    );
    both(
        E::Assigned {
            consumer: "c1".into(),
            generation: 3,
            assigned: vec![tp("t", 0), tp("t", 1)],
            added: vec![tp("t", 1)],
            revoked: vec![],
        },
        r#"consumer c1 generation 3: assigned ["t-0", "t-1"], added ["t-1"], revoked []"#,
        r#"컨슈머 c1 세대 3: 배정 ["t-0", "t-1"], 추가 ["t-1"], 반납 []"#,
    );
    let cause = DisruptionCause::Rebalance(RebalanceReason::MemberRemoved {
        member: "c2-b1-5".into(),
        why: MemberRemoval::Left,
    });
    both(
        E::Redelivered { group: "g".into(), tp: tp("t", 1), offset: 40, cause },
        "ledger: group g processed t-1 offset 40 again (redelivery after: rebalance: member c2-b1-5 left the group (LeaveGroup))",
        "장부: 그룹 g이(가) t-1 오프셋 40을(를) 다시 처리함 (재전달 원인: 리밸런스: 멤버 c2-b1-5 그룹을 떠남 (LeaveGroup))",
    );
}

#[test]
fn config_maps_quote_like_the_trace() {
    let configs = vec![("min.insync.replicas".to_string(), "2".to_string()), ("a\"b".to_string(), "it's".to_string())];
    assert_eq!(
        render(&E::TopicConfigs { topic: "t".into(), overrides: configs }, Lang::En),
        r#"topic t configs now {"min.insync.replicas": "2", "a\"b": "it's"}"#
    );
}
