//! Kafka's `ConfigDef` parsing rules, written once for every config the
//! simulator reads: topic and broker configs (`sim::config`), producer
//! configs and consumer configs.
//!
//! `ConfigDef.parseType` trims a value and converts it to the key's type
//! (INT, LONG, BOOLEAN, STRING); a validator (`ConfigDef.Range.atLeast`,
//! `ConfigDef.ValidString.in`) then checks it. Each failure is a
//! `ConfigException(name, value, message)`:
//! `Invalid value <value> for configuration <name>: <message>`, where a range
//! failure names the parsed number (apache/kafka
//! `clients/src/main/java/org/apache/kafka/common/config/ConfigDef.java`).

use crate::sim::error::KafkaError;

/// INT with `Range.atLeast(min)`.
pub fn parse_int(name: &str, raw: &str, min: i32) -> Result<i32, KafkaError> {
    let value: i32 =
        raw.trim().parse().map_err(|_| KafkaError::invalid_config_value(name, raw, "Not a number of type INT"))?;
    at_least(name, i64::from(value), i64::from(min))?;
    Ok(value)
}

/// LONG with `Range.atLeast(min)`.
pub fn parse_long(name: &str, raw: &str, min: i64) -> Result<i64, KafkaError> {
    let value: i64 =
        raw.trim().parse().map_err(|_| KafkaError::invalid_config_value(name, raw, "Not a number of type LONG"))?;
    at_least(name, value, min)?;
    Ok(value)
}

/// `Range.atLeast(min)`, naming the parsed value.
fn at_least(name: &str, value: i64, min: i64) -> Result<(), KafkaError> {
    if value < min {
        return Err(KafkaError::invalid_config_value(
            name,
            &value.to_string(),
            &format!("Value must be at least {min}"),
        ));
    }
    Ok(())
}

/// BOOLEAN: `true` or `false`, case-insensitive.
pub fn parse_bool(name: &str, raw: &str) -> Result<bool, KafkaError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(KafkaError::invalid_config_value(name, raw, "Expected value to be either true or false")),
    }
}

/// STRING with `ValidString.in(valid)`: case-sensitive.
pub fn parse_one_of<'a>(name: &str, raw: &str, valid: &[&'a str]) -> Result<&'a str, KafkaError> {
    let v = raw.trim();
    valid.iter().find(|s| **s == v).copied().ok_or_else(|| {
        KafkaError::invalid_config_value(name, v, &format!("String must be one of: {}", valid.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_def_wording() {
        let msg = |r: Result<i64, KafkaError>| r.unwrap_err().message;
        assert_eq!(
            msg(parse_long("retention.ms", "abc", -1)),
            "Invalid value abc for configuration retention.ms: Not a number of type LONG"
        );
        assert_eq!(
            msg(parse_long("linger.ms", " -5 ", 0)),
            "Invalid value -5 for configuration linger.ms: Value must be at least 0"
        );
        assert_eq!(parse_int("retries", " 3", 0).unwrap(), 3);
        assert_eq!(
            parse_int("retries", "3000000000", 0).unwrap_err().message,
            "Invalid value 3000000000 for configuration retries: Not a number of type INT"
        );
        assert!(parse_bool("enable.idempotence", "TRUE").unwrap());
        assert_eq!(
            parse_bool("x", "yes").unwrap_err().message,
            "Invalid value yes for configuration x: Expected value to be either true or false"
        );
        assert_eq!(parse_one_of("acks", "1", &["all", "-1", "0", "1"]).unwrap(), "1");
        assert_eq!(
            parse_one_of("compression.type", "LZ4", &["lz4", "gzip"]).unwrap_err().message,
            "Invalid value LZ4 for configuration compression.type: String must be one of: lz4, gzip"
        );
    }
}

/// `ConfigDef.Type` of a config key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigType {
    Boolean,
    Int,
    Long,
    String,
    List,
}

/// One topic config's definition (`LogConfig.CONFIG`'s `define(...)` call):
/// its name, the broker config that supplies its default
/// (`ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS`), its type and its
/// Kafka 4.0 default as Kafka prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopicConfigDef {
    pub name: &'static str,
    pub broker_synonym: &'static str,
    pub ty: ConfigType,
    pub default: &'static str,
}

const fn def(
    name: &'static str,
    broker_synonym: &'static str,
    ty: ConfigType,
    default: &'static str,
) -> TopicConfigDef {
    TopicConfigDef { name, broker_synonym, ty, default }
}

/// The topic configs KafkaSim models, in Kafka's alphabetical order. The one
/// home of their names, synonyms and defaults: `TopicConfig::default`,
/// `TOPIC_CONFIG_KEYS`, `dynamic_config::SYNONYMS` and `kafka-configs
/// --describe` all come from it.
pub const TOPIC_CONFIGS: [TopicConfigDef; 8] = [
    def("cleanup.policy", "log.cleanup.policy", ConfigType::List, "delete"),
    def("compression.type", "compression.type", ConfigType::String, "producer"),
    def("max.message.bytes", "message.max.bytes", ConfigType::Int, "1048588"),
    def("min.insync.replicas", "min.insync.replicas", ConfigType::Int, "1"),
    def("retention.bytes", "log.retention.bytes", ConfigType::Long, "-1"),
    def("retention.ms", "log.retention.ms", ConfigType::Long, "604800000"),
    def("segment.bytes", "log.segment.bytes", ConfigType::Int, "1073741824"),
    def("unclean.leader.election.enable", "unclean.leader.election.enable", ConfigType::Boolean, "false"),
];

/// The definition of topic config `name`, if KafkaSim models it.
pub fn topic_config(name: &str) -> Option<&'static TopicConfigDef> {
    TOPIC_CONFIGS.iter().find(|d| d.name == name)
}
