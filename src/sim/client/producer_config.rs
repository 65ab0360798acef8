//! Producer configuration: parsing, defaults and Kafka's cross-field rules.
//!
//! A Kafka producer is configured with string properties. `ConfigDef.parse`
//! trims and converts each value to its declared type (INT, LONG, BOOLEAN,
//! STRING) and runs its validator (a range, or a list of allowed strings); a
//! failure is a `ConfigException` with the message
//! `Invalid value <v> for configuration <name>: <reason>`. Unknown keys are only
//! logged ("supplied but are not used").
//!
//! Then `ProducerConfig.postProcessAndValidateIdempotenceConfigs`
//! (`clients/src/main/java/org/apache/kafka/clients/producer/ProducerConfig.java`)
//! checks what idempotence needs: `acks=all`, `retries > 0` and
//! `max.in.flight.requests.per.connection <= 5` (the broker caches 5 batches
//! per producer). If `enable.idempotence` was set explicitly a `retries` or
//! `acks` violation is a `ConfigException`; if it was left at its default
//! (`true`) idempotence is silently switched off. Since 4.0 the in-flight
//! limit is an error in both cases (`To use the idempotent producer, ...`).
//! A `transactional.id` then requires idempotence.
//! Finally `KafkaProducer.configureDeliveryTimeout` requires
//! `delivery.timeout.ms >= linger.ms + request.timeout.ms`: an error if the
//! user set it, otherwise it is raised to that sum. Tests follow
//! `KafkaProducerTest` (`testOverwriteAcksAndRetriesForIdempotentProducers`,
//! `testAcksAndIdempotenceForIdempotentProducers`,
//! `testRetriesAndIdempotenceForIdempotentProducers`,
//! `testInflightRequestsAndIdempotenceForIdempotentProducers`).

use crate::sim::config_def::{parse_bool, parse_int, parse_long};
use crate::sim::error::{ErrorKind, KafkaError};
pub use crate::sim::messages::acks::Acks;
use crate::vecmap::VecSet;
use serde::{Deserialize, Serialize};

/// A `ConfigException` with `message`.
pub(crate) fn config_error(message: String) -> KafkaError {
    KafkaError::new(ErrorKind::Config, message)
}

/// `MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE`.
pub const MAX_IN_FLIGHT_FOR_IDEMPOTENCE: i32 = 5;

/// The producer configuration the simulator models.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerConfig {
    /// Kafka: `acks` (default `all`).
    pub acks: Acks,
    /// Kafka: `enable.idempotence` (default true; false after silent disabling).
    pub enable_idempotence: bool,
    /// Kafka: `retries` (default `Integer.MAX_VALUE`).
    pub retries: i32,
    /// Kafka: `max.in.flight.requests.per.connection` (default 5).
    pub max_in_flight_requests_per_connection: i32,
    /// Kafka: `linger.ms`. Default 5: Kafka 4.0 changed it from 0 to 5
    /// (KIP-1030). kafka-semantics.md shows 0 because its snapshot
    /// (4.0.0-SNAPSHOT, 2024-10-25) predates that change; we simulate 4.x.
    pub linger_ms: i64,
    /// Kafka: `batch.size` (default 16384 bytes).
    pub batch_size: i32,
    /// Kafka: `request.timeout.ms` (default 30000).
    pub request_timeout_ms: i32,
    /// Kafka: `delivery.timeout.ms` (default 120000; may be raised, see module doc).
    pub delivery_timeout_ms: i32,
    /// Kafka: `retry.backoff.ms` (default 100).
    pub retry_backoff_ms: i64,
    /// Kafka: `buffer.memory` (default 32 MiB): bytes of batches the accumulator may hold.
    pub buffer_memory: i64,
    /// Kafka: `max.block.ms` (default 60000): how long `send()` may block.
    pub max_block_ms: i64,
    /// Kafka: `transactional.id` (default null).
    pub transactional_id: Option<String>,
    /// Kafka: `client.id` (default empty; `producer-<transactional.id>` when a
    /// transactional id is set, else the simulator names it `producer-N`).
    pub client_id: String,
    /// Keys the user set, whether modelled or not (Kafka's `originals()`).
    pub explicitly_set: VecSet<String>,
    /// Keys Kafka does not know; Kafka only warns about them.
    pub unknown_keys: Vec<String>,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            enable_idempotence: true,
            retries: i32::MAX,
            max_in_flight_requests_per_connection: 5,
            linger_ms: 5,
            batch_size: 16_384,
            request_timeout_ms: 30_000,
            delivery_timeout_ms: 120_000,
            retry_backoff_ms: 100,
            buffer_memory: 33_554_432,
            max_block_ms: 60_000,
            transactional_id: None,
            client_id: String::new(),
            explicitly_set: VecSet::new(),
            unknown_keys: Vec::new(),
        }
    }
}

