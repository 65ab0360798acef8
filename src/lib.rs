//! KafkaSim: an Apache Kafka 4.x cluster (KRaft mode) simulated deterministically.
//!
//! The crate has one pure core and thin shells around it:
//! - [`sim`] is the deterministic simulation: brokers, the KRaft controller,
//!   replication, clients. It knows nothing of browsers, clocks or the OS and is
//!   tested natively with `cargo test`.
//! - [`console`] is the Kafka command-line language (kafka-topics, sim ...),
//!   shared by the native tool and the browser console.
//! - [`lessons`] are narrated, step-by-step lessons (data files under
//!   `static/lessons/`) and the runner that plays them; pure, tested natively.
//! - [`i18n`] holds every visible string, in Korean and English; pure, so it
//!   is tested natively.
//! - `fuzz` (native only) throws random console lines, share links and
//!   lesson files at the console and checks every answer.
//! - `ui` (wasm32 only) is the Yew application that renders the core's snapshot.
//!
//! Nothing in `sim` points upward, so it could move into its own crate unchanged.
#![forbid(unsafe_code)]

pub mod console;
pub mod i18n;
pub mod lessons;
pub mod player;
pub mod share;
pub mod sim;
pub mod vecmap;
pub mod viz;

#[cfg(not(target_arch = "wasm32"))]
pub mod bench;

#[cfg(not(target_arch = "wasm32"))]
pub mod fuzz;

#[cfg(target_arch = "wasm32")]
pub mod ui;
