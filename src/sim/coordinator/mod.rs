//! The group coordinator: which broker coordinates a group, and (later) its state machine.

pub mod placement;