/// Producer keys Kafka knows but the simulator does not model: accepted
/// silently (no "unknown" warning).
const UNMODELLED_KEYS: &[&str] = &[
    "bootstrap.servers",
    "client.dns.lookup",
    "compression.type",
    "compression.gzip.level",
    "compression.lz4.level",
    "compression.zstd.level",
    "connections.max.idle.ms",
    "enable.metrics.push",
    "interceptor.classes",
    "key.serializer",
    "max.request.size",
    "metadata.max.age.ms",
    "metadata.max.idle.ms",
    "metadata.recovery.strategy",
    "metric.reporters",
    "metrics.num.samples",
    "metrics.recording.level",
    "metrics.sample.window.ms",
    "partitioner.adaptive.partitioning.enable",
    "partitioner.availability.timeout.ms",
    "partitioner.class",
    "partitioner.ignore.keys",
    "receive.buffer.bytes",
    "reconnect.backoff.max.ms",
    "reconnect.backoff.ms",
    "retry.backoff.max.ms",
    "security.protocol",
    "security.providers",
    "send.buffer.bytes",
    "socket.connection.setup.timeout.max.ms",
    "socket.connection.setup.timeout.ms",
    "transaction.timeout.ms",
    "value.serializer",
];

/// `acks`: `ValidString.in("all", "-1", "0", "1")`, then `parseAcks`.
fn parse_acks(raw: &str) -> Result<Acks, KafkaError> {
    match raw.trim() {
        "all" | "-1" => Ok(Acks::All),
        "0" => Ok(Acks::Zero),
        "1" => Ok(Acks::One),
        other => Err(KafkaError::invalid_config_value("acks", other, "String must be one of: all, -1, 0, 1")),
    }
}

impl ProducerConfig {
    /// Parses `(key, value)` properties (a later duplicate wins, as in
    /// `java.util.Properties`) and applies Kafka's validation.
    pub fn from_properties(props: &[(String, String)]) -> Result<ProducerConfig, KafkaError> {
        let mut config = ProducerConfig::default();
        for (key, value) in props {
            config.set(key, value)?;
            config.explicitly_set.insert(key.clone());
        }
        config.validate_idempotence()?;
        config.configure_delivery_timeout()?;
        if config.client_id.is_empty() {
            if let Some(id) = &config.transactional_id {
                config.client_id = format!("producer-{id}");
            }
        }
        Ok(config)
    }

    /// Whether the user set `key` explicitly.
    pub fn is_set(&self, key: &str) -> bool {
        self.explicitly_set.contains(key)
    }

    /// Parses and stores one property.
    fn set(&mut self, key: &str, value: &str) -> Result<(), KafkaError> {
        match key {
            "acks" => self.acks = parse_acks(value)?,
            "enable.idempotence" => self.enable_idempotence = parse_bool(key, value)?,
            "retries" => self.retries = parse_int(key, value, 0)?,
            "max.in.flight.requests.per.connection" => {
                self.max_in_flight_requests_per_connection = parse_int(key, value, 1)?
            }
            "linger.ms" => self.linger_ms = parse_long(key, value, 0)?,
            "batch.size" => self.batch_size = parse_int(key, value, 0)?,
            "request.timeout.ms" => self.request_timeout_ms = parse_int(key, value, 0)?,
            "delivery.timeout.ms" => self.delivery_timeout_ms = parse_int(key, value, 0)?,
            "retry.backoff.ms" => self.retry_backoff_ms = parse_long(key, value, 0)?,
            "buffer.memory" => self.buffer_memory = parse_long(key, value, 0)?,
            "max.block.ms" => self.max_block_ms = parse_long(key, value, 0)?,
            "transactional.id" => {
                // NonEmptyString validator, on the trimmed value.
                let trimmed = value.trim();
                if trimmed.is_empty() {
                    return Err(KafkaError::invalid_config_value(key, trimmed, "String must be non-empty"));
                }
                self.transactional_id = Some(trimmed.to_string());
            }
            "client.id" => self.client_id = value.trim().to_string(),
            _ => {
                let known = UNMODELLED_KEYS.contains(&key) || key.starts_with("ssl.") || key.starts_with("sasl.");
                if !known && !self.unknown_keys.iter().any(|k| k == key) {
                    self.unknown_keys.push(key.to_string());
                }
            }
        }
        Ok(())
    }

    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (Kafka 4.0):
    /// `retries=0` and `acks` other than `all` are errors only when
    /// `enable.idempotence` was set explicitly (else idempotence is silently
    /// disabled), but `max.in.flight.requests.per.connection > 5` is an error
    /// whenever idempotence was enabled at that point, set or defaulted; the
    /// check runs even after `acks` has already asked to disable it.
    fn validate_idempotence(&mut self) -> Result<(), KafkaError> {
        let user_configured = self.is_set("enable.idempotence");
        let mut disable = false;
        if self.enable_idempotence {
            let rules: [(bool, &str); 2] = [
                (self.retries == 0, "Must set retries to non-zero when using the idempotent producer."),
                (
                    self.acks != Acks::All,
                    "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
                ),
            ];
            for (violated, message) in rules {
                if violated && user_configured {
                    return Err(config_error(message.to_string()));
                }
                disable |= violated;
            }
            let in_flight = self.max_in_flight_requests_per_connection;
            if in_flight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE {
                return Err(config_error(format!(
                    "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most {MAX_IN_FLIGHT_FOR_IDEMPOTENCE}. Current value is {in_flight}."
                )));
            }
        }
        if disable {
            self.enable_idempotence = false;
        }
        if !self.enable_idempotence && self.is_set("transactional.id") {
            return Err(config_error("Cannot set a transactional.id without also enabling idempotence.".to_string()));
        }
        Ok(())
    }

