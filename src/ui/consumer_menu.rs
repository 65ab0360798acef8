//! A consumer's actions menu: kill, stall, resume, stop. Each button runs
//! the equivalent `sim consumer …` line ([`crate::viz::forms`]) through the
//! runner, so the transcript shows the command. A killed member (gone, but
//! still counted by the coordinator) has no actions left. Escape closes it.

use yew::prelude::*;

use super::broker_menu::{action_menu, use_focused, Menu};
use super::context::use_lang;
use super::runner::use_runner;
use crate::i18n::{text, Key};
use crate::viz::forms::{consumer_action, ConsumerAction};
use crate::viz::groups::MemberStatus;

#[derive(Properties, PartialEq)]
pub struct ConsumerMenuProps {
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
    let lang = use_lang();
    let ctx = use_runner();
    let alive = !matches!(props.status, None | Some(MemberStatus::Killed));
    let stalled = props.status == Some(MemberStatus::Stalled);
    let items = ConsumerAction::ALL
        .into_iter()
        .map(|a| {
            let enabled = alive
                && match a {
                    ConsumerAction::Stall => !stalled,
                    ConsumerAction::Resume => stalled,
                    _ => true,
                };
            (a.verb(), label(a), consumer_action(&props.client_id, a), enabled)
        })
        .collect();
    let title = format!("{} — {}", text(lang, Key::ConsumerActions), props.client_id);
    let node = use_focused(props.client_id.clone());
    let hint = Key::ConsumerActionsHint;
    let menu = Menu { lang, testid: "consumer-menu", title, hint, items, extra: html! {}, style: None, node };
    action_menu(menu, &ctx.act, &props.close)
}
