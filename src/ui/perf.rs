//! Frame timing for the frame benchmark (`?perf=1`, `tests/e2e/bench-frames.mjs`).
//!
//! With `perf=1` in the URL, every animation frame that advances the
//! simulation appends `[frame interval, simulation ms, snapshot ms, render
//! ms, events]` to the array `window.__kafkasimFrames` (at most
//! [`CAP`] entries; the oldest are dropped). "Simulation" is
//! [`crate::player::Player::tick`]; "snapshot" is building the view the
//! components read; "render" is Yew's reconciliation of the DOM, measured up
//! to a microtask queued after Yew's own render task. The browser's style,
//! layout and paint come on top and show in the frame interval.
//! Without the parameter nothing is recorded. Wall-clock time is read here,
//! in the UI, never in the core.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// Frames kept in `window.__kafkasimFrames`.
const CAP: u32 = 20_000;

/// Whether the page was opened with `perf=1`.
pub fn enabled() -> bool {
    super::page::query().trim_start_matches('?').split('&').any(|p| p == "perf=1")
}

/// `performance.now()` in milliseconds.
pub fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Records one frame; the render time is taken once Yew's render task has run.
pub fn record(interval_ms: f64, sim_ms: f64, snapshot_ms: f64, events: u32, rendered_from: f64) {
    yew::platform::spawn_local(async move {
        let render_ms = now() - rendered_from;
        let frames = frames();
        if frames.length() >= CAP {
            frames.shift();
        }
        let row = [interval_ms, sim_ms, snapshot_ms, render_ms, f64::from(events)];
        frames.push(&row.iter().map(|v| JsValue::from_f64(*v)).collect::<Array>());
    });
}

fn frames() -> Array {
    let window = gloo::utils::window();
    let key = JsValue::from_str("__kafkasimFrames");
    match js_sys::Reflect::get(&window, &key) {
        // Not `Array::from`, which would copy (JavaScript's `Array.from`).
        Ok(v) if Array::is_array(&v) => v.unchecked_into::<Array>(),
        _ => {
            let a = Array::new();
            // Setting a property on window cannot fail.
            let _ = js_sys::Reflect::set(&window, &key, &a);
            a
        }
    }
}