    /// `KafkaProducer.configureDeliveryTimeout`.
    fn configure_delivery_timeout(&mut self) -> Result<(), KafkaError> {
        let linger = self.linger_ms.min(i64::from(i32::MAX));
        let floor = (linger + i64::from(self.request_timeout_ms)).min(i64::from(i32::MAX)) as i32;
        if self.delivery_timeout_ms < floor {
            if self.is_set("delivery.timeout.ms") {
                return Err(config_error(
                    "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms".to_string(),
                ));
            }
            self.delivery_timeout_ms = floor;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<ProducerConfig, KafkaError> {
        ProducerConfig::from_properties(&props(pairs))
    }

    /// Expected (enable.idempotence, acks, retries, max.in.flight), or an error.
    type Expect = Option<(bool, Acks, i32, i32)>;

    /// (Kafka test name, properties set, expectation).
    type Vector = (&'static str, &'static [(&'static str, &'static str)], Expect);

    const TXN: (&str, &str) = ("transactional.id", "transactionalId");
    const MAX: i32 = i32::MAX;

    /// The 18 `KafkaProducerTest` vectors of kafka-semantics.md section 5.1.
    #[test]
    fn kafka_producer_test_idempotence_vectors() {
        #[rustfmt::skip]
        let cases: &[Vector] = &[
            ("testOverwriteAcksAndRetriesForIdempotentProducers", &[TXN], Some((true, Acks::All, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "0"), ("enable.idempotence", "false")], Some((false, Acks::Zero, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[TXN], Some((true, Acks::All, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "all"), ("enable.idempotence", "false")], Some((false, Acks::All, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "0")], Some((false, Acks::Zero, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "1")], Some((false, Acks::One, MAX, 5))),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "0"), ("enable.idempotence", "false"), TXN], None),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "1"), ("enable.idempotence", "true")], None),
            ("testAcksAndIdempotenceForIdempotentProducers", &[("acks", "0"), TXN], None),
            ("testRetriesAndIdempotenceForIdempotentProducers", &[("retries", "0"), ("enable.idempotence", "false")], Some((false, Acks::All, 0, 5))),
            ("testRetriesAndIdempotenceForIdempotentProducers", &[("retries", "0")], Some((false, Acks::All, 0, 5))),
            ("testRetriesAndIdempotenceForIdempotentProducers", &[("retries", "0"), ("enable.idempotence", "true")], None),
            ("testRetriesAndIdempotenceForIdempotentProducers", &[("retries", "0"), TXN], None),
            ("testInflightRequestsAndIdempotenceForIdempotentProducers", &[("max.in.flight.requests.per.connection", "6"), ("enable.idempotence", "false")], Some((false, Acks::All, MAX, 6))),
            ("testInflightRequestsAndIdempotenceForIdempotentProducers", &[("max.in.flight.requests.per.connection", "6")], None),
            ("testInflightRequestsAndIdempotenceForIdempotentProducers", &[("max.in.flight.requests.per.connection", "6"), ("enable.idempotence", "true")], None),
            ("testInflightRequestsAndIdempotenceForIdempotentProducers", &[("max.in.flight.requests.per.connection", "5"), ("enable.idempotence", "false"), TXN], None),
            ("testInflightRequestsAndIdempotenceForIdempotentProducers", &[("max.in.flight.requests.per.connection", "6"), TXN], None),
        ];
        assert_eq!(cases.len(), 18);
        for (i, &(test, set, expect)) in cases.iter().enumerate() {
            let got = parse(set);
            match expect {
                Some(want) => {
                    let c = got.unwrap_or_else(|e| panic!("{test} #{i}: {e}"));
                    let have = (c.enable_idempotence, c.acks, c.retries, c.max_in_flight_requests_per_connection);
                    assert_eq!(have, want, "{test} #{i}");
                }
                None => {
                    let e = got.expect_err(test);
                    assert_eq!(e.kind, ErrorKind::Config, "{test} #{i}");
                }
            }
        }
        // The first vector also checks the derived client.id.
        assert_eq!(parse(&[TXN]).unwrap().client_id, "producer-transactionalId");
    }

    const D5_TEXT: &str =
        "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.";

    /// Kafka's messages for the explicit-idempotence violations.
    #[test]
    fn idempotence_error_messages() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("retries", "0"), ("enable.idempotence", "true")], "Must set retries to non-zero when using the idempotent producer."),
            (&[("acks", "1"), ("enable.idempotence", "true")], "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."),
            (&[("max.in.flight.requests.per.connection", "6"), ("enable.idempotence", "true")], D5_TEXT),
            (&[("acks", "0"), TXN], "Cannot set a transactional.id without also enabling idempotence."),
        ];
        for &(set, message) in cases {
            assert_eq!(parse(set).unwrap_err().message, message);
        }
    }

    /// `KafkaProducer.configureDeliveryTimeout`: explicit violation is an
    /// error, a defaulted value is raised to linger.ms + request.timeout.ms.
    #[test]
    fn delivery_timeout_rule() {
        let c = parse(&[("request.timeout.ms", "200000")]).unwrap();
        assert_eq!(c.delivery_timeout_ms, 200_005, "raised to linger.ms (5) + request.timeout.ms");
        let c = parse(&[("linger.ms", "0"), ("request.timeout.ms", "200000")]).unwrap();
        assert_eq!(c.delivery_timeout_ms, 200_000);
        let e = parse(&[("delivery.timeout.ms", "30004")]).unwrap_err();
        assert_eq!(e.message, "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
        assert_eq!(parse(&[("delivery.timeout.ms", "30005")]).unwrap().delivery_timeout_ms, 30_005);
        let huge = parse(&[("linger.ms", "9223372036854775807")]).unwrap();
        assert_eq!(huge.delivery_timeout_ms, i32::MAX, "the sum is capped at Integer.MAX_VALUE");
    }

    /// `ConfigDef.parse` errors, with Kafka's message shapes.
    #[test]
    fn parse_errors() {
        let cases: &[((&str, &str), &str)] = &[
            (("retries", "abc"), "Invalid value abc for configuration retries: Not a number of type INT"),
            (("acks", "2"), "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"),
            (("linger.ms", "x"), "Invalid value x for configuration linger.ms: Not a number of type LONG"),
            (("linger.ms", "-1"), "Invalid value -1 for configuration linger.ms: Value must be at least 0"),
            (("retries", "-1"), "Invalid value -1 for configuration retries: Value must be at least 0"),
            (
                ("max.in.flight.requests.per.connection", "0"),
                "Invalid value 0 for configuration max.in.flight.requests.per.connection: Value must be at least 1",
            ),
            (
                ("enable.idempotence", "yes"),
                "Invalid value yes for configuration enable.idempotence: Expected value to be either true or false",
            ),
            (("transactional.id", " "), "Invalid value  for configuration transactional.id: String must be non-empty"),
        ];
        for &((key, value), message) in cases {
            let e = parse(&[(key, value)]).unwrap_err();
            assert_eq!(e.message, message);
            assert_eq!(e.to_string(), format!("{}: {message}", ErrorKind::Config.class_name()));
        }
    }

    /// Defaults (Kafka 4.x), value trimming, explicit-key tracking and unknown keys.
    #[test]
    fn defaults_trimming_and_unknown_keys() {
        let d = parse(&[]).unwrap();
        assert_eq!(d, ProducerConfig::default());
        assert_eq!((d.acks, d.enable_idempotence, d.retries), (Acks::All, true, i32::MAX));
        assert_eq!(
            (d.linger_ms, d.batch_size, d.request_timeout_ms, d.delivery_timeout_ms),
            (5, 16_384, 30_000, 120_000)
        );
        assert_eq!((d.retry_backoff_ms, d.max_in_flight_requests_per_connection), (100, 5));
        let c = parse(&[
            (" acks", "1"),
            ("acks", " 1 "),
            ("bootstrap.servers", "b:9092"),
            ("lingerms", "3"),
            ("ssl.x", "y"),
        ]);
        let c = c.unwrap();
        assert_eq!(c.acks, Acks::One);
        assert_eq!(c.acks.as_kafka_str(), "1");
        assert_eq!(c.unknown_keys, vec![" acks".to_string(), "lingerms".to_string()]);
        assert!(c.is_set("acks") && c.is_set("bootstrap.servers") && !c.is_set("retries"));
        assert!(!c.enable_idempotence, "acks=1 silently disables default idempotence");
    }
}
