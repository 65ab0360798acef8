//! The log picture inside the partition detail (issue 14): a strip's segment
//! row, the offsets the cleaner emptied, and the table view beside a
//! compacted topic's strips. The model is [`crate::viz::logview`].
//!
//! The segment row spans each segment over its offsets' columns, labelled
//! with its base offset and `active` (or, when it is wide enough, `clean` or
//! `dirty`); a segment that starts left of the window reads "← base". Its
//! name column gives the dirty ratio on a compacted topic.

use yew::prelude::*;

use crate::i18n::log_panel::{t, L};
use crate::i18n::{text, Key, Lang};
use crate::viz::logstrip::{PartitionDetail, Strip};
use crate::viz::logview::{Part, SegmentSpan, TableRow};

/// The style placing an item over grid columns `[a, b)` of the window (column 1 is the names').
fn cols(a: usize, b: usize) -> String {
    format!("grid-column:{}/{}", a + 2, b + 2)
}

/// The segment row of strip `s`.
pub fn segment_row(lang: Lang, d: &PartitionDetail, s: &Strip, grid: &str) -> Html {
    let (name, title) = match s.cleaner {
        Some(c) => (
            format!("{} {}%", t(lang, L::Dirty), c.percent()),
            format!("min.cleanable.dirty.ratio {}%", c.min_ratio_ppm / 10_000),
        ),
        None => (t(lang, L::Segments).to_string(), String::new()),
    };
    let segs = s.segments.iter().filter_map(|g| d.span(g).map(|span| segment(lang, g, span)));
    html! {
        <div class="segs" style={grid.to_string()} data-testid={format!("segments-{}", s.broker)}
            data-first-dirty={s.cleaner.map(|c| c.first_dirty.to_string())}>
            <span class="strip-name" {title}>{ name }</span>{ for segs }
        </div>
    }
}

fn segment(lang: Lang, g: &SegmentSpan, (a, b, cut): (usize, usize, bool)) -> Html {
    let word = match (g.active, g.part) {
        (true, _) => t(lang, L::Active),
        (_, Part::Clean) => t(lang, L::Clean),
        (_, Part::Dirty) => t(lang, L::Dirty),
        (_, Part::Plain) => "",
    };
    let mut label = format!("{}{}", if cut { "← " } else { "" }, g.base);
    if (g.active || b - a >= 3) && !word.is_empty() {
        label = format!("{label} · {word}");
    }
    let part = match g.part {
        Part::Clean => "clean",
        Part::Dirty => "dirty",
        Part::Plain => "plain",
    };
    let title = format!("segment {} · {} B", g.base, g.bytes);
    html! {
        <span class={classes!("seg", part, g.active.then_some("active"))} style={cols(a, b)} {title}
            data-base={g.base.to_string()}>{ label }</span>
    }
}

/// The dotted places of strip `s` whose record the cleaner removed.
pub fn holes(lang: Lang, d: &PartitionDetail, s: &Strip) -> Html {
    let title = t(lang, L::Hole);
    let holes = s.holes.iter().filter_map(|o| {
        let c = d.column(*o)?;
        Some(html! { <span class="hole" style={cols(c, c + 1)} {title} /> })
    });
    html! { <>{ for holes }</> }
}

/// The table view: the latest value per key.
pub fn table_view(lang: Lang, rows: &[TableRow]) -> Html {
    let rows_html = rows.iter().map(|r| {
        html! { <tr key={r.key.clone()}><th>{ &r.key }</th><td>{ &r.value }</td><td>{ r.offset }</td></tr> }
    });
    html! {
        <aside class="ktable" data-testid="table-view">
            <h3 title={t(lang, L::TableHint)}>{ t(lang, L::TableView) }</h3>
            <table>
                <tr><th>{ t(lang, L::Key) }</th><th>{ t(lang, L::Value) }</th><th>{ text(lang, Key::OffsetWord) }</th></tr>
                { for rows_html }
            </table>
            if rows.is_empty() { <p class="hint">{ t(lang, L::TableEmpty) }</p> }
        </aside>
    }
}
