//! `sweep.csv`, and the sweep's report (`sweep.md`, `sweep.html`,
//! `sweep.xlsx`): one row per variant, and what a finance meeting wants to
//! know first.

use super::doc::{self, Block, Cell, Chart, Column, Document, Kind, Lines, Show, Table};
use super::plan::{source_name, target_label};
use super::tables::Csv;
use crate::instance::Instance;
use crate::lang::Lang;
use crate::money::Money;
use crate::scenario::Scenario;
use crate::sweep::{VariantResult, used_per_source};

/// The target names a scenario reports against, in the evaluator's order.
fn target_names(scenario: &Scenario) -> Vec<&'static str> {
    let t = &scenario.targets;
    let mut names = Vec::new();
    if t.communes_meeting_standard.is_some() {
        names.push("communes_meeting_standard");
    }
    if t.average_criteria.is_some() {
        names.push("average_criteria");
    }
    if t.min_criteria_per_commune.is_some() {
        names.push("min_criteria_per_commune");
    }
    if !t.districts_meeting_standard.is_empty() {
        names.push("districts_meeting_standard");
    }
    names
}

pub fn sweep_csv(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    timings: bool,
) -> Vec<u8> {
    let targets = target_names(scenario);
    let mut header: Vec<String> = vec!["variant".into()];
    header.extend(keys.iter().cloned());
    header.extend(
        [
            "status",
            "weighted_communes",
            "communes_meeting_standard",
            "average_criteria",
            "min_criteria",
            "total_cost",
        ]
        .map(String::from),
    );
    header.extend(instance.sources.iter().map(|s| format!("used_{}", s.id)));
    header.extend(targets.iter().map(|t| format!("met_{t}")));
    header.push("solve_seconds".into());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut csv = Csv::new(&header_refs);
    for r in results {
        let mut cells = vec![r.id.to_string()];
        for key in keys {
            cells.push(
                r.varied
                    .iter()
                    .find(|o| &o.key == key)
                    .map(|o| o.value.clone())
                    .unwrap_or_default(),
            );
        }
        cells.push(r.status().to_string());
        match &r.result {
            Ok(run) => {
                let o = &run.outcome;
                cells.push(format!("{}", o.weighted_communes));
                cells.push(o.communes_meeting_standard.to_string());
                cells.push(format!("{:.4}", o.average_criteria));
                cells.push(o.min_criteria.to_string());
                cells.push(o.total_cost.to_string());
                cells.extend(used_per_source(instance, run).iter().map(Money::to_string));
                for name in &targets {
                    let met = o
                        .targets
                        .iter()
                        .find(|t| t.name == *name)
                        .is_some_and(|t| t.met);
                    cells.push(if met { "1" } else { "0" }.to_string());
                }
            }
            Err(_) => {
                cells.extend(std::iter::repeat_n(
                    String::new(),
                    5 + instance.sources.len() + targets.len(),
                ));
            }
        }
        cells.push(if timings {
            format!("{:.3}", r.seconds)
        } else {
            String::new()
        });
        csv.row(&cells);
    }
    csv.finish()
}

/// A status word as a reader says it (the CSV keeps the word itself).
pub fn status_label(status: &str, lang: Lang) -> &str {
    match (status, lang) {
        (s, Lang::En) => s,
        ("optimal", _) => "tối ưu",
        ("time_limit", _) => "hết thời gian giải",
        ("targets_unreachable", _) => "không thể đạt mục tiêu",
        ("infeasible", _) => "không khả thi",
        ("no_solution", _) => "chưa tìm được phương án",
        ("failed", _) => "lỗi",
        (s, _) => s,
    }
}

