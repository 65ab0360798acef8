//! Representative lines of every category, and checks on the table itself.

use super::*;

fn ko(en: &str) -> String {
    to_korean(en)
}

#[test]
fn broker_lifecycle() {
    assert_eq!(ko("broker 3 crashed"), "브로커 3 장애(크래시)");
    assert_eq!(ko("broker 2 stopped"), "브로커 2 중지됨");
    assert_eq!(ko("broker 3 started"), "브로커 3 시작됨");
    assert_eq!(ko("broker 2 begins controlled shutdown"), "브로커 2 컨트롤드 셧다운 시작");
    assert_eq!(ko("broker 4 missed heartbeats for 9.0 s → fenced"), "브로커 4: 9.0초 동안 하트비트 없음 → 펜스됨");
    assert_eq!(
        ko("broker 1 registered with broker epoch 7 (fenced until caught up)"),
        "브로커 1 등록됨, 브로커 에포크 7 (메타데이터를 따라잡을 때까지 펜스됨)"
    );
    assert_eq!(
        ko("broker 1 caught up with the metadata log → unfenced"),
        "브로커 1이(가) 메타데이터 로그를 따라잡음 → 펜스 해제"
    );
}

#[test]
fn elections_with_epoch_and_isr() {
    assert_eq!(
        ko("orders-1 (broker 2 fenced): leader 2 → 3, epoch 5, ISR [3,1]"),
        "orders-1 (브로커 2 펜스됨): 리더 2 → 3, 에포크 5, ISR [3,1]"
    );
    assert_eq!(
        ko("t-0 (broker 1 in controlled shutdown): leader 1 → none, epoch 2, ISR [1] — offline: no live in-sync replica"),
        "t-0 (브로커 1 컨트롤드 셧다운 중): 리더 1 → 없음, 에포크 2, ISR [1] — 오프라인: 살아 있는 ISR 복제본이 없음"
    );
    assert_eq!(
        ko("u-0 (leader election): leader none → 2, epoch 3, ISR [2] — UNCLEAN election: a replica outside the ISR leads; records it lacks are lost"),
        "u-0 (리더 선출): 리더 없음 → 2, 에포크 3, ISR [2] — 언클린 선출: ISR 밖의 복제본이 리더가 됨; 그 복제본에 없는 레코드는 유실됨"
    );
    assert_eq!(
        ko("clicks-4 (auto leader rebalance): leader 2 → 1, epoch 4, ISR [1,2,3]"),
        "clicks-4 (자동 리더 재조정): 리더 2 → 1, 에포크 4, ISR [1,2,3]"
    );
    assert_eq!(
        ko("t-2 (kafka-leader-election): leader 3 → 1, epoch 2, ISR [1,2,3]"),
        "t-2 (kafka-leader-election): 리더 3 → 1, 에포크 2, ISR [1,2,3]",
        "the tool's name is an id"
    );
}

#[test]
fn isr_shrink_expand_truncation_and_leadership() {
    assert_eq!(ko("t-0 (leader 1 shrinks ISR): ISR [1,3]"), "t-0 (리더 1의 ISR 축소): 새 ISR [1,3]");
    assert_eq!(ko("payments-2 (leader 4 expands ISR): ISR [4,1,2]"), "payments-2 (리더 4의 ISR 확장): 새 ISR [4,1,2]");
    assert_eq!(
        ko("leader 1 of t-0: follower(s) [2] not caught up for 30000 ms → shrink ISR"),
        "t-0의 리더 1: 팔로워 [2]이(가) 30000 ms 동안 따라오지 못함 → ISR 축소"
    );
    assert_eq!(
        ko("broker 2 truncates u-0 to offset 12 (diverging epoch 1 ends at 12), removing 3 record(s)"),
        "브로커 2: u-0의 로그를 오프셋 12까지 잘라냄 (갈라진 에포크 1의 끝 12), 레코드 3개 삭제"
    );
    assert_eq!(
        ko("broker 3 is now leader of orders-7 (epoch 2, LEO 154)"),
        "orders-7의 새 리더: 브로커 3 (에포크 2, LEO 154)"
    );
}

