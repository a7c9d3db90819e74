//! What `ntm compare` writes: long tables for Excel (one row per plan and
//! commune, district, source and year, or funding) and the report
//! (`compare.md`, `.html`, `.xlsx`) with the plans side by side and their
//! differences from the first.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::compare::{
    Differences, FundingKey, PlanView, all_communes, all_districts, all_paused, differences,
    funding_difference,
};
use crate::lang::Lang;
use crate::money::Money;

use super::doc::{Block, Cell, Column, Document, Format, Kind, Show, Table, money};
use super::plan::target_label;
use super::tables::Csv;
use super::{Files, WriteError};

/// Everything `ntm compare` writes: the long tables and the report in
/// `formats` (Markdown when none is given).
pub fn files(plans: &[PlanView], lang: Lang, formats: &[Format]) -> Result<Files, WriteError> {
    let diffs: Vec<Differences> = plans.iter().map(|p| differences(&plans[0], p)).collect();
    let mut files = vec![
        ("compare.csv".to_string(), communes_csv(plans, &diffs)),
        ("compare_districts.csv".to_string(), districts_csv(plans)),
        ("compare_money.csv".to_string(), money_csv(plans)),
        (
            "compare_fundings.csv".to_string(),
            fundings_csv(plans, lang),
        ),
    ];
    if plans.iter().any(|p| p.paused.is_some()) {
        files.push(("compare_paused_projects.csv".to_string(), paused_csv(plans)));
    }
    let document = compare_document(plans, &diffs, lang);
    files.extend(super::rendered(
        "compare",
        &document,
        &super::formats_or_default(formats),
    )?);
    Ok(files)
}

/// One row per plan and project it pauses, with the money freed.
fn paused_csv(plans: &[PlanView]) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "plan",
        "plan_name",
        "project_id",
        "project",
        "district",
        "source_id",
        "year",
        "amount",
    ]);
    for plan in plans {
        for p in plan.paused.iter().flatten() {
            csv.row(&[
                plan.label.clone(),
                plan.name.clone(),
                p.id.clone(),
                p.name.clone(),
                p.district.clone(),
                p.source_id.clone(),
                p.year.to_string(),
                p.amount.to_string(),
            ]);
        }
    }
    csv.finish()
}

/// Every project a plan pauses, with the money it frees in each plan
/// (a dash where the plan keeps it or cannot pause).
fn paused_table(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = wide_table(
        "paused",
        lang.pick("Dự án tạm dừng", "Paused projects"),
        lang.pick("Dự án", "Project"),
        plans,
        Kind::Money,
    );
    for project in all_paused(plans) {
        let mut label = format!("{} {}", project.id, project.name);
        if !project.district.is_empty() {
            let _ = write!(label, " ({})", project.district);
        }
        let _ = write!(
            label,
            ", {}, {}",
            source_name(plans, &project.source_id),
            project.year
        );
        let mut row = vec![Cell::text(label.trim())];
        row.extend(plans.iter().map(|p| {
            p.paused
                .iter()
                .flatten()
                .find(|x| x.id == project.id)
                .map_or(Cell::Dash, |x| Cell::Money(x.amount))
        }));
        t.row(row);
    }
    t
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

fn communes_csv(plans: &[PlanView], diffs: &[Differences]) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "plan",
        "plan_name",
        "district",
        "commune_id",
        "commune",
        "criteria_before",
        "criteria_after",
        "meets_standard_after",
        "cost",
        "differs_from_first",
    ]);
    for (id, _, _) in all_communes(plans) {
        for (plan, diff) in plans.iter().zip(diffs) {
            let Some(c) = plan.commune(&id) else { continue };
            csv.row(&[
                plan.label.clone(),
                plan.name.clone(),
                c.district.clone(),
                c.id.clone(),
                c.name.clone(),
                c.criteria_before.to_string(),
                c.criteria_after.to_string(),
                flag(c.meets_after),
                c.cost.to_string(),
                flag(diff.touches(&id)),
            ]);
        }
    }
    csv.finish()
}

