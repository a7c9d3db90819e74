//! Charts as inline SVG for the HTML report: no scripts, no fonts to fetch,
//! and series told apart by fill pattern as well as shade, so that they read
//! on a black-and-white printout.

use std::fmt::Write;

use super::doc::{Bars, Lines, decimal, grouped};
use super::html::escape;
use crate::lang::Lang;

const WIDTH: f64 = 760.0;
const INK: &str = "#1f3f73";
const GRID: &str = "#d9d9d9";
const AXIS: &str = "#555555";

/// Axis ticks: a round step giving about `count` intervals over `lo..hi`,
/// and the ticks from a multiple of it below `lo` to one above `hi`.
pub(crate) fn ticks(lo: f64, hi: f64, count: usize, integer: bool) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        let pad = if integer {
            1.0
        } else {
            (lo.abs() * 0.05).max(0.1)
        };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let rough = (hi - lo) / count as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let multiples: &[f64] = if integer {
        &[1.0, 2.0, 5.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    let mut step = multiples
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    if integer {
        step = step.max(1.0).round();
    }
    let start = (lo / step + 1e-9).floor() * step;
    let end = (hi / step - 1e-9).ceil() * step;
    let n = ((end - start) / step).round() as usize;
    (0..=n).map(|k| start + k as f64 * step).collect()
}

/// How many decimals the ticks need to be told apart.
pub(crate) fn tick_decimals(ticks: &[f64]) -> usize {
    (0..4)
        .find(|d| {
            ticks.iter().all(|t| {
                let s = 10f64.powi(*d as i32);
                ((t * s).round() - t * s).abs() < 1e-6
            })
        })
        .unwrap_or(4)
}

/// A number on an axis or a bar, in the language's style.
pub(crate) fn label(x: f64, decimals: usize, lang: Lang) -> String {
    // -0.0 would print as "-0".
    let x = if x.abs() < 1e-12 { 0.0 } else { x };
    let text = format!("{x:.decimals$}");
    grouped(&text, lang)
}

/// The fills of `n` series: the last is solid, the others hatched, outlined
/// or dotted, so that they differ without colour.
fn fills(n: usize) -> Vec<&'static str> {
    let all = ["outline", "hatch", "solid", "light", "dots", "cross"];
    match n {
        1 => vec!["solid"],
        2 => vec!["hatch", "solid"],
        _ => (0..n).map(|i| all[i % all.len()]).collect(),
    }
}

