//! Issue 13, item 7: colours come only from the palette.
//!
//! A text scan: no Rust file under `src/` other than `src/viz/palette.rs`
//! spells a colour (`#rgb`/`#rrggbb` in a string, `rgb(`, `rgba(`, `hsl(`,
//! plotters' `RGBColor(`/`WHITE`/`BLACK`), no inline `style=` in `src/ui`
//! sets a colour, and the stylesheets `www/*.css` write colours only as
//! custom properties, each defined once in a `:root` block, and use only
//! properties so defined.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const PALETTE: &str = "src/viz/palette.rs";

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(path);
        }
    }
}

/// Whether `line` spells a colour: `#` and 3, 4, 6 or 8 hex digits not followed by another
/// word character, or a CSS colour function.
fn colour_literal(line: &str) -> Option<String> {
    let b = line.as_bytes();
    for (i, _) in line.match_indices('#') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        let next = b.get(i + 1 + n).copied().unwrap_or(b' ');
        let word = next.is_ascii_alphanumeric() || next == b'_';
        // `#[derive` and `#![cfg` are attributes, `#1` an issue number: neither has 3+ hex digits then a stop.
        if matches!(n, 3 | 4 | 6 | 8) && !word {
            return Some(line[i..i + 1 + n].to_string());
        }
    }
    let called = |f: &str| {
        line.match_indices(f).any(|(i, _)| {
            let before = line[..i].chars().next_back().unwrap_or(' ');
            !(before.is_ascii_alphanumeric() || before == '_' || before == '.')
        })
    };
    ["rgb(", "rgba(", "hsl(", "hsla(", "RGBColor(", "RGBAColor(", "WHITE", "BLACK"]
        .into_iter()
        .find(|f| called(f))
        .map(str::to_string)
}

/// `path:line: literal` for every colour literal in `text` (Rust comment lines skipped).
fn offenders(path: &Path, text: &str, rust: bool) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !(rust && l.trim_start().starts_with("//")))
        .filter_map(|(n, l)| colour_literal(l).map(|c| format!("{}:{}: {c}", path.display(), n + 1)))
        .collect()
}

#[test]
fn item7_no_colour_literal_outside_the_palette() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rs = Vec::new();
    files(&root.join("src"), "rs", &mut rs);
    let mut bad = Vec::new();
    for path in &rs {
        let rel = path.strip_prefix(root).unwrap();
        if rel == Path::new(PALETTE) {
            continue;
        }
        bad.extend(offenders(rel, &fs::read_to_string(path).unwrap(), true));
    }
    assert!(bad.is_empty(), "colour literals outside {PALETTE}:\n{}", bad.join("\n"));
    // The palette itself is scanned (the scan can find something).
    let palette = fs::read_to_string(root.join(PALETTE)).unwrap();
    assert!(!offenders(Path::new(PALETTE), &palette, true).is_empty());
}

#[test]
fn item7_no_colour_in_inline_styles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rs = Vec::new();
    files(&root.join("src/ui"), "rs", &mut rs);
    let mut bad = Vec::new();
    for path in &rs {
        for (n, line) in fs::read_to_string(path).unwrap().lines().enumerate() {
            let Some(at) = line.find("style=") else { continue };
            let style = &line[at..];
            if ["color", "background", "fill", "stroke", "border"].iter().any(|p| style.contains(p)) {
                bad.push(format!("{}:{}: {}", path.display(), n + 1, style.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "inline styles with colours (use a class):\n{}", bad.join("\n"));
}

/// The `:root { ... }` blocks of `css` and the text outside them.
fn split_root(css: &str) -> (Vec<&str>, String) {
    let (mut roots, mut rest, mut from) = (Vec::new(), String::new(), 0);
    while let Some(start) = css[from..].find(":root {").map(|i| from + i) {
        let end = css[start..].find("\n}").map_or(css.len(), |i| start + i + 2);
        rest.push_str(&css[from..start]);
        roots.push(&css[start..end]);
        from = end;
    }
    rest.push_str(&css[from..]);
    (roots, rest)
}

#[test]
fn item7_stylesheets_use_only_root_custom_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut css = Vec::new();
    files(&root.join("www"), "css", &mut css);
    assert!(!css.is_empty(), "no stylesheets under www/");
    let mut defined: BTreeMap<String, usize> = BTreeMap::new();
    let mut used = Vec::new();
    let mut bad = Vec::new();
    for path in &css {
        let text = fs::read_to_string(path).unwrap();
        let rel = path.strip_prefix(root).unwrap();
        let (roots, rest) = split_root(&text);
        for block in roots {
            for line in block.lines() {
                if let Some(name) = line.trim_start().strip_prefix("--").and_then(|l| l.split(':').next()) {
                    *defined.entry(name.trim().to_string()).or_default() += 1;
                }
            }
        }
        bad.extend(offenders(rel, &rest, false));
        let mut s = rest.as_str();
        while let Some(i) = s.find("var(--") {
            let name: String = s[i + 6..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            used.push(format!("{}: {name}", rel.display()));
            s = &s[i + 6..];
        }
    }
    assert!(bad.is_empty(), "colours outside :root (use a custom property):\n{}", bad.join("\n"));
    let twice: Vec<_> = defined.iter().filter(|(_, n)| **n > 1).map(|(k, _)| k.as_str()).collect();
    assert!(twice.is_empty(), "custom properties defined more than once: {twice:?}");
    let undefined: Vec<_> =
        used.iter().filter(|u| !defined.contains_key(u.rsplit(": ").next().unwrap())).cloned().collect();
    assert!(undefined.is_empty(), "var() of undefined properties:\n{}", undefined.join("\n"));
    assert!(defined.contains_key("vermillion") && !used.is_empty());
}

#[test]
fn item7_the_scan_finds_colours() {
    assert_eq!(colour_literal(r##"fill="#f3ecf7" x"##).as_deref(), Some("#f3ecf7"));
    assert_eq!(colour_literal("color: #fff;").as_deref(), Some("#fff"));
    assert_eq!(colour_literal("box-shadow: 0 0 1px rgba(0,0,0,0.2)").as_deref(), Some("rgba("));
    assert_eq!(colour_literal("RGBColor(0, 0x72, 0xB2)").as_deref(), Some("RGBColor("));
    assert_eq!(colour_literal("area.fill(&WHITE)").as_deref(), Some("WHITE"));
    assert_eq!(colour_literal("series.colour().to_rgba()"), None);
    assert_eq!(colour_literal("#[derive(Clone)]"), None);
    assert_eq!(colour_literal("see issue #12 and #1234a"), None);
    assert_eq!(colour_literal("grid-column: 2 / span 3"), None);
}
