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
//! The simulation's trace lines are not keys: the core writes them in English
//! (the console and the trace hash use that text) and
//! [`viz::trace_ko`](crate::viz::trace_ko) renders them in Korean for the event log.
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
    OpenDetail,
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
}

impl Key {
    /// Every key, so tests can check each has text in every language.
    pub const ALL: [Key; 98] = [
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
        Key::OpenDetail,
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
    ];
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
        Key::Play => "재생",
        Key::Pause => "일시정지",
        Key::Step => "한 이벤트",
        Key::StepHint => "이벤트 하나만 진행",
        Key::Speed => "속도",
        Key::SimTime => "시뮬레이션 시간",
        Key::Seed => "시드",
        Key::Timeline => "타임라인 (되감기)",
        Key::Forked => "되감은 시점입니다: 지금 명령을 실행하면 새로운 미래가 시작됩니다",
        Key::Behind => "이 속도에서는 시뮬레이션이 따라가지 못하고 있습니다",
        Key::Heartbeats => "하트비트 표시",
        Key::ClusterLabel => "클러스터 그림",
        Key::Controller => "KRaft 컨트롤러",
        Key::Broker => "브로커",
        Key::Running => "실행 중",
        Key::Crashed => "장애(크래시)",
        Key::Stopped => "중지됨",
        Key::Isolated => "네트워크 고립",
        Key::Fenced => "펜스됨",
        Key::Leads => "리더 파티션",
        Key::Leader => "리더",
        Key::Follower => "팔로워",
        Key::OutOfIsr => "ISR 밖",
        Key::Epoch => "에포크",
        Key::Producer => "프로듀서",
        Key::Acked => "확인(acked)",
        Key::BrokerActions => "브로커 조작",
        Key::ActKill => "강제 종료 (kill)",
        Key::ActStop => "정상 종료 (stop)",
        Key::ActStart => "시작 (start)",
        Key::ActIsolate => "네트워크 고립 (isolate)",
        Key::ActHeal => "연결 복구 (heal)",
        Key::ActSlow => "느리게 (+200ms)",
        Key::Close => "닫기",
        Key::ActionsHint => "버튼은 콘솔 명령을 실행합니다",
        Key::EventLog => "이벤트 로그",
        Key::EventLogHint => "줄을 누르면 그 시점으로 이동합니다",
        Key::CatBroker => "브로커",
        Key::CatController => "컨트롤러",
        Key::CatReplication => "복제",
        Key::CatClient => "클라이언트",
        Key::CatGroup => "컨슈머 그룹",
        Key::CatCommand => "명령",
        Key::Console => "콘솔",
        Key::ConsoleInput => "콘솔 명령 입력 (Enter 실행, ↑/↓ 기록, Ctrl+C 중단)",
        Key::ConsolePlaceholder => "예: kafka-topics --bootstrap-server localhost:9092 --describe",
        Key::ConsoleStop => "컨슈머 중지 (Esc)",
        Key::Ledger => "내구성 장부",
        Key::LedgerAcked => "확인된 레코드",
        Key::LedgerLost => "유실",
        Key::LedgerDuplicated => "중복",
        Key::LedgerOk => "확인된 레코드는 하나도 유실되지 않았습니다",
        Key::LedgerJump => "유실 시점으로 이동",
        Key::ChartThroughput => "처리량 (acked/s)",
        Key::ChartUrp => "복제 부족 파티션 (URP)",
        Key::MarkFault => "장애",
        Key::MarkElection => "리더 선출",
        Key::MarkLoss => "레코드 유실",
        Key::LegendTitle => "메시지",
        Key::MemberActive => "정상",
        Key::MemberStalled => "멈춤(poll 안 함)",
        Key::MemberKilled => "종료됨(세션 만료 대기)",
        Key::MemberJoining => "참여 중",
        Key::Group => "그룹",
        Key::ConsumerNode => "컨슈머",
        Key::OpenDetail => "Enter: 파티션 로그 보기",
        Key::ConsumerKill => "강제 종료 (kill)",
        Key::ConsumerStall => "멈추기 (stall)",
        Key::ConsumerResume => "다시 poll (resume)",
        Key::ConsumerStop => "정상 종료 (stop)",
        Key::ConsumerActions => "컨슈머 동작",
        Key::ConsumerActionsHint => "kill은 LeaveGroup 없이 사라지므로 그룹은 session.timeout.ms 동안 기다립니다.",
        Key::ReplicaOffline => "오프라인 (브로커 중지)",
        Key::Position => "위치",
        Key::Committed => "커밋",
        Key::DetailHint => "음영 칸 = HW 이상, 아직 컨슈머가 읽을 수 없음 · {warn} = 유실된 확인 레코드 · {up} = 위치",
        Key::AddThings => "추가하기",
        Key::AddTopic => "토픽",
        Key::FieldName => "이름",
        Key::FieldPartitions => "파티션 수",
        Key::Create => "만들기",
        Key::FieldRate => "초당 레코드",
        Key::FieldKeys => "키 개수",
        Key::Start => "시작",
        Key::TopicConfig => "토픽 설정",
        Key::FieldKey => "설정 키",
        Key::FieldValue => "값",
        Key::Apply => "적용",
        Key::CountdownBrokerSession => {
            "broker.session.timeout.ms: 이 시간 안에 하트비트가 오지 않으면 컨트롤러가 이 브로커를 펜스합니다 (ISR에서 제외, 리더 교체)"
        }
        Key::CountdownReplicaLag => {
            "replica.lag.time.max.ms: 이 시간 안에 따라잡지 못하면 리더가 이 팔로워를 ISR에서 제외합니다"
        }
        Key::CountdownMemberSession => {
            "session.timeout.ms: 이 시간 안에 하트비트가 오지 않으면 그룹 코디네이터가 이 멤버를 제거하고 리밸런스합니다"
        }
        Key::SecondsLeft => "초 남음",
        Key::LinkCut => "끊긴 링크",
    }
}

