//! Issue 12, item 7: the native tool is built for speed, the wasm for size.
//!
//! `release` (the native `kafkasim` and `kafkasim bench`) must stay at
//! opt-level 3; the shipped wasm has its own profile, `wasm-release`
//! (opt-level "z"), which Trunk selects from www/index.html. Going back to one
//! size-optimised `release` made the native tool about 30% slower.

use std::fs;
use std::path::Path;

fn read(file: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The `key = value` lines of `[section]` in a TOML file (comments dropped).
fn section(toml: &str, name: &str) -> Vec<(String, String)> {
    let header = format!("[{name}]");
    let mut lines = toml.lines().map(|l| l.split('#').next().unwrap_or("").trim());
    let found = lines.by_ref().any(|l| l == header);
    assert!(found, "Cargo.toml has no {header}");
    lines
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

fn value(entries: &[(String, String)], key: &str) -> Option<String> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

#[test]
fn item7_release_is_built_for_speed() {
    let release = section(&read("Cargo.toml"), "profile.release");
    let opt = value(&release, "opt-level").unwrap_or_else(|| "3".into());
    assert_eq!(
        opt, "3",
        "profile.release opt-level {opt}: the native tool must be fast (the wasm has profile.wasm-release)"
    );
}

#[test]
fn item7_the_wasm_has_its_own_size_profile_and_trunk_uses_it() {
    let wasm = section(&read("Cargo.toml"), "profile.wasm-release");
    assert_eq!(value(&wasm, "inherits").as_deref(), Some("release"));
    assert_eq!(value(&wasm, "opt-level").as_deref(), Some("z"));
    let index = read("www/index.html");
    let rust = index.lines().find(|l| l.contains("rel=\"rust\"")).expect("the rust link in www/index.html");
    assert!(
        rust.contains("data-cargo-profile-release=\"wasm-release\""),
        "trunk build --release must use wasm-release: {rust}"
    );
}
