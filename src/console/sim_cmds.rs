//! `sim` commands: what real Kafka cannot do on demand.
//!
//! `sim advance <duration>` moves simulated time; `sim broker ...` and
//! `sim link ...` inject faults; `sim producer ...` runs continuous
//! workloads; `sim ledger`, `sim trace`, `sim status` and `sim seed` show
//! what the simulation knows. Every argument is checked before anything is
//! applied, so a bad line prints `sim: <why>` on stderr and changes nothing.

use super::args::{self, opt, Arg, Spec};
use super::bootstrap;
use super::duration::parse_duration;
use super::output::Output;
use crate::sim::client::producer::Workload;
use crate::sim::commands::Command;
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::messages::NodeId;
use crate::sim::simulation::{BrokerProcess, Simulation};

/// The text of `sim help`.
pub const HELP: &str = "\
sim advance <duration>                  move simulated time (500ms, 10s, 2m)
sim broker kill <id>                    crash a broker (no controlled shutdown)
sim broker stop <id>                    controlled shutdown, then stop
sim broker start <id>                   start a stopped or crashed broker
sim broker isolate <id>                 cut every link of a broker
sim broker heal <id>                    restore an isolated broker's links
sim broker slow <id> <latency>          add latency to a broker's traffic (0ms = normal)
sim link cut <a> <b> [--one-way]        cut the link between brokers a and b (only a -> b with --one-way)
sim link heal <a> <b>                   restore the link between a and b
sim producer start <client-id> --topic T --rate <n> [--keys <n>] [--producer-property k=v]...
sim producer stop <client-id>           stop a continuous producer
sim ledger                              acknowledged, lost, duplicated and reordered records
sim trace [--last N]                    the last N trace lines (default 20)
sim status                              time, brokers, links and producers
sim seed                                the seed of this run
sim help                                this help";

type Result<T> = std::result::Result<T, String>;

/// Runs `sim <words>`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let result = match w.as_slice() {
        ["advance", d] => parse_duration(d).and_then(|d| advance(sim, d)),
        ["advance", ..] => Err("usage: sim advance <duration>".into()),
        ["broker", rest @ ..] => broker(sim, rest),
        ["link", rest @ ..] => link(sim, rest),
        ["producer", rest @ ..] => producer(sim, rest),
        ["ledger"] => {
            ledger(sim, out);
            Ok(())
        }
        ["trace", rest @ ..] => trace(sim, rest, out),
        ["status"] => {
            status(sim, out);
            Ok(())
        }
        ["seed"] => {
            out.out(&sim.config.seed.to_string());
            Ok(())
        }
        ["help"] | [] => {
            out.out(HELP);
            Ok(())
        }
        [other, ..] => Err(format!("unknown command '{other}' (try 'sim help')")),
    };
    if let Err(e) = result {
        out.fail(&format!("sim: {e}"));
    }
}

/// Longest single `sim advance` (keeps the console responsive).
const MAX_ADVANCE_US: u64 = 3_600_000_000;

fn advance(sim: &mut Simulation, d: crate::sim::time::SimDuration) -> Result<()> {
    if d.0 > MAX_ADVANCE_US {
        return Err("sim advance takes at most 1h at a time".into());
    }
    sim.run_for(d);
    Ok(())
}

fn broker_id(sim: &Simulation, text: &str) -> Result<BrokerId> {
    let n: u32 = text.parse().map_err(|_| format!("invalid broker id '{text}'"))?;
    let b = BrokerId(n);
    if !sim.brokers.contains_key(&b) {
        return Err(format!("unknown broker {n} (brokers are 1..{})", sim.brokers.len()));
    }
    Ok(b)
}

fn apply(sim: &mut Simulation, command: Command) -> Result<()> {
    sim.apply(command).map(|_| ()).map_err(|e| e.to_string())
}

fn broker(sim: &mut Simulation, w: &[&str]) -> Result<()> {
    let command = match w {
        ["slow", id, latency] => {
            let broker = broker_id(sim, id)?;
            Command::SlowBroker { broker, extra_ms: parse_duration(latency)?.as_millis() }
        }
        [action, id] => {
            let b = broker_id(sim, id)?;
            match *action {
                "kill" => Command::KillBroker(b),
                "stop" => Command::StopBroker(b),
                "start" => Command::StartBroker(b),
                "isolate" => Command::IsolateBroker(b),
                "heal" => Command::HealBroker(b),
                _ => return Err(format!("unknown broker action '{action}' (kill, stop, start, isolate, heal, slow)")),
            }
        }
        _ => return Err("usage: sim broker kill|stop|start|isolate|heal <id> | sim broker slow <id> <latency>".into()),
    };
    apply(sim, command)
}

fn link(sim: &mut Simulation, w: &[&str]) -> Result<()> {
    let one_way = w.last() == Some(&"--one-way");
    let w = if one_way { &w[..w.len() - 1] } else { w };
    let command = match w {
        ["cut", a, b] => Command::CutLink { from: broker_id(sim, a)?, to: broker_id(sim, b)?, one_way },
        ["heal", a, b] if !one_way => Command::HealLink { a: broker_id(sim, a)?, b: broker_id(sim, b)? },
        _ => return Err("usage: sim link cut <a> <b> [--one-way] | sim link heal <a> <b>".into()),
    };
    apply(sim, command)
}

