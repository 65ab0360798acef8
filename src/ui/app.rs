//! The root component: header, language switch and the (still empty) stage.
//!
//! `App` owns the current [`Lang`]. It starts from the URL or the browser (see
//! [`super::page`]) and changes only when the user picks another language;
//! every change is mirrored to `<html lang>` and the tab title.
//!
//! The stage says plainly that the cluster is not there yet rather than
//! drawing a fake one.

use yew::prelude::*;

use super::lang_switch::LangSwitch;
use super::page;
use crate::i18n::{text, Key, Lang};

/// The KafkaSim application.
#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(page::initial_lang);
    use_effect_with(*lang, |lang| page::apply_lang(*lang));
    let on_pick = {
        let lang = lang.clone();
        Callback::from(move |picked: Lang| lang.set(picked))
    };
    let t = |key| text(*lang, key);
    html! {
        <div class="app">
            <header class="app-header" data-testid="app-header">
                <div class="brand">
                    <h1 class="title">{ t(Key::AppTitle) }</h1>
                    <p class="tagline">{ t(Key::Tagline) }</p>
                </div>
                <LangSwitch lang={*lang} {on_pick} />
            </header>
            <main class="stage" data-testid="stage">
                <p class="placeholder">{ t(Key::StagePlaceholder) }</p>
            </main>
        </div>
    }
}
