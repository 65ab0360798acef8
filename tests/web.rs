//! Browser tests (wasm-bindgen-test in headless Chromium): the app mounts,
//! shows its header and switches language.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "golden_hash.rs"]
mod golden_hash;

/// Cross-target determinism: the same seeded run gives, in the browser, the
/// trace hash the native test pins (tests/determinism.rs).
#[wasm_bindgen_test]
fn golden_trace_hash_matches_native() {
    assert_eq!(kafkasim::sim::workloads::golden_trace_hash(), golden_hash::GOLDEN_TRACE_HASH);
}

/// Mounts a fresh `App` into its own div and lets Yew render it.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<kafkasim::ui::App>::with_root(root.clone()).render();
    settle().await;
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn find(root: &Element, test_id: &str) -> Element {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
}

#[wasm_bindgen_test]
async fn header_shows_the_title() {
    let root = mount().await;
    let header = find(&root, "app-header");
    assert!(header.text_content().unwrap().contains("KafkaSim"));
    find(&root, "stage");
    find(&root, "lang-switch");
}

#[wasm_bindgen_test]
async fn switching_language_updates_html_lang() {
    let root = mount().await;
    let html = gloo::utils::document().document_element().unwrap();
    for tag in ["ko", "en"] {
        let button: HtmlElement = find(&root, &format!("lang-{tag}")).dyn_into().unwrap();
        button.click();
        // A loaded machine may need more than one 30 ms settle for the
        // re-render: wait up to 3 s for the attribute, then assert.
        for _ in 0..100 {
            settle().await;
            if html.get_attribute("lang").as_deref() == Some(tag) {
                break;
            }
        }
        assert_eq!(html.get_attribute("lang").as_deref(), Some(tag));
        assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));
    }
}

/// The runner mounts with the lively start: three running brokers, replicas and the console.
#[wasm_bindgen_test]
async fn the_cluster_shows_three_running_brokers() {
    let root = mount().await;
    for b in 1..=3 {
        assert_eq!(find(&root, &format!("broker-{b}")).get_attribute("data-state").as_deref(), Some("running"));
    }
    find(&root, "replica-orders-0-1");
    find(&root, "console-input");
    find(&root, "timeline");
}
