//! The page's start: a `#run=` fragment, else `?lesson=&step=`, else free
//! play, with a message for any part of the URL that could not be used.
//!
//! Its own module so the runner, which builds the first session from it,
//! imports neither the share panel nor anything that imports the runner.

use super::page;
use crate::i18n::panels::{t, T};
use crate::player::Start;
use crate::share::session::Session;
use crate::share::{params, SharedRun};

/// The built-in lesson the page's URL starts from (a shared run's or `?lesson=`),
/// if its file still has to be fetched before [`initial_session`].
pub fn lesson_to_load() -> Option<String> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let run = SharedRun::from_fragment(&hash).ok().flatten();
    let id = match run {
        Some(run) => run.lesson_id().map(str::to_string),
        None => params::parse(&page::query()).lesson,
    }?;
    crate::lessons::find(&id).is_none().then_some(id)
}

/// The session the page starts with, and a message if part of the URL was unusable.
pub fn initial_session() -> (Session, Option<String>) {
    let lang = page::initial_lang();
    let p = params::parse(&page::query());
    let mut errors = Vec::new();
    if !p.errors.is_empty() {
        errors.push(format!("{}: {}", t(lang, T::BadParams), p.errors.join(", ")));
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    match SharedRun::from_fragment(&hash).and_then(|r| r.map(|r| Session::from_shared(&r)).transpose()) {
        Ok(Some(mut s)) => {
            if p.autoplay {
                s.player.playing = true;
            }
            return (s, (!errors.is_empty()).then(|| errors.join(" · ")));
        }
        Ok(None) => {}
        Err(e) => errors.push(format!("{} ({e})", t(lang, T::LoadError))),
    }
    let mut s = match p.lesson.as_deref().and_then(crate::lessons::find) {
        Some(lesson) => {
            let id = lesson.id.clone();
            Session::lesson(lesson, p.step.unwrap_or(0)).unwrap_or_else(|e| {
                errors.push(format!("{id}: {e}"));
                Session::free(Start::Lively, 1)
            })
        }
        None => Session::free(p.start, p.seed.unwrap_or(1)),
    };
    if let Some(x) = p.speed {
        s.player.set_speed(x);
    }
    if p.autoplay {
        s.player.playing = true;
    }
    (s, (!errors.is_empty()).then(|| errors.join(" · ")))
}
