//! The fuzzer's vocabulary: names, numbers, durations and `key=value` pairs,
//! valid ones mixed with out-of-range, empty, huge and non-ASCII ones.

use crate::sim::config::TOPIC_CONFIG_KEYS;
use crate::sim::rng::SimRng;

/// Picks one of `items`.
pub fn pick<'a>(rng: &mut SimRng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

/// A topic name: mostly the few a script creates, sometimes a bad one.
pub fn topic(rng: &mut SimRng) -> String {
    if rng.chance(3, 4) {
        return pick(rng, &["t", "orders", "clicks", "t", "orders"]).to_string();
    }
    weird_name(rng, &["__consumer_offsets", "a.b", "a_b", "t*", "t.*", "-t", "t,orders", "orders,"])
}

/// A group name.
pub fn group(rng: &mut SimRng) -> String {
    if rng.chance(3, 4) {
        return pick(rng, &["g", "orders-app", "g2"]).to_string();
    }
    weird_name(rng, &["console-consumer-1", "*", "g g"])
}

/// A client id of the `sim producer` / `sim consumer` commands.
pub fn client_id(rng: &mut SimRng) -> String {
    if rng.chance(3, 4) {
        return pick(rng, &["p1", "c1", "c2", "load"]).to_string();
    }
    weird_name(rng, &["console-producer", "--topic", "p1 "])
}

/// An empty, huge, non-ASCII or odd name (or one of `extra`).
pub fn weird_name(rng: &mut SimRng, extra: &[&str]) -> String {
    match rng.below(10) {
        0 => String::new(),
        1 => "x".repeat(249),
        2 => "y".repeat(250 + rng.below(2_000) as usize),
        3 => pick(rng, &["ü", "주제", "话题", "émoji\u{1F600}", "tab\there", "new\u{7f}"]).to_string(),
        4 => ".".to_string(),
        5 => "..".to_string(),
        _ => pick(rng, extra).to_string(),
    }
}

/// A number as typed: in range, at the edges of i32/i64/u64, or not a number.
pub fn number(rng: &mut SimRng) -> String {
    if rng.chance(1, 2) {
        return rng.below(6).to_string();
    }
    pick(
        rng,
        &[
            "-1",
            "0",
            "1",
            "3",
            "100",
            "1000",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1e3",
            "0x10",
            "+5",
            "",
            "3.5",
            "٣",
            "NaN",
        ],
    )
    .to_string()
}

/// A broker id: mostly a real one.
pub fn broker(rng: &mut SimRng) -> String {
    if rng.chance(4, 5) {
        return (1 + rng.below(3)).to_string();
    }
    pick(rng, &["0", "4", "9", "-1", "x", "4294967296", ""]).to_string()
}

/// A duration from 0 to 99999h, mostly short so that a run moves on.
pub fn duration(rng: &mut SimRng) -> String {
    match rng.below(40) {
        0 => {
            pick(rng, &["", "10", "s", "-1s", "1..2s", "1.1234567s", "99999999999999999999h", "1d", "1 s"]).to_string()
        }
        1 => format!("{}h", rng.below(100_000)),
        2 | 3 => format!("{}m", rng.below(61)),
        4 => pick(rng, &["0ms", "0s", "1us", "0.5s", ".5s", "99999h", "100000h", "100001h"]).to_string(),
        _ => {
            let unit = pick(rng, &["ms", "s", "s", "ms", "us"]);
            let n = match unit {
                "us" => rng.below(1_000_000),
                "ms" => rng.below(30_000),
                _ => rng.below(30),
            };
            format!("{n}{unit}")
        }
    }
}

/// Client and topic config keys, modelled or not.
const KEYS: [&str; 26] = [
    "acks",
    "retries",
    "enable.idempotence",
    "linger.ms",
    "batch.size",
    "max.block.ms",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "max.in.flight.requests.per.connection",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "max.poll.interval.ms",
    "max.poll.records",
    "auto.offset.reset",
    "enable.auto.commit",
    "group.instance.id",
    "partition.assignment.strategy",
    "kafkasim.commit",
    "print.key",
    "print.offset",
    "print.partition",
    "print.timestamp",
    "print.epoch",
    "null.marker",
    "null.literal",
    "nope.nope",
];

/// A `key=value` pair: a known key with a valid or extreme value, or junk.
pub fn key_value(rng: &mut SimRng) -> String {
    let key = if rng.chance(1, 2) { pick(rng, &TOPIC_CONFIG_KEYS) } else { pick(rng, &KEYS) };
    let value = match rng.below(6) {
        0 => pick(rng, &["all", "0", "1", "-1", "true", "false", "earliest", "none", "latest"]).to_string(),
        1 => pick(rng, &["compact", "delete", "range", "sticky", "auto", "before-processing", ""]).to_string(),
        2 => weird_name(rng, &["x"]),
        _ => number(rng),
    };
    match rng.below(12) {
        0 => key.to_string(),
        1 => format!("={value}"),
        2 => format!("{key}={value},{}", pick(rng, &TOPIC_CONFIG_KEYS)),
        _ => format!("{key}={value}"),
    }
}

