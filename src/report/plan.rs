//! The plan's report as a [`Document`]: `report.md`, `report.html` and
//! `report.xlsx` are renderings of it.

use std::collections::BTreeMap;

use crate::evaluate::TargetCheck;
use crate::instance::{Instance, Purpose, Source};
use crate::lang::Lang;
use crate::money::Money;
use crate::run::PlanRun;
use crate::scenario::{PaymentRule, Scenario};

use super::doc::{
    self, Bars, Block, Cell, Chart, Column, Document, Kind, Series, Show, Table, decimal,
};
use super::summary::{proven_gap, status};
use super::verdict::GapKnown;

/// A target's name as a reader says it.
pub fn target_label(name: &str, lang: Lang) -> &'static str {
    match name {
        "communes_meeting_standard" => lang.pick(
            "Số xã đạt chuẩn nông thôn mới",
            "Communes meeting the standard",
        ),
        "average_criteria" => lang.pick("Số tiêu chí bình quân/xã", "Average criteria per commune"),
        "min_criteria_per_commune" => lang.pick(
            "Số tiêu chí thấp nhất của một xã",
            "Fewest criteria in a commune",
        ),
        "districts_meeting_standard" => lang.pick(
            "Huyện được giao có mọi xã đạt chuẩn",
            "Named districts with every commune at the standard",
        ),
        "keep_standard" => lang.pick(
            "Xã được giao giữ vững chuẩn nông thôn mới",
            "Named communes keeping the standard",
        ),
        "villages_share_in_especially_difficult" => lang.pick(
            "Tỷ lệ thôn, bản xã đặc biệt khó khăn đạt chuẩn (%)",
            "Villages of especially difficult communes at their standard (%)",
        ),
        "communes_advanced" => lang.pick(
            "Số xã đạt chuẩn NTM nâng cao",
            "Communes at the advanced standard",
        ),
        _ => lang.pick("Mục tiêu", "Target"),
    }
}

/// A source's name; the districts' land-use revenue and `ntm gap`'s
/// additional money are named by the tool, in the report's language.
pub fn source_name(source: &Source, lang: Lang) -> String {
    if source.is_land_revenue() {
        lang.pick("Tiền thu sử dụng đất", "Land-use revenue")
            .to_string()
    } else if source.id == crate::gap::TOPUP && source.name == crate::gap::TOPUP_NAME {
        // Only `ntm gap` writes this pair; a source of the data keeps its
        // own name even under that id.
        lang.pick("Vốn cần bổ sung", "Additional money").to_string()
    } else {
        source.name.clone()
    }
}

/// A source's name by its id, or the id itself when no source has it.
pub fn source_name_by_id(instance: &Instance, id: &str, lang: Lang) -> String {
    instance
        .sources
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| source_name(s, lang))
}

/// A criterion's name in the report's language.
pub fn criterion_name(criterion: &crate::instance::Criterion, lang: Lang) -> &str {
    lang.pick(&criterion.name_vi, &criterion.name_en)
}

/// What a payment is for, as a reader says it.
pub fn purpose_word(purpose: Purpose, lang: Lang) -> &'static str {
    match purpose {
        Purpose::New => lang.pick("Đạt mới", "New"),
        Purpose::Maintenance => lang.pick("Duy trì", "Maintenance"),
        Purpose::Village => lang.pick("Tiêu chí thôn, bản", "Village criterion"),
        Purpose::Advanced => lang.pick("Nâng cao", "Advanced"),
    }
}

/// A target figure: whole when it is whole, else two decimals.
fn figure(x: f64) -> Cell {
    if x.fract() == 0.0 {
        Cell::Int(x as i64)
    } else {
        Cell::decimal(x, 2)
    }
}

fn figure_text(x: f64, lang: Lang) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        decimal(x, 2, lang)
    }
}

/// Everything the plan's report says, in `lang`, its verdict without the
/// money that would meet every target (as `ntm plan --no-gap`).
pub fn plan_document(
    instance: &Instance,
    scenario: &Scenario,
    run: &PlanRun,
    lang: Lang,
) -> Document {
    plan_document_with(instance, scenario, run, lang, GapKnown::NotComputed)
}

