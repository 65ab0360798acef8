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
//! The simulation's trace events are not keys: [`trace::render`] turns a typed
//! [`TraceEvent`](crate::sim::trace::TraceEvent) into a line in either
//! language (the event log, `sim trace` and the ledger's explanations use it).
//!
//! This module is pure (no browser types), so it builds and is tested natively.

mod ko_text;
pub mod log_panel;
pub mod panels;
pub mod trace;
mod trace_en;
mod trace_fmt;
mod trace_ko;
#[cfg(test)]
mod trace_tests;
mod ui_en;
mod ui_ko;

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
    /// Play button.
    Play,
    /// Pause button.
    Pause,
    /// Step one event.
    Step,
    /// Step tooltip.
    StepHint,
    /// Speed selector label.
    Speed,
    /// Sim time label.
    SimTime,
    /// Seed label.
    Seed,
    /// Timeline label.
    Timeline,
    /// Shown when commands are pending after a rewind.
    Forked,
    /// Event budget ran out.
    Behind,
    /// Heartbeat toggle.
    Heartbeats,
    /// SVG aria label.
    ClusterLabel,
    /// Controller node.
    Controller,
    /// Broker word.
    Broker,
    /// state.
    Running,
    /// state.
    Crashed,
    /// state.
    Stopped,
    /// state.
    Isolated,
    /// fenced.
    Fenced,
    /// leader count.
    Leads,
    /// replica role.
    Leader,
    /// replica role.
    Follower,
    /// replica not in ISR.
    OutOfIsr,
    /// leader epoch.
    Epoch,
    /// producer node.
    Producer,
    /// ledger.
    Acked,
    /// menu title.
    BrokerActions,
    /// action.
    ActKill,
    /// action.
    ActStop,
    /// action.
    ActStart,
    /// action.
    ActIsolate,
    /// action.
    ActHeal,
    /// action.
    ActSlow,
    /// close.
    Close,
    /// menu hint.
    ActionsHint,
    /// panel title.
    EventLog,
    /// hint.
    EventLogHint,
    /// category.
    CatBroker,
    /// category.
    CatController,
    /// category.
    CatReplication,
    /// category.
    CatClient,
    /// category.
    CatGroup,
    /// category.
    CatCommand,
    /// panel title.
    Console,
    /// input label.
    ConsoleInput,
    /// placeholder.
    ConsolePlaceholder,
    /// button: ends the foreground console consumer.
    ConsoleStop,
    /// panel title.
    Ledger,
    /// counter.
    LedgerAcked,
    /// counter.
    LedgerLost,
    /// counter.
    LedgerDuplicated,
    /// all good.
    LedgerOk,
    /// button.
    LedgerJump,
    /// chart.
    ChartThroughput,
    /// chart.
    ChartUrp,
    /// timeline mark.
    MarkFault,
    /// timeline mark.
    MarkElection,
    /// timeline mark.
    MarkLoss,
    /// cluster picture (groups, messages, detail, forms).
    LegendTitle,
    /// cluster picture (groups, messages, detail, forms).
    MemberActive,
    /// cluster picture (groups, messages, detail, forms).
    MemberStalled,
    /// cluster picture (groups, messages, detail, forms).
    MemberKilled,
    /// cluster picture (groups, messages, detail, forms).
    MemberJoining,
    /// cluster picture (groups, messages, detail, forms).
    Group,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerNode,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerKill,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerStall,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerResume,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerStop,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerActions,
    /// cluster picture (groups, messages, detail, forms).
    ConsumerActionsHint,
    /// cluster picture (groups, messages, detail, forms).
    ReplicaOffline,
    /// cluster picture (groups, messages, detail, forms).
    Position,
    /// cluster picture (groups, messages, detail, forms).
    Committed,
    /// cluster picture (groups, messages, detail, forms). `{warn}` and `{up}` are drawn as icons.
    DetailHint,
    /// cluster picture (groups, messages, detail, forms).
    AddThings,
    /// cluster picture (groups, messages, detail, forms).
    AddTopic,
    /// cluster picture (groups, messages, detail, forms).
    FieldName,
    /// cluster picture (groups, messages, detail, forms).
    FieldPartitions,
    /// cluster picture (groups, messages, detail, forms).
    Create,
    /// cluster picture (groups, messages, detail, forms).
    FieldRate,
    /// cluster picture (groups, messages, detail, forms).
    FieldKeys,
    /// cluster picture (groups, messages, detail, forms).
    Start,
    /// cluster picture (groups, messages, detail, forms).
    TopicConfig,
    /// cluster picture (groups, messages, detail, forms).
    FieldKey,
    /// cluster picture (groups, messages, detail, forms).
    FieldValue,
    /// cluster picture (groups, messages, detail, forms).
    Apply,
    /// countdown ring tooltip: the controller's broker session.
    CountdownBrokerSession,
    /// countdown ring tooltip: the leader's replica lag limit.
    CountdownReplicaLag,
    /// countdown ring tooltip: the coordinator's member session.
    CountdownMemberSession,
    /// countdown ring tooltip: after the number of seconds.
    SecondsLeft,
    /// cluster picture: the tooltip of a link the network cuts.
    LinkCut,
    /// forms: the choice that keeps Kafka's default (e.g. the assignor).
    KafkaDefault,
    /// broker menu: the heading over the buttons that open a partition's log.
    PartitionLogs,
    /// broker menu: the cluster waits while the menu is open.
    MenuPaused,
    /// replica chip of a down broker: after the LEO its disk still holds.
    Offline,
    /// ledger and partition detail: before a lost record's offset.
    OffsetWord,
    /// group box: before the generation number (short).
    GenShort,
    /// group box tooltip: before the coordinator broker.
    Coordinator,
    /// tooltip of a link cut in one direction only.
    OneWay,
}

