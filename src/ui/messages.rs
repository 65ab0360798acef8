//! Messages that teach: the requests and responses the cluster just
//! exchanged, gliding along their links at human speed.
//!
//! Network latency is a few milliseconds, so the picture replays the
//! messages the core delivered last, each over a fixed wall-clock flight
//! ([`crate::viz::anim`] decides which and how far along). Each API has a
//! colour, a shape and a short label ([`crate::viz::palette::api_mark`]);
//! a request is drawn filled, its response hollow. Heartbeats (broker and
//! consumer) are hidden unless the toggle asks for them. With
//! `prefers-reduced-motion` the dots stay still at the middle of their link.
//! [`Legend`] explains the marks.

use yew::prelude::*;

use super::context::use_lang;
use super::runner::use_runner;
use crate::i18n::{text, Key};
use crate::viz::anim::{schedule, MAX_FLIGHTS};
use crate::viz::interp::lerp;
use crate::viz::layout::{layout_with, Point};
use crate::viz::palette::{api_mark, is_response, neutral, Shape, LEGEND};

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub show_heartbeats: bool,
    pub reduced_motion: bool,
}

/// One message mark centred on `p`.
pub fn mark(api: &str, p: Point, size: f64) -> Html {
    let m = api_mark(api);
    let hollow = is_response(api);
    let (fill, ink) = if hollow { (neutral::PAPER, neutral::INK) } else { (m.colour, neutral::PAPER) };
    let (x, y, r) = (p.x, p.y, size);
    let body = match m.shape {
        Shape::Circle => {
            html! { <circle cx={f(x)} cy={f(y)} r={f(r)} fill={fill} stroke={m.colour} stroke-width="3.5" /> }
        }
        Shape::Square => {
            html! { <rect x={f(x - r)} y={f(y - r)} width={f(2.0 * r)} height={f(2.0 * r)} rx="2" fill={fill} stroke={m.colour} stroke-width="3.5" /> }
        }
        Shape::Diamond => {
            html! { <polygon points={format!("{},{} {},{} {},{} {},{}", f(x), f(y - r * 1.3), f(x + r * 1.3), f(y), f(x), f(y + r * 1.3), f(x - r * 1.3), f(y))} fill={fill} stroke={m.colour} stroke-width="3.5" /> }
        }
        Shape::Triangle => {
            html! { <polygon points={format!("{},{} {},{} {},{}", f(x), f(y - r * 1.3), f(x + r * 1.2), f(y + r * 0.9), f(x - r * 1.2), f(y + r * 0.9))} fill={fill} stroke={m.colour} stroke-width="3.5" /> }
        }
    };
    let font = if m.label.chars().count() > 1 { r * 0.95 } else { r * 1.25 };
    html! {
        <>
            { body }
            <text x={f(x)} y={f(y + font * 0.36)} text-anchor="middle" class="msg-label" font-size={f(font)} fill={ink}>{ m.label }</text>
        </>
    }
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let ctx = use_runner();
    let s = &ctx.snap;
    let l = layout_with(&s.view, &s.groups);
    let flights = schedule(&s.recent, &s.view.messages, s.view.now, s.speed, props.show_heartbeats, MAX_FLIGHTS);
    let dots = flights.iter().filter_map(|m| {
        let (a, b) = (l.anchor(m.from)?, l.anchor(m.to)?);
        let p = lerp(a, b, if props.reduced_motion { 0.5 } else { m.t });
        Some(html! {
            <g key={m.id} class="msg" data-api={m.api.clone()}>
                <title>{ format!("{}: {} → {}", m.api, m.from, m.to) }</title>
                { mark(&m.api, p, 11.0) }
            </g>
        })
    });
    html! { <g class="messages" aria-hidden="true">{ for dots }</g> }
}

/// What the message marks mean (request filled, response hollow).
#[function_component(Legend)]
pub fn legend() -> Html {
    let lang = use_lang();
    let items = LEGEND.iter().map(|api| {
        html! {
            <li><svg viewBox="-16 -16 32 32" class="legend-mark" aria-hidden="true">{ mark(api, Point { x: 0.0, y: 0.0 }, 11.0) }</svg>
                { *api }</li>
        }
    });
    html! {
        <div class="legend" data-testid="legend">
            <span class="legend-title">{ text(lang, Key::LegendTitle) }</span>
            <ul>{ for items }</ul>
        </div>
    }
}
