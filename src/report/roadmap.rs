//! The roadmap per commune: for each commune, the criteria the plan pays
//! for in each year with the sources that pay, the year it reaches the
//! standard, and for a commune that does not, what is left and what it
//! would cost. In the report one row per commune (the HTML table sorts and
//! filters); in the workbook one row per commune and year, for filters and
//! pivot tables.

use std::collections::{BTreeMap, BTreeSet};

use crate::instance::{CommuneId, GapId, Instance};
use crate::lang::Lang;
use crate::money::Money;
use crate::run::PlanRun;

use super::doc::{Cell, Column, Document, Kind, Show, Table};
use super::plan::{criterion_name, source_name};

/// What the plan pays in one commune in one year: per gap, in catalogue
/// order, the sources (in source order) and the amount.
type YearPlan = BTreeMap<GapId, (BTreeSet<usize>, Money)>;

fn by_commune_year(instance: &Instance, run: &PlanRun) -> BTreeMap<(CommuneId, i32), YearPlan> {
    let mut out: BTreeMap<(CommuneId, i32), YearPlan> = BTreeMap::new();
    for p in &run.plan.payments {
        let commune = instance.gaps[p.gap.0].commune;
        let entry = out
            .entry((commune, p.year))
            .or_default()
            .entry(p.gap)
            .or_default();
        entry.0.insert(instance.pools[p.pool.0].source.0);
        entry.1 += p.amount;
    }
    out
}

/// "Transport (Central NTM, District budget); Schools (Central NTM)".
fn funded_text(instance: &Instance, year: &YearPlan, lang: Lang) -> String {
    year.iter()
        .map(|(gap, (sources, _))| {
            let criterion =
                criterion_name(&instance.criteria[instance.gaps[gap.0].criterion.0], lang);
            let sources: Vec<String> = sources
                .iter()
                .map(|s| source_name(&instance.sources[*s], lang))
                .collect();
            format!("{criterion} ({})", sources.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The commune's gaps the plan leaves unpaid.
fn unpaid(instance: &Instance, run: &PlanRun, commune: CommuneId) -> Vec<GapId> {
    instance.communes[commune.0]
        .gaps
        .iter()
        .copied()
        .filter(|g| run.outcome.funded_year[g.0].is_none())
        .collect()
}

/// The section of the plan's report and the workbook's sheet.
pub fn add(d: &mut Document, instance: &Instance, run: &PlanRun, lang: Lang) {
    if instance.communes.is_empty() {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick("Lộ trình từng xã", "Roadmap per commune"),
    );
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "Mỗi dòng là một xã: các tiêu chí kế hoạch chi trong từng năm và nguồn vốn chi, năm xã đạt chuẩn, \
             và với xã chưa đạt chuẩn, các tiêu chí còn thiếu và chi phí để đạt chúng (triệu đồng).",
            "One row per commune: the criteria the plan pays for in each year and the sources that pay, the \
             year it reaches the standard, and for a commune that does not, the criteria left and what they \
             would cost (million VND).",
        ),
    );
    let plans = by_commune_year(instance, run);
    d.table(Show::DOCUMENT, per_commune(instance, run, &plans, lang));
    d.table(Show::XLSX, per_commune_year(instance, run, &plans, lang));
}

fn per_commune(
    instance: &Instance,
    run: &PlanRun,
    plans: &BTreeMap<(CommuneId, i32), YearPlan>,
    lang: Lang,
) -> Table {
    let mut columns = vec![
        Column::new(lang.pick("Xã", "Commune"), Kind::Text),
        Column::new(lang.pick("Huyện", "District"), Kind::Text),
        Column::new(
            lang.pick("Số tiêu chí hiện nay", "Criteria today"),
            Kind::Integer,
        ),
    ];
    for year in &instance.years {
        columns.push(Column::new(
            match lang {
                Lang::Vi => format!("Chi năm {year} (nguồn vốn)"),
                Lang::En => format!("Paid in {year} (sources)"),
            },
            Kind::Text,
        ));
    }
    columns.extend([
        Column::new(
            lang.pick("Năm đạt chuẩn", "Year at the standard"),
            Kind::Integer,
        ),
        Column::new(lang.pick("Tiêu chí còn thiếu", "Criteria left"), Kind::Text),
        Column::new(
            lang.pick("Chi phí còn thiếu", "Cost of what is left"),
            Kind::Money,
        ),
    ]);
    let mut t = Table::new("roadmap", lang.pick("Lộ trình", "Roadmap"), columns).interactive();
    for (c, commune) in instance.communes.iter().enumerate() {
        let id = CommuneId(c);
        let o = &run.outcome.communes[c];
        let mut row = vec![
            Cell::text(&commune.name),
            Cell::text(&instance.districts[commune.district.0].name),
            Cell::int(o.criteria_before),
        ];
        for year in &instance.years {
            row.push(
                plans
                    .get(&(id, *year))
                    .map_or(Cell::Dash, |p| Cell::text(funded_text(instance, p, lang))),
            );
        }
        row.push(o.year_meeting_standard.map_or(Cell::Dash, Cell::int));
        if o.meets_after {
            row.extend([Cell::Dash, Cell::Dash]);
        } else {
            let left = unpaid(instance, run, id);
            let names: Vec<&str> = left
                .iter()
                .map(|g| criterion_name(&instance.criteria[instance.gaps[g.0].criterion.0], lang))
                .collect();
            let cost: Money = left.iter().map(|g| run.budget.gap_cost[g.0]).sum();
            row.extend([Cell::text(names.join(", ")), Cell::Money(cost)]);
        }
        t.row(row);
    }
    t
}

fn per_commune_year(
    instance: &Instance,
    run: &PlanRun,
    plans: &BTreeMap<(CommuneId, i32), YearPlan>,
    lang: Lang,
) -> Table {
    let mut t = Table::new(
        "roadmap_years",
        lang.pick("Lộ trình", "Roadmap"),
        vec![
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(
                lang.pick("Tiêu chí được chi (nguồn vốn)", "Criteria paid (sources)"),
                Kind::Text,
            ),
            Column::new(
                lang.pick("Số tiền (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
            Column::new(
                lang.pick("Đạt chuẩn từ năm này", "At the standard from this year on"),
                Kind::Flag,
            ),
            Column::new(
                lang.pick("Tiêu chí còn thiếu cuối kỳ", "Criteria left at the horizon"),
                Kind::Text,
            ),
        ],
    );
    for (c, commune) in instance.communes.iter().enumerate() {
        let id = CommuneId(c);
        let o = &run.outcome.communes[c];
        let left: Vec<&str> = unpaid(instance, run, id)
            .iter()
            .map(|g| criterion_name(&instance.criteria[instance.gaps[g.0].criterion.0], lang))
            .collect();
        for year in &instance.years {
            let plan = plans.get(&(id, *year));
            t.row(vec![
                Cell::text(&commune.id),
                Cell::text(&commune.name),
                Cell::text(&instance.districts[commune.district.0].name),
                Cell::int(*year),
                plan.map_or(Cell::Blank, |p| Cell::text(funded_text(instance, p, lang))),
                Cell::Money(plan.map_or(Money::ZERO, |p| p.values().map(|(_, m)| *m).sum())),
                Cell::Flag(o.year_meeting_standard.is_some_and(|y| y <= *year)),
                Cell::text(left.join(", ")),
            ]);
        }
    }
    t
}
