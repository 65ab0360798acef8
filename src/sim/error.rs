//! [`KafkaError`]: the one error type of the simulator and its tools, as a
//! Java exception: which exception ([`ErrorKind`]: its class and, for Kafka's
//! `ApiException`s, the numeric code of
//! `org.apache.kafka.common.protocol.Errors`) and its message.
//!
//! Admin requests (`CreateTopics`, `IncrementalAlterConfigs` ...), simulator
//! commands, client configs (`ConfigDef.parse`, `ConfigException`) and the
//! command-line parser (jopt-simple's `OptionException`s) all fail with it.
//! Exceptions that are not `ApiException`s (Java's `IllegalArgumentException`,
//! `ConfigException`, jopt-simple's) have no code of their own:
//! `Errors.forException` maps them to `UNKNOWN_SERVER_ERROR` (-1).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The exceptions the simulator raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// `OFFSET_OUT_OF_RANGE` (1), `OffsetOutOfRangeException`.
    OffsetOutOfRange,
    /// `UNKNOWN_TOPIC_OR_PARTITION` (3), `UnknownTopicOrPartitionException`.
    UnknownTopicOrPartition,
    /// `REQUEST_TIMED_OUT` (7), `TimeoutException`.
    RequestTimedOut,
    /// `COORDINATOR_NOT_AVAILABLE` (15), `CoordinatorNotAvailableException`.
    CoordinatorNotAvailable,
    /// `INVALID_TOPIC_EXCEPTION` (17), `InvalidTopicException`.
    InvalidTopic,
    /// `INVALID_GROUP_ID` (24), `InvalidGroupIdException`.
    InvalidGroupId,
    /// `TOPIC_ALREADY_EXISTS` (36), `TopicExistsException`.
    TopicAlreadyExists,
    /// `INVALID_PARTITIONS` (37), `InvalidPartitionsException`.
    InvalidPartitions,
    /// `INVALID_REPLICATION_FACTOR` (38), `InvalidReplicationFactorException`.
    InvalidReplicationFactor,
    /// `INVALID_CONFIG` (40), `InvalidConfigurationException`.
    InvalidConfig,
    /// `INVALID_REQUEST` (42), `InvalidRequestException`.
    InvalidRequest,
    /// `POLICY_VIOLATION` (44), `PolicyViolationException`.
    PolicyViolation,
    /// `LEADER_NOT_AVAILABLE` (5), `LeaderNotAvailableException`.
    LeaderNotAvailable,
    /// `INVALID_RECORD` (87), `InvalidRecordException`.
    InvalidRecord,
    /// `org.apache.kafka.common.KafkaException` (a client failing to start).
    Kafka,
    /// `org.apache.kafka.common.config.ConfigException` (`ConfigDef.parse`).
    Config,
    /// `java.lang.IllegalArgumentException`.
    IllegalArgument,
    /// `java.lang.IllegalStateException`.
    IllegalState,
    /// `joptsimple.UnrecognizedOptionException`.
    UnrecognizedOption,
    /// `joptsimple.UnconfiguredOptionException` (a value for a flag).
    UnconfiguredOption,
    /// `joptsimple.OptionMissingRequiredArgumentException`.
    OptionMissingRequiredArgument,
    /// `joptsimple.OptionArgumentConversionException`.
    OptionArgumentConversion,
}

/// `UNKNOWN_SERVER_ERROR`: the code of every exception that is not an `ApiException`.
pub const UNKNOWN_SERVER_ERROR: i16 = -1;

impl ErrorKind {
    /// The numeric code of `org.apache.kafka.common.protocol.Errors`.
    pub fn code(self) -> i16 {
        match self {
            ErrorKind::OffsetOutOfRange => 1,
            ErrorKind::UnknownTopicOrPartition => 3,
            ErrorKind::LeaderNotAvailable => 5,
            ErrorKind::PolicyViolation => 44,
            ErrorKind::InvalidRecord => 87,
            ErrorKind::RequestTimedOut => 7,
            ErrorKind::CoordinatorNotAvailable => 15,
            ErrorKind::InvalidTopic => 17,
            ErrorKind::InvalidGroupId => 24,
            ErrorKind::TopicAlreadyExists => 36,
            ErrorKind::InvalidPartitions => 37,
            ErrorKind::InvalidReplicationFactor => 38,
            ErrorKind::InvalidConfig => 40,
            ErrorKind::InvalidRequest => 42,
            _ => UNKNOWN_SERVER_ERROR,
        }
    }

