//! Lessons in the page: the catalog beside the free-play cluster, and inside
//! a lesson the narration, step indicator, previous/next, a table of
//! contents, prediction questions (asked before the step runs, then answered
//! by the simulation) and tasks checked automatically. The cluster picture
//! spotlights the brokers, partitions and ledger counters the step names
//! (each reads [`super::context::use_spotlight`] and adds the class).

use std::rc::Rc;

use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action, LessonSnap, RunnerCtx};
use crate::i18n::panels::{t, T};
use crate::i18n::Lang;
use crate::lessons::{self, Lesson};

/// The lessons' language for the app's.
pub fn lesson_lang(lang: Lang) -> lessons::Lang {
    match lang {
        Lang::Ko => lessons::Lang::Ko,
        Lang::En => lessons::Lang::En,
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    #[prop_or_default]
    pub compact: bool,
}

/// The catalog in free play, the lesson panel inside a lesson.
#[function_component(LessonsSide)]
pub fn lessons_side(props: &LessonsProps) -> Html {
    let ctx = use_runner();
    match &ctx.snap.lesson {
        Some(l) => html! { <LessonPanel compact={props.compact} lesson={l.clone()} /> },
        None => html! { <Catalog /> },
    }
}

#[function_component(Catalog)]
fn catalog() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let ll = lesson_lang(lang);
    let items = lessons::catalog().iter().enumerate().map(|(i, l)| {
        let onclick = {
            let (act, id) = (ctx.act.clone(), l.id.to_string());
            move |_: MouseEvent| {
                super::lesson_load::then_emit(act.clone(), id.clone(), Action::OpenLesson(id.clone()), Action::Error)
            }
        };
        html! {
            <li class="lesson-item" data-lesson-id={l.id}>
                <button type="button" class="lesson-open" {onclick}>
                    <span class="lesson-num">{ i + 1 }</span>
                    <span class="lesson-title">{ l.title(ll) }</span>
                </button>
            </li>
        }
    });
    html! {
        <section class="panel lessons" aria-label={t(lang, T::Lessons)}>
            <h2>{ t(lang, T::Lessons) }</h2>
            <p class="muted">{ t(lang, T::LessonsHint) }</p>
            <ol class="lesson-list" data-testid="lesson-list">{ for items }</ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    compact: bool,
    lesson: LessonSnap,
}

/// The first sentence of a narration (the table of contents' entry).
fn headline(text: &str) -> String {
    let end = text.find(['.', '。', '?', '!']).map_or(text.len(), |i| i + 1);
    let s: String = text[..end].chars().take(70).collect();
    if s.len() < text[..end].len() {
        format!("{s}…")
    } else {
        s
    }
}

#[function_component(LessonPanel)]
fn lesson_panel(props: &PanelProps) -> Html {
    let ctx = use_runner();
    let lang = use_lang();
    let ll = lesson_lang(lang);
    let l: &Rc<Lesson> = &props.lesson.lesson;
    let pos = props.lesson.position;
    let steps = props.lesson.steps;
    // The learner's pick for the prediction of step `.0` (1-based).
    let picked = use_state(|| None::<(usize, String)>);
    let toc_open = use_state(|| false);

    let narration = if pos == 0 { l.summary.get(ll) } else { l.steps[pos - 1].narration.get(ll) };
    let on_prev = ctx.act.reform(|_: MouseEvent| Action::Prev);
    let on_next = ctx.act.reform(|_: MouseEvent| Action::Next);
    let on_exit = ctx.act.reform(|_: MouseEvent| Action::ExitLesson);

    // A question about the next step, asked before it runs.
    let upcoming = l.steps.get(pos).and_then(|s| s.prediction.as_ref());
    let ask = upcoming.map(|p| {
        let choices = p.choices.iter().map(|c| {
            let onclick = {
                let (picked, act, v) = (picked.clone(), ctx.act.clone(), c.value.clone());
                move |_: MouseEvent| {
                    picked.set(Some((pos + 1, v.clone())));
                    act.emit(Action::Next);
                }
            };
            html! { <button type="button" class="btn choice" data-testid="prediction-choice" data-value={c.value.clone()} {onclick}>{ c.label(ll).to_string() }</button> }
        });
        html! {
            <div class="prediction" data-testid="prediction">
                <h3>{ t(lang, T::Predict) }</h3>
                <p class="question">{ p.question.get(ll).to_string() }</p>
                <div class="choices">{ for choices }</div>
                <p class="muted">{ t(lang, T::PredictHint) }</p>
            </div>
        }
    });
    // The current step's prediction, answered.
    let mine = picked.as_ref().filter(|(s, _)| *s == pos).map(|(_, v)| v.clone());
    let answered = answered(lang, &props.lesson, mine);
    let task = task(lang, &props.lesson, &ctx);
    let toc = toc(lang, &props.lesson, &ctx, &toc_open);
    let on_toc = {
        let toc_open = toc_open.clone();
        move |_: MouseEvent| toc_open.set(!*toc_open)
    };
    html! {
        <section class={classes!("panel", "lesson", props.compact.then_some("lesson-compact"))} data-testid="lesson" data-lesson-id={l.id.clone()}>
            <header class="lesson-head">
                <h2 class="lesson-name">{ l.title.get(ll).to_string() }</h2>
                if !props.compact { <button type="button" class="btn btn-small" data-testid="lesson-exit" onclick={on_exit}>{ t(lang, T::Exit) }</button> }
            </header>
            <div class="lesson-nav">
                <button type="button" class="btn" data-testid="lesson-prev" disabled={pos == 0} onclick={on_prev}>{ "← " }{ t(lang, T::Prev) }</button>
                <span class="lesson-step" data-testid="lesson-step" data-step={pos.to_string()} data-steps={steps.to_string()}>
                    { if pos == 0 { t(lang, T::Intro).to_string() } else { format!("{} {pos} / {steps}", t(lang, T::StepOf)) } }</span>
                <button type="button" class="btn btn-primary" data-testid="lesson-next" disabled={pos >= steps} onclick={on_next}>{ t(lang, T::Next) }{ " →" }</button>
                <button type="button" class="btn btn-small" data-testid="lesson-toc" aria-expanded={toc_open.to_string()} onclick={on_toc}>{ t(lang, T::Contents) }</button>
            </div>
            if *toc_open { <ol class="lesson-toc" data-testid="lesson-toc-list">{ toc }</ol> }
            <p class="lesson-text" data-testid="lesson-text" aria-live="polite">{ narration.to_string() }</p>
            { answered }
            { task }
            { for ask }
        </section>
    }
}

/// The current step's prediction, answered (and the learner's pick `mine` judged).
fn answered(lang: crate::i18n::Lang, snap: &LessonSnap, mine: Option<String>) -> Html {
    let (ll, l, pos) = (lesson_lang(lang), &snap.lesson, snap.position);
    let Some(p) = (pos > 0).then(|| l.steps[pos - 1].prediction.as_ref()).flatten() else { return html! {} };
    let answer = snap.answer.clone().unwrap_or_default();
    let label = p.choices.iter().find(|c| c.value == answer).map_or(answer.clone(), |c| c.label(ll).to_string());
    let verdict = mine.map(|m| {
        let right = m == answer;
        html! { <strong class={if right { "right" } else { "wrong" }} data-testid="prediction-verdict" data-correct={right.to_string()}>
            { if right { t(lang, T::Right) } else { t(lang, T::Wrong) } }</strong> }
    });
    html! {
        <div class="prediction answered" data-testid="prediction-answer" data-answer={answer.clone()}>
            { for verdict }
            <span>{ format!(" {}: ", t(lang, T::TheAnswer)) }<b>{ label }</b></span>
            if let Some(e) = &p.explanation { <p>{ e.get(ll).to_string() }</p> }
        </div>
    }
}

/// The current step's task, checked, with its hint and "show me".
fn task(lang: crate::i18n::Lang, snap: &LessonSnap, ctx: &RunnerCtx) -> Html {
    let (ll, l, pos) = (lesson_lang(lang), &snap.lesson, snap.position);
    let Some(task) = (pos > 0).then(|| l.steps[pos - 1].task.as_ref()).flatten() else { return html! {} };
    let done = snap.task_done.unwrap_or(false);
    let on_show = ctx.act.reform(|_: MouseEvent| Action::ShowMe);
    html! {
        <div class={classes!("task", done.then_some("task-done"))} data-testid="task">
            <h3>{ t(lang, T::Task) }</h3>
            <p>{ task.goal.get(ll).to_string() }</p>
            <p class="task-status" data-testid="task-status" data-done={done.to_string()}>
                if done { { crate::ui::icons::icon(crate::viz::icons::Icon::Check) } }
                { if done { t(lang, T::TaskDone) } else { t(lang, T::TaskTodo) } }</p>
            if let Some(h) = &task.hint { <p class="muted">{ format!("{}: {}", t(lang, T::Hint), h.get(ll)) }</p> }
            if !done { <button type="button" class="btn" data-testid="task-show-me" onclick={on_show}>{ t(lang, T::ShowMe) }</button> }
        </div>
    }
}

/// The table of contents' entries: the introduction and each step's headline.
fn toc(lang: crate::i18n::Lang, snap: &LessonSnap, ctx: &RunnerCtx, toc_open: &UseStateHandle<bool>) -> Html {
    let (ll, l, pos) = (lesson_lang(lang), &snap.lesson, snap.position);
    (0..=snap.steps)
        .map(|n| {
            let label = if n == 0 { t(lang, T::Intro).to_string() } else { headline(l.steps[n - 1].narration.get(ll)) };
            let onclick = {
                let (act, toc_open) = (ctx.act.clone(), toc_open.clone());
                move |_: MouseEvent| {
                    toc_open.set(false);
                    act.emit(Action::Goto(n));
                }
            };
            html! { <li class={classes!((n == pos).then_some("current"))}>
            <button type="button" class="toc-item" data-testid="lesson-toc-item" data-step={n.to_string()} {onclick}>
                { format!("{n}. {label}") }</button></li> }
        })
        .collect()
}
