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
use crate::sim::time::SimTime;
use crate::sim::trace::TraceLine;
use crate::sim::view::ClusterView;
use crate::viz::timeline::Mark;

/// Trace lines a snapshot carries for the event log.
const TRACE_TAIL: usize = 150;

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
}

impl Snapshot {
    fn take(player: &Player, frame: Frame) -> Snapshot {
        let sim = player.simulation();
        let lines: Vec<&TraceLine> = sim.trace.lines().rev().take(TRACE_TAIL).collect();
        Snapshot {
            view: sim.view(),
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
    let snap = use_state(|| Rc::new(Snapshot::take(&player.borrow(), Frame::default())));
    let act = {
        let (player, snap) = (player.clone(), snap.setter());
        Callback::from(move |action: Action| {
            let mut p = player.borrow_mut();
            perform(&mut p, action);
            snap.set(Rc::new(Snapshot::take(&p, Frame::default())));
        })
    };
    {
        let (player, snap) = (player.clone(), snap.setter());
        use_effect_with((), move |_| {
            let handle = Rc::new(RefCell::new(None));
            schedule(handle.clone(), player, snap, None);
            move || drop(handle.borrow_mut().take())
        });
    }
    let ctx = RunnerCtx { snap: (*snap).clone(), act };
    html! { <ContextProvider<RunnerCtx> context={ctx}>{ props.children.clone() }</ContextProvider<RunnerCtx>> }
}

type Handle = Rc<RefCell<Option<AnimationFrame>>>;
type Player_ = Rc<RefCell<Player>>;

/// Requests the next frame; each frame ticks the player and re-schedules itself.
fn schedule(handle: Handle, player: Player_, snap: UseStateSetter<Rc<Snapshot>>, last: Option<f64>) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now_ms| {
        let dt = last.map_or(0.0, |l| now_ms - l);
        {
            let mut p = player.borrow_mut();
            if p.playing {
                let frame = p.tick(dt);
                snap.set(Rc::new(Snapshot::take(&p, frame)));
            }
        }
        schedule(next, player, snap, Some(now_ms));
    });
    *handle.borrow_mut() = Some(frame);
}
