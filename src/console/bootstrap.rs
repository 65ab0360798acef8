//! `--bootstrap-server`: which simulated broker an address names, and what a
//! tool does when none of the listed servers answers.
//!
//! Broker `n` listens on `localhost:<9091+n>` (broker 1 on `localhost:9092`,
//! broker 2 on `:9093`, …); `127.0.0.1` works too. A tool bootstraps from the
//! first listed broker that is running and not isolated. When none is, the
//! real admin client keeps retrying until `default.api.timeout.ms` and fails
//! with `Timed out waiting for a node assignment. Call: <call>`; the console
//! advances simulated time by that timeout, then prints the tool's error.
//! A broker process that is down refuses the connection, which Kafka's
//! `NetworkClient` logs once per attempt; the console prints that WARN once.

use super::output::Output;
use crate::sim::ids::BrokerId;
use crate::sim::messages::NodeId;
use crate::sim::simulation::Simulation;
use crate::sim::time::ms;

/// The first port: broker `n` listens on `BASE_PORT + n`.
pub const BASE_PORT: u32 = 9091;

/// A parsed `--bootstrap-server` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bootstrap {
    /// `(address as given, broker it names if any)`.
    pub servers: Vec<(String, Option<BrokerId>)>,
}

/// Parses `host:port[,host:port]`; the error is Kafka's `ConfigException` text.
pub fn parse(list: &str, sim: &Simulation) -> Result<Bootstrap, String> {
    let mut servers = Vec::new();
    for addr in list.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let (host, port) = addr.rsplit_once(':').ok_or_else(|| format!("Invalid url in bootstrap.servers: {addr}"))?;
        let port: u32 = port.parse().map_err(|_| format!("Invalid url in bootstrap.servers: {addr}"))?;
        let local = matches!(host, "localhost" | "127.0.0.1");
        let broker = port.checked_sub(BASE_PORT).map(BrokerId).filter(|b| local && sim.brokers().contains_key(b));
        servers.push((addr.to_string(), broker));
    }
    if servers.is_empty() {
        return Err("No resolvable bootstrap urls given in bootstrap.servers".into());
    }
    Ok(Bootstrap { servers })
}

impl Bootstrap {
    /// A listed broker that would answer now.
    pub fn reachable(&self, sim: &Simulation) -> Option<BrokerId> {
        self.servers
            .iter()
            .filter_map(|(_, b)| *b)
            .find(|b| sim.broker(*b).is_some() && !sim.network().is_isolated(NodeId::Broker(*b)))
    }

    /// Warns about refused connections, then waits `timeout_ms` of simulated
    /// time: what an admin call against unreachable servers does.
    pub fn time_out(&self, sim: &mut Simulation, out: &mut Output, client: &str, timeout_ms: u64) {
        for (i, (addr, b)) in self.servers.iter().enumerate() {
            let down = b.is_some_and(|b| sim.broker(b).is_none());
            if down || b.is_none() {
                let host = addr.replacen("localhost", "localhost/127.0.0.1", 1);
                out.log(
                    sim.now(),
                    "WARN",
                    &format!("[{client}] Connection to node -{} ({host}) could not be established. Node may not be available.", i + 1),
                    "org.apache.kafka.clients.NetworkClient",
                );
            }
        }
        sim.run_for(ms(timeout_ms));
    }
}

/// The address of broker `b`.
pub fn address(b: BrokerId) -> String {
    format!("localhost:{}", BASE_PORT + b.0)
}
