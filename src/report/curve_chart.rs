//! `curve.svg`, the chart of `ntm curve`: communes meeting the standard
//! against money available, the average criteria per commune and the cost
//! of each additional commune in panels below on the same money axis, the
//! directive's targets as dashed lines, and a note on why the average can
//! fall as money grows. Self-contained (generic font family, no scripts),
//! and readable in black and white: the series differ by line pattern and
//! marker, not only by colour.

use std::fmt::Write;

use super::chart::{label, tick_decimals, ticks};
use super::html::escape;
use crate::curve::{Achieved, Curve, Point, percent};
use crate::lang::Lang;
use crate::money::Money;

/// A linear map from data to pixels.
#[derive(Clone, Copy)]
struct Axis {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Axis {
    fn at(self, x: f64) -> f64 {
        self.from + (x - self.lo) / (self.hi - self.lo) * (self.to - self.from)
    }
}

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 780.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 868.0;
const TOP_A: f64 = 92.0;
const BOTTOM_A: f64 = 332.0;
const TOP_B: f64 = 372.0;
const BOTTOM_B: f64 = 452.0;
const TOP_C: f64 = 492.0;
const BOTTOM_C: f64 = 572.0;
/// The first legend row; the note follows the legend.
const LEGEND: f64 = 640.0;
/// Characters of the note per line: about 6.4 px each at 12 px across the
/// plot's width.
const NOTE_CHARS: usize = 120;
/// The same for the subtitle at 13 px.
const SUBTITLE_CHARS: usize = 110;

const INK_COMMUNES: &str = "#1f3f73";
const INK_CRITERIA: &str = "#8a4b08";
const INK_MARGINAL: &str = "#3d6b35";
const INK_TARGET: &str = "#222222";
const INK_GRID: &str = "#dddddd";
const INK_AXIS: &str = "#555555";
const WHITE: &str = "#ffffff";

/// A white outline behind text, so that labels stay legible over lines.
const HALO: &str = r##"stroke="#ffffff" stroke-width="3" paint-order="stroke""##;

/// [`svg_in`] in English.
pub fn svg(curve: &Curve) -> String {
    svg_in(curve, Lang::En)
}

/// The chart with its words in `lang`.
pub fn svg_in(curve: &Curve, lang: Lang) -> String {
    let mut chart = Chart::new(curve, lang);
    chart.header();
    chart.panels();
    chart.money_axis();
    chart.find_obstacles();
    let has_base = chart.base_budget();
    chart.targets();
    chart.communes_series();
    chart.criteria_series();
    chart.marginal_bars();
    let unplanned = chart.unplanned();
    chart.s.push_str(&std::mem::take(&mut chart.labels));
    let bottom = chart.legend(has_base, unplanned);
    chart.note(bottom);
    chart.s.push_str("</svg>\n");
    chart.s
}

fn billions(m: Money) -> f64 {
    m.millions() / 1000.0
}

/// The chart being drawn: its axes, and what labels must not cover.
struct Chart<'a> {
    curve: &'a Curve,
    lang: Lang,
    planned: Vec<(&'a Point, &'a Achieved)>,
    /// Marginal cost per additional commune, billion VND, by point.
    marginal: Vec<Option<f64>>,
    x: Axis,
    x_ticks: Vec<f64>,
    ya: Axis,
    c_ticks: Vec<f64>,
    yb: Axis,
    v_ticks: Vec<f64>,
    yc: Axis,
    m_ticks: Vec<f64>,
    /// The markers and the values above them.
    obstacles: Vec<(f64, f64)>,
    /// The lines between markers, sampled every few pixels.
    lines: Vec<(f64, f64)>,
    s: String,
    /// Labels are drawn last, over the lines, each with a white halo.
    labels: String,
}

