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
use crate::lessons::Lesson;
use crate::player::{Frame, Player};
use crate::share::session::Session;
use crate::share::SharedRun;
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
    /// A console consumer runs in the foreground (the console shows a stop button).
    pub consumer_running: bool,
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
    /// The lesson being played, if any.
    pub lesson: Option<LessonSnap>,
    /// The share-link fragment of the run (computed while paused; None while playing).
    pub share: Option<Rc<String>>,
    /// A link, file or URL parameter that could not be used.
    pub load_error: Option<Rc<String>>,
}

/// The lesson part of a snapshot.
#[derive(Clone, PartialEq)]
pub struct LessonSnap {
    pub lesson: Rc<Lesson>,
    /// Steps applied: 0 = the introduction, `steps` = the last step.
    pub position: usize,
    pub steps: usize,
    /// The simulation's answer to the current step's prediction.
    pub answer: Option<String>,
    pub task_done: Option<bool>,
}

impl Snapshot {
    fn take(session: &mut Session, frame: Frame, load_error: Option<Rc<String>>, inspect: &Inspect) -> Snapshot {
        let task_done = session.task_done();
        let lesson = session.lesson_run().map(|run| LessonSnap {
            lesson: Rc::new(run.lesson().clone()),
            position: run.position(),
            steps: run.steps(),
            answer: run.answer().map(str::to_string),
            task_done,
        });
        let share = (!session.player.playing).then(|| Rc::new(session.shared().to_fragment()));
        let player: &Player = &session.player;
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
            consumer_running: player.consumer_running(),
            pending: player.pending(),
            frame,
            lesson,
            share,
            load_error,
        }
    }
}

/// What components ask the runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run a console line (every click goes through one).
    RunLine(String),
    /// Ctrl+C in the console (ends a console producer, else the foreground consumer).
    Interrupt,
    /// Esc or the stop button: ends the foreground console consumer.
    StopConsumer,
    TogglePlay,
    Step,
    Speed(f64),
    /// Rewind or fast-forward to an instant of the run so far.
    Seek(SimTime),
    /// Open the detail of `(topic, partition)`, or close it.
    Inspect(Inspect),
    Play,
    Pause,
    /// Open a built-in lesson at its introduction.
    OpenLesson(String),
    /// Leave the lesson for the lively free-play cluster.
    ExitLesson,
    Next,
    Prev,
    /// Go to lesson position n (0 = introduction).
    Goto(usize),
    /// Run the current task's solution lines.
    ShowMe,
    /// Open a shared run (link or file).
    Load(Rc<SharedRun>),
    /// Report a problem (a bad link or file) above the page.
    Error(String),
    DismissError,
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

fn perform(session: &mut Session, error: &mut Option<Rc<String>>, action: Action) {
    match action {
        Action::RunLine(line) => {
            session.run_line(&line);
        }
        Action::Interrupt => session.interrupt(),
        Action::StopConsumer => {
            if session.player.consumer_running() {
                session.interrupt();
            }
        }
        Action::Play => session.player.playing = true,
        Action::Pause => session.player.playing = false,
        Action::OpenLesson(id) => {
            let opened = crate::lessons::find(&id).map(|l| Session::lesson(l, 0));
            match opened {
                Some(Ok(s)) => *session = s,
                Some(Err(e)) => *error = Some(Rc::new(format!("{id}: {e}"))),
                None => *error = Some(Rc::new(format!("no lesson {id:?}"))),
            }
        }
        Action::ExitLesson => *session = Session::free(crate::player::Start::Lively, 1),
        Action::Next => {
            session.next_step();
        }
        Action::Prev => {
            if let Err(e) = session.prev() {
                *error = Some(Rc::new(e.to_string()));
            }
        }
        Action::Goto(n) => {
            if let Err(e) = session.goto(n) {
                *error = Some(Rc::new(e.to_string()));
            }
        }
        Action::ShowMe => {
            let lines = session.lesson_run().and_then(|r| r.task()).map(|t| t.solution.clone()).unwrap_or_default();
            for l in &lines {
                session.run_line(l);
            }
            if session.player.reading_records() {
                session.interrupt();
            }
        }
        Action::Load(run) => match Session::from_shared(&run) {
            Ok(s) => {
                *session = s;
                *error = None;
            }
            Err(e) => *error = Some(Rc::new(e.to_string())),
        },
        Action::Seek(t) => {
            // Stopping the foreground consumer is journaled at the present, before the rewind.
            if session.player.consumer_running() {
                session.interrupt();
            }
            perform_player(&mut session.player, Action::Seek(t));
        }
        Action::Error(e) => *error = Some(Rc::new(e)),
        Action::DismissError => *error = None,
        other => perform_player(&mut session.player, other),
    }
}

