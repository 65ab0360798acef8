//! The trace in Korean.
//!
//! Transitional: the Korean texts still come from the pattern table in
//! `crate::viz::trace_ko`, applied to the English rendering of the event.
//! Porting its rows into typed arms here (and deleting the table) is the
//! remaining step of issue 13 item 1.

use super::Lang;
use crate::sim::trace::{DisruptionCause, LossExplanation, TraceEvent};

pub(super) fn render(event: &TraceEvent) -> String {
    ko(&super::trace_en::render(event))
}

pub(super) fn explanation(e: &LossExplanation) -> String {
    ko(&super::trace_en::explanation(e))
}

pub(super) fn cause(c: &DisruptionCause) -> String {
    ko(&super::trace_en::cause(c))
}

fn ko(english: &str) -> String {
    crate::viz::trace_ko::render(Lang::Ko, english).into_owned()
}