impl<'a> Chart<'a> {
    fn new(curve: &'a Curve, lang: Lang) -> Chart<'a> {
        let planned: Vec<(&Point, &Achieved)> = curve
            .points
            .iter()
            .filter_map(|p| p.achieved.as_ref().map(|a| (p, a)))
            .collect();
        let money_lo = curve
            .points
            .first()
            .map_or(0.0, |p| billions(p.money_available));
        let money_hi = curve
            .points
            .last()
            .map_or(1.0, |p| billions(p.money_available));
        // The money axis spans the data with a little room; its ticks are
        // the round values inside.
        let pad = ((money_hi - money_lo) * 0.03).max(1e-6);
        let x = Axis {
            lo: money_lo - pad,
            hi: money_hi + pad,
            from: LEFT,
            to: RIGHT,
        };
        let x_ticks: Vec<f64> = ticks(money_lo, money_hi, 8, false)
            .into_iter()
            .filter(|t| (x.lo..=x.hi).contains(t))
            .collect();

        let mut communes: Vec<f64> = planned
            .iter()
            .map(|(_, a)| a.communes_meeting_standard as f64)
            .collect();
        communes.extend(curve.target_communes.map(f64::from));
        // Half a commune of room, so that no point sits on the frame.
        let (c_lo, c_hi) = range(&communes).unwrap_or((0.0, curve.communes_total as f64));
        let c_ticks = ticks((c_lo - 0.5).max(0.0), c_hi + 0.5, 6, true);
        let ya = panel_axis(&c_ticks, TOP_A, BOTTOM_A);

        let mut averages: Vec<f64> = planned.iter().map(|(_, a)| a.average_criteria).collect();
        averages.extend(curve.target_average_criteria);
        let (v_lo, v_hi) = range(&averages).unwrap_or((0.0, curve.criteria_total as f64));
        let v_pad = ((v_hi - v_lo) * 0.1).max(0.02);
        let v_ticks = ticks((v_lo - v_pad).max(0.0), v_hi + v_pad, 3, false);
        let yb = panel_axis(&v_ticks, TOP_B, BOTTOM_B);

        let marginal: Vec<Option<f64>> = curve
            .marginal_costs()
            .into_iter()
            .map(|m| m.map(|millions| millions / 1000.0))
            .collect();
        // Room above the tallest bar for its value.
        let m_hi = marginal.iter().flatten().copied().fold(0.0, f64::max);
        let m_ticks = ticks(0.0, (m_hi * 1.25).max(1e-3), 3, false);
        let yc = panel_axis(&m_ticks, TOP_C, BOTTOM_C);
        Chart {
            curve,
            lang,
            planned,
            marginal,
            x,
            x_ticks,
            ya,
            c_ticks,
            yb,
            v_ticks,
            yc,
            m_ticks,
            obstacles: Vec::new(),
            lines: Vec::new(),
            s: String::new(),
            labels: String::new(),
        }
    }

    fn pick(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(vi, en)
    }

    fn years(&self) -> String {
        match (self.curve.years.first(), self.curve.years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        }
    }

    fn describe(&self) -> String {
        self.curve
            .scale
            .named(self.curve.source_name.as_deref(), self.lang)
    }

    fn factor_range(&self) -> (f64, f64) {
        let first = self.curve.points.first().map_or(0.0, |p| p.factor);
        let last = self.curve.points.last().map_or(0.0, |p| p.factor);
        (first, last)
    }

    /// The frame, the title and the subtitle.
    fn header(&mut self) {
        let curve = self.curve;
        let lang = self.lang;
        let describe = self.describe();
        let years = self.years();
        let (first, last) = self.factor_range();
        let (first_percent, last_percent) = (percent(first, lang), percent(last, lang));
        let title = self.pick("đường cong vốn – kết quả", "budget–outcome curve");
        let s = &mut self.s;
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif" font-size="12" fill="{INK_TARGET}">"#
        );
        let _ = writeln!(
            s,
            r#"<title>{}: {title}, {}</title>"#,
            escape(&curve.scenario_name),
            escape(&describe)
        );
        let _ = writeln!(
            s,
            r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>"#
        );
        let _ = writeln!(
            s,
            r#"<text x="{LEFT}" y="30" font-size="18" font-weight="bold">{}: {title}</text>"#,
            escape(&curve.scenario_name),
        );
        let subtitle = match lang {
            Lang::En => format!(
                "The money of {describe} from {first_percent}% to {last_percent}% of the scenario's ({} plans, {years})",
                curve.points.len()
            ),
            Lang::Vi => format!(
                "Vốn {describe} từ {first_percent}% đến {last_percent}% mức của kịch bản ({} kế hoạch, {years})",
                curve.points.len()
            ),
        };
        // A source's full name can be long: the subtitle takes two lines
        // rather than run off the chart.
        for (i, line) in wrap(&subtitle, SUBTITLE_CHARS).iter().take(2).enumerate() {
            let _ = writeln!(
                s,
                r#"<text x="{LEFT}" y="{}" font-size="13">{}</text>"#,
                48 + 15 * i,
                escape(line)
            );
        }
    }

