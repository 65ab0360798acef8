//! Consumer groups on the picture: a labelled box per group at the right
//! edge (group id, state, generation, assignor, coordinator), a node per
//! member, and a line from each member to the leader of every partition it
//! was assigned — so a rebalance is seen as lines jumping.
//!
//! The model ([`crate::viz::groups`]) says what each member is doing; a
//! stalled member is drawn with a dotted border and a pause icon, a killed
//! one (the coordinator still counts it until `session.timeout.ms` runs out)
//! crossed out with a cross, a joining one dashed with three dots, so no
//! state rests on colour. A consumer node is a button: it opens the
//! consumer's actions. The group id is never cut: a long one wraps onto
//! more title lines ([`crate::viz::wrap`]), and the layout makes room.

use yew::prelude::*;

use crate::i18n::{text, Key, Lang};
use crate::sim::view::ClusterView;
use crate::viz::countdown::{CountdownMark, RingOn};
use crate::viz::groups::{ConsumerNode, GroupPicture, MemberStatus};
use crate::viz::icons::Icon;
use crate::viz::layout::{Layout, Rect};
use crate::viz::palette::{member_style, okabe_ito, tint};

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Status icon and word of a member.
pub fn status_text(lang: Lang, s: MemberStatus) -> (Icon, &'static str) {
    match s {
        MemberStatus::Active => (Icon::Dot, text(lang, Key::MemberActive)),
        MemberStatus::Stalled => (Icon::Pause, text(lang, Key::MemberStalled)),
        MemberStatus::Killed => (Icon::Cross, text(lang, Key::MemberKilled)),
        MemberStatus::Joining => (Icon::Dots, text(lang, Key::MemberJoining)),
    }
}

/// The group box's title: "Group" and the whole id, wrapped onto as many
/// lines as the layout made room for.
fn group_title(lang: Lang, id: &str, r: Rect) -> Html {
    use crate::viz::wrap::{group_title_lines, GROUP_TITLE_FONT, GROUP_TITLE_LINE};
    let lines = group_title_lines(id).into_iter().enumerate().map(|(i, line)| {
        let line = if i == 0 { format!("{} {line}", text(lang, Key::Group)) } else { line };
        html! { <tspan x={f(r.x + 10.0)} dy={if i == 0 { "0".to_string() } else { f(GROUP_TITLE_LINE) }}>{ line }</tspan> }
    });
    html! {
        <text x={f(r.x + 10.0)} y={f(r.y + 26.0)} class="group-title" font-size={f(GROUP_TITLE_FONT)}
            data-testid={format!("group-title-{id}")} data-full={id.to_string()}>{ for lines }</text>
    }
}

/// Lines from members to the leaders of their partitions (drawn under everything else).
pub fn assignment_lines(view: &ClusterView, l: &Layout, groups: &[GroupPicture]) -> Html {
    let lines = groups.iter().flat_map(|g| g.members.iter().map(move |m| (g, m))).flat_map(|(g, m)| {
        let slot = l.consumers.iter().find(|s| s.group == g.group_id && s.client_id == m.client_id);
        m.partitions.iter().filter_map(move |(topic, p)| {
            let slot = slot?;
            let leader = view.partitions.iter().find(|x| &x.topic == topic && x.partition == *p)?.leader?;
            let chip = l.replicas.iter().find(|c| &c.topic == topic && c.partition == *p && c.broker == leader.0)?;
            let (x1, y1) = (slot.rect.x, slot.rect.center().y);
            let (x2, y2) = (chip.rect.x + chip.rect.w, chip.rect.center().y);
            let dead = m.status == MemberStatus::Killed;
            Some(html! {
                <line class="assignment" data-testid={format!("assign-{}-{topic}-{p}", m.client_id)}
                    x1={f(x1)} y1={f(y1)} x2={f(x2)} y2={f(y2)} stroke={okabe_ito::BLUISH_GREEN}
                    stroke-width="3" stroke-dasharray={if dead { "4 6" } else { "" }} opacity="0.75" />
            })
        })
    });
    html! { <g class="assignments">{ for lines }</g> }
}

