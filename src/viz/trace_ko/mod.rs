//! The trace in Korean: the event log's lines for Korean readers.
//!
//! The core writes its trace in English only, and it must stay so: the same
//! text is the console's `sim trace` output and feeds the golden trace hash.
//! The Korean event log therefore translates at display time. Each English
//! line was produced by one `format!` in `src/sim`; [`table::LINES`] holds that
//! format as a pattern with holes for the ids and numbers, and a Korean
//! template that puts them back in Korean word order. Reasons and causes that
//! a line embeds (`broker 2 fenced`, `session timeout (…)`) are holes of their
//! own, translated through [`table::PHRASES`], recursively, since a group
//! ledger cause can itself embed a rebalance reason.
//!
//! A line no pattern matches is shown in English, whole: half-translated text
//! would be harder to read than either language. The coverage test
//! (`tests/trace_ko.rs`) runs rich scenarios and fails on any line whose
//! Korean rendering lacks Hangul or keeps an English word outside
//! [`KEPT_TERMS`] and the scenario's own ids, so a new trace line without a
//! row here is caught.
//!
//! Cost: a line is tried against at most ~90 patterns; most are rejected by
//! their first literal (`starts_with`), and matching allocates nothing. The
//! event log renders at most 60 lines per frame.

mod pattern;
mod table;

pub use pattern::{holes, matches, Hole};
pub use table::{LINES, PHRASES};

use crate::i18n::Lang;
use std::borrow::Cow;

/// Kafka's own words that Korean Kafka material writes in English: API and
/// method names, group states, exception names, assignors, rebalance modes,
/// the consumer protocol type, topic config values, and the unit `ms`.
/// Ids, numbers, config keys (with a `.`, `-`, `_` or `=`) and all-capital
/// names (ISR, HW, LEO, RF, error codes) are allowed without being listed.
pub const KEPT_TERMS: &[&str] = &[
    "ms",
    "acks",
    "poll",
    "seek",
    "commitSync",
    "eager",
    "range",
    "roundrobin",
    "sticky",
    "consumer",
    "JoinGroup",
    "SyncGroup",
    "LeaveGroup",
    "Heartbeat",
    "OffsetCommit",
    "OffsetFetch",
    "Empty",
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "CommitFailedException",
    "NoOffsetForPartitionException",
    "KafkaSim",
    "compact",
    "delete",
    "true",
    "false",
];

/// A trace line's text as the event log shows it in `lang`.
pub fn render(lang: Lang, text: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(text),
        Lang::Ko => Cow::Owned(to_korean(text)),
    }
}

/// The Korean rendering of one trace line (the English line if no row fits).
pub fn to_korean(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    if !translate(LINES, text, &mut out, 0) {
        out.push_str(text);
    }
    out
}

/// How deep phrases may nest (a cause inside a reason inside a line).
const MAX_DEPTH: u32 = 4;

/// Appends the first row of `rows` that matches `text`, filled; false if none does.
fn translate(rows: &[(&str, &str)], text: &str, out: &mut String, depth: u32) -> bool {
    for (en, ko) in rows {
        if let Some(caps) = matches(en, text) {
            pattern::fill(ko, &caps, out, &|s, hole, o| match hole {
                Hole::Token | Hole::Verbatim => o.push_str(s),
                Hole::Phrase => phrase(s, o, depth + 1),
            });
            return true;
        }
    }
    false
}

fn phrase(text: &str, out: &mut String, depth: u32) {
    if depth > MAX_DEPTH || !translate(PHRASES, text, out, depth) {
        out.push_str(text);
    }
}

/// Whether `text` contains a Hangul syllable.
pub fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// The words of `korean` still in English that are neither in [`KEPT_TERMS`]
/// nor in `ids` (the names a scenario gave its topics, groups and clients),
/// and are not id-like (digits, `.`, `-`, `_`, `=`) or all capitals.
pub fn untranslated_words<'a>(korean: &'a str, ids: &[&str]) -> Vec<&'a str> {
    korean
        .split(|c: char| !(c.is_ascii_alphanumeric() || "._=-".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit() || "._=-".contains(c)))
        .filter(|w| !(w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase())))
        .filter(|w| !KEPT_TERMS.contains(w) && !ids.contains(w))
        .collect()
}

#[cfg(test)]
mod tests;
