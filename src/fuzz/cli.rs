//! `kafkasim fuzz [--seed N] [--lines N] [--budget N] [--files N] [--show EPISODE]` (native only).
//!
//! Runs [`super::run`] and the file campaigns, then prints `name: value`
//! lines: lines, lines per second, events, lines stopped by the work budget,
//! panics, over-budget lines, other failures, distinct error texts and the
//! transcript hash; each failure follows with its seed and minimised script.
//! `KAFKASIM_FUZZ_LINES` overrides the default line count. A watchdog ends
//! the process (status 3) if no episode finishes for 300 s: a hang is a
//! reported failure, not a silent timeout. Wall-clock time is read here, in
//! the shell, never in the core.

use super::{files, FuzzConfig};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const USAGE: &str = "usage: kafkasim fuzz [--seed N] [--lines N] [--budget N] [--files N] [--show EPISODE]";

#[allow(clippy::disallowed_methods)]
fn now() -> std::time::Instant {
    std::time::Instant::now()
}

/// Parses the options into a config and the number of mutants per file.
pub fn parse(args: &[String]) -> Result<(FuzzConfig, u64, Option<u64>), String> {
    let lines = std::env::var("KAFKASIM_FUZZ_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let mut config = FuzzConfig::new(1, lines);
    let mut files = 200;
    let mut show = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value: u64 = it
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("kafkasim fuzz: {a} needs a whole number\n{USAGE}"))?;
        match a.as_str() {
            "--seed" => config.seed = value,
            "--lines" => config.lines = value,
            "--budget" if value > 0 => config.line_budget = value,
            "--files" => files = value,
            "--show" => show = Some(value),
            _ => return Err(format!("kafkasim fuzz: unknown option {a}\n{USAGE}")),
        }
    }
    Ok((config, files, show))
}

/// Ends the process if `progress` stops moving for `limit_secs`.
fn watchdog(progress: Arc<AtomicU64>, seed: u64, limit_secs: u64) {
    std::thread::spawn(move || {
        let mut last = (u64::MAX, 0);
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let p = progress.load(Ordering::Relaxed);
            last = if p == last.0 { (p, last.1 + 1) } else { (p, 0) };
            if last.1 >= limit_secs {
                eprintln!("fuzz failure (seed {seed}): hang: episode {p} made no progress for {limit_secs} s");
                std::process::exit(3);
            }
        }
    });
}

/// Runs the fuzzer; returns the exit status (1 if anything failed).
pub fn main(args: &[String]) -> i32 {
    let (config, file_mutants, show) = match parse(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    if let Some(episode) = show {
        print!("{}", super::episode_transcript(&config, episode));
        return 0;
    }
    let progress = Arc::new(AtomicU64::new(0));
    watchdog(progress.clone(), config.seed, 300);
    let start = now();
    let mut shown = 0;
    let report = super::run(&config, |r| {
        progress.store(r.episodes, Ordering::Relaxed);
        for f in &r.failures[shown..] {
            eprintln!("\n{f}");
        }
        shown = r.failures.len();
        if r.episodes % 50 == 0 {
            let rate = r.lines as f64 / start.elapsed().as_secs_f64().max(1e-9);
            let errors = r.errors.len();
            eprintln!(
                "fuzz: {} lines, {rate:.0} lines/s, {errors} distinct error texts, {} failures",
                r.lines,
                r.failures.len()
            );
        }
    });
    let wall = start.elapsed().as_secs_f64();
    let share = files::fuzz_share(config.seed, file_mutants);
    let lessons = files::fuzz_lessons(config.seed, file_mutants / 10);
    let count = |kind: &str| report.failures.iter().filter(|f| f.problem.kind() == kind).count();
    println!("seed: {}", config.seed);
    println!("lines: {}", report.lines);
    println!("episodes: {}", report.episodes);
    println!("wall_seconds: {wall:.1}");
    println!("lines_per_sec: {:.0}", report.lines as f64 / wall.max(1e-9));
    println!("events: {}", report.events);
    println!("line_budget: {}", config.line_budget);
    println!("lines_stopped_by_budget: {}", report.budget_stops);
    println!("failed_lines: {}", report.failed_lines);
    println!("panics: {}", count("panic"));
    println!("over_budget_lines: {}", count("over budget"));
    println!("rejected_lines_that_changed_state: {}", count("rejected line changed the simulation"));
    println!("invariant_violations: {}", count("invariant violated"));
    println!("nondeterministic_episodes: {}", count("nondeterministic"));
    println!("distinct_error_texts: {}", report.errors.len());
    println!("transcript_hash: {:016x}", report.transcript_hash);
    for (what, r) in [("share_and_run_files", &share), ("lesson_files", &lessons)] {
        println!(
            "{what}: {} inputs, {} opened, {} distinct errors, {} failures",
            r.inputs,
            r.opened,
            r.errors.len(),
            r.failures.len()
        );
    }
    for f in &report.failures {
        println!("\n{f}");
    }
    for f in share.failures.iter().chain(&lessons.failures) {
        println!("\n{f}");
    }
    i32::from(!report.failures.is_empty() || !share.failures.is_empty() || !lessons.failures.is_empty())
}
