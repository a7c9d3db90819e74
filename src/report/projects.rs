//! Paused public-investment projects (`[projects] allow_pause`): the
//! `paused_projects.csv` table, the freed money per budget line for
//! `sources.csv`, the summary's total and the report's section. All of it
//! appears only when the plan could pause a project, so a scenario without
//! projects (or with pausing not allowed) writes what it wrote before.

use std::collections::BTreeMap;

use crate::instance::Instance;
use crate::lang::Lang;
use crate::money::Money;
use crate::projects::Project;
use crate::run::PlanRun;

use super::doc::{Cell, Column, Document, Kind, Show, Table, money};
use super::tables::Csv;

/// Whether the plan could pause a project: pausing allowed and some
/// project pausable.
pub fn in_effect(run: &PlanRun) -> bool {
    !run.budget.pausable.is_empty()
}

/// The projects the plan pauses, in the order of `projects.csv`.
pub fn paused<'a>(instance: &'a Instance, run: &PlanRun) -> Vec<&'a Project> {
    run.selection
        .paused
        .iter()
        .map(|p| &instance.projects[*p])
        .collect()
}

/// What the paused projects free, in total.
pub fn paused_money(instance: &Instance, run: &PlanRun) -> Money {
    paused(instance, run).iter().map(|p| p.amount).sum()
}

/// A project's district in words: its name, or "province-wide".
pub fn district_label(instance: &Instance, project: &Project, lang: Lang) -> String {
    match project.district {
        Some(d) => instance.districts[d.0].name.clone(),
        None => lang.pick("Cấp tỉnh", "Province-wide").to_string(),
    }
}

/// The money freed into each budget line and year: (source id, year,
/// district of the line) → amount, as `sources.csv` names its rows.
pub fn freed_by_line(instance: &Instance, run: &PlanRun) -> BTreeMap<(String, i32, String), Money> {
    let mut freed = BTreeMap::new();
    for project in paused(instance, run) {
        let district = project
            .line
            .0
            .map(|d| instance.districts[d.0].name.clone())
            .unwrap_or_default();
        let key = (
            instance.sources[project.source.0].id.clone(),
            project.year,
            district,
        );
        *freed.entry(key).or_insert(Money::ZERO) += project.amount;
    }
    freed
}

/// `paused_projects.csv`: one row per paused project, ids first, then the
/// names in the report's language.
pub fn paused_projects_csv(instance: &Instance, run: &PlanRun, lang: Lang) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "project_id",
        "source_id",
        "district",
        "year",
        "amount",
        "priority",
        "project",
        "source_name",
    ]);
    for project in paused(instance, run) {
        let source = &instance.sources[project.source.0];
        csv.row(&[
            project.id.clone(),
            source.id.clone(),
            project
                .district
                .map(|d| instance.districts[d.0].name.clone())
                .unwrap_or_default(),
            project.year.to_string(),
            project.amount.to_string(),
            project.priority.to_string(),
            project.name.clone(),
            super::plan::source_name(source, lang),
        ]);
    }
    csv.finish()
}