/// Everything the plan's report says, in `lang`, its verdict with what is
/// known of the money that would meet every target.
pub fn plan_document_with(
    instance: &Instance,
    scenario: &Scenario,
    run: &PlanRun,
    lang: Lang,
    gap: GapKnown,
) -> Document {
    let o = &run.outcome;
    let n = instance.communes.len();
    let title = format!(
        "{}: {}",
        scenario.name,
        lang.pick("kế hoạch phân bổ vốn", "allocation plan")
    );
    let mut d = Document::new(title, lang);
    d.agency.clone_from(&scenario.agency);

    // The verdict first: the sentence a meeting acts on.
    let verdict = super::verdict::sentence(instance, scenario, run, gap, lang);
    d.push_for(Show::DOCUMENT, Block::Verdict(verdict.clone()));
    if let Some(note) = super::verdict::gap_note(gap, lang) {
        d.paragraph(Show::DOCUMENT, note);
    }

    let gap = proven_gap(&run.selection) * 100.0;
    let state = match status(&run.selection) {
        "optimal" => lang
            .pick(
                "không có kế hoạch nào với số vốn này đạt nhiều xã hơn, \
                 hay với cùng số xã đạt nhiều tiêu chí hơn hoặc tốn ít vốn hơn",
                "no plan with this money reaches more communes, \
                 or as many with more criteria or for less money",
            )
            .to_string(),
        _ => match lang {
            Lang::Vi => format!(
                "dừng do hết thời gian tính; kế hoạch có thể kém kế hoạch tốt nhất tới {}%",
                decimal(gap, 2, lang)
            ),
            Lang::En => {
                format!(
                    "stopped by the time limit; the plan may be up to {gap:.2}% short of the best"
                )
            }
        },
    };
    let years: Vec<String> = instance.years.iter().map(i32::to_string).collect();
    let intro = match lang {
        Lang::Vi => format!(
            "Năm kế hoạch {}; {} xã thuộc {} huyện. Tình trạng kế hoạch: {state}. Đơn vị tiền: triệu đồng.",
            years.join(", "),
            n,
            instance.districts.len()
        ),
        Lang::En => format!(
            "Planning years {}; {} communes in {} districts. Plan status: {state}. Money in million VND.",
            years.join(", "),
            n,
            instance.districts.len()
        ),
    };
    d.paragraph(Show::DOCUMENT, intro);
    d.paragraph(Show::DOCUMENT, payment_rule_sentence(o.payments, lang));
    if instance.gaps.is_empty() {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Không có gì cần chi: mọi xã đã đạt mọi tiêu chí và không tiêu chí nào có nguy cơ mất.",
                "Nothing to fund: every commune meets every criterion and none is at risk.",
            ),
        );
    }

    // The headline against the targets.
    d.heading(Show::DOCUMENT, lang.pick("Kết quả chính", "Headline"));
    let table = headline(instance, run, lang);
    // The workbook has no paragraphs: the verdict heads its summary sheet,
    // in the first column, its text running across the empty cells.
    let mut summary = table.clone();
    let mut first = vec![Cell::text(format!(
        "{}: {verdict}",
        lang.pick("Kết luận", "Verdict")
    ))];
    first.resize(summary.columns.len(), Cell::Blank);
    summary.rows.insert(0, first);
    d.table(Show::DOCUMENT, table);
    d.table(Show::XLSX, summary);

    if !o.targets.is_empty() {
        d.heading(
            Show::DOCUMENT,
            lang.pick("Mục tiêu chưa đạt", "Targets missed"),
        );
        let missed: Vec<&TargetCheck> = o.targets.iter().filter(|t| !t.met).collect();
        if missed.is_empty() {
            d.paragraph(
                Show::DOCUMENT,
                lang.pick(
                    "Không có: kế hoạch đạt mọi mục tiêu của kịch bản.",
                    "None: the plan meets every target of the scenario.",
                ),
            );
        } else {
            let items = missed
                .iter()
                .map(|t| missed_line(instance, run, t, lang))
                .collect();
            d.push_for(Show::DOCUMENT, Block::List(items));
        }
    }

    d.heading(Show::DOCUMENT, lang.pick("Các huyện", "Districts"));
    d.table(Show::ALL, districts(instance, run, lang));
    d.chart(Chart::Bars(Bars {
        title: lang
            .pick(
                "Số xã đạt chuẩn nông thôn mới theo huyện: trước và với kế hoạch",
                "Communes meeting the standard per district: before and with the plan",
            )
            .to_string(),
        categories: instance.districts.iter().map(|x| x.name.clone()).collect(),
        series: vec![
            Series {
                name: lang.pick("Tổng số xã", "Communes").to_string(),
                values: o.districts.iter().map(|x| x.communes as f64).collect(),
            },
            Series {
                name: lang.pick("Đạt chuẩn trước", "Meeting before").to_string(),
                values: o
                    .districts
                    .iter()
                    .map(|x| x.meeting_before as f64)
                    .collect(),
            },
            Series {
                name: lang
                    .pick("Đạt chuẩn với kế hoạch", "Meeting with the plan")
                    .to_string(),
                values: o.districts.iter().map(|x| x.meeting_after as f64).collect(),
            },
        ],
        axis: lang.pick("số xã", "communes").to_string(),
        integer: true,
    }));

    super::maintenance::add(&mut d, instance, o, lang);
    super::villages::add(&mut d, instance, run, lang);

    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Xã đạt chuẩn mới theo năm",
            "Communes newly meeting the standard",
        ),
    );
    match newly(instance, run, lang) {
        None => d.paragraph(Show::DOCUMENT, lang.pick("Không có.", "None.")),
        Some(table) => d.table(Show::DOCUMENT, table),
    }

    super::roadmap::add(&mut d, instance, run, lang);

    d.heading(
        Show::DOCUMENT,
        lang.pick("Vốn theo nguồn và năm", "Money by source and year"),
    );
    let (table, chart) = by_source(instance, run, lang);
    d.table(Show::DOCUMENT, table);
    d.chart(chart);

    super::money_story::add(&mut d, instance, scenario, run, lang);
    super::projects::add(&mut d, instance, run, lang);

    d.heading(Show::HTML, lang.pick("Danh sách xã", "Communes"));
    d.table(Show::HTML_XLSX, communes(instance, run, lang));
    d.table(Show::XLSX, payments(instance, run, lang));
    d.table(Show::XLSX, pools(instance, run, lang));
    d
}

