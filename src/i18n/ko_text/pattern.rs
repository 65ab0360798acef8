//! Patterns with holes: match an English line, fill a Korean template.
//!
//! An English pattern is literal text with holes:
//!
//! - `{}` an id or number, copied as it is; it never contains whitespace (it
//!   may be empty: an `Empty` group's leader is blank);
//! - `{*}` any verbatim text, for lists and maps (`["t-0", "t-1"]`);
//! - `{~}` free text that is itself translated (a reason, a cause).
//!
//! Holes are numbered in order of appearance, and the Korean template refers
//! to them as `{0}`, `{1}`… in whatever order Korean word order needs. Two
//! holes may not touch: a literal between them says where one ends.
//!
//! Matching never allocates: captures are slices of the input in a fixed
//! array, and a hole tries each place its following literal occurs, leftmost
//! first, backtracking if the rest of the pattern then fails.

/// The most holes a pattern may have.
pub const MAX_HOLES: usize = 8;

/// What a hole accepts and how it is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hole {
    /// `{}`: no whitespace, copied.
    Token,
    /// `{*}`: anything, copied.
    Verbatim,
    /// `{~}`: anything, translated as a phrase.
    Phrase,
}

/// The captured holes of one match, in pattern order.
#[derive(Clone, Copy, Debug)]
pub struct Captures<'a> {
    slots: [(&'a str, Hole); MAX_HOLES],
    len: usize,
}

impl<'a> Captures<'a> {
    fn new() -> Captures<'a> {
        Captures { slots: [("", Hole::Token); MAX_HOLES], len: 0 }
    }

    /// Hole `i`'s text and kind.
    pub fn get(&self, i: usize) -> Option<(&'a str, Hole)> {
        self.slots[..self.len].get(i).copied()
    }
}

/// Splits `pattern` at its first hole: (literal before it, the hole, the rest).
/// `None` for the hole when the pattern is all literal; an unknown `{…}` is
/// literal text.
pub fn split(pattern: &str) -> (&str, Option<Hole>, &str) {
    let mut from = 0;
    while let Some(i) = pattern[from..].find('{').map(|i| i + from) {
        let rest = &pattern[i..];
        let hole = [("{}", Hole::Token), ("{*}", Hole::Verbatim), ("{~}", Hole::Phrase)]
            .into_iter()
            .find(|(marker, _)| rest.starts_with(marker));
        if let Some((marker, hole)) = hole {
            return (&pattern[..i], Some(hole), &pattern[i + marker.len()..]);
        }
        from = i + 1;
    }
    (pattern, None, "")
}

/// Matches all of `text` against `pattern`; the captures on success.
pub fn matches<'a>(pattern: &str, text: &'a str) -> Option<Captures<'a>> {
    let mut caps = Captures::new();
    go(pattern, text, &mut caps).then_some(caps)
}

fn go<'a>(pattern: &str, text: &'a str, caps: &mut Captures<'a>) -> bool {
    let (lit, hole, rest) = split(pattern);
    let Some(text) = text.strip_prefix(lit) else { return false };
    let Some(hole) = hole else { return text.is_empty() };
    if caps.len == MAX_HOLES {
        return false;
    }
    let fits = |s: &str| hole != Hole::Token || !s.contains(char::is_whitespace);
    let (next, _, _) = split(rest);
    if next.is_empty() {
        // The hole ends the pattern (two touching holes are not allowed).
        if !rest.is_empty() || !fits(text) {
            return false;
        }
        caps.slots[caps.len] = (text, hole);
        caps.len += 1;
        return true;
    }
    for (i, _) in text.match_indices(next) {
        let taken = &text[..i];
        if !fits(taken) {
            // A longer token would contain the same whitespace.
            return false;
        }
        caps.slots[caps.len] = (taken, hole);
        caps.len += 1;
        if go(rest, &text[i..], caps) {
            return true;
        }
        caps.len -= 1;
    }
    false
}

/// Writes `template` to `out` with `{n}` replaced by hole `n` as `hole`
/// renders it. A reference to a missing hole is left as written.
pub fn fill(template: &str, caps: &Captures, out: &mut String, hole: &dyn Fn(&str, Hole, &mut String)) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| Some((caps.get(after[..close].parse::<usize>().ok()?)?, close)));
        match found {
            Some(((text, kind), close)) => {
                hole(text, kind, out);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The holes of `pattern`, in order (for checking a table).
#[cfg(test)]
pub fn holes(pattern: &str) -> Vec<Hole> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let (_, Some(h), r) = split(rest) {
        out.push(h);
        rest = r;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(c: &Captures<'a>) -> Vec<&'a str> {
        (0..c.len).map(|i| c.get(i).unwrap().0).collect()
    }

    #[test]
    fn literal_and_token_holes() {
        let c = matches("broker {} started", "broker 3 started").unwrap();
        assert_eq!(texts(&c), ["3"]);
        assert!(matches("broker {} started", "broker 3 stopped").is_none());
        assert!(matches("broker {} started", "broker 3 started now").is_none(), "the whole line must match");
        assert!(matches("broker {}", "broker two words").is_none(), "a token has no whitespace");
        assert_eq!(texts(&matches("leader {}, protocol {}", "leader , protocol -").unwrap()), ["", "-"]);
    }

    #[test]
    fn verbatim_holes_backtrack_past_their_own_separators() {
        let p = "assigned {*}, added {*}, revoked {*}";
        let c = matches(p, r#"assigned ["t-0", "t-1"], added ["t-1"], revoked []"#).unwrap();
        assert_eq!(texts(&c), [r#"["t-0", "t-1"]"#, r#"["t-1"]"#, "[]"]);
        assert_eq!(c.get(0).unwrap().1, Hole::Verbatim);
    }

    #[test]
    fn fill_reorders_and_translates_phrases() {
        let c = matches("{} on {} → retry ({~})", "p1 on t-0 → retry (soon)").unwrap();
        let mut out = String::new();
        let render =
            |s: &str, h: Hole, o: &mut String| o.push_str(&if h == Hole::Phrase { s.to_uppercase() } else { s.into() });
        fill("{1}에서 {0}: {2} {9} {x", &c, &mut out, &render);
        assert_eq!(out, "t-0에서 p1: SOON {9} {x");
    }

    #[test]
    fn split_and_holes() {
        assert_eq!(split("a {} b"), ("a ", Some(Hole::Token), " b"));
        assert_eq!(split("{x} {*}"), ("{x} ", Some(Hole::Verbatim), ""));
        assert_eq!(holes("{} ({~}): {*}"), [Hole::Token, Hole::Phrase, Hole::Verbatim]);
        assert!(matches("{}{}", "ab").is_none(), "touching holes never match");
    }
}
