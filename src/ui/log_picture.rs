//! The log picture inside the partition detail (issue 14): a strip's segment
//! row, the offsets the cleaner emptied, and the table view beside a
//! compacted topic's strips. The model is [`crate::viz::logview`]; the
//! segment row's and the table's markup is written by [`crate::viz::loghtml`].

use yew::prelude::*;

use crate::i18n::Lang;
use crate::viz::loghtml;
use crate::viz::logstrip::{PartitionDetail, Strip};
use crate::viz::logview::TableRow;

/// The segment row of strip `s` ([`loghtml::segment_row`]).
pub fn segment_row(lang: Lang, d: &PartitionDetail, s: &Strip, grid: &str) -> Html {
    let items = Html::from_html_unchecked(AttrValue::from(loghtml::segment_row(lang, d, s)));
    html! { <div class="segs" style={grid.to_string()} data-testid={format!("segments-{}", s.broker)}>{ items }</div> }
}

/// The dotted places of strip `s` whose record the cleaner removed ([`loghtml::holes`]).
pub fn holes(lang: Lang, d: &PartitionDetail, s: &Strip) -> Html {
    Html::from_html_unchecked(AttrValue::from(loghtml::holes(lang, d, s)))
}

/// The table view: the latest value per key ([`loghtml::table_view`]).
pub fn table_view(lang: Lang, rows: &[TableRow]) -> Html {
    let inner = Html::from_html_unchecked(AttrValue::from(loghtml::table_view(lang, rows)));
    html! { <aside class="ktable" data-testid="table-view">{ inner }</aside> }
}
