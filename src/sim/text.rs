//! How trace text writes strings, lists and maps (`"x"`, `["a", "b"]`,
//! `{"k": "v"}`), spelled out so that no user-visible text depends on a
//! `Debug` rendering. Used by the command echo lines (`Command::describe`)
//! and by `crate::i18n::trace`.

use std::fmt::Write;

/// Appends `s` quoted as Rust's `Debug` quotes a string.
pub fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '\'' => out.push(c),
            _ => {
                let _ = write!(out, "{}", c.escape_debug());
            }
        }
    }
    out.push('"');
}

/// Strings as a list: `["a", "b"]`.
pub fn string_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from("[");
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quoted(&mut out, s.as_ref());
    }
    out.push(']');
    out
}

/// Key-value pairs as a map: `{"k": "v"}`.
pub fn string_map<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quoted(&mut out, k.as_ref());
        out.push_str(": ");
        quoted(&mut out, v.as_ref());
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_as_debug_for_trace_names() {
        let v = vec!["t-0".to_string(), "a\"b".to_string(), "it's".to_string()];
        assert_eq!(string_list(&v), format!("{v:?}"));
        let m = crate::vecmap::VecMap::from([("k".to_string(), "v".to_string()), ("x".to_string(), "\\".to_string())]);
        assert_eq!(string_map(m.iter()), format!("{m:?}"));
        assert_eq!(string_list(Vec::<String>::new()), "[]");
    }
}
