//! The simulation: owns every node, the network and the event queue, and
//! performs the effects nodes record.
//!
//! `step` pops the earliest event (a message delivery or a timer), hands it to
//! its node, then applies the node's effects: sends go through the
//! [`Network`], timers are scheduled with a fresh generation (a cancelled or
//! replaced timer fires with a stale generation and is ignored), trace lines
//! are written, observations feed the durability [`Ledger`] and the metrics.
//!
//! Outside actions ([`Command`]) are validated against the current state — an
//! invalid one returns an error and changes nothing — then applied at the
//! current instant and recorded with the number of events processed before
//! them, so a run replays exactly from its seed and command log.

use super::broker::{Broker, BrokerInput, Lifecycle};
use super::client::consumer::{Consumer, ConsumerInput};
use super::client::producer::{Producer, ProducerInput};
use super::commands::{Command, CommandError, CommandOutput};
use super::config::BrokerConfig;
use super::controller::{Controller, ControllerInput};
use super::ids::{BrokerId, ClientId};
use super::ledger::Ledger;
use super::messages::{ClientNodeId, Message, NodeId, RequiredAcks};
use super::metrics::Metrics;
use super::network::{Network, NetworkConfig};
use super::node::{Ctx, Effect, Observation, TimerKind};
use super::queue::EventQueue;
use super::rng::SimRng;
use super::time::{SimDuration, SimTime};
use crate::sim::trace::{Trace, TraceEvent};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

mod commands;
mod consumers;
pub mod countdowns;
mod deliveries;
mod queries;
mod replay;
mod surgery;
pub mod view;

use view::RecentMessages;

/// How a run starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimConfig {
    pub seed: u64,
    /// Brokers `1..=brokers`.
    pub brokers: u32,
    pub broker: BrokerConfig,
    pub network: NetworkConfig,
    /// Trace lines kept in memory.
    pub trace_capacity: u32,
}

impl SimConfig {
    pub fn new(seed: u64, brokers: u32) -> SimConfig {
        SimConfig {
            seed,
            brokers,
            broker: BrokerConfig::default(),
            network: NetworkConfig::default(),
            trace_capacity: 10_000,
        }
    }
}

pub use super::process::BrokerProcess;

/// A scheduled event.
#[derive(Clone, Debug)]
enum Event {
    Deliver(Box<super::network::InFlight>),
    Timer { node: NodeId, kind: TimerKind, generation: u64 },
}

/// A timer that is set and has neither fired nor been cancelled: when it was
/// (re)set and when it fires. The picture draws some as countdowns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArmedTimer {
    pub set_at: SimTime,
    pub due: SimTime,
}

/// One named timer of a node: its live generation and, while armed, its span.
#[derive(Clone, Copy, Debug, Default)]
struct TimerSlot {
    generation: u64,
    armed: Option<ArmedTimer>,
}

impl TimerSlot {
    /// Cancelled: a queued firing becomes stale.
    fn disarm(&mut self) {
        self.generation += 1;
        self.armed = None;
    }
}

/// A command as recorded in the command log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedCommand {
    pub at: SimTime,
    /// Events processed before the command was applied.
    pub after_events: u64,
    pub command: Command,
}

/// The whole simulated cluster.
#[derive(Clone)]
pub struct Simulation {
    config: SimConfig,
    now: SimTime,
    queue: EventQueue<Event>,
    network: Network,
    controller: Controller,
    brokers: VecMap<BrokerId, BrokerProcess>,
    incarnations: VecMap<BrokerId, u64>,
    producers: VecMap<ClientNodeId, Producer>,
    consumers: VecMap<ClientNodeId, Consumer>,
    group_ledger: super::group_ledger::GroupLedger,
    client_ids: VecMap<ClientId, ClientNodeId>,
    next_client: u32,
    next_producer_id: i64,
    /// Each node's timers: the live generation (a fired timer with another is stale) and, while armed, its span.
    timers: VecMap<NodeId, VecMap<TimerKind, TimerSlot>>,
    trace: Trace,
    ledger: Ledger,
    metrics: Metrics,
    command_log: Vec<LoggedCommand>,
    events: u64,
    /// The event count at which `run_until*` stop early (the console's work
    /// budget for one line, [`crate::console::budget`]); `step` ignores it.
    work_limit: Option<u64>,
    effects_buf: Vec<Effect>,
    /// The last messages delivered, for the picture to animate at human speed.
    recent: RecentMessages,
}

