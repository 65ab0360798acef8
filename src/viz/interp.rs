//! Messages in flight, positioned by interpolating their send and delivery
//! times (RaftScope's model): a message sent at `sent_at` and delivered at
//! `deliver_at` is drawn at the fraction `(now - sent_at) / (deliver_at -
//! sent_at)` of the way along its link. The simulation only jumps from event
//! to event, but the runner moves `now` smoothly between events, so the dots
//! glide instead of teleporting.

use super::layout::Point;
use crate::sim::time::SimTime;

/// How far along its link a message is at `now`, in `0.0..=1.0`.
/// A message with no transit time (or a clock before its send) sits at the start.
pub fn progress(sent_at: SimTime, deliver_at: SimTime, now: SimTime) -> f64 {
    if deliver_at <= sent_at {
        return if now >= deliver_at { 1.0 } else { 0.0 };
    }
    let done = now.0.saturating_sub(sent_at.0) as f64;
    let total = (deliver_at.0 - sent_at.0) as f64;
    (done / total).clamp(0.0, 1.0)
}

/// The point a fraction `t` of the way from `a` to `b`.
pub fn lerp(a: Point, b: Point, t: f64) -> Point {
    Point { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }
}

/// Where to draw a message going from `from` to `to` at `now`.
pub fn message_position(from: Point, to: Point, sent_at: SimTime, deliver_at: SimTime, now: SimTime) -> Point {
    lerp(from, to, progress(sent_at, deliver_at, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Point = Point { x: 0.0, y: 0.0 };
    const B: Point = Point { x: 100.0, y: 50.0 };

    #[test]
    fn progress_runs_from_send_to_delivery() {
        let cases = [(0, 0.0), (500, 0.0), (750, 0.25), (1_000, 0.5), (1_500, 1.0), (9_000, 1.0)];
        for (now, want) in cases {
            assert_eq!(progress(SimTime(500), SimTime(1_500), SimTime(now)), want, "now={now}");
        }
    }

    #[test]
    fn instant_messages_do_not_divide_by_zero() {
        assert_eq!(progress(SimTime(10), SimTime(10), SimTime(9)), 0.0);
        assert_eq!(progress(SimTime(10), SimTime(10), SimTime(10)), 1.0);
    }

    #[test]
    fn message_moves_along_the_straight_link() {
        let p = message_position(A, B, SimTime(0), SimTime(1_000), SimTime(250));
        assert_eq!(p, Point { x: 25.0, y: 12.5 });
        assert_eq!(message_position(A, B, SimTime(0), SimTime(1_000), SimTime(2_000)), B);
    }
}