fn districts_csv(plans: &[PlanView]) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "plan",
        "plan_name",
        "district",
        "communes",
        "meeting_after",
        "average_criteria_after",
        "min_criteria_after",
        "cost",
    ]);
    for district in all_districts(plans) {
        for plan in plans {
            let members: Vec<_> = plan
                .communes
                .iter()
                .filter(|c| c.district == district)
                .collect();
            if members.is_empty() {
                continue;
            }
            let criteria: usize = members.iter().map(|c| c.criteria_after).sum();
            csv.row(&[
                plan.label.clone(),
                plan.name.clone(),
                district.clone(),
                members.len().to_string(),
                members.iter().filter(|c| c.meets_after).count().to_string(),
                format!("{:.2}", criteria as f64 / members.len() as f64),
                members
                    .iter()
                    .map(|c| c.criteria_after)
                    .min()
                    .unwrap_or(0)
                    .to_string(),
                members.iter().map(|c| c.cost).sum::<Money>().to_string(),
            ]);
        }
    }
    csv.finish()
}

fn source_years(plans: &[PlanView]) -> BTreeSet<(String, i32)> {
    plans.iter().flat_map(|p| p.money.keys().cloned()).collect()
}

fn money_csv(plans: &[PlanView]) -> Vec<u8> {
    let mut csv = Csv::new(&["plan", "plan_name", "source_id", "year", "amount"]);
    for key in source_years(plans) {
        for plan in plans {
            csv.row(&[
                plan.label.clone(),
                plan.name.clone(),
                key.0.clone(),
                key.1.to_string(),
                plan.money
                    .get(&key)
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
            ]);
        }
    }
    csv.finish()
}

fn fundings_csv(plans: &[PlanView], lang: Lang) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "plan",
        "plan_name",
        "district",
        "commune_id",
        "commune",
        "criterion",
        "years",
        "amount",
        "sources",
        "difference",
        "difference_name",
        "criterion_name",
        "village_id",
    ]);
    // In commune order, as the other tables.
    for (key, name, district) in funding_keys(plans) {
        for plan in plans {
            let f = plan.fundings.get(key);
            let years: Vec<String> = f
                .map(|f| f.years.iter().map(i32::to_string).collect())
                .unwrap_or_default();
            let sources: Vec<String> = f
                .map(|f| f.sources.iter().map(|(s, a)| format!("{s} {a}")).collect())
                .unwrap_or_default();
            csv.row(&[
                plan.label.clone(),
                plan.name.clone(),
                district.clone(),
                key.0.clone(),
                name.clone(),
                key.1.clone(),
                years.join("; "),
                f.map(|f| f.amount).unwrap_or_default().to_string(),
                sources.join("; "),
                funding_difference(plans[0].fundings.get(key), f)
                    .map(|d| d.name().to_string())
                    .unwrap_or_default(),
                funding_difference(plans[0].fundings.get(key), f)
                    .map(|d| difference_label(d, lang).to_string())
                    .unwrap_or_default(),
                criterion_name(plans, &key.1, lang),
                key.2.clone(),
            ]);
        }
    }
    csv.finish()
}

/// Words for a target met or not, in a cell of the headline.
fn met_word(b: bool, lang: Lang) -> &'static str {
    match b {
        true => lang.pick("đạt", "yes"),
        false => lang.pick("không", "no"),
    }
}

/// A table whose first column names a row and whose other columns are the
/// plans, A, B, ….
fn wide_table(id: &str, sheet: &str, first: &str, plans: &[PlanView], kind: Kind) -> Table {
    let mut columns = vec![Column::new(first, Kind::Text)];
    columns.extend(plans.iter().map(|p| Column::new(&p.label, kind)));
    Table::new(id, sheet, columns)
}

