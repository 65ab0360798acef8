//! Messages that teach: which recent deliveries to draw, and how far along
//! their link each one is, at human speed.
//!
//! Network latency is 1–5 ms, so at 1× a message is almost never in flight
//! when a frame is drawn. The picture therefore replays the messages the
//! core delivered last ([`crate::sim::view::RecentMessages`]) over a fixed
//! *wall-clock* flight time: a message sent `d` ms of simulated time ago, at
//! speed `s`, left `d / s` ms of wall time ago, and is drawn a fraction
//! `(d / s) / flight` of the way along its link. The schedule is a pure
//! function of the snapshot (no animation state to keep), so pausing freezes
//! the dots where they are and a rewind draws exactly what it drew before.
//!
//! At high speeds the flight shortens (so the picture keeps up) and the
//! count is capped per frame, newest first. Heartbeats (broker and consumer)
//! are left out unless asked for.

use crate::vecmap::VecSet;

use crate::sim::messages::NodeId;
use crate::sim::time::SimTime;
use crate::sim::view::MessageView;

/// Wall-clock flight time of one message at 1× and slower.
pub const FLIGHT_MS: f64 = 650.0;
/// The shortest flight, at high speeds.
pub const MIN_FLIGHT_MS: f64 = 180.0;
/// Most messages drawn in one frame.
pub const MAX_FLIGHTS: usize = 60;

/// One message to draw this frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub api: String,
    /// How far along the link, in `0.0..1.0`.
    pub t: f64,
}

/// The wall-clock flight time at speed factor `speed`: [`FLIGHT_MS`] up to
/// 1×, shrinking with the square root of the speed above, never below
/// [`MIN_FLIGHT_MS`].
pub fn flight_ms(speed: f64) -> f64 {
    let s = if speed.is_finite() && speed > 1.0 { speed } else { 1.0 };
    (FLIGHT_MS / s.sqrt()).max(MIN_FLIGHT_MS)
}

/// How much simulated time back the picture looks for messages to draw.
pub fn window(speed: f64) -> crate::sim::time::SimDuration {
    let s = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    crate::sim::time::micros((flight_ms(s) * s * 1_000.0).ceil() as u64)
}

/// Whether `api` is a heartbeat (broker or consumer) or a broker registration.
pub fn is_heartbeat(api: &str) -> bool {
    let base = api.strip_suffix("Response").unwrap_or(api);
    matches!(base, "BrokerHeartbeat" | "BrokerRegistration" | "Heartbeat")
}

/// The messages to draw at `now`: every message of `recent` (delivered) and
/// `in_flight` whose wall-clock flight has not ended, heartbeats only if
/// `heartbeats`, at most `max`, newest kept, oldest first.
pub fn schedule(
    recent: &[MessageView],
    in_flight: &[MessageView],
    now: SimTime,
    speed: f64,
    heartbeats: bool,
    max: usize,
) -> Vec<Flight> {
    let speed = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    let flight = flight_ms(speed);
    let mut seen = VecSet::new();
    let mut out: Vec<Flight> = recent
        .iter()
        .chain(in_flight)
        .filter(|m| heartbeats || !is_heartbeat(&m.api))
        .filter(|m| seen.insert(m.id))
        .filter_map(|m| {
            let ago_ms = now.0.saturating_sub(m.sent_at.0) as f64 / 1_000.0;
            let t = ago_ms / speed / flight;
            (t < 1.0).then(|| Flight { id: m.id, from: m.from, to: m.to, api: m.api.clone(), t })
        })
        .collect();
    out.sort_by_key(|f| f.id);
    if out.len() > max {
        out.drain(..out.len() - max);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::BrokerId;

    fn msg(id: u64, api: &str, sent_ms: u64) -> MessageView {
        MessageView {
            id,
            from: NodeId::Broker(BrokerId(1)),
            to: NodeId::Broker(BrokerId(2)),
            api: api.to_string(),
            sent_at: SimTime(sent_ms * 1_000),
            deliver_at: SimTime(sent_ms * 1_000 + 2_000),
        }
    }

    #[test]
    fn a_message_crosses_its_link_in_fixed_wall_time_at_1x() {
        let recent = [msg(1, "Fetch", 1_000)];
        let at = |ms: u64| schedule(&recent, &[], SimTime(ms * 1_000), 1.0, false, 10);
        assert_eq!(at(1_000)[0].t, 0.0);
        assert!((at(1_000 + FLIGHT_MS as u64 / 2)[0].t - 0.5).abs() < 1e-6);
        assert!(at(1_000 + FLIGHT_MS as u64).is_empty(), "gone once the flight is over");
    }

    #[test]
    fn faster_speeds_shorten_the_flight_but_not_below_the_minimum() {
        assert_eq!(flight_ms(0.1), FLIGHT_MS);
        assert_eq!(flight_ms(1.0), FLIGHT_MS);
        assert!(flight_ms(4.0) < FLIGHT_MS);
        assert_eq!(flight_ms(100.0), MIN_FLIGHT_MS);
        // At 10x a message sent 1 s of simulated time ago has flown 100 ms of wall time.
        let f = schedule(&[msg(1, "Produce", 0)], &[], SimTime(1_000_000), 10.0, false, 10);
        assert!((f[0].t - 100.0 / flight_ms(10.0)).abs() < 1e-9);
        assert!(window(10.0).as_millis() >= 1_000);
    }

    #[test]
    fn heartbeats_only_when_asked_and_the_count_is_capped_newest_first() {
        let recent: Vec<MessageView> = (0..20)
            .map(|i| msg(i, if i % 2 == 0 { "Heartbeat" } else { "BrokerHeartbeatResponse" }, 1_000))
            .chain([msg(50, "JoinGroup", 1_000)])
            .collect();
        let now = SimTime(1_100_000);
        assert_eq!(schedule(&recent, &[], now, 1.0, false, 100).len(), 1);
        assert_eq!(schedule(&recent, &[], now, 1.0, true, 100).len(), 21);
        let capped = schedule(&recent, &[], now, 1.0, true, 5);
        assert_eq!(capped.iter().map(|f| f.id).collect::<Vec<_>>(), vec![16, 17, 18, 19, 50]);
    }

    #[test]
    fn a_message_both_delivered_and_in_flight_is_drawn_once() {
        let m = msg(7, "Fetch", 1_000);
        assert_eq!(
            schedule(std::slice::from_ref(&m), std::slice::from_ref(&m), SimTime(1_001_000), 1.0, false, 10).len(),
            1
        );
    }
}