    /// Each panel's title, grid, frame and value axis.
    fn panels(&mut self) {
        let of = self.pick("trên", "of");
        let titles = [
            (
                TOP_A,
                self.pick(
                    "Xã đạt chuẩn nông thôn mới",
                    "Communes meeting the standard",
                ),
                format!("({of} {})", self.curve.communes_total),
            ),
            (
                TOP_B,
                self.pick("Số tiêu chí bình quân/xã", "Average criteria per commune"),
                format!("({of} {})", self.curve.criteria_total),
            ),
            (
                TOP_C,
                self.pick(
                    "Chi phí thêm cho mỗi xã đạt chuẩn thêm",
                    "Cost of each additional commune meeting the standard",
                ),
                format!(
                    "({})",
                    self.pick(
                        "tỷ đồng/xã, tính từ mức vốn đạt số xã trước đó",
                        "billion VND per commune, from the money that first reached the previous count",
                    )
                ),
            ),
        ];
        for (top, bold, rest) in titles {
            let _ = writeln!(
                self.s,
                r#"<text x="{LEFT}" y="{}" font-size="13" font-weight="bold">{bold} <tspan font-weight="normal">{}</tspan></text>"#,
                top - 10.0,
                escape(&rest)
            );
        }
        let panels = [
            (self.ya, self.c_ticks.clone(), TOP_A, BOTTOM_A),
            (self.yb, self.v_ticks.clone(), TOP_B, BOTTOM_B),
            (self.yc, self.m_ticks.clone(), TOP_C, BOTTOM_C),
        ];
        for (axis, ticks, top, bottom) in panels {
            self.panel(axis, &ticks, top, bottom);
        }
    }