/// The plans compared: label, name, where each comes from, rule breaks.
fn plans_table(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = Table::new(
        "plans",
        lang.pick("Phương án", "Plans"),
        vec![
            Column::new(lang.pick("Phương án", "Plan"), Kind::Text),
            Column::new(lang.pick("Tên", "Name"), Kind::Text),
            Column::new(lang.pick("Nguồn", "From"), Kind::Text),
            Column::new(lang.pick("Vi phạm quy định", "Rule breaks"), Kind::Integer),
        ],
    );
    for p in plans {
        t.row(vec![
            Cell::text(&p.label),
            Cell::text(&p.name),
            Cell::text(p.origin.describe()),
            match p.breaks {
                Some(n) => Cell::int(n),
                None => {
                    Cell::text(lang.pick("– (kế hoạch của ntm plan)", "– (written by ntm plan)"))
                }
            },
        ]);
    }
    t
}

fn headline_table(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = wide_table(
        "headline",
        lang.pick("Tổng hợp", "Headline"),
        lang.pick("Chỉ tiêu", "Figure"),
        plans,
        Kind::Decimal,
    );
    let row = |t: &mut Table, label: &str, cells: Vec<Cell>| {
        let mut row = vec![Cell::text(label)];
        row.extend(cells);
        t.row(row);
    };
    // One figure a cell, so that a spreadsheet can sum and chart them:
    // communes meeting and communes in all on rows of their own.
    row(
        &mut t,
        lang.pick("Số xã đạt chuẩn", "Communes meeting the standard"),
        plans.iter().map(|p| Cell::int(p.meeting())).collect(),
    );
    row(
        &mut t,
        lang.pick("Tổng số xã", "Communes in all"),
        plans.iter().map(|p| Cell::int(p.communes.len())).collect(),
    );
    if plans.iter().any(|p| p.communes_advanced().is_some()) {
        row(
            &mut t,
            lang.pick(
                "Số xã đạt chuẩn nâng cao",
                "Communes at the advanced standard",
            ),
            plans
                .iter()
                .map(|p| p.communes_advanced().map_or(Cell::Dash, Cell::int))
                .collect(),
        );
    }
    row(
        &mut t,
        lang.pick("Bình quân tiêu chí/xã", "Average criteria per commune"),
        plans
            .iter()
            .map(|p| Cell::decimal(p.average_criteria(), 2))
            .collect(),
    );
    row(
        &mut t,
        lang.pick("Số tiêu chí thấp nhất", "Fewest criteria in a commune"),
        plans.iter().map(|p| Cell::int(p.min_criteria())).collect(),
    );
    row(
        &mut t,
        lang.pick("Tổng vốn", "Money spent"),
        plans.iter().map(|p| Cell::Money(p.total_cost())).collect(),
    );
    if plans.iter().any(|p| p.paused.is_some()) {
        row(
            &mut t,
            lang.pick("Số dự án tạm dừng", "Projects paused"),
            plans
                .iter()
                .map(|p| p.paused.as_ref().map_or(Cell::Dash, |x| Cell::int(x.len())))
                .collect(),
        );
        row(
            &mut t,
            lang.pick("Vốn từ dự án tạm dừng", "Money freed by paused projects"),
            plans
                .iter()
                .map(|p| {
                    p.paused
                        .as_ref()
                        .map_or(Cell::Dash, |_| Cell::Money(p.paused_money()))
                })
                .collect(),
        );
    }
    let mut target_names: Vec<&str> = Vec::new();
    for p in plans {
        for target in &p.targets {
            if !target_names.contains(&target.name.as_str()) {
                target_names.push(&target.name);
            }
        }
    }
    for name in target_names {
        let label = target_label(name, lang);
        let of = |pick: &dyn Fn(&crate::compare::TargetView) -> Cell| -> Vec<Cell> {
            plans
                .iter()
                .map(|p| {
                    p.targets
                        .iter()
                        .find(|target| target.name == name)
                        .map_or(Cell::Dash, pick)
                })
                .collect()
        };
        let target = lang.pick("Mục tiêu", "Target");
        row(
            &mut t,
            &format!("{target}: {label}: {}", lang.pick("yêu cầu", "required")),
            of(&|x| figure_cell(shown_figure(name, x.required))),
        );
        row(
            &mut t,
            &format!("{target}: {label}: {}", lang.pick("đạt được", "achieved")),
            of(&|x| figure_cell(shown_figure(name, x.achieved))),
        );
        row(
            &mut t,
            &format!("{target}: {label}: {}", lang.pick("đạt mục tiêu", "met")),
            of(&|x| Cell::text(met_word(x.met, lang))),
        );
    }
    t
}