/// The group boxes and consumer nodes.
/// A member whose session runs down wears its `session.timeout.ms` ring from `marks`.
pub fn group_layer(
    lang: Lang,
    (l, marks): (&Layout, &[CountdownMark]),
    groups: &[GroupPicture],
    pick: &Callback<String>,
) -> Html {
    let boxes = groups.iter().filter_map(|g| {
        let (_, r) = l.groups.iter().find(|(id, _)| *id == g.group_id)?;
        let members = g.members.iter().filter_map(|m| {
            let s = l.consumers.iter().find(|s| s.group == g.group_id && s.client_id == m.client_id)?;
            Some(member_node(lang, (&g.group_id, m), s.rect, marks, pick))
        });
        Some(group_box(lang, g, *r, html! { <>{ for members }</> }))
    });
    html! { <g class="groups">{ for boxes }</g> }
}

/// One group's box: title, `state · gen · assignor`, and its `members` drawn inside.
fn group_box(lang: Lang, g: &GroupPicture, r: Rect, members: Html) -> Html {
    let assignor = g.assignor.clone().unwrap_or_else(|| "—".to_string());
    let sub = format!("{} · {} {} · {assignor}", g.state, text(lang, Key::GenShort), g.generation);
    let head =
        crate::viz::wrap::GROUP_TITLE_LINE * (crate::viz::wrap::group_title_lines(&g.group_id).len().max(1) - 1) as f64;
    let title = format!(
        "{} {} · {} · {} {}",
        text(lang, Key::Group),
        g.group_id,
        sub,
        text(lang, Key::Coordinator),
        g.coordinator.map_or("—".to_string(), |b| b.to_string())
    );
    html! {
        <g class="group" data-testid={format!("group-{}", g.group_id)} data-state={g.state} data-generation={g.generation.to_string()}>
            <title>{ title }</title>
            <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="12" fill={tint::GROUP}
                stroke={okabe_ito::BLUISH_GREEN} stroke-width="3" />
            { group_title(lang, &g.group_id, r) }
            <text x={f(r.x + 10.0)} y={f(r.y + 50.0 + head)} class="group-sub">{ sub }</text>
            { members }
        </g>
    }
}

/// Member `m` of `group` in `r`: a button that opens the consumer's actions through `pick`.
fn member_node(
    lang: Lang,
    (group, m): (&str, &ConsumerNode),
    r: Rect,
    marks: &[CountdownMark],
    pick: &Callback<String>,
) -> Html {
    let (glyph, word) = status_text(lang, m.status);
    let (stroke, dash, fill) = member_style(m.status);
    let parts = m.partitions.iter().map(|(t, p)| format!("{t}-{p}")).collect::<Vec<_>>().join(", ");
    let label = format!("{} {} · {word} · {parts}", text(lang, Key::ConsumerNode), m.client_id);
    let id = m.client_id.clone();
    let onclick = pick.reform(move |_: MouseEvent| id.clone());
    let onkeydown = {
        let (pick, id) = (pick.clone(), m.client_id.clone());
        move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                pick.emit(id.clone());
            }
        }
    };
    let font = (r.h * 0.45).clamp(12.0, 22.0);
    let count = m.chip();
    let on = RingOn::Member { group: group.into(), client_id: m.client_id.clone() };
    let ring = marks.iter().any(|x| x.on == on);
    html! {
        <g class={classes!("consumer", format!("consumer-{}", m.status.as_str()))} data-testid={format!("consumer-{}", m.client_id)}
            data-status={m.status.as_str()} data-partitions={parts.clone()} role="button" tabindex="0"
            aria-label={label.clone()} {onclick} {onkeydown}>
            <title>{ label }</title>
            <rect class="consumer-box" x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="8" fill={fill}
                stroke={stroke} stroke-width="3.5" stroke-dasharray={dash} />
            { super::icons::icon_at(glyph, (r.x + 8.0, r.y + (r.h - font * 0.8) / 2.0), font * 0.8, stroke) }
            <text x={f(r.x + 12.0 + font * 0.8)} y={f(r.y + r.h / 2.0 + font * 0.36)} class="consumer-name" font-size={f(font)}
                text-decoration={if m.status == MemberStatus::Killed { "line-through" } else { "" }}>
                { crate::viz::wrap::short(&m.client_id, 15) }</text>
            if !ring {
                <text x={f(r.x + r.w - 8.0)} y={f(r.y + r.h / 2.0 + font * 0.36)} class="consumer-sub" text-anchor="end" font-size={f(font * 0.85)}
                    data-testid={format!("consumer-chip-{}", m.client_id)} data-revoked={m.revoked.to_string()}>
                    { count }</text>
            }
            { super::countdown::ring_on(lang, marks, &on) }
        </g>
    }
}
