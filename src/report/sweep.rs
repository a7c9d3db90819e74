//! `sweep.csv`, and the sweep's report (`sweep.md`, `sweep.html`,
//! `sweep.xlsx`): one row per variant, and what a finance meeting wants to
//! know first.

use super::doc::{self, Block, Cell, Chart, Column, Document, Kind, Lines, Show, Table};
use super::plan::{source_name, target_label};
use super::tables::Csv;
use crate::gap::GapStatus;
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
    if !t.keep_standard.is_empty() {
        names.push("keep_standard");
    }
    if t.villages_share_in_especially_difficult.is_some() {
        names.push("villages_share_in_especially_difficult");
    }
    if t.communes_advanced.is_some() {
        names.push("communes_advanced");
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
    // Appended after the columns of earlier versions, which stay in place.
    header.push("plan_enforces_targets".into());
    header.push("shortfall".into());
    header.push("shortfall_status".into());
    header.extend(
        instance
            .sources
            .iter()
            .map(|s| format!("available_{}", s.id)),
    );
    header.push("cost_of_missing_criteria".into());
    // With projects a variant could pause: the money the paused projects
    // of the row's plan add to each source (used may exceed available by
    // as much).
    let pausable = instance.projects.iter().any(|p| p.pausable);
    if pausable {
        header.extend(instance.sources.iter().map(|s| format!("freed_{}", s.id)));
    }
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
        match r.plan() {
            Some(run) => {
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
            None => {
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
        cells.push(match (&r.result, r.plan()) {
            (Ok(_), _) if scenario.targets.enforce => "1".to_string(),
            (_, Some(_)) => "0".to_string(),
            _ => String::new(),
        });
        match (r.plan(), &r.shortfall) {
            (Some(_), None) => {
                cells.push(Money::ZERO.to_string());
                cells.push(GapStatus::AlreadyMet.name().to_string());
            }
            (_, Some(Ok(s))) if s.status == GapStatus::Unreachable => {
                cells.push(String::new());
                cells.push(s.status.name().to_string());
            }
            (_, Some(Ok(s))) => {
                cells.push(s.total.to_string());
                cells.push(s.status.name().to_string());
            }
            (_, Some(Err(_))) => {
                cells.push(String::new());
                cells.push("failed".to_string());
            }
            (None, None) => cells.extend([String::new(), String::new()]),
        }
        cells.extend(r.available.iter().map(Money::to_string));
        cells.push(r.gap_cost.to_string());
        if pausable {
            match r.plan() {
                Some(run) => cells.extend((0..instance.sources.len()).map(|s| {
                    run.selection
                        .paused
                        .iter()
                        .map(|p| &instance.projects[*p])
                        .filter(|p| p.source.0 == s)
                        .map(|p| p.amount)
                        .sum::<Money>()
                        .to_string()
                })),
                None => cells.extend(std::iter::repeat_n(String::new(), instance.sources.len())),
            }
        }
        csv.row(&cells);
    }
    csv.finish()
}

/// A status word as a reader says it (the CSV keeps the word itself).
pub fn status_label(status: &str, lang: Lang) -> &str {
    match (status, lang) {
        ("optimal", Lang::Vi) => "tối ưu",
        ("optimal", Lang::En) => "optimal",
        ("time_limit", Lang::Vi) => "hết thời gian giải",
        ("time_limit", Lang::En) => "time limit reached",
        ("targets_unreachable", Lang::Vi) => "không đủ vốn đạt mọi mục tiêu",
        ("targets_unreachable", Lang::En) => "money short of the targets",
        ("infeasible", Lang::Vi) => "không khả thi",
        ("infeasible", Lang::En) => "no plan keeps the rules",
        ("no_solution", Lang::Vi) => "chưa tìm được phương án",
        ("no_solution", Lang::En) => "no plan found in time",
        ("failed", Lang::Vi) => "lỗi",
        ("failed", Lang::En) => "solver failed",
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

/// What a varied key amounts to in money, so a meeting reads the money
/// each variant has rather than the factor that made it: the source's
/// money for a source's factor, the land-use revenue that may be spent for
/// its factor or largest share, the cost of the missing criteria for the
/// cost factor. `None` for keys that are not about money.
fn key_money(instance: &Instance, key: &str, lang: Lang) -> Option<(String, MoneyOf)> {
    if let Some(id) = key.strip_prefix("adjust.sources.") {
        let s = instance.sources.iter().position(|s| s.id == id)?;
        return Some((source_name(&instance.sources[s], lang), MoneyOf::Source(s)));
    }
    match key {
        "adjust.land_revenue" | "land_revenue.max_share" => {
            let sources = instance
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_land_revenue())
                .map(|(i, _)| i)
                .collect();
            Some((
                lang.pick(
                    "Tiền thu sử dụng đất được dùng tối đa",
                    "Land-use revenue that may be spent",
                )
                .to_string(),
                MoneyOf::Sources(sources),
            ))
        }
        "adjust.cost" => Some((
            lang.pick(
                "Chi phí các tiêu chí còn thiếu",
                "Cost of the missing criteria",
            )
            .to_string(),
            MoneyOf::MissingCriteria,
        )),
        _ => None,
    }
}

/// Which money a varied key shows.
enum MoneyOf {
    Source(usize),
    Sources(Vec<usize>),
    MissingCriteria,
}

impl MoneyOf {
    fn of(&self, r: &VariantResult) -> Money {
        match self {
            MoneyOf::Source(s) => r.available[*s],
            MoneyOf::Sources(list) => list.iter().map(|s| r.available[*s]).sum(),
            MoneyOf::MissingCriteria => r.gap_cost,
        }
    }
}

/// A variant as a reader names it: each varied key with the money it
/// gives, or its value when it is not about money.
fn variant_label(instance: &Instance, r: &VariantResult, lang: Lang) -> String {
    if r.varied.is_empty() {
        return lang
            .pick("kịch bản như đã viết", "the scenario as written")
            .to_string();
    }
    r.varied
        .iter()
        .map(|o| match key_money(instance, &o.key, lang) {
            Some((name, money)) => format!(
                "{name}: {} {}",
                doc::money(money.of(r), lang),
                lang.pick("triệu đồng", "million VND")
            ),
            None => {
                let value = if lang == Lang::Vi && o.value.parse::<f64>().is_ok() {
                    o.value.replace('.', ",")
                } else {
                    o.value.clone()
                };
                format!("{} = {value}", key_label(instance, &o.key, lang))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `sweep.md`, `sweep.html` and `sweep.xlsx` are renderings of this.
pub fn sweep_document(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Document {
    let n = results.len();
    let title = match lang {
        Lang::Vi => format!("{}: {n} phương án", scenario.name),
        Lang::En => format!("{}: sweep of {n} variants", scenario.name),
    };
    let mut d = Document::new(title, lang);
    d.agency.clone_from(&scenario.agency);
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
    status_paragraphs(&mut d, results, lang);
    targets_section(&mut d, instance, scenario, results, lang);
    let best = results
        .iter()
        .filter_map(|r| {
            r.plan()
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
                    variant_label(instance, r, lang)
                ),
                Lang::En => format!(
                    "Most communes meeting the standard: {most}, first reached by variant {} ({}).",
                    r.id,
                    variant_label(instance, r, lang)
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
    d.heading(Show::DOCUMENT, lang.pick("Các phương án", "Variants"));
    d.table(
        Show::DOCUMENT,
        meeting_table(instance, scenario, keys, results, lang),
    );
    d.table(
        Show::XLSX,
        variants_table(instance, scenario, keys, results, lang),
    );
    d
}

/// How many variants ended how, and what a row shows when its targets are
/// out of reach.
fn status_paragraphs(d: &mut Document, results: &[VariantResult], lang: Lang) {
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
    if results.iter().any(VariantResult::is_relaxed) {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Ở phương án không đủ vốn để đạt mọi mục tiêu, bảng ghi kế hoạch tốt nhất khi không bắt buộc đạt mục tiêu, và vốn còn thiếu: số vốn bổ sung ít nhất để đạt mọi mục tiêu cùng lúc (như lệnh ntm gap tính, vốn bổ sung dùng cho mọi tiêu chí ở mọi xã).",
                "Where a variant's money cannot meet every target, the table shows the best plan without enforcing them, and the shortfall: the least additional money that meets every target together (as ntm gap computes it, a top-up for any criterion in any commune).",
            ),
        );
    }
}

/// Which variants meet every target, at what least cost; and of the
/// others, which comes closest.
fn targets_section(
    d: &mut Document,
    instance: &Instance,
    scenario: &Scenario,
    results: &[VariantResult],
    lang: Lang,
) {
    let n = results.len();
    if target_names(scenario).is_empty() {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Kịch bản không đặt mục tiêu nào.",
                "The scenario sets no targets.",
            ),
        );
        return;
    }
    let meeting: Vec<&VariantResult> = results
        .iter()
        .filter(|r| {
            r.plan()
                .is_some_and(|run| run.outcome.targets.iter().all(|t| t.met))
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
        .filter_map(|r| r.plan().map(|run| run.outcome.total_cost))
        .min()
    {
        None => d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!("Không phương án nào trong {n} phương án đạt mọi mục tiêu."),
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
                .filter(|r| r.plan().is_some_and(|run| run.outcome.total_cost == least))
                .map(|r| {
                    format!(
                        "{} {}: {}",
                        lang.pick("phương án", "variant"),
                        r.id,
                        variant_label(instance, r, lang)
                    )
                })
                .collect();
            d.push_for(Show::DOCUMENT, Block::List(items));
        }
    }
    let closest = results
        .iter()
        .filter_map(|r| {
            r.shortfall_found()
                .filter(|s| s.status != GapStatus::Unreachable && s.total > Money::ZERO)
                .map(|s| (s.total, r))
        })
        .min_by_key(|(total, r)| (*total, r.id));
    if let Some((total, r)) = closest {
        d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!(
                    "Trong các phương án chưa đạt, gần nhất là phương án {} ({}): còn thiếu {} triệu đồng.",
                    r.id,
                    variant_label(instance, r, lang),
                    doc::money(total, lang)
                ),
                Lang::En => format!(
                    "Of the variants that fall short, the closest is variant {} ({}): {} million VND short.",
                    r.id,
                    variant_label(instance, r, lang),
                    doc::money(total, lang)
                ),
            },
        );
    }
}

/// When exactly one key varies and all its values are numbers: communes
/// meeting the standard, and money spent, against that key (in money when
/// the key is about money).
fn curve_charts(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Option<Vec<Chart>> {
    let [key] = keys else { return None };
    let money = key_money(instance, key, lang);
    // Titles name the key; the axis also gives the unit.
    let label = money
        .as_ref()
        .map_or_else(|| key_label(instance, key, lang), |(name, _)| name.clone());
    let axis = match money {
        Some(_) => format!("{label} ({})", lang.pick("triệu đồng", "million VND")),
        None => label.clone(),
    };
    let mut communes = Vec::new();
    let mut spent = Vec::new();
    for r in results {
        let factor: f64 = r
            .varied
            .iter()
            .find(|o| &o.key == key)?
            .value
            .parse()
            .ok()?;
        let value = money.as_ref().map_or(factor, |(_, m)| m.of(r).millions());
        if let Some(run) = r.plan() {
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
            x_axis: axis.clone(),
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
            x_axis: axis.clone(),
            y_axis: lang.pick("triệu đồng", "million VND").to_string(),
            series: vec![(spent_label, spent)],
            references: Vec::new(),
            integer_y: false,
        }),
    ])
}

/// A varied key's column: the money it gives, else its value.
struct KeyColumn {
    key: String,
    money: Option<MoneyOf>,
    /// The decimals of a numeric key, `None` for text.
    decimals: Option<usize>,
}

fn key_columns(
    instance: &Instance,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Vec<(Column, KeyColumn)> {
    keys.iter()
        .map(|key| {
            // A key's column is numeric when every value is a number.
            let decimals = (|| {
                let mut decimals = 0;
                for r in results {
                    let value = r.varied.iter().find(|o| &o.key == key)?;
                    value.value.parse::<f64>().ok().filter(|x| x.is_finite())?;
                    let d = value.value.split_once('.').map_or(0, |(_, f)| f.len());
                    decimals = decimals.max(d);
                }
                Some(decimals)
            })();
            let (column, money) = match key_money(instance, key, lang) {
                Some((name, money)) => (
                    Column::new(
                        format!("{name} ({})", lang.pick("triệu đồng", "million VND")),
                        Kind::Money,
                    ),
                    Some(money),
                ),
                None => (
                    Column::new(
                        key_label(instance, key, lang),
                        if decimals.is_some() {
                            Kind::Decimal
                        } else {
                            Kind::Text
                        },
                    ),
                    None,
                ),
            };
            (
                column,
                KeyColumn {
                    key: key.clone(),
                    money,
                    decimals,
                },
            )
        })
        .collect()
}

fn key_cell(k: &KeyColumn, r: &VariantResult) -> Cell {
    if let Some(money) = &k.money {
        return Cell::Money(money.of(r));
    }
    let value = r
        .varied
        .iter()
        .find(|o| o.key == k.key)
        .map(|o| o.value.clone())
        .unwrap_or_default();
    match (k.decimals, value.parse::<f64>()) {
        (Some(d), Ok(x)) => Cell::Decimal(x, d),
        _ => Cell::Text(value),
    }
}

/// The shortfall as a cell: nothing missing, the amount, or a dash when no
/// top-up can meet the targets.
fn shortfall_cell(r: &VariantResult) -> Cell {
    match (r.plan(), &r.shortfall) {
        (Some(_), None) => Cell::Money(Money::ZERO),
        (_, Some(Ok(s))) if s.status != GapStatus::Unreachable => Cell::Money(s.total),
        (_, Some(_)) => Cell::Dash,
        (None, None) => Cell::Blank,
    }
}

/// The variant's number and the varied keys, first in both tables.
fn lead_columns(keyed: &[(Column, KeyColumn)], lang: Lang) -> Vec<Column> {
    let mut columns = vec![Column::new(
        lang.pick("Phương án", "Variant"),
        Kind::Integer,
    )];
    columns.extend(keyed.iter().map(|(c, _)| c.clone()));
    columns
}

/// What a variant's plan achieves at the horizon, in both tables.
fn outcome_columns(lang: Lang) -> [Column; 4] {
    [
        Column::new(
            lang.pick("Xã đạt chuẩn", "Communes meeting the standard"),
            Kind::Integer,
        ),
        Column::new(
            lang.pick("Số tiêu chí bình quân/xã", "Average criteria"),
            Kind::Decimal,
        ),
        Column::new(
            lang.pick("Số tiêu chí thấp nhất", "Fewest criteria"),
            Kind::Integer,
        ),
        Column::new(
            lang.pick("Vốn sử dụng (triệu đồng)", "Money spent (million VND)"),
            Kind::Money,
        ),
    ]
}

fn shortfall_column(lang: Lang) -> Column {
    Column::new(
        lang.pick(
            "Vốn còn thiếu để đạt mọi mục tiêu (triệu đồng)",
            "Shortfall to meet every target (million VND)",
        ),
        Kind::Money,
    )
}

/// The table a meeting reads: one row per variant, the varied keys as the
/// money they give, what the plan achieves, and what is missing; narrow
/// enough for an A4 landscape page. Every source's use and each target are
/// in the workbook and the CSV.
fn meeting_table(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Table {
    let targets = target_names(scenario);
    let keyed = key_columns(instance, keys, results, lang);
    let mut columns = lead_columns(&keyed, lang);
    columns.extend(outcome_columns(lang));
    if !targets.is_empty() {
        columns.push(Column::new(
            lang.pick("Mục tiêu đạt", "Targets met"),
            Kind::Text,
        ));
        columns.push(shortfall_column(lang));
    }
    // The shortfall already marks the rows short of their targets; a
    // status column is only worth its width when some plan is not proven
    // best or missing.
    let shown_status = |r: &VariantResult| match r.plan() {
        Some(run) if run.selection.is_optimal() => "optimal",
        Some(_) => "time_limit",
        None => r.status(),
    };
    let with_status = results.iter().any(|r| shown_status(r) != "optimal");
    if with_status {
        columns.push(Column::new(lang.pick("Tình trạng", "Status"), Kind::Text));
    }
    let mut t = Table::new("variants", lang.pick("Phương án", "Variants"), columns).interactive();
    for r in results {
        let mut cells = vec![Cell::int(r.id)];
        cells.extend(keyed.iter().map(|(_, k)| key_cell(k, r)));
        match r.plan() {
            Some(run) => {
                let o = &run.outcome;
                cells.push(Cell::int(o.communes_meeting_standard));
                cells.push(Cell::decimal(o.average_criteria, 2));
                cells.push(Cell::int(o.min_criteria));
                cells.push(Cell::Money(o.total_cost));
                if !targets.is_empty() {
                    let met = o.targets.iter().filter(|t| t.met).count();
                    cells.push(Cell::text(format!("{met}/{}", o.targets.len())));
                }
            }
            None => cells.extend(std::iter::repeat_n(
                Cell::Blank,
                4 + usize::from(!targets.is_empty()),
            )),
        }
        if !targets.is_empty() {
            cells.push(shortfall_cell(r));
        }
        if with_status {
            cells.push(Cell::text(status_label(shown_status(r), lang)));
        }
        t.row(cells);
    }
    t
}

/// The rows of `sweep.csv` for the workbook, with headers and statuses for
/// people; solve times stay in the CSV.
fn variants_table(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    lang: Lang,
) -> Table {
    let targets = target_names(scenario);
    let keyed = key_columns(instance, keys, results, lang);
    let mut columns = lead_columns(&keyed, lang);
    columns.push(Column::new(lang.pick("Tình trạng", "Status"), Kind::Text));
    columns.push(Column::new(
        lang.pick("Bắt buộc đạt mục tiêu", "Targets enforced"),
        Kind::Flag,
    ));
    columns.push(Column::new(
        lang.pick("Số xã đạt chuẩn có trọng số", "Weighted communes"),
        Kind::Decimal,
    ));
    columns.extend(outcome_columns(lang));
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
    if !targets.is_empty() {
        columns.push(shortfall_column(lang));
    }
    let width = columns.len();
    let mut t = Table::new("variants", lang.pick("Phương án", "Variants"), columns).interactive();
    for r in results {
        let mut cells = vec![Cell::int(r.id)];
        cells.extend(keyed.iter().map(|(_, k)| key_cell(k, r)));
        cells.push(Cell::text(status_label(r.status(), lang)));
        cells.push(match r.plan() {
            Some(_) => Cell::Flag(scenario.targets.enforce && !r.is_relaxed()),
            None => Cell::Blank,
        });
        match r.plan() {
            Some(run) => {
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
            None => cells.extend(std::iter::repeat_n(
                Cell::Blank,
                5 + instance.sources.len() + targets.len(),
            )),
        }
        if !targets.is_empty() {
            cells.push(shortfall_cell(r));
        }
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