/// The report's section: the paused projects by district, with their
/// money and a total.
pub fn add(d: &mut Document, instance: &Instance, run: &PlanRun, lang: Lang) {
    if !in_effect(run) {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick("Dự án đầu tư công tạm dừng", "Paused investment projects"),
    );
    let list = paused(instance, run);
    let pausable = run.budget.pausable.len();
    if list.is_empty() {
        d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!(
                    "Kịch bản cho phép tạm dừng {pausable} dự án; kế hoạch không cần tạm dừng dự án nào."
                ),
                Lang::En => format!(
                    "The scenario allows pausing {pausable} projects; the plan pauses none."
                ),
            },
        );
        return;
    }
    let total = paused_money(instance, run);
    d.paragraph(
        Show::DOCUMENT,
        match lang {
            Lang::Vi => format!(
                "Kế hoạch tạm dừng {} trong {pausable} dự án có thể tạm dừng, trả {} triệu đồng về \
                 các dòng vốn của chương trình; dự án có mức ưu tiên giữ lại cao được tạm dừng sau cùng.",
                list.len(),
                money(total, lang)
            ),
            Lang::En => format!(
                "The plan pauses {} of the {pausable} pausable projects, returning {} million VND to \
                 the programme's lines; projects with a higher priority to keep are paused last.",
                list.len(),
                money(total, lang)
            ),
        },
    );
    // By district: the provincial projects first, then the districts in
    // the order of communes.csv.
    let mut order: Vec<&Project> = list.clone();
    order.sort_by_key(|p| (p.district.map(|d| d.0 + 1).unwrap_or(0), p.row));
    let mut table = Table::new(
        "paused_projects",
        lang.pick("Dự án tạm dừng", "Paused projects"),
        vec![
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Dự án", "Project"), Kind::Text),
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(
                lang.pick("Số vốn (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
            Column::new(lang.pick("Mức ưu tiên", "Priority"), Kind::Decimal),
        ],
    );
    let mut by_district: Vec<(String, usize, Money)> = Vec::new();
    for project in &order {
        let district = district_label(instance, project, lang);
        match by_district.last_mut() {
            Some((name, count, sum)) if *name == district => {
                *count += 1;
                *sum += project.amount;
            }
            _ => by_district.push((district.clone(), 1, project.amount)),
        }
        table.row(vec![
            Cell::text(district),
            Cell::text(project.name.clone()),
            Cell::text(super::plan::source_name(
                &instance.sources[project.source.0],
                lang,
            )),
            Cell::int(project.year),
            Cell::Money(project.amount),
            Cell::decimal(project.priority, 2),
        ]);
    }
    d.table(Show::ALL, table);
    let mut districts = Table::new(
        "paused_by_district",
        lang.pick("Tạm dừng theo huyện", "Paused by district"),
        vec![
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Số dự án", "Projects"), Kind::Integer),
            Column::new(
                lang.pick("Số vốn (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
        ],
    );
    for (name, count, sum) in by_district {
        districts.row(vec![Cell::text(name), Cell::int(count), Cell::Money(sum)]);
    }
    districts.row(vec![
        Cell::text(lang.pick("Tổng", "Total")),
        Cell::int(list.len()),
        Cell::Money(total),
    ]);
    d.table(Show::ALL, districts);
}

/// The projects `paused` (indices into `Instance::projects`) as a table:
/// by district, provincial projects first, with a total row.
fn paused_table(instance: &Instance, paused: &[usize], id: &str, lang: Lang) -> Table {
    let mut order: Vec<&Project> = paused.iter().map(|p| &instance.projects[*p]).collect();
    order.sort_by_key(|p| (p.district.map(|d| d.0 + 1).unwrap_or(0), p.row));
    let mut table = Table::new(
        id,
        lang.pick("Dự án tạm dừng", "Paused projects"),
        vec![
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Dự án", "Project"), Kind::Text),
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(
                lang.pick("Số vốn (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
        ],
    );
    let mut total = Money::ZERO;
    for project in order {
        total += project.amount;
        table.row(vec![
            Cell::text(district_label(instance, project, lang)),
            Cell::text(project.name.clone()),
            Cell::text(super::plan::source_name(
                &instance.sources[project.source.0],
                lang,
            )),
            Cell::int(project.year),
            Cell::Money(project.amount),
        ]);
    }
    table.row(vec![
        Cell::text(lang.pick("Tổng", "Total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Money(total),
    ]);
    table
}

/// `ntm gap`, before it asks for new money: how far pausing the pausable
/// projects goes. Every target met with pausing and no top-up (and which
/// projects), or what the best plan without new money reaches by pausing;
/// the top-up that follows is the least with pausing allowed.
pub fn add_gap_section(
    d: &mut Document,
    instance: &Instance,
    analysis: &crate::gap::GapAnalysis,
    budget_only: &PlanRun,
    lang: Lang,
) {
    if !in_effect(budget_only) {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Tạm dừng dự án trước khi bổ sung vốn",
            "Pausing projects before asking for new money",
        ),
    );
    let pausable = budget_only.budget.pausable.len();
    let pausable_money: Money = budget_only.budget.pausable.iter().map(|p| p.amount).sum();
    let met_without = analysis.all.status == crate::gap::GapStatus::AlreadyMet;
    // The plan without new money: the plan of every target when the budget
    // meets them, else the budget-only plan (targets as goals).
    let run = match (&analysis.plan, met_without) {
        (Some(plan), true) => &plan.run,
        _ => budget_only,
    };
    let paused = &run.selection.paused;
    let money_paused: Money = paused.iter().map(|p| instance.projects[*p].amount).sum();
    let targets = &run.outcome.targets;
    let met = targets.iter().filter(|t| t.met).count();
    let text = match (lang, met_without) {
        (Lang::Vi, true) if paused.is_empty() => format!(
            "Vốn hiện có đạt mọi mục tiêu mà không cần tạm dừng dự án nào (có {pausable} dự án có thể \
             tạm dừng, {} triệu đồng).",
            money(pausable_money, lang)
        ),
        (Lang::En, true) if paused.is_empty() => format!(
            "The budget meets every target without pausing any of the {pausable} pausable projects \
             ({} million VND).",
            money(pausable_money, lang)
        ),
        (Lang::Vi, true) => format!(
            "Tạm dừng {} trong {pausable} dự án có thể tạm dừng ({} triệu đồng) là đạt mọi mục tiêu, \
             không cần vốn bổ sung.",
            paused.len(),
            money(money_paused, lang)
        ),
        (Lang::En, true) => format!(
            "Pausing {} of the {pausable} pausable projects ({} million VND) meets every target \
             without new money.",
            paused.len(),
            money(money_paused, lang)
        ),
        (Lang::Vi, false) => format!(
            "Tạm dừng dự án chưa đủ để đạt mọi mục tiêu: không có vốn bổ sung, kế hoạch tốt nhất tạm \
             dừng {} trong {pausable} dự án có thể tạm dừng ({} trong {} triệu đồng) và đạt {met} trong \
             {} mục tiêu. Vốn cần bổ sung dưới đây là ít nhất khi được tạm dừng dự án: trước hết ít \
             vốn bổ sung nhất, sau đó ít vốn tạm dừng nhất.",
            paused.len(),
            money(money_paused, lang),
            money(pausable_money, lang),
            targets.len()
        ),
        (Lang::En, false) => format!(
            "Pausing projects does not meet every target by itself: without new money the best \
             plan pauses {} of the {pausable} pausable projects ({} of {} million VND) and meets \
             {met} of {} targets. The additional funding below is the least with pausing allowed: \
             the least new money first, then the least money paused.",
            paused.len(),
            money(money_paused, lang),
            money(pausable_money, lang),
            targets.len()
        ),
    };
    d.paragraph(Show::DOCUMENT, text);
    if !paused.is_empty() {
        d.table(
            Show::ALL,
            paused_table(instance, paused, "gap_paused_projects", lang),
        );
    }
    if let (Some(plan), false) = (&analysis.plan, met_without) {
        let with = &plan.run.selection.paused;
        let amount: Money = with.iter().map(|p| instance.projects[*p].amount).sum();
        d.paragraph(
            Show::DOCUMENT,
            match lang {
                Lang::Vi => format!(
                    "Với vốn bổ sung, kế hoạch đạt mọi mục tiêu tạm dừng {} dự án ({} triệu đồng); \
                     xem báo cáo kế hoạch kèm theo.",
                    with.len(),
                    money(amount, lang)
                ),
                Lang::En => format!(
                    "With the top-up, the plan that meets every target pauses {} projects ({} \
                     million VND); see the plan report alongside.",
                    with.len(),
                    money(amount, lang)
                ),
            },
        );
    }
}
