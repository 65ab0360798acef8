//! A small shell around the tools: files kept in the console's memory, so
//! scripts from Kafka's documentation stay copy-pasteable.
//!
//! `kafka-delete-records --offset-json-file F` (and `--command-config F`)
//! read a file; the documentation writes it with a here-document:
//!
//! ```text
//! $ cat > offsets.json <<EOF
//! > {"partitions": [{"topic": "orders", "partition": 0, "offset": 3}], "version": 1}
//! > EOF
//! ```
//!
//! The shell knows `cat [F...]`, `echo [-n] WORDS`, `ls [F...]` and
//! `rm [-f] F...`, with the redirections `> F`, `>> F`, `< F` and the
//! here-document `<<WORD` (also `<<'WORD'`, `<<"WORD"`, `<< WORD`, and
//! `<<-WORD`, which strips leading tabs). While a here-document is open,
//! every console line (echoed `> line`, bash's continuation prompt) is part
//! of it, up to a line that is exactly the delimiter; then the command runs
//! with the document as its standard input. The end of input closes an open
//! document with bash's warning (and the document is used); Ctrl+C cancels
//! it. A Kafka tool given a here-document reads it to its end, then fails
//! (KafkaSim's tools read files, not standard input).
//!
//! Files live in the console's state ([`Files`]): at most [`MAX_FILES`]
//! files of at most [`MAX_FILE_BYTES`] bytes each; going past either is a
//! clear error that writes nothing. Errors are bash's and coreutils' texts
//! (`cat: F: No such file or directory`) and change nothing: `rm a b` with
//! `b` missing removes neither (bash would remove `a`).
// Simplification: no expansions (`$VAR` in an unquoted here-document stays
// as typed), no pipes, and redirections are recognised after word
// splitting, so a quoted `'>'` word is a redirection too.

use super::output::Output;
use crate::vecmap::VecMap;

/// Most files the console keeps.
pub const MAX_FILES: usize = 32;
/// Largest file the console keeps, in bytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// The shell's own commands.
pub const COMMANDS: [&str; 4] = ["cat", "echo", "ls", "rm"];

/// The console's files, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    map: VecMap<String, String>,
}

impl Files {
    /// The content of file `name` (`./name` is `name`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(&normalise(name)).map(String::as_str)
    }

    /// Every file name, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Writes (or with `append` extends) file `name`; bash's error and no change past a limit.
    fn write(&mut self, name: &str, text: &str, append: bool) -> Result<(), String> {
        let name = normalise(name);
        check_name(&name)?;
        let old = self.map.get(&name).filter(|_| append).map_or(0, String::len);
        if old + text.len() > MAX_FILE_BYTES {
            return Err(format!(
                "bash: {name}: File too large (the console keeps files of at most {MAX_FILE_BYTES} bytes)"
            ));
        }
        if !self.map.contains_key(&name) && self.map.len() >= MAX_FILES {
            return Err(format!(
                "bash: {name}: No space left on device (the console keeps at most {MAX_FILES} files; rm one first)"
            ));
        }
        let file = self.map.entry(name).or_default();
        if !append {
            file.clear();
        }
        file.push_str(text);
        Ok(())
    }
}

/// A file name as stored: without leading `./`.
pub fn normalise(name: &str) -> String {
    let mut n = name;
    while let Some(rest) = n.strip_prefix("./") {
        n = rest;
    }
    n.to_string()
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("bash: : No such file or directory".into());
    }
    if name.ends_with('/') || name == "." || name == ".." {
        return Err(format!("bash: {name}: Is a directory"));
    }
    if name.len() > 255 {
        return Err(format!("bash: {name}: File name too long"));
    }
    Ok(())
}

/// Where a command's standard output goes: `(file, append)`, or the terminal.
type Target = Option<(String, bool)>;

/// A command line's words without its redirections, and the redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Redirects {
    args: Vec<String>,
    to: Target,
    from: Option<String>,
    /// `(delimiter, strip leading tabs)`.
    heredoc: Option<(String, bool)>,
}

const SYNTAX_NEWLINE: &str = "bash: syntax error near unexpected token `newline'";

/// Splits redirections from the words; the error is bash's syntax error.
fn redirects(words: &[String]) -> Result<Redirects, String> {
    let mut r = Redirects::default();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let mut operand = |rest: &str| -> Result<String, String> {
            if !rest.is_empty() {
                return Ok(rest.to_string());
            }
            match it.next() {
                Some(next) if !next.starts_with(['<', '>']) => Ok(next.clone()),
                Some(next) => Err(format!("bash: syntax error near unexpected token `{next}'")),
                None => Err(SYNTAX_NEWLINE.into()),
            }
        };
        if let Some(rest) = w.strip_prefix("<<-") {
            r.heredoc = Some((operand(rest)?, true));
        } else if let Some(rest) = w.strip_prefix("<<") {
            r.heredoc = Some((operand(rest)?, false));
        } else if let Some(rest) = w.strip_prefix(">>") {
            r.to = Some((operand(rest)?, true));
        } else if let Some(rest) = w.strip_prefix('>') {
            r.to = Some((operand(rest)?, false));
        } else if let Some(rest) = w.strip_prefix('<') {
            r.from = Some(operand(rest)?);
        } else {
            r.args.push(w.clone());
        }
    }
    Ok(r)
}

