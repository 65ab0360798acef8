//! The cluster picture (SVG): the KRaft controller, brokers as large nodes
//! with their replicas, producers at the left edge, and the messages in
//! flight gliding along their links.
//!
//! Geometry comes from [`crate::viz::layout`], message positions from
//! [`crate::viz::interp`], colours and icons from [`crate::viz::palette`];
//! this component only turns them into SVG elements with the test hooks
//! (`data-testid`, `data-state`, `data-role`, `data-in-isr`). A timeout
//! running down is a ring on its node ([`super::countdown`]). A broker is a
//! button: a click anywhere on it (its replica chips included), or Enter on
//! it, pauses the cluster and opens its menu beside it
//! ([`super::broker_menu`]), which also opens a partition's log.

use yew::prelude::*;

use super::broker_menu::{place_of, BrokerMenu, MenuAt};
use super::context::{use_lang, use_spotlight, Spotlight};
use super::icons::icon_at;
use super::runner::{use_runner, Action};
use crate::i18n::{text, Key, Lang};
use crate::sim::messages::NodeId;
use crate::sim::view::{BrokerState, BrokerView, ClusterView};
use crate::viz::countdown::{countdown_marks, CountdownMark, RingOn};
use crate::viz::icons::Icon;
use crate::viz::layout::{layout_with, Layout, Rect, HEIGHT};
use crate::viz::palette::{broker_style, neutral, okabe_ito, tint};
use crate::viz::popover::Placement;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub show_heartbeats: bool,
    pub reduced_motion: bool,
}

/// The picture and, when a broker is chosen, its menu.
#[function_component(Cluster)]
pub fn cluster(props: &ClusterProps) -> Html {
    let lang = use_lang();
    let spot = use_spotlight();
    let ctx = use_runner();
    let chosen = use_state(|| None::<MenuAt>);
    let chosen_consumer = use_state(|| None::<String>);
    let view = &ctx.snap.view;
    let l = layout_with(view, &ctx.snap.groups);
    let pick_consumer = {
        let c = chosen_consumer.clone();
        Callback::from(move |id: String| c.set(Some(id)))
    };
    let close_consumer = {
        let c = chosen_consumer.clone();
        Callback::from(move |_| c.set(None))
    };
    let consumer_menu = (*chosen_consumer).clone().map(|id| {
        let member = ctx.snap.groups.iter().flat_map(|g| &g.members).find(|m| m.client_id == id);
        let status = member.map(|m| m.status);
        html! { <super::consumer_menu::ConsumerMenu client_id={id} {status} close={close_consumer} /> }
    });
    let (pick, close) = menu_callbacks(&chosen, &ctx.act, ctx.snap.playing);
    let marks = countdown_marks(view, &l);
    let brokers = view.brokers.iter().map(|b| broker_node(lang, (view, &spot), (&l, &marks), b, &pick));
    let menu =
        chosen.and_then(|at| view.brokers.iter().find(|b| b.id.0 == at.broker).map(|b| (at, b))).map(|(at, b)| {
            let partitions: Vec<(String, u32)> =
                l.replicas.iter().filter(|c| c.broker == at.broker).map(|c| (c.topic.clone(), c.partition)).collect();
            html! { <BrokerMenu {at} state={b.state} {partitions} {close} /> }
        });
    html! {
        <div class="cluster-pane">
            <svg class="cluster" data-testid="cluster" viewBox={format!("0 0 {} {HEIGHT}", l.width)} role="group"
                aria-label={text(lang, Key::ClusterLabel)} preserveAspectRatio="xMidYMid meet">
                { links(view, &l, &ctx.snap.cuts) }
                { super::groups::assignment_lines(view, &l, &ctx.snap.groups) }
                // Under the nodes: a message reaching a broker or client slips behind it
                // instead of piling up over its title.
                <super::messages::Messages show_heartbeats={props.show_heartbeats} reduced_motion={props.reduced_motion} />
                { controller_node(lang, view, &l) }
                { for brokers }
                { broker_cuts(lang, &l, &ctx.snap.cuts) }
                { producers(lang, view, &l) }
                { super::groups::group_layer(lang, (&l, &marks), &ctx.snap.groups, &pick_consumer) }
            </svg>
            { for menu }
            { for consumer_menu }
            <super::partition_detail::PartitionDetailPanel />
        </div>
    }
}

/// Opening a broker's menu pauses the cluster (remembering whether it was
/// `playing`); closing it plays on if it was. Re-picking keeps the first memory.
fn menu_callbacks(
    chosen: &UseStateHandle<Option<MenuAt>>,
    act: &Callback<Action>,
    playing: bool,
) -> (Callback<(u32, Option<Placement>)>, Callback<()>) {
    let pick = {
        let (chosen, act) = (chosen.clone(), act.clone());
        Callback::from(move |(broker, place): (u32, Option<Placement>)| {
            let resume = chosen.map_or(playing, |m| m.resume);
            act.emit(Action::Pause);
            chosen.set(Some(MenuAt { broker, place, resume }));
        })
    };
    let close = {
        let (chosen, act) = (chosen.clone(), act.clone());
        Callback::from(move |()| {
            if chosen.is_some_and(|m| m.resume) {
                act.emit(Action::Play);
            }
            chosen.set(None);
        })
    };
    (pick, close)
}

