//! The Korean table: every trace line the core writes, and the phrases
//! (reasons, causes) those lines embed.
//!
//! Each row pairs an English pattern, written exactly as the `format!` at the
//! push site writes it (see [`super::pattern`] for the holes), with its Korean
//! template. The first row that matches wins, so a more specific row comes
//! before a more general one. The vocabulary follows the lessons
//! (`static/lessons/*.json`) and `i18n.rs`: 브로커, 리더, 팔로워, 복제본,
//! 에포크, 펜스됨, 세대 (generation), 배정, 코디네이터, 리밸런스, 커밋,
//! 컨트롤드 셧다운; Kafka's own names (ISR, HW, LEO, acks, API and state names,
//! error codes, config keys) stay as Kafka writes them. Particles that depend
//! on the last sound of an id are written both ways, as Korean software
//! does: 이(가), 을(를), (으)로.

/// Whole trace lines, in the order they are tried.
pub const LINES: &[(&str, &str)] = &[
    // Commands (src/sim/commands.rs, src/sim/consumer_commands.rs `describe`).
    ("command: create topic {} ({} partitions, RF {})", "명령: 토픽 {0} 생성 (파티션 {1}개, RF {2})"),
    ("command: delete topic {}", "명령: 토픽 {0} 삭제"),
    ("command: alter broker {} dynamic configs {*} delete {*}", "명령: 브로커 {0} 동적 설정 변경 {1}, 삭제 {2}"),
    (
        "command: alter cluster-wide default broker configs {*} delete {*}",
        "명령: 클러스터 전체 브로커 기본 설정 변경 {0}, 삭제 {1}",
    ),
    ("command: alter {} configs {*} delete {*}", "명령: {0} 설정 변경 {1}, 삭제 {2}"),
    ("command: preferred leader election", "명령: 선호 리더 선출"),
    ("command: unclean leader election", "명령: 언클린 리더 선출"),
    ("command: kill broker {} (crash, no controlled shutdown)", "명령: 브로커 {0} 강제 종료 (크래시, 컨트롤드 셧다운 없음)"),
    ("command: stop broker {} (controlled shutdown)", "명령: 브로커 {0} 정상 종료 (컨트롤드 셧다운)"),
    ("command: start broker {}", "명령: 브로커 {0} 시작"),
    ("command: isolate broker {} (all its links cut)", "명령: 브로커 {0} 네트워크 고립 (모든 링크 끊음)"),
    (
        "command: partition broker {} from the controller and the other brokers (clients still reach it)",
        "명령: 브로커 {0}을(를) 컨트롤러와 다른 브로커들에게서 분리 (클라이언트는 계속 접속 가능)",
    ),
    ("command: heal broker {}", "명령: 브로커 {0} 연결 복구"),
    ("command: cut link {} {} {}", "명령: 링크 {0} {1} {2} 끊기"),
    ("command: heal link {} ↔ {}", "명령: 링크 {0} ↔ {1} 복구"),
    ("command: slow broker {} by {} ms", "명령: 브로커 {0} 지연 +{1} ms"),
    ("command: start producer {} → {} at {}/s", "명령: 프로듀서 {0} 시작 → {1}, 초당 {2}건"),
    ("command: start producer {}", "명령: 프로듀서 {0} 시작"),
    ("command: stop producer {}", "명령: 프로듀서 {0} 중지"),
    ("command: close producer {} (sends what it buffered)", "명령: 프로듀서 {0} 닫기 (버퍼에 남은 레코드 전송)"),
    ("command: start consumer {} in group {} on {*}", "명령: 컨슈머 {0} 시작, 그룹 {1}, 토픽 {2}"),
    ("command: stop consumer {} (close, LeaveGroup)", "명령: 컨슈머 {0} 정상 종료 (LeaveGroup 전송)"),
    ("command: kill consumer {} (no LeaveGroup)", "명령: 컨슈머 {0} 강제 종료 (LeaveGroup 없음)"),
    ("command: stall consumer {}", "명령: 컨슈머 {0} 멈추기 (poll 중단)"),
    ("command: resume consumer {}", "명령: 컨슈머 {0} poll 재개"),
    ("command: reset offsets of group {} on {} to {~}", "명령: 그룹 {0}의 {1} 오프셋을 {2}(으)로 재설정"),
    ("command: {} → {} partitions", "명령: {0}의 파티션을 {1}개로 늘림"),
    ("command: {} sends to {}", "명령: {0}이(가) {1}에 레코드 전송"),
    ("command: {} commitSync()", "명령: {0} commitSync() 호출"),
    ("command: {} seek {} to {}", "명령: {0}의 {1} 위치를 오프셋 {2}(으)로 이동 (seek)"),
    ("command: {} pause {*}", "명령: {0}: 파티션 {1} 일시정지"),
    ("command: {} resume {*}", "명령: {0}: 파티션 {1} 재개"),
    // Brokers (src/sim/commands.rs, simulation.rs, broker/mod.rs).
    ("broker {} stopped", "브로커 {0} 중지됨"),
    ("broker {} crashed", "브로커 {0} 장애(크래시)"),
    ("broker {} started", "브로커 {0} 시작됨"),
    ("broker {} begins controlled shutdown", "브로커 {0} 컨트롤드 셧다운 시작"),
    ("broker {} completed controlled shutdown", "브로커 {0} 컨트롤드 셧다운 완료"),
    // Replication (broker/mod.rs, broker/fetch.rs).
    ("broker {} is now leader of {} (epoch {}, LEO {})", "{1}의 새 리더: 브로커 {0} (에포크 {2}, LEO {3})"),
    (
        "broker {} truncates {} to offset {} (diverging epoch {} ends at {}), removing {} record(s)",
        "브로커 {0}: {1}의 로그를 오프셋 {2}까지 잘라냄 (갈라진 에포크 {3}의 끝 {4}), 레코드 {5}개 삭제",
    ),
    (
        "leader {} of {}: follower(s) {*} not caught up for {} ms → shrink ISR",
        "{1}의 리더 {0}: 팔로워 {2}이(가) {3} ms 동안 따라오지 못함 → ISR 축소",
    ),
    // Controller (controller/mod.rs, partition_change.rs, topics.rs).
    (
        "broker {} asked for controlled shutdown → moving its leaderships away",
        "브로커 {0}이(가) 컨트롤드 셧다운 요청 → 그 브로커의 리더 역할을 다른 브로커로 옮김",
    ),
    (
        "broker {} registration refused: previous incarnation still has a session",
        "브로커 {0} 등록 거부: 이전 실행의 세션이 아직 살아 있음",
    ),
    (
        "broker {} registered with broker epoch {} (fenced until caught up)",
        "브로커 {0} 등록됨, 브로커 에포크 {1} (메타데이터를 따라잡을 때까지 펜스됨)",
    ),
    ("broker {} caught up with the metadata log → unfenced", "브로커 {0}이(가) 메타데이터 로그를 따라잡음 → 펜스 해제"),
    ("broker {} missed heartbeats for {} s → fenced", "브로커 {0}: {1}초 동안 하트비트 없음 → 펜스됨"),
    ("{} ({~}): leader {~} → {~}, epoch {}, ISR {} — {~}", "{0} ({1}): 리더 {2} → {3}, 에포크 {4}, ISR {5} — {6}"),
    ("{} ({~}): leader {~} → {~}, epoch {}, ISR {}", "{0} ({1}): 리더 {2} → {3}, 에포크 {4}, ISR {5}"),
    ("{} ({~}): ISR {} — {~}", "{0} ({1}): 새 ISR {2} — {3}"),
    ("{} ({~}): ISR {}", "{0} ({1}): 새 ISR {2}"),
    (
        "created topic {} with {} partition(s), replication factor {}",
        "토픽 {0} 생성: 파티션 {1}개, 복제 수 {2}",
    ),
    ("could not create {}: {~}", "토픽 {0} 생성 실패: {1}"),
    ("deleted topic {}", "토픽 {0} 삭제됨"),
    ("topic {}: {} → {} partitions", "토픽 {0}: 파티션 {1}개 → {2}개"),
    ("topic {} configs now {*}", "토픽 {0} 설정 변경: {1}"),
    ("broker {} dynamic configs now {*}", "브로커 {0} 동적 설정 변경: {1}"),
    ("cluster-wide default broker configs now {*}", "클러스터 전체 브로커 기본 설정 변경: {0}"),
    // Consumer groups (coordinator/).
    (
        "group {}: JoinGroup of {} refused with INCONSISTENT_GROUP_PROTOCOL: it offers {} {*}, the group runs {} {*}",
        "그룹 {0}: {1}의 JoinGroup 거부 (INCONSISTENT_GROUP_PROTOCOL): 요청한 프로토콜 {2} {3}, 그룹의 프로토콜 {4} {5}",
    ),
    (
        "group {}: static member {} rejoined as {}; old id {} is fenced",
        "그룹 {0}: 정적 멤버 {1}이(가) {2}(으)로 다시 참여; 이전 ID {3}은(는) 펜스됨",
    ),
    (
        "group {} → PreparingRebalance (generation {}): {~}; join phase up to {} ms",
        "그룹 {0} → PreparingRebalance (세대 {1}): {2}; 참여 단계 최대 {3} ms",
    ),
    (
        "group {}: removed {*} (did not rejoin within the rebalance timeout)",
        "그룹 {0}: {1} 제거 (리밸런스 타임아웃 안에 다시 참여하지 않음)",
    ),
    ("group {} → Stable generation {}: {*}", "그룹 {0} → Stable 세대 {1}: {2}"),
    (
        "group {} → {} generation {}: members {*}, leader {}, protocol {}",
        "그룹 {0} → {1} 세대 {2}: 멤버 {3}, 리더 {4}, 프로토콜 {5}",
    ),
    ("group {}: member {} removed: {~}", "그룹 {0}: 멤버 {1} 제거됨: {2}"),
    (
        "broker {} resigns as coordinator of {} (no longer its leader)",
        "브로커 {0}이(가) {1}의 코디네이터에서 물러남 (더 이상 그 파티션의 리더가 아님)",
    ),
    (
        "broker {} loaded group {} from {}: {} generation {}, {} member(s), {} committed offset(s)",
        "브로커 {0}이(가) {2}에서 그룹 {1}을(를) 읽어 들임: {3} 세대 {4}, 멤버 {5}명, 커밋된 오프셋 {6}개",
    ),
    // Consumers (client/consumer/).
    ("consumer {} killed", "컨슈머 {0} 강제 종료됨"),
    ("consumer {}: coordinator broker {} unavailable ({~})", "컨슈머 {0}: 코디네이터 브로커 {1} 사용 불가 ({2})"),
    ("consumer {}: group coordinator is broker {}", "컨슈머 {0}: 그룹 코디네이터는 브로커 {1}"),
    (
        "consumer {}: connection to broker {} closed; the fetch in flight failed",
        "컨슈머 {0}: 브로커 {1}와의 연결이 끊김; 진행 중이던 읽기 요청 실패",
    ),
    ("consumer {}: fatal {}; it stops", "컨슈머 {0}: 치명적 오류 {1}; 컨슈머가 멈춤"),
    ("consumer {}: partitions lost {*}", "컨슈머 {0}: 파티션 잃음 {1}"),
    ("consumer {}: {~} → partitions lost {*}", "컨슈머 {0}: {1} → 파티션 잃음 {2}"),
    ("consumer {}: eager rebalance revokes {*}", "컨슈머 {0}: eager 리밸런스로 {1} 반납"),
    ("consumer {} (leader, generation {}) computes the {} assignment", "컨슈머 {0} (리더, 세대 {1}): {2} 배정 계산"),
    (
        "consumer {} (leader, generation {}) skipped assignment for returning static leader; it continues with its existing assignment",
        "컨슈머 {0} (리더, 세대 {1}): 돌아온 정적 리더라 배정을 건너뜀; 기존 배정을 그대로 씀",
    ),
    (
        "consumer {} (leader, generation {}) fetches metadata of the group's topics {} before assigning",
        "컨슈머 {0} (리더, 세대 {1}): 배정하기 전에 그룹 전체의 토픽 {2} 메타데이터 요청",
    ),
    (
        "consumer {} generation {}: assigned {*}, added {*}, revoked {*}",
        "컨슈머 {0} 세대 {1}: 배정 {2}, 추가 {3}, 반납 {4}",
    ),
    (
        "consumer {} generation {}: received assignment {*} does not match the current subscription ({} is not subscribed); will re-join",
        "컨슈머 {0} 세대 {1}: 받은 배정 {2}이(가) 현재 구독과 맞지 않음 ({3}은(는) 구독하지 않은 토픽); 다시 참여함",
    ),
    (
        "consumer {}: consumer poll timeout has expired (max.poll.interval.ms {} ms): leaving the group",
        "컨슈머 {0}: poll 타임아웃 만료 (max.poll.interval.ms {1} ms): 그룹에서 나감",
    ),
    ("consumer {} sends LeaveGroup ({~})", "컨슈머 {0}: LeaveGroup 전송 ({1})"),
    (
        "consumer {}: offset commit failed: {} (CommitFailedException)",
        "컨슈머 {0}: 오프셋 커밋 실패: {1} (CommitFailedException)",
    ),
    (
        "consumer {}: NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [{*}]",
        "컨슈머 {0}: NoOffsetForPartitionException: 리셋 정책이 없어 오프셋을 정할 수 없는 파티션: [{1}]",
    ),
    ("consumer {} stalls (stops calling poll())", "컨슈머 {0} 멈춤 (poll() 호출 중단)"),
    ("consumer {} resumes polling", "컨슈머 {0} poll 재개"),
    // Producers (client/producer/sender.rs).
    ("{}: batch for {} failed: {}", "{0}: {1} 배치 실패: {2}"),
    ("{}: {} on {} → retry in {} ms (attempt {})", "{0}: {2}에서 {1} → {3} ms 후 재시도 ({4}번째 시도)"),
    (
        "{}: connection to broker {} refused → not ready, batches stay in the accumulator (reconnect in {} ms)",
        "{0}: 브로커 {1} 연결 거부 → 준비 안 됨, 배치는 어큐뮬레이터에 남음 ({2} ms 후 재연결)",
    ),
    (
        "{}: sequence of {} unresolved after expired batches → producer epoch bumped to {}, sequences restart at 0",
        "{0}: 만료된 배치로 {1}의 시퀀스 미해결 → 프로듀서 에포크를 {2}(으)로 올리고 시퀀스를 0부터 다시 시작",
    ),
    // The durability ledger (ledger.rs) and the group ledger (group_ledger.rs).
    (
        "ledger: record {} written twice to {}: offsets {} and {} (a retry without idempotence; first written via broker {})",
        "장부: 레코드 {0}이(가) {1}에 두 번 기록됨: 오프셋 {2}, {3} (멱등성 없는 재시도; 처음 기록은 브로커 {4} 경유)",
    ),
    (
        "ledger: key {} reordered on {}: a later send landed at a lower offset ({})",
        "장부: {1}에서 키 {0}의 순서 뒤바뀜: 나중에 보낸 레코드가 더 낮은 오프셋({2})에 기록됨",
    ),
    (
        "ledger: a record without key reordered on {}: a later send landed at a lower offset ({})",
        "장부: {0}에서 키 없는 레코드의 순서 뒤바뀜: 나중에 보낸 레코드가 더 낮은 오프셋({1})에 기록됨",
    ),
    ("ledger: ACKNOWLEDGED RECORD LOST on {} offset {}: {~}", "장부: 확인된 레코드 유실! {0} 오프셋 {1}: {2}"),
    (
        "ledger: group {} processed {} offset {} again (redelivery after: {~})",
        "장부: 그룹 {0}이(가) {1} 오프셋 {2}을(를) 다시 처리함 (재전달 원인: {3})",
    ),
    (
        "ledger: group {} skipped {} record(s) of {} below committed offset {} that were never processed ({~})",
        "장부: 그룹 {0}이(가) {2}에서 처리한 적 없는 레코드 {1}개를 건너뜀 (커밋된 오프셋 {3} 아래; 원인: {4})",
    ),
];