fn headline(instance: &Instance, run: &PlanRun, lang: Lang) -> Table {
    let o = &run.outcome;
    let n = instance.communes.len();
    let mut t = Table::new(
        "headline",
        lang.pick("Tổng hợp", "Summary"),
        vec![
            Column::new(lang.pick("Chỉ tiêu", "Figure"), Kind::Text),
            Column::new(lang.pick("Trước kế hoạch", "Before"), Kind::Decimal),
            Column::new(lang.pick("Với kế hoạch", "With the plan"), Kind::Decimal),
            Column::new(lang.pick("Mục tiêu", "Target"), Kind::Decimal),
            Column::new(lang.pick("Đạt", "Met"), Kind::Met),
        ],
    );
    let target = |name: &str| o.targets.iter().find(|t| t.name == name);
    let against = |name: &str| match target(name) {
        Some(t) => (figure(t.required), Cell::Flag(t.met)),
        None => (Cell::Dash, Cell::Dash),
    };
    let before_meeting = o.communes.iter().filter(|c| c.meets_before).count();
    let before_total: usize = o.communes.iter().map(|c| c.criteria_before).sum();
    let before_min = o
        .communes
        .iter()
        .map(|c| c.criteria_before)
        .min()
        .unwrap_or(0);
    let name = "communes_meeting_standard";
    let (required, met) = against(name);
    t.row(vec![
        Cell::text(target_label(name, lang)),
        Cell::int(before_meeting),
        Cell::int(o.communes_meeting_standard),
        required,
        met,
    ]);
    let name = "average_criteria";
    let (required, met) = against(name);
    t.row(vec![
        Cell::text(target_label(name, lang)),
        Cell::decimal(before_total as f64 / n as f64, 2),
        Cell::decimal(o.average_criteria, 2),
        required,
        met,
    ]);
    let name = "min_criteria_per_commune";
    let (required, met) = against(name);
    t.row(vec![
        Cell::text(target_label(name, lang)),
        Cell::int(before_min),
        Cell::int(o.min_criteria),
        required,
        met,
    ]);
    for name in ["districts_meeting_standard", "keep_standard"] {
        if let Some(d) = target(name) {
            t.row(vec![
                Cell::text(target_label(name, lang)),
                Cell::Dash,
                figure(d.achieved),
                figure(d.required),
                Cell::Flag(d.met),
            ]);
        }
    }
    let name = "villages_share_in_especially_difficult";
    if let Some(v) = target(name) {
        let counted: Vec<usize> = (0..instance.villages.len())
            .filter(|i| instance.communes[instance.villages[*i].commune.0].especially_difficult)
            .collect();
        let before = counted
            .iter()
            .filter(|i| o.villages[**i].meets_before)
            .count();
        let share = if counted.is_empty() {
            0.0
        } else {
            100.0 * before as f64 / counted.len() as f64
        };
        t.row(vec![
            Cell::text(target_label(name, lang)),
            Cell::decimal(share, 1),
            Cell::decimal(100.0 * v.achieved, 1),
            Cell::decimal(100.0 * v.required, 1),
            Cell::Flag(v.met),
        ]);
    }
    let name = "communes_advanced";
    if target(name).is_some() || instance.has_advanced() {
        let (required, met) = against(name);
        t.row(vec![
            Cell::text(target_label(name, lang)),
            Cell::Dash,
            Cell::int(o.communes_advanced),
            required,
            met,
        ]);
    }
    t.row(vec![
        Cell::text(lang.pick("Vốn sử dụng", "Money spent")),
        Cell::Dash,
        Cell::Money(o.total_cost),
        Cell::Dash,
        Cell::Dash,
    ]);
    t
}