#[test]
fn lists_are_copied_as_the_trace_writes_them() {
    assert_eq!(
        ko("leader 2 of t-0: follower(s) [3,1] not caught up for 30000 ms → shrink ISR"),
        "t-0의 리더 2: 팔로워 [3,1]이(가) 30000 ms 동안 따라오지 못함 → ISR 축소"
    );
    assert_eq!(ko(r#"command: c2 pause ["t-1", "u-0"]"#), r#"명령: c2: 파티션 ["t-1", "u-0"] 일시정지"#);
    assert_eq!(ko(r#"command: c2 resume ["t-1"]"#), r#"명령: c2: 파티션 ["t-1"] 재개"#);
}

#[test]
fn producer_errors_retries_and_ledger() {
    assert_eq!(
        ko("orders-producer: NETWORK_EXCEPTION on orders-3 → retry in 100 ms (attempt 2)"),
        "orders-producer: orders-3에서 NETWORK_EXCEPTION → 100 ms 후 재시도 (2번째 시도)"
    );
    assert_eq!(
        ko("console-producer: batch for payments-0 failed: NOT_ENOUGH_REPLICAS"),
        "console-producer: payments-0 배치 실패: NOT_ENOUGH_REPLICAS"
    );
    assert_eq!(
        ko("ledger: ACKNOWLEDGED RECORD LOST on u-0 offset 4: acked at t=12.3s by leader 1 (acks=1); broker 2 became leader of u-0 at t=22.0s (epoch 2) without it; truncated on broker 1 at t=40.1s"),
        "장부: 확인된 레코드 유실! u-0 오프셋 4: t=12.3s에 리더 1이(가) 확인함 (acks=1); \
         t=22.0s에 그 레코드가 없는 브로커 2이(가) u-0의 리더가 됨 (에포크 2); t=40.1s에 브로커 1에서 잘려 나감"
    );
}

#[test]
fn consumer_group_join_sync_rebalance_commit() {
    assert_eq!(
        ko("group g → PreparingRebalance (generation 2): member c2-b1-5 joined; join phase up to 3000 ms"),
        "그룹 g → PreparingRebalance (세대 2): 멤버 c2-b1-5 참여; 참여 단계 최대 3000 ms"
    );
    assert_eq!(
        ko(
            r#"group g → CompletingRebalance generation 3: members ["c1-b1-1", "c2-b1-5"], leader c1-b1-1, protocol range"#
        ),
        r#"그룹 g → CompletingRebalance 세대 3: 멤버 ["c1-b1-1", "c2-b1-5"], 리더 c1-b1-1, 프로토콜 range"#
    );
    assert_eq!(
        ko(r#"group g → Stable generation 3: c1-b1-1: ["t-0"]; c2-b1-5: ["t-1"]"#),
        r#"그룹 g → Stable 세대 3: c1-b1-1: ["t-0"]; c2-b1-5: ["t-1"]"#
    );
    assert_eq!(
        ko("group g: member c1-b1-1 removed: session timeout (6000 ms without a heartbeat)"),
        "그룹 g: 멤버 c1-b1-1 제거됨: 세션 타임아웃 (6000 ms 동안 하트비트 없음)"
    );
    assert_eq!(
        ko(r#"consumer c1 generation 3: assigned ["t-0", "t-1"], added ["t-1"], revoked []"#),
        r#"컨슈머 c1 세대 3: 배정 ["t-0", "t-1"], 추가 ["t-1"], 반납 []"#
    );
    assert_eq!(
        ko("consumer c1: offset commit failed: NOT_COORDINATOR (CommitFailedException)"),
        "컨슈머 c1: 오프셋 커밋 실패: NOT_COORDINATOR (CommitFailedException)"
    );
    assert_eq!(
        ko("ledger: group g processed t-1 offset 40 again (redelivery after: rebalance: member c2-b1-5 left the group (LeaveGroup))"),
        "장부: 그룹 g이(가) t-1 오프셋 40을(를) 다시 처리함 (재전달 원인: 리밸런스: 멤버 c2-b1-5 그룹을 떠남 (LeaveGroup))",
        "a cause inside a reason inside a line"
    );
}

#[test]
fn commands() {
    assert_eq!(
        ko("command: kill broker 3 (crash, no controlled shutdown)"),
        "명령: 브로커 3 강제 종료 (크래시, 컨트롤드 셧다운 없음)"
    );
    assert_eq!(ko("command: create topic orders (12 partitions, RF 3)"), "명령: 토픽 orders 생성 (파티션 12개, RF 3)");
    assert_eq!(ko("command: cut link 1 → 2"), "명령: 링크 1 → 2 끊기");
    assert_eq!(
        ko(r#"command: start consumer c3 in group h on ["t", "u"]"#),
        r#"명령: 컨슈머 c3 시작, 그룹 h, 토픽 ["t", "u"]"#
    );
    assert_eq!(
        ko("command: reset offsets of group g on t to Offset(5)"),
        "명령: 그룹 g의 t 오프셋을 오프셋 5(으)로 재설정"
    );
    assert_eq!(ko("command: p1 sends to orders"), "명령: p1이(가) orders에 레코드 전송");
}

#[test]
fn english_is_unchanged_and_unknown_lines_stay_whole() {
    let line = "broker 3 crashed";
    assert!(matches!(render(Lang::En, line), Cow::Borrowed(s) if s == line));
    assert_eq!(render(Lang::Ko, line), "브로커 3 장애(크래시)");
    let novel = "broker 3 does something new";
    assert_eq!(ko(novel), novel, "no half-translated text");
    assert_eq!(ko(""), "");
    let unknown_reason = ko("t-0 (a brand new reason): ISR [1]");
    assert_eq!(unknown_reason, "t-0 (a brand new reason): 새 ISR [1]", "an unknown phrase stays English");
    assert_eq!(untranslated_words(&unknown_reason, &[]), ["a", "brand", "new", "reason"], "and the check sees it");
}

#[test]
fn untranslated_words_lets_ids_and_kafka_names_through() {
    let s = "컨슈머 c1: NoOffsetForPartitionException, max.poll.interval.ms acks=all ISR orders hello";
    assert_eq!(untranslated_words(s, &["orders"]), ["hello"]);
    assert!(has_hangul("브로커 1"));
    assert!(!has_hangul("broker 1"));
}

/// A sample text for an English pattern: every hole filled with a neutral value.
fn sample(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    loop {
        let (lit, hole, r) = pattern::split(rest);
        out.push_str(lit);
        match hole {
            Some(Hole::Token) => out.push('7'),
            Some(Hole::Verbatim) => out.push_str(r#"["t-7", "t-8"]"#),
            Some(Hole::Phrase) => out.push_str("x-7"),
            None => return out,
        }
        rest = r;
    }
}

#[test]
fn every_row_is_reachable_and_uses_each_hole_once() {
    for rows in [LINES, PHRASES] {
        for (i, (en, ko)) in rows.iter().enumerate() {
            let n = holes(en).len();
            assert!(n <= pattern::MAX_HOLES, "{en}: too many holes");
            for h in 0..n {
                assert_eq!(ko.matches(&format!("{{{h}}}")).count(), 1, "{en}: hole {h} appears once in {ko}");
            }
            assert!(!ko.contains(&format!("{{{n}}}")), "{ko}: refers to a hole {en} lacks");
            let first = rows.iter().position(|(p, _)| matches(p, &sample(en)).is_some());
            assert_eq!(first, Some(i), "{en}: an earlier row shadows it");
            let mut filled = String::new();
            translate(&rows[i..=i], &sample(en), &mut filled, 0);
            assert!(has_hangul(&filled), "{en}: no Hangul in {filled}");
            assert_eq!(untranslated_words(&filled, &[]), Vec::<&str>::new(), "{en} → {filled}");
        }
    }
}
