//! Producer fidelity (issue 12): D4, D5, D29, S3 and items 2 and 3, each
//! against Kafka 4.0's producer (`ProducerConfig`, `Sender`,
//! `RecordAccumulator`, `TransactionManager`).
mod common;
use kafkasim::sim::client::producer_config::{ProducerConfig, CONFIG_EXCEPTION};

fn config(pairs: &[(&str, &str)]) -> Result<ProducerConfig, String> {
    let props: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ProducerConfig::from_properties(&props).map_err(|e| e.to_string())
}

/// D5: `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (4.0) throws
/// for `max.in.flight.requests.per.connection > 5` whenever idempotence is on,
/// set explicitly or by default (`ProducerConfigTest.testUpperboundCheckOfEnableIdempotence`),
/// and also with `acks=1` (which only asks to disable idempotence afterwards).
#[test]
fn d5_max_in_flight_6_with_implicit_idempotence_is_an_error() {
    let text = format!(
        "{CONFIG_EXCEPTION}: To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6."
    );
    let mif = ("max.in.flight.requests.per.connection", "6");
    assert_eq!(config(&[mif]).unwrap_err(), text, "implicit idempotence");
    assert_eq!(config(&[mif, ("enable.idempotence", "true")]).unwrap_err(), text, "explicit idempotence");
    assert_eq!(config(&[mif, ("acks", "1")]).unwrap_err(), text, "acks=1 without enable.idempotence=false");
    let off = config(&[mif, ("acks", "1"), ("enable.idempotence", "false")]).unwrap();
    assert_eq!((off.enable_idempotence, off.max_in_flight_requests_per_connection), (false, 6));
    let five = config(&[("max.in.flight.requests.per.connection", "5")]).unwrap();
    assert!(five.enable_idempotence);
}