const PRODUCER_SPECS: [Spec; 4] = [
    opt("topic", Arg::Required),
    opt("rate", Arg::Required),
    opt("keys", Arg::Required),
    opt("producer-property", Arg::Required),
];

fn count(value: Option<&str>, what: &str, default: Option<u32>) -> Result<u32> {
    match (value, default) {
        (Some(v), _) => v.parse().map_err(|_| format!("invalid --{what} '{v}': expected a whole number")),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(format!("missing --{what}")),
    }
}

fn producer(sim: &mut Simulation, w: &[&str]) -> Result<()> {
    let usage = "usage: sim producer start <client-id> --topic T --rate <n> [--keys <n>] [--producer-property k=v]... | sim producer stop <client-id>";
    match w {
        ["stop", id] => apply(sim, Command::StopProducer { client_id: id.to_string() }),
        ["start", id, rest @ ..] if !id.starts_with('-') => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let p = args::parse(&PRODUCER_SPECS, &rest).map_err(|e| e.message)?;
            if let Some(extra) = p.non_options.first() {
                return Err(format!("unexpected argument '{extra}'"));
            }
            let topic = p.value("topic").ok_or("missing --topic")?.to_string();
            if !sim.controller.image.topics.contains_key(&TopicName::new(&topic.clone())) {
                return Err(format!("unknown topic '{topic}'"));
            }
            let rate = count(p.value("rate"), "rate", None)?;
            if rate == 0 {
                return Err("invalid --rate '0': expected at least 1 record per second".into());
            }
            let keys = count(p.value("keys"), "keys", Some(0))?;
            let properties = args::key_values(&p.values("producer-property"));
            let workload = Some(Workload { topic: TopicName::new(&topic), rate, keys });
            apply(sim, Command::StartProducer { client_id: id.to_string(), properties, workload })
        }
        _ => Err(usage.into()),
    }
}

fn ledger(sim: &Simulation, out: &mut Output) {
    let s = &sim.ledger.summary;
    out.out(&format!(
        "acked: {}\nacked-lost: {}\nduplicated: {}\nreordered: {}\nredelivered: 0\nskipped: 0",
        s.acked, s.acked_lost, s.duplicated, s.reordered
    ));
    for loss in &sim.ledger.losses {
        out.out(&format!("lost: {} offset {}: {}", loss.tp, loss.offset, loss.explanation));
    }
}

fn trace(sim: &Simulation, w: &[&str], out: &mut Output) -> Result<()> {
    let n: usize = match w {
        [] => 20,
        ["--last", n] => n.parse().map_err(|_| format!("invalid --last '{n}': expected a whole number"))?,
        _ => return Err("usage: sim trace [--last N]".into()),
    };
    let lines: Vec<String> = sim.trace.lines().rev().take(n).map(|l| format!("[t={}] {}", l.at, l.text)).collect();
    for line in lines.iter().rev() {
        out.out(line);
    }
    Ok(())
}

fn status(sim: &Simulation, out: &mut Output) {
    out.out(&format!("time: t={} (seed {})", sim.now, sim.config.seed));
    out.out(&format!("controller: node 0, metadata offset {}", sim.controller.image.offset));
    for (b, process) in &sim.brokers {
        let mut state = match process {
            BrokerProcess::Running(_) => "running".to_string(),
            BrokerProcess::Crashed(_) => "crashed".to_string(),
            BrokerProcess::Stopped(_) => "stopped".to_string(),
        };
        let reg = sim.controller.image.brokers.get(b);
        state += match reg {
            Some(r) if r.in_controlled_shutdown => ", shutting down",
            Some(r) if r.fenced => ", fenced",
            Some(_) => ", unfenced",
            None => ", not registered",
        };
        if sim.network.is_isolated(NodeId::Broker(*b)) {
            state += ", isolated";
        }
        if let Some(d) = sim.network.slowdown(NodeId::Broker(*b)).filter(|d| d.0 > 0) {
            state += &format!(", slow +{}ms", d.as_millis());
        }
        out.out(&format!("broker {b} ({}): {state}", bootstrap::address(*b)));
    }
    for (from, to) in sim.network.cuts() {
        out.out(&format!("link cut: {from} -> {to}"));
    }
    for (id, node) in &sim.client_ids {
        let Some(p) = sim.producers.get(node) else { continue };
        let what = p.workload.as_ref().map_or(String::new(), |w| format!(" -> {} at {}/s", w.topic, w.rate));
        let s = &p.stats;
        let mut line = format!("producer {id}{what}: sent {}, acked {}, failed {}", s.sent, s.acked, s.failed);
        if let Some(e) = &s.last_error {
            line += &format!(", last error: {e}");
        }
        out.out(&line);
    }
}