    fn panel(&mut self, axis: Axis, ticks: &[f64], top: f64, bottom: f64) {
        let d = tick_decimals(ticks);
        let s = &mut self.s;
        for &t in ticks {
            let y = axis.at(t);
            let _ = writeln!(
                s,
                r#"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{INK_GRID}" stroke-width="1"/>"#
            );
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                LEFT - 8.0,
                y + 4.0,
                label(t, d, self.lang)
            );
        }
        for &t in &self.x_ticks {
            let px = self.x.at(t);
            let _ = writeln!(
                s,
                r#"<line x1="{px:.1}" y1="{top}" x2="{px:.1}" y2="{bottom}" stroke="{INK_GRID}" stroke-width="1"/>"#
            );
        }
        let _ = writeln!(
            s,
            r#"<rect x="{LEFT}" y="{top}" width="{}" height="{}" fill="none" stroke="{INK_AXIS}" stroke-width="1"/>"#,
            RIGHT - LEFT,
            bottom - top
        );
    }

    /// The money axis, under the lowest panel.
    fn money_axis(&mut self) {
        let x_decimals = tick_decimals(&self.x_ticks);
        let describe = self.describe();
        let years = self.years();
        let s = &mut self.s;
        for &t in &self.x_ticks {
            let px = self.x.at(t);
            let _ = writeln!(
                s,
                r#"<line x1="{px:.1}" y1="{BOTTOM_C}" x2="{px:.1}" y2="{}" stroke="{INK_AXIS}" stroke-width="1"/>"#,
                BOTTOM_C + 5.0
            );
            let _ = writeln!(
                s,
                r#"<text x="{px:.1}" y="{}" text-anchor="middle">{}</text>"#,
                BOTTOM_C + 19.0,
                label(t, x_decimals, self.lang)
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="13">{} {}, {years} ({})</text>"#,
            (LEFT + RIGHT) / 2.0,
            BOTTOM_C + 40.0,
            self.lang
                .pick("Vốn có thể sử dụng từ", "Money available from"),
            escape(&describe),
            self.lang.pick("tỷ đồng", "billion VND")
        );
    }

    /// What labels must not cover: the markers and the values above them.
    /// (Markers and other labels first, lines second: a label may cross a
    /// line, halo and all, sooner than hide a point.)
    fn find_obstacles(&mut self) {
        let (x, ya, yb) = (self.x, self.ya, self.yb);
        for (p, a) in &self.planned {
            let px = x.at(billions(p.money_available));
            let py = ya.at(a.communes_meeting_standard as f64);
            self.obstacles.extend([(px, py), (px, py - 13.0)]);
            self.obstacles.push((px, yb.at(a.average_criteria)));
        }
        for pair in self.planned.windows(2) {
            let (p0, a0) = pair[0];
            let (p1, a1) = pair[1];
            let (x0, x1) = (
                x.at(billions(p0.money_available)),
                x.at(billions(p1.money_available)),
            );
            for (y0, y1) in [
                (
                    ya.at(a0.communes_meeting_standard as f64),
                    ya.at(a1.communes_meeting_standard as f64),
                ),
                (yb.at(a0.average_criteria), yb.at(a1.average_criteria)),
            ] {
                let samples = ((x1 - x0).hypot(y1 - y0) / 4.0).ceil().max(1.0) as usize;
                for k in 1..samples {
                    let t = k as f64 / samples as f64;
                    self.lines.push((x0 + t * (x1 - x0), y0 + t * (y1 - y0)));
                }
            }
        }
    }

    /// The scenario's own budget (factor 1), when on the curve's range:
    /// whether it was drawn.
    fn base_budget(&mut self) -> bool {
        let (first, last) = self.factor_range();
        if !(first <= 1.0 && 1.0 <= last) {
            return false;
        }
        let px = self.x.at(billions(self.curve.base_money));
        let _ = writeln!(
            self.s,
            r#"<line x1="{px:.1}" y1="{TOP_A}" x2="{px:.1}" y2="{BOTTOM_C}" stroke="{INK_TARGET}" stroke-width="1.2" stroke-dasharray="2 3"/>"#
        );
        self.lines.extend(
            (0..=((BOTTOM_C - TOP_A) / 4.0) as usize).map(|k| (px, TOP_A + 4.0 * k as f64)),
        );
        let text = self.pick("vốn của kịch bản (100%)", "scenario budget (100%)");
        let width = label_width(text, 6.0);
        let candidates = [
            (px - 5.0 - width, TOP_A + 14.0),
            (px + 5.0, TOP_A + 14.0),
            (px - 5.0 - width, BOTTOM_A - 6.0),
            (px + 5.0, BOTTOM_A - 6.0),
        ];
        let (lx, ly) = place(&candidates, width, &self.obstacles, &self.lines);
        self.obstacles.push((lx + width / 2.0, ly - 4.0));
        let _ = writeln!(
            self.labels,
            r#"<text x="{lx:.1}" y="{ly:.1}" font-size="11" {HALO}>{text}</text>"#
        );
        true
    }

    /// Targets: dashed horizontal lines, each labelled above or below its
    /// line, at the right or left end, wherever it covers no point.
    fn targets(&mut self) {
        let lang = self.lang;
        if let Some(t) = self.curve.target_communes {
            let text = match lang {
                Lang::Vi => format!("mục tiêu chỉ thị: {t} xã"),
                Lang::En => format!("directive target: {t} communes"),
            };
            self.target_line(self.ya, f64::from(t), &text);
        }
        if let Some(t) = self.curve.target_average_criteria {
            let text = match lang {
                Lang::Vi => format!("mục tiêu chỉ thị: {} tiêu chí", label(t, 1, lang)),
                Lang::En => format!("directive target: {} criteria", label(t, 1, lang)),
            };
            self.target_line(self.yb, t, &text);
        }
    }

    fn target_line(&mut self, axis: Axis, value: f64, text: &str) {
        let y = axis.at(value);
        let _ = writeln!(
            self.s,
            r#"<line class="target" x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{INK_TARGET}" stroke-width="1.5" stroke-dasharray="12 4 3 4"/>"#
        );
        let width = label_width(text, 6.6);
        // The ends first, then three places between them.
        let (left, right) = (LEFT + 6.0, RIGHT - 6.0 - width);
        let mut candidates = Vec::new();
        for at in [[1.0, 0.0], [0.75, 0.25]] {
            for baseline in [y - 5.0, y + 14.0] {
                for t in at {
                    candidates.push((left + t * (right - left), baseline));
                }
            }
        }
        for baseline in [y - 5.0, y + 14.0] {
            candidates.push(((left + right) / 2.0, baseline));
        }
        let (lx, ly) = place(&candidates, width, &self.obstacles, &self.lines);
        let _ = writeln!(
            self.labels,
            r#"<text x="{lx:.1}" y="{ly:.1}" font-size="11" font-weight="bold" {HALO}>{}</text>"#,
            escape(text)
        );
    }

    /// The runs of a series in pixels: a point without a plan breaks the
    /// line.
    fn runs(&self, value: &dyn Fn(&Achieved) -> f64, axis: Axis) -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for p in &self.curve.points {
            match &p.achieved {
                Some(a) => runs
                    .last_mut()
                    .expect("a run")
                    .push((self.x.at(billions(p.money_available)), axis.at(value(a)))),
                None => runs.push(Vec::new()),
            }
        }
        runs.retain(|r| !r.is_empty());
        runs
    }

    fn polyline(&mut self, run: &[(f64, f64)], ink: &str, dash: &str) {
        let points: Vec<String> = run.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let _ = writeln!(
            self.s,
            r#"<polyline points="{}" fill="none" stroke="{ink}" stroke-width="2.2" stroke-linejoin="round"{dash}/>"#,
            points.join(" ")
        );
    }

    /// Few points get their value written above each marker.
    fn show_values(&self) -> bool {
        self.curve.points.len() <= 16
    }

    fn communes_series(&mut self) {
        for run in self.runs(&|a| a.communes_meeting_standard as f64, self.ya) {
            self.polyline(&run, INK_COMMUNES, "");
        }
        let show_values = self.show_values();
        for (p, a) in &self.planned {
            let (px, py) = (
                self.x.at(billions(p.money_available)),
                self.ya.at(a.communes_meeting_standard as f64),
            );
            let _ = writeln!(
                self.s,
                r#"<circle cx="{px:.1}" cy="{py:.1}" r="4.5" fill="{INK_COMMUNES}" stroke="{WHITE}" stroke-width="1"/>"#
            );
            if show_values {
                let _ = writeln!(
                    self.s,
                    r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{INK_COMMUNES}" {HALO}>{}</text>"#,
                    py - 9.0,
                    a.communes_meeting_standard
                );
            }
        }
    }

    fn criteria_series(&mut self) {
        for run in self.runs(&|a| a.average_criteria, self.yb) {
            self.polyline(&run, INK_CRITERIA, r#" stroke-dasharray="7 4""#);
        }
        for (p, a) in &self.planned {
            let (px, py) = (
                self.x.at(billions(p.money_available)),
                self.yb.at(a.average_criteria),
            );
            let _ = writeln!(
                self.s,
                r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{WHITE}" stroke="{INK_CRITERIA}" stroke-width="2"/>"#,
                px - 4.0,
                py - 4.0
            );
        }
    }

    /// A bar at each point where the count of communes rises: what each
    /// additional commune cost since the count was first at its previous
    /// level (`curve::marginal_costs`, as in `curve.csv`).
    fn marginal_bars(&mut self) {
        let show_values = self.show_values();
        let zero = self.yc.at(0.0);
        let mut any = false;
        for (p, m) in self.curve.points.iter().zip(&self.marginal) {
            let Some(m) = m else { continue };
            any = true;
            let px = self.x.at(billions(p.money_available));
            let top = self.yc.at(*m);
            let _ = writeln!(
                self.s,
                r#"<rect class="marginal" x="{:.1}" y="{top:.1}" width="10" height="{:.1}" fill="{INK_MARGINAL}"/>"#,
                px - 5.0,
                (zero - top).max(0.5)
            );
            if show_values {
                let _ = writeln!(
                    self.labels,
                    r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{INK_MARGINAL}" {HALO}>{}</text>"#,
                    top - 4.0,
                    label(*m, 1, self.lang)
                );
            }
        }
        if !any {
            let _ = writeln!(
                self.s,
                r#"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{INK_AXIS}">{}</text>"#,
                (LEFT + RIGHT) / 2.0,
                (TOP_C + BOTTOM_C) / 2.0 + 4.0,
                self.pick(
                    "số xã đạt chuẩn không tăng trong khoảng vốn này",
                    "the count of communes does not rise over this range of money",
                )
            );
        }
    }

    /// Points without a plan: a cross on the lower edge of the upper
    /// panel. Whether there were any.
    fn unplanned(&mut self) -> bool {
        let mut any = false;
        for p in self.curve.points.iter().filter(|p| p.achieved.is_none()) {
            any = true;
            let (px, py) = (self.x.at(billions(p.money_available)), BOTTOM_A - 8.0);
            let _ = writeln!(
                self.s,
                r#"<path d="M{:.1},{:.1} l10,10 m0,-10 l-10,10" stroke="{INK_TARGET}" stroke-width="2"/>"#,
                px - 5.0,
                py - 5.0
            );
        }
        any
    }

    /// The legend under the money axis, in two rows at most: the baseline
    /// of its last row.
    fn legend(&mut self, has_base: bool, unplanned: bool) -> f64 {
        let lang = self.lang;
        let mut items: Vec<(String, &str)> = vec![
            (
                format!(
                    r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_COMMUNES}" stroke-width="2.2"/><circle cx="14" cy="0" r="4.5" fill="{INK_COMMUNES}"/>"#
                ),
                lang.pick("xã đạt chuẩn", "communes meeting the standard"),
            ),
            (
                format!(
                    r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_CRITERIA}" stroke-width="2.2" stroke-dasharray="7 4"/><rect x="10" y="-4" width="8" height="8" fill="{WHITE}" stroke="{INK_CRITERIA}" stroke-width="2"/>"#
                ),
                lang.pick("tiêu chí bình quân", "average criteria"),
            ),
            (
                format!(r#"<rect x="9" y="-6" width="10" height="12" fill="{INK_MARGINAL}"/>"#),
                lang.pick("chi phí mỗi xã thêm", "cost per additional commune"),
            ),
        ];
        if self.curve.target_communes.is_some() || self.curve.target_average_criteria.is_some() {
            items.push((
                format!(
                    r#"<line x1="0" y1="0" x2="28" y2="0" stroke="{INK_TARGET}" stroke-width="1.5" stroke-dasharray="12 4 3 4"/>"#
                ),
                lang.pick("mục tiêu chỉ thị", "directive target"),
            ));
        }
        if has_base {
            items.push((
                format!(
                    r#"<line x1="14" y1="-7" x2="14" y2="7" stroke="{INK_TARGET}" stroke-width="1.2" stroke-dasharray="2 3"/>"#
                ),
                lang.pick("vốn của kịch bản", "scenario budget"),
            ));
        }
        if unplanned {
            items.push((
                format!(
                    r#"<path d="M9,-5 l10,10 m0,-10 l-10,10" stroke="{INK_TARGET}" stroke-width="2"/>"#
                ),
                lang.pick(
                    "không có kế hoạch (xem cột status của curve.csv)",
                    "no plan (see status in curve.csv)",
                ),
            ));
        }
        // An item that would pass the right edge starts the next row.
        let (mut lx, mut ly) = (LEFT, LEGEND);
        for (symbol, text) in &items {
            // Roughly 6.6 px per character at 12 px.
            let width = 36.0 + label_width(text, 6.6);
            if lx > LEFT && lx + width > RIGHT {
                (lx, ly) = (LEFT, ly + 20.0);
            }
            let _ = writeln!(
                self.s,
                r#"<g transform="translate({lx:.1},{ly})">{symbol}<text x="36" y="4">{}</text></g>"#,
                escape(text)
            );
            lx += width + 24.0;
        }
        ly
    }

    /// Why the average criteria per commune can fall as money grows, under
    /// the legend: a reader who sees the line dip will ask.
    fn note(&mut self, legend_bottom: f64) {
        let text = self.pick(
            "Vì sao số tiêu chí bình quân có thể giảm khi vốn tăng: mỗi kế hoạch trước hết tối đa số xã đạt chuẩn, rồi mới đến số tiêu chí. Khi có thêm vốn, vốn chuyển sang hoàn thành các xã sắp đạt chuẩn thay vì nâng thêm tiêu chí ở các xã khác, nên số tiêu chí bình quân có thể giảm trong khi số xã đạt chuẩn tăng.",
            "Why the average criteria per commune can fall as money grows: each plan first maximises the communes meeting the standard, and only then the criteria. With more money, money moves to completing communes close to the standard instead of adding criteria elsewhere, so the average may fall while the count of communes rises.",
        );
        let mut y = legend_bottom + 30.0;
        for line in wrap(text, NOTE_CHARS) {
            let _ = writeln!(
                self.s,
                r#"<text class="note" x="{LEFT}" y="{y}" font-size="12" fill="{INK_AXIS}">{}</text>"#,
                escape(&line)
            );
            y += 16.0;
        }
    }
}

