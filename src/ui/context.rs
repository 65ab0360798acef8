//! The contexts the root provides besides the runner's snapshot: the
//! interface language ([`Lang`], a `ContextProvider<Lang>` in [`super::app`])
//! and the lesson step's spotlight ([`Spotlight`], provided by the runner
//! from its snapshot's lesson position).
//!
//! Components read them with [`use_lang`] and [`use_spotlight`] instead of
//! taking them as props; a spotlit component adds the `is-highlighted` class
//! when it renders (no DOM query behind the virtual DOM).

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::lessons::{Highlights, Lesson};

/// The class a spotlit broker, replica or ledger counter wears.
pub const HIGHLIGHTED: &str = "is-highlighted";

/// What the current lesson step spotlights (nothing outside a lesson or at its introduction).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spotlight(pub Rc<Highlights>);

impl Spotlight {
    /// The spotlight of `lesson` at `position`.
    pub fn of(lesson: Option<(&Lesson, usize)>) -> Spotlight {
        Spotlight(Rc::new(lesson.map(|(l, pos)| l.highlights_at(pos)).unwrap_or_default()))
    }

    /// [`HIGHLIGHTED`] if `on`.
    pub fn class(on: bool) -> Option<&'static str> {
        on.then_some(HIGHLIGHTED)
    }
}

impl std::ops::Deref for Spotlight {
    type Target = Highlights;
    fn deref(&self) -> &Highlights {
        &self.0
    }
}

/// The current step's spotlight (empty outside the runner's provider).
#[hook]
pub fn use_spotlight() -> Spotlight {
    use_context::<Spotlight>().unwrap_or_default()
}

/// The interface language (panics outside the app's provider, a programming error).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().expect("inside the app's ContextProvider<Lang>")
}