fn missed_line(instance: &Instance, run: &PlanRun, t: &TargetCheck, lang: Lang) -> String {
    let o = &run.outcome;
    let n = instance.communes.len();
    let (achieved, required) = (figure_text(t.achieved, lang), figure_text(t.required, lang));
    match t.name {
        "communes_meeting_standard" => {
            let short = figure_text(t.required - t.achieved, lang);
            match lang {
                Lang::Vi => format!(
                    "Xã đạt chuẩn nông thôn mới: {achieved} so với yêu cầu {required}, còn thiếu {short} xã."
                ),
                Lang::En => format!(
                    "Communes meeting the standard: {achieved} of {required} required, {short} short."
                ),
            }
        }
        "average_criteria" => {
            let more = crate::model::constraints::required_total(t.required, n)
                .saturating_sub(o.criteria_met_total as u64);
            let achieved = decimal(t.achieved, 2, lang);
            match lang {
                Lang::Vi => format!(
                    "Số tiêu chí bình quân/xã: {achieved} so với yêu cầu {required}; cần đạt thêm {more} tiêu chí trên toàn tỉnh."
                ),
                Lang::En => format!(
                    "Average criteria: {achieved} of {required} required; {more} more criteria met across the province would close it."
                ),
            }
        }
        "min_criteria_per_commune" => {
            let below: Vec<String> = instance
                .communes
                .iter()
                .zip(&o.communes)
                .filter(|(_, c)| (c.criteria_after as f64) < t.required)
                .map(|(c, oc)| format!("{} ({})", c.name, oc.criteria_after))
                .collect();
            match lang {
                Lang::Vi => format!(
                    "Số tiêu chí thấp nhất của một xã: {achieved} so với yêu cầu {required}; các xã dưới mức này: {}.",
                    below.join(", ")
                ),
                Lang::En => format!(
                    "Fewest criteria: {achieved} against {required} required; below it: {}.",
                    below.join(", ")
                ),
            }
        }
        "villages_share_in_especially_difficult" => {
            let counted = (0..instance.villages.len())
                .filter(|i| instance.communes[instance.villages[*i].commune.0].especially_difficult)
                .count();
            let meeting = (t.achieved * counted as f64).round() as usize;
            let needed = (t.required * counted as f64 - 1e-9).ceil() as usize;
            let short = needed.saturating_sub(meeting);
            let (achieved, required) = (
                decimal(100.0 * t.achieved, 1, lang),
                decimal(100.0 * t.required, 1, lang),
            );
            match lang {
                Lang::Vi => format!(
                    "Thôn, bản xã đặc biệt khó khăn đạt chuẩn: {meeting}/{counted} ({achieved}%) so với yêu cầu {required}%; còn thiếu {short} thôn, bản."
                ),
                Lang::En => format!(
                    "Villages of especially difficult communes at their standard: {meeting} of {counted} ({achieved}%) against {required}% required; {short} short."
                ),
            }
        }
        "keep_standard" => {
            let list = t.missing.join(", ");
            match lang {
                Lang::Vi => format!(
                    "Xã được giao giữ vững chuẩn: {achieved}/{required}; chưa giữ được: {list}."
                ),
                Lang::En => format!(
                    "Named communes keeping the standard: {achieved} of {required}; not kept: {list}."
                ),
            }
        }
        "communes_advanced" => {
            let short = figure_text(t.required - t.achieved, lang);
            match lang {
                Lang::Vi => format!(
                    "Xã đạt chuẩn nông thôn mới nâng cao: {achieved} so với yêu cầu {required}, còn thiếu {short} xã."
                ),
                Lang::En => format!(
                    "Communes at the advanced standard: {achieved} of {required} required, {short} short."
                ),
            }
        }
        _ => {
            let short: Vec<String> = t
                .missing
                .iter()
                .map(|name| {
                    let d = instance
                        .districts
                        .iter()
                        .position(|d| &d.name == name)
                        .expect("validated");
                    let od = &o.districts[d];
                    match lang {
                        Lang::Vi => {
                            format!("{name} ({}/{} xã đạt chuẩn)", od.meeting_after, od.communes)
                        }
                        Lang::En => {
                            format!("{name} ({} of {} communes)", od.meeting_after, od.communes)
                        }
                    }
                })
                .collect();
            match lang {
                Lang::Vi => format!("Huyện chưa có mọi xã đạt chuẩn: {}.", short.join(", ")),
                Lang::En => format!("Districts at the standard: not yet {}.", short.join(", ")),
            }
        }
    }
}

