//! The page around the app: what the shell reads from the browser and writes
//! back to it.
//!
//! The starting language comes from a `?lang=ko|en` URL parameter if there is
//! one (so an instructor can share a link that opens in Korean), otherwise
//! from `navigator.language`. The chosen language is written to
//! `<html lang>`, which lets the stylesheet pick a Korean font stack and lets
//! screen readers pronounce the text, and to the tab title.
//! The decisions themselves are pure functions in [`crate::i18n`].

use crate::i18n::{lang_param, text, Key, Lang};

/// The language to start in, from the URL and the browser.
pub fn initial_lang() -> Lang {
    let window = gloo::utils::window();
    let query = window.location().search().unwrap_or_default();
    let browser = window.navigator().language().unwrap_or_default();
    Lang::choose(lang_param(&query), &browser)
}

/// Writes `lang` to `<html lang>` and the tab title.
pub fn apply_lang(lang: Lang) {
    let document = gloo::utils::document();
    if let Some(root) = document.document_element() {
        // Setting an attribute on <html> cannot fail for a valid name.
        let _ = root.set_attribute("lang", lang.tag());
    }
    document.set_title(text(lang, Key::DocumentTitle));
}

/// The page URL's query string (`?seed=7&scenario=blank`).
pub fn query() -> String {
    gloo::utils::window().location().search().unwrap_or_default()
}

/// Whether the user asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().is_some_and(|m| m.matches())
}
