//! No import cycles between the modules of `src/` (issue 13 item 3).
//!
//! The test reads the library's sources, builds the module dependency graph
//! and fails on any cycle, printing it with one line of source per edge.
//!
//! **Modules.** The tree is followed from `src/lib.rs` through its `mod x;`
//! declarations (honouring `#[path]`): a module is a file, a directory's
//! `mod.rs`, or an inline `mod x { … }` inside one. The binary (`main.rs`,
//! `cli.rs`) is a separate crate and is not read.
//!
//! **Edges.** Module A depends on module B when A's code names a path into B:
//! a `use` (trees like `use crate::sim::{a, b::c}` are expanded) or an inline
//! path such as `crate::sim::broker::Broker` or `partition::Role`. Paths are
//! resolved as rustc does: `crate::`, `super::`, `self::`, a child module of
//! the current module, or a name a `use` of the file bound to a module; the
//! target is the longest prefix that is a module. Comments and string literals
//! are skipped. A method call (`self.handle_join_group()`) names no module and
//! makes no edge, which is why the coordinator's `impl Broker` blocks had to
//! name `crate::sim::broker::Broker` and were caught.
//!
//! **The rule.** A module and its descendants form one unit: a parent uses
//! its children and children use what their parent shares (`super::X`), and
//! such edges are ignored. Every other edge A → B is lifted to the two
//! siblings under the lowest common ancestor of A and B that contain them: an
//! edge from `sim::coordinator::join` to `sim::broker` counts as
//! `sim::coordinator → sim::broker`, and together with
//! `sim::broker → sim::coordinator` (the broker owns the coordinator) makes the
//! cycle `broker ↔ coordinator`. A cycle among the children of one directory
//! (say `coordinator::join ↔ coordinator::membership`) is a cycle as well. The
//! lifted graph must have no strongly connected component of two or more
//! modules.
//!
//! **Known cycles.** [`ALLOWED`] lists the cycles other helpers of issue 13
//! remove in parallel; a component contained in one of them passes. An entry
//! that no longer matches any component fails too, so the list cannot go
//! stale: the lead empties it as the branches merge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Known cycles, each a set of modules (paths under `crate`) whose edges
/// among themselves are tolerated for now. The lead empties this at merge.
const ALLOWED: &[&[&str]] = &[];

type Module = Vec<String>;

/// The dependency graph: modules and, per edge, one line of source that made it.
#[derive(Default)]
struct Graph {
    modules: BTreeSet<Module>,
    edges: BTreeMap<(Module, Module), String>,
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

fn seg(s: &str) -> Module {
    s.split("::").filter(|x| !x.is_empty()).map(str::to_string).collect()
}

// ---------------------------------------------------------------- lexing

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path, // `::`
    Punct(char),
}

/// Tokens of one line of code, comments and literals removed. `in_block` carries `/* */` across lines.
fn lex(line: &str, in_block: &mut bool) -> Vec<Tok> {
    let c: Vec<char> = line.chars().collect();
    let (mut i, mut out) = (0, Vec::new());
    while i < c.len() {
        if *in_block {
            if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                *in_block = false;
                i += 1;
            }
            i += 1;
            continue;
        }
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => break,
            '/' if c.get(i + 1) == Some(&'*') => {
                *in_block = true;
                i += 1;
            }
            '"' => i = skip_string(&c, i + 1),
            'r' if matches!(c.get(i + 1), Some('"') | Some('#')) && !prev_ident(&c, i) => {
                let hashes = c[i + 1..].iter().take_while(|x| **x == '#').count();
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let rest: String = c[i + 2 + hashes..].iter().collect();
                i = rest.find(&close).map_or(c.len(), |p| i + 2 + hashes + rest[..p].chars().count() + close.len());
                continue;
            }
            '\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a).
                if c.get(i + 1) == Some(&'\\') {
                    i = (i + 2..c.len()).find(|j| c[*j] == '\'').unwrap_or(c.len());
                } else if c.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
            }
            ':' if c.get(i + 1) == Some(&':') => {
                out.push(Tok::Path);
                i += 1;
            }
            x if x.is_alphanumeric() || x == '_' => {
                let start = i;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
                out.push(Tok::Ident(c[start..i].iter().collect()));
                continue;
            }
            x if "{},;#=".contains(x) => out.push(Tok::Punct(x)),
            _ => {}
        }
        i += 1;
    }
    out
}

fn prev_ident(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

/// Index after the closing quote of a string starting at `i`.
fn skip_string(c: &[char], mut i: usize) -> usize {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '"' => return i,
            _ => i += 1,
        }
    }
    c.len()
}

