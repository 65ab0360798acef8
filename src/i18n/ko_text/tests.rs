//! The command rows and message phrases, and checks on the table itself.

use super::*;

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn commands() {
    assert_eq!(
        line("command: kill broker 3 (crash, no controlled shutdown)"),
        "명령: 브로커 3 강제 종료 (크래시, 컨트롤드 셧다운 없음)"
    );
    assert_eq!(
        line("command: create topic orders (12 partitions, RF 3)"),
        "명령: 토픽 orders 생성 (파티션 12개, RF 3)"
    );
    assert_eq!(line("command: cut link 1 → 2"), "명령: 링크 1 → 2 끊기");
    assert_eq!(
        line(r#"command: start consumer c3 in group h on ["t", "u"]"#),
        r#"명령: 컨슈머 c3 시작, 그룹 h, 토픽 ["t", "u"]"#
    );
    assert_eq!(
        line("command: reset offsets of group g on t to Offset(5)"),
        "명령: 그룹 g의 t 오프셋을 오프셋 5(으)로 재설정"
    );
    assert_eq!(line("command: p1 sends to orders"), "명령: p1이(가) orders에 레코드 전송");
    assert_eq!(line(r#"command: c2 pause ["t-1", "u-0"]"#), r#"명령: c2: 파티션 ["t-1", "u-0"] 일시정지"#);
    assert_eq!(line(r#"command: c2 resume ["t-1"]"#), r#"명령: c2: 파티션 ["t-1"] 재개"#);
}

#[test]
fn unknown_text_stays_whole() {
    let novel = "command: something new";
    assert_eq!(line(novel), novel, "no half-translated text");
    assert_eq!(line(""), "");
    assert_eq!(
        phrase("All brokers are currently fenced or in controlled shutdown."),
        "모든 브로커가 펜스됐거나 컨트롤드 셧다운 중"
    );
    assert_eq!(phrase("a brand new reason"), "a brand new reason");
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
        }
    }
}