fn en(key: Key) -> &'static str {
    match key {
        Key::AppTitle => "KafkaSim",
        Key::Tagline => "An Apache Kafka cluster, simulated deterministically in your browser",
        Key::LangSwitchLabel => "Language",
        Key::StagePlaceholder => "The cluster appears here once the simulation core lands.",
        Key::DocumentTitle => "KafkaSim — a Kafka cluster simulator",
        Key::Play => "Play",
        Key::Pause => "Pause",
        Key::Step => "Step",
        Key::StepHint => "Run exactly one event",
        Key::Speed => "Speed",
        Key::SimTime => "Simulated time",
        Key::Seed => "Seed",
        Key::Timeline => "Timeline (rewind)",
        Key::Forked => "Rewound: acting now forks a new future",
        Key::Behind => "The simulation cannot keep up at this speed",
        Key::Heartbeats => "Show heartbeats",
        Key::ClusterLabel => "Cluster picture",
        Key::Controller => "KRaft controller",
        Key::Broker => "Broker",
        Key::Running => "running",
        Key::Crashed => "crashed",
        Key::Stopped => "stopped",
        Key::Isolated => "isolated",
        Key::Fenced => "fenced",
        Key::Leads => "leads",
        Key::Leader => "leader",
        Key::Follower => "follower",
        Key::OutOfIsr => "out of ISR",
        Key::Epoch => "epoch",
        Key::Producer => "Producer",
        Key::Acked => "acked",
        Key::BrokerActions => "Broker actions",
        Key::ActKill => "Kill (crash)",
        Key::ActStop => "Stop (controlled)",
        Key::ActStart => "Start",
        Key::ActIsolate => "Isolate (cut links)",
        Key::ActHeal => "Heal links",
        Key::ActSlow => "Slow (+200 ms)",
        Key::Close => "Close",
        Key::ActionsHint => "Each button runs a console command",
        Key::EventLog => "Event log",
        Key::EventLogHint => "Click a line to jump there",
        Key::CatBroker => "brokers",
        Key::CatController => "controller",
        Key::CatReplication => "replication",
        Key::CatClient => "clients",
        Key::CatGroup => "groups",
        Key::CatCommand => "commands",
        Key::Console => "Console",
        Key::ConsoleInput => "Console command (Enter runs, ↑/↓ history, Ctrl+C interrupts)",
        Key::ConsolePlaceholder => "e.g. kafka-topics --bootstrap-server localhost:9092 --describe",
        Key::ConsoleStop => "Stop consumer (Esc)",
        Key::Ledger => "Durability ledger",
        Key::LedgerAcked => "acknowledged",
        Key::LedgerLost => "lost",
        Key::LedgerDuplicated => "duplicated",
        Key::LedgerOk => "No acknowledged record has been lost",
        Key::LedgerJump => "Jump to the loss",
        Key::ChartThroughput => "Throughput (acked/s)",
        Key::ChartUrp => "Under-replicated partitions",
        Key::MarkFault => "fault",
        Key::MarkElection => "election",
        Key::MarkLoss => "record lost",
        Key::LegendTitle => "Messages",
        Key::MemberActive => "active",
        Key::MemberStalled => "stalled (no poll)",
        Key::MemberKilled => "killed (awaiting session timeout)",
        Key::MemberJoining => "joining",
        Key::Group => "Group",
        Key::ConsumerNode => "Consumer",
        Key::OpenDetail => "Enter: show the partition log",
        Key::ConsumerKill => "Kill",
        Key::ConsumerStall => "Stall",
        Key::ConsumerResume => "Resume",
        Key::ConsumerStop => "Stop",
        Key::ConsumerActions => "Consumer actions",
        Key::ConsumerActionsHint => "Kill leaves without LeaveGroup: the group waits for session.timeout.ms.",
        Key::ReplicaOffline => "offline (broker down)",
        Key::Position => "pos",
        Key::Committed => "commit",
        Key::DetailHint => {
            "Shaded = at or above the HW, not visible to consumers yet · {warn} = lost acknowledged record · {up} = position"
        }
        Key::AddThings => "Add things",
        Key::AddTopic => "Topic",
        Key::FieldName => "name",
        Key::FieldPartitions => "partitions",
        Key::Create => "Create",
        Key::FieldRate => "records/s",
        Key::FieldKeys => "keys",
        Key::Start => "Start",
        Key::TopicConfig => "Topic config",
        Key::FieldKey => "key",
        Key::FieldValue => "value",
        Key::Apply => "Apply",
        Key::CountdownBrokerSession => {
            "broker.session.timeout.ms: unless a heartbeat arrives in time, the controller fences this broker (out of every ISR, leaders replaced)"
        }
        Key::CountdownReplicaLag => {
            "replica.lag.time.max.ms: unless this follower catches up in time, the leader removes it from the ISR"
        }
        Key::CountdownMemberSession => {
            "session.timeout.ms: unless a heartbeat arrives in time, the group coordinator removes this member and the group rebalances"
        }
        Key::SecondsLeft => " s left",
        Key::LinkCut => "Link cut",
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
