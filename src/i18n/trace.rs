//! The one place trace events become text: [`render`] in either language.
//! Lists and quoted names are written here too (`["t-0", "u-1"]`, `[1,2]`),
//! so no reader needs a `Debug` rendering.

use super::Lang;
use crate::sim::trace::{LossExplanation, TraceEvent, TraceLine};

/// `event` as one line of text in `lang`.
pub fn render(event: &TraceEvent, lang: Lang) -> String {
    match lang {
        Lang::En => super::trace_en::render(event),
        Lang::Ko => super::trace_ko::render(event),
    }
}

/// A trace line's text in `lang` (without its time).
pub fn line_text(line: &TraceLine, lang: Lang) -> String {
    render(&line.event, lang)
}

/// The ledger's explanation of one lost record, in `lang`.
pub fn loss_explanation(e: &LossExplanation, lang: Lang) -> String {
    match lang {
        Lang::En => super::trace_en::explanation(e),
        Lang::Ko => super::trace_ko::explanation(e),
    }
}

/// A group ledger cause, in `lang`.
pub fn disruption_cause(c: &crate::sim::trace::DisruptionCause, lang: Lang) -> String {
    match lang {
        Lang::En => super::trace_en::cause(c),
        Lang::Ko => super::trace_ko::cause(c),
    }
}
