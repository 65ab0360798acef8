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
use crate::i18n::{trace as trace_text, Lang};
use crate::sim::client::producer::Workload;
use crate::sim::commands::{BrokerCommand, Command, ConsumerCommand, LinkCommand, ProducerCommand};
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::messages::NodeId;
use crate::sim::simulation::{BrokerProcess, Simulation};
use crate::sim::trace::DisruptionCause;
use crate::vecmap::VecMap;

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
sim consumer start <client-id> --group G --topic T[,T2...] [--assignor range|roundrobin|sticky|cooperative-sticky]
    [--group-instance-id I] [--consumer-property k=v]... [--processing-ms n]
                                        a continuous member of group G (each poll's records take n ms, default 0)
sim consumer stop <client-id>           close the consumer (commit, LeaveGroup)
sim consumer kill <client-id>           crash the consumer (no LeaveGroup: the group waits for the session timeout)
sim consumer stall <client-id>          the application stops calling poll()
sim consumer resume <client-id>         a stalled consumer polls again
sim ledger                              acknowledged, lost, duplicated, reordered, redelivered and skipped records
sim trace [--last N]                    the last N trace lines (default 20)
sim status                              time, brokers, links, producers and consumers
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
        ["consumer", rest @ ..] => consumer(sim, rest),
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
            out.out(&sim.config().seed.to_string());
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

/// Longest single `sim advance`: keeps the clock far from overflow. The work
/// is bounded by the line's event budget ([`super::budget`]), not by this.
const MAX_ADVANCE_US: u64 = 100_000 * 3_600_000_000;

fn advance(sim: &mut Simulation, d: crate::sim::time::SimDuration) -> Result<()> {
    if d.0 > MAX_ADVANCE_US {
        return Err("sim advance takes at most 100000h at a time".into());
    }
    sim.run_for(d);
    Ok(())
}

fn broker_id(sim: &Simulation, text: &str) -> Result<BrokerId> {
    let n: u32 = text.parse().map_err(|_| format!("invalid broker id '{text}'"))?;
    let b = BrokerId(n);
    if !sim.brokers().contains_key(&b) {
        return Err(format!("unknown broker {n} (brokers are 1..{})", sim.brokers().len()));
    }
    Ok(b)
}

fn apply(sim: &mut Simulation, command: Command) -> Result<()> {
    sim.apply(command).map(|_| ()).map_err(|e| e.sim_line())
}

fn broker(sim: &mut Simulation, w: &[&str]) -> Result<()> {
    let command = match w {
        ["slow", id, latency] => {
            let broker = broker_id(sim, id)?;
            Command::Broker(BrokerCommand::Slow { broker, extra_ms: parse_duration(latency)?.as_millis() })
        }
        [action, id] => {
            let b = broker_id(sim, id)?;
            match *action {
                "kill" => Command::Broker(BrokerCommand::Kill(b)),
                "stop" => Command::Broker(BrokerCommand::Stop(b)),
                "start" => Command::Broker(BrokerCommand::Start(b)),
                "isolate" => Command::Broker(BrokerCommand::Isolate(b)),
                "heal" => Command::Broker(BrokerCommand::Heal(b)),
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
        ["cut", a, b] => Command::Link(LinkCommand::Cut { from: broker_id(sim, a)?, to: broker_id(sim, b)?, one_way }),
        ["heal", a, b] if !one_way => Command::Link(LinkCommand::Heal { a: broker_id(sim, a)?, b: broker_id(sim, b)? }),
        _ => return Err("usage: sim link cut <a> <b> [--one-way] | sim link heal <a> <b>".into()),
    };
    apply(sim, command)
}

pub(crate) const PRODUCER_SPECS: [Spec; 4] = [
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
        ["stop", id] => apply(sim, Command::Producer(ProducerCommand::Stop { client_id: id.to_string() })),
        ["start", id, rest @ ..] if !id.starts_with('-') => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let p = args::parse(&PRODUCER_SPECS, &rest).map_err(|e| e.message)?;
            if let Some(extra) = p.non_options.first() {
                return Err(format!("unexpected argument '{extra}'"));
            }
            let topic = p.value("topic").ok_or("missing --topic")?.to_string();
            if !sim.controller().image.topics.contains_key(&TopicName::new(&topic.clone())) {
                return Err(format!("unknown topic '{topic}'"));
            }
            let rate = count(p.value("rate"), "rate", None)?;
            if rate == 0 {
                return Err("invalid --rate '0': expected at least 1 record per second".into());
            }
            let keys = count(p.value("keys"), "keys", Some(0))?;
            let properties = args::key_values(&p.values("producer-property"));
            let workload = Some(Workload { topic: TopicName::new(&topic), rate, keys });
            apply(sim, Command::Producer(ProducerCommand::Start { client_id: id.to_string(), properties, workload }))
        }
        _ => Err(usage.into()),
    }
}

pub(crate) const CONSUMER_SPECS: [Spec; 6] = [
    opt("group", Arg::Required),
    opt("topic", Arg::Required),
    opt("assignor", Arg::Required),
    opt("group-instance-id", Arg::Required),
    opt("consumer-property", Arg::Required),
    opt("processing-ms", Arg::Required),
];

fn consumer(sim: &mut Simulation, w: &[&str]) -> Result<()> {
    let usage = "usage: sim consumer start <client-id> --group G --topic T[,T2...] [--assignor A] [--group-instance-id I] [--consumer-property k=v]... [--processing-ms n] | sim consumer stop|kill|stall|resume <client-id>";
    let command = match w {
        ["stop", id] => Command::Consumer(ConsumerCommand::Stop { client_id: id.to_string() }),
        ["kill", id] => Command::Consumer(ConsumerCommand::Kill { client_id: id.to_string() }),
        ["stall", id] => Command::Consumer(ConsumerCommand::Stall { client_id: id.to_string(), stalled: true }),
        ["resume", id] => Command::Consumer(ConsumerCommand::Stall { client_id: id.to_string(), stalled: false }),
        ["start", id, rest @ ..] if !id.starts_with('-') => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let p = args::parse(&CONSUMER_SPECS, &rest).map_err(|e| e.message)?;
            if let Some(extra) = p.non_options.first() {
                return Err(format!("unexpected argument '{extra}'"));
            }
            let group = p.value("group").ok_or("missing --group")?.to_string();
            let topics: Vec<String> = p
                .value("topic")
                .ok_or("missing --topic")?
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            if topics.is_empty() {
                return Err("missing --topic".into());
            }
            if let Some(t) = topics.iter().find(|t| !sim.controller().image.topics.contains_key(&TopicName::new(t))) {
                return Err(format!("unknown topic '{t}'"));
            }
            let assignor = match p.value("assignor") {
                None => None,
                Some(a @ ("range" | "roundrobin" | "sticky" | "cooperative-sticky")) => Some(a.to_string()),
                Some(a) => {
                    return Err(format!(
                        "invalid --assignor '{a}': expected range, roundrobin, sticky or cooperative-sticky"
                    ))
                }
            };
            let processing_ms = count(p.value("processing-ms"), "processing-ms", Some(0))?;
            Command::Consumer(ConsumerCommand::Start {
                client_id: id.to_string(),
                group: group.into(),
                topics,
                assignor,
                group_instance_id: p.value("group-instance-id").map(str::to_string),
                properties: args::key_values(&p.values("consumer-property")),
                processing_ms: u64::from(processing_ms),
            })
        }
        _ => return Err(usage.into()),
    };
    apply(sim, command)
}

