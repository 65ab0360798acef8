//! Presenting: the presenter keys (→ / PageDown, ← / PageUp, Space, `.`,
//! Home/End, `?`), the slide-deck API (`postMessage` in and out when framed)
//! and embed mode's minimal control bar (play/pause, the simulated time, and
//! in a lesson ←, the step counter and →) and console strip (the console's
//! last lines under the picture while a step runs Kafka's command-line tools).
//!
//! Messages the app accepts from its parent: `{type: "kafkasim:next"}`,
//! `"kafkasim:prev"`, `{type: "kafkasim:goto", step: n}`, `"kafkasim:play"`,
//! `"kafkasim:pause"`, `{type: "kafkasim:command", line: "..."}`. After every
//! change it posts `{type: "kafkasim:state", lesson, step, steps, simTimeMs,
//! playing}` to the parent (time changes at most every 100 ms of sim time).

use gloo::events::{EventListener, EventListenerOptions};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action, RunnerCtx};
use crate::i18n::panels::{t, T};
use crate::viz::timeline::clock;

fn framed() -> Option<web_sys::Window> {
    let w = gloo::utils::window();
    let parent = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &w)).then_some(parent)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What a key does (None: not a presenter key).
fn key_action(key: &str, ctx: &RunnerCtx) -> Option<Action> {
    let lesson = ctx.snap.lesson.as_ref();
    let in_lesson = lesson.is_some();
    Some(match key {
        "ArrowRight" | "PageDown" if in_lesson => Action::Next,
        "ArrowLeft" | "PageUp" if in_lesson => Action::Prev,
        " " | "Spacebar" => Action::TogglePlay,
        "." => Action::Pause,
        "Home" if in_lesson => Action::Goto(1.min(lesson.map_or(0, |l| l.steps))),
        "End" if in_lesson => Action::Goto(lesson.map_or(0, |l| l.steps)),
        _ => return None,
    })
}

/// Keys, the key map overlay and the slide-deck messages. Renders only the overlay.
#[function_component(Presenter)]
pub fn presenter() -> Html {
    let ctx = use_runner();
    let help = use_state(|| false);
    let latest = use_mut_ref(|| ctx.clone());
    *latest.borrow_mut() = ctx.clone();
    {
        let (latest, help) = (latest.clone(), help.clone());
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let opts = EventListenerOptions::enable_prevent_default();
            let latest2 = latest.clone();
            let keys = EventListener::new_with_options(&window, "keydown", opts, move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    // A clone, so a render the action causes can update `latest`.
                    let ctx = latest.borrow().clone();
                    on_key(e, &ctx, &help);
                }
            });
            let messages = EventListener::new(&window, "message", move |e| {
                if let Some(action) = e.dyn_ref::<web_sys::MessageEvent>().and_then(|e| message_action(&e.data())) {
                    latest2.borrow().act.emit(action);
                }
            });
            move || {
                drop(keys);
                drop(messages);
            }
        });
    }
    // Tell the parent about every change.
    let s = &ctx.snap;
    let state = (
        s.lesson.as_ref().map(|l| l.lesson.id.clone()),
        s.lesson.as_ref().map_or(0, |l| l.position),
        s.lesson.as_ref().map_or(0, |l| l.steps),
        s.view.now.as_millis() / 100,
        s.playing,
    );
    let ms = s.view.now.as_millis();
    use_effect_with(state, move |(lesson, step, steps, _, playing)| {
        post_state(lesson.as_deref(), (*step, *steps), ms, *playing);
    });
    let lang = use_lang();
    if !*help {
        return html! {};
    }
    keymap(lang, help)
}

/// A presenter key: `?` toggles the key map, Escape closes it, the others are [`key_action`]s.
/// Keys typed into a field, or with Ctrl/Meta/Alt, are left alone.
fn on_key(e: &web_sys::KeyboardEvent, ctx: &RunnerCtx, help: &UseStateHandle<bool>) {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    let typing = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
    });
    if typing {
        return;
    }
    let key = e.key();
    match key.as_str() {
        "?" => {
            e.prevent_default();
            help.set(!**help);
        }
        "Escape" => help.set(false),
        _ => {
            if let Some(a) = key_action(&key, ctx) {
                e.prevent_default();
                ctx.act.emit(a);
            }
        }
    }
}

/// The action a slide-deck message asks for (None: not one of ours, or malformed).
fn message_action(data: &JsValue) -> Option<Action> {
    let kind = get(data, "type").as_string()?;
    Some(match kind.as_str() {
        "kafkasim:next" => Action::Next,
        "kafkasim:prev" => Action::Prev,
        "kafkasim:play" => Action::Play,
        "kafkasim:pause" => Action::Pause,
        "kafkasim:goto" => match get(data, "step").as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Action::Goto(n as usize),
            _ => return None,
        },
        "kafkasim:command" => Action::RunLine(get(data, "line").as_string()?),
        _ => return None,
    })
}

