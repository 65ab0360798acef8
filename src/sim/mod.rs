//! The deterministic simulation core.
//!
//! Every simulated process (broker, controller, producer, consumer) is a sans-IO
//! state machine with one entry point. It receives an input (a message, a timer,
//! a crash, a restart) and *records* effects (send, set a timer, trace) instead of
//! performing them. A single event queue ordered by `(time, sequence)` drives all
//! of them; the clock jumps from event to event. One seed feeds every random
//! choice through [`rng::SimRng`], with a derived stream per subsystem and node.
//!
//! Determinism rules (enforced by `clippy.toml`): no wall clock, no global RNG,
//! no iteration over `std::collections::HashMap`/`HashSet`, no floats in
//! decisions, no `usize` in state that could differ between wasm32 and x86_64.

pub mod assignor;
pub mod broker;
pub mod client;
pub mod commands;
pub mod config;
pub mod config_def;
pub mod controller;
pub mod coordinator;
pub mod deliveries;
pub mod dynamic_config;
pub mod error;
pub mod group_ledger;
pub mod groups_view;
pub mod hash;
pub mod ids;
pub mod invariants;
pub mod ledger;
pub mod log_config;
pub mod messages;
pub mod metadata;
pub mod metrics;
pub mod network;
pub mod node;
pub mod partitioner;
pub mod process;
pub mod queue;
pub mod record;
pub mod record_map;
pub mod rng;
pub mod shared_vec;
pub mod simulation;
pub mod text;
pub mod time;
pub mod trace;
pub mod workloads;

pub use simulation::{countdowns, view};

#[cfg(test)]
mod clone_tests;