fn ledger(sim: &Simulation, out: &mut Output) {
    let s = &sim.ledger().summary;
    let groups = &sim.group_ledger().groups;
    let redelivered: u64 = groups.values().map(|g| g.summary.redelivered).sum();
    let skipped: u64 = groups.values().map(|g| g.summary.skipped).sum();
    out.out(&format!(
        "acked: {}\nacked-lost: {}\nduplicated: {}\nreordered: {}\nredelivered: {redelivered}\nskipped: {skipped}",
        s.acked, s.acked_lost, s.duplicated, s.reordered
    ));
    for loss in &sim.ledger().losses {
        let why = trace_text::loss_explanation(&loss.explanation, Lang::En);
        out.out(&format!("lost: {} offset {}: {why}", loss.tp, loss.offset));
    }
    for (group, g) in groups {
        for (cause, n) in by_cause_text(&g.summary.redelivered_by_cause) {
            out.out(&format!("redelivered: group {group}: {n} after {cause}"));
        }
        for (cause, n) in by_cause_text(&g.summary.skipped_by_cause) {
            out.out(&format!("skipped: group {group}: {n} after {cause}"));
        }
    }
}

/// Counts by cause, rendered and in the order of their text.
fn by_cause_text(counts: &VecMap<DisruptionCause, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> =
        counts.iter().map(|(c, n)| (trace_text::disruption_cause(c, Lang::En), *n)).collect();
    v.sort();
    v
}