/// Posts `{type: "kafkasim:state", ...}` to the parent window, if framed.
fn post_state(lesson: Option<&str>, (step, steps): (usize, usize), ms: u64, playing: bool) {
    let Some(parent) = framed() else { return };
    let msg = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), &v);
    };
    set("type", JsValue::from_str("kafkasim:state"));
    set("lesson", lesson.map_or(JsValue::NULL, JsValue::from_str));
    set("step", JsValue::from_f64(step as f64));
    set("steps", JsValue::from_f64(steps as f64));
    set("simTimeMs", JsValue::from_f64(ms as f64));
    set("playing", JsValue::from_bool(playing));
    let _ = parent.post_message(&msg, "*");
}

/// The key map overlay; a click anywhere closes it.
fn keymap(lang: crate::i18n::Lang, help: UseStateHandle<bool>) -> Html {
    let close = move |_: MouseEvent| help.set(false);
    let rows = [
        ("→  PageDown", T::KeyNext),
        ("←  PageUp", T::KeyPrev),
        ("Space", T::KeyPlay),
        (".", T::KeyPause),
        ("Home  End", T::KeyEnds),
        ("?", T::KeyHelp),
    ]
    .map(|(k, d)| html! { <tr><th><kbd>{ k }</kbd></th><td>{ t(lang, d) }</td></tr> });
    html! {
        <div class="keymap-overlay" data-testid="keymap" role="dialog" onclick={close}>
            <div class="keymap">
                <h2>{ t(lang, T::Keys) }</h2>
                <table>{ for rows }</table>
            </div>
        </div>
    }
}

/// The minimal control bar of embed mode: play/pause, the simulated time and, in a lesson, the step navigation.
#[function_component(EmbedBar)]
pub fn embed_bar() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let s = &ctx.snap;
    let on_play = ctx.act.reform(|_: MouseEvent| Action::TogglePlay);
    let label = if s.playing {
        crate::i18n::text(lang, crate::i18n::Key::Pause)
    } else {
        crate::i18n::text(lang, crate::i18n::Key::Play)
    };
    html! {
        <div class="embed-bar" data-testid="controls">
            <button type="button" class="btn btn-primary" data-testid="play-pause" aria-pressed={s.playing.to_string()} onclick={on_play}>
                { super::icons::icon(if s.playing { crate::viz::icons::Icon::Pause } else { crate::viz::icons::Icon::Play }) }{ label }</button>
            <output data-testid="sim-time" data-events={s.view.events.to_string()} data-ms={s.view.now.as_millis().to_string()}>{ clock(s.view.now) }</output>
            if let Some(l) = &s.lesson {
                <div class="embed-nav">{ super::lessons::step_nav(lang, l, &ctx) }</div>
            }
        </div>
    }
}

/// Lines the console strip shows.
const STRIP_LINES: usize = 6;

/// Embed mode's console strip: the console's last lines while the lesson's step runs Kafka's tools.
#[function_component(ConsoleStrip)]
pub fn console_strip() -> Html {
    let ctx = use_runner();
    let Some(l) = &ctx.snap.lesson else { return html! {} };
    let cli = l.position.checked_sub(1).and_then(|i| l.lesson.steps.get(i)).is_some_and(crate::lessons::Step::runs_cli);
    if !cli {
        return html! {};
    }
    let t = &ctx.snap.transcript;
    let lines = t.iter().skip(t.len().saturating_sub(STRIP_LINES)).map(super::console_panel::transcript_line);
    html! { <div class="console-strip" data-testid="console-strip" role="log">{ for lines }</div> }
}

/// Embed mode's floor for chip text: after each render, sets `--svg-unit`
/// (the cluster picture's user units per screen pixel, from its box and
/// viewBox) on the embed root, so the stylesheet sizes chip text in screen
/// pixels (`calc(12px * var(--svg-unit))`: at least 12 px in a 960x540 frame).
#[function_component(ChipScale)]
pub fn chip_scale() -> Html {
    let _ctx = use_runner();
    use_effect(|| {
        let doc = gloo::utils::document();
        let (Some(svg), Some(root)) =
            (doc.query_selector("svg.cluster").ok().flatten(), doc.query_selector(".app-embed").ok().flatten())
        else {
            return;
        };
        let view: Vec<f64> = svg
            .get_attribute("viewBox")
            .unwrap_or_default()
            .split(' ')
            .filter_map(crate::share::params::decimal)
            .collect();
        let (w, h) = (f64::from(svg.client_width()), f64::from(svg.client_height()));
        if let [_, _, vw, vh] = view[..] {
            let scale = (w / vw).min(h / vh);
            if scale > 0.0 {
                let style = format!("--svg-unit: {:.3}", 1.0 / scale);
                if root.get_attribute("style").as_deref() != Some(style.as_str()) {
                    let _ = root.set_attribute("style", &style);
                }
            }
        }
    });
    html! {}
}
