//! The partition detail: a log strip per replica, opened by clicking (or
//! pressing Enter on) a replica chip, closed with Esc or its button.
//!
//! The model is [`crate::viz::logstrip`]; this component lays it out as a
//! grid with one column per offset (plus one past the end, where the LEO
//! points). In each strip: record cells with offset, key and epoch; cells at
//! or above the HW shaded and hatched ("not visible to consumers yet");
//! cells where the ledger lost an acknowledged record marked ⚠; under each
//! strip the HW and LEO markers. Under all strips, per consumer group, the
//! owner's position (▲ pos) and the last committed offset (◆ commit). A
//! marker left of the window is pinned at the left edge with "←".
//!
//! Issue 14: above each strip its segment row ([`super::log_picture`]); the
//! log start offset marked; tombstones drawn dark with the key struck out;
//! offsets the cleaner emptied dotted. Cells are keyed by record id, so a
//! record removed by retention or the cleaner fades out where it was (the
//! model keeps it a moment as a *gone* cell) while the survivors stay put.
//! A compacted topic's table view (latest value per key) sits beside the strips.

use yew::prelude::*;

use super::context::use_lang;
use super::icons::{icon, with_icons};
use super::log_picture::{holes, segment_row, table_view};
use super::runner::{use_runner, Action};
use crate::i18n::log_panel::{t as lt, L};
use crate::i18n::trace::loss_explanation;
use crate::i18n::{text, Key, Lang};
use crate::viz::icons::Icon;
use crate::viz::logstrip::{Cell, GroupMarks, PartitionDetail, Strip};

/// The marker at `offset`, reading `label` (which names the offset itself).
fn marker(d: &PartitionDetail, offset: i64, class: &'static str, label: String, testid: String) -> Html {
    let (col, pinned) = match d.column(offset) {
        Some(c) => (c, false),
        None => (0, true),
    };
    let mark = if pinned {
        html! { "← " }
    } else {
        icon(Icon::Up)
    };
    html! {
        <span class={classes!("marker", class, pinned.then_some("pinned"))} data-testid={testid} data-offset={offset.to_string()}
            style={format!("grid-column:{}", col + 2)}>{ mark }{ label }</span>
    }
}

