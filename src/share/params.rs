//! The page's URL parameters: `lesson=<id>`, `step=<n>`, `lang=ko|en`,
//! `seed=<n>`, `speed=<x>`, `autoplay=1`, `embed=1` (and the older
//! `scenario=blank`). A bad value is dropped with a message, so the page
//! opens on the default instead of a broken state.

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
            "speed" => match v.trim_end_matches(['x', '×']).parse::<f64>() {
                Ok(x) if x.is_finite() && (0.1..=100.0).contains(&x) => p.speed = Some(x),
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
    fn scenario_names_a_free_play_start() {
        use crate::player::Start;
        assert_eq!(parse("").start, Start::Lively);
        assert_eq!(parse("scenario=blank").start, Start::Blank);
        assert_eq!(parse("scenario=busy&seed=4").start, Start::Busy);
        assert_eq!(parse("scenario=lively").start, Start::Lively);
    }
}
