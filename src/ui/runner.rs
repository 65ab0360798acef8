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
//! [`Action`]s through [`RunnerCtx::act`]. Actions and frames both go through
//! one `use_reducer` ([`RunnerState`]), whose match over [`Action`] has an arm
//! that does something for every variant.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::context::Spotlight;
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
use crate::viz::logview::fade_linger;
use crate::viz::timeline::Mark;

/// Trace lines a snapshot carries for the event log.
const TRACE_TAIL: usize = 150;
/// Metric points a snapshot carries for the charts (the core keeps an hour; the charts show ten minutes).
const METRIC_POINTS: usize = 600;
/// Offsets the partition detail shows per strip.
const DETAIL_CELLS: usize = 16;
/// Wall seconds between renewals of the share link while the run plays.
const SHARE_EVERY_S: f64 = 1.0;

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
    /// The share-link fragment of the run: renewed on every change while
    /// paused, about once a wall second while playing ([`SHARE_EVERY_S`]).
    pub share: Rc<String>,
    /// The simulated time `share` was made at.
    pub share_at: SimTime,
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
    /// The current step's wait is still playing (its answer comes when it is over).
    pub waiting: bool,
}

impl Snapshot {
    /// The share link of `session` now, or `prev`'s if the run plays and it is recent enough.
    fn share(session: &Session, prev: Option<&Snapshot>) -> (Rc<String>, SimTime) {
        let (now, player) = (session.player.now(), &session.player);
        let every = (SHARE_EVERY_S * player.speed() * 1e6) as u64;
        match prev.filter(|p| player.playing && p.share_at <= now && now.0 - p.share_at.0 < every) {
            Some(p) => (p.share.clone(), p.share_at),
            None => (Rc::new(session.shared().to_fragment()), now),
        }
    }

    fn take(
        session: &mut Session,
        frame: Frame,
        (load_error, prev): (Option<Rc<String>>, Option<&Snapshot>),
        inspect: &Inspect,
    ) -> Snapshot {
        let task_done = session.task_done();
        let lesson = session.lesson_run().map(|run| LessonSnap {
            lesson: Rc::new(run.lesson().clone()),
            position: run.position(),
            steps: run.steps(),
            answer: run.answer().map(str::to_string),
            task_done,
            waiting: run.waiting(),
        });
        let (share, share_at) = Snapshot::share(session, prev);
        let player: &Player = &session.player;
        let sim = player.simulation();
        let lines: Vec<&TraceLine> = sim.trace().lines().rev().take(TRACE_TAIL).collect();
        let mut view = sim.view();
        if view.metrics.len() > METRIC_POINTS {
            view.metrics.drain(..view.metrics.len() - METRIC_POINTS);
        }
        let since = SimTime(sim.now().0.saturating_sub(crate::viz::anim::window(player.speed()).0));
        let gv = groups_view(sim);
        // Records removed since the last picture of the partition fade out.
        let fade = prev.and_then(|p| p.detail.as_ref()).map(|d| (d, fade_linger(player.speed())));
        let detail = inspect.as_ref().and_then(|(t, p)| partition_detail(sim, &gv, t, *p, DETAIL_CELLS, fade));
        Snapshot {
            recent: sim.recent().since(since),
            groups: group_pictures(sim, &gv),
            cuts: sim.network().cuts().copied().collect(),
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
            share_at,
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

/// What the runner's reducer is sent: a component's action, or an animation frame.
enum Msg {
    Act(Action),
    /// Wall milliseconds since the previous frame.
    Frame(f64),
}

/// The runner's state, advanced by [`Reducible::reduce`]: the session (the
/// player, console and simulation, mutated in place behind a shared cell),
/// the load error, the open partition detail, and the snapshot drawn from them.
struct RunnerState {
    session: Rc<RefCell<Session>>,
    error: Option<Rc<String>>,
    inspect: Inspect,
    snap: Rc<Snapshot>,
    /// Record frame timings ([`super::perf`]).
    perf: bool,
}

impl RunnerState {
    fn boot() -> RunnerState {
        let (mut session, error) = super::boot::initial_session();
        let error = error.map(Rc::new);
        let snap = Rc::new(Snapshot::take(&mut session, Frame::default(), (error.clone(), None), &None));
        RunnerState {
            session: Rc::new(RefCell::new(session)),
            error,
            inspect: None,
            snap,
            perf: super::perf::enabled(),
        }
    }

    /// The state after `session` changed, with a new snapshot.
    fn next(&self, session: &mut Session, frame: Frame, error: Option<Rc<String>>, inspect: Inspect) -> Rc<Self> {
        let snap = Rc::new(Snapshot::take(session, frame, (error.clone(), Some(&self.snap)), &inspect));
        Rc::new(RunnerState { session: self.session.clone(), error, inspect, snap, perf: self.perf })
    }
}

impl Reducible for RunnerState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let cell = self.session.clone();
        let mut session = cell.borrow_mut();
        match msg {
            Msg::Act(action) => {
                let (mut error, mut inspect) = (self.error.clone(), self.inspect.clone());
                perform(&mut session, &mut error, &mut inspect, action);
                session.journal_consumer_end();
                self.next(&mut session, Frame::default(), error, inspect)
            }
            // Paused: nothing moves, the snapshot (and the page) stay as they are.
            Msg::Frame(_) if !session.player.playing => self.clone(),
            Msg::Frame(dt) => {
                let t0 = if self.perf { super::perf::now() } else { 0.0 };
                let frame = session.tick(dt);
                session.journal_consumer_end();
                let t1 = if self.perf { super::perf::now() } else { 0.0 };
                let next = self.next(&mut session, frame, self.error.clone(), self.inspect.clone());
                if self.perf {
                    let t2 = super::perf::now();
                    super::perf::record(dt, t1 - t0, t2 - t1, frame.events, t2);
                }
                next
            }
        }
    }
}

/// Applies one action to the session; every variant does something.
fn perform(session: &mut Session, error: &mut Option<Rc<String>>, inspect: &mut Inspect, action: Action) {
    let fail = |e: &dyn std::fmt::Display| Some(Rc::new(e.to_string()));
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
        Action::TogglePlay => session.player.playing = !session.player.playing,
        Action::Play => session.player.playing = true,
        Action::Pause => session.player.playing = false,
        Action::Step => {
            session.player.playing = false;
            session.player.step();
        }
        Action::Speed(s) => session.player.set_speed(s),
        Action::Seek(t) => seek(session, t),
        Action::Inspect(which) => *inspect = which,
        Action::OpenLesson(id) => match crate::lessons::find(&id).map(|l| Session::lesson(l, 0)) {
            Some(Ok(s)) => *session = s,
            Some(Err(e)) => *error = fail(&format!("{id}: {e}")),
            None => *error = fail(&format!("no lesson {id:?}")),
        },
        Action::ExitLesson => *session = Session::free(crate::player::Start::Lively, 1),
        Action::Next => {
            session.next_step();
        }
        Action::Prev => {
            if let Err(e) = session.prev() {
                *error = fail(&e);
            }
        }
        Action::Goto(n) => {
            if let Err(e) = session.goto(n) {
                *error = fail(&e);
            }
        }
        Action::ShowMe => show_me(session),
        Action::Load(run) => match Session::from_shared(&run) {
            Ok(s) => {
                *session = s;
                *error = None;
            }
            Err(e) => *error = fail(&e),
        },
        Action::Error(e) => *error = Some(Rc::new(e)),
        Action::DismissError => *error = None,
    }
}

