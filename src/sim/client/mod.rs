//! Kafka clients: the producer (and, with the consumer-groups issue, the consumer).

pub mod consumer;
pub mod producer;
pub mod producer_config;
