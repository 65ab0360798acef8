//! `kafka-metadata-quorum describe --status | --replication`.
//!
//! Follows `org.apache.kafka.tools.MetadataQuorumCommand` (Kafka 4.0, an
//! argparse4j tool). KafkaSim runs one dedicated KRaft controller, node id 0
//! ([`CONTROLLER_NODE_ID`]), listening on `localhost:9091`; it is the only
//! voter and the leader, at epoch 1, and its high watermark is the metadata
//! log's end. The brokers are the observers: each stays listed until it has
//! not fetched for `OBSERVER_SESSION_TIMEOUT_MS` (raft `LeaderState`), so a
//! crashed broker lingers for five minutes with a stale `LastFetchTimestamp`
//! and a growing `Lag`. `--human-readable` prints `N ms ago`. The tool reaches
//! the quorum through a broker (`--bootstrap-server`) or the controller
//! itself (`--bootstrap-controller localhost:9091`). Cluster and directory ids
//! are derived from the seed, so they are stable for a run.

use super::common::{self, Connect};
use super::output::Output;
use crate::sim::controller::{ObserverState, CONTROLLER_NODE_ID};
use crate::sim::hash::fnv1a64;
use crate::sim::ids::BrokerId;
use crate::sim::simulation::Simulation;

const PROG: &str = "kafka-metadata-quorum";

/// A Kafka-style 22-character base64 id derived from the seed and a label.
fn uuid(seed: u64, label: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let a = fnv1a64(format!("{seed}/{label}/a").as_bytes());
    let b = fnv1a64(format!("{seed}/{label}/b").as_bytes());
    let bits = (u128::from(a) << 64) | u128::from(b);
    (0..22).map(|i| ALPHABET[((bits >> (i * 6)) & 63) as usize] as char).collect()
}

/// Runs `kafka-metadata-quorum` with `words`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let mut bootstrap = None;
    let mut via_controller = false;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match words[i].as_str() {
            "--bootstrap-server" | "--bootstrap-controller" if i + 1 < words.len() => {
                via_controller = words[i] == "--bootstrap-controller";
                bootstrap = Some(words[i + 1].clone());
                i += 1;
            }
            "--bootstrap-server" | "--bootstrap-controller" => {
                return usage_error(out, &format!("argument {}: expected one argument", words[i]));
            }
            w => rest.push(w.to_string()),
        }
        i += 1;
    }
    let Some(bootstrap) = bootstrap else {
        return usage_error(out, "one of the arguments --bootstrap-server --bootstrap-controller is required");
    };
    let (status, replication) = match rest.first().map(String::as_str) {
        Some("describe") => (rest.iter().any(|w| w == "--status"), rest.iter().any(|w| w == "--replication")),
        Some(other) => return usage_error(out, &format!("argument command: invalid choice: '{other}' (choose from 'describe', 'add-controller', 'remove-controller')")),
        None => return usage_error(out, "too few arguments"),
    };
    if let Some(unknown) =
        rest.iter().skip(1).find(|w| !matches!(w.as_str(), "--status" | "--replication" | "--human-readable"))
    {
        return usage_error(out, &format!("unrecognized arguments: '{unknown}'"));
    }
    if status && replication {
        return out.fail("Only one of --status or --replication should be specified with describe sub-command");
    }
    if !status && !replication {
        return out.fail("One of --status or --replication must be specified with describe sub-command");
    }
    if status && rest.iter().any(|w| w == "--human-readable") {
        return out.fail("The option --human-readable is only supported along with --replication");
    }
    let controller = via_controller && names_controller(&bootstrap);
    if !controller {
        if let Connect::Failed { class, message } =
            common::connect(sim, out, &bootstrap, "describeMetadataQuorum", 60_000)
        {
            out.fail(&format!("{class}: {message}"));
            return;
        }
    }
    if status {
        describe_status(sim, out);
    } else {
        describe_replication(sim, out, rest.iter().any(|w| w == "--human-readable"));
    }
}

/// Whether a `--bootstrap-controller` list names the controller's listener.
// Simplification: the one controller never fails, so naming it always connects.
fn names_controller(list: &str) -> bool {
    list.split(',').map(str::trim).any(|a| matches!(a, "localhost:9091" | "127.0.0.1:9091"))
}

fn usage_error(out: &mut Output, message: &str) {
    out.fail(&format!("usage: {PROG} [-h] --bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER [--command-config COMMAND_CONFIG] {{describe,add-controller,remove-controller}} ...\n{PROG}: error: {message}"));
}

/// `LeaderState.observerStates(now)`: observers still in session.
fn observers(sim: &Simulation) -> Vec<(BrokerId, ObserverState)> {
    sim.controller().active_observers(sim.now().as_millis())
}

fn describe_status(sim: &Simulation, out: &mut Output) {
    let seed = sim.config().seed;
    let voter = format!(
        "{{\"id\": {CONTROLLER_NODE_ID}, \"directoryId\": \"{}\", \"endpoints\": [\"CONTROLLER://localhost:9091\"]}}",
        uuid(seed, "controller")
    );
    let observers: Vec<String> = observers(sim)
        .iter()
        .map(|(b, _)| format!("{{\"id\": {b}, \"directoryId\": \"{}\"}}", uuid(seed, &format!("broker-{b}"))))
        .collect();
    let lines = [
        ("ClusterId:", uuid(seed, "cluster")),
        ("LeaderId:", CONTROLLER_NODE_ID.to_string()),
        ("LeaderEpoch:", "1".into()),
        ("HighWatermark:", sim.controller().image.offset.to_string()),
        ("MaxFollowerLag:", "0".into()),
        ("MaxFollowerLagTimeMs:", "0".into()),
        ("CurrentVoters:", format!("[{voter}]")),
        ("CurrentObservers:", format!("[{}]", observers.join(", "))),
    ];
    for (label, value) in lines {
        out.out(&format!("{label:<24}{value}"));
    }
}

fn describe_replication(sim: &Simulation, out: &mut Output, human: bool) {
    let seed = sim.config().seed;
    let hw = sim.controller().image.offset;
    let now = sim.now().as_millis();
    // MetadataQuorumCommand.quorumInfoToRows: epoch millis, or "%d ms ago".
    let stamp = |t: Option<u64>| match t {
        None => "-1".to_string(),
        Some(t) if human => format!("{} ms ago", now.saturating_sub(t)),
        Some(t) => (super::output::EPOCH_MS + t).to_string(),
    };
    let mut rows = vec![vec![
        CONTROLLER_NODE_ID.to_string(),
        uuid(seed, "controller"),
        hw.to_string(),
        "0".into(),
        stamp(Some(now)),
        stamp(Some(now)),
        "Leader".into(),
    ]];
    for (b, s) in observers(sim) {
        let id = uuid(seed, &format!("broker-{b}"));
        let lag = hw.saturating_sub(s.end_offset).to_string();
        let (fetch, caught_up) = (stamp(Some(s.last_fetch_ms)), stamp(s.last_caught_up_ms));
        rows.push(vec![b.to_string(), id, s.end_offset.to_string(), lag, fetch, caught_up, "Observer".into()]);
    }
    let header =
        ["NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"];
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].len()).chain([header[c].len()]).max().unwrap_or(0))
        .collect();
    let render = |cells: Vec<&str>| cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}\t")).collect::<String>();
    out.out(&render(header.to_vec()));
    for r in &rows {
        out.out(&render(r.iter().map(String::as_str).collect()));
    }
}
