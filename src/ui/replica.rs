//! One replica chip inside its broker: `topic-partition`, its role and its
//! ISR membership.
//!
//! The leader is unmistakable without colour: a star, the letter "L", a thick
//! border and a filled background. A follower shows "F"; a replica outside
//! the ISR is drawn hollow with a dashed border and says "∉ ISR". The leader
//! chip also shows the leader epoch; every chip shows its log end offset.
//! A chip the lesson step names wears the `is-highlighted` class.

use yew::prelude::*;

use super::context::Spotlight;
use crate::i18n::{text, Key, Lang};
use crate::sim::view::{PartitionView, ReplicaView};
use crate::viz::countdown::{CountdownMark, RingOn};
use crate::viz::layout::Rect;
use crate::viz::palette::{okabe_ito, replica_style, OFFLINE_CHIP};

/// The chip for partition `p`'s replica on `broker`, inside `r`. It is part
/// of its broker's button: a click on it opens the broker's menu, whose
/// partition buttons open the partition detail. A follower falling behind wears its `replica.lag.time.max.ms` ring from `marks` at the right end;
/// `lit` spotlights the chip.
pub fn replica_chip(
    lang: Lang,
    (p, broker): (&PartitionView, u32),
    r: Rect,
    (marks, lit): (&[CountdownMark], bool),
) -> Html {
    let Some(rep) = p.replicas.iter().find(|x| x.broker.0 == broker) else { return html! {} };
    let leader = p.leader.is_some_and(|l| l.0 == broker);
    let in_isr = p.isr.iter().any(|b| b.0 == broker);
    let style = if rep.online { replica_style(leader, in_isr) } else { OFFLINE_CHIP };
    let title = chip_title(lang, p, rep, leader);
    let on = RingOn::Replica { topic: p.topic.clone(), partition: p.partition, broker };
    let ring = marks.iter().any(|m| m.on == on);
    let class =
        classes!("replica", leader.then_some("is-leader"), (!in_isr).then_some("out-of-isr"), Spotlight::class(lit));
    html! {
        <g {class} data-testid={format!("replica-{}-{}-{broker}", p.topic, p.partition)}
            data-role={if leader { "leader" } else { "follower" }} data-in-isr={in_isr.to_string()}>
            <title>{ title }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8"
                fill={style.fill} stroke={style.stroke} stroke-width={style.width} stroke-dasharray={style.dash} />
            { chip_text(lang, (p, rep), r, (leader, in_isr), ring) }
            { super::countdown::ring_on(lang, marks, &on) }
        </g>
    }
}

/// The chip's tooltip: `topic-p · role · LEO · HW` (a down broker's replica: the LEO on its disk).
fn chip_title(lang: Lang, p: &PartitionView, rep: &ReplicaView, leader: bool) -> String {
    let role = if leader { text(lang, Key::Leader) } else { text(lang, Key::Follower) };
    match rep.online {
        true => format!("{}-{} · {role} · {} · HW {}", p.topic, p.partition, leo_text(lang, rep), rep.high_watermark),
        false => format!("{}-{} · {role} · {}", p.topic, p.partition, leo_text(lang, rep)),
    }
}

/// `LEO 47`, or for a replica on a down broker the LEO its disk keeps: `LEO 47 (offline)`.
fn leo_text(lang: Lang, rep: &ReplicaView) -> String {
    match rep.online {
        true => format!("LEO {}", rep.log_end_offset.max(0)),
        false => format!("LEO {} ({})", rep.disk_log_end_offset.max(0), text(lang, Key::Offline)),
    }
}

/// The chip's name and, room permitting, its role and LEO (a small chip shows only "L"/"F"/"∉").
fn chip_text(
    lang: Lang,
    (p, rep): (&PartitionView, &ReplicaView),
    r: Rect,
    (leader, in_isr): (bool, bool),
    ring: bool,
) -> Html {
    let role = if !rep.online {
        leo_text(lang, rep)
    } else if leader {
        format!("L · {} {}", text(lang, Key::Epoch), p.leader_epoch)
    } else if in_isr {
        format!("F · {}", text(lang, Key::Follower))
    } else {
        "F · ∉ ISR".to_string()
    };
    let big = r.h >= 40.0;
    let name_y = if big { r.y + r.h * 0.42 } else { r.y + r.h * 0.7 };
    let font = (r.h * 0.36).clamp(9.0, 26.0).min(r.w / 6.0);
    // The LEO goes on the first line only where the chip is wide enough for both (and no ring sits there).
    let wide = r.w >= 170.0 && !ring && rep.online;
    html! { <>
        <text x={(r.x + 8.0).to_string()} y={name_y.to_string()} class="chip-name" font-size={font.to_string()}>
            { format!("{}-{}", crate::viz::wrap::short(&p.topic, 10), p.partition) }</text>
        if big {
            if leader && rep.online { { star(r.x + 8.0, r.y + r.h * 0.82, font * 0.8) } }
            <text x={(r.x + 8.0 + if leader && rep.online { font * 0.95 } else { 0.0 }).to_string()} y={(r.y + r.h * 0.82).to_string()}
                class="chip-sub" font-size={(font * 0.8).to_string()}>{ role }</text>
            if wide {
                <text x={(r.x + r.w - 8.0).to_string()} y={name_y.to_string()} class="chip-sub" text-anchor="end" font-size={(font * 0.8).to_string()}>
                    { leo_text(lang, rep) }</text>
            }
        } else if !ring {
            if leader { { star(r.x + r.w - 8.0 - font * 1.45, name_y, font * 0.9) } }
            <text x={(r.x + r.w - 6.0).to_string()} y={name_y.to_string()} class="chip-sub" text-anchor="end" font-size={(font * 0.9).to_string()}>
                { if leader { "L" } else if in_isr { "F" } else { "∉" } }</text>
        }
    </> }
}

/// The leader's star, `size` tall, standing on the text baseline `y` from `x`.
fn star(x: f64, y: f64, size: f64) -> Html {
    super::icons::icon_at(crate::viz::icons::Icon::Star, (x, y - size * 0.85), size, okabe_ito::BLUE)
}
