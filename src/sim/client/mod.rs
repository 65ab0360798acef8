//! Client-side (producer and consumer) state and configuration.

pub mod producer_config;