impl Simulation {
    /// A fresh cluster: the controller and brokers `1..=n` booting at t=0.
    pub fn new(config: SimConfig) -> Simulation {
        let seed = config.seed;
        let mut sim = Simulation {
            now: SimTime::ZERO,
            queue: EventQueue::default(),
            network: Network::new(config.network.clone(), SimRng::stream(seed, "network")),
            controller: Controller::new(config.broker.clone(), SimRng::stream(seed, "controller")),
            brokers: VecMap::new(),
            incarnations: VecMap::new(),
            producers: VecMap::new(),
            consumers: VecMap::new(),
            group_ledger: Default::default(),
            client_ids: VecMap::new(),
            next_client: 0,
            next_producer_id: 0,
            timers: VecMap::new(),
            trace: Trace::new(config.trace_capacity),
            ledger: Ledger::default(),
            metrics: Metrics::default(),
            command_log: Vec::new(),
            events: 0,
            work_limit: None,
            effects_buf: Vec::new(),
            recent: Default::default(),
            config,
        };
        sim.dispatch(NodeId::Controller, |s, ctx| s.controller.handle(ctx, ControllerInput::Start));
        for b in 1..=sim.config.brokers {
            sim.boot_broker(BrokerId(b));
        }
        sim
    }

    /// Makes `run_until`, `run_for` and `run_until_condition` stop once
    /// `events()` reaches `limit` (`None`: no limit). The clock then stays at
    /// the last event processed: no event is skipped.
    pub fn set_work_limit(&mut self, limit: Option<u64>) {
        self.work_limit = limit;
    }

    /// Whether the work limit has been reached (a `run_*` call stopped early).
    pub fn work_exhausted(&self) -> bool {
        self.work_limit.is_some_and(|l| self.events >= l)
    }

    pub(crate) fn boot_broker(&mut self, b: BrokerId) {
        let disk = match self.brokers.remove(&b) {
            Some(BrokerProcess::Crashed(d)) | Some(BrokerProcess::Stopped(d)) => d,
            _ => VecMap::new(),
        };
        let inc = self.incarnations.entry(b).or_insert(0);
        *inc += 1;
        let broker = Broker::restart(b, self.config.broker.clone(), *inc, disk);
        self.brokers.insert(b, BrokerProcess::Running(Box::new(broker)));
        self.dispatch(NodeId::Broker(b), |s, ctx| s.with_broker(b, |br| br.handle(ctx, BrokerInput::Start)));
    }

    fn with_broker(&mut self, b: BrokerId, f: impl FnOnce(&mut Broker)) {
        if let Some(BrokerProcess::Running(broker)) = self.brokers.get_mut(&b) {
            f(broker);
        }
    }

    /// Runs `f` with a fresh context for `node`, then performs its effects.
    pub(crate) fn dispatch(&mut self, node: NodeId, f: impl FnOnce(&mut Simulation, &mut Ctx)) {
        // The effects buffer is reused from event to event (no allocation per event).
        let mut ctx = Ctx { now: self.now, effects: std::mem::take(&mut self.effects_buf) };
        f(self, &mut ctx);
        let mut effects = ctx.effects;
        self.apply_effects(node, effects.drain(..));
        self.effects_buf = effects;
        if let NodeId::Broker(b) = node {
            self.maybe_finish_shutdown(b);
        }
    }