/// A panel's value axis over its ticks, from its bottom up.
fn panel_axis(ticks: &[f64], top: f64, bottom: f64) -> Axis {
    Axis {
        lo: ticks[0],
        hi: *ticks.last().expect("ticks"),
        from: bottom,
        to: top,
    }
}

/// Words in lines of at most `width` characters (a longer word alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Rough width in pixels of a label at 11 px (`per_char` px a character).
fn label_width(text: &str, per_char: f64) -> f64 {
    text.chars().count() as f64 * per_char
}

/// The best of `candidates` (left end and baseline of an 11 px label
/// `width` wide): the first that covers the fewest `obstacles` and, among
/// those, the fewest `lines` samples.
fn place(
    candidates: &[(f64, f64)],
    width: f64,
    obstacles: &[(f64, f64)],
    lines: &[(f64, f64)],
) -> (f64, f64) {
    let covered = |&(x, y): &(f64, f64), points: &[(f64, f64)]| {
        points
            .iter()
            .filter(|(ox, oy)| {
                (x - 6.0..=x + width + 6.0).contains(ox) && (y - 17.0..=y + 6.0).contains(oy)
            })
            .count()
    };
    candidates
        .iter()
        .copied()
        .min_by_key(|c| (covered(c, obstacles), covered(c, lines)))
        .expect("at least one candidate")
}

fn range(values: &[f64]) -> Option<(f64, f64)> {
    let lo = values.iter().copied().reduce(f64::min)?;
    let hi = values.iter().copied().reduce(f64::max)?;
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_every_word_and_the_width() {
        let lines = wrap("a bb ccc dddd eeeee", 7);
        assert_eq!(lines, ["a bb", "ccc", "dddd", "eeeee"]);
        assert!(wrap("", 5).is_empty());
    }
}
