//! The report section on villages: Directive 04 wants a share of the
//! villages (thôn, bản) of especially difficult communes at the province's
//! village standard. Per district, how many such villages there are, how
//! many meet the standard before and with the plan, and what the plan pays
//! for them.

use crate::instance::Instance;
use crate::lang::Lang;
use crate::money::Money;
use crate::run::PlanRun;

use super::doc::{Cell, Column, Document, Kind, Show, Table, decimal, money};

/// Nothing when the data have no villages.
pub fn add(d: &mut Document, instance: &Instance, run: &PlanRun, lang: Lang) {
    if instance.villages.is_empty() {
        return;
    }
    let o = &run.outcome;
    let mut cost = vec![Money::ZERO; instance.villages.len()];
    for p in &run.plan.payments {
        if let Some(v) = instance.gaps[p.gap.0].village {
            cost[v.0] += p.amount;
        }
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Thôn, bản của xã đặc biệt khó khăn",
            "Villages of especially difficult communes",
        ),
    );
    let counted: Vec<usize> = (0..instance.villages.len())
        .filter(|v| instance.communes[instance.villages[*v].commune.0].especially_difficult)
        .collect();
    let before = counted
        .iter()
        .filter(|v| o.villages[**v].meets_before)
        .count();
    let after = counted
        .iter()
        .filter(|v| o.villages[**v].meets_after)
        .count();
    let spent: Money = counted.iter().map(|v| cost[*v]).sum();
    let share = |n: usize| {
        if counted.is_empty() {
            0.0
        } else {
            100.0 * n as f64 / counted.len() as f64
        }
    };
    d.paragraph(
        Show::DOCUMENT,
        match lang {
            Lang::Vi => format!(
                "{} thôn, bản của xã đặc biệt khó khăn; {before} đạt chuẩn trước kế hoạch ({}%), \
                 {after} với kế hoạch ({}%). Kế hoạch chi {} triệu đồng cho tiêu chí thôn, bản.",
                counted.len(),
                decimal(share(before), 1, lang),
                decimal(share(after), 1, lang),
                money(spent, lang)
            ),
            Lang::En => format!(
                "{} villages in especially difficult communes; {before} meet the village standard \
                 before the plan ({}%), {after} with it ({}%). The plan spends {} million VND on \
                 village criteria.",
                counted.len(),
                decimal(share(before), 1, lang),
                decimal(share(after), 1, lang),
                money(spent, lang)
            ),
        },
    );
    let mut table = Table::new(
        "villages",
        lang.pick("Thôn, bản", "Villages"),
        vec![
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Số thôn, bản", "Villages"), Kind::Integer),
            Column::new(
                lang.pick("Đạt chuẩn trước", "Meeting before"),
                Kind::Integer,
            ),
            Column::new(
                lang.pick("Đạt chuẩn với kế hoạch", "Meeting with the plan"),
                Kind::Integer,
            ),
            Column::new(lang.pick("Tỷ lệ (%)", "Share (%)"), Kind::Decimal),
            Column::new(
                lang.pick("Vốn (triệu đồng)", "Money (million VND)"),
                Kind::Money,
            ),
        ],
    );
    for (d_index, district) in instance.districts.iter().enumerate() {
        let here: Vec<usize> = counted
            .iter()
            .copied()
            .filter(|v| {
                instance.communes[instance.villages[*v].commune.0]
                    .district
                    .0
                    == d_index
            })
            .collect();
        if here.is_empty() {
            continue;
        }
        let meeting = here.iter().filter(|v| o.villages[**v].meets_after).count();
        table.row(vec![
            Cell::text(&district.name),
            Cell::int(here.len()),
            Cell::int(here.iter().filter(|v| o.villages[**v].meets_before).count()),
            Cell::int(meeting),
            Cell::decimal(100.0 * meeting as f64 / here.len() as f64, 1),
            Cell::Money(here.iter().map(|v| cost[*v]).sum()),
        ]);
    }
    table.row(vec![
        Cell::text(lang.pick("Cả tỉnh", "Province")),
        Cell::int(counted.len()),
        Cell::int(before),
        Cell::int(after),
        Cell::decimal(share(after), 1),
        Cell::Money(spent),
    ]);
    d.table(Show::ALL, table);
}
