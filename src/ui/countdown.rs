//! A countdown ring ([`crate::viz::countdown`]) as SVG: a white disk on a
//! faint track for the whole timeout, the arc of the time left, the seconds
//! left inside, and a tooltip naming the configuration. The owner of the node
//! (broker, replica chip, consumer node) draws it over itself. Nothing moves
//! but the arc, recomputed every frame: no transition, so reduced motion is
//! honoured as it is.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::viz::countdown::{CountdownMark, RingOn};
use crate::viz::palette::{COUNTDOWN_ARC, COUNTDOWN_DISK, COUNTDOWN_TRACK};

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// The ring of the first mark on `on`, if any.
pub fn ring_on(lang: Lang, marks: &[CountdownMark], on: &RingOn) -> Html {
    marks.iter().find(|m| m.on == *on).map_or_else(|| html! {}, |m| ring(lang, m))
}

/// One ring.
pub fn ring(lang: Lang, m: &CountdownMark) -> Html {
    let (stroke, font) = m.stroke_and_font();
    html! {
        <g class="countdown" data-testid={m.testid.clone()} data-config={m.kind.config_key()}
            data-seconds={m.seconds_left.to_string()}>
            <title>{ m.title(lang) }</title>
            <circle cx={f(m.cx)} cy={f(m.cy)} r={f(m.r)} fill={COUNTDOWN_DISK} stroke={COUNTDOWN_TRACK}
                stroke-width={f(stroke)} />
            <path class="countdown-arc" d={m.arc()} fill="none" stroke={COUNTDOWN_ARC} stroke-width={f(stroke)}
                stroke-linecap="round" />
            <text x={f(m.cx)} y={f(m.cy + font * 0.36)} class="countdown-label" text-anchor="middle"
                font-size={f(font)}>{ m.label() }</text>
        </g>
    }
}
