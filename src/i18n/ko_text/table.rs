//! The Korean rows for text the core does not type: the command echo lines
//! (each `Command::describe`, English) and the admin error messages a trace
//! event quotes. Each row pairs an English pattern (see [`super::pattern`] for
//! the holes) with its Korean template; the first row that matches wins.

/// Command echo lines, in the order they are tried.
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
    ("command: delete records before {*}", "명령: 레코드 삭제 (DeleteRecords), 이 오프셋 앞까지: {0}"),
    (
        "command: kill broker {} (crash, no controlled shutdown)",
        "명령: 브로커 {0} 강제 종료 (크래시, 컨트롤드 셧다운 없음)",
    ),
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
];

/// Phrases inside lines and messages (the `{~}` holes).
pub const PHRASES: &[(&str, &str)] = &[
    // Why a topic could not be created (controller/topics.rs).
    ("Unable to replicate the partition {} time(s): {~}", "파티션을 {0}번 복제할 수 없음: {1}"),
    ("All brokers are currently fenced or in controlled shutdown.", "모든 브로커가 펜스됐거나 컨트롤드 셧다운 중"),
    (
        "The target replication factor of {} cannot be reached because only {} broker(s) are registered.",
        "등록된 브로커가 {1}개뿐이라 복제 수 {0}을(를) 채울 수 없음",
    ),
    ("KafkaSim supports at most {} partitions per topic.", "KafkaSim은 토픽당 파티션을 최대 {0}개까지 지원"),
    // Where `reset offsets` goes (consumer_commands.rs `ResetTo`).
    ("Earliest", "가장 앞 오프셋"),
    ("Latest", "가장 끝 오프셋"),
    ("Offset({})", "오프셋 {0}"),
];
