//! The durability ledger in view: acknowledged / lost / duplicated counters.
//! When an acknowledged record is lost the panel lights up (colour, a ⚠
//! glyph and a thick border), shows the newest loss's explanation, and offers
//! to jump the timeline to the moment it was detected.
//!
//! Records that retention, `kafka-delete-records` or the log cleaner removed
//! are not losses: once there are any, a line under the counters counts them
//! by cause, apart from "lost".

use yew::prelude::*;

use super::context::{use_lang, use_spotlight, Spotlight};
use super::icons::icon;
use super::runner::{use_runner, Action};
use crate::i18n::log_panel::{t as lt, L};
use crate::i18n::{text, Key};
use crate::viz::icons::Icon;

#[function_component(Ledger)]
pub fn ledger() -> Html {
    let lang = use_lang();
    let spot = use_spotlight();
    // A counter the lesson step names (by its lesson name: `acked`, `acked-lost`, `duplicated`).
    let lit = |counter: &str| Spotlight::class(spot.ledger(counter));
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let s = &ctx.snap.view.ledger;
    let lost = s.acked_lost > 0;
    let last = ctx.snap.view.losses.last();
    let detail = match last {
        Some(loss) => {
            let at = loss.detected_at;
            let onclick = ctx.act.reform(move |_: MouseEvent| Action::Seek(at));
            html! { <>
                <p class="loss-text" data-testid="loss-explanation">{ icon(Icon::Warning) }{ format!("{} {} {}: {}", loss.tp, t(Key::OffsetWord), loss.offset, crate::i18n::trace::loss_explanation(&loss.explanation, lang)) }</p>
                <button type="button" class="btn" {onclick}>{ t(Key::LedgerJump) }</button>
            </> }
        }
        None => html! { <p class="hint">{ icon(Icon::Check) }{ t(Key::LedgerOk) }</p> },
    };
    html! {
        <section class={classes!("panel", "ledger", lost.then_some("ledger-alarm"))} data-testid="ledger"
            data-lost={s.acked_lost.to_string()} aria-live="polite">
            <h2>{ t(Key::Ledger) }</h2>
            <dl class="counters">
                <div class={classes!(lit("acked"))}><dt>{ t(Key::LedgerAcked) }</dt><dd data-testid="ledger-acked">{ s.acked }</dd></div>
                <div class={classes!("counter-lost", lit("acked-lost"))}><dt>{ t(Key::LedgerLost) }</dt><dd data-testid="ledger-lost">{ s.acked_lost }</dd></div>
                <div class={classes!(lit("duplicated"))}><dt>{ t(Key::LedgerDuplicated) }</dt><dd data-testid="ledger-duplicated">{ s.duplicated }</dd></div>
            </dl>
            if s.removed_by_retention + s.removed_by_delete_records + s.removed_by_compaction > 0 {
                <p class="removed" data-testid="ledger-removed">{ format!(
                    "{}: retention {} · DeleteRecords {} · compaction {}",
                    lt(lang, L::Removed), s.removed_by_retention, s.removed_by_delete_records, s.removed_by_compaction
                ) }</p>
            }
            { detail }
        </section>
    }
}
