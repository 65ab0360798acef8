//! The native command line: `kafkasim console [--seed N] [--brokers N]`.
//!
//! `console` starts a fresh simulated cluster and runs the console
//! interpreter over standard input, printing the transcript to standard
//! output as it goes (stdout and stderr lines of the simulated tools are
//! interleaved in one stream, as a terminal shows them). Input is read line
//! by line with plain stdin — no line editing or history — both for a script
//! and at a terminal. The exit status is 1 if any command failed.
//! `kafkasim bench` lives in [`kafkasim::bench`].

use kafkasim::console::Console;
use std::io::{BufRead, Write};

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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let _ = out.write_all(console.run_line(&line).text().as_bytes());
        let _ = out.flush();
    }
    let _ = out.write_all(console.finish().text().as_bytes());
    i32::from(console.failed())
}

/// Dispatches `kafkasim <command> ...`; returns the exit status.
pub fn main(args: &[String]) -> i32 {
    match args.get(1).map(String::as_str) {
        Some("console") => console(&args[2..]),
        Some("bench") => kafkasim::bench::run(&args[2..]),
        _ => {
            eprintln!("usage: kafkasim console [--seed N] [--brokers N]");
            eprintln!("       kafkasim bench [--minutes N] [--seed N] [--without-groups]");
            2
        }
    }
}