#[function_component(PartitionDetailPanel)]
pub fn partition_detail_panel() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let panel = use_node_ref();
    let open = ctx.snap.detail.as_ref().map(|d| (d.topic.clone(), d.partition));
    {
        let panel = panel.clone();
        use_effect_with(open.clone(), move |open| {
            if open.is_some() {
                if let Some(el) = panel.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let Some(d) = &ctx.snap.detail else { return html! {} };
    let t = |k| text(lang, k);
    let close = ctx.act.reform(|_: MouseEvent| Action::Inspect(None));
    let onkeydown = {
        let act = ctx.act.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                act.emit(Action::Inspect(None));
            }
        }
    };
    let cols = d.cols.len();
    let grid = format!("grid-template-columns: 6.5em repeat({cols}, minmax(2.1em, 1fr))");
    // A run of offsets the cleaner emptied reads as its range, over two lines.
    let heads = d.cols.iter().map(|&(a, b)| match b - a {
        1 => html! { <span class="offset-head">{ a }</span> },
        _ => html! { <span class="offset-head gap">{ format!("{a}\n–{}", b - 1) }</span> },
    });
    let strips = d.strips.iter().map(|s| strip(lang, d, s, &grid));
    let groups = d.groups.iter().map(|g| group_markers(lang, d, g, &grid));
    let losses = d.losses.iter().map(|(o, why)| {
        html! { <li data-testid="detail-loss">{ icon(Icon::Warning) }{ format!("{} {o}: {}", t(Key::OffsetWord), loss_explanation(why, lang)) }</li> }
    });
    let title = format!(
        "{}-{} · {} {} · {} {}",
        d.topic,
        d.partition,
        t(Key::Leader),
        d.leader.map_or("—".to_string(), |b| b.to_string()),
        t(Key::Epoch),
        d.epoch
    );
    html! {
        <div class="partition-detail" role="dialog" aria-label={title.clone()} data-testid="partition-detail"
            tabindex="-1" ref={panel} {onkeydown}>
            <div class="detail-head">
                <h2>{ title }</h2>
                <button type="button" class="btn btn-quiet" data-testid="detail-close" onclick={close}>{ icon(Icon::Cross) }{ format!("{} (Esc)", t(Key::Close)) }</button>
            </div>
            <p class="hint">{ with_icons(t(Key::DetailHint), &[("{warn}", Icon::Warning), ("{up}", Icon::Up)]) }</p>
            if d.compact { <p class="hint">{ lt(lang, L::CompactHint) }</p> }
            <div class="detail-body">
                <div class="strips">
                    <div class="strip heads" style={grid.clone()}><span />{ for heads }</div>
                    { for strips }
                    { for groups }
                </div>
                if let Some(rows) = &d.table { { table_view(lang, rows) } }
            </div>
            if !d.losses.is_empty() { <ul class="losses">{ for losses }</ul> }
        </div>
    }
}

/// One replica's strip (its cells, greyed on a down broker; "offline" without a log) and its HW/LEO markers.
fn strip(lang: Lang, d: &PartitionDetail, s: &Strip, grid: &str) -> Html {
    let t = |k| text(lang, k);
    let cols = d.cols.len();
    // A down broker's strip says so beside its name (its LEO marker stays short: it may sit at the right edge).
    let role = if !s.online {
        html! { <span data-testid={format!("offline-{}", s.broker)}>{ format!("{} · {}", if s.leader { "L" } else { "F" }, t(Key::Offline)) }</span> }
    } else if s.leader {
        html! { <>{ icon(Icon::Star) }{ format!("L · {}", t(Key::Leader)) }</> }
    } else if s.in_isr {
        html! { "F" }
    } else {
        html! { "F · ∉ ISR" }
    };
    let name = html! { <span class="strip-name">{ format!("{} {}", t(Key::Broker), s.broker) }<br /><small>{ role }</small></span> };
    if !s.online && s.leo < 0 {
        return html! {
            <div class="strip offline" data-testid={format!("strip-{}", s.broker)} style={grid.to_string()}>
                { name }<span class="offline-note" style={format!("grid-column: 2 / span {cols}")}>{ t(Key::ReplicaOffline) }</span>
            </div>
        };
    }
    let cells = s.cells.iter().map(|c| cell(lang, d, c));
    // The log start offset's marker shares the HW's row unless their labels would meet.
    let (start_col, hw_col) = (d.column(s.log_start).unwrap_or(0), d.column(s.hw).unwrap_or(0));
    let start_class = if hw_col < start_col + 4 { "m-start low" } else { "m-start" };
    // A down broker's log, as its disk keeps it: greyed (`.strip.offline`), "offline" beside its name.
    html! {
        <>
            { segment_row(lang, d, s, grid) }
            <div class={classes!("strip", s.leader.then_some("leader"), (!s.online).then_some("offline"))} data-testid={format!("strip-{}", s.broker)}
                data-leo={s.leo.to_string()} data-hw={s.hw.to_string()} data-online={s.online.to_string()} style={grid.to_string()}>
                { name }{ holes(lang, d, s) }<>{ for cells }</>
            </div>
            <div class="markers" style={grid.to_string()}>
                <span />
                { marker(d, s.log_start, start_class, format!("log start {}", s.log_start), format!("start-{}", s.broker)) }
                { marker(d, s.hw, "m-hw", format!("HW {}", s.hw), format!("hw-{}", s.broker)) }
                { marker(d, s.leo, "m-leo", format!("LEO {}", s.leo), format!("leo-{}", s.broker)) }
            </div>
        </>
    }
}

/// One record's cell, keyed by its record id (so a removed record fades where it stood).
fn cell(lang: Lang, d: &PartitionDetail, c: &Cell) -> Html {
    let t = |k| text(lang, k);
    let key = c.key.clone().unwrap_or_else(|| "null".into());
    let above = if c.above_hw { " · ≥ HW" } else { "" };
    let value = c.value.clone().unwrap_or_else(|| lt(lang, L::Tombstone).to_string());
    let title = format!(
        "{} {} · key {key} · value {value} · {} {}{above}",
        t(Key::OffsetWord),
        c.offset,
        t(Key::Epoch),
        c.epoch
    );
    let class = classes!(
        "cell",
        c.above_hw.then_some("above-hw"),
        c.lost.then_some("lost"),
        c.tombstone().then_some("tomb"),
        c.gone_at.is_some().then_some("gone")
    );
    // The whole key: the stylesheet clips its start when the cell is narrow (keys differ at the end).
    let key = if c.lost {
        html! { <>{ icon(Icon::Warning) }{ key }</> }
    } else {
        html! { { key } }
    };
    html! {
        <span key={c.id} {class} style={format!("grid-column:{}", d.column(c.offset).unwrap_or(0) + 2)} {title}
            data-offset={c.offset.to_string()}>
            <b>{ c.offset }</b><small>{ key }</small>
        </span>
    }
}

/// A group's position and committed-offset markers on the strips' columns.
fn group_markers(lang: Lang, d: &PartitionDetail, g: &GroupMarks, grid: &str) -> Html {
    let t = |k| text(lang, k);
    let owner = g.owner.clone().unwrap_or_else(|| "—".into());
    let lag = g.lag.map_or("—".to_string(), |l| l.to_string());
    html! {
        <div class="markers group-markers" style={grid.to_string()} data-testid={format!("marks-{}", g.group)}>
            <span class="strip-name">{ format!("{} {}", t(Key::Group), g.group) }<br /><small>{ format!("{owner} · lag {lag}") }</small></span>
            if let Some(p) = g.position { { marker(d, p, "m-pos", format!("{} {p}", t(Key::Position)), format!("pos-{}", g.group)) } }
            if let Some(c) = g.committed { { marker(d, c, "m-commit", format!("{} {c}", t(Key::Committed)), format!("commit-{}", g.group)) } }
        </div>
    }
}
