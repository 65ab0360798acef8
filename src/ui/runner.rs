//! The runner: owns the [`Player`] (and so the console and the simulation)
//! and the `requestAnimationFrame` loop, and publishes an `Rc` [`Snapshot`]
//! through a Yew context (architecture principle 7).
//!
//! Each frame it hands the wall time since the last frame to
//! [`Player::tick`], which converts it to simulated time with the speed
//! factor and a cap and runs a bounded number of events; if anything moved,
//! a new snapshot is published. The loop's handle lives in the component's
//! effect; dropping it (when the provider unmounts) cancels the loop.
//! Components never touch the player: they read the snapshot and send
//! [`Action`]s through [`RunnerCtx::act`].

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use crate::console::Line;
use crate::player::{Frame, Player};
use crate::sim::groups_view::groups_view;
use crate::sim::messages::NodeId;
use crate::sim::time::SimTime;
use crate::sim::trace::TraceLine;
use crate::sim::view::{ClusterView, MessageView};
use crate::viz::groups::{group_pictures, GroupPicture};
use crate::viz::logstrip::{partition_detail, PartitionDetail};
use crate::viz::timeline::Mark;

/// Trace lines a snapshot carries for the event log.
const TRACE_TAIL: usize = 150;
/// Metric points a snapshot carries for the charts (the core keeps an hour; the charts show ten minutes).
const METRIC_POINTS: usize = 600;
/// Offsets the partition detail shows per strip.
const DETAIL_CELLS: usize = 16;

/// The partition the detail panel shows, if open.
type Inspect = Option<(String, u32)>;

/// What the components draw, one per published frame.
pub struct Snapshot {
    pub view: ClusterView,
    /// The newest trace lines, oldest first.
    pub trace: Vec<TraceLine>,
    pub marks: Rc<Vec<Mark>>,
    pub transcript: Rc<Vec<Line>>,
    pub horizon: SimTime,
    pub playing: bool,
    pub speed: f64,
    pub reading_records: bool,
    /// Commands ahead of a rewound present.
    pub pending: usize,
    pub frame: Frame,
    /// Messages delivered recently enough to be animated ([`crate::viz::anim`]).
    pub recent: Vec<MessageView>,
    /// Consumer groups as drawn.
    pub groups: Vec<GroupPicture>,
    /// The network's directed cut links.
    pub cuts: Vec<(NodeId, NodeId)>,
    /// The open partition detail.
    pub detail: Option<PartitionDetail>,
}

impl Snapshot {
    fn take(player: &Player, frame: Frame, inspect: &Inspect) -> Snapshot {
        let sim = player.simulation();
        let lines: Vec<&TraceLine> = sim.trace.lines().rev().take(TRACE_TAIL).collect();
        let mut view = sim.view();
        if view.metrics.len() > METRIC_POINTS {
            view.metrics.drain(..view.metrics.len() - METRIC_POINTS);
        }
        let since = SimTime(sim.now.0.saturating_sub(crate::viz::anim::window(player.speed()).0));
        let gv = groups_view(sim);
        let detail = inspect.as_ref().and_then(|(t, p)| partition_detail(sim, &gv, t, *p, DETAIL_CELLS));
        Snapshot {
            recent: sim.recent.since(since),
            groups: group_pictures(sim, &gv),
            cuts: sim.network.cuts().copied().collect(),
            detail,
            view,
            trace: lines.into_iter().rev().cloned().collect(),
            marks: player.marks(),
            transcript: player.transcript(),
            horizon: player.horizon(),
            playing: player.playing,
            speed: player.speed(),
            reading_records: player.reading_records(),
            pending: player.pending(),
            frame,
        }
    }
}

/// What components ask the runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run a console line (every click goes through one).
    RunLine(String),
    /// Ctrl+C in the console.
    Interrupt,
    TogglePlay,
    Step,
    Speed(f64),
    /// Rewind or fast-forward to an instant of the run so far.
    Seek(SimTime),
    /// Open the detail of `(topic, partition)`, or close it.
    Inspect(Inspect),
}

/// The context every component reads.
#[derive(Clone)]
pub struct RunnerCtx {
    pub snap: Rc<Snapshot>,
    pub act: Callback<Action>,
}

impl PartialEq for RunnerCtx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snap, &other.snap)
    }
}

/// Reads the runner context (panics outside [`RunnerProvider`], a programming error).
#[hook]
pub fn use_runner() -> RunnerCtx {
    use_context::<RunnerCtx>().expect("inside RunnerProvider")
}

#[derive(Properties, PartialEq)]
pub struct RunnerProps {
    pub children: Html,
}

fn perform(player: &mut Player, action: Action) {
    match action {
        Action::RunLine(line) => {
            player.run_line(&line);
        }
        Action::Interrupt => {
            player.interrupt();
        }
        Action::TogglePlay => player.playing = !player.playing,
        Action::Step => {
            player.playing = false;
            player.step();
        }
        Action::Speed(s) => player.set_speed(s),
        Action::Inspect(_) => {}
        Action::Seek(t) => {
            player.playing = false;
            // Replay only fails if a logged command became invalid: a bug, shown in the console.
            if let Err(e) = player.seek(t) {
                gloo::console::error!(format!("rewind failed: {e}"));
            }
        }
    }
}

/// Owns the player and the animation loop; provides [`RunnerCtx`].
#[function_component(RunnerProvider)]
pub fn runner_provider(props: &RunnerProps) -> Html {
    let player = use_mut_ref(|| Player::from_query(&super::page::query()));
    let inspect = use_mut_ref(|| None::<(String, u32)>);
    let snap = use_state(|| Rc::new(Snapshot::take(&player.borrow(), Frame::default(), &None)));
    let act = {
        let (player, snap, inspect) = (player.clone(), snap.setter(), inspect.clone());
        Callback::from(move |action: Action| {
            let mut p = player.borrow_mut();
            if let Action::Inspect(which) = &action {
                *inspect.borrow_mut() = which.clone();
            }
            perform(&mut p, action);
            snap.set(Rc::new(Snapshot::take(&p, Frame::default(), &inspect.borrow())));
        })
    };
    {
        let (player, snap, inspect) = (player.clone(), snap.setter(), inspect.clone());
        use_effect_with((), move |_| {
            let handle = Rc::new(RefCell::new(None));
            schedule(handle.clone(), Loop { player, snap, inspect }, None);
            move || drop(handle.borrow_mut().take())
        });
    }
    let ctx = RunnerCtx { snap: (*snap).clone(), act };
    html! { <ContextProvider<RunnerCtx> context={ctx}>{ props.children.clone() }</ContextProvider<RunnerCtx>> }
}

type Handle = Rc<RefCell<Option<AnimationFrame>>>;

/// What the animation loop carries from frame to frame.
struct Loop {
    player: Rc<RefCell<Player>>,
    snap: UseStateSetter<Rc<Snapshot>>,
    inspect: Rc<RefCell<Inspect>>,
}

/// Requests the next frame; each frame ticks the player and re-schedules itself.
fn schedule(handle: Handle, l: Loop, last: Option<f64>) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now_ms| {
        let dt = last.map_or(0.0, |l| now_ms - l);
        {
            let mut p = l.player.borrow_mut();
            if p.playing {
                let frame = p.tick(dt);
                l.snap.set(Rc::new(Snapshot::take(&p, frame, &l.inspect.borrow())));
            }
        }
        schedule(next, l, Some(now_ms));
    });
    *handle.borrow_mut() = Some(frame);
}
