//! Time controls: play/pause, step one event, speed, the simulated time and
//! seed, and the timeline that rewinds by deterministic replay.
//!
//! The timeline is a range input over the run so far (in milliseconds);
//! releasing it seeks there. Marks under it show where brokers failed,
//! leaders changed and acknowledged records were lost, each with an icon so
//! they differ by shape as well as colour.
//!
//! The timeline has a row of its own (the slider keeps the bar's width, less
//! its label); the "rewound" banner stands in the first row with the buttons,
//! so it never squeezes the slider (tests/e2e/controls.spec.mjs).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::context::use_lang;
use super::icons::icon;
use super::runner::{use_runner, Action};
use crate::i18n::{text, Key};
use crate::sim::time::SimTime;
use crate::viz::icons::Icon;
use crate::viz::timeline::{clock, MarkKind};

/// The speed factors offered.
const SPEEDS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];

/// The control bar.
#[function_component(Controls)]
pub fn controls() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let s = &ctx.snap;
    let act = ctx.act.clone();
    let (play_icon, play_label) =
        if s.playing { (icon(Icon::Pause), t(Key::Pause)) } else { (icon(Icon::Play), t(Key::Play)) };
    let on_play = act.reform(|_: MouseEvent| Action::TogglePlay);
    let on_step = act.reform(|_: MouseEvent| Action::Step);
    let on_speed = act.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Speed(crate::share::params::decimal(&value).unwrap_or(1.0))
    });
    let speeds = SPEEDS.iter().map(|v| {
        html! { <option value={v.to_string()} selected={(*v - s.speed).abs() < 1e-9}>{ format!("{v}×") }</option> }
    });
    html! {
        <div class="controls" data-testid="controls">
            <button type="button" class="btn btn-primary" data-testid="play-pause" aria-pressed={s.playing.to_string()} onclick={on_play}>{ play_icon }{ play_label }</button>
            <button type="button" class="btn" data-testid="step" title={t(Key::StepHint)} onclick={on_step}>{ icon(Icon::Step) }{ t(Key::Step) }</button>
            <label class="field">{ t(Key::Speed) }
                <select data-testid="speed" onchange={on_speed}>{ for speeds }</select>
            </label>
            <span class="readout"><span class="readout-label">{ t(Key::SimTime) }</span>
                <output data-testid="sim-time" data-events={s.view.events.to_string()} data-ms={s.view.now.as_millis().to_string()}>{ clock(s.view.now) }</output></span>
            <span class="readout"><span class="readout-label">{ t(Key::Seed) }</span>
                <output data-testid="seed">{ s.view.seed }</output></span>
            if s.pending > 0 { <span class="notice" data-testid="forked">{ t(Key::Forked) }</span> }
            if s.frame.behind { <span class="notice">{ t(Key::Behind) }</span> }
            <Timeline />
        </div>
    }
}

/// The rewind slider with its marks.
#[function_component(Timeline)]
fn timeline() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let s = &ctx.snap;
    let t = |k| text(lang, k);
    let max_ms = s.horizon.as_millis().max(1);
    let on_change = ctx.act.reform(|e: Event| {
        let ms: u64 = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0);
        Action::Seek(SimTime(ms * 1_000))
    });
    let marks = s.marks.iter().map(|m| {
        let left = m.at.as_millis() as f64 * 100.0 / max_ms as f64;
        let (glyph, class, label) = match m.kind {
            MarkKind::Fault => (icon(Icon::Cross), "mark-fault", t(Key::MarkFault)),
            MarkKind::Election => (icon(Icon::Star), "mark-election", t(Key::MarkElection)),
            MarkKind::Loss => (html! { "!" }, "mark-loss", t(Key::MarkLoss)),
        };
        let title = format!("{label} @ {}", clock(m.at));
        html! { <span class={classes!("mark", class)} style={format!("left:{left:.2}%")} {title}>{ glyph }</span> }
    });
    html! {
        <div class="timeline">
            <label class="field timeline-label" for="timeline">{ t(Key::Timeline) }</label>
            <div class="timeline-track">
                <input id="timeline" type="range" data-testid="timeline" min="0" max={max_ms.to_string()} step="1"
                    value={s.view.now.as_millis().to_string()} onchange={on_change}
                    aria-valuetext={clock(s.view.now)} />
                <div class="marks" aria-hidden="true">{ for marks }</div>
            </div>
        </div>
    }
}
