//! Korean for the English text inside trace events that the core does not
//! type: command echo lines and admin error messages. A text no row matches
//! is shown in English, whole: half-translated text would be harder to read
//! than either language. Matching allocates nothing; most rows are rejected
//! by their first literal.

mod pattern;
mod table;

use pattern::{matches, Hole};
use table::{LINES, PHRASES};

#[cfg(test)]
use pattern::holes;

/// How deep phrases may nest.
const MAX_DEPTH: u32 = 4;

/// A command echo line in Korean (the English line if no row fits).
pub fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    if !translate(LINES, text, &mut out, 0) {
        out.push_str(text);
    }
    out
}

/// A message in Korean (as it is if no row fits).
pub fn phrase(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    push_phrase(text, &mut out, 0);
    out
}

/// Appends the first row of `rows` that matches `text`, filled; false if none does.
fn translate(rows: &[(&str, &str)], text: &str, out: &mut String, depth: u32) -> bool {
    for (en, ko) in rows {
        if let Some(caps) = matches(en, text) {
            pattern::fill(ko, &caps, out, &|s, hole, o| match hole {
                Hole::Token | Hole::Verbatim => o.push_str(s),
                Hole::Phrase => push_phrase(s, o, depth + 1),
            });
            return true;
        }
    }
    false
}

fn push_phrase(text: &str, out: &mut String, depth: u32) {
    if depth > MAX_DEPTH || !translate(PHRASES, text, out, depth) {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests;
