//! Every string the user can see, in one table per language.
//!
//! KafkaSim is used in Korean and English classrooms. To keep the two
//! languages in step, no component spells out visible text itself: it asks
//! [`text`] for a [`Key`] in the current [`Lang`]. Adding a key is a compile
//! error until both languages have an entry, because [`text`] matches
//! exhaustively, and the native test below checks that no entry is empty.
//!
//! Kafka's own nouns (broker, partition, `acks`, ISR) stay in English in both
//! tables, as Korean Kafka material writes them: learners meet the same words
//! at work.
//!
//! This module is pure (no browser types), so it builds and is tested natively.

/// A language the interface is available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// 한국어
    Ko,
    /// English
    En,
}

impl Lang {
    /// Every supported language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The BCP 47 tag, used for `<html lang>` and the `?lang=` URL parameter.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// The language's name written in itself, as the switch labels it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ko => "한국어",
            Lang::En => "English",
        }
    }

    /// Parses a `?lang=` value: exactly `ko` or `en` (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("ko") {
            Some(Lang::Ko)
        } else if tag.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the language for a browser whose `navigator.language` is
    /// `browser`: Korean for any `ko…` tag (`ko`, `ko-KR`), English otherwise.
    pub fn from_browser(browser: &str) -> Lang {
        let primary = browser.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// Chooses the starting language: a valid `?lang=` value wins, then the
    /// browser's language.
    pub fn choose(url_param: Option<&str>, browser: &str) -> Lang {
        url_param.and_then(Lang::from_tag).unwrap_or_else(|| Lang::from_browser(browser))
    }
}

/// The value of the `lang` parameter in a URL query string such as
/// `?seed=7&lang=ko` (with or without the leading `?`), if present.
pub fn lang_param(query: &str) -> Option<&str> {
    query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("lang="))
}

/// One piece of visible text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// The product name in the header.
    AppTitle,
    /// One line under the title saying what this is.
    Tagline,
    /// Accessible label of the language switch.
    LangSwitchLabel,
    /// The honest placeholder in the empty stage.
    StagePlaceholder,
    /// The page title shown in the browser tab.
    DocumentTitle,
}

impl Key {
    /// Every key, so tests can check each has text in every language.
    pub const ALL: [Key; 5] =
        [Key::AppTitle, Key::Tagline, Key::LangSwitchLabel, Key::StagePlaceholder, Key::DocumentTitle];
}

/// The text for `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Ko => ko(key),
        Lang::En => en(key),
    }
}

fn ko(key: Key) -> &'static str {
    match key {
        Key::AppTitle => "KafkaSim",
        Key::Tagline => "브라우저에서 결정적으로 시뮬레이션하는 Apache Kafka 클러스터",
        Key::LangSwitchLabel => "언어",
        Key::StagePlaceholder => "시뮬레이션 코어가 완성되면 이곳에 클러스터가 나타납니다.",
        Key::DocumentTitle => "KafkaSim — Kafka 클러스터 시뮬레이터",
    }
}

fn en(key: Key) -> &'static str {
    match key {
        Key::AppTitle => "KafkaSim",
        Key::Tagline => "An Apache Kafka cluster, simulated deterministically in your browser",
        Key::LangSwitchLabel => "Language",
        Key::StagePlaceholder => "The cluster appears here once the simulation core lands.",
        Key::DocumentTitle => "KafkaSim — a Kafka cluster simulator",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in Lang::ALL {
            for key in Key::ALL {
                assert!(!text(lang, key).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn translated_keys_differ_between_languages() {
        // The title is a name and stays the same; everything else is prose.
        for key in Key::ALL.into_iter().filter(|k| *k != Key::AppTitle) {
            assert_ne!(text(Lang::Ko, key), text(Lang::En, key), "{key:?}");
        }
    }

    #[test]
    fn browser_language_picks_korean_only_for_ko() {
        let cases = [
            ("ko", Lang::Ko),
            ("ko-KR", Lang::Ko),
            ("KO_kr", Lang::Ko),
            ("en-US", Lang::En),
            ("kok", Lang::En),
            ("ja-JP", Lang::En),
            ("", Lang::En),
        ];
        for (browser, want) in cases {
            assert_eq!(Lang::from_browser(browser), want, "{browser:?}");
        }
    }

    #[test]
    fn url_parameter_wins_when_valid() {
        assert_eq!(Lang::choose(Some("ko"), "en-US"), Lang::Ko);
        assert_eq!(Lang::choose(Some("EN"), "ko-KR"), Lang::En);
        assert_eq!(Lang::choose(Some("fr"), "ko-KR"), Lang::Ko);
        assert_eq!(Lang::choose(None, "en-GB"), Lang::En);
    }

    #[test]
    fn lang_param_is_found_anywhere_in_the_query() {
        assert_eq!(lang_param("?lang=ko"), Some("ko"));
        assert_eq!(lang_param("seed=7&lang=en&x=1"), Some("en"));
        assert_eq!(lang_param("?language=ko"), None);
        assert_eq!(lang_param(""), None);
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }
}
