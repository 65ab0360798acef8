//! Issue 12, item 6: the UI draws its icons, it never writes them as emoji or
//! symbol characters. Chromium without an emoji font (the tests' one, many
//! classroom machines) shows a missing-glyph box for "⏪", "★" or "⚠".
//!
//! Scans every source file that puts text on screen — `src/` (Rust, comment
//! lines skipped), `www/` and `static/` — for codepoints in the emoji and
//! symbol blocks. Korean, arrows (← → ↑ ↓ ↔), math (≤ ≥ ∉ ×), dashes and
//! the middle dot are text every font has, and stay allowed.

use std::fs;
use std::path::{Path, PathBuf};

/// Codepoint ranges that are pictographs or icon-like symbols.
const BANNED: &[(u32, u32, &str)] = &[
    (0x2195, 0x21FF, "arrows beyond ← ↑ → ↓ ↔"),
    (0x2205, 0x2205, "empty set (write null)"),
    (0x2298, 0x2298, "circled slash"),
    (0x2300, 0x23FF, "Miscellaneous Technical (⏪ ⏸ ⏱)"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x25A0, 0x25FF, "Geometric Shapes (▲ ▶ ●)"),
    (0x2600, 0x26FF, "Miscellaneous Symbols (★ ⚠ ⚙)"),
    (0x2700, 0x27BF, "Dingbats (✂ ✓ ✖)"),
    (0x2900, 0x297F, "Supplemental Arrows-B"),
    (0x2B00, 0x2BFF, "Miscellaneous Symbols and Arrows"),
    (0xFE0E, 0xFE0F, "variation selectors"),
    (0xFF01, 0xFF5E, "fullwidth forms (＋)"),
    (0x1F000, 0x1FAFF, "emoji"),
];

fn banned(c: char) -> Option<&'static str> {
    let c = c as u32;
    BANNED.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&c)).map(|(_, _, what)| *what)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "html" | "css" | "json" | "js")) {
            out.push(path);
        }
    }
}

/// Every banned character in `text`, as `line: char (block)`; Rust comment lines are skipped.
fn offenders(text: &str, rust: bool) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !(rust && line.trim_start().starts_with("//")))
        .flat_map(|(n, line)| {
            line.chars().filter_map(move |c| banned(c).map(|what| format!("{}: {c:?} ({what})", n + 1)))
        })
        .collect()
}

#[test]
fn item6_no_emoji_or_symbol_glyphs_in_the_ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["src", "www", "static"] {
        files(&root.join(dir), &mut all);
    }
    assert!(all.len() > 50, "found only {} files", all.len());
    let mut found = Vec::new();
    for path in all {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let rust = path.extension().is_some_and(|e| e == "rs");
        for o in offenders(&text, rust) {
            found.push(format!("{}:{o}", path.strip_prefix(root).unwrap_or(&path).display()));
        }
    }
    assert!(found.is_empty(), "draw icons with crate::viz::icons instead of:\n{}", found.join("\n"));
}

#[test]
fn item6_the_scan_catches_what_it_bans_and_allows_korean_and_arrows() {
    assert_eq!(offenders("let a = \"⏪ 00:01\";", true).len(), 1);
    assert_eq!(offenders("format!(\"★ L · {}\")", true).len(), 1);
    assert_eq!(offenders("content: \"⚠ \";", false).len(), 1);
    assert_eq!(offenders("\"🐢 +200ms\"", true).len(), 1);
    assert_eq!(offenders("// a comment may show ⏪", true).len(), 0);
    assert!(offenders("\"되감음 → 새 미래 · ≤ 5 × 2 — ← ↑ ↓ ∉ ISR …\"", true).is_empty());
}
