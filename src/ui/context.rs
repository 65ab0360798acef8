//! The contexts the root provides besides the runner's snapshot: the
//! interface language ([`Lang`], a `ContextProvider<Lang>` in [`super::app`])
//! and the lesson step's highlight ([`Highlight`], provided by
//! [`super::lessons::HighlightProvider`] from the runner's snapshot).
//!
//! Components read them with [`use_lang`] and [`use_highlight`] instead of
//! taking them as props.

use yew::prelude::*;

use crate::i18n::Lang;

/// The interface language (panics outside the app's provider, a programming error).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().expect("inside the app's ContextProvider<Lang>")
}
