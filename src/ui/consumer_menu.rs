//! A consumer's actions menu: kill, stall, resume, stop. Each button runs
//! the equivalent `sim consumer …` line ([`crate::viz::forms`]) through the
//! runner, so the transcript shows the command. A killed member (gone, but
//! still counted by the coordinator) has no actions left. Escape closes it.

use yew::prelude::*;

use super::runner::{use_runner, Action};
use crate::i18n::{text, Key, Lang};
use crate::viz::forms::{consumer_action, ConsumerAction};
use crate::viz::groups::MemberStatus;

#[derive(Properties, PartialEq)]
pub struct ConsumerMenuProps {
    pub lang: Lang,
    pub client_id: String,
    pub status: Option<MemberStatus>,
    pub close: Callback<()>,
}

fn label(a: ConsumerAction) -> Key {
    match a {
        ConsumerAction::Kill => Key::ConsumerKill,
        ConsumerAction::Stall => Key::ConsumerStall,
        ConsumerAction::Resume => Key::ConsumerResume,
        ConsumerAction::Stop => Key::ConsumerStop,
    }
}

#[function_component(ConsumerMenu)]
pub fn consumer_menu(props: &ConsumerMenuProps) -> Html {
    let ctx = use_runner();
    let t = |k| text(props.lang, k);
    let alive = !matches!(props.status, None | Some(MemberStatus::Killed));
    let stalled = props.status == Some(MemberStatus::Stalled);
    let buttons = ConsumerAction::ALL.into_iter().map(|a| {
        let enabled = alive
            && match a {
                ConsumerAction::Stall => !stalled,
                ConsumerAction::Resume => stalled,
                _ => true,
            };
        let (act, close, line) = (ctx.act.clone(), props.close.clone(), consumer_action(&props.client_id, a));
        let onclick = move |_: MouseEvent| {
            act.emit(Action::RunLine(line.clone()));
            close.emit(());
        };
        html! { <button type="button" class="btn" data-action={a.verb()} disabled={!enabled} {onclick}>{ t(label(a)) }</button> }
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
    let title = format!("{} — {}", t(Key::ConsumerActions), props.client_id);
    html! {
        <div class="broker-menu" role="dialog" aria-label={title.clone()} data-testid="consumer-menu" {onkeydown}>
            <h2>{ title }</h2>
            <p class="hint">{ t(Key::ConsumerActionsHint) }</p>
            <div class="menu-buttons">{ for buttons }</div>
            <button type="button" class="btn btn-quiet" data-testid="menu-close" onclick={close}>{ format!("✕ {}", t(Key::Close)) }</button>
        </div>
    }
}
