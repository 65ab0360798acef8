//! Kafka clients: the producer and the consumer.

pub mod consumer;
pub mod producer;
pub mod producer_config;
