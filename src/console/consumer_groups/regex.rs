//! `--validate-regex <re>` (`ConsumerGroupCommand.validateRegex`, Kafka 4.0):
//! compiles the expression with RE2/J's `Pattern.compile` and prints
//! ``The regular expression `re` is valid.`` or
//! ``The regular expression `re` is invalid: <description>.``
//!
//! [`check`] is a syntax checker that follows RE2/J's `Parser` (a port of
//! Go's `regexp/syntax`, Perl flags): the same checks, in the same order, and
//! `PatternSyntaxException.getDescription()`'s texts. It builds no program.
//!
//! Simplification: `\p{Name}` accepts the Unicode general categories, `Any`
//! and any ASCII name that starts with an upper-case letter (RE2/J checks
//! script names against its Unicode tables, which KafkaSim does not carry).

use crate::console::output::Output;

const INTERNAL: &str = "regexp/syntax: internal error";
const CHAR_RANGE: &str = "invalid character class range";
const ESCAPE: &str = "invalid escape sequence";
const NAMED_CAPTURE: &str = "invalid named capture";
const PERL_OP: &str = "invalid or unsupported Perl syntax";
const REPEAT_OP: &str = "invalid nested repetition operator";
const REPEAT_SIZE: &str = "invalid repeat count";
const MISSING_BRACKET: &str = "missing closing ]";
const MISSING_PAREN: &str = "missing closing )";
const MISSING_REPEAT: &str = "missing argument to repetition operator";
const TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const DUPLICATE_NAME: &str = "duplicate capture group name";

const CATEGORIES: [&str; 37] = [
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
    "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs", "Any",
];
const POSIX: [&str; 14] = [
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word",
    "xdigit",
];

/// Prints the verdict on stdout (the tool exits 0 either way).
pub(super) fn validate(re: &str, out: &mut Output) {
    match check(re) {
        Ok(()) => out.out(&format!("The regular expression `{re}` is valid.")),
        Err(why) => out.out(&format!("The regular expression `{re}` is invalid: {why}.")),
    }
}

/// RE2/J's parse of `re` with Perl flags: `Err(description)` if it throws.
pub fn check(re: &str) -> Result<(), &'static str> {
    let mut p = Parser { s: re.chars().collect(), i: 0, open: 0, atom: false, names: Vec::new() };
    let mut last_repeat = false;
    while p.i < p.s.len() {
        let c = p.s[p.i];
        let mut repeat = false;
        match c {
            '(' if p.at("(?") => p.perl_flags()?,
            '(' | '|' => p.pseudo(c == '('),
            ')' if p.open == 0 => return Err(INTERNAL),
            ')' => {
                p.i += 1;
                p.open -= 1;
                p.atom = true;
            }
            '[' => p.class()?,
            '*' | '+' | '?' => {
                p.i += 1;
                p.repeat(last_repeat)?;
                repeat = true;
            }
            '{' => match p.repeat_size()? {
                Some(()) => {
                    p.repeat(last_repeat)?;
                    repeat = true;
                }
                None => p.literal(),
            },
            '\\' => p.escape()?,
            _ => p.literal(),
        }
        last_repeat = repeat;
    }
    if p.open > 0 {
        return Err(MISSING_PAREN);
    }
    Ok(())
}

/// The parse state that decides errors: open groups and whether the top of
/// RE2/J's stack is an expression (not empty, `(` or `|`).
struct Parser {
    s: Vec<char>,
    i: usize,
    open: usize,
    atom: bool,
    names: Vec<String>,
}

impl Parser {
    fn at(&self, prefix: &str) -> bool {
        prefix.chars().enumerate().all(|(k, c)| self.s.get(self.i + k) == Some(&c))
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn literal(&mut self) {
        self.i += 1;
        self.atom = true;
    }

    fn pseudo(&mut self, paren: bool) {
        self.i += 1;
        self.open += usize::from(paren);
        self.atom = false;
    }

    /// `repeat`: after the operator; consumes a non-greedy `?`.
    fn repeat(&mut self, last_repeat: bool) -> Result<(), &'static str> {
        if self.peek() == Some('?') {
            self.i += 1;
        }
        if last_repeat {
            return Err(REPEAT_OP);
        }
        if !self.atom {
            return Err(MISSING_REPEAT);
        }
        Ok(())
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits: String = self.s[start..self.i].iter().collect();
        // RE2/J's parseInt: no leading zeros; too many digits is "too big".
        if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        Some(digits.parse().unwrap_or(u32::MAX))
    }

