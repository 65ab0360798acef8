//! Delta debugging of a failing script (Zeller's ddmin, complements only).
//!
//! [`ddmin`] removes chunks of lines as long as the rest still fails,
//! halving the chunk size when no chunk can go; the number of tries is
//! bounded ([`MAX_TRIES`]), so a large script gives a smaller one, not
//! necessarily the smallest.

use super::check::{run_checked, Problem};
use crate::console::Console;
use crate::sim::invariants::Invariants;

/// Most replays one minimisation may try.
pub const MAX_TRIES: usize = 400;

/// Whether `lines` fails with a problem of `signature` ([`Problem::signature`]) on a fresh console.
pub fn fails(seed: u64, brokers: u32, budget: u64, lines: &[String], signature: &str) -> bool {
    let mut console = Console::new(seed, brokers);
    console.set_line_budget(budget);
    let mut invariants = Invariants::new(false);
    for line in lines {
        if let Err(p) = run_checked(&mut console, &mut invariants, line) {
            return p.signature() == signature;
        }
    }
    false
}

/// The failing `lines` minimised against a fresh console like the episode's.
pub fn minimise(seed: u64, brokers: u32, budget: u64, lines: &[String], problem: &Problem) -> Vec<String> {
    ddmin(lines.to_vec(), |l| fails(seed, brokers, budget, l, &problem.signature()))
}

/// A smaller list for which `fails` still holds (the list itself if it does not).
pub fn ddmin(mut cur: Vec<String>, mut fails: impl FnMut(&[String]) -> bool) -> Vec<String> {
    let mut tries = 0;
    let mut n = 2;
    while cur.len() >= 2 && tries < MAX_TRIES {
        let chunk = cur.len().div_ceil(n);
        let mut reduced = false;
        for start in (0..cur.len()).step_by(chunk) {
            let rest: Vec<String> =
                cur[..start].iter().chain(&cur[(start + chunk).min(cur.len())..]).cloned().collect();
            tries += 1;
            if fails(&rest) {
                cur = rest;
                n = (n - 1).max(2);
                reduced = true;
                break;
            }
            if tries >= MAX_TRIES {
                break;
            }
        }
        if !reduced {
            if n >= cur.len() {
                break;
            }
            n = (n * 2).min(cur.len());
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ddmin_finds_the_two_lines_that_matter() {
        let lines: Vec<String> = (0..40).map(|i| format!("l{i}")).collect();
        let fails = |l: &[String]| l.iter().any(|x| x == "l7") && l.iter().any(|x| x == "l31");
        assert_eq!(ddmin(lines, fails), vec!["l7".to_string(), "l31".to_string()]);
    }
}