/// `a::{b, c::{d, self}}` starting at `toks[0]`: the paths it names, and the tokens used.
fn use_tree(toks: &[Tok]) -> (Vec<Vec<String>>, usize) {
    let (mut prefix, mut i) = (Vec::new(), 0);
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(s) if s == "as" => i += 2,
            Tok::Ident(s) => {
                prefix.push(s.clone());
                i += 1;
            }
            Tok::Path => i += 1,
            Tok::Punct('{') => {
                let mut all = Vec::new();
                i += 1;
                loop {
                    let (paths, used) = use_tree(&toks[i..]);
                    all.extend(paths.into_iter().map(|p| [prefix.clone(), p].concat()));
                    i += used;
                    match toks.get(i) {
                        Some(Tok::Punct(',')) => i += 1,
                        Some(Tok::Punct('}')) => return (all, i + 1),
                        _ => return (all, i),
                    }
                }
            }
            _ => break,
        }
    }
    (vec![prefix], i)
}

// ---------------------------------------------------------------- the module tree

/// One module's file and where its inline tokens start (for inline `mod x {}` the file is shared).
struct Source {
    module: Module,
    file: PathBuf,
    /// Children live in this directory.
    dir: PathBuf,
}

/// Every file module reachable from `src/lib.rs`.
fn file_modules(src: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut todo = vec![Source { module: Vec::new(), file: src.join("lib.rs"), dir: src.to_path_buf() }];
    while let Some(s) = todo.pop() {
        let text = std::fs::read_to_string(&s.file).unwrap_or_else(|e| panic!("{}: {e}", s.file.display()));
        let mut path_attr: Option<String> = None;
        let mut in_block = false;
        for line in text.lines() {
            let t = line.trim();
            if let Some(p) = t.strip_prefix("#[path = \"").and_then(|r| r.strip_suffix("\"]")) {
                path_attr = Some(p.to_string());
                continue;
            }
            let toks = lex(line, &mut in_block);
            let decl = toks.iter().position(|x| *x == Tok::Ident("mod".into()));
            if let (Some(d), Some(Tok::Punct(';'))) = (decl, toks.last()) {
                let Some(Tok::Ident(child)) = toks.get(d + 1) else { continue };
                let file_dir = s.file.parent().expect("dir").to_path_buf();
                let (file, dir) = match path_attr.take() {
                    Some(p) => (file_dir.join(&p), file_dir.join(&p).with_extension("")),
                    None if s.dir.join(format!("{child}.rs")).exists() => {
                        (s.dir.join(format!("{child}.rs")), s.dir.join(child))
                    }
                    None => (s.dir.join(child).join("mod.rs"), s.dir.join(child)),
                };
                let module = [s.module.clone(), vec![child.clone()]].concat();
                todo.push(Source { module, file, dir });
            } else if !t.starts_with("#[") {
                path_attr = None;
            }
        }
        out.push(s);
    }
    out
}

// ---------------------------------------------------------------- references

/// Resolves `path` named in module `m` (with the file's module-valued `use` bindings) to a module.
fn resolve(g: &Graph, m: &[String], aliases: &BTreeMap<String, Module>, path: &[String]) -> Option<Module> {
    let first = path.first()?;
    let (mut base, rest): (Module, &[String]) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (m.to_vec(), &path[1..]),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            (m[..m.len().checked_sub(ups)?].to_vec(), &path[ups..])
        }
        s if g.modules.contains(&[m, &[s.to_string()]].concat()) => (m.to_vec(), path),
        s => (aliases.get(s)?.clone(), &path[1..]),
    };
    let mut best = g.modules.contains(&base).then(|| base.clone());
    for s in rest {
        base.push(s.clone());
        if g.modules.contains(&base) {
            best = Some(base.clone());
        } else {
            break;
        }
    }
    best
}

