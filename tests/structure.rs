//! Structural checks on the source (issue 13): parses every file under
//! `src/` with `syn` and fails if
//! - a `match` whose arms name `Command` or one of its nested area enums has a
//!   catch-all arm (`_ =>` or a bare binding): a new variant must not compile
//!   until something handles it;
//! - struct `Simulation` has a field that is not private: code outside the
//!   simulation reads through queries and changes it only through commands;
//! - code in `src/console`, `src/player` or `src/ui` calls the test-only
//!   state surgery (`surgery_*`) instead of applying a command;
//! - a function is longer than [`MAX_FN_LINES`] or a file longer than
//!   [`MAX_FILE_LINES`] (the i18n string tables, [`TABLES`], excepted: they
//!   are one `match` per language and are split by area instead).
//!
//! Each check is shown to fire by a test that feeds it a small violating source.

use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// `Command` and its nested per-area enums (src/sim/commands.rs).
const COMMAND_ENUMS: &[&str] = &[
    "Command",
    "TopicCommand",
    "ConfigCommand",
    "BrokerCommand",
    "LinkCommand",
    "ProducerCommand",
    "ConsumerCommand",
    "GroupCommand",
];

/// The longest a function may be, counted from `fn` to its closing brace.
const MAX_FN_LINES: usize = 70;
/// The longest a source file may be.
const MAX_FILE_LINES: usize = 500;
/// String tables exempt from the function length (one exhaustive match per language).
const TABLES: &[&str] = &["src/i18n/ui_en.rs", "src/i18n/ui_ko.rs", "src/i18n/panels.rs"];

/// Directories whose code may change the simulation only through commands.
const OUTSIDE_CORE: &[&str] = &["src/console/", "src/player/", "src/ui/"];

/// Whether a pattern names a command enum's variant anywhere inside it.
fn names_command(pat: &syn::Pat) -> bool {
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_path(&mut self, p: &'a syn::Path) {
            let n = p.segments.len();
            if n >= 2 && COMMAND_ENUMS.contains(&p.segments[n - 2].ident.to_string().as_str()) {
                self.0 = true;
            }
            syn::visit::visit_path(self, p);
        }
    }
    let mut f = Finder(false);
    f.visit_pat(pat);
    f.0
}

/// Whether an arm's pattern matches anything: `_`, a bare lowercase binding, or an or-pattern holding one.
fn catch_all(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Wild(_) => true,
        syn::Pat::Ident(i) => {
            i.subpat.is_none() && i.ident.to_string().starts_with(|c: char| c.is_lowercase() || c == '_')
        }
        syn::Pat::Or(o) => o.cases.iter().any(catch_all),
        syn::Pat::Paren(p) => catch_all(&p.pat),
        _ => false,
    }
}

struct Checker<'a> {
    file: &'a str,
    violations: Vec<String>,
}

impl Checker<'_> {
    /// Reports a function whose `fn` keyword and closing brace are more than
    /// [`MAX_FN_LINES`] lines apart (needs proc-macro2's span locations).
    fn check_length(&mut self, name: &syn::Ident, fn_token: &syn::token::Fn, block: &syn::Block) {
        let lines = block.brace_token.span.close().end().line + 1 - fn_token.span.start().line;
        if lines > MAX_FN_LINES && !TABLES.contains(&self.file) {
            self.violations.push(format!("{}: fn {name} has {lines} lines (at most {MAX_FN_LINES})", self.file));
        }
    }
}

impl<'a, 'ast> Visit<'ast> for Checker<'a> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check_length(&f.sig.ident, &f.sig.fn_token, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check_length(&f.sig.ident, &f.sig.fn_token, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        if m.arms.iter().any(|a| names_command(&a.pat)) && m.arms.iter().any(|a| catch_all(&a.pat)) {
            self.violations.push(format!("{}: a match over Command has a catch-all arm", self.file));
        }
        syn::visit::visit_expr_match(self, m);
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        if s.ident == "Simulation" {
            for f in &s.fields {
                if !matches!(f.vis, syn::Visibility::Inherited) {
                    let name = f.ident.as_ref().map_or("?".to_string(), |i| i.to_string());
                    self.violations.push(format!("{}: Simulation field `{name}` is not private", self.file));
                }
            }
        }
        syn::visit::visit_item_struct(self, s);
    }

    fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
        let outside = OUTSIDE_CORE.iter().any(|d| self.file.starts_with(d));
        if outside && c.method.to_string().starts_with("surgery_") {
            self.violations.push(format!("{}: calls {} (test-only state surgery)", self.file, c.method));
        }
        syn::visit::visit_expr_method_call(self, c);
    }
}