/// A varied scenario key as a reader says it: a source's factor by the
/// source's name, a target by its name; other keys as written.
pub fn key_label(instance: &Instance, key: &str, lang: Lang) -> String {
    if let Some(id) = key.strip_prefix("adjust.sources.") {
        let name = super::plan::source_name_by_id(instance, id, lang);
        return match lang {
            Lang::Vi => format!("Hệ số vốn {name}"),
            Lang::En => format!("{name} (factor)"),
        };
    }
    if let Some(target) = key.strip_prefix("targets.") {
        return match target {
            "enforce" => lang
                .pick("Bắt buộc đạt mục tiêu", "Targets enforced")
                .to_string(),
            _ => format!(
                "{}: {}",
                lang.pick("Mục tiêu", "Target"),
                target_label(target, lang)
            ),
        };
    }
    let words = match key {
        "adjust.land_revenue" => {
            lang.pick("Hệ số tiền thu sử dụng đất", "Land-use revenue (factor)")
        }
        "adjust.cost" => lang.pick("Hệ số chi phí", "Costs (factor)"),
        "land_revenue.min_share" => lang.pick(
            "Tỷ lệ tối thiểu tiền thu sử dụng đất",
            "Least share of land-use revenue",
        ),
        "land_revenue.max_share" => lang.pick(
            "Tỷ lệ tối đa tiền thu sử dụng đất",
            "Largest share of land-use revenue",
        ),
        "payments.rule" => lang.pick("Quy tắc thanh toán", "Payment rule"),
        _ => return key.to_string(),
    };
    words.to_string()
}

/// `sweep.md`, `sweep.html` and `sweep.xlsx` are renderings of this.
pub fn sweep_document(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    timings: bool,
    lang: Lang,
) -> Document {
    let n = results.len();
    let title = match lang {
        Lang::Vi => format!("{}: {n} phương án", scenario.name),
        Lang::En => format!("{}: sweep of {n} variants", scenario.name),
    };
    let mut d = Document::new(title, lang);
    if !keys.is_empty() {
        let named: Vec<String> = keys.iter().map(|k| key_label(instance, k, lang)).collect();
        d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!(
                    "Các khóa thay đổi: {}. Đơn vị tiền: triệu đồng.",
                    named.join(", ")
                ),
                Lang::En => format!("Varied: {}. Money in million VND.", named.join(", ")),
            },
        );
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in results {
        match counts.iter_mut().find(|(s, _)| *s == r.status()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.status(), 1)),
        }
    }
    let statuses: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{n} {}", status_label(s, lang)))
        .collect();
    d.paragraph(
        Show::DOCUMENT,
        format!(
            "{}: {}.",
            lang.pick("Tình trạng", "Status"),
            statuses.join(", ")
        ),
    );

    let label = |r: &VariantResult| -> String {
        if r.varied.is_empty() {
            lang.pick("kịch bản như đã viết", "the scenario as written")
                .to_string()
        } else {
            r.varied
                .iter()
                .map(|o| {
                    let value = if lang == Lang::Vi && o.value.parse::<f64>().is_ok() {
                        o.value.replace('.', ",")
                    } else {
                        o.value.clone()
                    };
                    format!("{} = {value}", key_label(instance, &o.key, lang))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let targets = target_names(scenario);
    if targets.is_empty() {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Kịch bản không đặt mục tiêu nào.",
                "The scenario sets no targets.",
            ),
        );
    } else {
        let meeting: Vec<&VariantResult> = results
            .iter()
            .filter(|r| {
                r.result
                    .as_ref()
                    .is_ok_and(|run| run.outcome.targets.iter().all(|t| t.met))
            })
            .collect();
        d.heading(
            Show::DOCUMENT,
            lang.pick(
                "Phương án đạt mọi mục tiêu",
                "Variants meeting every target",
            ),
        );
        match meeting
            .iter()
            .filter_map(|r| r.result.as_ref().ok().map(|run| run.outcome.total_cost))
            .min()
        {
            None => d.paragraph(
                Show::DOCUMENT,
                match lang {
                    Lang::Vi => {
                        format!("Không phương án nào trong {n} phương án đạt mọi mục tiêu.")
                    }
                    Lang::En => format!("None of the {n} variants meets every target."),
                },
            ),
            Some(least) => {
                d.paragraph(
                    Show::DOCUMENT,
                    match lang {
                        Lang::Vi => format!(
                            "{}/{n} phương án đạt mọi mục tiêu. Vốn sử dụng ít nhất là {} triệu đồng, ở:",
                            meeting.len(),
                            doc::money(least, lang)
                        ),
                        Lang::En => format!(
                            "{} of {n} variants meet every target. The least money spent is {} million VND, by:",
                            meeting.len(),
                            doc::money(least, lang)
                        ),
                    },
                );
                let items = meeting
                    .iter()
                    .filter(|r| {
                        r.result
                            .as_ref()
                            .is_ok_and(|run| run.outcome.total_cost == least)
                    })
                    .map(|r| {
                        format!(
                            "{} {}: {}",
                            lang.pick("phương án", "variant"),
                            r.id,
                            label(r)
                        )
                    })
                    .collect();
                d.push_for(Show::DOCUMENT, Block::List(items));
            }
        }
    }
    let best = results
        .iter()
        .filter_map(|r| {
            r.result
                .as_ref()
                .ok()
                .map(|run| (run.outcome.communes_meeting_standard, r))
        })
        .max_by_key(|(n, r)| (*n, std::cmp::Reverse(r.id)));
    if let Some((most, r)) = best {
        d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!(
                    "Nhiều xã đạt chuẩn nhất: {most}, lần đầu ở phương án {} ({}).",
                    r.id,
                    label(r)
                ),
                Lang::En => format!(
                    "Most communes meeting the standard: {most}, first reached by variant {} ({}).",
                    r.id,
                    label(r)
                ),
            },
        );
    }

    if let Some(charts) = curve_charts(instance, scenario, keys, results, lang) {
        d.heading(
            Show::HTML,
            lang.pick("Đường cong vốn – kết quả", "Budget–outcome curve"),
        );
        for chart in charts {
            d.chart(chart);
        }
    }
    d.heading(Show::HTML, lang.pick("Các phương án", "Variants"));
    d.table(
        Show::HTML_XLSX,
        variants_table(instance, scenario, keys, results, timings, lang),
    );
    d
}

