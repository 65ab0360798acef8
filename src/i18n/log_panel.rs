//! The strings of the log picture (segments, the cleaner, the table view) and
//! of the ledger's removal counters, in Korean and English (one exhaustive
//! table: a new key needs both). Kafka's own terms (`segment`, `log start`,
//! HW, LEO, `retention`, `DeleteRecords`, `compaction`) are written by the
//! components as they are, in both languages.

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum L {
    /// Name of a strip's segment row (no cleaner).
    Segments,
    /// The active segment.
    Active,
    /// A segment below the cleaner's checkpoint.
    Clean,
    /// A segment at or past it; before the dirty ratio.
    Dirty,
    /// A tombstone cell's tooltip.
    Tombstone,
    /// An offset the cleaner emptied (tooltip).
    Hole,
    /// The legend line of a compacted topic.
    CompactHint,
    /// The table view's title.
    TableView,
    /// Column heads.
    Key,
    Value,
    /// The ledger's line of removals that are not losses.
    Removed,
}

/// `key` in `lang`.
pub fn t(lang: Lang, key: L) -> &'static str {
    let (ko, en) = match key {
        L::Segments => ("segment", "segments"),
        L::Active => ("활성", "active"),
        L::Clean => ("클린", "clean"),
        L::Dirty => ("더티", "dirty"),
        L::Tombstone => ("툼스톤 (value null: 키 삭제)", "tombstone (value null: deletes the key)"),
        L::Hole => (
            "클리너가 지운 자리: 남은 레코드는 오프셋을 그대로 유지합니다",
            "removed by the cleaner: the survivors keep their offsets",
        ),
        L::CompactHint => (
            "검은 칸 = 툼스톤 · 점선 칸 = 클리너가 지움 (오프셋 유지) · segment: 실선 = 클린, 빗금 = 더티",
            "Dark cell = tombstone · dotted = removed by the cleaner (offsets kept) · segments: solid = clean, hatched = dirty",
        ),
        L::TableView => ("테이블 뷰 (키별 최신 값)", "table view (latest value per key)"),
        L::Key => ("키", "key"),
        L::Value => ("값", "value"),
        L::Removed => ("설정대로 삭제됨 (유실 아님)", "removed as configured, not lost"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_written_in_both_languages() {
        use L::*;
        let all = [Segments, Active, Clean, Dirty, Tombstone, Hole, CompactHint, TableView, Key, Value, Removed];
        for k in all {
            for lang in Lang::ALL {
                assert!(!t(lang, k).trim().is_empty(), "{k:?} in {lang:?}");
            }
        }
        assert_ne!(t(Lang::Ko, TableView), t(Lang::En, TableView));
    }
}
