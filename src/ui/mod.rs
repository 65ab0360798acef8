//! The Yew user interface (wasm32 only).
//!
//! The UI only renders (architecture principle 7). [`runner`] owns the
//! [`crate::player::Player`] — and through it the console and the
//! simulation — and the `requestAnimationFrame` loop, and publishes an `Rc`
//! snapshot through a context; every other component reads that snapshot
//! and sends actions back, each action a console line so the transcript
//! shows what was clicked. Geometry, interpolation, colours and charts are
//! pure functions in [`crate::viz`], tested natively. Components never spell
//! out visible text; they look it up in [`crate::i18n`].
//!
//! - [`app`]: the root; language and display toggles.
//! - [`runner`]: the animation loop and the snapshot context.
//! - [`context`]: the language and lesson-highlight contexts.
//! - [`controls`]: play/pause, step, speed, time, seed, the rewind timeline.
//! - [`cluster`], [`replica`], [`messages`], [`broker_menu`]: the picture;
//!   [`countdown`]: the rings of the timeouts running down, drawn on their nodes.
//! - [`groups`], [`consumer_menu`], [`partition_detail`]: consumer groups on the
//!   picture, a consumer's actions, a partition's log strips; [`log_picture`]: their
//!   segments, the cleaner's position and a compacted topic's table view.
//! - [`actions`]: add a topic, producer or consumer, change a topic config.
//! - [`ledger`], [`charts`], [`event_log`]: the side panels.
//! - [`console_panel`]: the docked console.
//! - [`lang_switch`]: the 한국어 / English toggle.
//! - [`lessons`], [`embed`], [`share`]: the lesson catalog and panel, presenter keys
//!   and the slide-deck API, share links / files / QR.
//! - [`icons`]: inline SVG icons (the UI writes no emoji or symbol characters).
//! - [`boot`]: the session the page's URL starts with.
//! - [`page`]: the only place that reads the browser (URL, language, media queries).

mod actions;
mod app;
mod boot;
mod broker_menu;
mod charts;
mod cluster;
mod console_panel;
mod consumer_menu;
mod context;
mod controls;
mod countdown;
mod embed;
mod event_log;
mod groups;
mod icons;
mod lang_switch;
mod ledger;
mod lesson_load;
mod lessons;
mod log_picture;
mod messages;
mod page;
mod partition_detail;
mod perf;
mod replica;
mod runner;
mod share;

pub use app::App;

/// Mounts [`App`] on the document body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
