//! `sim consumer ...` for lessons, until the console has it.
//!
//! The console's consumer commands are being built in parallel (issue 5:
//! `sim consumer start <client-id> --group G --topic T[,T2...] [--assignor A]
//! [--group-instance-id I] [--consumer-property k=v]...` and
//! `sim consumer stop|kill|stall <client-id>`). Lessons are written in that
//! syntax; this adapter turns such a line into the core's
//! [`Command::StartConsumer`] etc. and applies it to the lesson's simulation.
//! One extra KafkaSim knob: `--consumer-property kafkasim.processing.ms=N`
//! sets how long the simulated application spends on each batch.
//!
//! TODO(merge): once `sim consumer` is in `Console::dispatch`, delete this
//! file and the call in `run.rs`; the lesson files need no change.

use crate::console::args::{self, opt, Arg, Spec};
use crate::console::Output;
use crate::sim::commands::Command;
use crate::sim::simulation::Simulation;

const SPECS: [Spec; 5] = [
    opt("group", Arg::Required),
    opt("topic", Arg::Required),
    opt("assignor", Arg::Required),
    opt("group-instance-id", Arg::Required),
    opt("consumer-property", Arg::Required),
];

/// Runs `line` if it is a `sim consumer` command (None otherwise).
pub fn run(sim: &mut Simulation, line: &str) -> Option<Output> {
    let words = args::split_words(line.trim()).ok()?;
    if words.len() < 2 || words[0] != "sim" || words[1] != "consumer" {
        return None;
    }
    let mut out = Output::default();
    out.echo(&format!("$ {}", line.trim()));
    match command(&words[2..]) {
        Ok(c) => {
            if let Err(e) = sim.apply(c) {
                out.fail(&format!("sim: {}: {}", e.exception, e.message));
            }
        }
        Err(e) => out.fail(&format!("sim: {e}")),
    }
    Some(out)
}

fn command(w: &[String]) -> Result<Command, String> {
    let usage = "usage: sim consumer start <client-id> --group G --topic T[,T2...] [--assignor A] \
                 [--group-instance-id I] [--consumer-property k=v]... | sim consumer stop|kill|stall <client-id>";
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let client_id = |id: &str| id.to_string();
    match w.as_slice() {
        ["stop", id] => Ok(Command::StopConsumer { client_id: client_id(id) }),
        ["kill", id] => Ok(Command::KillConsumer { client_id: client_id(id) }),
        ["stall", id] => Ok(Command::StallConsumer { client_id: client_id(id), stalled: true }),
        ["start", id, rest @ ..] if !id.starts_with('-') => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let p = args::parse(&SPECS, &rest).map_err(|e| e.message)?;
            if let Some(extra) = p.non_options.first() {
                return Err(format!("unexpected argument '{extra}'"));
            }
            let group = p.value("group").ok_or("missing --group")?.to_string();
            let topics: Vec<String> =
                p.value("topic").ok_or("missing --topic")?.split(',').map(|t| t.trim().to_string()).collect();
            let mut properties = args::key_values(&p.values("consumer-property"));
            let mut processing_ms = 0;
            if let Some(i) = properties.iter().position(|(k, _)| k == "kafkasim.processing.ms") {
                let v = properties.remove(i).1;
                processing_ms = v.parse().map_err(|_| format!("invalid kafkasim.processing.ms '{v}'"))?;
            }
            Ok(Command::StartConsumer {
                client_id: client_id(id),
                group,
                topics,
                assignor: p.value("assignor").map(str::to_string),
                group_instance_id: p.value("group-instance-id").map(str::to_string),
                properties,
                processing_ms,
            })
        }
        _ => Err(usage.into()),
    }
}