/// A target's figure as a number cell: whole when it is whole.
/// A target's figure as its label reads it: the village share, labelled
/// "(%)", in per cent (0.145 → 14.5).
fn shown_figure(name: &str, x: f64) -> f64 {
    if name == "villages_share_in_especially_difficult" {
        (x * 1000.0).round() / 10.0
    } else {
        x
    }
}

fn figure_cell(x: f64) -> Cell {
    if x.fract() == 0.0 {
        Cell::Int(x as i64)
    } else {
        Cell::decimal(x, 2)
    }
}

/// Per district: communes meeting the standard of all, and money, per plan.
fn districts_wide(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = wide_table(
        "districts",
        lang.pick("Huyện", "Districts"),
        lang.pick("Huyện", "District"),
        plans,
        Kind::Decimal,
    );
    for district in all_districts(plans) {
        let mut row = vec![Cell::text(&district)];
        row.extend(plans.iter().map(|p| {
            let members: Vec<_> = p
                .communes
                .iter()
                .filter(|c| c.district == district)
                .collect();
            let meeting = members.iter().filter(|c| c.meets_after).count();
            let cost: Money = members.iter().map(|c| c.cost).sum();
            Cell::text(format!(
                "{meeting} / {} ({})",
                members.len(),
                money(cost, lang)
            ))
        }));
        t.row(row);
    }
    t
}

