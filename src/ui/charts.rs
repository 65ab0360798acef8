//! Operator charts (throughput, under-replicated partitions), drawn by
//! [`crate::viz::charts`] to SVG strings and inserted as-is. A chart is
//! redrawn only when a new metric point arrives (once per simulated second).

use yew::prelude::*;

use super::context::use_lang;
use super::runner::use_runner;
use crate::i18n::{text, Key};
use crate::viz::charts::{series_svg, Series};

#[function_component(Charts)]
pub fn charts() -> Html {
    let lang = use_lang();
    let ctx = use_runner();
    let metrics = &ctx.snap.view.metrics;
    let key = (metrics.len(), metrics.last().map(|p| p.at_s), lang);
    let svgs = use_memo(key, |_| {
        [(Series::Throughput, Key::ChartThroughput), (Series::UnderReplicated, Key::ChartUrp)]
            .map(|(series, k)| (series, series_svg(metrics, series, text(lang, k))))
    });
    let charts = svgs.iter().map(|(series, svg)| {
        let id = match series {
            Series::Throughput => "chart-throughput",
            Series::UnderReplicated => "chart-urp",
        };
        html! { <figure class="chart" data-testid={id}>{ Html::from_html_unchecked(AttrValue::from(svg.clone())) }</figure> }
    });
    html! { <section class="panel charts">{ for charts }</section> }
}