fn fill_attributes(fill: &str, id: &str) -> String {
    match fill {
        "solid" => format!(r#"fill="{INK}" stroke="{INK}""#),
        "light" => format!(r##"fill="#a9b8d0" stroke="{INK}""##),
        "outline" => format!(r##"fill="#ffffff" stroke="{INK}""##),
        other => format!(r#"fill="url(#{id}-{other})" stroke="{INK}""#),
    }
}

/// Pattern definitions for hatched, dotted and cross-hatched fills.
fn patterns(id: &str) -> String {
    format!(
        r##"<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2.2"/></pattern><pattern id="{id}-dots" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.3" fill="{INK}"/></pattern><pattern id="{id}-cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><path d="M0 3H6M3 0V6" stroke="{INK}" stroke-width="1"/></pattern></defs>"##
    )
}

/// Break a label into at most `lines` lines of about `width` characters;
/// what does not fit ends in an ellipsis.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() || fits {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            out.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().expect("at least one line");
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    out
}

/// The legend: one swatch and name per series, left to right.
fn legend(svg: &mut String, names: &[&str], swatch: impl Fn(usize, f64, f64) -> String, y: f64) {
    let mut x = 20.0;
    for (i, name) in names.iter().enumerate() {
        let _ = write!(svg, "{}", swatch(i, x, y - 9.0));
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{y:.1}" font-size="12">{}</text>"#,
            x + 22.0,
            escape(name)
        );
        x += 22.0 + 7.0 * name.chars().count() as f64 + 18.0;
    }
}

/// Horizontal grouped bars. `id` keeps pattern ids apart on one page.
pub fn bars(chart: &Bars, id: &str, lang: Lang) -> String {
    let n = chart.series.len().max(1);
    let bar = if n > 3 { 9.0 } else { 12.0 };
    let group = n as f64 * (bar + 2.0) + 12.0;
    let left = 240.0;
    let right = WIDTH - 70.0;
    let top = 64.0;
    let plot = group * chart.categories.len() as f64;
    let height = top + plot + 56.0;
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let ticks = ticks(0.0, if max > 0.0 { max } else { 1.0 }, 5, chart.integer);
    let hi = *ticks.last().unwrap_or(&1.0);
    let decimals = tick_decimals(&ticks);
    let x = |v: f64| left + (right - left) * v / hi;
    let fills = fills(n);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-labelledby="{id}-title" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{}</title>"#,
        escape(&chart.title)
    );
    svg.push_str(&patterns(id));
    let _ = write!(
        svg,
        r#"<text x="20" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape(&chart.title)
    );
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    legend(
        &mut svg,
        &names,
        |i, x, y| {
            format!(
                r#"<rect x="{x:.1}" y="{y:.1}" width="16" height="11" {}/>"#,
                fill_attributes(fills[i], id)
            )
        },
        48.0,
    );
    // Grid and value axis.
    for t in &ticks {
        let _ = write!(
            svg,
            r#"<line x1="{0:.1}" y1="{top:.1}" x2="{0:.1}" y2="{1:.1}" stroke="{GRID}"/><text x="{0:.1}" y="{2:.1}" font-size="11" text-anchor="middle" fill="{AXIS}">{3}</text>"#,
            x(*t),
            top + plot,
            top + plot + 16.0,
            label(*t, decimals, lang)
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{left}" y1="{top}" x2="{left}" y2="{0:.1}" stroke="{AXIS}"/><text x="{1:.1}" y="{2:.1}" font-size="12" text-anchor="middle" fill="{AXIS}">{3}</text>"#,
        top + plot,
        (left + right) / 2.0,
        top + plot + 38.0,
        escape(&chart.axis)
    );
    for (c, category) in chart.categories.iter().enumerate() {
        let y0 = top + group * c as f64 + 6.0;
        let lines = wrap(category, 34, 2);
        let mid = y0 + (group - 12.0) / 2.0;
        let first = mid + 4.0 - 7.0 * (lines.len() as f64 - 1.0);
        let _ = write!(svg, "<g><title>{}</title>", escape(category));
        for (l, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"#,
                left - 8.0,
                first + 14.0 * l as f64,
                escape(line)
            );
        }
        svg.push_str("</g>");
        for (s, series) in chart.series.iter().enumerate() {
            let v = series.values.get(c).copied().unwrap_or(0.0);
            let y = y0 + s as f64 * (bar + 2.0);
            let w = (x(v) - left).max(0.0);
            let value = if chart.integer {
                label(v, 0, lang)
            } else {
                grouped(&super::doc::decimal(v, 0, Lang::En), lang)
            };
            let _ = write!(
                svg,
                r#"<rect x="{left}" y="{y:.1}" width="{w:.1}" height="{bar}" {}><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" font-size="10" fill="{AXIS}">{}</text>"#,
                fill_attributes(fills[s], id),
                escape(&series.name),
                escape(&value),
                left + w + 4.0,
                y + bar - 2.0,
                escape(&value)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Lines through points, with dashed reference lines.
pub fn lines(chart: &Lines, id: &str, lang: Lang) -> String {
    let (left, right, top, height) = (78.0, WIDTH - 150.0, 64.0, 380.0);
    let bottom = height - 56.0;
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|(x, _)| *x))
        .collect();
    let mut ys: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|(_, y)| *y))
        .collect();
    ys.extend(chart.references.iter().map(|(_, y)| *y));
    let (x_lo, x_hi) = span(&xs);
    let (y_lo, y_hi) = span(&ys);
    let pad = ((y_hi - y_lo) * 0.1).max(1.0);
    let y_ticks = ticks(
        (y_lo - pad).max(if y_lo >= 0.0 { 0.0 } else { f64::MIN }),
        y_hi + pad,
        5,
        chart.integer_y,
    );
    let x_ticks = ticks(x_lo, x_hi, 6, false);
    let (ty_lo, ty_hi) = (y_ticks[0], *y_ticks.last().expect("ticks"));
    let (tx_lo, tx_hi) = (x_lo.min(x_ticks[0]), x_hi);
    let x_ticks: Vec<f64> = x_ticks
        .into_iter()
        .filter(|t| *t >= tx_lo - 1e-9 && *t <= tx_hi + 1e-9)
        .collect();
    let px = |v: f64| {
        if tx_hi > tx_lo {
            left + (right - left) * (v - tx_lo) / (tx_hi - tx_lo)
        } else {
            (left + right) / 2.0
        }
    };
    let py = |v: f64| bottom - (bottom - top) * (v - ty_lo) / (ty_hi - ty_lo).max(1e-9);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{}</title>"#,
        escape(&chart.title)
    );
    let _ = write!(
        svg,
        r#"<text x="20" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape(&chart.title)
    );
    let dashes = [
        "",
        r#" stroke-dasharray="7 4""#,
        r#" stroke-dasharray="2 3""#,
    ];
    let names: Vec<&str> = chart.series.iter().map(|(n, _)| n.as_str()).collect();
    legend(
        &mut svg,
        &names,
        |i, x, y| {
            format!(
                r#"<line x1="{x:.1}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}" stroke="{INK}" stroke-width="2"{2}/>{3}"#,
                y + 5.0,
                x + 16.0,
                dashes[i % dashes.len()],
                marker(i, x + 8.0, y + 5.0)
            )
        },
        48.0,
    );
    let y_decimals = tick_decimals(&y_ticks);
    for t in &y_ticks {
        let _ = write!(
            svg,
            r#"<line x1="{left}" y1="{0:.1}" x2="{right}" y2="{0:.1}" stroke="{GRID}"/><text x="{1:.1}" y="{2:.1}" font-size="11" text-anchor="end" fill="{AXIS}">{3}</text>"#,
            py(*t),
            left - 6.0,
            py(*t) + 4.0,
            label(*t, y_decimals, lang)
        );
    }
    let x_decimals = tick_decimals(&x_ticks);
    for t in &x_ticks {
        let _ = write!(
            svg,
            r#"<line x1="{0:.1}" y1="{bottom}" x2="{0:.1}" y2="{1:.1}" stroke="{AXIS}"/><text x="{0:.1}" y="{2:.1}" font-size="11" text-anchor="middle" fill="{AXIS}">{3}</text>"#,
            px(*t),
            bottom + 5.0,
            bottom + 18.0,
            label(*t, x_decimals, lang)
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{AXIS}"/><line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>"#
    );
    let _ = write!(
        svg,
        r#"<text x="{0:.1}" y="{1:.1}" font-size="12" text-anchor="middle" fill="{AXIS}">{2}</text><text transform="translate(18 {3:.1}) rotate(-90)" font-size="12" text-anchor="middle" fill="{AXIS}">{4}</text>"#,
        (left + right) / 2.0,
        bottom + 40.0,
        escape(&chart.x_axis),
        (top + bottom) / 2.0,
        escape(&chart.y_axis)
    );
    for (name, y) in &chart.references {
        let _ = write!(
            svg,
            r##"<line x1="{left}" y1="{0:.1}" x2="{right}" y2="{0:.1}" stroke="#222222" stroke-dasharray="5 4"/><text x="{1:.1}" y="{2:.1}" font-size="11">{3}</text>"##,
            py(*y),
            right + 6.0,
            py(*y) + 4.0,
            escape(&format!(
                "{name}: {}",
                label(*y, tick_decimals(&[*y]), lang)
            ))
        );
    }
    for (i, (name, points)) in chart.series.iter().enumerate() {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="2"{}/>"#,
            path.join(" "),
            dashes[i % dashes.len()]
        );
        for (x, y) in points {
            let _ = write!(
                svg,
                "<g><title>{}: {} → {}</title>{}</g>",
                escape(name),
                decimal(*x, tick_decimals(&[*x]), lang),
                decimal(*y, tick_decimals(&[*y]), lang),
                marker(i, px(*x), py(*y))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn span(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// A point marker: a filled circle, an open square, a filled triangle.
fn marker(series: usize, x: f64, y: f64) -> String {
    match series % 3 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{INK}"/>"#),
        1 => format!(
            r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>"##,
            x - 4.0,
            y - 4.0
        ),
        _ => format!(
            r#"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="{INK}"/>"#,
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 13.0, 5, true), vec![0.0, 5.0, 10.0, 15.0]);
        assert_eq!(ticks(0.0, 0.9, 5, false).len(), 6);
    }

    #[test]
    fn ticks_cover_the_range() {
        let t = ticks(17.75, 53.25, 8, false);
        assert!(t[0] <= 17.75 && *t.last().unwrap() >= 53.25);
        assert_eq!(tick_decimals(&t), 0);
        let t = ticks(16.4, 17.3, 3, false);
        assert!(t[0] <= 16.4 && *t.last().unwrap() >= 17.3);
        let t = ticks(40.0, 40.0, 6, true);
        assert!(t.len() >= 2 && t.windows(2).all(|w| w[1] - w[0] >= 1.0));
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(label(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(label(1234.5, 1, Lang::Vi), "1.234,5");
        assert_eq!(label(-0.0, 0, Lang::En), "0");
    }

    #[test]
    fn long_labels_wrap_and_end_in_an_ellipsis() {
        let lines = wrap(
            "Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
            34,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= 34));
    }
}