    fn apply_effects(&mut self, node: NodeId, effects: impl Iterator<Item = Effect>) {
        for e in effects {
            match e {
                Effect::Send { to, msg } => {
                    if let Some(m) = self.network.send(self.now, node, to, msg) {
                        self.queue.push(m.deliver_at, Event::Deliver(m));
                    }
                }
                Effect::SetTimer { kind, after } => {
                    let timers = self.timers.entry(node).or_default();
                    let armed = Some(ArmedTimer { set_at: self.now, due: self.now.plus(after) });
                    let generation = match timers.get_mut(&kind) {
                        Some(slot) => {
                            slot.disarm();
                            slot.armed = armed;
                            slot.generation
                        }
                        None => {
                            timers.insert(kind.clone(), TimerSlot { generation: 1, armed });
                            1
                        }
                    };
                    self.queue.push(self.now.plus(after), Event::Timer { node, kind, generation });
                }
                Effect::CancelTimer { kind } => {
                    if let Some(slot) = self.timers.get_mut(&node).and_then(|t| t.get_mut(&kind)) {
                        slot.disarm();
                    }
                }
                Effect::Trace(event) => self.trace.push(self.now, *event),
                Effect::Observe(o) => self.observe(o),
            }
        }
    }

    fn observe(&mut self, o: Observation) {
        self.metrics.observe(self.now, &o);
        let now = self.now;
        let lines = self.ledger.observe(now, &o, &self.brokers);
        for event in lines {
            self.trace.push(now, event);
        }
        if let Some(event) = self.group_ledger.observe(now, &o) {
            self.trace.push(now, event);
        }
    }

    /// Processes the next event; false when the queue is empty.
    pub fn step(&mut self) -> bool {
        let Some((at, _, event)) = self.queue.pop() else { return false };
        self.now = at;
        self.events += 1;
        self.metrics.sample(at, &self.controller.image, &self.ledger);
        match event {
            Event::Deliver(m) => {
                if let Some(m) = self.network.deliver(m) {
                    let m = *m;
                    self.recent.push(&m);
                    self.deliver(m.from, m.to, m.msg);
                }
            }
            Event::Timer { node, kind, generation } => {
                let slot = self.timers.get_mut(&node).and_then(|t| t.get_mut(&kind));
                if let Some(slot) = slot.filter(|s| s.generation == generation) {
                    slot.armed = None;
                    self.fire(node, kind);
                }
            }
        }
        true
    }

    fn deliver(&mut self, from: NodeId, to: NodeId, msg: Message) {
        match to {
            NodeId::Controller => {
                self.dispatch(to, |s, ctx| s.controller.handle(ctx, ControllerInput::Message { from, msg }))
            }
            NodeId::Broker(b) if self.broker(b).is_none() => self.refuse(from, to, &msg),
            NodeId::Broker(b) => {
                self.dispatch(to, |s, ctx| s.with_broker(b, |br| br.handle(ctx, BrokerInput::Message { from, msg })))
            }
            NodeId::Client(c) => self.dispatch(to, |s, ctx| {
                if let Some(p) = s.producers.get_mut(&c) {
                    p.handle(ctx, ProducerInput::Message { from, msg });
                } else if let Some(k) = s.consumers.get_mut(&c) {
                    k.handle(ctx, ConsumerInput::Message { from, msg });
                }
            }),
        }
    }

    /// A request reached a broker whose process is down: a client's connection
    /// is refused at once (the host answers with a TCP reset). An isolated
    /// broker, by contrast, never answers and requests time out.
    fn refuse(&mut self, from: NodeId, to: NodeId, msg: &Message) {
        let correlation_id = match msg {
            Message::Produce { correlation_id, .. }
            | Message::Metadata { correlation_id, .. }
            | Message::ApiVersions { correlation_id } => *correlation_id,
            // Consumers match a refusal by the broker it came from.
            _ => 0,
        };
        if let NodeId::Client(_) = from {
            let refused = Effect::Send { to: from, msg: Message::ConnectionRefused { correlation_id } };
            self.apply_effects(to, std::iter::once(refused));
        }
        // An `acks=0` request written to a connection whose peer had died:
        // the producer counted its records as sent, but no log holds them.
        if let (Message::Produce { acks: RequiredAcks::None, batches, .. }, NodeId::Broker(broker)) = (msg, to) {
            for (tp, batch) in batches {
                let ids = batch.records.iter().map(|r| r.id).collect();
                self.observe(Observation::NeverWritten { tp: tp.clone(), broker, ids });
            }
        }
    }