/// Whether `words` carry a here-document (a Kafka tool given one reads it, then fails).
pub fn heredoc_delimiter(words: &[String]) -> Option<(String, bool)> {
    redirects(words).ok().and_then(|r| r.heredoc)
}

/// A command waiting for its here-document.
#[derive(Clone, Debug)]
pub struct Heredoc {
    delimiter: String,
    strip_tabs: bool,
    body: String,
    /// The body passed [`MAX_FILE_BYTES`]: the rest is read but not kept.
    over: bool,
    /// The console line number of the command (bash's warning names it).
    line: u64,
    command: String,
    words: Vec<String>,
}

impl Heredoc {
    /// Opens a here-document for `command` (`words` with their redirections).
    pub fn open(command: &str, words: &[String], line: u64) -> Option<Heredoc> {
        let (delimiter, strip_tabs) = heredoc_delimiter(words)?;
        let (command, words) = (command.to_string(), words.to_vec());
        Some(Heredoc { delimiter, strip_tabs, body: String::new(), over: false, line, command, words })
    }

    /// Takes one console line: true when it is the delimiter (the document is complete).
    pub fn feed(&mut self, line: &str) -> bool {
        let line = if self.strip_tabs { line.trim_start_matches('\t') } else { line };
        if line == self.delimiter {
            return true;
        }
        if self.body.len() + line.len() + 1 > MAX_FILE_BYTES {
            self.over = true;
        } else {
            self.body.push_str(line);
            self.body.push('\n');
        }
        false
    }

    /// The end of input before the delimiter: bash warns, then uses the document.
    pub fn eof_warning(&self) -> String {
        format!(
            "bash: warning: here-document at line {} delimited by end-of-file (wanted `{}')",
            self.line, self.delimiter
        )
    }

    /// The command that reads the document, as typed.
    pub fn command(&self) -> &str {
        &self.command
    }

    /// Runs the (shell) command with the document as its standard input.
    pub fn finish(self, files: &mut Files, out: &mut Output) {
        if self.over {
            return out.fail(&format!(
                "bash: here-document: File too large (the console keeps at most {MAX_FILE_BYTES} bytes)"
            ));
        }
        execute(files, &self.command, &self.words, Some(self.body), out);
    }
}

/// Runs a shell command (`cat`, `echo`, `ls`, `rm`); `Some` when it waits for a here-document.
pub fn run(files: &mut Files, command: &str, words: &[String], line: u64, out: &mut Output) -> Option<Heredoc> {
    match redirects(words) {
        Err(e) => out.fail(&e),
        Ok(r) if r.heredoc.is_some() => return Heredoc::open(command, words, line),
        Ok(_) => execute(files, command, words, None, out),
    }
    None
}

/// What a command writes, in order: text for its standard output, errors for stderr.
enum Piece {
    Text(String),
    Error(String),
}

/// Runs a command whose words parsed; `stdin` is its here-document.
fn execute(files: &mut Files, command: &str, words: &[String], stdin: Option<String>, out: &mut Output) {
    let Ok(r) = redirects(words) else { return };
    let stdin = match (stdin, &r.from) {
        (Some(doc), _) => Some(Piece::Text(doc)),
        (None, Some(f)) => {
            Some(files.get(f).map_or_else(|| Piece::Error(no_such("bash", f)), |t| Piece::Text(t.into())))
        }
        (None, None) => None,
    };
    let pieces = match command {
        "cat" => cat(files, &r.args, stdin),
        "echo" => vec![Piece::Text(echo(&r.args))],
        "ls" => ls(files, &r.args),
        "rm" => return rm(files, &r.args, out),
        _ => return out.fail(&format!("{command}: command not found")),
    };
    let failed = pieces.iter().any(|p| matches!(p, Piece::Error(_)));
    match r.to {
        // A failed command writes nothing (so a rejected line changes nothing).
        Some((name, append)) if !failed => {
            let text: String =
                pieces.into_iter().map(|p| if let Piece::Text(t) = p { t } else { String::new() }).collect();
            if let Err(e) = files.write(&name, &text, append) {
                out.fail(&e);
            }
        }
        Some(_) => pieces.iter().for_each(|p| {
            if let Piece::Error(e) = p {
                out.fail(e)
            }
        }),
        None => {
            let mut text = String::new();
            for p in pieces {
                match p {
                    Piece::Text(t) => text.push_str(&t),
                    Piece::Error(e) => {
                        print(&std::mem::take(&mut text), out);
                        out.fail(&e);
                    }
                }
            }
            print(&text, out);
        }
    }
}

