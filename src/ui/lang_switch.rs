//! The language switch: one button per language, labelled in that language
//! (한국어, English) so a reader finds their own language whatever is showing.
//!
//! The buttons form a group with `aria-pressed` marking the current language,
//! which is also shown by weight and an outline, not by colour alone.

use yew::prelude::*;

use super::context::use_lang;
use crate::i18n::{text, Key, Lang};

/// Properties of [`LangSwitch`].
#[derive(Properties, PartialEq)]
pub struct LangSwitchProps {
    /// Called with the language the user picked.
    pub on_pick: Callback<Lang>,
}

/// The 한국어 / English toggle.
#[function_component(LangSwitch)]
pub fn lang_switch(props: &LangSwitchProps) -> Html {
    let current = use_lang();
    let buttons = Lang::ALL.iter().map(|&lang| {
        let on_pick = props.on_pick.clone();
        let pressed = lang == current;
        html! {
            <button
                key={lang.tag()}
                type="button"
                class={classes!("lang-button", pressed.then_some("is-current"))}
                lang={lang.tag()}
                aria-pressed={pressed.to_string()}
                data-testid={format!("lang-{}", lang.tag())}
                onclick={move |_| on_pick.emit(lang)}
            >
                { lang.native_name() }
            </button>
        }
    });
    html! {
        <div
            class="lang-switch"
            role="group"
            aria-label={text(current, Key::LangSwitchLabel)}
            data-testid="lang-switch"
        >
            { for buttons }
        </div>
    }
}
