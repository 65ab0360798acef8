//! Operator charts written as SVG strings: produce throughput (records
//! acknowledged per simulated second) and under-replicated partitions, from the
//! snapshot's metric series.
//!
//! A chart is a caption, a y axis with three labels (0, half, top), an x axis
//! with three second marks, and one polyline; [`series_svg`] writes it with
//! integer arithmetic only, so the same metrics give the same bytes on every
//! platform. The UI inserts the string as-is and the native tests inspect it.
//! Only the newest [`WINDOW_S`] seconds are drawn.
//!
//! This used to be drawn with `plotters`. The crate cost about 12 KB gzipped of
//! the first visit (its drawing core, SVG backend, float formatting and
//! trigonometry), for two line charts whose SVG is forty lines here; the
//! measurement is in the README's bundle section.

use std::fmt::Write;

use super::palette::okabe_ito::{BLUE, GREY, VERMILLION};
use super::palette::CHART_BACKGROUND;
use crate::sim::metrics::MetricPoint;

/// Seconds of history a chart shows.
pub const WINDOW_S: u64 = 120;
/// The chart's size in SVG pixels (it scales with its container).
pub const SIZE: (u32, u32) = (360, 220);
/// The plot area inside the chart: left, top, right, bottom edges.
const PLOT: (u64, u64, u64, u64) = (56, 44, 350, 186);

/// Which series a chart draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    /// Records acknowledged per second.
    Throughput,
    /// Partitions whose ISR is smaller than their replica set.
    UnderReplicated,
}

impl Series {
    fn value(self, p: &MetricPoint) -> u64 {
        match self {
            Series::Throughput => p.acked_per_s,
            Series::UnderReplicated => u64::from(p.under_replicated),
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Series::Throughput => BLUE,
            Series::UnderReplicated => VERMILLION,
        }
    }
}

/// The `(second, value)` points of `series` in the newest [`WINDOW_S`] seconds.
pub fn points(metrics: &[MetricPoint], series: Series) -> Vec<(u64, u64)> {
    let last = metrics.last().map_or(0, |p| p.at_s);
    let from = last.saturating_sub(WINDOW_S);
    metrics.iter().filter(|p| p.at_s >= from).map(|p| (p.at_s, series.value(p))).collect()
}

/// Escapes the characters XML gives a meaning to.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `series` from `metrics` as a standalone SVG document.
pub fn series_svg(metrics: &[MetricPoint], series: Series, caption: &str) -> String {
    let pts = points(metrics, series);
    let x_end = pts.last().map_or(WINDOW_S, |p| p.0.max(WINDOW_S));
    let x_start = x_end - WINDOW_S;
    let y_max = pts.iter().map(|p| p.1).max().unwrap_or(0).max(4);
    let y_top = y_max + y_max / 8 + 1;
    let (left, top, right, bottom) = PLOT;
    let x = |s: u64| left + (s - x_start) * (right - left) / WINDOW_S;
    let y = |v: u64| bottom - v.min(y_top) * (bottom - top) / y_top;
    let (w, h) = SIZE;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"sans-serif\"><rect width=\"{w}\" height=\"{h}\" fill=\"{CHART_BACKGROUND}\"/>\
         <text x=\"{}\" y=\"30\" font-size=\"26\" text-anchor=\"middle\">{}</text>",
        w / 2,
        escape(caption)
    );
    let _ = write!(svg, "<path d=\"M{left} {top}V{bottom}H{right}\" fill=\"none\" stroke=\"{GREY}\"/>");
    for v in [0, y_top / 2, y_top] {
        let _ =
            write!(svg, "<text x=\"{}\" y=\"{}\" font-size=\"20\" text-anchor=\"end\">{v}</text>", left - 6, y(v) + 7);
    }
    for s in [x_start, x_start + WINDOW_S / 2, x_end] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"20\" text-anchor=\"middle\">{s}s</text>",
            x(s),
            bottom + 24
        );
    }
    let line: Vec<String> = pts.iter().map(|&(s, v)| format!("{},{}", x(s), y(v))).collect();
    let _ = write!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/></svg>",
        line.join(" "),
        series.colour()
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(at_s: u64, acked: u64, urp: u32) -> MetricPoint {
        MetricPoint { at_s, acked_per_s: acked, under_replicated: urp, ..MetricPoint::default() }
    }

    #[test]
    fn only_the_newest_window_is_drawn() {
        let metrics: Vec<MetricPoint> = (0..300).map(|s| point(s, s, 0)).collect();
        let pts = points(&metrics, Series::Throughput);
        assert_eq!(pts.first(), Some(&(300 - 1 - WINDOW_S, 300 - 1 - WINDOW_S)));
        assert_eq!(pts.last(), Some(&(299, 299)));
    }

    #[test]
    fn charts_render_to_svg_with_their_caption_and_a_line() {
        let metrics: Vec<MetricPoint> = (0..30).map(|s| point(s, 10 * (s % 5), u32::from(s > 20))).collect();
        for (series, caption) in [(Series::Throughput, "acked/s"), (Series::UnderReplicated, "URP")] {
            let svg = series_svg(&metrics, series, caption);
            assert!(svg.starts_with("<svg"), "{svg:.80}");
            assert!(svg.contains(caption));
            assert!(svg.contains("<polyline"), "no line drawn");
            assert!(svg.contains(series.colour()));
        }
    }

    #[test]
    fn points_are_placed_on_the_axes() {
        // 40 at 0 s and 0 at 120 s: y_top = 40 + 5 + 1 = 46.
        let metrics = [point(0, 40, 0), point(120, 0, 0)];
        let svg = series_svg(&metrics, Series::Throughput, "t");
        let (left, top, right, bottom) = PLOT;
        let y40 = bottom - 40 * (bottom - top) / 46;
        assert!(svg.contains(&format!("points=\"{left},{y40} {right},{bottom}\"")), "{svg}");
        assert!(svg.contains(">46</text>") && svg.contains(">0s</text>") && svg.contains(">120s</text>"), "{svg}");
    }

    #[test]
    fn an_empty_series_still_renders_and_captions_are_escaped() {
        let svg = series_svg(&[], Series::UnderReplicated, "a<b & c");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("a&lt;b &amp; c"));
    }
}