    /// The exception's fully qualified class name.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::OffsetOutOfRange => "org.apache.kafka.common.errors.OffsetOutOfRangeException",
            ErrorKind::UnknownTopicOrPartition => "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
            ErrorKind::LeaderNotAvailable => "org.apache.kafka.common.errors.LeaderNotAvailableException",
            ErrorKind::PolicyViolation => "org.apache.kafka.common.errors.PolicyViolationException",
            ErrorKind::InvalidRecord => "org.apache.kafka.common.InvalidRecordException",
            ErrorKind::RequestTimedOut => "org.apache.kafka.common.errors.TimeoutException",
            ErrorKind::CoordinatorNotAvailable => "org.apache.kafka.common.errors.CoordinatorNotAvailableException",
            ErrorKind::InvalidTopic => "org.apache.kafka.common.errors.InvalidTopicException",
            ErrorKind::InvalidGroupId => "org.apache.kafka.common.errors.InvalidGroupIdException",
            ErrorKind::TopicAlreadyExists => "org.apache.kafka.common.errors.TopicExistsException",
            ErrorKind::InvalidPartitions => "org.apache.kafka.common.errors.InvalidPartitionsException",
            ErrorKind::InvalidReplicationFactor => "org.apache.kafka.common.errors.InvalidReplicationFactorException",
            ErrorKind::InvalidConfig => "org.apache.kafka.common.errors.InvalidConfigurationException",
            ErrorKind::InvalidRequest => "org.apache.kafka.common.errors.InvalidRequestException",
            ErrorKind::Kafka => "org.apache.kafka.common.KafkaException",
            ErrorKind::Config => "org.apache.kafka.common.config.ConfigException",
            ErrorKind::IllegalArgument => "java.lang.IllegalArgumentException",
            ErrorKind::IllegalState => "java.lang.IllegalStateException",
            ErrorKind::UnrecognizedOption => "joptsimple.UnrecognizedOptionException",
            ErrorKind::UnconfiguredOption => "joptsimple.UnconfiguredOptionException",
            ErrorKind::OptionMissingRequiredArgument => "joptsimple.OptionMissingRequiredArgumentException",
            ErrorKind::OptionArgumentConversion => "joptsimple.OptionArgumentConversionException",
        }
    }

    /// The class's simple name, e.g. `TopicExistsException`.
    pub fn simple_name(self) -> &'static str {
        let class = self.class_name();
        class.rsplit('.').next().unwrap_or(class)
    }
}

/// A failure, as the Java exception Kafka would raise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KafkaError {
    pub kind: ErrorKind,
    pub message: String,
}

impl KafkaError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> KafkaError {
        KafkaError { kind, message: message.into() }
    }

    /// Kafka's `ConfigException(name, value, message)` form.
    pub fn invalid_config_value(name: &str, value: &str, reason: &str) -> KafkaError {
        KafkaError::new(ErrorKind::Config, format!("Invalid value {value} for configuration {name}: {reason}"))
    }

    /// The numeric `Errors` code.
    pub fn code(&self) -> i16 {
        self.kind.code()
    }

    /// The exception's fully qualified class name.
    pub fn class_name(&self) -> &'static str {
        self.kind.class_name()
    }

    /// How the simulator's own `sim` commands print it: a client-config
    /// failure as the Java client prints it (full class name), any other
    /// exception by its simple name, e.g. `IllegalArgumentException: Unknown broker 9`.
    pub fn sim_line(&self) -> String {
        let name = match self.kind {
            ErrorKind::Config | ErrorKind::Kafka => self.class_name(),
            kind => kind.simple_name(),
        };
        format!("{name}: {}", self.message)
    }

    /// The same message as another exception (Kafka re-wraps a cause this way).
    pub fn with_kind(self, kind: ErrorKind) -> KafkaError {
        KafkaError { kind, ..self }
    }
}

/// `Throwable.toString`: `<class>: <message>`.
impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class_name(), self.message)
    }
}

impl std::error::Error for KafkaError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_carry_kafka_codes_and_classes() {
        assert_eq!(ErrorKind::TopicAlreadyExists.code(), 36);
        assert_eq!(ErrorKind::TopicAlreadyExists.simple_name(), "TopicExistsException");
        assert_eq!(ErrorKind::InvalidConfig.code(), 40);
        assert_eq!(ErrorKind::IllegalArgument.code(), UNKNOWN_SERVER_ERROR);
        assert_eq!(ErrorKind::UnrecognizedOption.simple_name(), "UnrecognizedOptionException");
    }

    #[test]
    fn displays_as_throwable_to_string() {
        let e = KafkaError::invalid_config_value("acks", "2", "String must be one of: all, -1, 0, 1");
        assert_eq!(
            e.to_string(),
            "org.apache.kafka.common.config.ConfigException: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"
        );
        assert!(e.sim_line().starts_with("org.apache.kafka.common.config.ConfigException: Invalid value 2"));
        let unknown = KafkaError::new(ErrorKind::IllegalArgument, "Unknown broker 9");
        assert_eq!(unknown.sim_line(), "IllegalArgumentException: Unknown broker 9");
        assert_eq!(unknown.to_string(), "java.lang.IllegalArgumentException: Unknown broker 9");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("org.apache.kafka.common.config.ConfigException"));
    }
}