/// The edges of one file: every path it names, resolved in the module scope it is written in.
fn add_file_edges(g: &mut Graph, s: &Source, inline: &mut Vec<Module>) {
    let text = std::fs::read_to_string(&s.file).expect("read");
    let file_name = s.file.strip_prefix(std::env::current_dir().expect("cwd")).unwrap_or(&s.file).display().to_string();
    let (mut in_block, mut depth) = (false, 0usize);
    let mut scopes: Vec<(Module, usize)> = vec![(s.module.clone(), 0)];
    let mut aliases: BTreeMap<String, Module> = BTreeMap::new();
    let mut found: Vec<(Module, Module, String)> = Vec::new();
    let mut pending_use: Vec<Tok> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let toks = lex(line, &mut in_block);
        let mut i = 0;
        while i < toks.len() {
            let here = scopes.last().expect("scope").0.clone();
            let witness = format!("{file_name}:{}: {}", n + 1, line.trim());
            if !pending_use.is_empty() || toks[i] == Tok::Ident("use".into()) {
                // Collect the whole `use …;` (it may span lines), then expand it.
                let start = if pending_use.is_empty() { i + 1 } else { i };
                let end = toks[start..].iter().position(|t| *t == Tok::Punct(';')).map(|p| start + p);
                pending_use.extend_from_slice(&toks[start..end.unwrap_or(toks.len())]);
                let Some(end) = end else { break };
                for p in use_tree(&pending_use).0 {
                    if let Some(target) = resolve(g, &here, &aliases, &p) {
                        // `use super::coordinator;` binds `coordinator` to a module.
                        let named = if p.last().is_some_and(|l| l == "self") { &p[..p.len() - 1] } else { &p[..] };
                        if named.last() == target.last() {
                            aliases.insert(target.last().expect("seg").clone(), target.clone());
                        }
                        found.push((here.clone(), target, witness.clone()));
                    }
                }
                pending_use.clear();
                i = end + 1;
                continue;
            }
            match &toks[i] {
                Tok::Ident(k) if k == "mod" => {
                    if let (Some(Tok::Ident(name)), Some(Tok::Punct('{'))) = (toks.get(i + 1), toks.get(i + 2)) {
                        let child = [here.clone(), vec![name.clone()]].concat();
                        g.modules.insert(child.clone());
                        inline.push(child.clone());
                        depth += 1;
                        scopes.push((child, depth));
                        i += 3;
                        continue;
                    }
                }
                Tok::Ident(_) if toks.get(i + 1) == Some(&Tok::Path) && (i == 0 || toks[i - 1] != Tok::Path) => {
                    let mut p = Vec::new();
                    let mut j = i;
                    while let Some(Tok::Ident(s)) = toks.get(j) {
                        p.push(s.clone());
                        if toks.get(j + 1) != Some(&Tok::Path) {
                            break;
                        }
                        j += 2;
                    }
                    if let Some(target) = resolve(g, &here, &aliases, &p) {
                        found.push((here.clone(), target, witness));
                    }
                    i = j + 1;
                    continue;
                }
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    if scopes.last().is_some_and(|(_, d)| *d == depth) && scopes.len() > 1 {
                        scopes.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            i += 1;
        }
    }
    for (a, b, w) in found {
        if a != b {
            g.edges.entry((a, b)).or_insert(w);
        }
    }
}

/// The graph of the library under `src`.
fn graph_of(src: &Path) -> Graph {
    let sources = file_modules(src);
    let mut g = Graph { modules: sources.iter().map(|s| s.module.clone()).collect(), ..Graph::default() };
    // Inline modules are discovered while reading; read twice so paths into them resolve.
    let mut inline = Vec::new();
    for s in &sources {
        add_file_edges(&mut g, s, &mut inline);
    }
    g.edges.clear();
    for s in &sources {
        add_file_edges(&mut g, s, &mut inline);
    }
    g
}

// ---------------------------------------------------------------- cycles

/// Edges lifted to siblings under their lowest common ancestor (ancestor/descendant edges dropped).
fn lifted(g: &Graph) -> BTreeMap<(Module, Module), String> {
    let mut out = BTreeMap::new();
    for ((a, b), w) in &g.edges {
        let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if common == a.len() || common == b.len() {
            continue;
        }
        out.entry((a[..=common].to_vec(), b[..=common].to_vec())).or_insert_with(|| w.clone());
    }
    out
}

/// Strongly connected components of two or more modules (Tarjan).
fn cycles(edges: &BTreeMap<(Module, Module), String>) -> Vec<BTreeSet<Module>> {
    let nodes: BTreeSet<&Module> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&Module> = nodes.into_iter().collect();
    let idx = |m: &Module| nodes.iter().position(|n| *n == m).expect("node");
    let adj: Vec<Vec<usize>> =
        nodes.iter().map(|n| edges.keys().filter(|(a, _)| a == *n).map(|(_, b)| idx(b)).collect()).collect();
    struct T {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], t: &mut T) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in &adj[v] {
            match t.index[w] {
                None => {
                    visit(w, adj, t);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(i) if t.on[w] => t.low[v] = t.low[v].min(i),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            t.out.push(comp);
        }
    }
    let n = nodes.len();
    let mut t =
        T { index: vec![None; n], low: vec![0; n], on: vec![false; n], stack: Vec::new(), next: 0, out: Vec::new() };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(v, &adj, &mut t);
        }
    }
    let mut out: Vec<BTreeSet<Module>> =
        t.out.into_iter().filter(|c| c.len() > 1).map(|c| c.into_iter().map(|i| nodes[i].clone()).collect()).collect();
    out.sort();
    out
}

