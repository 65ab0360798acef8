//! The event log: the trace's human-readable lines, newest first,
//! filterable by category, each a button that moves the timeline there.
//! The lines are rendered by [`render`](crate::i18n::trace::render)
//! from the core's typed events; in Korean the English original is the
//! line's tooltip, matching what the console's `sim trace` prints.

use std::rc::Rc;

use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action};
use crate::i18n::trace::render;
use crate::i18n::{text, Key, Lang};
use crate::sim::trace::Category;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;
use crate::viz::icons::Icon;
use crate::viz::timeline::clock;

/// Lines shown at once.
const SHOWN: usize = 60;

const CATEGORIES: [(Category, Key, &str); 6] = [
    (Category::Broker, Key::CatBroker, "broker"),
    (Category::Controller, Key::CatController, "controller"),
    (Category::Replication, Key::CatReplication, "replication"),
    (Category::Client, Key::CatClient, "client"),
    (Category::Group, Key::CatGroup, "group"),
    (Category::Command, Key::CatCommand, "command"),
];

#[function_component(EventLog)]
pub fn event_log() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    // Replication is the busiest category; it starts hidden.
    let hidden = use_state(|| vec![Category::Replication]);
    let t = |k| text(lang, k);
    let filters = CATEGORIES.iter().map(|(cat, key, name)| {
        let on = !hidden.contains(cat);
        let (hidden, cat) = (hidden.clone(), *cat);
        let onclick = move |_: MouseEvent| {
            let mut h = (*hidden).clone();
            if let Some(i) = h.iter().position(|c| *c == cat) {
                h.remove(i);
            } else {
                h.push(cat);
            }
            hidden.set(h);
        };
        html! { <button type="button" class={classes!("chip", format!("cat-{name}"))} aria-pressed={on.to_string()}
            data-testid={format!("filter-{name}")} {onclick}>{ super::icons::icon(if on { Icon::Ticked } else { Icon::Unticked }) }{ t(*key) }</button> }
    });
    // The same lines are shown frame after frame: render each once. Keyed by
    // the line's index and checked against its event (a fork rewrites indices).
    let cache = use_mut_ref(|| (lang, VecMap::<u64, Rendered>::new()));
    let mut fresh = VecMap::new();
    let lines: Vec<_> = ctx.snap.trace.iter().rev().filter(|l| !hidden.contains(&l.category())).take(SHOWN).collect();
    {
        let mut cache = cache.borrow_mut();
        if cache.0 != lang {
            *cache = (lang, VecMap::new());
        }
        for l in &lines {
            let known = cache.1.remove(&l.index).filter(|r| r.event == l.event);
            fresh.insert(l.index, known.unwrap_or_else(|| Rendered::new(&l.event, lang)));
        }
        cache.1 = fresh;
    }
    let cached = cache.borrow();
    let lines = lines.into_iter().map(|l| {
        let at = l.at;
        let r = cached.1.get(&l.index);
        let shown = r.map_or_else(|| Rc::from(render(&l.event, lang).as_str()), |r| Rc::clone(&r.shown));
        let original = r.and_then(|r| r.original.clone());
        let onclick = ctx.act.reform(move |_: MouseEvent| Action::Seek(at));
        let cat = CATEGORIES.iter().find(|c| c.0 == l.category()).map_or("command", |c| c.2);
        html! { <li key={l.index}><button type="button" class={classes!("log-line", format!("cat-{cat}"))} {onclick}>
            <span class="log-time">{ clock(l.at) }</span>{ " " }<span class="log-text" title={original}>{ shown }</span></button></li> }
    });
    html! {
        <section class="panel event-log" data-testid="event-log" aria-label={t(Key::EventLog)}>
            <h2>{ t(Key::EventLog) }<span class="hint">{ format!(" — {}", t(Key::EventLogHint)) }</span></h2>
            <div class="filters">{ for filters }</div>
            <ol class="log-lines">{ for lines }</ol>
        </section>
    }
}

/// One line as shown: its text in the language, and the English original as a tooltip.
struct Rendered {
    event: TraceEvent,
    shown: Rc<str>,
    original: Option<String>,
}

impl Rendered {
    fn new(event: &TraceEvent, lang: Lang) -> Rendered {
        let original = (lang != Lang::En).then(|| render(event, Lang::En));
        Rendered { event: event.clone(), shown: Rc::from(render(event, lang).as_str()), original }
    }
}
