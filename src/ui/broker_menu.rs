//! A broker's actions menu. A click anywhere on a broker (its replica chips
//! included) or Enter on it opens the menu beside the broker
//! ([`crate::viz::popover`]) and pauses the cluster while the room decides;
//! closing it plays on if it was playing. Each action button runs the
//! equivalent `sim broker …` console line through the runner, so the
//! transcript shows the command for what was clicked. Buttons that make no
//! sense in the broker's state (starting a running broker) are disabled
//! rather than hidden, so the menu keeps its shape. Under the actions, one
//! button per partition the broker hosts opens that partition's log (the
//! partition detail). Escape closes the menu.

use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action};
use crate::i18n::{text, Key, Lang};
use crate::sim::view::BrokerState;
use crate::viz::popover::{beside, Placement, PxBox};

/// An open broker menu: which broker, where, and whether closing it plays on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MenuAt {
    pub broker: u32,
    pub place: Option<Placement>,
    /// The cluster was playing when the menu opened: closing it plays on.
    pub resume: bool,
}

/// Where the menu of the broker an event happened on goes: beside the
/// broker's box in the cluster pane (`None` outside the picture).
pub fn place_of(e: &Event) -> Option<Placement> {
    let el: web_sys::Element = e.target_dyn_into()?;
    let px = |el: web_sys::Element| {
        let r = el.get_bounding_client_rect();
        PxBox { left: r.left(), top: r.top(), right: r.right(), bottom: r.bottom() }
    };
    let node = el.closest("g.broker").ok()??;
    let pane = el.closest(".cluster-pane").ok()??;
    let w = gloo::utils::window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let window = PxBox { left: 0.0, top: 0.0, right: size(w.inner_width()), bottom: size(w.inner_height()) };
    Some(beside(px(node.query_selector(".broker-box").ok()?.unwrap_or(node)), px(pane), window))
}

#[derive(Properties, PartialEq)]
pub struct BrokerMenuProps {
    pub at: MenuAt,
    pub state: BrokerState,
    /// The partitions the broker hosts, `(topic, partition)`.
    pub partitions: Vec<(String, u32)>,
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
    let id = props.at.broker;
    let title = format!("{} — {} {}", text(lang, Key::BrokerActions), text(lang, Key::Broker), id);
    let items = actions(id, props.state).into_iter().collect();
    let extra = html! { <>
        { partition_logs(lang, &props.partitions, &ctx.act, &props.close) }
        <p class="hint" data-testid="menu-paused">{ super::icons::icon(crate::viz::icons::Icon::Pause) }{ text(lang, Key::MenuPaused) }</p>
    </> };
    let style = props.at.place.map(|p| p.css());
    let node = use_focused(id);
    let menu = Menu { lang, testid: "broker-menu", title, hint: Key::ActionsHint, items, extra, style, node };
    action_menu(menu, &ctx.act, &props.close)
}

/// The buttons that open the log of each partition in `partitions` (and close the menu).
fn partition_logs(lang: Lang, partitions: &[(String, u32)], act: &Callback<Action>, close: &Callback<()>) -> Html {
    if partitions.is_empty() {
        return html! {};
    }
    let buttons = partitions.iter().map(|(topic, p)| {
        let (act, close, tp) = (act.clone(), close.clone(), (topic.clone(), *p));
        let onclick = move |_: MouseEvent| {
            act.emit(Action::Inspect(Some(tp.clone())));
            close.emit(());
        };
        html! {
            <button type="button" class="btn btn-log" data-testid={format!("menu-log-{topic}-{p}")} {onclick}>
                { super::icons::icon(crate::viz::icons::Icon::Dots) }{ format!("{topic}-{p}") }</button>
        }
    });
    html! { <>
        <h3 class="menu-sub">{ text(lang, Key::PartitionLogs) }</h3>
        <div class="menu-logs">{ for buttons }</div>
    </> }
}

/// A menu's node, focused when it opens (and again for another `subject`), so
/// Escape closes it and Tab walks its buttons.
#[hook]
pub(super) fn use_focused<T: PartialEq + 'static>(subject: T) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(subject, move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    node
}

/// An actions dialog: `items` are `(data-action, label, console line, enabled)`,
/// `extra` goes under them, `style` places it (centred at the top without),
/// `node` is focused when it opens ([`use_focused`]).
pub(super) struct Menu {
    pub lang: Lang,
    pub testid: &'static str,
    pub title: String,
    pub hint: Key,
    pub items: Vec<(&'static str, Key, String, bool)>,
    pub extra: Html,
    pub style: Option<String>,
    pub node: NodeRef,
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
        <div class="broker-menu" role="dialog" aria-label={menu.title.clone()} data-testid={menu.testid} {onkeydown} style={menu.style}
            ref={menu.node} tabindex="-1">
            <h2>{ menu.title }</h2>
            <p class="hint">{ t(menu.hint) }</p>
            <div class="menu-buttons">{ for buttons }</div>
            { menu.extra }
            <button type="button" class="btn btn-quiet" data-testid="menu-close" onclick={on_close}>{ super::icons::icon(crate::viz::icons::Icon::Cross) }{ t(Key::Close) }</button>
        </div>
    }
}