/// A bootstrap server list.
pub fn bootstrap(rng: &mut SimRng) -> String {
    if rng.chance(4, 5) {
        return pick(rng, &["localhost:9092", "localhost:9093", "localhost:9092,localhost:9094"]).to_string();
    }
    pick(
        rng,
        &[
            "localhost:9099",
            "",
            "nohost",
            "localhost:-1",
            "localhost:99999999999",
            "localhost",
            ":9092",
            "localhost:9091",
        ],
    )
    .to_string()
}

/// Printable junk with shell metacharacters and non-ASCII.
pub fn garbage(rng: &mut SimRng) -> String {
    const ALPHABET: [&str; 24] = [
        "a",
        "-",
        "--",
        " ",
        " ",
        "'",
        "\"",
        "\\",
        "=",
        ",",
        ":",
        "#",
        "^C",
        "ü",
        "\u{1F600}",
        "\t",
        "\u{0}",
        "$",
        "*",
        "9",
        "kafka-",
        "sim ",
        "topic",
        "\u{202e}",
    ];
    let n = rng.below(24) as usize;
    (0..n).map(|_| pick(rng, &ALPHABET)).collect()
}

/// A file name of the console's shell (mostly the few a script writes).
pub fn file_name(rng: &mut SimRng) -> String {
    if rng.chance(3, 4) {
        return pick(rng, &["offsets.json", "offsets.json", "o.json", "./offsets.json", "/tmp/d.json", "admin.conf"])
            .to_string();
    }
    weird_name(rng, &["missing.json", "dir/", "-n"])
}

/// A `kafka-delete-records` JSON document, often valid, often not quite.
pub fn offsets_json(rng: &mut SimRng) -> String {
    let topic = pick(rng, &["t", "orders", "t", "nope", "", "__consumer_offsets"]);
    let partition = pick(rng, &["0", "1", "2", "-1", "7", "\"0\"", "3000000000"]);
    let offset = pick(rng, &["-1", "0", "1", "5", "100", "-5", "1.5", "9223372036854775807"]);
    let one = format!(r#"{{"topic":"{topic}","partition":{partition},"offset":{offset}}}"#);
    match rng.below(10) {
        0 => format!(r#"{{"partitions":[{one},{one}],"version":1}}"#),
        1 => format!(r#"{{"partitions":[{one}],"version":{}}}"#, pick(rng, &["2", "\"1\"", "null"])),
        2 => r#"{"version":1}"#.into(),
        3 => pick(rng, &["{", "[]", "", "{\"partitions\":{}}", "{\"partitions\":[{\"topic\":\"t\"}]}"]).into(),
        _ => format!(r#"{{"partitions":[{one}],"version":1}}"#),
    }
}

/// A value for option `name` of a jopt tool, chosen by what the name suggests.
pub fn option_value(rng: &mut SimRng, name: &str) -> String {
    if rng.chance(1, 12) {
        return if rng.chance(1, 2) { number(rng) } else { garbage(rng) };
    }
    let has = |s: &str| name.contains(s);
    match name {
        _ if has("bootstrap") => bootstrap(rng),
        "offset-json-file" | "command-config" => file_name(rng),
        "topic-partitions" => {
            pick(rng, &["t", "t:0", "t:0-2", "t:1-", ":-1", "orders,t:5", "t:x", ",", ":", "t(:0"]).into()
        }
        "topic-list" => pick(rng, &["t", "t,orders", "", ",", "nope"]).into(),
        "broker-list" => pick(rng, &["1", "1,2", "1,2,3", "", "4", "0,9", "x", "1,,2", "99999999999"]).into(),
        "time" => pick(
            rng,
            &["-1", "-2", "-3", "-4", "-5", "-6", "latest", "earliest", "max-timestamp", "0", "1735689600000", "x", ""],
        )
        .into(),
        "partitions" if rng.chance(1, 3) => pick(rng, &["0", "0,1", "0,x", ""]).into(),
        _ if has("topic") || name == "include" => topic(rng),
        _ if has("group-instance") => client_id(rng),
        _ if has("group") => group(rng),
        _ if has("config") || has("property") => key_value(rng),
        "entity-type" => pick(rng, &["topics", "brokers", "clients", "users", "groups", "broker-loggers", "x"]).into(),
        "entity-name" | "broker" => {
            if rng.chance(1, 2) {
                broker(rng)
            } else {
                topic(rng)
            }
        }
        "election-type" => pick(rng, &["PREFERRED", "UNCLEAN", "preferred", "unclean", "x"]).into(),
        "assignor" => pick(rng, &["range", "roundrobin", "sticky", "cooperative-sticky", "x"]).into(),
        "isolation-level" => pick(rng, &["read_committed", "read_uncommitted", "x"]).into(),
        "state" | "type" => pick(rng, &["Stable", "Empty", "Dead", "classic", "consumer", "x", ""]).into(),
        "by-duration" => pick(rng, &["PT1H", "P1D", "PT0S", "PT-1S", "-PT5M", "1h", "P99999D"]).into(),
        "to-datetime" => {
            pick(rng, &["2025-01-01T00:00:00.000", "2025-01-01T00:00:00", "2024-12-31T23:59:59.999Z", "x"]).into()
        }
        "compression-codec" => pick(rng, &["gzip", "none", "zstd", "x"]).into(),
        "offset" => pick(rng, &["earliest", "latest", "-1", "0", "5", "9223372036854775807", "x"]).into(),
        "formatter" => pick(rng, &["org.apache.kafka.tools.consumer.DefaultMessageFormatter", "x"]).into(),
        _ => number(rng),
    }
}