fn controller_node(lang: Lang, view: &ClusterView, l: &Layout) -> Html {
    let r = l.controller;
    html! {
        <g class="controller" data-testid="controller">
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="14"
                fill={tint::PURPLE} stroke={okabe_ito::REDDISH_PURPLE} stroke-width="4" />
            { icon_at(Icon::Crown, (r.center().x - 64.0, r.y + 44.0), 22.0, okabe_ito::REDDISH_PURPLE) }
            <text x={r.center().x.to_string()} y={(r.y + 32.0).to_string()} class="node-title" text-anchor="middle">
                { text(lang, Key::Controller) }</text>
            <text x={r.center().x.to_string()} y={(r.y + 62.0).to_string()} class="node-sub" text-anchor="middle">
                { format!("node {}", view.controller_id) }</text>
        </g>
    }
}

/// Broker–broker links the network cuts (either direction): a dashed arc
/// above the two brokers with scissors, `data-testid="cut-<a>-<b>"`.
fn broker_cuts(lang: Lang, l: &Layout, cuts: &[(NodeId, NodeId)]) -> Html {
    let mut pairs: Vec<(u32, u32)> = cuts
        .iter()
        .filter_map(|(a, b)| match (a, b) {
            (NodeId::Broker(a), NodeId::Broker(b)) => Some((a.0.min(b.0), a.0.max(b.0))),
            _ => None,
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    let arcs = pairs.into_iter().enumerate().filter_map(|(i, (a, b))| {
        let (pa, pb) = (l.broker_top(a)?, l.broker_top(b)?);
        let lift = 34.0 + 14.0 * i as f64;
        let (mx, my) = ((pa.x + pb.x) / 2.0, pa.y - lift);
        let (na, nb) = (NodeId::Broker(crate::sim::ids::BrokerId(a)), NodeId::Broker(crate::sim::ids::BrokerId(b)));
        let one_way = !(cuts.contains(&(na, nb)) && cuts.contains(&(nb, na)));
        Some(html! {
            <g class="link link-cut" data-testid={format!("cut-{a}-{b}")}>
                <title>{ format!("{}: {a} ↔ {b}{}", text(lang, Key::LinkCut), if one_way { format!(" ({})", text(lang, Key::OneWay)) } else { String::new() }) }</title>
                <path d={format!("M {} {} Q {} {} {} {}", pa.x, pa.y, mx, my - lift, pb.x, pb.y)} fill="none"
                    stroke={okabe_ito::VERMILLION} stroke-width="4" stroke-dasharray="10 8" />
                { cut_mark(mx, my - 6.0) }
            </g>
        })
    });
    html! { <g class="cuts">{ for arcs }</g> }
}

/// Controller–broker links; a down or isolated broker's link, or one the network cuts, is drawn dashed and crossed.
fn links(view: &ClusterView, l: &Layout, cuts: &[(NodeId, NodeId)]) -> Html {
    let from = l.anchor(crate::sim::messages::NodeId::Controller).expect("the controller is laid out");
    let lines = view.brokers.iter().filter_map(|b| {
        let to = l.broker_top(b.id.0)?;
        let node = NodeId::Broker(b.id);
        let cut = b.state != BrokerState::Running
            || cuts.iter().any(|c| *c == (NodeId::Controller, node) || *c == (node, NodeId::Controller));
        let (mx, my) = ((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
        Some(html! {
            <g class={classes!("link", cut.then_some("link-cut"))} data-testid={format!("link-controller-{}", b.id.0)}>
                <line x1={from.x.to_string()} y1={from.y.to_string()} x2={to.x.to_string()} y2={to.y.to_string()}
                    stroke={if cut { okabe_ito::VERMILLION } else { neutral::LINK }} stroke-width="4"
                    stroke-dasharray={if cut { "10 10" } else { "" }} />
                if cut { { cut_mark(mx, my) } }
            </g>
        })
    });
    html! { <g class="links">{ for lines }</g> }
}

/// The scissors on a cut link, centred on `(x, y)`.
fn cut_mark(x: f64, y: f64) -> Html {
    html! { <g class="cut-mark">{ icon_at(Icon::Scissors, (x - 15.0, y - 15.0), 30.0, okabe_ito::VERMILLION) }</g> }
}

fn state_word(lang: Lang, state: BrokerState) -> &'static str {
    text(
        lang,
        match state {
            BrokerState::Running => Key::Running,
            BrokerState::Crashed => Key::Crashed,
            BrokerState::Stopped => Key::Stopped,
            BrokerState::Isolated => Key::Isolated,
        },
    )
}

fn broker_node(
    lang: Lang,
    (view, spot): (&ClusterView, &Spotlight),
    (l, marks): (&Layout, &[CountdownMark]),
    b: &BrokerView,
    pick: &Callback<(u32, Option<Placement>)>,
) -> Html {
    let Some(r) = l.broker(b.id.0) else { return html! {} };
    let style = broker_style(b.state);
    let id = b.id.0;
    let onclick = pick.reform(move |e: MouseEvent| (id, place_of(&e)));
    let onkeydown = {
        let pick = pick.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                pick.emit((id, place_of(&e)));
            }
        }
    };
    let mut status = state_word(lang, b.state).to_string();
    if b.fenced && b.state == BrokerState::Running {
        status.push_str(&format!(" · {}", text(lang, Key::Fenced)));
    }
    let label = format!("{} {id}: {status}", text(lang, Key::Broker));
    let chips = l.replicas.iter().filter(|c| c.broker == id).filter_map(|c| {
        let p = view.partitions.iter().find(|p| p.topic == c.topic && p.partition == c.partition)?;
        Some(super::replica::replica_chip(lang, (p, id), c.rect, (marks, spot.partition(&p.topic, p.partition))))
    });
    let on = RingOn::Broker(id);
    let ring = marks.iter().find(|m| m.on == on);
    // The slowed badge steps left of a ring in the title band.
    let badge_right = ring.filter(|m| m.cy > r.y).map_or(r.x + r.w - 12.0, |m| m.cx - m.r - 8.0);
    html! {
        <g class={classes!("broker", Spotlight::class(spot.broker(id)))} data-testid={format!("broker-{id}")} data-state={b.state.as_str()} data-fenced={b.fenced.to_string()}
            role="button" tabindex="0" aria-label={label} {onclick} {onkeydown}>
            <rect class="broker-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()}
                rx="18" fill={style.fill} stroke={style.stroke} stroke-width="6" stroke-dasharray={style.dash} />
            <text x={(r.x + 16.0).to_string()} y={(r.y + 36.0).to_string()} class="node-title">
                { format!("{} {id}", text(lang, Key::Broker)) }</text>
            { icon_at(style.glyph, (r.x + 16.0, r.y + 47.0), 21.0, style.stroke) }
            <text x={(r.x + 43.0).to_string()} y={(r.y + 64.0).to_string()} class="node-sub">{ status }</text>
            { for chips }
            { slowed_badge(b, r, badge_right) }
            { super::countdown::ring_on(lang, marks, &on) }
        </g>
    }
}

fn slowed_badge(b: &BrokerView, r: Rect, right: f64) -> Html {
    if b.slowed_ms == 0 {
        return html! {};
    }
    html! { <g class="slowed" data-testid={format!("slowed-{}", b.id.0)}>
    { icon_at(Icon::Hourglass, (right - 20.0, r.y + 19.0), 20.0, okabe_ito::ORANGE) }
    <text x={(right - 24.0).to_string()} y={(r.y + 36.0).to_string()} class="node-sub" text-anchor="end">
    { format!("+{}ms", b.slowed_ms) }</text></g> }
}

fn producers(lang: Lang, view: &ClusterView, l: &Layout) -> Html {
    let nodes = view.producers.iter().filter_map(|p| {
        let (_, c) = l.producers.iter().find(|(n, _)| *n == p.node)?;
        let acks = if p.acks == "-1" { "all" } else { p.acks.as_str() };
        let title = format!("{} {} · acks={acks} · {}/s", text(lang, Key::Producer), p.client_id, p.rate);
        Some(html! {
            <g class="producer" data-testid={format!("producer-{}", p.client_id)}>
                <title>{ title }</title>
                <circle cx={c.x.to_string()} cy={c.y.to_string()} r={l.producer_radius.to_string()}
                    fill={tint::ORANGE} stroke={okabe_ito::ORANGE} stroke-width="5" />
                { icon_at(Icon::Envelope, (c.x - 23.0, c.y - 22.0), 20.0, okabe_ito::ORANGE) }
                <text x={(c.x + 10.0).to_string()} y={(c.y - 4.0).to_string()} class="node-sub" text-anchor="middle">{ "P" }</text>
                <text x={c.x.to_string()} y={(c.y + 20.0).to_string()} class="chip-sub" text-anchor="middle">
                    { crate::viz::wrap::short(&p.client_id, 10) }</text>
                <text x={c.x.to_string()} y={(c.y + l.producer_radius + 22.0).to_string()} class="chip-sub" text-anchor="middle">
                    { format!("acks={acks}") }</text>
            </g>
        })
    });
    html! { <g class="producers">{ for nodes }</g> }
}
