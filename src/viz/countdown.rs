//! Countdown rings: where each running timeout is drawn and how much is left.
//!
//! The core lists the timeouts running down ([`crate::sim::countdowns`]); the
//! picture draws each as a ring on the node it concerns — the broker box, the
//! follower's replica chip, the member's consumer node — with an arc for the
//! time left that shrinks clockwise towards twelve o'clock, a faint track for
//! the whole timeout, and the seconds left written inside. The fraction left
//! is `(deadline − now) / (deadline − start)`: recomputed every frame, so the
//! arc shrinks smoothly (it is information, not decoration, and carries no
//! other animation). Geometry and text are here, pure and tested; the
//! components only turn a [`CountdownMark`] into SVG.

use super::groups::client_of_member;
use super::layout::{Layout, Rect};
use crate::i18n::{text, Key, Lang};
use crate::sim::countdowns::{Countdown, CountdownKind, CountdownTarget};
use crate::sim::ids::GroupId;
use crate::sim::view::ClusterView;
use std::f64::consts::PI;

/// A broker box at least this wide holds its ring inside its title band;
/// a narrower one wears it above its top-right corner.
const WIDE_BROKER: f64 = 220.0;
const BROKER_RING: f64 = 30.0;

/// The drawn node a ring sits on, named as the layout names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RingOn {
    Broker(u32),
    Replica { topic: String, partition: u32, broker: u32 },
    Member { group: GroupId, client_id: String },
}

/// One countdown, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct CountdownMark {
    pub kind: CountdownKind,
    pub on: RingOn,
    /// The `data-testid`: `countdown-broker-2`, `countdown-replica-orders-0-3`, `countdown-member-c1`.
    pub testid: String,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    /// Share of the timeout left, in `[0, 1]`.
    pub fraction: f64,
    /// Whole seconds left, rounded up (0 only once the deadline has passed).
    pub seconds_left: u64,
}

impl CountdownMark {
    /// The arc of the time left.
    pub fn arc(&self) -> String {
        arc_path(self.cx, self.cy, self.r, self.fraction)
    }

    /// The label written inside the ring.
    pub fn label(&self) -> String {
        format!("{}s", self.seconds_left)
    }

    /// The tooltip: which configuration runs out, what happens then, and the seconds left.
    pub fn title(&self, lang: Lang) -> String {
        let what = match self.kind {
            CountdownKind::BrokerSession => Key::CountdownBrokerSession,
            CountdownKind::ReplicaLag => Key::CountdownReplicaLag,
            CountdownKind::ConsumerSession => Key::CountdownMemberSession,
        };
        format!("{} · {}{}", text(lang, what), self.seconds_left, text(lang, Key::SecondsLeft))
    }

    /// The ring's stroke width and the label's font size, in proportion to the ring.
    pub fn stroke_and_font(&self) -> (f64, f64) {
        ((self.r * 0.24).clamp(2.5, 7.0), (self.r * 0.75).clamp(9.0, 22.0))
    }
}

/// An SVG path for the arc of a circle (centre `cx, cy`, radius `r`) that
/// starts at twelve o'clock and runs clockwise over `fraction` of the full
/// turn. A whole turn is two half arcs (one arc cannot close on itself);
/// nothing (an empty path) at zero or below.
pub fn arc_path(cx: f64, cy: f64, r: f64, fraction: f64) -> String {
    let fraction = if fraction.is_nan() { 0.0 } else { fraction.min(1.0) };
    if fraction <= 0.0 {
        return String::new();
    }
    let top = (cx, cy - r);
    if fraction >= 1.0 {
        return format!(
            "M {:.2} {:.2} A {r:.2} {r:.2} 0 1 1 {:.2} {:.2} A {r:.2} {r:.2} 0 1 1 {:.2} {:.2}",
            top.0,
            top.1,
            cx,
            cy + r,
            top.0,
            top.1
        );
    }
    let angle = fraction * 2.0 * PI;
    let (x, y) = (cx + r * angle.sin(), cy - r * angle.cos());
    let large = u8::from(fraction > 0.5);
    format!("M {:.2} {:.2} A {r:.2} {r:.2} 0 {large} 1 {x:.2} {y:.2}", top.0, top.1)
}

