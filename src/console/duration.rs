//! Durations typed at the console: `500ms`, `10s`, `2m`, `1h`, `1.5s`.
//!
//! A number (whole, or with a decimal point) followed by a unit `us`, `ms`,
//! `s`, `m` or `h`. Anything else is rejected with a message that shows the
//! accepted forms; the simulation is not touched.

use crate::sim::time::SimDuration;

/// Parses a duration, or explains why not.
pub fn parse_duration(text: &str) -> Result<SimDuration, String> {
    let bad =
        || format!("invalid duration '{text}': expected a number and a unit (us, ms, s, m, h), e.g. 500ms, 10s, 2m");
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
    let (number, unit) = text.split_at(split);
    let per_unit: u64 = match unit {
        "us" => 1,
        "ms" => 1_000,
        "s" => 1_000_000,
        "m" => 60_000_000,
        "h" => 3_600_000_000,
        _ => return Err(bad()),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && frac.is_empty() || frac.contains('.') || frac.len() > 6 {
        return Err(bad());
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac_value: u64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    let frac_us = frac_value * per_unit / 10u64.pow(frac.len() as u32);
    let total = whole.checked_mul(per_unit).and_then(|w| w.checked_add(frac_us)).ok_or_else(bad)?;
    Ok(SimDuration(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_duration("500ms").unwrap().0, 500_000);
        assert_eq!(parse_duration("10s").unwrap().0, 10_000_000);
        assert_eq!(parse_duration("2m").unwrap().0, 120_000_000);
        assert_eq!(parse_duration("1.5s").unwrap().0, 1_500_000);
        for bad in ["", "10", "s", "10x", "-1s", "1..2s", "ms10"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
