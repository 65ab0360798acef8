//! KafkaSim: an Apache Kafka 4.x cluster (KRaft mode) simulated deterministically.
//!
//! The crate has one pure core and thin shells around it:
//! - [`sim`] is the deterministic simulation: brokers, the KRaft controller,
//!   replication, clients. It knows nothing of browsers, clocks or the OS and is
//!   tested natively with `cargo test`.
//! - `ui` (wasm32 only) is the Yew application that renders the core's snapshot.
//!
//! Nothing in `sim` points upward, so it could move into its own crate unchanged.
#![forbid(unsafe_code)]

pub mod console;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