/// Phrases inside lines (the `{~}` holes): reasons, causes, explanations.
/// A phrase no row matches is shown as it is: ids, numbers and error codes.
pub const PHRASES: &[(&str, &str)] = &[
    // Why a partition changed (controller/partition_change.rs, topics.rs).
    ("broker {} fenced", "브로커 {0} 펜스됨"),
    ("broker {} unfenced", "브로커 {0} 펜스 해제"),
    ("broker {} in controlled shutdown", "브로커 {0} 컨트롤드 셧다운 중"),
    ("leader {} shrinks ISR", "리더 {0}의 ISR 축소"),
    ("leader {} expands ISR", "리더 {0}의 ISR 확장"),
    ("auto leader rebalance", "자동 리더 재조정"),
    ("leader election", "리더 선출"),
    ("none", "없음"),
    (
        "UNCLEAN election: a replica outside the ISR leads; records it lacks are lost",
        "언클린 선출: ISR 밖의 복제본이 리더가 됨; 그 복제본에 없는 레코드는 유실됨",
    ),
    ("offline: no live in-sync replica", "오프라인: 살아 있는 ISR 복제본이 없음"),
    // Why a topic could not be created (controller/topics.rs).
    ("Unable to replicate the partition {} time(s): {~}", "파티션을 {0}번 복제할 수 없음: {1}"),
    ("All brokers are currently fenced or in controlled shutdown.", "모든 브로커가 펜스됐거나 컨트롤드 셧다운 중"),
    (
        "The target replication factor of {} cannot be reached because only {} broker(s) are registered.",
        "등록된 브로커가 {1}개뿐이라 복제 수 {0}을(를) 채울 수 없음",
    ),
    ("KafkaSim supports at most {} partitions per topic.", "KafkaSim은 토픽당 파티션을 최대 {0}개까지 지원"),
    // Why a group rebalances or loses a member (coordinator/).
    ("a new static member joined", "새 정적 멤버 참여"),
    ("a static member rejoined with new metadata", "정적 멤버가 새 메타데이터로 다시 참여"),
    ("member metadata changed", "멤버 메타데이터 변경"),
    ("the leader rejoined", "그룹 리더가 다시 참여"),
    ("member {} joined", "멤버 {0} 참여"),
    ("member {} {~}", "멤버 {0} {1}"),
    ("left the group (LeaveGroup)", "그룹을 떠남 (LeaveGroup)"),
    ("session timeout ({} ms without a heartbeat)", "세션 타임아웃 ({0} ms 동안 하트비트 없음)"),
    // Why a consumer lost its coordinator or left (client/consumer/).
    ("request timed out", "요청 시간 초과"),
    ("connection refused", "연결 거부"),
    ("poll timeout", "poll 타임아웃"),
    ("consumer closed", "컨슈머 종료"),
    // What a group ledger line blames (group_ledger.rs causes).
    ("rebalance: {~}", "리밸런스: {0}"),
    ("consumer {} crashed", "컨슈머 {0} 장애(크래시)"),
    ("consumer {} exceeded max.poll.interval.ms", "컨슈머 {0}의 max.poll.interval.ms 초과"),
    ("seek of {} to {}", "{0}의 위치를 {1}(으)로 이동 (seek)"),
    ("offsets of {} reset to {}", "{0}의 오프셋을 {1}(으)로 재설정"),
    ("unknown", "알 수 없음"),
    // Where `reset offsets` goes (consumer_commands.rs `ResetTo`).
    ("Earliest", "가장 앞 오프셋"),
    ("Latest", "가장 끝 오프셋"),
    ("Offset({})", "오프셋 {0}"),
    // Why an acknowledged record is lost (ledger.rs `explain`).
    ("acked at t={} by leader {} (acks={}); {~}", "t={0}에 리더 {1}이(가) 확인함 (acks={2}); {3}"),
    ("acked; {~}", "확인됨; {0}"),
    (
        "broker {} became leader of {} at t={} (epoch {}) without it; {~}",
        "t={2}에 그 레코드가 없는 브로커 {0}이(가) {1}의 리더가 됨 (에포크 {3}); {4}",
    ),
    (
        "broker {} became leader of {} at t={} (epoch {}) without it",
        "t={2}에 그 레코드가 없는 브로커 {0}이(가) {1}의 리더가 됨 (에포크 {3})",
    ),
    ("leader {} does not have it; {~}", "리더 {0}에 그 레코드가 없음; {1}"),
    ("leader {} does not have it", "리더 {0}에 그 레코드가 없음"),
    ("truncated on broker {} at t={}", "t={1}에 브로커 {0}에서 잘려 나감"),
];
