//! Pure presentation logic: where things go on screen, how they move, which
//! colours and glyphs say what, and the charts.
//!
//! Nothing here touches a browser. The Yew components in `ui/` call these
//! functions with the simulation's [`ClusterView`](crate::sim::view::ClusterView)
//! and draw what they return, so the decisions — a replica's position in its
//! broker, a message's position along its link at an instant, the palette a
//! colour-blind viewer can tell apart, the chart SVG — are tested natively
//! with `cargo test` (architecture principle 8).
//!
//! - [`layout`]: the cluster picture's geometry (controller, brokers, replica
//!   chips, producers) in one fixed SVG coordinate space.
//! - [`interp`]: in-flight messages positioned by interpolating their send and
//!   delivery times.
//! - [`palette`]: the Okabe–Ito colours, and the glyphs that repeat every
//!   colour-coded fact in shape or text.
//! - [`charts`]: line charts written as SVG strings.
//! - [`anim`]: which recently delivered messages to draw and how far along
//!   their link, over a fixed wall-clock flight time.
//! - [`groups`]: consumer groups and their members as the picture draws them.
//! - [`logstrip`]: the partition detail's per-replica log strips and markers.
//! - [`logview`]: a replica's segments, the cleaner's position, the offsets
//!   compaction emptied, the table view of a compacted topic, removed records fading;
//!   [`loghtml`]: the segment row and the table view written as HTML text.
//! - [`forms`]: the console lines the add/alter buttons run.
//! - [`countdown`]: the rings of the timeouts running down, and their arcs.
//! - [`timeline`]: the marks on the rewind timeline and time formatting.
//! - [`icons`]: the UI's icons as SVG path data (no emoji or symbol characters).
//! - [`wrap`]: long names wrapped onto lines instead of cut.
//! - [`popover`]: where a node's menu opens, beside the node.

pub mod anim;
pub mod charts;
pub mod countdown;
pub mod forms;
pub mod groups;
pub mod icons;
pub mod interp;
pub mod layout;
pub mod loghtml;
pub mod logstrip;
pub mod logview;
pub mod palette;
pub mod popover;
pub mod timeline;
pub mod wrap;