    /// `parseRepeat`: `Ok(None)` if `{` is a literal; consumes the repeat.
    fn repeat_size(&mut self) -> Result<Option<()>, &'static str> {
        let start = self.i;
        self.i += 1;
        let parsed = (|| {
            let min = self.number()?;
            let max = match self.peek()? {
                ',' => {
                    self.i += 1;
                    if self.peek()? == '}' {
                        None
                    } else {
                        Some(self.number()?)
                    }
                }
                _ => Some(min),
            };
            (self.peek()? == '}').then_some((min, max))
        })();
        let Some((min, max)) = parsed else {
            self.i = start;
            return Ok(None);
        };
        self.i += 1;
        if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
            return Err(REPEAT_SIZE);
        }
        Ok(Some(()))
    }

    /// `parsePerlFlags`: at `(?`.
    fn perl_flags(&mut self) -> Result<(), &'static str> {
        if self.at("(?P<") || self.at("(?<") {
            let begin = self.i + if self.at("(?P<") { 4 } else { 3 };
            let end = (begin..self.s.len()).find(|k| self.s[*k] == '>').ok_or(NAMED_CAPTURE)?;
            let name: String = self.s[begin..end].iter().collect();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(NAMED_CAPTURE);
            }
            if self.names.contains(&name) {
                return Err(DUPLICATE_NAME);
            }
            self.names.push(name);
            self.i = end;
            self.pseudo(true);
            return Ok(());
        }
        self.i += 2;
        let (mut negated, mut saw_flag) = (false, false);
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    if c == ':' {
                        self.open += 1;
                        self.atom = false;
                    }
                    return Ok(());
                }
                _ => break,
            }
        }
        Err(PERL_OP)
    }

    /// A `\` outside a class.
    fn escape(&mut self) -> Result<(), &'static str> {
        match self.s.get(self.i + 1) {
            Some('A' | 'b' | 'B' | 'z') => self.i += 2,
            Some('C') => return Err(ESCAPE),
            Some('Q') => {
                let rest: String = self.s[self.i + 2..].iter().collect();
                let lit = rest.find("\\E").map_or(rest.as_str(), |k| &rest[..k]);
                let n = lit.chars().count();
                self.i += 2 + n + if rest[lit.len()..].starts_with("\\E") { 2 } else { 0 };
                self.atom |= n > 0;
                return Ok(());
            }
            _ => {
                if !self.unicode_class()? && !self.perl_class() {
                    self.escaped_char()?;
                }
            }
        }
        self.atom = true;
        Ok(())
    }

    /// `parseUnicodeClass`: `\pN`, `\p{Name}`, `\P...`.
    fn unicode_class(&mut self) -> Result<bool, &'static str> {
        if !(self.at("\\p") || self.at("\\P")) {
            return Ok(false);
        }
        let name: String = match self.s.get(self.i + 2) {
            None => return Err(CHAR_RANGE),
            Some('{') => {
                let end = (self.i + 3..self.s.len()).find(|k| self.s[*k] == '}').ok_or(CHAR_RANGE)?;
                let name = self.s[self.i + 3..end].iter().collect();
                self.i = end + 1;
                name
            }
            Some(c) => {
                self.i += 3;
                c.to_string()
            }
        };
        let name = name.strip_prefix('^').unwrap_or(&name);
        let script = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if CATEGORIES.contains(&name) || script {
            Ok(true)
        } else {
            Err(CHAR_RANGE)
        }
    }

    /// `parsePerlClassEscape`: `\d \D \s \S \w \W`.
    fn perl_class(&mut self) -> bool {
        let hit = matches!(self.s.get(self.i + 1), Some('d' | 'D' | 's' | 'S' | 'w' | 'W')) && self.at("\\");
        if hit {
            self.i += 2;
        }
        hit
    }

    /// `parseEscape`: the escaped character's value.
    fn escaped_char(&mut self) -> Result<u32, &'static str> {
        self.i += 1;
        let c = self.peek().ok_or(TRAILING_BACKSLASH)?;
        self.i += 1;
        let octal = |c: Option<char>| c.filter(|c| ('0'..='7').contains(c));
        match c {
            '1'..='7' if octal(self.peek()).is_none() => Err(ESCAPE),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    let Some(d) = octal(self.peek()) else { break };
                    r = r * 8 + (d as u32 - '0' as u32);
                    self.i += 1;
                }
                Ok(r)
            }
            'x' => self.hex_escape().ok_or(ESCAPE),
            'a' => Ok(7),
            'f' => Ok(12),
            'n' => Ok(10),
            'r' => Ok(13),
            't' => Ok(9),
            'v' => Ok(11),
            c if !c.is_ascii_alphanumeric() => Ok(c as u32),
            _ => Err(ESCAPE),
        }
    }

    /// `\xHH` or `\x{H...}` (after the `x`).
    fn hex_escape(&mut self) -> Option<u32> {
        let c = self.peek()?;
        self.i += 1;
        if c != '{' {
            let x = c.to_digit(16);
            let y = self.peek()?.to_digit(16);
            self.i += 1;
            return Some(x? * 16 + y?);
        }
        let mut r: u32 = 0;
        let mut n = 0;
        loop {
            let c = self.peek()?;
            self.i += 1;
            if c == '}' {
                return (n > 0).then_some(r);
            }
            r = r * 16 + c.to_digit(16)?;
            if r > 0x10FFFF {
                return None;
            }
            n += 1;
        }
    }

    /// `parseClassChar`.
    fn class_char(&mut self) -> Result<u32, &'static str> {
        match self.peek() {
            None => Err(MISSING_BRACKET),
            Some('\\') => self.escaped_char(),
            Some(c) => {
                self.i += 1;
                Ok(c as u32)
            }
        }
    }

    /// `parseClass`: at `[`.
    fn class(&mut self) -> Result<(), &'static str> {
        self.i += 1;
        if self.peek() == Some('^') {
            self.i += 1;
        }
        let mut first = true;
        while self.peek() != Some(']') || first {
            first = false;
            if self.at("[:") {
                let rest: String = self.s[self.i..].iter().collect();
                if let Some(k) = rest.find(":]") {
                    // `[:]` and the like: not a POSIX class name.
                    let name = rest.get(2..k).unwrap_or("]");
                    if !POSIX.contains(&name.strip_prefix('^').unwrap_or(name)) {
                        return Err(CHAR_RANGE);
                    }
                    self.i += rest[..k + 2].chars().count();
                    continue;
                }
            }
            if self.unicode_class()? || self.perl_class() {
                continue;
            }
            let lo = self.class_char()?;
            if self.peek() == Some('-') && self.s.get(self.i + 1) != Some(&']') {
                self.i += 1;
                if self.class_char()? < lo {
                    return Err(CHAR_RANGE);
                }
            }
        }
        self.i += 1;
        self.atom = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn re2j_verdicts() {
        for ok in ["a.*", "^t[0-9]+$", "(?i)orders|users", "a{2,3}", "a{,3}", "x{", "[]a]", "[a-]", "\\d+\\.\\Q*\\E"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("(a", "missing closing )"),
            ("a)", "regexp/syntax: internal error"),
            ("[a", "missing closing ]"),
            ("*a", "missing argument to repetition operator"),
            ("a**", "invalid nested repetition operator"),
            ("a{2,1}", "invalid repeat count"),
            ("[z-a]", "invalid character class range"),
            ("\\q", "invalid escape sequence"),
            ("a\\", "trailing backslash at end of expression"),
            ("(?=a)", "invalid or unsupported Perl syntax"),
            ("(?P<1-x>a)", "invalid named capture"),
            ("(?P<n>a)(?P<n>b)", "duplicate capture group name"),
        ] {
            assert_eq!(check(bad), Err(why), "{bad}");
        }
    }
}

#[cfg(test)]
mod exhaustive {
    /// Every short string over the syntax characters parses without panicking.
    #[test]
    fn short_inputs_never_panic() {
        let alphabet: Vec<char> = "a(){}[]\\*?+|^-:P<>Qpdx0E,1".chars().collect();
        let n = alphabet.len();
        let len: u32 = std::env::var("REGEX_EXHAUSTIVE_LEN").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
        for total in 0..n.pow(len) {
            let (mut k, mut s) = (total, String::new());
            for _ in 0..len {
                s.push(alphabet[k % n]);
                k /= n;
            }
            let _ = super::check(&s);
        }
    }
}