impl Key {
    /// Every key, so tests can check each has text in every language.
    pub const ALL: [Key; 105] = [
        Key::AppTitle,
        Key::Tagline,
        Key::LangSwitchLabel,
        Key::StagePlaceholder,
        Key::DocumentTitle,
        Key::Play,
        Key::Pause,
        Key::Step,
        Key::StepHint,
        Key::Speed,
        Key::SimTime,
        Key::Seed,
        Key::Timeline,
        Key::Forked,
        Key::Behind,
        Key::Heartbeats,
        Key::ClusterLabel,
        Key::Controller,
        Key::Broker,
        Key::Running,
        Key::Crashed,
        Key::Stopped,
        Key::Isolated,
        Key::Fenced,
        Key::Leads,
        Key::Leader,
        Key::Follower,
        Key::OutOfIsr,
        Key::Epoch,
        Key::Producer,
        Key::Acked,
        Key::BrokerActions,
        Key::ActKill,
        Key::ActStop,
        Key::ActStart,
        Key::ActIsolate,
        Key::ActHeal,
        Key::ActSlow,
        Key::Close,
        Key::ActionsHint,
        Key::EventLog,
        Key::EventLogHint,
        Key::CatBroker,
        Key::CatController,
        Key::CatReplication,
        Key::CatClient,
        Key::CatGroup,
        Key::CatCommand,
        Key::Console,
        Key::ConsoleInput,
        Key::ConsolePlaceholder,
        Key::ConsoleStop,
        Key::Ledger,
        Key::LedgerAcked,
        Key::LedgerLost,
        Key::LedgerDuplicated,
        Key::LedgerOk,
        Key::LedgerJump,
        Key::ChartThroughput,
        Key::ChartUrp,
        Key::MarkFault,
        Key::MarkElection,
        Key::MarkLoss,
        Key::LegendTitle,
        Key::MemberActive,
        Key::MemberStalled,
        Key::MemberKilled,
        Key::MemberJoining,
        Key::Group,
        Key::ConsumerNode,
        Key::ConsumerKill,
        Key::ConsumerStall,
        Key::ConsumerResume,
        Key::ConsumerStop,
        Key::ConsumerActions,
        Key::ConsumerActionsHint,
        Key::ReplicaOffline,
        Key::Position,
        Key::Committed,
        Key::DetailHint,
        Key::AddThings,
        Key::AddTopic,
        Key::FieldName,
        Key::FieldPartitions,
        Key::Create,
        Key::FieldRate,
        Key::FieldKeys,
        Key::Start,
        Key::TopicConfig,
        Key::FieldKey,
        Key::FieldValue,
        Key::Apply,
        Key::CountdownBrokerSession,
        Key::CountdownReplicaLag,
        Key::CountdownMemberSession,
        Key::SecondsLeft,
        Key::LinkCut,
        Key::KafkaDefault,
        Key::PartitionLogs,
        Key::MenuPaused,
        Key::Offline,
        Key::OffsetWord,
        Key::GenShort,
        Key::Coordinator,
        Key::OneWay,
    ];
}

/// The text for `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Ko => ui_ko::ko(key),
        Lang::En => ui_en::en(key),
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
