//! Colours, icons and message labels.
//!
//! Colours come from the Okabe–Ito palette, designed to stay distinguishable
//! for the common forms of colour blindness. No fact is carried by colour
//! alone: a broker's state is also written in words and drawn as a border
//! style (solid, dashed, dotted), a leader carries a star icon, the letter "L"
//! and a thick border, and a replica out of the ISR is drawn dashed and
//! hollow.
//!
//! This is the only file in `src/` that spells a colour (tests/palette.rs
//! fails on a colour literal anywhere else); the stylesheets use the custom
//! properties of `www/style.css`'s `:root`.

use super::groups::MemberStatus;
use super::icons::Icon;
use crate::sim::view::BrokerState;

/// Okabe–Ito colours (plus black for text).
pub mod okabe_ito {
    pub const ORANGE: &str = "#E69F00";
    pub const SKY_BLUE: &str = "#56B4E9";
    pub const BLUISH_GREEN: &str = "#009E73";
    pub const YELLOW: &str = "#F0E442";
    pub const BLUE: &str = "#0072B2";
    pub const VERMILLION: &str = "#D55E00";
    pub const REDDISH_PURPLE: &str = "#CC79A7";
    pub const GREY: &str = "#6b7280";
}

/// Neutrals: text, paper and lines.
pub mod neutral {
    pub const PAPER: &str = "#ffffff";
    pub const INK: &str = "#111418";
    /// Secondary text and a follower chip's border.
    pub const MUTED: &str = "#3a4350";
    /// A controller-to-broker link that is up.
    pub const LINK: &str = "#9aa4b2";
    /// A QR code's modules (pure black, for scanners).
    pub const QR_INK: &str = "#000000";
}

/// Light tints behind nodes, each of an Okabe–Ito hue (or grey).
pub mod tint {
    pub const BLUE: &str = "#e8f4fb";
    /// A leader replica's chip.
    pub const LEADER: &str = "#cfe6f5";
    pub const VERMILLION: &str = "#fbe9df";
    pub const GREY: &str = "#eeeeee";
    pub const LIGHT_GREY: &str = "#f3f4f6";
    pub const YELLOW: &str = "#fdf6d8";
    pub const GREEN: &str = "#e3f4ee";
    /// A consumer group's box.
    pub const GROUP: &str = "#f7fbf9";
    /// A producer node.
    pub const ORANGE: &str = "#fff5e0";
    /// The controller node.
    pub const PURPLE: &str = "#f3ecf7";
}

use okabe_ito::*;

/// The background of an operator chart.
pub const CHART_BACKGROUND: &str = "#ffffff";

/// A countdown ring: the arc of the time left, the track of the whole
/// timeout, and the disk behind the seconds (readable on any node's fill).
pub const COUNTDOWN_ARC: &str = VERMILLION;
pub const COUNTDOWN_TRACK: &str = "#c9ced6";
pub const COUNTDOWN_DISK: &str = neutral::PAPER;

/// How a broker node is drawn: fill, stroke colour and SVG dash pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeStyle {
    pub fill: &'static str,
    pub stroke: &'static str,
    /// `stroke-dasharray`, empty for solid.
    pub dash: &'static str,
    /// The icon shown next to the state word.
    pub glyph: Icon,
}

/// The style of a broker in `state`.
pub fn broker_style(state: BrokerState) -> NodeStyle {
    match state {
        BrokerState::Running => NodeStyle { fill: tint::BLUE, stroke: BLUE, dash: "", glyph: Icon::Dot },
        BrokerState::Crashed => {
            NodeStyle { fill: tint::VERMILLION, stroke: VERMILLION, dash: "14 8", glyph: Icon::Cross }
        }
        BrokerState::Stopped => NodeStyle { fill: tint::GREY, stroke: GREY, dash: "4 6", glyph: Icon::Square },
        BrokerState::Isolated => {
            NodeStyle { fill: tint::YELLOW, stroke: ORANGE, dash: "2 4 10 4", glyph: Icon::Blocked }
        }
    }
}

/// How a replica chip is drawn: fill, border colour, border width and dash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChipStyle {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub width: &'static str,
    pub dash: &'static str,
}

/// The leader filled with a thick border; a follower in the ISR outlined; one outside it hollow and dashed.
pub fn replica_style(leader: bool, in_isr: bool) -> ChipStyle {
    match (leader, in_isr) {
        (true, _) => ChipStyle { fill: tint::LEADER, stroke: BLUE, width: "5", dash: "" },
        (false, true) => ChipStyle { fill: neutral::PAPER, stroke: neutral::MUTED, width: "2", dash: "" },
        (false, false) => ChipStyle { fill: neutral::PAPER, stroke: VERMILLION, width: "2.5", dash: "6 4" },
    }
}

/// A replica on a down broker: grey and dashed (its disk still holds the log).
pub const OFFLINE_CHIP: ChipStyle = ChipStyle { fill: tint::GREY, stroke: GREY, width: "2", dash: "4 4" };

/// A group member's `(border, dash, fill)` by status (the dash differs, not only the colour).
pub fn member_style(status: MemberStatus) -> (&'static str, &'static str, &'static str) {
    match status {
        MemberStatus::Active => (BLUISH_GREEN, "", tint::GREEN),
        MemberStatus::Stalled => (ORANGE, "3 4", tint::YELLOW),
        MemberStatus::Killed => (VERMILLION, "10 6", tint::VERMILLION),
        MemberStatus::Joining => (GREY, "6 4", tint::LIGHT_GREY),
    }
}

