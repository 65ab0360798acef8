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

/// DOUBLE with `Range.between(0, 1)`, as parts per million (the core keeps
/// no floats). Kafka's `Double.parseDouble` also takes exponents and more
/// than six decimals; KafkaSim takes plain decimals.
// Simplification: a ratio is kept to six decimals; `1e-1` is refused as not a number.
pub fn parse_ratio_ppm(name: &str, raw: &str) -> Result<u32, KafkaError> {
    let v = raw.trim();
    let not_a_number = || KafkaError::invalid_config_value(name, raw, "Not a number of type DOUBLE");
    let (negative, digits) = v.strip_prefix('-').map_or((false, v), |d| (true, d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) || int.len() > 9 {
        return Err(not_a_number());
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| not_a_number())? };
    let mut micro = 0u64;
    for (i, b) in frac.bytes().take(6).enumerate() {
        micro += u64::from(b - b'0') * 10u64.pow(5 - i as u32);
    }
    let ppm = whole * 1_000_000 + micro;
    let shown = format_ratio_ppm(ppm);
    if negative && ppm > 0 {
        return Err(KafkaError::invalid_config_value(name, &format!("-{shown}"), "Value must be at least 0"));
    }
    if ppm > 1_000_000 {
        return Err(KafkaError::invalid_config_value(name, &shown, "Value must be no more than 1"));
    }
    Ok(ppm as u32)
}

/// A ratio in parts per million as Java's `Double.toString` prints it (`0.5`, `1.0`).
pub fn format_ratio_ppm(ppm: u64) -> String {
    let frac = format!("{:06}", ppm % 1_000_000);
    let frac = frac.trim_end_matches('0');
    format!("{}.{}", ppm / 1_000_000, if frac.is_empty() { "0" } else { frac })
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
        assert_eq!(parse_ratio_ppm("r", " 0.5 ").unwrap(), 500_000);
        assert_eq!(parse_ratio_ppm("r", ".01").unwrap(), 10_000);
        assert_eq!(parse_ratio_ppm("r", "1").unwrap(), 1_000_000);
        assert_eq!(format_ratio_ppm(500_000), "0.5");
        assert_eq!(format_ratio_ppm(1_000_000), "1.0");
        assert_eq!(format_ratio_ppm(0), "0.0");
        assert_eq!(
            parse_ratio_ppm("min.cleanable.dirty.ratio", "1.5").unwrap_err().message,
            "Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1"
        );
        assert_eq!(
            parse_ratio_ppm("r", "-0.5").unwrap_err().message,
            "Invalid value -0.5 for configuration r: Value must be at least 0"
        );
        assert_eq!(
            parse_ratio_ppm("r", "half").unwrap_err().message,
            "Invalid value half for configuration r: Not a number of type DOUBLE"
        );
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
    Double,
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
pub const TOPIC_CONFIGS: [TopicConfigDef; TOPIC_CONFIG_COUNT] = [
    def("cleanup.policy", "log.cleanup.policy", ConfigType::List, "delete"),
    def("compression.type", "compression.type", ConfigType::String, "producer"),
    def("delete.retention.ms", "log.cleaner.delete.retention.ms", ConfigType::Long, "86400000"),
    def("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms", ConfigType::Long, "9223372036854775807"),
    def("max.message.bytes", "message.max.bytes", ConfigType::Int, "1048588"),
    def("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio", ConfigType::Double, "0.5"),
    def("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms", ConfigType::Long, "0"),
    def("min.insync.replicas", "min.insync.replicas", ConfigType::Int, "1"),
    def("retention.bytes", "log.retention.bytes", ConfigType::Long, "-1"),
    def("retention.ms", "log.retention.ms", ConfigType::Long, "604800000"),
    def("segment.bytes", "log.segment.bytes", ConfigType::Int, "1073741824"),
    def("segment.ms", "log.roll.ms", ConfigType::Long, "604800000"),
    def("unclean.leader.election.enable", "unclean.leader.election.enable", ConfigType::Boolean, "false"),
];

/// How many topic configs KafkaSim models.
pub const TOPIC_CONFIG_COUNT: usize = 13;

/// The definition of topic config `name`, if KafkaSim models it.
pub fn topic_config(name: &str) -> Option<&'static TopicConfigDef> {
    TOPIC_CONFIGS.iter().find(|d| d.name == name)
}
