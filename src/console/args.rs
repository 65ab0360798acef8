//! Splitting a command line into words, and parsing options like jopt-simple.
//!
//! [`split_words`] follows the shell: words are separated by blanks, `'...'`
//! is literal, `"..."` allows `\"` and `\\`, and a backslash outside quotes
//! escapes the next character. So `--property key.separator=,` and
//! `--property "key.separator= "` work as they would in bash.
//!
//! [`parse`] follows jopt-simple 5 (used by every Kafka tool except
//! `kafka-metadata-quorum`): long options `--name` with the value in the next
//! word or after `=`; an option that requires an argument takes the next word
//! whatever it looks like; a unique prefix of an option's name is accepted
//! (`--bootstrap` for `--bootstrap-server`); other words are kept as
//! non-option arguments. Errors carry jopt's exception class and message
//! (`foo is not a recognized option`, `Option topic requires an argument`).

use crate::sim::error::{ErrorKind, KafkaError};
use crate::vecmap::VecMap;

/// Whether an option takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A flag (`--list`).
    None,
    /// `--topic T`: the value is required.
    Required,
    /// `--compression-codec [c]`: a value if the next word is not an option.
    Optional,
}

/// One accepted option.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub name: &'static str,
    pub arg: Arg,
}

/// Shorthand for a table of specs.
pub const fn opt(name: &'static str, arg: Arg) -> Spec {
    Spec { name, arg }
}

/// Parsed options: every value of every option given, in order.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    values: VecMap<&'static str, Vec<String>>,
    pub non_options: Vec<String>,
}

impl Parsed {
    /// Whether the option was given.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The last value given for the option (jopt's `valueOf`).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    /// Every value given for the option (jopt's `valuesOf`).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

/// Splits a line into words like a POSIX shell (no expansions).
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                let w = cur.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => w.push(ch),
                            Some(ch) => {
                                w.push('\\');
                                w.push(ch);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(ch) => w.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                let w = cur.get_or_insert_with(String::new);
                if let Some(ch) = chars.next() {
                    w.push(ch);
                }
            }
            _ => cur.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(cur);
    Ok(words)
}

fn unrecognized(name: &str) -> KafkaError {
    KafkaError::new(ErrorKind::UnrecognizedOption, format!("{name} is not a recognized option"))
}

/// The spec named `name`, or the only one it is a prefix of.
fn lookup(specs: &[Spec], name: &str) -> Result<Spec, KafkaError> {
    if let Some(s) = specs.iter().find(|s| s.name == name) {
        return Ok(*s);
    }
    let matches: Vec<&Spec> = specs.iter().filter(|s| !name.is_empty() && s.name.starts_with(name)).collect();
    match matches.as_slice() {
        [one] => Ok(**one),
        _ => Err(unrecognized(name)),
    }
}

/// Parses `args` against `specs` (jopt-simple rules, see the module doc).
pub fn parse(specs: &[Spec], args: &[String]) -> Result<Parsed, KafkaError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let word = &args[i];
        i += 1;
        if word == "--" {
            parsed.non_options.extend(args[i..].iter().cloned());
            break;
        }
        let Some(body) = word.strip_prefix('-').filter(|b| !b.is_empty()) else {
            parsed.non_options.push(word.clone());
            continue;
        };
        let body = body.strip_prefix('-').unwrap_or(body);
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let spec = lookup(specs, name)?;
        let value = match (spec.arg, inline) {
            (Arg::None, Some(_)) => {
                return Err(KafkaError::new(
                    ErrorKind::UnconfiguredOption,
                    format!("Option {} does not take an argument", spec.name),
                ))
            }
            (Arg::None, None) => None,
            (_, Some(v)) => Some(v),
            (Arg::Required, None) if i < args.len() => {
                i += 1;
                Some(args[i - 1].clone())
            }
            (Arg::Required, None) => {
                return Err(KafkaError::new(
                    ErrorKind::OptionMissingRequiredArgument,
                    format!("Option {} requires an argument", spec.name),
                ))
            }
            (Arg::Optional, None) if i < args.len() && !args[i].starts_with('-') => {
                i += 1;
                Some(args[i - 1].clone())
            }
            (Arg::Optional, None) => None,
        };
        let entry = parsed.values.entry(spec.name).or_default();
        entry.extend(value);
    }
    Ok(parsed)
}

/// A `--property k=v` list as Kafka's `CommandLineUtils.parseKeyValueArgs`:
/// split at the first `=`; a missing value becomes the empty string.
pub fn key_values(args: &[String]) -> Vec<(String, String)> {
    args.iter()
        .map(|a| match a.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (a.clone(), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split_words(s).unwrap()
    }

    const SPECS: [Spec; 3] =
        [opt("topic", Arg::Required), opt("list", Arg::None), opt("bootstrap-server", Arg::Required)];

    #[test]
    fn shell_words() {
        assert_eq!(w("a  'b c' \"d\\\"e\" f\\ g"), vec!["a", "b c", "d\"e", "f g"]);
        assert_eq!(w("--property key.separator=,"), vec!["--property", "key.separator=,"]);
        assert!(split_words("'open").is_err());
    }

    #[test]
    fn jopt_rules() {
        let p = parse(&SPECS, &w("--bootstrap localhost:9092 --topic=a --list x")).unwrap();
        assert_eq!(p.value("bootstrap-server"), Some("localhost:9092"));
        assert_eq!(p.value("topic"), Some("a"));
        assert!(p.has("list"));
        assert_eq!(p.non_options, vec!["x"]);
        let e = parse(&SPECS, &w("--foo")).unwrap_err();
        assert_eq!(e.message, "foo is not a recognized option");
        let e = parse(&SPECS, &w("--topic")).unwrap_err();
        assert_eq!(e.message, "Option topic requires an argument");
        assert_eq!(parse(&SPECS, &w("--topic --list")).unwrap().value("topic"), Some("--list"));
    }
}
