//! A broker's actions menu. Each button runs the equivalent `sim broker …`
//! console line through the runner, so the transcript shows the command for
//! what was clicked. Buttons that make no sense in the broker's state
//! (starting a running broker) are disabled rather than hidden, so the menu
//! keeps its shape. Escape closes it.

use yew::prelude::*;

use super::runner::{use_runner, Action};
use crate::i18n::{text, Key, Lang};
use crate::sim::view::BrokerState;

#[derive(Properties, PartialEq)]
pub struct BrokerMenuProps {
    pub lang: Lang,
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
    let ctx = use_runner();
    let t = |k| text(props.lang, k);
    let buttons = actions(props.broker, props.state).into_iter().map(|(name, key, line, enabled)| {
        let (act, close) = (ctx.act.clone(), props.close.clone());
        let onclick = move |_: MouseEvent| {
            act.emit(Action::RunLine(line.clone()));
            close.emit(());
        };
        html! { <button type="button" class="btn" data-action={name} disabled={!enabled} {onclick}>{ t(key) }</button> }
    });
    let close = props.close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let close = props.close.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            }
        }
    };
    let title = format!("{} — {} {}", t(Key::BrokerActions), t(Key::Broker), props.broker);
    html! {
        <div class="broker-menu" role="dialog" aria-label={title.clone()} data-testid="broker-menu" {onkeydown}>
            <h2>{ title }</h2>
            <p class="hint">{ t(Key::ActionsHint) }</p>
            <div class="menu-buttons">{ for buttons }</div>
            <button type="button" class="btn btn-quiet" data-testid="menu-close" onclick={close}>{ format!("✕ {}", t(Key::Close)) }</button>
        </div>
    }
}
