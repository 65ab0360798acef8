//! Share links, files and the QR code in the page, and the clear message
//! (`data-testid="load-error"`) for a link or file that could not be used.
//! The page's start from its URL is [`super::boot`]. The format and its
//! checks live in [`crate::share`] (pure, tested natively).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::context::use_lang;
use super::runner::{use_runner, Action};
use crate::i18n::panels::{t, T};
use crate::share::{qr, SharedRun};

/// The page URL without its fragment.
fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The message shown when a link, file or URL parameter could not be used.
#[function_component(LoadError)]
pub fn load_error() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let Some(e) = ctx.snap.load_error.clone() else { return html! {} };
    let dismiss = ctx.act.reform(|_: MouseEvent| Action::DismissError);
    html! {
        <div class="load-error" role="alert" data-testid="load-error">
            <span>{ super::icons::icon(crate::viz::icons::Icon::Warning) }{ e.to_string() }</span>
            <button type="button" class="btn btn-small" onclick={dismiss}>{ t(lang, T::Dismiss) }</button>
        </div>
    }
}

/// The share panel: the link, the QR code, export and import.
#[function_component(SharePanel)]
pub fn share_panel() -> Html {
    let ctx = use_runner();
    let lang = use_lang();
    let fragment = ctx.snap.share.clone();
    let url = format!("{}#{fragment}", base_url());
    let show_qr = use_state(|| false);
    let on_qr = {
        let (show_qr, act) = (show_qr.clone(), ctx.act.clone());
        move |_: MouseEvent| {
            act.emit(Action::Pause);
            show_qr.set(!*show_qr);
        }
    };
    let on_export = {
        let act = ctx.act.clone();
        let fragment = fragment.clone();
        move |_: MouseEvent| {
            act.emit(Action::Pause);
            if let Ok(Some(run)) = SharedRun::from_fragment(&fragment) {
                download("kafkasim-run.json", &run.to_file());
            }
        }
    };
    let on_import = import_handler(ctx.act.clone(), lang);
    let qr = (*show_qr).then(|| {
        let close = {
            let show_qr = show_qr.clone();
            Callback::from(move |()| show_qr.set(false))
        };
        html! { <QrOverlay fragment={ctx.snap.share.clone()} {close} /> }
    });
    html! {
        <section class="panel share" aria-label={t(lang, T::Share)}>
            <h2>{ t(lang, T::Share) }</h2>
            <input type="text" readonly=true class="share-link" data-testid="share-link" value={url.clone()}
                data-ready="true"
                onfocus={|e: FocusEvent| { let i: HtmlInputElement = e.target_unchecked_into(); i.select(); }} />
            <p class="muted">{ t(lang, T::ShareHint) }</p>
            <div class="share-actions">
                <button type="button" class="btn" data-testid="share-qr-button" onclick={on_qr}>{ t(lang, T::QrShow) }</button>
                <button type="button" class="btn" data-testid="export-file" onclick={on_export}>{ t(lang, T::Export) }</button>
                <label class="btn file-label">{ t(lang, T::Import) }
                    <input type="file" accept=".json,application/json" data-testid="import-file" class="sr-only" onchange={on_import} /></label>
            </div>
            { for qr }
        </section>
    }
}

/// The file input's handler: reads the chosen file and opens the run in it
/// (fetching its lesson first if needed), or reports why it cannot.
fn import_handler(act: Callback<Action>, lang: crate::i18n::Lang) -> impl Fn(Event) {
    move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let act = act.clone();
        yew::platform::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let text = text.ok().and_then(|v| v.as_string()).unwrap_or_default();
            match SharedRun::from_file(&text) {
                Ok(run) => match run.lesson_id().map(str::to_string) {
                    Some(id) => {
                        super::lesson_load::then_emit(act, id, Action::Load(std::rc::Rc::new(run)), Action::Error)
                    }
                    None => act.emit(Action::Load(std::rc::Rc::new(run))),
                },
                Err(e) => act.emit(Action::Error(format!("{} ({e})", t(lang, T::LoadError)))),
            }
        });
    }
}

#[derive(Properties, PartialEq)]
struct QrProps {
    fragment: std::rc::Rc<String>,
    close: Callback<()>,
}

/// The link as a full-screen QR code; a click outside the address field, or
/// Escape, closes it. On a loopback host it says phones cannot open the
/// link and takes the address to encode instead ([`crate::share::address`]).
#[function_component(QrOverlay)]
fn qr_overlay(props: &QrProps) -> Html {
    let lang = use_lang();
    let address = use_state(String::new);
    {
        let close = props.close.clone();
        use_effect_with((), move |_| {
            let keys = gloo::events::EventListener::new(&gloo::utils::window(), "keydown", move |e| {
                if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                    close.emit(());
                }
            });
            move || drop(keys)
        });
    }
    let location = gloo::utils::window().location();
    let host = location.hostname().unwrap_or_default();
    let loopback = crate::share::address::is_loopback(&host);
    let path = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    let base = crate::share::address::link_base(&address, &path).unwrap_or_else(base_url);
    let url = format!("{base}#{}", props.fragment);
    let close = props.close.reform(|_: MouseEvent| ());
    let on_input = {
        let address = address.clone();
        move |e: InputEvent| address.set(e.target_unchecked_into::<HtmlInputElement>().value())
    };
    let keep_open = |e: MouseEvent| e.stop_propagation();
    html! {
        <div class="qr-overlay" data-testid="share-qr" data-url={url.clone()} onclick={close} role="dialog" aria-modal="true">
            <div class="qr-box">
                { match qr::svg(&url) {
                    Some(svg) => Html::from_html_unchecked(AttrValue::from(svg)),
                    None => html! { <p>{ t(lang, T::QrTooLong) }</p> },
                } }
                <p class="qr-hint">{ t(lang, T::QrHint) }</p>
                if loopback {
                    <div class="qr-address" onclick={keep_open}>
                        <p class="qr-loopback" data-testid="qr-loopback">{ t(lang, T::QrLoopback).replace("{host}", &host) }</p>
                        <label>{ t(lang, T::QrAddress) }
                            <input type="text" data-testid="qr-address" placeholder="192.168.0.12:8080" value={(*address).clone()}
                                oninput={on_input} /></label>
                    </div>
                }
                <p class="qr-target" data-testid="qr-target">{ base }</p>
            </div>
        </div>
    }
}

/// Saves `text` as a file through a Blob URL.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let doc = gloo::utils::document();
    if let Some(a) = doc.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    gloo::timers::callback::Timeout::new(2_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
