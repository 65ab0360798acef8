//! Broker-side state machines and the pure rules they apply.

pub mod epoch_cache;
pub mod producer_state;
