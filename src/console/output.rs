//! What a command prints: lines on stdout or stderr, in the order written.
//!
//! A real Kafka tool writes its results to stdout and its log lines, usage
//! errors and stack traces to stderr; a terminal shows both interleaved in the
//! order they were written. [`Output`] keeps that order *and* the stream of
//! each line, so the browser can colour stderr while the transcript (the
//! lines joined with `\n`) reads exactly like a terminal session. The echoed
//! command (`$ ...`) and the producer's record lines (`>...`) are marked
//! [`Stream::Echo`]: they are what the user typed, not what a tool printed.
//!
//! Log lines follow Kafka's `tools-log4j2.yaml` pattern `[%d] %p %m (%c)%n`.
//! The date is simulated: the run starts at 2025-01-01 00:00:00,000 UTC and
//! the clock is the simulation's, so transcripts are reproducible.

use crate::sim::time::SimTime;

/// Where a line went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// What the user typed, echoed (`$ command`, `>record`).
    Echo,
    Stdout,
    Stderr,
}

/// One line of output, without its newline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// The result of one input line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub lines: Vec<Line>,
    /// The command failed (the real tool would exit with status 1).
    pub failed: bool,
}

/// Milliseconds from the Unix epoch to 2025-01-01T00:00:00Z: simulated t=0.
pub const EPOCH_MS: u64 = 1_735_689_600_000;

impl Output {
    fn push(&mut self, stream: Stream, text: &str) {
        for line in text.split('\n') {
            self.lines.push(Line { stream, text: line.to_string() });
        }
    }

    /// Echoes what the user typed.
    pub fn echo(&mut self, text: &str) {
        self.push(Stream::Echo, text);
    }

    /// Writes `text` (possibly several lines) to stdout.
    pub fn out(&mut self, text: &str) {
        self.push(Stream::Stdout, text);
    }

    /// Writes `text` (possibly several lines) to stderr.
    pub fn err(&mut self, text: &str) {
        self.push(Stream::Stderr, text);
    }

    /// Writes `text` to stderr and marks the command failed.
    pub fn fail(&mut self, text: &str) {
        self.err(text);
        self.failed = true;
    }

    /// A Log4j line on stderr: `[date] LEVEL message (logger)`.
    pub fn log(&mut self, now: SimTime, level: &str, message: &str, logger: &str) {
        self.err(&format!("[{}] {level} {message} ({logger})", wall_clock(now)));
    }

    /// Appends another output's lines (and failure).
    pub fn extend(&mut self, other: Output) {
        self.lines.extend(other.lines);
        self.failed |= other.failed;
    }

    /// The lines as a terminal shows them, each followed by `\n`.
    pub fn text(&self) -> String {
        render(&self.lines)
    }

    /// The texts of the lines written to `stream`, in order.
    pub fn texts(&self, stream: Stream) -> Vec<String> {
        self.lines.iter().filter(|l| l.stream == stream).map(|l| l.text.clone()).collect()
    }
}

/// Lines joined as a terminal shows them, each followed by `\n`.
pub fn render(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(&l.text);
        s.push('\n');
    }
    s
}

/// Log4j's `%d`: `yyyy-MM-dd HH:mm:ss,SSS` of the simulated wall clock.
pub fn wall_clock(now: SimTime) -> String {
    let ms = EPOCH_MS + now.as_millis();
    let (days, rem) = (ms / 86_400_000, ms % 86_400_000);
    let (y, m, d) = civil_from_days(days as i64);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02},{milli:03}")
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a date.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_starts_in_2025() {
        assert_eq!(wall_clock(SimTime(0)), "2025-01-01 00:00:00,000");
        assert_eq!(wall_clock(SimTime(3_723_456_000)), "2025-01-01 01:02:03,456");
        assert_eq!(wall_clock(SimTime(59 * 86_400_000_000)), "2025-03-01 00:00:00,000");
    }

    #[test]
    fn multi_line_text_splits() {
        let mut o = Output::default();
        o.out("a\nb");
        o.err("c");
        assert_eq!(o.text(), "a\nb\nc\n");
        assert_eq!(o.lines[2].stream, Stream::Stderr);
    }
}
