//! The page's URL parameters: `lesson=<id>`, `step=<n>`, `lang=ko|en`,
//! `seed=<n>`, `speed=<x>`, `autoplay=1`, `embed=1` (and the older
//! `scenario=blank`). A bad value is dropped with a message, so the page
//! opens on the default instead of a broken state.
//!
//! `speed` is read by [`decimal`], not `str::parse::<f64>`: the standard
//! library's float parser brings a 10 KB table of powers of five into the
//! wasm (about 10 KB of the first visit, gzipped), for one URL parameter.

/// What the URL asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub lesson: Option<String>,
    /// 1-based as in the URL; 0 = the lesson's introduction.
    pub step: Option<usize>,
    pub lang: Option<String>,
    pub seed: Option<u64>,
    pub speed: Option<f64>,
    pub autoplay: bool,
    pub embed: bool,
    /// `scenario=lively|blank|busy`.
    pub start: crate::player::Start,
    /// One message per parameter that was ignored.
    pub errors: Vec<String>,
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A plain decimal (`2`, `2.5`, `.25`, `+10.`), exactly as `str::parse::<f64>`
/// reads it: digits and at most one point, no exponent, at most 15
/// significant digits. Within those limits the mantissa and the power of ten
/// are exact doubles, so the one division is correctly rounded (Clinger's
/// fast path, the one the standard parser takes for such input); anything
/// else is `None`. Also reads the speed menu's option values (`ui::controls`).
pub fn decimal(s: &str) -> Option<f64> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let digits = int.trim_start_matches('0').len() + frac.len();
    if digits > 15 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mantissa = int.bytes().chain(frac.bytes()).fold(0u64, |m, b| m * 10 + u64::from(b - b'0'));
    let scale = (0..frac.len()).fold(1.0, |p: f64, _| p * 10.0);
    Some(mantissa as f64 / scale)
}

/// Parses a query string (`?a=1&b=2`, the `?` optional).
pub fn parse(query: &str) -> Params {
    let mut p = Params::default();
    for pair in query.trim_start_matches('?').split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode(v);
        let bad = |p: &mut Params| p.errors.push(format!("{k}={v}"));
        match k {
            "lesson" => {
                if crate::lessons::entry(&v).is_some() {
                    p.lesson = Some(v);
                } else {
                    bad(&mut p);
                }
            }
            "step" => match v.parse::<usize>() {
                Ok(n) if n <= 100 => p.step = Some(n),
                _ => bad(&mut p),
            },
            "lang" => match v.as_str() {
                "ko" | "en" => p.lang = Some(v),
                _ => bad(&mut p),
            },
            "seed" => match v.parse::<u64>() {
                Ok(n) => p.seed = Some(n),
                _ => bad(&mut p),
            },
            "speed" => match decimal(v.trim_end_matches(['x', '×'])) {
                Some(x) if x.is_finite() && (0.1..=100.0).contains(&x) => p.speed = Some(x),
                _ => bad(&mut p),
            },
            "autoplay" => p.autoplay = matches!(v.as_str(), "1" | "true" | ""),
            "embed" => p.embed = matches!(v.as_str(), "1" | "true" | ""),
            "scenario" => match crate::player::Start::parse(&v) {
                Some(s) => p.start = s,
                None => bad(&mut p),
            },
            _ => {}
        }
    }
    if p.step.is_some() && p.lesson.is_none() && !p.errors.iter().any(|e| e.starts_with("lesson=")) {
        p.errors.push("step without lesson".into());
        p.step = None;
    }
    if let (Some(id), Some(step)) = (&p.lesson, p.step) {
        let steps = crate::lessons::entry(id).map_or(0, |e| e.steps);
        if step > steps {
            p.errors.push(format!("step={step} ({id} has {steps})"));
            p.step = None;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_parameters_are_read() {
        let p = parse("?lesson=the-log&step=2&lang=ko&seed=7&speed=2&autoplay=1&embed=1");
        assert_eq!(p.lesson.as_deref(), Some("the-log"));
        assert_eq!(p.step, Some(2));
        assert_eq!(p.lang.as_deref(), Some("ko"));
        assert_eq!(p.seed, Some(7));
        assert_eq!(p.speed, Some(2.0));
        assert!(p.autoplay && p.embed);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
    }

    #[test]
    fn bad_parameters_are_dropped_with_a_message() {
        let p = parse("lesson=nope&step=x&lang=fr&seed=-1&speed=1000&scenario=odd");
        assert_eq!(p.lesson, None);
        assert_eq!(p.step, None);
        assert_eq!(p.lang, None);
        assert_eq!(p.seed, None);
        assert_eq!(p.speed, None);
        assert_eq!(p.errors.len(), 6, "{:?}", p.errors);
        let p = parse("lesson=the-log&step=99");
        assert_eq!(p.step, None);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(parse("lesson=the%2Dlog").lesson.as_deref(), Some("the-log"));
        assert_eq!(parse("scenario=odd").start, crate::player::Start::Lively);
    }

    #[test]
    fn speeds_read_as_the_float_parser_reads_them() {
        let same = [
            "2",
            "2.5",
            "0.1",
            ".25",
            "+10.",
            "100",
            "0.30",
            "007.50",
            "33.333333333333",
            "0.1000000000000000",
            "0",
            ".0",
        ];
        for s in same {
            assert_eq!(decimal(s), s.parse::<f64>().ok(), "{s}");
        }
        for s in ["", ".", "+", "-1", "1e1", "inf", "NaN", "1.2.3", "x", "1 ", "99.99999999999999"] {
            assert_eq!(decimal(s), None, "{s}");
        }
    }

    #[test]
    fn scenario_names_a_free_play_start() {
        use crate::player::Start;
        assert_eq!(parse("").start, Start::Lively);
        assert_eq!(parse("scenario=blank").start, Start::Blank);
        assert_eq!(parse("scenario=busy&seed=4").start, Start::Busy);
        assert_eq!(parse("scenario=lively").start, Start::Lively);
    }
}
