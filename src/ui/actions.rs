//! Add things with buttons: a topic, a producer, a consumer, a topic config
//! change. Each form builds the console line ([`crate::viz::forms`]) and runs
//! it through the runner, so the transcript shows the CLI for what was
//! clicked and the console answers with Kafka's own error if a field is
//! wrong. Forms are native `<details>` disclosures and `<form>`s: keyboard
//! reachable, Enter submits, and the focus ring is the page's.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::context::use_lang;
use super::icons::icon;
use super::runner::{use_runner, Action, RunnerCtx};
use crate::i18n::{text, Key, Lang};
use crate::viz::forms;
use crate::viz::icons::Icon;

/// The value of an `<input>` or `<select>`.
fn val(r: &NodeRef) -> String {
    if let Some(i) = r.cast::<HtmlInputElement>() {
        return i.value();
    }
    r.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

fn num(r: &NodeRef, default: u32) -> u32 {
    val(r).trim().parse().unwrap_or(default)
}

fn checked(r: &NodeRef) -> bool {
    r.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

/// Closes the `<details>` the submitted form is in.
fn close_details(e: &SubmitEvent) {
    if let Some(d) = e.target_unchecked_into::<web_sys::Element>().parent_element() {
        let _ = d.remove_attribute("open");
    }
}

fn field(label: &str, input: Html) -> Html {
    html! { <label class="form-field"><span>{ label.to_string() }</span>{ input }</label> }
}

/// `<option>`s of `values` (value, label), the first `selected`: Yew inserts a
/// list's children last first, so without it a `<select>` opened on its last option.
fn options<'a>(values: impl IntoIterator<Item = (&'a str, String)>) -> Html {
    values
        .into_iter()
        .enumerate()
        .map(|(i, (v, label))| html! { <option value={v.to_string()} selected={i == 0}>{ label }</option> })
        .collect::<Html>()
}

/// The topics a client may use (no internal topic), the first selected.
fn topic_options(ctx: &RunnerCtx) -> Html {
    let topics = forms::client_topics(&ctx.snap.view);
    options(topics.iter().map(|n| (n.as_str(), n.clone())))
}

/// Fixed choices, each labelled by itself, the first selected.
fn plain_options(values: &[&'static str]) -> Html {
    options(values.iter().map(|v| (*v, v.to_string())))
}

fn submit(lang: Lang, k: Key) -> Html {
    html! { <button type="submit" class="btn btn-primary">{ text(lang, k) }</button> }
}

/// The toolbar of the four forms.
#[function_component(Actions)]
pub fn actions() -> Html {
    let lang = use_lang();
    html! {
        <div class="actions" data-testid="actions" role="toolbar" aria-label={text(lang, Key::AddThings)}>
            <AddTopic />
            <AddProducer />
            <AddConsumer />
            <AlterConfig />
        </div>
    }
}

/// Create a topic: name, partitions, replication factor, `min.insync.replicas`.
#[function_component(AddTopic)]
fn add_topic() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let topics: Vec<&str> = ctx.snap.view.partitions.iter().map(|p| p.topic.as_str()).collect();
    let (partitions, rf, min_isr) = forms::topic_defaults();
    let (tn, tp, trf, tmin) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let on_topic = {
        let (act, tn, tp, trf, tmin) = (ctx.act.clone(), tn.clone(), tp.clone(), trf.clone(), tmin.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            let min = val(&tmin).trim().parse().ok();
            act.emit(Action::RunLine(forms::create_topic(&val(&tn), num(&tp, partitions), num(&trf, rf), min)));
            close_details(&e);
        }
    };
    html! {
        <details data-testid="add-topic">
            <summary class="btn">{ icon(Icon::Plus) }{ t(Key::AddTopic) }</summary>
            <form class="action-form" onsubmit={on_topic}>
                { field(t(Key::FieldName), html! { <input ref={tn} name="name" required=true value={forms::next_name("topic", &topics)} /> }) }
                { field(t(Key::FieldPartitions), html! { <input ref={tp} name="partitions" type="number" min="1" max="30" value={partitions.to_string()} /> }) }
                { field("RF", html! { <input ref={trf} name="rf" type="number" min="1" max="5" value={rf.to_string()} /> }) }
                { field("min.insync.replicas", html! { <input ref={tmin} name="min-isr" type="number" min="1" max="5" value={min_isr.to_string()} /> }) }
                { submit(lang, Key::Create) }
            </form>
        </details>
    }
}