fn trace(sim: &Simulation, w: &[&str], out: &mut Output) -> Result<()> {
    let n: usize = match w {
        [] => 20,
        ["--last", n] => n.parse().map_err(|_| format!("invalid --last '{n}': expected a whole number"))?,
        _ => return Err("usage: sim trace [--last N]".into()),
    };
    let lines: Vec<String> = sim
        .trace()
        .lines()
        .rev()
        .take(n)
        .map(|l| format!("[t={}] {}", l.at, trace_text::line_text(l, Lang::En)))
        .collect();
    for line in lines.iter().rev() {
        out.out(line);
    }
    Ok(())
}

fn status(sim: &Simulation, out: &mut Output) {
    out.out(&format!("time: t={} (seed {})", sim.now(), sim.config().seed));
    out.out(&format!("controller: node 0, metadata offset {}", sim.controller().image.offset));
    for (b, process) in sim.brokers() {
        let mut state = match process {
            BrokerProcess::Running(_) => "running".to_string(),
            BrokerProcess::Crashed(_) => "crashed".to_string(),
            BrokerProcess::Stopped(_) => "stopped".to_string(),
        };
        let reg = sim.controller().image.brokers.get(b);
        state += match reg {
            Some(r) if r.in_controlled_shutdown => ", shutting down",
            Some(r) if r.fenced => ", fenced",
            Some(_) => ", unfenced",
            None => ", not registered",
        };
        if sim.network().is_isolated(NodeId::Broker(*b)) {
            state += ", isolated";
        }
        if let Some(d) = sim.network().slowdown(NodeId::Broker(*b)).filter(|d| d.0 > 0) {
            state += &format!(", slow +{}ms", d.as_millis());
        }
        out.out(&format!("broker {b} ({}): {state}", bootstrap::address(*b)));
    }
    for (from, to) in sim.network().cuts() {
        out.out(&format!("link cut: {from} -> {to}"));
    }
    for (id, node) in sim.client_ids() {
        let Some(p) = sim.producers().get(node) else { continue };
        let what = p.workload.as_ref().map_or(String::new(), |w| format!(" -> {} at {}/s", w.topic, w.rate));
        let s = &p.stats;
        let mut line = format!("producer {id}{what}: sent {}, acked {}, failed {}", s.sent, s.acked, s.failed);
        if let Some(e) = &s.last_error {
            line += &format!(", last error: {e}");
        }
        out.out(&line);
    }
    for (id, node) in sim.client_ids() {
        let Some(c) = sim.consumers().get(node).filter(|c| !c.closed) else { continue };
        let s = &c.stats;
        let mut line = format!(
            "consumer {id} in group {} ({} partitions): processed {}, commits {}",
            c.group(),
            c.assigned.len(),
            s.processed,
            s.commits
        );
        if c.stalled {
            line += ", stalled";
        }
        out.out(&line);
    }
}