/// When exactly one key varies and all its values are numbers: communes
/// meeting the standard, and money spent, against that key.
fn curve_charts(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Option<Vec<Chart>> {
    let [key] = keys else { return None };
    let label = key_label(instance, key, lang);
    let mut communes = Vec::new();
    let mut spent = Vec::new();
    for r in results {
        let value: f64 = r
            .varied
            .iter()
            .find(|o| &o.key == key)?
            .value
            .parse()
            .ok()?;
        if let Ok(run) = &r.result {
            communes.push((value, run.outcome.communes_meeting_standard as f64));
            spent.push((value, run.outcome.total_cost.millions()));
        }
    }
    if communes.len() < 2 {
        return None;
    }
    communes.sort_by(|a, b| a.0.total_cmp(&b.0));
    spent.sort_by(|a, b| a.0.total_cmp(&b.0));
    let references = scenario
        .targets
        .communes_meeting_standard
        .map(|t| vec![(lang.pick("Mục tiêu", "Target").to_string(), f64::from(t))])
        .unwrap_or_default();
    let communes_label = lang
        .pick(
            "Xã đạt chuẩn nông thôn mới",
            "Communes meeting the standard",
        )
        .to_string();
    let spent_label = lang.pick("Vốn sử dụng", "Money spent").to_string();
    Some(vec![
        Chart::Lines(Lines {
            title: match lang {
                Lang::Vi => format!("Số xã đạt chuẩn theo {label}"),
                Lang::En => format!("Communes meeting the standard against {label}"),
            },
            x_axis: label.clone(),
            y_axis: lang.pick("số xã", "communes").to_string(),
            series: vec![(communes_label, communes)],
            references,
            integer_y: true,
        }),
        Chart::Lines(Lines {
            title: match lang {
                Lang::Vi => format!("Vốn sử dụng theo {label} (triệu đồng)"),
                Lang::En => format!("Money spent against {label} (million VND)"),
            },
            x_axis: label.clone(),
            y_axis: lang.pick("triệu đồng", "million VND").to_string(),
            series: vec![(spent_label, spent)],
            references: Vec::new(),
            integer_y: false,
        }),
    ])
}

/// The rows of `sweep.csv`, with headers and statuses for people.
fn variants_table(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    timings: bool,
    lang: Lang,
) -> Table {
    let targets = target_names(scenario);
    let mut columns = vec![Column::new(
        lang.pick("Phương án", "Variant"),
        Kind::Integer,
    )];
    // A key's column is numeric when every value is a number.
    let numeric: Vec<Option<usize>> = keys
        .iter()
        .map(|key| {
            let mut decimals = 0;
            for r in results {
                let value = r.varied.iter().find(|o| &o.key == key)?;
                value.value.parse::<f64>().ok().filter(|x| x.is_finite())?;
                let d = value.value.split_once('.').map_or(0, |(_, f)| f.len());
                decimals = decimals.max(d);
            }
            Some(decimals)
        })
        .collect();
    for (key, numeric) in keys.iter().zip(&numeric) {
        let kind = if numeric.is_some() {
            Kind::Decimal
        } else {
            Kind::Text
        };
        columns.push(Column::new(key_label(instance, key, lang), kind));
    }
    columns.push(Column::new(lang.pick("Tình trạng", "Status"), Kind::Text));
    columns.push(Column::new(
        lang.pick("Số xã đạt chuẩn có trọng số", "Weighted communes"),
        Kind::Decimal,
    ));
    columns.push(Column::new(
        lang.pick("Xã đạt chuẩn", "Communes meeting the standard"),
        Kind::Integer,
    ));
    columns.push(Column::new(
        lang.pick("Số tiêu chí bình quân/xã", "Average criteria"),
        Kind::Decimal,
    ));
    columns.push(Column::new(
        lang.pick("Số tiêu chí thấp nhất", "Fewest criteria"),
        Kind::Integer,
    ));
    columns.push(Column::new(
        lang.pick("Vốn sử dụng (triệu đồng)", "Money spent (million VND)"),
        Kind::Money,
    ));
    for source in &instance.sources {
        columns.push(Column::new(
            match lang {
                Lang::Vi => format!("Đã dùng {} (triệu đồng)", source_name(source, lang)),
                Lang::En => format!("Used {} (million VND)", source_name(source, lang)),
            },
            Kind::Money,
        ));
    }
    for t in &targets {
        columns.push(Column::new(
            format!("{}: {}", lang.pick("Đạt", "Met"), target_label(t, lang)),
            Kind::Met,
        ));
    }
    columns.push(Column::new(
        lang.pick("Thời gian giải (giây)", "Solve seconds"),
        Kind::Decimal,
    ));
    let width = columns.len();
    let mut t = Table::new("variants", lang.pick("Phương án", "Variants"), columns).interactive();
    for r in results {
        let mut cells = vec![Cell::int(r.id)];
        for (key, numeric) in keys.iter().zip(&numeric) {
            let value = r
                .varied
                .iter()
                .find(|o| &o.key == key)
                .map(|o| o.value.clone())
                .unwrap_or_default();
            cells.push(match (numeric, value.parse::<f64>()) {
                (Some(d), Ok(x)) => Cell::Decimal(x, *d),
                _ => Cell::Text(value),
            });
        }
        cells.push(Cell::text(status_label(r.status(), lang)));
        match &r.result {
            Ok(run) => {
                let o = &run.outcome;
                cells.push(Cell::Decimal(
                    o.weighted_communes,
                    decimals_of(o.weighted_communes),
                ));
                cells.push(Cell::int(o.communes_meeting_standard));
                cells.push(Cell::decimal(o.average_criteria, 4));
                cells.push(Cell::int(o.min_criteria));
                cells.push(Cell::Money(o.total_cost));
                cells.extend(used_per_source(instance, run).into_iter().map(Cell::Money));
                for name in &targets {
                    let met = o
                        .targets
                        .iter()
                        .find(|t| t.name == *name)
                        .is_some_and(|t| t.met);
                    cells.push(Cell::Flag(met));
                }
            }
            Err(_) => cells.extend(std::iter::repeat_n(
                Cell::Blank,
                5 + instance.sources.len() + targets.len(),
            )),
        }
        cells.push(if timings {
            Cell::decimal(r.seconds, 3)
        } else {
            Cell::Blank
        });
        debug_assert_eq!(cells.len(), width);
        t.row(cells);
    }
    t
}

/// The decimals a weight sum needs (at most 4).
fn decimals_of(x: f64) -> usize {
    (0..4)
        .find(|d| {
            let s = 10f64.powi(*d as i32);
            ((x * s).round() - x * s).abs() < 1e-9
        })
        .unwrap_or(4)
}