/// Text on the terminal: its lines (a last line without a newline too).
fn print(text: &str, out: &mut Output) {
    if !text.is_empty() {
        out.out(text.strip_suffix('\n').unwrap_or(text));
    }
}

fn no_such(tool: &str, name: &str) -> String {
    format!("{tool}: {name}: No such file or directory")
}

/// `cat`: the files (or standard input) concatenated.
fn cat(files: &Files, args: &[String], stdin: Option<Piece>) -> Vec<Piece> {
    if let Some(bad) = args.iter().find(|a| a.starts_with('-') && a.len() > 1) {
        let c = bad.chars().nth(1).unwrap_or('-');
        return vec![Piece::Error(format!("cat: invalid option -- '{c}'\nTry 'cat --help' for more information."))];
    }
    if args.is_empty() {
        let terminal = "kafkasim: cat would read the terminal; use cat FILE, or cat > FILE <<EOF to write one";
        return vec![stdin.unwrap_or_else(|| Piece::Error(terminal.into()))];
    }
    args.iter()
        .map(|a| files.get(a).map_or_else(|| Piece::Error(no_such("cat", a)), |t| Piece::Text(t.into())))
        .collect()
}

/// `echo [-n] words`.
fn echo(args: &[String]) -> String {
    let (newline, words) = match args.split_first() {
        Some((first, rest)) if first == "-n" => (false, rest),
        _ => (true, args),
    };
    let mut text = words.join(" ");
    if newline {
        text.push('\n');
    }
    text
}

/// `ls [names]`: the names on one line, two spaces apart (a terminal's `ls`).
fn ls(files: &Files, args: &[String]) -> Vec<Piece> {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let mut pieces = Vec::new();
    let shown: Vec<&str> = if names.is_empty() {
        files.names().collect()
    } else {
        for m in names.iter().filter(|n| files.get(n).is_none()) {
            pieces.push(Piece::Error(format!("ls: cannot access '{m}': No such file or directory")));
        }
        let mut found: Vec<&str> = names.iter().filter(|n| files.get(n).is_some()).map(|n| n.as_str()).collect();
        found.sort();
        found
    };
    if !shown.is_empty() {
        pieces.push(Piece::Text(format!("{}\n", shown.join("  "))));
    }
    pieces
}

/// `rm [-f] names`: all or nothing (a missing name removes none).
fn rm(files: &mut Files, args: &[String], out: &mut Output) {
    let force = args.iter().any(|a| a == "-f" || a == "-rf" || a == "-fr");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.is_empty() && !force {
        return out.fail("rm: missing operand\nTry 'rm --help' for more information.");
    }
    let missing: Vec<&&String> = names.iter().filter(|n| files.get(n).is_none()).collect();
    if !force && !missing.is_empty() {
        for m in missing {
            out.fail(&format!("rm: cannot remove '{m}': No such file or directory"));
        }
        return;
    }
    for n in names {
        files.map.remove(&normalise(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        crate::console::args::split_words(s).unwrap()
    }

    #[test]
    fn redirections() {
        let r = redirects(&w("> a.json <<'EOF'")).unwrap();
        assert_eq!((r.args.len(), r.to, r.heredoc), (0, Some(("a.json".into(), false)), Some(("EOF".into(), false))));
        let r = redirects(&w("<<-END >>b x")).unwrap();
        assert_eq!((r.args, r.to, r.heredoc), (w("x"), Some(("b".into(), true)), Some(("END".into(), true))));
        assert_eq!(redirects(&w("x >")).unwrap_err(), SYNTAX_NEWLINE);
        assert_eq!(redirects(&w("> <<EOF")).unwrap_err(), "bash: syntax error near unexpected token `<<EOF'");
    }

    #[test]
    fn limits_write_nothing() {
        let mut f = Files::default();
        assert!(f.write("a", &"x".repeat(MAX_FILE_BYTES + 1), false).unwrap_err().contains("File too large"));
        for i in 0..MAX_FILES {
            f.write(&format!("f{i}"), "x", false).unwrap();
        }
        assert!(f.write("one-more", "x", false).unwrap_err().contains("No space left on device"));
        f.write("./f0", "y", true).unwrap();
        assert_eq!((f.len(), f.get("f0")), (MAX_FILES, Some("xy")));
    }

    #[test]
    fn heredoc_reads_to_its_delimiter() {
        let mut d = Heredoc::open("cat", &w("> a <<-EOF"), 3).unwrap();
        assert!(!d.feed("\t{\"a\": 1}"));
        assert!(!d.feed(" EOF"));
        assert!(d.feed("\t\tEOF"));
        let mut files = Files::default();
        let mut out = Output::default();
        d.finish(&mut files, &mut out);
        assert_eq!(files.get("a"), Some("{\"a\": 1}\n EOF\n"));
        assert!(out.lines.is_empty());
    }
}
