//! `DefaultMessageFormatter`: how the console consumer prints one record.
//!
//! Follows `org.apache.kafka.tools.consumer.DefaultMessageFormatter` (Kafka
//! 4.0): `print.timestamp|partition|offset|delivery|epoch|headers|key|value`
//! in that order (`CreateTime:<ms>`, `Partition:<n>`, `Offset:<n>`,
//! `Delivery:NOT_PRESENT`, `Epoch:NOT_PRESENT`, the headers or `NO_HEADERS`,
//! the key, the value), joined by `key.separator`; the last field printed is
//! followed by `line.separator`, so a record with no field printed writes
//! nothing. A null key, value or header value prints `null.literal`
//! (default `null`). `Epoch` is always `NOT_PRESENT`: the console consumer
//! hands the formatter records without a leader epoch (`ConsoleConsumer`
//! re-wraps each with `Optional.empty()`), and `Delivery` is only set for
//! share groups.

use crate::console::output::EPOCH_MS;
use crate::sim::ids::TopicPartition;
use crate::sim::record::Record;

/// `DefaultMessageFormatter`'s settings.
#[derive(Clone, Debug)]
pub(super) struct Formatter {
    timestamp: bool,
    key: bool,
    value: bool,
    partition: bool,
    offset: bool,
    delivery: bool,
    epoch: bool,
    headers: bool,
    key_separator: String,
    line_separator: String,
    headers_separator: String,
    null_literal: String,
}

impl Formatter {
    pub(super) fn new(props: &[(String, String)]) -> Formatter {
        let get = |k: &str| props.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let flag = |k: &str, d: bool| get(k).map_or(d, |v| v.trim().eq_ignore_ascii_case("true"));
        Formatter {
            timestamp: flag("print.timestamp", false),
            key: flag("print.key", false),
            value: flag("print.value", true),
            partition: flag("print.partition", false),
            offset: flag("print.offset", false),
            delivery: flag("print.delivery", false),
            epoch: flag("print.epoch", false),
            headers: flag("print.headers", false),
            key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
            line_separator: get("line.separator").unwrap_or_else(|| "\n".into()),
            headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
            null_literal: get("null.literal").unwrap_or_else(|| "null".into()),
        }
    }

    /// One record as `writeTo` writes it (with the line separator).
    pub(super) fn format(&self, tp: &TopicPartition, r: &Record) -> String {
        let mut fields = Vec::new();
        if self.timestamp {
            fields.push(format!("CreateTime:{}", EPOCH_MS + r.timestamp_ms));
        }
        if self.partition {
            fields.push(format!("Partition:{}", tp.partition));
        }
        if self.offset {
            fields.push(format!("Offset:{}", r.offset));
        }
        if self.delivery {
            fields.push("Delivery:NOT_PRESENT".into());
        }
        if self.epoch {
            fields.push("Epoch:NOT_PRESENT".into());
        }
        if self.headers {
            if r.data.headers.is_empty() {
                fields.push("NO_HEADERS".into());
            } else {
                let hs: Vec<String> = r.data.headers.iter().map(|h| format!("{}:{}", h.key, h.value)).collect();
                fields.push(hs.join(&self.headers_separator));
            }
        }
        let or_null = |v: &Option<String>| v.clone().unwrap_or_else(|| self.null_literal.clone());
        if self.key {
            fields.push(or_null(&r.data.key));
        }
        if self.value {
            fields.push(or_null(&r.data.value));
        }
        if fields.is_empty() {
            return String::new();
        }
        let mut s = fields.join(&self.key_separator);
        s.push_str(&self.line_separator);
        s
    }
}