/// The rows of `compare_districts.csv`.
fn districts_long(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = Table::new(
        "districts-all",
        lang.pick("Huyện", "Districts"),
        vec![
            Column::new(lang.pick("Phương án", "Plan"), Kind::Text),
            Column::new(lang.pick("Tên phương án", "Plan name"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Số xã", "Communes"), Kind::Integer),
            Column::new(
                lang.pick("Đạt chuẩn sau", "Meeting the standard after"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Bình quân tiêu chí sau", "Average criteria after"),
                Kind::Decimal,
            ),
            Column::new(
                lang.pick("Số tiêu chí thấp nhất sau", "Fewest criteria after"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Vốn (triệu đồng)", "Money (million VND)"),
                Kind::Money,
            ),
        ],
    );
    for district in all_districts(plans) {
        for plan in plans {
            let members: Vec<_> = plan
                .communes
                .iter()
                .filter(|c| c.district == district)
                .collect();
            if members.is_empty() {
                continue;
            }
            let criteria: usize = members.iter().map(|c| c.criteria_after).sum();
            t.row(vec![
                Cell::text(&plan.label),
                Cell::text(&plan.name),
                Cell::text(&district),
                Cell::int(members.len()),
                Cell::int(members.iter().filter(|c| c.meets_after).count()),
                Cell::decimal(criteria as f64 / members.len() as f64, 2),
                Cell::int(members.iter().map(|c| c.criteria_after).min().unwrap_or(0)),
                Cell::Money(members.iter().map(|c| c.cost).sum::<Money>()),
            ]);
        }
    }
    t
}

fn money_table(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = wide_table(
        "money",
        lang.pick("Vốn theo nguồn", "Money by source"),
        lang.pick("Nguồn, năm", "Source, year"),
        plans,
        Kind::Money,
    );
    for key in source_years(plans) {
        let mut row = vec![Cell::text(format!(
            "{}, {}",
            source_name(plans, &key.0),
            key.1
        ))];
        row.extend(
            plans
                .iter()
                .map(|p| Cell::Money(p.money.get(&key).copied().unwrap_or_default())),
        );
        t.row(row);
    }
    t
}

/// The rows of `compare.csv`: every commune in every plan.
fn communes_table(plans: &[PlanView], diffs: &[Differences], lang: Lang) -> Table {
    let mut t = Table::new(
        "communes",
        lang.pick("Xã", "Communes"),
        vec![
            Column::new(lang.pick("Phương án", "Plan"), Kind::Text),
            Column::new(lang.pick("Tên phương án", "Plan name"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(
                lang.pick("Số tiêu chí trước", "Criteria before"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Số tiêu chí sau", "Criteria after"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Đạt chuẩn sau", "Meets the standard after"),
                Kind::Flag,
            ),
            Column::new(
                lang.pick("Vốn (triệu đồng)", "Money (million VND)"),
                Kind::Money,
            ),
            Column::new(lang.pick("Khác phương án A", "Differs from A"), Kind::Flag),
        ],
    )
    .interactive();
    for (id, _, _) in all_communes(plans) {
        for (plan, diff) in plans.iter().zip(diffs) {
            let Some(c) = plan.commune(&id) else { continue };
            t.row(vec![
                Cell::text(&plan.label),
                Cell::text(&plan.name),
                Cell::text(&c.district),
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::int(c.criteria_before),
                Cell::int(c.criteria_after),
                Cell::Flag(c.meets_after),
                Cell::Money(c.cost),
                Cell::Flag(diff.touches(&id)),
            ]);
        }
    }
    t
}

/// The (commune, criterion, village) fundings any plan pays for, in commune order:
/// (key, commune name, district).
fn funding_keys(plans: &[PlanView]) -> Vec<(&FundingKey, String, String)> {
    let keys: BTreeSet<&FundingKey> = plans.iter().flat_map(|p| p.fundings.keys()).collect();
    let communes = all_communes(plans);
    let mut ordered: Vec<&FundingKey> = keys.into_iter().collect();
    ordered.sort_by_key(|(c, k, v)| {
        (
            communes
                .iter()
                .position(|(id, _, _)| id == c)
                .unwrap_or(usize::MAX),
            c.clone(),
            v.clone(),
            k.clone(),
        )
    });
    ordered
        .into_iter()
        .map(|key| {
            let (name, district) = communes
                .iter()
                .find(|(id, _, _)| id == &key.0)
                .map(|(_, n, d)| (n.clone(), d.clone()))
                .unwrap_or_default();
            (key, name, district)
        })
        .collect()
}

/// A funding's criterion in words, with its village when it is one's.
fn funding_name(plans: &[PlanView], key: &FundingKey, lang: Lang) -> String {
    let name = criterion_name(plans, &key.1, lang);
    if key.2.is_empty() {
        name
    } else {
        format!("{name} ({} {})", lang.pick("thôn, bản", "village"), key.2)
    }
}

/// A source's name, from the first plan that knows it; the id when none
/// does.
fn source_name(plans: &[PlanView], id: &str) -> String {
    plans
        .iter()
        .find_map(|p| p.source_names.get(id))
        .map_or_else(|| id.to_string(), Clone::clone)
}

/// A criterion's name in `lang`, from the first plan that knows it; the id
/// when none does (a folder planned with a catalogue of its own).
fn criterion_name(plans: &[PlanView], id: &str, lang: Lang) -> String {
    plans
        .iter()
        .find_map(|p| p.criterion_names.get(id))
        .map_or_else(|| id.to_string(), |(vi, en)| lang.pick(vi, en).to_string())
}

/// The rows of `compare_fundings.csv`.
fn fundings_table(plans: &[PlanView], lang: Lang) -> Table {
    let mut t = Table::new(
        "fundings-all",
        lang.pick("Khoản vốn", "Fundings"),
        vec![
            Column::new(lang.pick("Phương án", "Plan"), Kind::Text),
            Column::new(lang.pick("Tên phương án", "Plan name"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            // Ids, as the plans name them: a folder's plan has no names
            // for criteria in the compare's language. Headed as ids, not
            // as the names a reader would take them for.
            Column::new(lang.pick("Mã tiêu chí", "Criterion id"), Kind::Text),
            Column::new(lang.pick("Năm", "Years"), Kind::Text),
            Column::new(
                lang.pick("Số tiền (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
            Column::new(
                lang.pick(
                    "Mã nguồn vốn và số tiền (triệu đồng)",
                    "Source ids and amounts (million VND)",
                ),
                Kind::Text,
            ),
            Column::new(lang.pick("Mã khác biệt", "Difference id"), Kind::Text),
            Column::new(
                lang.pick("Khác phương án A", "Difference from A"),
                Kind::Text,
            ),
            // The name after the ids, as in compare_fundings.csv.
            Column::new(lang.pick("Tiêu chí", "Criterion"), Kind::Text),
            Column::new(lang.pick("Mã thôn, bản", "Village id"), Kind::Text),
        ],
    );
    for (key, name, district) in funding_keys(plans) {
        for plan in plans {
            let f = plan.fundings.get(key);
            let years: Vec<String> = f
                .map(|f| f.years.iter().map(i32::to_string).collect())
                .unwrap_or_default();
            let sources: Vec<String> = f
                .map(|f| f.sources.iter().map(|(s, a)| format!("{s} {a}")).collect())
                .unwrap_or_default();
            let text = |s: String| {
                if s.is_empty() {
                    Cell::Blank
                } else {
                    Cell::Text(s)
                }
            };
            t.row(vec![
                Cell::text(&plan.label),
                Cell::text(&plan.name),
                Cell::text(&district),
                Cell::text(&key.0),
                Cell::text(&name),
                Cell::text(&key.1),
                // One year is a number a spreadsheet can filter on.
                match f.map(|f| &f.years) {
                    Some(one) if one.len() == 1 => Cell::int(*one.first().unwrap_or(&0)),
                    _ => text(years.join("; ")),
                },
                Cell::Money(f.map(|f| f.amount).unwrap_or_default()),
                text(sources.join("; ")),
                funding_difference(plans[0].fundings.get(key), f)
                    .map_or(Cell::Blank, |d| Cell::text(d.name())),
                funding_difference(plans[0].fundings.get(key), f)
                    .map_or(Cell::Blank, |d| Cell::text(difference_label(d, lang))),
                Cell::text(criterion_name(plans, &key.1, lang)),
                if key.2.is_empty() {
                    Cell::Blank
                } else {
                    Cell::text(&key.2)
                },
            ]);
        }
    }
    t
}

/// The report of `ntm compare`: the plans (with rule breaks for judged
/// ones), headline and targets, districts, money by source and year, and
/// for each plan exactly how it differs from A. `compare.md`, `.html` and
/// `.xlsx` are rendered from it; the page and the workbook also have every
/// commune in every plan (the rows of `compare.csv`), and the workbook the
/// rows of `compare_districts.csv` and `compare_fundings.csv`.
pub fn compare_document(plans: &[PlanView], diffs: &[Differences], lang: Lang) -> Document {
    let mut d = Document::new(
        lang.pick("So sánh các phương án kế hoạch", "Plans compared"),
        lang,
    );
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "Đơn vị: triệu đồng. Mỗi phương án được so với phương án A.",
            "Money in million VND. Each plan is compared with plan A.",
        ),
    );
    d.table(Show::ALL, plans_table(plans, lang));

    d.heading(Show::DOCUMENT, lang.pick("Tổng hợp", "Headline"));
    d.table(Show::ALL, headline_table(plans, lang));

    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Huyện: số xã đạt chuẩn",
            "Districts: communes meeting the standard",
        ),
    );
    d.table(Show::DOCUMENT, districts_wide(plans, lang));
    d.table(Show::XLSX, districts_long(plans, lang));

    d.heading(
        Show::DOCUMENT,
        lang.pick("Vốn theo nguồn và năm", "Money by source and year"),
    );
    d.table(Show::ALL, money_table(plans, lang));

    if !all_paused(plans).is_empty() {
        d.heading(
            Show::DOCUMENT,
            lang.pick(
                "Dự án đầu tư công tạm dừng (vốn chuyển cho chương trình)",
                "Public-investment projects paused (money moved to the programme)",
            ),
        );
        d.table(Show::ALL, paused_table(plans, lang));
    }

    d.heading(
        Show::DOCUMENT,
        lang.pick("Khác biệt so với phương án A", "Differences from plan A"),
    );
    let communes = all_communes(plans);
    let commune_name = |id: &str| {
        communes
            .iter()
            .find(|(c, _, _)| c == id)
            .map_or_else(|| id.to_string(), |(_, n, d)| format!("{n} ({id}, {d})"))
    };
    let list = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| commune_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (p, diff) in plans.iter().zip(diffs).skip(1) {
        d.subheading(Show::DOCUMENT, format!("{} ({})", p.label, p.name));
        if diff.is_empty() {
            d.paragraph(
                Show::DOCUMENT,
                lang.pick(
                    "Không khác phương án A: cùng các xã đạt chuẩn, cùng tiêu chí, cùng khoản vốn.",
                    "No difference from plan A: the same communes, criteria and payments.",
                ),
            );
            continue;
        }
        let mut items = Vec::new();
        if !diff.meets_only_here.is_empty() {
            items.push(format!(
                "{} {}: {}",
                lang.pick("Đạt chuẩn chỉ trong", "Meet the standard only in"),
                p.label,
                list(&diff.meets_only_here)
            ));
        }
        if !diff.meets_only_in_first.is_empty() {
            items.push(format!(
                "{}: {}",
                lang.pick("Đạt chuẩn chỉ trong A", "Meet the standard only in A"),
                list(&diff.meets_only_in_first)
            ));
        }
        if !diff.communes_not_in_both.is_empty() {
            items.push(format!(
                "{}: {}",
                lang.pick(
                    "Xã chỉ có trong một phương án (dữ liệu khác nhau)",
                    "Communes in only one of the two plans (different data)"
                ),
                list(&diff.communes_not_in_both)
            ));
        }
        // A project's id, name and the money it frees.
        let projects = |ids: &[String]| -> String {
            ids.iter()
                .map(|id| {
                    let found = all_paused(plans).into_iter().find(|x| &x.id == id);
                    match found {
                        Some(x) => format!("{} {}: {}", id, x.name, money(x.amount, lang))
                            .replace("  ", " "),
                        None => id.clone(),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !diff.paused_only_here.is_empty() {
            items.push(format!(
                "{} {}: {}",
                lang.pick("Dự án tạm dừng chỉ trong", "Projects paused only in"),
                p.label,
                projects(&diff.paused_only_here)
            ));
        }
        if !diff.paused_only_in_first.is_empty() {
            items.push(format!(
                "{}: {}",
                lang.pick("Dự án tạm dừng chỉ trong A", "Projects paused only in A"),
                projects(&diff.paused_only_in_first)
            ));
        }
        if !diff.criteria.is_empty() {
            items.push(format!(
                "{}: {}",
                lang.pick(
                    "Số tiêu chí khác (A → phương án này)",
                    "Criteria differ (A → this plan)"
                ),
                diff.criteria
                    .iter()
                    .map(|(id, a, b)| format!("{} {a} → {b}", commune_name(id)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !items.is_empty() {
            d.push_for(Show::DOCUMENT, Block::List(items));
        }
        if !diff.fundings.is_empty() {
            let mut t = Table::new(
                format!("fundings-{}", p.label),
                format!("{} {}", lang.pick("Khác biệt", "Differences"), p.label),
                vec![
                    Column::new(lang.pick("Khác biệt", "Difference"), Kind::Text),
                    Column::new(lang.pick("Xã", "Commune"), Kind::Text),
                    Column::new(lang.pick("Tiêu chí", "Criterion"), Kind::Text),
                    Column::new(&plans[0].label, Kind::Text),
                    Column::new(&p.label, Kind::Text),
                ],
            )
            .interactive();
            let show = |p: &PlanView, key: &FundingKey| {
                p.fundings.get(key).map_or(Cell::Dash, |f| {
                    let years: Vec<String> = f.years.iter().map(i32::to_string).collect();
                    let sources: Vec<String> = f
                        .sources
                        .iter()
                        .map(|(s, a)| format!("{} {}", source_name(plans, s), money(*a, lang)))
                        .collect();
                    Cell::text(format!("{}: {}", years.join(", "), sources.join(", ")))
                })
            };
            for (key, kind) in &diff.fundings {
                t.row(vec![
                    Cell::text(difference_label(*kind, lang)),
                    Cell::text(commune_name(&key.0)),
                    Cell::text(funding_name(plans, key, lang)),
                    show(&plans[0], key),
                    show(p, key),
                ]);
            }
            d.table(Show::DOCUMENT, t);
        }
    }

    d.heading(
        Show::HTML,
        lang.pick("Các xã theo từng phương án", "Communes, plan by plan"),
    );
    d.table(Show::HTML_XLSX, communes_table(plans, diffs, lang));
    d.table(Show::XLSX, fundings_table(plans, lang));
    d
}

fn difference_label(kind: crate::compare::FundingDifference, lang: Lang) -> &'static str {
    use crate::compare::FundingDifference as D;
    match kind {
        D::Added => lang.pick("thêm", "added"),
        D::Dropped => lang.pick("bỏ", "dropped"),
        D::Moved => lang.pick("chuyển năm", "moved to another year"),
        D::PaidDifferently => lang.pick("khác nguồn hoặc số tiền", "other sources or amounts"),
    }
}

/// The console summary: one line per plan after the first.
pub fn console(plans: &[PlanView], lang: Lang) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} {} {}",
        lang.pick("so sánh:", "compare:"),
        plans.len(),
        lang.pick("phương án", "plans")
    );
    for p in plans {
        let mut breaks = String::new();
        if let Some(paused) = p.paused.as_ref().filter(|x| !x.is_empty()) {
            let _ = write!(
                breaks,
                ", {} {} ({} {})",
                paused.len(),
                lang.pick("dự án tạm dừng", "projects paused"),
                super::doc::money(p.paused_money(), lang),
                lang.pick("triệu đồng", "million VND")
            );
        }
        if let Some(n) = p.breaks {
            let _ = write!(breaks, ", {n} {}", lang.pick("vi phạm", "rule breaks"));
        }
        let _ = writeln!(
            text,
            "  {} {:<24} {} / {} {}, {} {}{breaks}",
            p.label,
            p.name,
            p.meeting(),
            p.communes.len(),
            lang.pick("xã đạt chuẩn", "communes at the standard"),
            super::doc::money(p.total_cost(), lang),
            lang.pick("triệu đồng", "million VND")
        );
    }
    for p in plans.iter().skip(1) {
        let d = differences(&plans[0], p);
        if d.is_empty() {
            let _ = writeln!(
                text,
                "  {} {}",
                p.label,
                lang.pick("không khác A", "does not differ from A")
            );
        } else {
            let touched = all_communes(plans)
                .iter()
                .filter(|(id, _, _)| d.touches(id))
                .count();
            let projects = d.paused_only_here.len() + d.paused_only_in_first.len();
            let projects = if projects > 0 {
                format!(
                    ", {projects} {}",
                    lang.pick("dự án tạm dừng", "paused projects")
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                text,
                "  {} {} {touched} {}, {} {}{projects}",
                p.label,
                lang.pick("khác A ở", "differs from A in"),
                lang.pick("xã", "communes"),
                d.fundings.len(),
                lang.pick("khoản bố trí vốn", "fundings")
            );
        }
    }
    text
}