/// The rows of `districts.csv`, with headers for people.
fn districts(instance: &Instance, run: &PlanRun, lang: Lang) -> Table {
    let mut t = Table::new(
        "districts",
        lang.pick("Huyện", "Districts"),
        vec![
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Số xã", "Communes"), Kind::Integer),
            Column::new(
                lang.pick("Xã đạt chuẩn trước", "Meeting before"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Xã đạt chuẩn sau", "Meeting after"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Số tiêu chí bình quân/xã", "Average criteria"),
                Kind::Decimal,
            ),
            Column::new(lang.pick("Số tiêu chí thấp nhất", "Fewest"), Kind::Integer),
            Column::new(lang.pick("Vốn (triệu đồng)", "Money"), Kind::Money),
            Column::new(
                lang.pick(
                    "Tiền sử dụng đất cam kết (triệu đồng)",
                    "Land revenue committed",
                ),
                Kind::Money,
            ),
        ],
    );
    for (district, od) in instance.districts.iter().zip(&run.outcome.districts) {
        t.row(vec![
            Cell::text(&district.name),
            Cell::int(od.communes),
            Cell::int(od.meeting_before),
            Cell::int(od.meeting_after),
            Cell::decimal(od.criteria_after as f64 / od.communes as f64, 2),
            Cell::int(od.min_criteria_after),
            Cell::Money(od.cost),
            Cell::Money(od.land_revenue_committed),
        ]);
    }
    t
}