/// Rewinds or fast-forwards to `t`, pausing.
fn seek(session: &mut Session, t: SimTime) {
    // Stopping the foreground consumer is journaled at the present, before the rewind.
    if session.player.consumer_running() {
        session.interrupt();
    }
    session.player.playing = false;
    // Replay only fails if a logged command became invalid: a bug, shown in the console.
    if let Err(e) = session.player.seek(t) {
        gloo::console::error!(format!("rewind failed: {e}"));
    }
}

/// Runs the current task's solution lines, then ends a console consumer they left reading.
fn show_me(session: &mut Session) {
    let lines = session.lesson_run().and_then(|r| r.task()).map(|t| t.solution.clone()).unwrap_or_default();
    for l in &lines {
        session.run_line(l);
    }
    if session.player.reading_records() {
        session.interrupt();
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
                    let _ = super::lesson_load::ensure(&id).await;
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

/// Owns the player and the animation loop; provides [`RunnerCtx`] and the lesson's [`Spotlight`].
#[function_component(Runner)]
fn runner(props: &RunnerProps) -> Html {
    let state = use_reducer(RunnerState::boot);
    let act = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(Msg::Act(action)))
    };
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let handle = Rc::new(RefCell::new(None));
            schedule(handle.clone(), dispatcher, None);
            move || drop(handle.borrow_mut().take())
        });
    }
    let spotlight = Spotlight::of(state.snap.lesson.as_ref().map(|l| (&*l.lesson, l.position)));
    let ctx = RunnerCtx { snap: state.snap.clone(), act };
    html! {
        <ContextProvider<RunnerCtx> context={ctx}>
            <ContextProvider<Spotlight> context={spotlight}>{ props.children.clone() }</ContextProvider<Spotlight>>
        </ContextProvider<RunnerCtx>>
    }
}

type Handle = Rc<RefCell<Option<AnimationFrame>>>;

/// Requests the next frame; each frame sends the reducer the time since the last and re-schedules itself.
fn schedule(handle: Handle, dispatcher: UseReducerDispatcher<RunnerState>, last: Option<f64>) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now_ms| {
        let dt = last.map_or(0.0, |l| now_ms - l);
        dispatcher.dispatch(Msg::Frame(dt));
        schedule(next, dispatcher, Some(now_ms));
    });
    *handle.borrow_mut() = Some(frame);
}
