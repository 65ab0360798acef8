//! Consumer groups on the picture: a labelled box per group at the right
//! edge (group id, state, generation, assignor, coordinator), a node per
//! member, and a line from each member to the leader of every partition it
//! was assigned — so a rebalance is seen as lines jumping.
//!
//! The model ([`crate::viz::groups`]) says what each member is doing; a
//! stalled member is drawn with a dotted border and "⏸", a killed one (the
//! coordinator still counts it until `session.timeout.ms` runs out) crossed
//! out with "✖", a joining one dashed with "…", so no state rests on colour.
//! A consumer node is a button: it opens the consumer's actions.

use yew::prelude::*;

use crate::i18n::{text, Key, Lang};
use crate::sim::view::ClusterView;
use crate::viz::countdown::{CountdownMark, RingOn};
use crate::viz::groups::{GroupPicture, MemberStatus};
use crate::viz::layout::Layout;
use crate::viz::palette::okabe_ito;

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Status glyph and word of a member.
pub fn status_text(lang: Lang, s: MemberStatus) -> (&'static str, &'static str) {
    match s {
        MemberStatus::Active => ("●", text(lang, Key::MemberActive)),
        MemberStatus::Stalled => ("⏸", text(lang, Key::MemberStalled)),
        MemberStatus::Killed => ("✖", text(lang, Key::MemberKilled)),
        MemberStatus::Joining => ("…", text(lang, Key::MemberJoining)),
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
        let assignor = g.assignor.clone().unwrap_or_else(|| "—".to_string());
        let sub = format!("{} · gen {} · {assignor}", g.state, g.generation);
        let title = format!(
            "{} {} · {} · coordinator {}",
            text(lang, Key::Group),
            g.group_id,
            sub,
            g.coordinator.map_or("—".to_string(), |b| b.to_string())
        );
        let members = g.members.iter().filter_map(|m| {
            let s = l.consumers.iter().find(|s| s.group == g.group_id && s.client_id == m.client_id)?;
            let (glyph, word) = status_text(lang, m.status);
            let (stroke, dash, fill) = match m.status {
                MemberStatus::Active => (okabe_ito::BLUISH_GREEN, "", "#e3f4ee"),
                MemberStatus::Stalled => (okabe_ito::ORANGE, "3 4", "#fdf6d8"),
                MemberStatus::Killed => (okabe_ito::VERMILLION, "10 6", "#fbe9df"),
                MemberStatus::Joining => (okabe_ito::GREY, "6 4", "#f3f4f6"),
            };
            let parts = m.partitions.iter().map(|(t, p)| format!("{t}-{p}")).collect::<Vec<_>>().join(", ");
            let label = format!("{} {} · {glyph} {word} · {parts}", text(lang, Key::ConsumerNode), m.client_id);
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
            let r = s.rect;
            let font = (r.h * 0.45).clamp(12.0, 22.0);
            let count = format!("{}P", m.partitions.len());
            let on = RingOn::Member { group: g.group_id.clone(), client_id: m.client_id.clone() };
            let ring = marks.iter().any(|x| x.on == on);
            Some(html! {
                <g class={classes!("consumer", format!("consumer-{}", m.status.as_str()))} data-testid={format!("consumer-{}", m.client_id)}
                    data-status={m.status.as_str()} data-partitions={parts.clone()} role="button" tabindex="0"
                    aria-label={label.clone()} {onclick} {onkeydown}>
                    <title>{ label }</title>
                    <rect class="consumer-box" x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="8" fill={fill}
                        stroke={stroke} stroke-width="3.5" stroke-dasharray={dash} />
                    <text x={f(r.x + 8.0)} y={f(r.y + r.h / 2.0 + font * 0.36)} class="consumer-name" font-size={f(font)}
                        text-decoration={if m.status == MemberStatus::Killed { "line-through" } else { "" }}>
                        { format!("{glyph} {}", super::cluster::short(&m.client_id, 16)) }</text>
                    if !ring {
                        <text x={f(r.x + r.w - 8.0)} y={f(r.y + r.h / 2.0 + font * 0.36)} class="consumer-sub" text-anchor="end" font-size={f(font * 0.85)}>
                            { count }</text>
                    }
                    { super::countdown::ring_on(lang, marks, &on) }
                </g>
            })
        });
        Some(html! {
            <g class="group" data-testid={format!("group-{}", g.group_id)} data-state={g.state} data-generation={g.generation.to_string()}>
                <title>{ title }</title>
                <rect x={f(r.x)} y={f(r.y)} width={f(r.w)} height={f(r.h)} rx="12" fill="#f7fbf9"
                    stroke={okabe_ito::BLUISH_GREEN} stroke-width="3" />
                <text x={f(r.x + 10.0)} y={f(r.y + 26.0)} class="group-title">
                    { format!("{} {}", text(lang, Key::Group), super::cluster::short(&g.group_id, 16)) }</text>
                <text x={f(r.x + 10.0)} y={f(r.y + 50.0)} class="group-sub">{ sub }</text>
                { for members }
            </g>
        })
    });
    html! { <g class="groups">{ for boxes }</g> }
}