fn newly(instance: &Instance, run: &PlanRun, lang: Lang) -> Option<Table> {
    let o = &run.outcome;
    let mut newly: Vec<(i32, usize)> = o
        .communes
        .iter()
        .enumerate()
        .filter_map(|(c, oc)| oc.meets_from.map(|y| (y, c)))
        .collect();
    if newly.is_empty() {
        return None;
    }
    newly.sort_by_key(|(y, c)| (*y, instance.communes[*c].district, *c));
    let mut t = Table::new(
        "newly",
        lang.pick("Xã đạt chuẩn mới", "Newly meeting"),
        vec![
            Column::new(lang.pick("Năm", "Year"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(
                lang.pick("Tiêu chí được đầu tư", "Criteria funded"),
                Kind::Text,
            ),
            Column::new(lang.pick("Vốn (triệu đồng)", "Money"), Kind::Money),
        ],
    );
    for (year, c) in newly {
        let commune = &instance.communes[c];
        let criteria: Vec<&str> = commune
            .gaps
            .iter()
            .map(|g| {
                let k = &instance.criteria[instance.gaps[g.0].criterion.0];
                lang.pick(&k.name_vi, &k.name_en)
            })
            .collect();
        t.row(vec![
            Cell::int(year),
            Cell::text(&commune.name),
            Cell::text(&instance.districts[commune.district.0].name),
            Cell::text(criteria.join(", ")),
            Cell::Money(o.communes[c].cost),
        ]);
    }
    Some(t)
}

fn by_source(instance: &Instance, run: &PlanRun, lang: Lang) -> (Table, Chart) {
    let o = &run.outcome;
    let mut t = Table::new(
        "money",
        lang.pick("Vốn theo nguồn", "Money by source"),
        vec![
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Text),
            Column::new(lang.pick("Có thể sử dụng", "Available"), Kind::Money),
            Column::new(lang.pick("Đã sử dụng", "Used"), Kind::Money),
            Column::new(lang.pick("Tỷ lệ sử dụng (%)", "Used %"), Kind::Decimal),
        ],
    );
    let mut by_source: BTreeMap<(usize, i32), (Money, Money)> = BTreeMap::new();
    for (pool, usage) in instance.pools.iter().zip(&o.pools) {
        let entry = by_source.entry((pool.source.0, pool.year)).or_default();
        entry.0 += usage.available;
        entry.1 += usage.used;
    }
    for ((s, year), (available, used)) in &by_source {
        let share = if available.is_zero() {
            0.0
        } else {
            used.millions() / available.millions() * 100.0
        };
        let source = &instance.sources[*s];
        t.row(vec![
            Cell::text(source_name(source, lang)),
            Cell::int(*year),
            Cell::Money(*available),
            Cell::Money(*used),
            Cell::decimal(share, 1),
        ]);
    }
    let total_available: Money = by_source.values().map(|(a, _)| *a).sum();
    t.total = Some(vec![
        Cell::text(lang.pick("Tổng cộng", "Total")),
        Cell::Blank,
        Cell::Money(total_available),
        Cell::Money(o.total_cost),
        Cell::Blank,
    ]);

    // The chart: one group per source with money, one bar per year.
    let sources: Vec<usize> = {
        let mut s: Vec<usize> = by_source.keys().map(|(s, _)| *s).collect();
        s.dedup();
        s
    };
    let series = instance
        .years
        .iter()
        .map(|year| Series {
            name: year.to_string(),
            values: sources
                .iter()
                .map(|s| {
                    by_source
                        .get(&(*s, *year))
                        .map_or(0.0, |(_, u)| u.millions())
                })
                .collect(),
        })
        .collect();
    let chart = Chart::Bars(Bars {
        title: lang
            .pick(
                "Vốn sử dụng theo nguồn và năm (triệu đồng)",
                "Money used per source and year (million VND)",
            )
            .to_string(),
        categories: sources
            .iter()
            .map(|s| source_name(&instance.sources[*s], lang))
            .collect(),
        series,
        axis: lang.pick("triệu đồng", "million VND").to_string(),
        integer: false,
    });
    (t, chart)
}

/// The rows of `communes.csv`.
fn communes(instance: &Instance, run: &PlanRun, lang: Lang) -> Table {
    let mut t = Table::new(
        "communes",
        lang.pick("Xã", "Communes"),
        vec![
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(
                lang.pick("Số tiêu chí trước", "Criteria before"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Số tiêu chí sau", "Criteria after"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Đạt chuẩn trước", "Meets the standard before"),
                Kind::Flag,
            ),
            Column::new(
                lang.pick("Đạt chuẩn sau", "Meets the standard after"),
                Kind::Flag,
            ),
            Column::new(
                lang.pick("Vốn (triệu đồng)", "Money (million VND)"),
                Kind::Money,
            ),
            Column::new(
                lang.pick("Tiêu chí có nguy cơ mất", "Criteria at risk"),
                Kind::Integer,
            ),
            Column::new(lang.pick("Tiêu chí bị mất", "Criteria lost"), Kind::Integer),
            Column::new(
                lang.pick("Kinh phí duy trì", "Maintenance (million VND)"),
                Kind::Money,
            ),
            Column::new(
                lang.pick("Năm đạt chuẩn", "Year meeting the standard"),
                Kind::Integer,
            ),
        ],
    )
    .interactive();
    // The advanced level, only when the data assess it.
    let advanced = instance.has_advanced();
    if advanced {
        t.columns.push(Column::new(
            lang.pick("Đạt chuẩn nâng cao", "Advanced standard"),
            Kind::Flag,
        ));
        t.columns.push(Column::new(
            lang.pick("Năm đạt chuẩn nâng cao", "Year at the advanced standard"),
            Kind::Integer,
        ));
    }
    for (commune, o) in instance.communes.iter().zip(&run.outcome.communes) {
        let mut cells = vec![
            Cell::text(&commune.id),
            Cell::text(&commune.name),
            Cell::text(&instance.districts[commune.district.0].name),
            Cell::int(o.criteria_before),
            Cell::int(o.criteria_after),
            Cell::Flag(o.meets_before),
            Cell::Flag(o.meets_after),
            Cell::Money(o.cost),
            Cell::int(o.criteria_at_risk),
            Cell::int(o.criteria_lost),
            Cell::Money(o.maintenance_cost),
            o.year_meeting_standard.map_or(Cell::Blank, Cell::int),
        ];
        if advanced {
            cells.push(if o.advanced_assessed {
                Cell::Flag(o.advanced_after)
            } else {
                Cell::Dash
            });
            cells.push(o.year_advanced.map_or(Cell::Blank, Cell::int));
        }
        t.row(cells);
    }
    t
}

/// The rows of `plan.csv`.
pub(super) fn payments(instance: &Instance, run: &PlanRun, lang: Lang) -> Table {
    // The sheet's name and headings are the ones `evaluate` looks for
    // (`crate::columns`): the plan sheet goes back in unchanged.
    let mut t = Table::new(
        "plan",
        crate::columns::PLAN.label(lang),
        vec![
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Mã tiêu chí", "Criterion id"), Kind::Text),
            Column::new(lang.pick("Mã nguồn vốn", "Source id"), Kind::Text),
            Column::new(
                lang.pick("Số tiền (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
            Column::new(lang.pick("Mã mục đích", "Purpose id"), Kind::Text),
            // Names after the ids, as in plan.csv. `Tiêu chí` alone would
            // read back as the criterion id.
            Column::new(lang.pick("Tên tiêu chí", "Criterion name"), Kind::Text),
            Column::new(lang.pick("Nguồn vốn", "Funding source"), Kind::Text),
            Column::new(lang.pick("Mục đích", "Purpose name"), Kind::Text),
        ],
    );
    // As in plan.csv: with villages, the village a village criterion is
    // paid for, so that the sheet reads back.
    let villages = !instance.villages.is_empty();
    if villages {
        t.columns.extend([
            Column::new(lang.pick("Mã thôn, bản", "Village id"), Kind::Text),
            Column::new(lang.pick("Thôn, bản", "Village"), Kind::Text),
        ]);
    }
    for p in &run.plan.payments {
        let gap = &instance.gaps[p.gap.0];
        let commune = &instance.communes[gap.commune.0];
        let criterion = &instance.criteria[gap.criterion.0];
        let source = &instance.sources[instance.pools[p.pool.0].source.0];
        let village = gap.village.map(|v| &instance.villages[v.0]);
        let mut cells = vec![
            Cell::int(p.year),
            Cell::text(&instance.districts[commune.district.0].name),
            Cell::text(&commune.id),
            Cell::text(&commune.name),
            Cell::text(&criterion.id),
            Cell::text(&source.id),
            Cell::Money(p.amount),
            Cell::text(gap.purpose.code()),
            Cell::text(criterion_name(criterion, lang)),
            Cell::text(source_name(source, lang)),
            Cell::text(purpose_word(gap.purpose, lang)),
        ];
        if villages {
            cells.push(village.map_or(Cell::Blank, |v| Cell::text(&v.id)));
            cells.push(village.map_or(Cell::Blank, |v| Cell::text(&v.name)));
        }
        t.row(cells);
    }
    t
}

/// The payment rule the plan follows, in words.
pub fn payment_rule_sentence(rule: PaymentRule, lang: Lang) -> String {
    match (rule, lang) {
        (PaymentRule::CarryOver, Lang::Vi) => "Quy tắc thanh toán: vốn của một dòng ngân sách chưa dùng hết trong năm được chuyển sang các năm sau cho cùng dòng đó; chi phí một tiêu chí có thể chia ra nhiều năm.".into(),
        (PaymentRule::CarryOver, Lang::En) => "Payment rule: money of a budget line not spent in its year stays available to the same line in later years; a criterion's cost may be paid over several years.".into(),
        (PaymentRule::Yearly, Lang::Vi) => "Quy tắc thanh toán: vốn của mỗi năm chỉ dùng trong năm đó; chi phí một tiêu chí có thể chia ra nhiều năm.".into(),
        (PaymentRule::Yearly, Lang::En) => "Payment rule: each year's money is spent only in that year; a criterion's cost may be paid over several years.".into(),
        (PaymentRule::OneYear, Lang::Vi) => "Quy tắc thanh toán: vốn của mỗi năm chỉ dùng trong năm đó; mỗi tiêu chí được chi trả đủ trong một năm.".into(),
        (PaymentRule::OneYear, Lang::En) => "Payment rule: each year's money is spent only in that year; each criterion is paid in full within one year.".into(),
    }
}

/// The rows of `sources.csv`.
fn pools(instance: &Instance, run: &PlanRun, lang: Lang) -> Table {
    let carries = run.outcome.payments.carries_over();
    let mut columns = vec![
        Column::new(lang.pick("Mã nguồn vốn", "Source id"), Kind::Text),
        Column::new(lang.pick("Năm", "Year"), Kind::Integer),
        Column::new(lang.pick("Huyện", "District"), Kind::Text),
        Column::new(
            lang.pick("Có thể sử dụng (triệu đồng)", "Available (million VND)"),
            Kind::Money,
        ),
        Column::new(
            lang.pick("Đã sử dụng (triệu đồng)", "Used (million VND)"),
            Kind::Money,
        ),
    ];
    if carries {
        columns.push(Column::new(
            lang.pick(
                "Chuyển từ năm trước (triệu đồng)",
                "Carried in (million VND)",
            ),
            Kind::Money,
        ));
        columns.push(Column::new(
            lang.pick(
                "Chuyển sang năm sau (triệu đồng)",
                "Carried out (million VND)",
            ),
            Kind::Money,
        ));
    }
    // The name after the ids and figures, as in sources.csv.
    columns.push(Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text));
    let mut t = Table::new("sources", lang.pick("Nguồn vốn", "Sources"), columns);
    for pool in &run.outcome.pools {
        let mut row = vec![
            Cell::text(&pool.source_id),
            Cell::int(pool.year),
            pool.district.as_ref().map_or(Cell::Blank, Cell::text),
            Cell::Money(pool.available),
            Cell::Money(pool.used),
        ];
        if carries {
            row.push(Cell::Money(pool.carried_in));
            row.push(Cell::Money(pool.carried_out));
        }
        row.push(Cell::text(source_name_by_id(
            instance,
            &pool.source_id,
            lang,
        )));
        t.row(row);
    }
    t
}

/// `report.md`.
pub fn markdown(instance: &Instance, scenario: &Scenario, run: &PlanRun, lang: Lang) -> String {
    doc::markdown(&plan_document(instance, scenario, run, lang))
}
