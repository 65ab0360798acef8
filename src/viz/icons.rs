//! The UI's icons as SVG path data in a 16×16 box.
//!
//! Icons are drawn, never written as emoji or symbol characters: a classroom
//! machine (or the Chromium the tests use) often has no font with ⏪, ★ or ⚠,
//! and shows a missing-glyph box instead. `tests/ui_glyphs.rs` keeps such
//! characters out of the UI's sources. [`crate::ui`] renders these paths
//! inline (HTML) or nested in the cluster picture (SVG).

/// An icon the UI draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Play,
    Pause,
    Step,
    /// A fault, a crashed broker, a killed member, "close".
    Cross,
    /// The partition leader, a leader election.
    Star,
    /// A lost acknowledged record, an error (a disc with "!", unlike [`Icon::Up`]).
    Warning,
    Check,
    /// An unticked filter box.
    Unticked,
    /// A ticked filter box.
    Ticked,
    Plus,
    /// Settings (a topic's configuration).
    Sliders,
    /// Running, active.
    Dot,
    /// Stopped.
    Square,
    /// Cut off from the network.
    Blocked,
    /// The KRaft controller.
    Crown,
    /// A cut link.
    Scissors,
    /// Slowed down.
    Hourglass,
    /// A producer.
    Envelope,
    /// A position marker under a log strip.
    Up,
    /// Joining (waiting).
    Dots,
}

/// How an icon's path is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    /// Filled (even-odd, so inner sub-paths cut holes).
    Fill,
    /// Stroked with round caps, this wide.
    Stroke(&'static str),
}

impl Icon {
    /// The icon's path data in the box `0 0 16 16`, and how it is painted.
    pub fn path(self) -> (&'static str, Paint) {
        use Paint::{Fill, Stroke};
        match self {
            Icon::Play => ("M3 1 L14 8 L3 15 Z", Fill),
            Icon::Pause => ("M2 1 H6 V15 H2 Z M10 1 H14 V15 H10 Z", Fill),
            Icon::Step => ("M1 1 L10 8 L1 15 Z M11 1 H15 V15 H11 Z", Fill),
            Icon::Cross => ("M3.5 3.5 L12.5 12.5 M12.5 3.5 L3.5 12.5", Stroke("2.6")),
            Icon::Star => {
                ("M8 0.8 L10.1 5.6 L15.3 6.1 L11.4 9.6 L12.5 14.7 L8 12.1 L3.5 14.7 L4.6 9.6 L0.7 6.1 L5.9 5.6 Z", Fill)
            }
            Icon::Warning => ("M15 8 A7 7 0 1 1 15 7.99 Z M7 3.5 H9 V9.5 H7 Z M7 10.8 H9 V12.8 H7 Z", Fill),
            Icon::Check => ("M2.5 8.5 L6.2 12 L13.5 4", Stroke("2.4")),
            Icon::Unticked => ("M2.5 2.5 H13.5 V13.5 H2.5 Z", Stroke("1.6")),
            Icon::Ticked => ("M2.5 2.5 H13.5 V13.5 H2.5 Z M5 8.2 L7.2 10.6 L11.3 5.4", Stroke("1.6")),
            Icon::Plus => ("M7 2 H9 V7 H14 V9 H9 V14 H7 V9 H2 V7 H7 Z", Fill),
            Icon::Sliders => ("M2 4.5 H14 M2 11.5 H14 M5.5 2.5 V6.5 M10.5 9.5 V13.5", Stroke("1.8")),
            Icon::Dot => ("M13 8 A5 5 0 1 1 13 7.99 Z", Fill),
            Icon::Square => ("M3 3 H13 V13 H3 Z", Fill),
            Icon::Blocked => ("M13.5 8 A5.5 5.5 0 1 1 13.5 7.99 Z M4.2 4.2 L11.8 11.8", Stroke("2")),
            Icon::Crown => ("M1.5 13 V5 L5 8.5 L8 3 L11 8.5 L14.5 5 V13 Z", Fill),
            Icon::Scissors => (
                "M6 4.5 A2 2 0 1 1 6 4.49 Z M6 11.5 A2 2 0 1 1 6 11.49 Z M5.7 5.8 L14.5 12 M5.7 10.2 L14.5 4",
                Stroke("1.6"),
            ),
            Icon::Hourglass => ("M3 1.5 H13 V3 L9.2 8 L13 13 V14.5 H3 V13 L6.8 8 L3 3 Z", Fill),
            Icon::Envelope => ("M1.5 3.5 H14.5 V12.5 H1.5 Z M1.5 3.5 L8 9 L14.5 3.5", Stroke("1.6")),
            Icon::Up => ("M8 2.5 L14.5 13.5 H1.5 Z", Fill),
            Icon::Dots => ("M1.5 6.5 H4.5 V9.5 H1.5 Z M6.5 6.5 H9.5 V9.5 H6.5 Z M11.5 6.5 H14.5 V9.5 H11.5 Z", Fill),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_stays_inside_its_box() {
        let all = [
            Icon::Play,
            Icon::Pause,
            Icon::Step,
            Icon::Cross,
            Icon::Star,
            Icon::Warning,
            Icon::Check,
            Icon::Unticked,
            Icon::Ticked,
            Icon::Plus,
            Icon::Sliders,
            Icon::Dot,
            Icon::Square,
            Icon::Blocked,
            Icon::Crown,
            Icon::Scissors,
            Icon::Hourglass,
            Icon::Envelope,
            Icon::Up,
            Icon::Dots,
        ];
        for icon in all {
            let (d, _) = icon.path();
            for n in d.split([' ', 'M', 'L', 'H', 'V', 'A', 'Z']).filter(|s| !s.is_empty()) {
                let v: f64 = n.parse().unwrap_or_else(|_| panic!("{icon:?}: {n}"));
                assert!((0.0..=16.0).contains(&v), "{icon:?}: {v} outside 0..16");
            }
        }
    }
}
