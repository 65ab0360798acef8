//! Java behaviours the tools' output depends on: `HashMap` iteration order,
//! the topic regular expressions of `--topic`, and exception chains
//! ([`Throwable`]: `printStackTrace`'s `Caused by:` lines).
//!
//! Several Kafka tools print entries in `java.util.HashMap`/`HashSet` order:
//! `--describe` topics and their `Configs:`, `kafka-leader-election`'s
//! partition lists, `kafka-configs --describe` without a name. That order is
//! deterministic: entries go by ascending bucket `(h ^ (h >>> 16)) & (cap-1)`
//! with `h` the key's `hashCode`, and by insertion order within a bucket; the
//! capacity doubles whenever the size passes 3/4 of it. [`hashmap_order`]
//! reproduces it (see kafka-cli.md §1.3).
//!
//! `kafka-topics --topic` is a Java regex (`IncludeList`, where `,` also
//! separates alternatives) matched against the whole name. [`Pattern`] is a
//! small backtracking matcher for the part of the syntax topic names need:
//! literals, `.`, `[...]` classes, `*`, `+`, `?`, `|` and `\` escapes.

use crate::sim::hash::java_string_hash_code;

/// Java's `String.hashCode` as the unsigned bits `HashMap` spreads into buckets.
pub fn string_hash(s: &str) -> u32 {
    java_string_hash_code(s) as u32
}

/// Java's `TopicPartition.hashCode`.
pub fn topic_partition_hash(topic: &str, partition: u32) -> u32 {
    31u32.wrapping_mul(31u32.wrapping_add(partition)).wrapping_add(string_hash(topic))
}

/// `keys` (in insertion order) in the order a Java `HashMap` created with
/// `initial_capacity` iterates them.
pub fn hashmap_order<T: Clone>(keys: &[T], hash: impl Fn(&T) -> u32, initial_capacity: usize) -> Vec<T> {
    let mut cap = initial_capacity.max(1).next_power_of_two();
    for size in 1..=keys.len() {
        if size > cap * 3 / 4 {
            cap <<= 1;
        }
    }
    let mut indexed: Vec<(usize, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let h = hash(k);
            (((h ^ (h >> 16)) as usize) & (cap - 1), i)
        })
        .collect();
    indexed.sort();
    indexed.into_iter().map(|(_, i)| keys[i].clone()).collect()
}

/// A Java exception chain, printed as `Throwable.toString()` /
/// `printStackTrace()` print it (without the `\tat ...` frames).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Throwable {
    pub class: String,
    pub message: String,
    pub cause: Option<Box<Throwable>>,
}

impl Throwable {
    /// `new Class(message)`.
    pub fn new(class: &str, message: &str) -> Throwable {
        Throwable { class: class.to_string(), message: message.to_string(), cause: None }
    }

    /// `new Class(cause)`: the message is `cause.toString()` (as for
    /// `RuntimeException` and `ExecutionException`).
    pub fn wrap(class: &str, cause: Throwable) -> Throwable {
        Throwable { class: class.to_string(), message: cause.to_string(), cause: Some(Box::new(cause)) }
    }

    /// `new Class(message, cause)`.
    pub fn with_cause(class: &str, message: &str, cause: Throwable) -> Throwable {
        Throwable { cause: Some(Box::new(cause)), ..Throwable::new(class, message) }
    }

    /// `printStackTrace()`: the exception, then a `Caused by: ` line per cause.
    pub fn stack_trace(&self) -> Vec<String> {
        let mut lines = vec![self.to_string()];
        let mut next = self.cause.as_deref();
        while let Some(c) = next {
            lines.push(format!("Caused by: {c}"));
            next = c.cause.as_deref();
        }
        lines
    }
}

impl std::fmt::Display for Throwable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class, self.message)
    }
}

#[derive(Clone, Debug)]
enum Atom {
    Char(char),
    Any,
    Class { negated: bool, ranges: Vec<(char, char)> },
}

#[derive(Clone, Debug)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

/// A compiled `--topic` pattern (see the module doc).
#[derive(Clone, Debug)]
pub struct Pattern {
    alternatives: Vec<Vec<Piece>>,
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Char(x) => *x == c,
            Atom::Any => true,
            Atom::Class { negated, ranges } => ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *negated,
        }
    }
}

fn parse_class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<Atom, String> {
    let negated = chars.next_if_eq(&'^').is_some();
    let mut ranges = Vec::new();
    loop {
        let c = match chars.next() {
            Some(']') if !ranges.is_empty() => return Ok(Atom::Class { negated, ranges }),
            Some('\\') => chars.next().ok_or("Unclosed character class")?,
            Some(c) => c,
            None => return Err("Unclosed character class".into()),
        };
        if chars.peek() == Some(&'-') {
            chars.next();
            match chars.next() {
                Some(']') => {
                    ranges.push((c, c));
                    ranges.push(('-', '-'));
                    return Ok(Atom::Class { negated, ranges });
                }
                Some(hi) => ranges.push((c, hi)),
                None => return Err("Unclosed character class".into()),
            }
        } else {
            ranges.push((c, c));
        }
    }
}

fn parse_alternative(s: &str) -> Result<Vec<Piece>, String> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let atom = match c {
            '.' => Atom::Any,
            '[' => parse_class(&mut chars)?,
            '\\' => Atom::Char(chars.next().ok_or("Unexpected internal error")?),
            '*' | '+' | '?' => {
                let last = pieces.last_mut().ok_or(format!("Dangling meta character '{c}'"))?;
                last.min = if c == '+' { last.min } else { 0 };
                last.max = if c == '?' { last.max } else { usize::MAX };
                continue;
            }
            '(' | ')' | '{' | '}' | '^' | '$' => return Err(format!("Unsupported regex syntax '{c}'")),
            _ => Atom::Char(c),
        };
        pieces.push(Piece { atom, min: 1, max: 1 });
    }
    Ok(pieces)
}

fn match_from(pieces: &[Piece], text: &[char]) -> bool {
    let Some((p, rest)) = pieces.split_first() else { return text.is_empty() };
    let mut n = 0;
    while n < p.min {
        if n >= text.len() || !p.atom.matches(text[n]) {
            return false;
        }
        n += 1;
    }
    loop {
        if match_from(rest, &text[n..]) {
            return true;
        }
        if n >= p.max || n >= text.len() || !p.atom.matches(text[n]) {
            return false;
        }
        n += 1;
    }
}

impl Pattern {
    /// Compiles an `IncludeList` pattern; the error is Java's description.
    pub fn new(pattern: &str) -> Result<Pattern, String> {
        let alternatives = pattern.split([',', '|']).map(|a| parse_alternative(a.trim())).collect::<Result<_, _>>()?;
        Ok(Pattern { alternatives })
    }

    /// Whether the whole `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        let text: Vec<char> = name.chars().collect();
        self.alternatives.iter().any(|a| match_from(a, &text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumer_offsets_config_order() {
        let keys = vec!["segment.bytes".to_string(), "cleanup.policy".into(), "compression.type".into()];
        let order = hashmap_order(&keys, |k| string_hash(k), 64);
        assert_eq!(order, vec!["compression.type", "cleanup.policy", "segment.bytes"]);
    }

    #[test]
    fn patterns() {
        let p = Pattern::new("orders").unwrap();
        assert!(p.matches("orders") && !p.matches("orders2"));
        let p = Pattern::new("ord.*,users").unwrap();
        assert!(p.matches("orders") && p.matches("users") && !p.matches("x"));
        assert!(Pattern::new("t[0-9]+").unwrap().matches("t42"));
        assert!(Pattern::new("*").is_err());
    }
}
