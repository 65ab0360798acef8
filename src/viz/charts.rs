//! Operator charts drawn with plotters to SVG strings: produce throughput
//! (records acknowledged per simulated second) and under-replicated
//! partitions, from the snapshot's metric series.
//!
//! [`draw_series`] is generic over plotters' `DrawingBackend`, so the same
//! drawing code could target a canvas; [`series_svg`] renders it to an SVG
//! string with `SVGBackend::with_string`, which the UI inserts as-is and the
//! native tests inspect. Only the newest [`WINDOW_S`] seconds are drawn.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{neutral, okabe_ito, paint};
use crate::sim::metrics::MetricPoint;

/// Seconds of history a chart shows.
pub const WINDOW_S: u64 = 120;
/// The chart's size in SVG pixels (it scales with its container).
pub const SIZE: (u32, u32) = (360, 220);

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

    fn colour(self) -> RGBColor {
        paint(match self {
            Series::Throughput => okabe_ito::BLUE,
            Series::UnderReplicated => okabe_ito::VERMILLION,
        })
    }
}

/// The `(second, value)` points of `series` in the newest [`WINDOW_S`] seconds.
pub fn points(metrics: &[MetricPoint], series: Series) -> Vec<(u64, u64)> {
    let last = metrics.last().map_or(0, |p| p.at_s);
    let from = last.saturating_sub(WINDOW_S);
    metrics.iter().filter(|p| p.at_s >= from).map(|p| (p.at_s, series.value(p))).collect()
}

/// Draws `series` from `metrics` onto `area`, with `caption` on top.
pub fn draw_series<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    metrics: &[MetricPoint],
    series: Series,
    caption: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&paint(neutral::PAPER))?;
    let pts = points(metrics, series);
    let x_end = pts.last().map_or(WINDOW_S, |p| p.0.max(WINDOW_S));
    let x_start = x_end - WINDOW_S;
    let y_max = pts.iter().map(|p| p.1).max().unwrap_or(0).max(4);
    let y_top = y_max + y_max / 8 + 1;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 26))
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(48)
        .build_cartesian_2d(x_start..x_end, 0..y_top)?;
    chart
        .configure_mesh()
        .x_labels(3)
        .y_labels(3)
        .x_label_formatter(&|s| format!("{s}s"))
        .label_style(("sans-serif", 20))
        .light_line_style(paint(neutral::PAPER))
        .draw()?;
    let style = ShapeStyle { color: series.colour().to_rgba(), filled: false, stroke_width: 3 };
    chart.draw_series(LineSeries::new(pts, style))?;
    Ok(())
}

/// `series` from `metrics` as a standalone SVG document.
pub fn series_svg(metrics: &[MetricPoint], series: Series, caption: &str) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        // Drawing to a string cannot fail for I/O reasons; a failure would be a bug in the ranges.
        draw_series(&area, metrics, series, caption).expect("chart ranges are valid");
        area.present().expect("an SVG string backend presents");
    }
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
        }
    }

    #[test]
    fn an_empty_series_still_renders() {
        let svg = series_svg(&[], Series::UnderReplicated, "URP");
        assert!(svg.contains("</svg>"));
    }
}
