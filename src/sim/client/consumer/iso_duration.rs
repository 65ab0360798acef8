//! ISO-8601 durations as Java's `Duration.parse` reads them, for
//! `auto.offset.reset=by_duration:<duration>` (KIP-1106,
//! `AutoOffsetResetStrategy.fromString`).
//!
//! The grammar is `[-+]P[nD][T[nH][nM][n[.f]S]]`, letters in either case,
//! each number with its own optional sign and the seconds with up to nine
//! fraction digits (`.` or `,`). At least one part must be present, and a `T`
//! must be followed by one.

/// Nanoseconds in one second.
const NANOS: i128 = 1_000_000_000;

/// The duration in nanoseconds (possibly negative), or `None` if `text` is
/// not one `Duration.parse` accepts.
pub fn parse_nanos(text: &str) -> Option<i128> {
    let (negative, rest) = sign(text);
    let rest = rest.strip_prefix(['P', 'p'])?;
    let (date, time) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut total: i128 = 0;
    let mut parts = 0;
    if !date.is_empty() {
        let days = date.strip_suffix(['D', 'd'])?;
        total = total.checked_add(number(days)?.checked_mul(86_400 * NANOS)?)?;
        parts += 1;
    }
    if let Some(mut time) = time {
        if time.is_empty() {
            return None;
        }
        for (unit, scale) in [(['H', 'h'], 3_600), (['M', 'm'], 60)] {
            if let Some(i) = time.find(unit) {
                total = total.checked_add(number(&time[..i])?.checked_mul(scale * NANOS)?)?;
                time = &time[i + 1..];
                parts += 1;
            }
        }
        if !time.is_empty() {
            total = total.checked_add(seconds(time.strip_suffix(['S', 's'])?)?)?;
            parts += 1;
        }
    }
    // Java keeps the seconds in a `long`: larger values are an ArithmeticException.
    if parts == 0 || total.abs() / NANOS > i128::from(i64::MAX) {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// An optional leading `+` or `-`.
fn sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// `[-+]?[0-9]+` (ASCII digits only, as Java's pattern).
fn number(s: &str) -> Option<i128> {
    let (negative, digits) = sign(s);
    if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// `[-+]?[0-9]+([.,][0-9]{0,9})?` seconds, in nanoseconds.
fn seconds(s: &str) -> Option<i128> {
    let (whole, fraction) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let secs = number(whole)?.checked_mul(NANOS)?;
    let Some(f) = fraction else { return Some(secs) };
    if f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos: i128 = format!("{f:0<9}").parse().ok()?;
    let negative = whole.starts_with('-');
    Some(if negative { secs - nanos } else { secs + nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_javas_examples() {
        // The examples in `java.time.Duration.parse`'s Javadoc.
        assert_eq!(parse_nanos("PT20.345S"), Some(20_345_000_000));
        assert_eq!(parse_nanos("PT15M"), Some(15 * 60 * NANOS));
        assert_eq!(parse_nanos("PT10H"), Some(36_000 * NANOS));
        assert_eq!(parse_nanos("P2D"), Some(2 * 86_400 * NANOS));
        assert_eq!(parse_nanos("P2DT3H4M"), Some((2 * 86_400 + 3 * 3_600 + 4 * 60) * NANOS));
        assert_eq!(parse_nanos("PT-6H3M"), Some((-6 * 3_600 + 3 * 60) * NANOS));
        assert_eq!(parse_nanos("-PT6H3M"), Some(-(6 * 3_600 + 3 * 60) * NANOS));
        assert_eq!(parse_nanos("-PT-6H+3M"), Some((6 * 3_600 - 3 * 60) * NANOS));
        assert_eq!(parse_nanos("pt1m"), Some(60 * NANOS));
        assert_eq!(parse_nanos("PT-0.5S"), Some(-NANOS / 2));
    }

    #[test]
    fn rejects_what_java_rejects() {
        for bad in ["", "P", "PT", "1H", "PT1H2", "P1H", "PT1D", "PT1.1234567891S", "PT1M1H", "P1DT", "PTxS"] {
            assert_eq!(parse_nanos(bad), None, "{bad}");
        }
    }
}
