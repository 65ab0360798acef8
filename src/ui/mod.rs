//! The Yew user interface (wasm32 only).
//!
//! The UI only renders. Today it is a shell: a header with the product name
//! and a language switch, and an empty stage where the cluster will be drawn
//! once the simulation core can be driven. Components never spell out visible
//! text; they look it up in [`crate::i18n`], so Korean and English stay in
//! step and the tables are tested natively.
//!
//! - [`app`] is the root component and owns the current language.
//! - [`lang_switch`] is the 한국어 / English toggle.
//! - [`page`] is the only place that touches the browser directly (the URL,
//!   `navigator.language`, `<html lang>`, the tab title).

mod app;
mod lang_switch;
mod page;

pub use app::App;

/// Mounts [`App`] on the document body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
