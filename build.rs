//! Build script: the catalog of built-in lessons.
//!
//! Every `static/lessons/*.json` file (in file-name order, which is catalog
//! order) becomes a `CatalogEntry` with its id, titles and step count, so the
//! page can list the lessons without downloading them: the browser fetches a
//! lesson's file only when it opens (a smaller first visit). Native builds
//! (tests, the `kafkasim` tool) also embed every file with `include_str!` as
//! `BUILTIN_FILES`. A file that is not valid JSON, or lacks an id or title,
//! fails the build with its name; the full validation is `tests/lessons.rs`.

use std::fmt::Write;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new("static/lessons");
    println!("cargo:rerun-if-changed=static/lessons");
    let mut files: Vec<String> = fs::read_dir(dir)
        .expect("static/lessons exists")
        .map(|e| e.expect("readable directory entry").file_name().into_string().expect("UTF-8 file name"))
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut catalog =
        String::from("/// The built-in lessons, in catalog order.\npub const CATALOG: &[CatalogEntry] = &[\n");
    let mut embedded = String::from(
        "/// The built-in lesson files `(file name, JSON)`, in catalog order (native builds).\n\
         #[cfg(not(target_arch = \"wasm32\"))]\npub const BUILTIN_FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed=static/lessons/{file}");
        let text = fs::read_to_string(dir.join(file)).expect("readable lesson file");
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("static/lessons/{file} is not JSON: {e}"));
        let field = |path: &[&str]| -> String {
            let mut x = &v;
            for p in path {
                x = &x[*p];
            }
            x.as_str().unwrap_or_else(|| panic!("static/lessons/{file} has no {}", path.join("."))).to_string()
        };
        let steps = v["steps"].as_array().map_or(0, Vec::len);
        writeln!(
            catalog,
            "    CatalogEntry {{ file: {file:?}, id: {:?}, title_ko: {:?}, title_en: {:?}, steps: {steps} }},",
            field(&["id"]),
            field(&["title", "ko"]),
            field(&["title", "en"]),
        )
        .expect("writing to a String");
        writeln!(embedded, "    ({file:?}, include_str!({:?})),", format!("{root}/static/lessons/{file}"))
            .expect("writing to a String");
    }
    catalog.push_str("];\n");
    embedded.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lesson_catalog.rs");
    fs::write(out, catalog + &embedded).expect("OUT_DIR is writable");
}
