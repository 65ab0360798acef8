//! The docked console: the same interpreter as `kafkasim console`, running
//! on the cluster on screen.
//!
//! Enter runs the line, ↑/↓ walk the history, Ctrl+C ends a console
//! producer (the prompt is `>` while it reads records, `$` otherwise) or the
//! console consumer running in the foreground; Esc or the stop button (shown
//! while it runs) ends the consumer too. The
//! output shows the transcript exactly as the native tool prints it, stderr
//! lines marked, and keeps the newest line in view.

use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlInputElement;

use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action};
use crate::console::Stream;
use crate::i18n::{text, Key};

/// Transcript lines rendered (the transcript itself is capped by the player).
const SHOWN: usize = 400;

/// The input's keys: Enter runs the line, Up/Down walk the history, Ctrl+C
/// (with no selection) interrupts, Escape stops the foreground consumer.
fn input_keys(
    act: Callback<Action>,
    history: Rc<RefCell<Vec<String>>>,
    cursor: Rc<RefCell<usize>>,
) -> impl Fn(KeyboardEvent) {
    move |e: KeyboardEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let mut h = history.borrow_mut();
        let mut c = cursor.borrow_mut();
        match e.key().as_str() {
            "Enter" => {
                let line = input.value();
                if !line.trim().is_empty() {
                    h.push(line.clone());
                }
                *c = h.len();
                input.set_value("");
                act.emit(Action::RunLine(line));
            }
            "ArrowUp" if *c > 0 => {
                e.prevent_default();
                *c -= 1;
                input.set_value(&h[*c]);
            }
            "ArrowDown" if *c < h.len() => {
                e.prevent_default();
                *c += 1;
                input.set_value(h.get(*c).map_or("", String::as_str));
            }
            "c" | "C" if e.ctrl_key() && input.selection_start() == input.selection_end() => {
                e.prevent_default();
                act.emit(Action::Interrupt);
            }
            "Escape" => act.emit(Action::StopConsumer),
            _ => {}
        }
    }
}

/// One transcript line, styled by its stream (also embed mode's console strip).
pub fn transcript_line(l: &crate::console::Line) -> Html {
    let class = match l.stream {
        Stream::Echo => "t-echo",
        Stream::Stdout => "t-out",
        Stream::Stderr => "t-err",
    };
    html! { <div class={class}>{ l.text.clone() }</div> }
}

#[function_component(ConsolePanel)]
pub fn console_panel() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);
    let output_ref = use_node_ref();
    {
        let output_ref = output_ref.clone();
        use_effect_with(ctx.snap.transcript.len(), move |_| {
            if let Some(el) = output_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = input_keys(ctx.act.clone(), history, cursor);
    let transcript = &ctx.snap.transcript;
    let lines = transcript.iter().skip(transcript.len().saturating_sub(SHOWN)).map(transcript_line);
    let prompt = if ctx.snap.reading_records { ">" } else { "$" };
    let stop = ctx.snap.consumer_running.then(|| {
        let act = ctx.act.clone();
        let onclick = move |_| act.emit(Action::StopConsumer);
        html! {
            <button type="button" class="console-stop" data-testid="console-stop" {onclick}
                title={text(lang, Key::ConsoleStop)}>{ text(lang, Key::ConsoleStop) }</button>
        }
    });
    let output_keys = {
        let act = ctx.act.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                act.emit(Action::StopConsumer);
            }
        }
    };
    html! {
        <section class="panel console" aria-label={text(lang, Key::Console)}>
            <h2 class="sr-only">{ text(lang, Key::Console) }</h2>
            <div class="console-output" data-testid="console-output" ref={output_ref} role="log" tabindex="0" onkeydown={output_keys}>{ for lines }</div>
            <div class="console-line">
                <span class="prompt" aria-hidden="true">{ prompt }</span>
                <input type="text" class="console-input" data-testid="console-input" spellcheck="false" autocomplete="off"
                    aria-label={text(lang, Key::ConsoleInput)} placeholder={text(lang, Key::ConsolePlaceholder)} {onkeydown} />
                { for stop }
            </div>
        </section>
    }
}