    fn fire(&mut self, node: NodeId, kind: TimerKind) {
        match node {
            NodeId::Controller => self.dispatch(node, |s, ctx| s.controller.handle(ctx, ControllerInput::Timer(kind))),
            NodeId::Broker(b) => {
                self.dispatch(node, |s, ctx| s.with_broker(b, |br| br.handle(ctx, BrokerInput::Timer(kind))))
            }
            NodeId::Client(c) => self.dispatch(node, |s, ctx| {
                if let Some(p) = s.producers.get_mut(&c) {
                    p.handle(ctx, ProducerInput::Timer(kind));
                } else if let Some(k) = s.consumers.get_mut(&c) {
                    k.handle(ctx, ConsumerInput::Timer(kind));
                }
            }),
        }
    }

    /// A broker that finished its controlled shutdown stops (keeping its disk).
    fn maybe_finish_shutdown(&mut self, b: BrokerId) {
        let stopped =
            matches!(self.brokers.get(&b), Some(BrokerProcess::Running(br)) if br.lifecycle == Lifecycle::Stopped);
        if stopped {
            self.take_down(b, false);
            self.trace.push(self.now, TraceEvent::BrokerStopped(b));
        }
    }

    /// Ends broker `b`'s process: crash (`kill`) or after a controlled shutdown.
    pub(crate) fn take_down(&mut self, b: BrokerId, crash: bool) {
        let Some(BrokerProcess::Running(broker)) = self.brokers.remove(&b) else { return };
        let disk = broker.into_disk();
        self.brokers.insert(b, if crash { BrokerProcess::Crashed(disk) } else { BrokerProcess::Stopped(disk) });
        let node = NodeId::Broker(b);
        for slot in self.timers.entry(node).or_default().values_mut() {
            slot.disarm();
        }
        // The host closes the dead process's sockets: a consumer with a fetch
        // parked there hears so and does not wait `request.timeout.ms`.
        // Simplification: only consumers' fetch connections are told; other
        // requests in flight to it still time out.
        let closed: Vec<NodeId> = self
            .consumers
            .values()
            .filter(|c| c.fetch_in_flight.contains_key(&b))
            .map(|c| NodeId::Client(c.node))
            .collect();
        let effects = closed.into_iter().map(|to| Effect::Send { to, msg: Message::ConnectionClosed });
        self.apply_effects(node, effects.collect::<Vec<_>>().into_iter());
    }

    /// Runs every event up to and including `t`, then sets the clock to `t`
    /// (stops at the last event processed if the work limit is reached).
    pub fn run_until(&mut self, t: SimTime) {
        while self.queue.peek_time().is_some_and(|at| at <= t) {
            if self.work_exhausted() {
                return;
            }
            self.step();
        }
        self.now = self.now.max(t);
    }

    pub fn run_for(&mut self, d: SimDuration) {
        self.run_until(self.now.plus(d));
    }

    /// Runs until `done` holds (checked after each event) or `limit` passes
    /// (or the work limit is reached); true if it held.
    pub fn run_until_condition(&mut self, limit: SimDuration, mut done: impl FnMut(&Simulation) -> bool) -> bool {
        let end = self.now.plus(limit);
        loop {
            if done(self) {
                return true;
            }
            if self.work_exhausted() {
                return false;
            }
            if self.queue.peek_time().is_none_or(|at| at > end) {
                self.now = self.now.max(end);
                return done(self);
            }
            self.step();
        }
    }

    /// Validates and applies a command at the current instant.
    pub fn apply(&mut self, command: Command) -> Result<CommandOutput, CommandError> {
        let out = self.execute(&command)?;
        self.trace.push(self.now, TraceEvent::Command(Box::new(command.clone())));
        self.command_log.push(LoggedCommand { at: self.now, after_events: self.events, command });
        Ok(out)
    }
}
