//! Fetching a lesson's file the first time it opens.
//!
//! The page ships only the lesson catalog (ids, titles, step counts); each
//! lesson's JSON is served beside the app under `lessons/` and fetched from
//! the same origin when a learner opens it, a URL names it (`?lesson=`) or a
//! shared run starts from it. The file is validated like any lesson file
//! ([`crate::lessons::install`]); a failed download or a bad file becomes an
//! error message and changes nothing.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use crate::lessons;

/// Makes lesson `id` available to [`lessons::find`], fetching its file if needed.
pub async fn ensure(id: &str) -> Result<(), String> {
    if lessons::find(id).is_some() {
        return Ok(());
    }
    let entry = lessons::entry(id).ok_or_else(|| format!("no lesson {id:?}"))?;
    let text = fetch_text(&format!("lessons/{}", entry.file)).await?;
    lessons::install(entry.file, &text).map_err(|errs| {
        let all: Vec<String> = errs.iter().map(ToString::to_string).collect();
        all.join("; ")
    })
}

/// Fetches lesson `id` if needed, then emits `then` (or `error(message)`).
/// Generic over the action type so this module does not import the runner.
pub fn then_emit<A: 'static>(act: Callback<A>, id: String, then: A, error: fn(String) -> A) {
    yew::platform::spawn_local(async move {
        match ensure(&id).await {
            Ok(()) => act.emit(then),
            Err(e) => act.emit(error(e)),
        }
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let fail = |what: &str| format!("{url}: {what}");
    let response =
        JsFuture::from(gloo::utils::window().fetch_with_str(url)).await.map_err(|_| fail("network error"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| fail("not a response"))?;
    if !response.ok() {
        return Err(fail(&format!("HTTP {}", response.status())));
    }
    let text = JsFuture::from(response.text().map_err(|_| fail("unreadable body"))?).await;
    text.ok().and_then(|v| v.as_string()).ok_or_else(|| fail("not text"))
}