/// Start a producer: id, topic, rate, keys, acks, idempotence.
#[function_component(AddProducer)]
fn add_producer() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let producer_ids: Vec<&str> = ctx.snap.view.producers.iter().map(|p| p.client_id.as_str()).collect();
    let (pi, pt, pr, pk, pa, pidem) =
        (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let on_producer = {
        let (act, pi, pt, pr, pk, pa, pidem) =
            (ctx.act.clone(), pi.clone(), pt.clone(), pr.clone(), pk.clone(), pa.clone(), pidem.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            let line =
                forms::start_producer(&val(&pi), &val(&pt), num(&pr, 10), num(&pk, 0), &val(&pa), checked(&pidem));
            act.emit(Action::RunLine(line));
            close_details(&e);
        }
    };
    html! {
        <details data-testid="add-producer">
            <summary class="btn">{ icon(Icon::Plus) }{ t(Key::Producer) }</summary>
            <form class="action-form" onsubmit={on_producer}>
                { field(t(Key::FieldName), html! { <input ref={pi} name="id" required=true value={forms::next_name("producer", &producer_ids)} /> }) }
                { field("topic", html! { <select ref={pt} name="topic">{ topic_options(&ctx) }</select> }) }
                { field(t(Key::FieldRate), html! { <input ref={pr} name="rate" type="number" min="1" max="1000" value="10" /> }) }
                { field(t(Key::FieldKeys), html! { <input ref={pk} name="keys" type="number" min="0" max="1000" value="10" /> }) }
                { field("acks", html! { <select ref={pa} name="acks">{ plain_options(&forms::ACKS) }</select> }) }
                <label class="form-field check"><input ref={pidem} name="idempotent" type="checkbox" checked=true /><span>{ "enable.idempotence" }</span></label>
                { submit(lang, Key::Start) }
            </form>
        </details>
    }
}

/// Start a consumer: id, group, topic, assignor.
#[function_component(AddConsumer)]
fn add_consumer() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let consumer_ids: Vec<&str> =
        ctx.snap.groups.iter().flat_map(|g| g.members.iter().map(|m| m.client_id.as_str())).collect();
    let group_default = ctx.snap.groups.first().map_or_else(|| "app".to_string(), |g| g.group_id.clone());
    let (ci, cg, ct, ca) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let on_consumer = {
        let (act, ci, cg, ct, ca) = (ctx.act.clone(), ci.clone(), cg.clone(), ct.clone(), ca.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            let line = forms::start_consumer(&val(&ci), &val(&cg), &val(&ct), &val(&ca), Some(10_000));
            act.emit(Action::RunLine(line));
            close_details(&e);
        }
    };
    html! {
        <details data-testid="add-consumer">
            <summary class="btn">{ icon(Icon::Plus) }{ t(Key::ConsumerNode) }</summary>
            <form class="action-form" onsubmit={on_consumer}>
                { field(t(Key::FieldName), html! { <input ref={ci} name="id" required=true value={forms::next_name("consumer", &consumer_ids)} /> }) }
                { field(t(Key::Group), html! { <input ref={cg} name="group" required=true value={group_default} /> }) }
                { field("topic", html! { <select ref={ct} name="topic">{ topic_options(&ctx) }</select> }) }
                { field("assignor", html! { <select ref={ca} name="assignor">{ assignor_options(lang) }</select> }) }
                { submit(lang, Key::Start) }
            </form>
        </details>
    }
}

/// The assignors; the first, `""`, keeps Kafka's default list.
fn assignor_options(lang: Lang) -> Html {
    let label = |a: &str| match a {
        "" => format!("{}: {}", text(lang, Key::KafkaDefault), forms::DEFAULT_ASSIGNORS),
        a => a.to_string(),
    };
    options(forms::ASSIGNORS.iter().map(|a| (*a, label(a))))
}

/// Change a topic config: topic, key, value.
#[function_component(AlterConfig)]
fn alter_config() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let t = |k| text(lang, k);
    let (kt, kk, kv) = (use_node_ref(), use_node_ref(), use_node_ref());
    let on_config = {
        let (act, kt, kk, kv) = (ctx.act.clone(), kt.clone(), kk.clone(), kv.clone());
        move |e: SubmitEvent| {
            e.prevent_default();
            act.emit(Action::RunLine(forms::alter_topic_config(&val(&kt), &val(&kk), &val(&kv))));
            close_details(&e);
        }
    };
    html! {
        <details data-testid="alter-config">
            <summary class="btn">{ icon(Icon::Sliders) }{ t(Key::TopicConfig) }</summary>
            <form class="action-form" onsubmit={on_config}>
                { field("topic", html! { <select ref={kt} name="topic">{ topic_options(&ctx) }</select> }) }
                { field(t(Key::FieldKey), html! { <select ref={kk} name="key">{ plain_options(&forms::CONFIG_KEYS) }</select> }) }
                { field(t(Key::FieldValue), html! { <input ref={kv} name="value" required=true value="2" /> }) }
                { submit(lang, Key::Apply) }
            </form>
        </details>
    }
}