/// The violations in one source file (`file` is its path relative to the crate root).
fn check_source(file: &str, source: &str) -> Vec<String> {
    let ast = syn::parse_file(source).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    let mut c = Checker { file, violations: Vec::new() };
    c.visit_file(&ast);
    let lines = source.lines().count();
    if lines > MAX_FILE_LINES {
        c.violations.push(format!("{file}: {lines} lines (at most {MAX_FILE_LINES})"));
    }
    c.violations
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn src_keeps_the_structural_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 100, "found only {} files", files.len());
    let mut violations = Vec::new();
    let mut saw_simulation = false;
    for f in &files {
        let rel = f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap();
        saw_simulation |= text.contains("pub struct Simulation {");
        violations.extend(check_source(&rel, &text));
    }
    assert!(saw_simulation, "struct Simulation not found: the privacy check checks nothing");
    assert!(violations.is_empty(), "structural rules broken:\n{}", violations.join("\n"));
}

#[test]
fn a_wildcard_arm_over_command_is_reported() {
    let src = "fn f(c: &Command) { match c { Command::Topic(t) => g(t), _ => {} } }";
    assert_eq!(check_source("src/sim/x.rs", src).len(), 1);
    let nested = "fn f(c: BrokerCommand) { match c { BrokerCommand::Kill(b) => g(b), other => h(other) } }";
    assert_eq!(check_source("src/sim/x.rs", nested).len(), 1);
    let or = "fn f(c: Option<Command>) { match c { Some(Command::Group(g)) => (), None | _ => () } }";
    assert_eq!(check_source("src/sim/x.rs", or).len(), 1);
}

#[test]
fn an_exhaustive_match_over_command_and_a_wildcard_elsewhere_pass() {
    let src = "fn f(c: &LinkCommand) { match c { LinkCommand::Cut { .. } => 1, LinkCommand::Heal { a, b } => 2 }; \
               match x { Some(y) => y, _ => 0 }; match s { CommandOutput::Done => 0, _ => 1 }; }";
    assert_eq!(check_source("src/sim/x.rs", src), Vec::<String>::new());
}

#[test]
fn a_public_simulation_field_is_reported() {
    let src = "pub struct Simulation { now: u64, pub trace: Trace, pub(crate) ledger: Ledger }";
    let v = check_source("src/sim/simulation/mod.rs", src);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(v[0].contains("`trace`") && v[1].contains("`ledger`"));
}

#[test]
fn state_surgery_outside_the_core_is_reported() {
    let src = "fn f(sim: &mut Simulation) { sim.surgery_cut_link(a, b, true); }";
    assert_eq!(check_source("src/console/x.rs", src).len(), 1);
    assert_eq!(check_source("tests/x.rs", src).len(), 0, "tests may build violating states");
}

#[test]
fn a_long_function_and_a_long_file_are_reported() {
    let body = "    let x = 1;\n".repeat(MAX_FN_LINES - 2);
    let just_fits = format!("fn f() {{\n{body}}}\n");
    assert!(check_source("src/a.rs", &just_fits).is_empty(), "a {MAX_FN_LINES}-line fn is allowed");
    let method = format!("impl S {{ fn g(&self) {{\n{body}\n}} }}\n");
    let v = check_source("src/a.rs", &method);
    assert!(v.iter().any(|v| v.contains("fn g has 71 lines")), "{v:?}");
    assert!(check_source(TABLES[0], &method).is_empty(), "the string tables are exempt");
    let long_file = "const A: u8 = 0;\n".repeat(MAX_FILE_LINES + 1);
    let v = check_source("src/b.rs", &long_file);
    assert!(v.iter().any(|v| v.contains("501 lines")), "{v:?}");
}