/// The problems: cycles left once the edges inside each `allowed` set are
/// dropped, and `allowed` sets whose own edges form no cycle any more.
fn check(g: &Graph, allowed: &[&[&str]]) -> Vec<String> {
    let edges = lifted(g);
    let allowed: Vec<BTreeSet<Module>> = allowed.iter().map(|a| a.iter().map(|m| seg(m)).collect()).collect();
    let inside = |a: &BTreeSet<Module>, (x, y): &(Module, Module)| a.contains(x) && a.contains(y);
    let rest: BTreeMap<_, _> = edges
        .iter()
        .filter(|(e, _)| !allowed.iter().any(|a| inside(a, e)))
        .map(|(e, w)| (e.clone(), w.clone()))
        .collect();
    let mut problems = Vec::new();
    for c in cycles(&rest) {
        let mut text = format!("cycle: {}\n", c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" <-> "));
        for ((a, b), w) in rest.iter().filter(|((a, b), _)| c.contains(a) && c.contains(b)) {
            text += &format!("  {} -> {}   ({w})\n", name(a), name(b));
        }
        problems.push(text);
    }
    for a in &allowed {
        let own: BTreeMap<_, _> =
            edges.iter().filter(|(e, _)| inside(a, e)).map(|(e, w)| (e.clone(), w.clone())).collect();
        if cycles(&own).is_empty() {
            let list: Vec<String> = a.iter().map(|m| name(m)).collect();
            problems.push(format!("ALLOWED entry {list:?} has no cycle any more: remove it\n"));
        }
    }
    problems
}

#[test]
fn src_has_no_module_cycles() {
    let g = graph_of(Path::new("src"));
    assert!(g.modules.contains(&seg("sim::coordinator::join")), "the module tree was not read");
    assert!(g.edges.len() > 100, "too few edges: the path parser broke");
    let problems = check(&g, ALLOWED);
    assert!(problems.is_empty(), "module cycles in src/:\n{}", problems.concat());
}

// ---------------------------------------------------------------- the checker's own tests

fn synthetic(modules: &[&str], edges: &[(&str, &str)]) -> Graph {
    Graph {
        modules: modules.iter().map(|m| seg(m)).collect(),
        edges: edges.iter().map(|(a, b)| ((seg(a), seg(b)), format!("{a} uses {b}"))).collect(),
    }
}

#[test]
fn a_cycle_through_a_child_module_fires() {
    // The old shape: coordinator::join names Broker, the broker owns the coordinator.
    let g = synthetic(
        &["sim", "sim::broker", "sim::coordinator", "sim::coordinator::join"],
        &[("sim::coordinator::join", "sim::broker"), ("sim::broker", "sim::coordinator")],
    );
    let problems = check(&g, &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("cycle: sim::broker <-> sim::coordinator"), "{}", problems[0]);
    assert!(problems[0].contains("sim::coordinator -> sim::broker"), "{}", problems[0]);
    // On the allowed list it passes.
    assert!(check(&g, &[&["sim::broker", "sim::coordinator"]]).is_empty());
}

#[test]
fn parent_and_child_edges_are_no_cycle() {
    let g = synthetic(
        &["sim", "sim::coordinator", "sim::coordinator::join", "sim::coordinator::group"],
        &[
            ("sim::coordinator", "sim::coordinator::join"),
            ("sim::coordinator::join", "sim::coordinator"),
            ("sim::coordinator::join", "sim::coordinator::group"),
        ],
    );
    assert!(check(&g, &[]).is_empty());
    // Siblings inside one directory that use each other do form a cycle.
    let mut g = g;
    g.edges.insert((seg("sim::coordinator::group"), seg("sim::coordinator::join")), "back".into());
    assert_eq!(check(&g, &[]).len(), 1);
}

#[test]
fn a_stale_allowed_entry_fails() {
    let g = synthetic(&["a", "b"], &[("a", "b")]);
    let problems = check(&g, &[&["a", "b"]]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("has no cycle any more"), "{}", problems[0]);
}

#[test]
fn use_trees_and_comments_are_parsed() {
    let mut b = false;
    let toks = lex("use crate::sim::{broker::Broker, ids::{self, TopicName}}; // crate::ui::x", &mut b);
    let (paths, _) = use_tree(&toks[1..]);
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["crate::sim::broker::Broker", "crate::sim::ids::self", "crate::sim::ids::TopicName"]);
    assert!(lex(r#"let s = "crate::x"; let c = '"';"#, &mut b).iter().all(|t| *t != Tok::Path));
}