fn perform_player(player: &mut Player, action: Action) {
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
        _ => {}
    }
}

/// Fetches the lesson the URL starts from (if any), then starts the [`Runner`].
#[function_component(RunnerProvider)]
pub fn runner_provider(props: &RunnerProps) -> Html {
    let waiting = use_state(super::boot::lesson_to_load);
    {
        let waiting = waiting.clone();
        use_effect_with((), move |_| {
            if let Some(id) = (*waiting).clone() {
                yew::platform::spawn_local(async move {
                    // A failure is reported by the session itself ("no lesson ...").
                    let _ = super::lessons::load::ensure(&id).await;
                    waiting.set(None);
                });
            }
        });
    }
    match &*waiting {
        Some(id) => {
            html! { <div class="loading" data-testid="loading-lesson" data-lesson-id={id.clone()}>{ "…" }</div> }
        }
        None => html! { <Runner>{ props.children.clone() }</Runner> },
    }
}

/// Owns the player and the animation loop; provides [`RunnerCtx`].
#[function_component(Runner)]
fn runner(props: &RunnerProps) -> Html {
    let boot = use_memo((), |_| {
        let (session, error) = super::boot::initial_session();
        (RefCell::new(Some(session)), error.map(Rc::new))
    });
    let player = use_mut_ref(|| boot.0.borrow_mut().take().expect("the session is built once"));
    let error = use_mut_ref(|| boot.1.clone());
    let inspect = use_mut_ref(|| None::<(String, u32)>);
    let snap = use_state(|| {
        Rc::new(Snapshot::take(&mut player.borrow_mut(), Frame::default(), error.borrow().clone(), &None))
    });
    let act = {
        let (player, snap, error, inspect) = (player.clone(), snap.setter(), error.clone(), inspect.clone());
        Callback::from(move |action: Action| {
            let mut p = player.borrow_mut();
            let mut e = error.borrow_mut();
            if let Action::Inspect(which) = &action {
                *inspect.borrow_mut() = which.clone();
            }
            perform(&mut p, &mut e, action);
            p.journal_consumer_end();
            snap.set(Rc::new(Snapshot::take(&mut p, Frame::default(), e.clone(), &inspect.borrow())));
        })
    };
    {
        let (player, snap, error, inspect) = (player.clone(), snap.setter(), error.clone(), inspect.clone());
        use_effect_with((), move |_| {
            let handle = Rc::new(RefCell::new(None));
            schedule(handle.clone(), Loop { player, snap, error, inspect, perf: super::perf::enabled() }, None);
            move || drop(handle.borrow_mut().take())
        });
    }
    let ctx = RunnerCtx { snap: (*snap).clone(), act };
    html! { <ContextProvider<RunnerCtx> context={ctx}>{ props.children.clone() }</ContextProvider<RunnerCtx>> }
}

type Handle = Rc<RefCell<Option<AnimationFrame>>>;
type Player_ = Rc<RefCell<Session>>;
type Error_ = Rc<RefCell<Option<Rc<String>>>>;

/// What the animation loop carries from frame to frame.
struct Loop {
    player: Player_,
    snap: UseStateSetter<Rc<Snapshot>>,
    error: Error_,
    inspect: Rc<RefCell<Inspect>>,
    /// Record frame timings ([`super::perf`]).
    perf: bool,
}

/// Requests the next frame; each frame ticks the player and re-schedules itself.
fn schedule(handle: Handle, l: Loop, last: Option<f64>) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now_ms| {
        let dt = last.map_or(0.0, |l| now_ms - l);
        {
            let mut p = l.player.borrow_mut();
            if p.player.playing {
                let t0 = if l.perf { super::perf::now() } else { 0.0 };
                let frame = p.player.tick(dt);
                p.journal_consumer_end();
                let t1 = if l.perf { super::perf::now() } else { 0.0 };
                l.snap.set(Rc::new(Snapshot::take(&mut p, frame, l.error.borrow().clone(), &l.inspect.borrow())));
                if l.perf {
                    let t2 = super::perf::now();
                    super::perf::record(dt, t1 - t0, t2 - t1, frame.events, t2);
                }
            }
        }
        schedule(next, l, Some(now_ms));
    });
    *handle.borrow_mut() = Some(frame);
}