/// Share of `c` left at `view.now`, in `[0, 1]`.
pub fn fraction_left(c: &Countdown, view: &ClusterView) -> f64 {
    let total = c.deadline.since(c.start).0;
    if total == 0 {
        return 0.0;
    }
    c.remaining(view.now).0.min(total) as f64 / total as f64
}

/// Whole seconds left, rounded up: a timer with 0.2 s left still says 1 s.
pub fn seconds_left(c: &Countdown, view: &ClusterView) -> u64 {
    c.remaining(view.now).0.div_ceil(1_000_000)
}

/// Every countdown of `view` that has a node in `l` to sit on.
pub fn countdown_marks(view: &ClusterView, l: &Layout) -> Vec<CountdownMark> {
    view.countdowns
        .iter()
        .filter_map(|c| {
            let (on, testid, cx, cy, r) = place(c, l)?;
            Some(CountdownMark {
                kind: c.kind,
                on,
                testid,
                cx,
                cy,
                r,
                fraction: fraction_left(c, view),
                seconds_left: seconds_left(c, view),
            })
        })
        .collect()
}

/// The hook and the ring of one countdown, if its node is drawn.
fn place(c: &Countdown, l: &Layout) -> Option<(RingOn, String, f64, f64, f64)> {
    match &c.target {
        CountdownTarget::Broker(b) => {
            let rect = l.broker(b.0)?;
            let (cx, cy) = broker_ring(rect);
            Some((RingOn::Broker(b.0), format!("countdown-broker-{}", b.0), cx, cy, BROKER_RING))
        }
        CountdownTarget::Replica { tp, follower } => {
            let slot = l
                .replicas
                .iter()
                .find(|s| s.topic == tp.topic.as_str() && s.partition == tp.partition && s.broker == follower.0)?;
            let (cx, cy, r) = right_ring(slot.rect, 26.0);
            let testid = format!("countdown-replica-{}-{}-{}", slot.topic, slot.partition, slot.broker);
            let on = RingOn::Replica { topic: slot.topic.clone(), partition: slot.partition, broker: slot.broker };
            Some((on, testid, cx, cy, r))
        }
        CountdownTarget::Member { group, member_id, .. } => {
            let client = client_of_member(member_id);
            let slot = l.consumers.iter().find(|s| s.group == group.as_str() && s.client_id == client)?;
            let (cx, cy, r) = right_ring(slot.rect, 18.0);
            let on = RingOn::Member { group: group.clone(), client_id: client.to_string() };
            Some((on, format!("countdown-member-{client}"), cx, cy, r))
        }
    }
}

/// A broker's ring: inside the title band at the right, or above the box when it is narrow.
fn broker_ring(rect: Rect) -> (f64, f64) {
    let cx = rect.x + rect.w - BROKER_RING - 10.0;
    if rect.w >= WIDE_BROKER {
        (cx, rect.y + 40.0)
    } else {
        (cx, rect.y - BROKER_RING - 6.0)
    }
}

