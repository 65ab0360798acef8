//! The strings of the lesson, presenter, embed and share panels, in Korean
//! and English (one exhaustive table: a new key needs both).

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Lessons,
    LessonsHint,
    Open,
    Exit,
    Prev,
    Next,
    Contents,
    Intro,
    StepOf,
    Predict,
    PredictHint,
    Skip,
    Right,
    Wrong,
    TheAnswer,
    Task,
    TaskDone,
    TaskTodo,
    Hint,
    ShowMe,
    Share,
    ShareHint,
    Export,
    Import,
    QrHint,
    QrShow,
    QrTooLong,
    LoadError,
    BadParams,
    Dismiss,
    Keys,
    KeyNext,
    KeyPrev,
    KeyPlay,
    KeyPause,
    KeyEnds,
    KeyHelp,
    Loaded,
}

/// `key` in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    let (ko, en) = match key {
        T::Lessons => ("레슨", "Lessons"),
        T::LessonsHint => ("단계별로 따라 하는 Kafka 수업", "Step-by-step Kafka lessons"),
        T::Open => ("시작", "Start"),
        T::Exit => ("자유 실습으로", "Back to free play"),
        T::Prev => ("이전", "Previous"),
        T::Next => ("다음", "Next"),
        T::Contents => ("목차", "Contents"),
        T::Intro => ("소개", "Introduction"),
        T::StepOf => ("단계", "Step"),
        T::Predict => ("예측해 보세요", "Predict"),
        T::PredictHint => (
            "답을 고르면 시뮬레이션이 다음 단계를 실행해 확인합니다.",
            "Pick an answer: the simulation then runs the step and checks it.",
        ),
        T::Skip => ("건너뛰기", "Skip"),
        T::Right => ("정답입니다!", "Right!"),
        T::Wrong => ("아쉽네요.", "Not quite."),
        T::TheAnswer => ("시뮬레이션의 답", "The simulation's answer"),
        T::Task => ("과제", "Task"),
        T::TaskDone => ("완료", "Done"),
        T::TaskTodo => ("아직 안 됨", "Not yet"),
        T::Hint => ("힌트", "Hint"),
        T::ShowMe => ("풀이 실행", "Show me"),
        T::Share => ("공유", "Share"),
        T::ShareHint => (
            "이 링크를 열면 같은 시뮬레이션 시각, 같은 상태로 재현됩니다.",
            "This link reproduces the run at the same simulated time.",
        ),
        T::Export => ("JSON으로 내보내기", "Export JSON"),
        T::Import => ("JSON 가져오기", "Import JSON"),
        T::QrHint => (
            "휴대폰이나 노트북으로 스캔해 발표자의 상태를 그대로 가져가세요.",
            "Scan to fork the presenter's exact state.",
        ),
        T::QrShow => ("QR 코드", "QR code"),
        T::QrTooLong => (
            "링크가 너무 길어 QR 코드로 만들 수 없습니다. 링크나 JSON 파일을 쓰세요.",
            "The link is too long for a QR code: use the link or the JSON file.",
        ),
        T::LoadError => (
            "공유된 실행을 열 수 없어 기본 화면을 열었습니다",
            "The shared run could not be opened; the default page is shown",
        ),
        T::BadParams => ("잘못된 URL 매개변수를 무시했습니다", "Ignored bad URL parameters"),
        T::Dismiss => ("닫기", "Dismiss"),
        T::Keys => ("발표자 단축키", "Presenter keys"),
        T::KeyNext => ("다음 단계", "next step"),
        T::KeyPrev => ("이전 단계", "previous step"),
        T::KeyPlay => ("재생 / 일시정지", "play / pause"),
        T::KeyPause => ("일시정지", "pause"),
        T::KeyEnds => ("첫 단계 / 마지막 단계", "first / last step"),
        T::KeyHelp => ("이 도움말", "this help"),
        T::Loaded => ("공유된 실행을 열었습니다", "Opened a shared run"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}
