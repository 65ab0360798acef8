//! Issue 14, item 1: the console's small shell. Here-documents (`cat > F
//! <<EOF` ... `EOF`, any delimiter, `<<'EOF'`, `<<-EOF`), `cat`, `echo`,
//! `ls` and `rm`, with bash's and coreutils' error texts; files bounded in
//! number and size; bad input changes nothing; Ctrl+C and the end of input
//! behave as in bash; and a here-document survives a shared run's replay.

use kafkasim::console::shell::{MAX_FILES, MAX_FILE_BYTES};
use kafkasim::console::{Console, Output, Stream};
use kafkasim::player::Start;
use kafkasim::share::session::Session;
use kafkasim::share::SharedRun;

fn texts(out: &Output, stream: Stream) -> Vec<String> {
    out.lines.iter().filter(|l| l.stream == stream).map(|l| l.text.clone()).collect()
}

fn run_all(c: &mut Console, lines: &[&str]) -> Output {
    let mut all = Output::default();
    for l in lines {
        all.extend(c.run_line(l));
    }
    all
}

#[test]
fn heredoc_writes_a_file_with_bash_prompts() {
    let mut c = Console::new(1, 1);
    assert_eq!(c.prompt(), "$ ");
    let out = c.run_line("cat > offsets.json <<EOF");
    assert_eq!(texts(&out, Stream::Echo), ["$ cat > offsets.json <<EOF"]);
    assert!(c.reading_heredoc() && c.reading_records(), "the page shows the `>` prompt");
    assert_eq!(c.prompt(), "> ");
    let out =
        run_all(&mut c, &["{\"partitions\": [", "  {\"topic\": \"t\", \"partition\": 0, \"offset\": 1}", "]}", "EOF"]);
    assert_eq!(
        texts(&out, Stream::Echo),
        ["> {\"partitions\": [", ">   {\"topic\": \"t\", \"partition\": 0, \"offset\": 1}", "> ]}", "> EOF"]
    );
    assert!(!out.failed && !c.reading_records());
    assert_eq!(
        c.files().get("offsets.json"),
        Some("{\"partitions\": [\n  {\"topic\": \"t\", \"partition\": 0, \"offset\": 1}\n]}\n")
    );
    let out = c.run_line("cat ./offsets.json");
    assert_eq!(
        texts(&out, Stream::Stdout),
        ["{\"partitions\": [", "  {\"topic\": \"t\", \"partition\": 0, \"offset\": 1}", "]}"]
    );
}

#[test]
fn delimiters_quotes_and_tabs() {
    let mut c = Console::new(1, 1);
    // Any word; quoted or not (no expansion either way); `<< WORD`; only the exact line ends it.
    run_all(&mut c, &["cat >a <<'END'", "$HOME", " END", "END ", "END"]);
    assert_eq!(c.files().get("a"), Some("$HOME\n END\nEND \n"));
    run_all(&mut c, &["cat <<\"X\" > b", "x", "X"]);
    assert_eq!(c.files().get("b"), Some("x\n"));
    run_all(&mut c, &["cat > c << STOP", "y", "STOP"]);
    assert_eq!(c.files().get("c"), Some("y\n"));
    // `<<-` strips leading tabs from the lines and the delimiter.
    run_all(&mut c, &["cat > d <<-EOF", "\t\tindented", "\tEOF"]);
    assert_eq!(c.files().get("d"), Some("indented\n"));
    // `>>` appends; `cat <<EOF` prints the document.
    run_all(&mut c, &["cat >> d <<EOF", "more", "EOF"]);
    assert_eq!(c.files().get("d"), Some("indented\nmore\n"));
    let out = run_all(&mut c, &["cat <<EOF", "shown", "EOF"]);
    assert_eq!(texts(&out, Stream::Stdout), ["shown"]);
    // An empty document makes an empty file.
    run_all(&mut c, &["cat > empty <<EOF", "EOF"]);
    assert_eq!(c.files().get("empty"), Some(""));
}