/// The colour of a message dot, by Kafka API (responses share their request's colour).
pub fn api_colour(api: &str) -> &'static str {
    let base = api.strip_suffix("Response").unwrap_or(api);
    match base {
        "Produce" => ORANGE,
        "Fetch" => BLUE,
        "BrokerHeartbeat" | "BrokerRegistration" => GREY,
        "AlterPartition" | "MetadataPush" => REDDISH_PURPLE,
        "Metadata" => BLUISH_GREEN,
        "ConnectionRefused" | "ConnectionClosed" => VERMILLION,
        _ => SKY_BLUE,
    }
}

/// The shape a message is drawn as, so APIs differ by more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// How one API's messages look: colour, shape and a short label drawn on the dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiMark {
    pub colour: &'static str,
    pub shape: Shape,
    pub label: &'static str,
}

/// The look of a message by API (a response looks like its request, drawn hollow).
pub fn api_mark(api: &str) -> ApiMark {
    let base = api.strip_suffix("Response").unwrap_or(api);
    let (shape, label) = match base {
        "Produce" => (Shape::Square, "P"),
        "Fetch" => (Shape::Circle, "F"),
        "AlterPartition" => (Shape::Diamond, "AP"),
        "MetadataPush" => (Shape::Diamond, "M"),
        "JoinGroup" => (Shape::Triangle, "J"),
        "SyncGroup" => (Shape::Triangle, "S"),
        "LeaveGroup" => (Shape::Triangle, "L"),
        "Heartbeat" | "BrokerHeartbeat" => (Shape::Circle, "HB"),
        "BrokerRegistration" => (Shape::Circle, "R"),
        "OffsetCommit" => (Shape::Square, "C"),
        "OffsetFetch" => (Shape::Square, "OF"),
        "ListOffsets" => (Shape::Square, "LO"),
        "FindCoordinator" => (Shape::Diamond, "FC"),
        "Metadata" | "CreateTopics" => (Shape::Diamond, "MD"),
        "ApiVersions" => (Shape::Diamond, "AV"),
        "ConnectionRefused" | "ConnectionClosed" => (Shape::Triangle, "X"),
        _ => (Shape::Circle, "?"),
    };
    let colour = match base {
        "JoinGroup" | "SyncGroup" | "LeaveGroup" => VERMILLION,
        "OffsetCommit" | "OffsetFetch" | "ListOffsets" => BLUISH_GREEN,
        "FindCoordinator" => SKY_BLUE,
        _ => api_colour(base),
    };
    ApiMark { colour, shape, label }
}

/// The APIs the legend explains, in the order it lists them.
pub const LEGEND: [&str; 9] = [
    "Produce",
    "Fetch",
    "AlterPartition",
    "JoinGroup",
    "SyncGroup",
    "Heartbeat",
    "OffsetCommit",
    "FindCoordinator",
    "Metadata",
];

/// Whether a message is a request (drawn filled) or a response (drawn as a ring).
pub fn is_response(api: &str) -> bool {
    api.ends_with("Response") || api == "ConnectionRefused" || api == "ConnectionClosed"
}

/// Heartbeats (broker and consumer) and registrations: frequent, and hidden unless asked for.
pub fn is_heartbeat(api: &str) -> bool {
    super::anim::is_heartbeat(api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broker_state_differs_in_more_than_colour() {
        let states = [BrokerState::Running, BrokerState::Crashed, BrokerState::Stopped, BrokerState::Isolated];
        for (i, a) in states.iter().enumerate() {
            for b in &states[i + 1..] {
                let (sa, sb) = (broker_style(*a), broker_style(*b));
                assert_ne!(sa.dash, sb.dash, "{a:?} vs {b:?}: same border");
                assert_ne!(sa.glyph, sb.glyph, "{a:?} vs {b:?}: same glyph");
            }
        }
    }

    #[test]
    fn replica_roles_differ_in_more_than_colour() {
        let (l, f, out) = (replica_style(true, true), replica_style(false, true), replica_style(false, false));
        assert_ne!(l.width, f.width);
        assert_ne!(f.dash, out.dash);
        assert_eq!(replica_style(true, false), l);
    }

    #[test]
    fn member_statuses_differ_in_dash() {
        let all = [MemberStatus::Active, MemberStatus::Stalled, MemberStatus::Killed, MemberStatus::Joining];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(member_style(*a).1, member_style(*b).1, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn responses_share_their_request_colour() {
        assert_eq!(api_colour("ProduceResponse"), api_colour("Produce"));
        assert!(is_response("FetchResponse") && !is_response("Fetch"));
        assert!(is_heartbeat("BrokerHeartbeatResponse") && !is_heartbeat("Fetch"));
        assert!(is_heartbeat("Heartbeat") && is_heartbeat("HeartbeatResponse"));
    }

    #[test]
    fn legend_entries_differ_in_shape_or_label_not_only_colour() {
        for (i, a) in LEGEND.iter().enumerate() {
            for b in &LEGEND[i + 1..] {
                let (ma, mb) = (api_mark(a), api_mark(b));
                assert!(ma.shape != mb.shape || ma.label != mb.label, "{a} vs {b}");
            }
        }
        assert_eq!(api_mark("SyncGroupResponse"), api_mark("SyncGroup"));
    }
}
