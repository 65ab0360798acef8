//! A broker's actions menu. Each button runs the equivalent `sim broker …`
//! console line through the runner, so the transcript shows the command for
//! what was clicked. Buttons that make no sense in the broker's state
//! (starting a running broker) are disabled rather than hidden, so the menu
//! keeps its shape. Escape closes it.

use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action};
use crate::i18n::{text, Key, Lang};
use crate::sim::view::BrokerState;

#[derive(Properties, PartialEq)]
pub struct BrokerMenuProps {
    pub broker: u32,
    pub state: BrokerState,
    pub close: Callback<()>,
}

/// `(data-action, label, console line, enabled in state)`.
fn actions(id: u32, state: BrokerState) -> [(&'static str, Key, String, bool); 6] {
    let up = matches!(state, BrokerState::Running | BrokerState::Isolated);
    [
        ("kill", Key::ActKill, format!("sim broker kill {id}"), up),
        ("stop", Key::ActStop, format!("sim broker stop {id}"), up),
        ("start", Key::ActStart, format!("sim broker start {id}"), !up),
        ("isolate", Key::ActIsolate, format!("sim broker isolate {id}"), state == BrokerState::Running),
        ("heal", Key::ActHeal, format!("sim broker heal {id}"), state == BrokerState::Isolated),
        ("slow", Key::ActSlow, format!("sim broker slow {id} 200ms"), up),
    ]
}

#[function_component(BrokerMenu)]
pub fn broker_menu(props: &BrokerMenuProps) -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let title = format!("{} — {} {}", text(lang, Key::BrokerActions), text(lang, Key::Broker), props.broker);
    let items = actions(props.broker, props.state).into_iter().collect();
    let menu = Menu { lang, testid: "broker-menu", title, hint: Key::ActionsHint, items };
    action_menu(menu, &ctx.act, &props.close)
}

/// An actions dialog: `items` are `(data-action, label, console line, enabled)`.
pub(super) struct Menu {
    pub lang: Lang,
    pub testid: &'static str,
    pub title: String,
    pub hint: Key,
    pub items: Vec<(&'static str, Key, String, bool)>,
}

/// The dialog the broker and consumer menus share: each button runs its
/// console line and closes the menu; Escape or the close button close it.
pub(super) fn action_menu(menu: Menu, act: &Callback<Action>, close: &Callback<()>) -> Html {
    let t = |k| text(menu.lang, k);
    let buttons = menu.items.into_iter().map(|(name, key, line, enabled)| {
        let (act, close) = (act.clone(), close.clone());
        let onclick = move |_: MouseEvent| {
            act.emit(Action::RunLine(line.clone()));
            close.emit(());
        };
        html! { <button type="button" class="btn" data-action={name} disabled={!enabled} {onclick}>{ t(key) }</button> }
    });
    let onkeydown = {
        let close = close.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            }
        }
    };
    let on_close = close.reform(|_: MouseEvent| ());
    html! {
        <div class="broker-menu" role="dialog" aria-label={menu.title.clone()} data-testid={menu.testid} {onkeydown}>
            <h2>{ menu.title }</h2>
            <p class="hint">{ t(menu.hint) }</p>
            <div class="menu-buttons">{ for buttons }</div>
            <button type="button" class="btn btn-quiet" data-testid="menu-close" onclick={on_close}>{ super::icons::icon(crate::viz::icons::Icon::Cross) }{ t(Key::Close) }</button>
        </div>
    }
}