#[test]
fn echo_ls_cat_rm() {
    let mut c = Console::new(1, 1);
    c.run_line(r#"echo '{"version": 1}' > v.json"#);
    c.run_line("echo -n abc > n.txt");
    assert_eq!(c.files().get("v.json"), Some("{\"version\": 1}\n"));
    assert_eq!(texts(&c.run_line("ls"), Stream::Stdout), ["n.txt  v.json"]);
    assert_eq!(texts(&c.run_line("cat n.txt v.json"), Stream::Stdout), ["abc{\"version\": 1}"]);
    c.run_line("cat v.json > copy.json");
    assert_eq!(c.files().get("copy.json"), Some("{\"version\": 1}\n"));
    assert_eq!(texts(&c.run_line("echo hi there"), Stream::Stdout), ["hi there"]);
    assert!(!c.run_line("rm n.txt copy.json").failed);
    assert_eq!(texts(&c.run_line("ls"), Stream::Stdout), ["v.json"]);
    assert!(!c.run_line("rm -f nothing").failed);
}

/// Bad input: bash's or coreutils' text, the line fails, and nothing changes.
#[test]
fn errors_change_nothing() {
    let mut c = Console::new(1, 1);
    c.run_line("echo x > keep");
    let cases: [(&str, &[&str]); 9] = [
        ("cat missing.json", &["cat: missing.json: No such file or directory"]),
        ("cat keep missing > out", &["cat: missing: No such file or directory"]),
        ("rm keep missing", &["rm: cannot remove 'missing': No such file or directory"]),
        ("rm", &["rm: missing operand", "Try 'rm --help' for more information."]),
        ("ls nope", &["ls: cannot access 'nope': No such file or directory"]),
        ("cat >", &["bash: syntax error near unexpected token `newline'"]),
        ("cat > f <<", &["bash: syntax error near unexpected token `newline'"]),
        ("cat > <<EOF", &["bash: syntax error near unexpected token `<<EOF'"]),
        ("cat < nope", &["bash: nope: No such file or directory"]),
    ];
    for (line, expected) in cases {
        let before = c.files().clone();
        let out = c.run_line(line);
        assert!(out.failed, "{line}");
        assert_eq!(texts(&out, Stream::Stderr), *expected, "{line}");
        assert_eq!(c.files(), &before, "{line} changed the files");
        assert!(!c.reading_records(), "{line} opened a document");
    }
    let out = c.run_line("cat");
    assert!(out.failed && out.text().contains("use cat FILE, or cat > FILE <<EOF"), "{}", out.text());
}

#[test]
fn files_are_bounded() {
    let mut c = Console::new(1, 1);
    for i in 0..MAX_FILES {
        assert!(!c.run_line(&format!("echo {i} > f{i}")).failed);
    }
    let out = c.run_line("echo x > one-too-many");
    assert_eq!(
        texts(&out, Stream::Stderr),
        [format!(
            "bash: one-too-many: No space left on device (the console keeps at most {MAX_FILES} files; rm one first)"
        )]
    );
    assert_eq!(c.files().len(), MAX_FILES);
    // Overwriting an existing file is fine; a document over the size limit is refused whole.
    c.run_line("cat > f0 <<EOF");
    for _ in 0..(MAX_FILE_BYTES / 1000 + 1) {
        c.run_line(&"x".repeat(999));
    }
    let out = c.run_line("EOF");
    assert!(out.failed);
    assert_eq!(
        texts(&out, Stream::Stderr),
        [format!("bash: here-document: File too large (the console keeps at most {MAX_FILE_BYTES} bytes)")]
    );
    assert_eq!(c.files().get("f0"), Some("0\n"));
}

#[test]
fn ctrl_c_cancels_and_end_of_input_closes() {
    let mut c = Console::new(1, 1);
    run_all(&mut c, &["cat > a <<EOF", "one"]);
    let out = c.interrupt();
    assert_eq!(texts(&out, Stream::Echo), ["> ^C"]);
    assert!(!c.reading_records() && c.files().get("a").is_none(), "cancelled: no file");
    // End of input: bash warns (naming the command's line) and uses what it read.
    run_all(&mut c, &["# a comment", "cat > b <<EOF", "two"]);
    let out = c.finish();
    assert_eq!(
        texts(&out, Stream::Stderr),
        ["bash: warning: here-document at line 4 delimited by end-of-file (wanted `EOF')"]
    );
    assert_eq!(c.files().get("b"), Some("two\n"));
}

/// A Kafka tool given a here-document reads it to its end (so its lines are
/// not run as commands), then refuses it; an unknown command too.
#[test]
fn tools_read_files_not_heredocs() {
    let mut c = Console::new(1, 1);
    c.run_line("kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1");
    let out = run_all(
        &mut c,
        &["kafka-console-producer --bootstrap-server localhost:9092 --topic t <<EOF", "sim broker kill 1", "EOF"],
    );
    assert!(out.failed);
    assert!(c.simulation().broker(kafkasim::sim::ids::BrokerId(1)).is_some(), "the document's line did not run");
    assert_eq!(
        texts(&out, Stream::Stderr),
        ["kafkasim: kafka-console-producer does not read a here-document here: write it to a file (cat > F <<EOF) and pass the file"]
    );
    let out = run_all(&mut c, &["frobnicate <<EOF", "x", "EOF"]);
    assert_eq!(texts(&out, Stream::Stderr), ["frobnicate: command not found"]);
}

/// A shared run replays its lines: the here-document's lines rebuild the
/// file, and the records it deleted are deleted again (same trace hash).
#[test]
fn heredoc_survives_a_shared_runs_replay() {
    let mut s = Session::free(Start::Blank, 5);
    for line in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1",
        "kafka-console-producer --bootstrap-server localhost:9092 --topic t",
        "a",
        "b",
        "c",
        "^C",
        "cat > d.json <<'EOF'",
        r#"{"partitions": [{"topic": "t", "partition": 0, "offset": 2}], "version": 1}"#,
        "EOF",
        "kafka-delete-records --bootstrap-server localhost:9092 --offset-json-file d.json",
    ] {
        s.run_line(line);
    }
    let text: String = s.player.transcript().iter().map(|l| format!("{}\n", l.text)).collect();
    assert!(text.contains("partition: t-0\tlow_watermark: 2"), "{text}");
    for _ in 0..50 {
        s.player.tick(16.0);
    }
    let link = s.shared().to_fragment();
    let run = SharedRun::from_fragment(&link).expect("decodes").expect("a run");
    let r = Session::from_shared(&run).expect("the run replays");
    assert_eq!(r.player.simulation().trace_hash(), s.player.simulation().trace_hash());
    assert_eq!(r.player.console().files().get("d.json"), s.player.console().files().get("d.json"));
    assert!(r.player.console().files().get("d.json").is_some_and(|f| f.contains("\"offset\": 2")));
    let replayed: String = r.player.transcript().iter().map(|l| format!("{}\n", l.text)).collect();
    assert!(replayed.contains("partition: t-0\tlow_watermark: 2"), "{replayed}");
}

