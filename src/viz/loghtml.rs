//! The still parts of the log picture written as HTML text, as [`super::charts`]
//! writes its SVG: a strip's segment row, its holes and the table view. Neither holds
//! anything a user clicks or the page animates, so the component inserts
//! the text as it is (a few hundred bytes of markup instead of a virtual-DOM
//! node per cell), and what it says is tested here, natively.
//!
//! The segment row spans each segment over its offsets' columns (the
//! detail's grid; column 1 is the names'), labelled with its base offset and
//! `active`, or when three columns wide or more, `clean` or `dirty`; one
//! that starts left of the window reads "← base". Its name column gives the
//! dirty ratio on a compacted topic. Record keys and values, which users
//! type, are escaped.

use std::fmt::Write;

use super::logstrip::{PartitionDetail, Strip};
use super::logview::{Part, TableRow};
use crate::i18n::log_panel::{t, L};
use crate::i18n::{text, Key, Lang};

/// Escapes the characters HTML text gives a meaning to.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The items of strip `s`'s segment row: its name, then one span per segment in the window.
pub fn segment_row(lang: Lang, d: &PartitionDetail, s: &Strip) -> String {
    let mut out = match s.cleaner {
        Some(c) => format!("<span class=\"strip-name\">{} {}%</span>", t(lang, L::Dirty), c.percent()),
        None => format!("<span class=\"strip-name\">{}</span>", t(lang, L::Segments)),
    };
    for g in &s.segments {
        let Some((a, b, cut)) = d.span(g) else { continue };
        let (part, word) = match g.part {
            Part::Clean => ("clean", t(lang, L::Clean)),
            Part::Dirty => ("dirty", t(lang, L::Dirty)),
            Part::Plain => ("plain", ""),
        };
        let word = if g.active { t(lang, L::Active) } else { word };
        let _ = write!(
            out,
            "<span class=\"seg {part}{}\" style=\"grid-column:{}/{}\" data-base=\"{}\">{}{}{}{}</span>",
            if g.active { " active" } else { "" },
            a + 2,
            b + 2,
            g.base,
            if cut { "← " } else { "" },
            g.base,
            if (g.active || b - a >= 3) && !word.is_empty() { " · " } else { "" },
            if g.active || b - a >= 3 { word } else { "" },
        );
    }
    out
}

/// The dotted places of strip `s`, one per column it holds no record in (emptied by the cleaner).
pub fn holes(lang: Lang, d: &PartitionDetail, s: &Strip) -> String {
    let mut out = String::new();
    for c in s.holes.iter().filter_map(|o| d.column(*o)) {
        let _ =
            write!(out, "<span class=\"hole\" style=\"grid-column:{}\" title=\"{}\"></span>", c + 2, t(lang, L::Hole));
    }
    out
}

/// The table view: its title, then key, value and offset per row.
pub fn table_view(lang: Lang, rows: &[TableRow]) -> String {
    let mut out = format!(
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(lang, L::TableView),
        t(lang, L::Key),
        t(lang, L::Value),
        text(lang, Key::OffsetWord)
    );
    for r in rows {
        let _ = write!(out, "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", escape(&r.key), escape(&r.value), r.offset);
    }
    out.push_str("</table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viz::logview::{CleanerMark, SegmentSpan};

    fn detail(from: i64, to: i64, strip: Strip) -> PartitionDetail {
        PartitionDetail {
            topic: "t".into(),
            partition: 0,
            leader: Some(1),
            epoch: 0,
            from,
            to,
            cols: (from..=to).map(|o| (o, o + 1)).collect(),
            strips: vec![strip],
            groups: vec![],
            losses: vec![],
            compact: true,
            table: None,
            at: 0,
        }
    }

    fn seg(base: i64, end: i64, active: bool, part: Part) -> SegmentSpan {
        SegmentSpan { base, end, records: 1, bytes: 70, active, part }
    }

    #[test]
    fn the_segment_row_names_base_offsets_the_active_one_and_clean_or_dirty() {
        let strip = Strip {
            broker: 1,
            leader: true,
            in_isr: true,
            online: true,
            log_start: 0,
            leo: 20,
            hw: 20,
            cells: vec![],
            holes: vec![],
            segments: vec![
                seg(0, 10, false, Part::Clean),
                seg(10, 17, false, Part::Dirty),
                seg(17, 19, false, Part::Dirty),
                seg(19, 20, true, Part::Dirty),
            ],
            cleaner: Some(CleanerMark { first_dirty: 10, cleaned: true, ratio_ppm: 615_000, min_ratio_ppm: 500_000 }),
        };
        let d = detail(6, 20, strip);
        let html = segment_row(Lang::En, &d, &d.strips[0]);
        assert!(html.starts_with("<span class=\"strip-name\">dirty 62%</span>"), "{html}");
        assert!(html.contains("class=\"seg clean\" style=\"grid-column:2/6\" data-base=\"0\">← 0 · clean<"), "{html}");
        assert!(html.contains("class=\"seg dirty\" style=\"grid-column:6/13\" data-base=\"10\">10 · dirty<"));
        assert!(html.contains("data-base=\"17\">17</span>"), "two columns: no word");
        assert!(html.contains("class=\"seg dirty active\" style=\"grid-column:15/17\" data-base=\"19\">19 · active<"));
        let mut with_holes = d.clone();
        with_holes.strips[0].holes = vec![3, 12];
        assert_eq!(
            holes(Lang::En, &with_holes, &with_holes.strips[0]).matches("class=\"hole\"").count(),
            1,
            "3 is left of the window"
        );
        assert!(holes(Lang::En, &with_holes, &with_holes.strips[0]).contains("grid-column:8\""));
        let ko = segment_row(Lang::Ko, &d, &d.strips[0]);
        assert!(ko.contains(">더티 62%<") && ko.contains("← 0 · 클린") && ko.contains("19 · 활성"), "{ko}");
    }

    #[test]
    fn the_table_view_escapes_what_users_typed() {
        let rows = [TableRow { key: "<b>".into(), value: "a&b".into(), offset: 7 }];
        let html = table_view(Lang::En, &rows);
        assert!(html.starts_with("<h3>table view (latest value per key)</h3>"));
        assert!(html.contains("<tr><th>&lt;b&gt;</th><td>a&amp;b</td><td>7</td></tr>"), "{html}");
        assert!(table_view(Lang::Ko, &[]).contains("<th>키</th><th>값</th><th>오프셋</th>"));
    }
}
