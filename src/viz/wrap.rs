//! Long names on the cluster picture, wrapped instead of cut.
//!
//! SVG text does not wrap, and a group id such as `console-consumer-48213`
//! is wider than its box at a readable size. [`wrap_name`] breaks a label
//! into lines that fit an estimated width, preferring to break after `-`,
//! `_`, `.` or a space, so the whole name stays on screen; the layout gives
//! the box one row per line.

/// The width of `s` in ems, estimated for a bold sans-serif face: 0.72 em
/// for an ASCII character (wide enough for DejaVu Sans Bold's digits and
/// lower case), 1 em for anything else (Hangul).
pub fn width_em(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.72 } else { 1.0 }).sum()
}

/// A group box's title: the word "Group" (or "그룹"), then the group id.
/// Its font size in picture units, and the height of each further line.
pub const GROUP_TITLE_FONT: f64 = 21.0;
pub const GROUP_TITLE_LINE: f64 = 24.0;
/// The title's width in ems (the box is 254 units wide, with 10 units of padding each side).
const GROUP_TITLE_EM: f64 = 11.0;
/// Room kept on the first line for the word before the id (6 ASCII characters: "Group ").
const GROUP_WORD_EM: f64 = 4.4;

/// The lines of group `id` in its box's title; the first line follows the
/// word "Group". The same in every language, so the layout can size the box.
pub fn group_title_lines(id: &str) -> Vec<String> {
    wrap_name(id, GROUP_TITLE_EM - GROUP_WORD_EM, GROUP_TITLE_EM)
}

/// `label` broken into lines: the first at most `first_em` ems wide, the
/// others at most `max_em` (a line holds at least one character).
pub fn wrap_name(label: &str, first_em: f64, max_em: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest: Vec<char> = label.chars().collect();
    while !rest.is_empty() {
        let max_em = if lines.is_empty() { first_em } else { max_em };
        let mut fit = 0;
        let mut used = 0.0;
        while fit < rest.len() {
            let w = if rest[fit].is_ascii() { 0.72 } else { 1.0 };
            if used + w > max_em && fit > 0 {
                break;
            }
            used += w;
            fit += 1;
        }
        if fit < rest.len() {
            // Break after the last separator in the part that fits, if any.
            if let Some(i) = rest[..fit].iter().rposition(|c| matches!(c, '-' | '_' | '.' | ' ')) {
                fit = i + 1;
            }
        }
        let line: String = rest[..fit].iter().collect();
        lines.push(line.trim_end().to_string());
        rest.drain(..fit);
    }
    lines
}

/// `s` cut to `n` characters with an ellipsis (a chip's topic or client id).
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_cuts_long_names_with_an_ellipsis() {
        assert_eq!(short("orders", 10), "orders");
        assert_eq!(short("payments-eu-west", 10), "payments-…");
        assert_eq!(short("주문주문주문", 4), "주문주…");
    }

    #[test]
    fn short_names_stay_on_one_line() {
        assert_eq!(wrap_name("Group billing", 11.0, 11.0), vec!["Group billing"]);
        assert_eq!(group_title_lines("billing"), vec!["billing"]);
    }

    #[test]
    fn a_console_consumer_group_id_takes_two_lines() {
        assert_eq!(group_title_lines("console-consumer-48213"), vec!["console-", "consumer-48213"]);
    }

    #[test]
    fn long_names_break_after_separators_and_keep_every_character() {
        assert_eq!(wrap_name("Group console-consumer-48213", 11.0, 11.0), vec!["Group console-", "consumer-48213"]);
        assert_eq!(wrap_name("그룹 console-consumer-48213", 11.0, 11.0), vec!["그룹 console-", "consumer-48213"]);
        let long = "x".repeat(40);
        let lines = wrap_name(&long, 6.6, 11.0);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| width_em(l) <= 11.0));
        assert!(width_em(&lines[0]) <= 6.6);
    }
}