/// A ring at the right end of a chip or consumer node, as tall as it allows (at most `max_r`).
fn right_ring(rect: Rect, max_r: f64) -> (f64, f64, f64) {
    let r = (rect.h / 2.0 - 4.0).clamp(6.0, max_r);
    (rect.x + rect.w - r - 6.0, rect.y + rect.h / 2.0, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;
    use crate::sim::ids::BrokerId;
    use crate::sim::time::{secs, SimTime};
    use crate::viz::groups::group_pictures;
    use crate::viz::layout::layout_with;

    fn console(lines: &[&str]) -> Console {
        let mut c = Console::new(7, 3);
        for l in lines {
            let out = c.run_line(l);
            assert!(out.lines.iter().all(|x| x.stream != crate::console::Stream::Stderr), "{l}: {out:?}");
        }
        c
    }

    fn marks(c: &Console) -> Vec<CountdownMark> {
        let sim = c.simulation();
        let groups = group_pictures(sim, &crate::sim::groups_view::groups_view(sim));
        let view = sim.view();
        countdown_marks(&view, &layout_with(&view, &groups))
    }

    #[test]
    fn arcs_start_at_twelve_and_run_clockwise() {
        assert_eq!(arc_path(100.0, 100.0, 10.0, 0.25), "M 100.00 90.00 A 10.00 10.00 0 0 1 110.00 100.00");
        assert_eq!(arc_path(100.0, 100.0, 10.0, 0.5), "M 100.00 90.00 A 10.00 10.00 0 0 1 100.00 110.00");
        assert_eq!(arc_path(100.0, 100.0, 10.0, 0.75), "M 100.00 90.00 A 10.00 10.00 0 1 1 90.00 100.00");
        let full = "M 100.00 90.00 A 10.00 10.00 0 1 1 100.00 110.00 A 10.00 10.00 0 1 1 100.00 90.00";
        assert_eq!(arc_path(100.0, 100.0, 10.0, 1.0), full);
        assert_eq!(arc_path(100.0, 100.0, 10.0, 3.0), full, "clamped to a whole turn");
        for nothing in [0.0, -0.5, f64::NAN] {
            assert_eq!(arc_path(100.0, 100.0, 10.0, nothing), "");
        }
    }

    #[test]
    fn tooltips_name_the_config_in_both_languages() {
        let mark = |kind, seconds_left| CountdownMark {
            kind,
            on: RingOn::Broker(1),
            testid: String::new(),
            cx: 0.0,
            cy: 0.0,
            r: 20.0,
            fraction: 0.5,
            seconds_left,
        };
        for kind in [CountdownKind::BrokerSession, CountdownKind::ReplicaLag, CountdownKind::ConsumerSession] {
            let m = mark(kind, 7);
            let (ko, en) = (m.title(Lang::Ko), m.title(Lang::En));
            assert!(ko.contains(kind.config_key()) && en.contains(kind.config_key()), "{ko} / {en}");
            assert!(ko.ends_with("7초 남음") && en.ends_with("7 s left"), "{ko} / {en}");
            assert_ne!(ko, en);
        }
        let m = mark(CountdownKind::ReplicaLag, 12);
        assert_eq!(m.label(), "12s");
    }

    #[test]
    fn fraction_and_seconds_left_follow_the_clock() {
        let mut view = console(&[]).simulation().view();
        let c = Countdown {
            kind: CountdownKind::BrokerSession,
            target: CountdownTarget::Broker(BrokerId(1)),
            start: SimTime(secs(10).0),
            deadline: SimTime(secs(19).0),
        };
        let at = |view: &mut ClusterView, us: u64| {
            view.now = SimTime(us);
            (fraction_left(&c, view), seconds_left(&c, view))
        };
        assert_eq!(at(&mut view, 10_000_000), (1.0, 9));
        assert_eq!(at(&mut view, 14_500_000), (0.5, 5), "4.5 s left reads 5 s");
        assert_eq!(at(&mut view, 18_999_999), (1.0 / 9_000_000.0, 1));
        assert_eq!(at(&mut view, 19_000_000), (0.0, 0));
        assert_eq!(at(&mut view, 25_000_000), (0.0, 0));
        let instant = Countdown { deadline: c.start, ..c.clone() };
        view.now = c.start;
        assert_eq!(fraction_left(&instant, &view), 0.0);
    }

    #[test]
    fn a_killed_broker_wears_a_shrinking_ring_in_its_title_band() {
        let mut c = console(&["kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3", "sim advance 3s"]);
        assert!(marks(&c).is_empty(), "a healthy cluster wears none");
        c.run_line("sim broker kill 2");
        let m = marks(&c);
        assert_eq!(m.len(), 1);
        let ring = &m[0];
        assert_eq!((ring.kind, ring.testid.as_str()), (CountdownKind::BrokerSession, "countdown-broker-2"));
        assert_eq!(ring.on, RingOn::Broker(2));
        let view = c.simulation().view();
        let b = layout_with(&view, &[]).broker(2).unwrap();
        assert!(b.w >= WIDE_BROKER);
        assert!(ring.cx - ring.r > b.x + b.w / 2.0 && ring.cx + ring.r < b.x + b.w, "right half of the box");
        assert!(ring.cy - ring.r > b.y && ring.cy + ring.r < b.y + 78.0, "inside the title band");
        assert!(ring.fraction > 0.0 && ring.fraction <= 1.0 && ring.seconds_left <= 9);
        c.run_line("sim advance 4s");
        let later = marks(&c);
        assert!(later[0].fraction < ring.fraction && later[0].seconds_left == ring.seconds_left - 4);
        assert_ne!(later[0].arc(), ring.arc());
        c.run_line("sim advance 6s");
        assert!(marks(&c).is_empty(), "fenced: the ring is gone");
    }

    #[test]
    fn narrow_brokers_wear_their_ring_above_the_box() {
        let mut c = Console::new(7, 5);
        c.run_line("sim advance 3s");
        c.run_line("sim broker kill 5");
        let ring = marks(&c).into_iter().next().expect("a ring");
        let b = layout_with(&c.simulation().view(), &[]).broker(5).unwrap();
        assert!(b.w < WIDE_BROKER);
        assert!(ring.cy + ring.r < b.y && ring.cx + ring.r <= b.x + b.w);
    }

    #[test]
    fn follower_and_member_rings_sit_at_the_right_end_of_their_node() {
        let mut c = console(&[
            "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3",
            "sim producer start w --topic orders --rate 50 --keys 5",
            "sim consumer start c1 --group g --topic orders --consumer-property session.timeout.ms=6000",
            "sim advance 10s",
        ]);
        let view = c.simulation().view();
        let orders = view.partitions.iter().find(|p| p.topic == "orders").unwrap();
        let leader = orders.leader.unwrap().0;
        let follower = orders.isr.iter().find(|b| b.0 != leader).unwrap().0;
        c.run_line(&format!("sim link cut {leader} {follower}"));
        c.run_line("sim consumer kill c1");
        c.run_line("sim advance 2s");
        let m = marks(&c);
        let sim = c.simulation();
        let groups = group_pictures(sim, &crate::sim::groups_view::groups_view(sim));
        let l = layout_with(&sim.view(), &groups);
        let replica = m.iter().find(|x| x.kind == CountdownKind::ReplicaLag).expect("replica ring");
        assert_eq!(replica.testid, format!("countdown-replica-orders-0-{follower}"));
        assert_eq!(replica.on, RingOn::Replica { topic: "orders".into(), partition: 0, broker: follower });
        let chip = l.replicas.iter().find(|s| s.broker == follower).unwrap().rect;
        assert!(replica.cx + replica.r < chip.x + chip.w && replica.cx - replica.r > chip.x + chip.w / 2.0);
        assert!(replica.cy - replica.r >= chip.y && replica.cy + replica.r <= chip.y + chip.h);
        let member = m.iter().find(|x| x.kind == CountdownKind::ConsumerSession).expect("member ring");
        assert_eq!(member.testid, "countdown-member-c1");
        assert_eq!(member.on, RingOn::Member { group: "g".into(), client_id: "c1".into() });
        let slot = l.consumers.iter().find(|s| s.client_id == "c1").unwrap().rect;
        assert!(member.cx + member.r < slot.x + slot.w && member.cy == slot.y + slot.h / 2.0);
        // 6 s session; killed 2 s ago, at most one 3 s heartbeat interval after the last heartbeat.
        assert!((1..=4).contains(&member.seconds_left), "{member:?}");
    }
}