/// A lesson may write a file with a here-document and pass it to the new
/// tools: the validator knows them and skips the document's lines.
#[test]
fn lessons_may_use_heredocs_and_the_log_tools() {
    let lesson = |actions: &str| {
        let step = format!(r#"{{"narration": {{"ko": "설명", "en": "text"}}, "actions": [{actions}]}}"#);
        let easy = r#"{"narration": {"ko": "설명", "en": "text"}, "actions": ["sim advance 1s"]}"#;
        format!(
            r#"{{"id": "heredoc", "title": {{"ko": "제목", "en": "Title"}}, "summary": {{"ko": "요약", "en": "Summary"}},
                "scenario": {{"seed": 1, "brokers": 3, "setup": []}}, "steps": [{step}, {easy}, {easy}]}}"#
        )
    };
    let ok = lesson(
        r#""cat > d.json <<'EOF'", "{\"partitions\": [{\"topic\": \"t\", \"partition\": 0, \"offset\": 1}]}", "EOF",
           "kafka-delete-records --bootstrap-server localhost:9092 --offset-json-file d.json",
           "kafka-get-offsets --bootstrap-server localhost:9092 --time -2", "kafka-log-dirs --bootstrap-server localhost:9092 --describe""#,
    );
    assert!(kafkasim::lessons::parse_lesson(&ok).is_ok(), "{:?}", kafkasim::lessons::parse_lesson(&ok).err());
    let open = lesson(r#""cat > d.json <<EOF", "{}""#);
    let errs = kafkasim::lessons::parse_lesson(&open).expect_err("the document is never closed");
    assert!(errs.iter().any(|e| e.message.contains("a here-document is still open")), "{errs:#?}");
}
