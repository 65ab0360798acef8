//! The Yew user interface (wasm32 only).

/// Mounts the application.
pub fn start() {}
