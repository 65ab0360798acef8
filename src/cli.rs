//! The native command line: `kafkasim console [--seed N] [--brokers N]`.
//!
//! `console` starts a fresh simulated cluster and runs the console
//! interpreter over standard input, printing the transcript to standard
//! output as it goes (stdout and stderr lines of the simulated tools are
//! interleaved in one stream, as a terminal shows them). At a terminal the
//! input line has editing and history (rustyline; the prompt is `> ` while a
//! console producer reads records, Ctrl+C ends it as it ends the real tool);
//! otherwise stdin is read as a script. The exit status is 1 if any command failed.
//! `kafkasim bench` lives in [`kafkasim::bench`], `kafkasim fuzz` in [`kafkasim::fuzz::cli`].

use kafkasim::console::Console;
use std::io::{BufRead, IsTerminal, Write};

const USAGE: &str = "usage: kafkasim console [--seed N] [--brokers N]";

/// Options of `kafkasim console`.
#[derive(Debug, PartialEq, Eq)]
pub struct ConsoleArgs {
    pub seed: u64,
    pub brokers: u32,
}

/// Parses the arguments after `console`.
pub fn parse_console_args(args: &[String]) -> Result<ConsoleArgs, String> {
    let mut parsed = ConsoleArgs { seed: 1, brokers: 3 };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it.next().ok_or_else(|| format!("kafkasim console: {a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--seed" => {
                parsed.seed = value?.parse().map_err(|_| format!("kafkasim console: invalid --seed\n{USAGE}"))?
            }
            "--brokers" => {
                parsed.brokers =
                    value?.parse().ok().filter(|n| (1..=9).contains(n)).ok_or_else(|| {
                        format!("kafkasim console: --brokers must be a whole number from 1 to 9\n{USAGE}")
                    })?
            }
            _ => return Err(format!("kafkasim console: unknown option {a}\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// Runs the console over stdin; returns the exit status.
fn console(args: &[String]) -> i32 {
    let a = match parse_console_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let mut console = Console::new(a.seed, a.brokers);
    let edited = std::io::stdin().is_terminal() && interactive(&mut console);
    if !edited {
        script(&mut console);
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(console.finish().text().as_bytes());
    i32::from(console.failed())
}

/// Reads stdin as a script, line by line.
fn script(console: &mut Console) {
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let _ = out.write_all(console.run_line(&line).text().as_bytes());
        let _ = out.flush();
    }
}

/// Reads a terminal with line editing and history; false if the terminal
/// cannot be driven (then stdin is read as a script).
fn interactive(console: &mut Console) -> bool {
    use rustyline::error::ReadlineError;
    let Ok(mut editor) = rustyline::DefaultEditor::new() else { return false };
    loop {
        let prompt = if console.reading_records() { ">" } else { "kafkasim$ " };
        let text = match editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                console.run_line(&line).text()
            }
            Err(ReadlineError::Interrupted) if console.reading_records() => console.interrupt().text(),
            Err(_) => break,
        };
        print!("{text}");
        let _ = std::io::stdout().flush();
    }
    true
}

/// Dispatches `kafkasim <command> ...`; returns the exit status.
pub fn main(args: &[String]) -> i32 {
    match args.get(1).map(String::as_str) {
        Some("console") => console(&args[2..]),
        Some("bench") => kafkasim::bench::run(&args[2..]),
        Some("fuzz") => kafkasim::fuzz::cli::main(&args[2..]),
        _ => {
            eprintln!("usage: kafkasim console [--seed N] [--brokers N]");
            eprintln!("       kafkasim bench [--minutes N] [--seed N] [--without-groups]");
            eprintln!("       kafkasim bench --rewind [--minutes N] [--seed N]");
            eprintln!("       kafkasim fuzz [--seed N] [--lines N] [--budget N] [--files N]");
            2
        }
    }
}
