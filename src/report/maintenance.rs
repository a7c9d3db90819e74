//! The report section on keeping the standard: criteria met today that the
//! plan maintains, and those it lets go, shown apart from new criteria.

use crate::evaluate::Outcome;
use crate::instance::{Instance, Purpose};
use crate::lang::Lang;

use super::doc::{Cell, Column, Document, Kind, Show, Table, money};

/// Nothing when the data list no criteria at risk.
pub fn add(d: &mut Document, instance: &Instance, outcome: &Outcome, lang: Lang) {
    let at_risk: usize = outcome.communes.iter().map(|c| c.criteria_at_risk).sum();
    if at_risk == 0 {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick("Giữ vững tiêu chí đã đạt", "Keeping the standard"),
    );
    let kept = at_risk - outcome.criteria_lost;
    let rest = outcome.total_cost - outcome.maintenance_cost;
    d.paragraph(
        Show::DOCUMENT,
        match lang {
            Lang::Vi => format!(
                "{at_risk} tiêu chí đang đạt có nguy cơ mất trước hết năm {}; kế hoạch duy trì {kept}, \
                 để mất {}. Kinh phí duy trì {} triệu đồng; phần còn lại của kế hoạch {} triệu đồng.",
                instance.horizon(),
                outcome.criteria_lost,
                money(outcome.maintenance_cost, lang),
                money(rest, lang)
            ),
            Lang::En => format!(
                "{at_risk} criteria met today are at risk by the end of {}; the plan maintains \
                 {kept} and lets {} go. Maintenance costs {} million VND; the rest of the plan {} million VND.",
                instance.horizon(),
                outcome.criteria_lost,
                money(outcome.maintenance_cost, lang),
                money(rest, lang)
            ),
        },
    );
    let mut table = Table::new(
        "maintenance",
        lang.pick("Giữ chuẩn", "Maintenance"),
        vec![
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Duy trì", "Maintained"), Kind::Text),
            Column::new(lang.pick("Để mất", "Lost"), Kind::Text),
            Column::new(
                lang.pick("Kinh phí duy trì (triệu đồng)", "Maintenance (million VND)"),
                Kind::Money,
            ),
        ],
    );
    for (c, commune) in instance.communes.iter().enumerate() {
        let o = &outcome.communes[c];
        if o.criteria_at_risk == 0 {
            continue;
        }
        let (mut kept, mut lost) = (Vec::new(), Vec::new());
        for g in &commune.gaps {
            let gap = &instance.gaps[g.0];
            if gap.purpose != Purpose::Maintenance {
                continue;
            }
            let criterion = &instance.criteria[gap.criterion.0];
            let name = lang
                .pick(&criterion.name_vi, &criterion.name_en)
                .to_string();
            if outcome.funded.contains_key(&(c, gap.criterion.0)) {
                kept.push(name);
            } else {
                lost.push(name);
            }
        }
        let list = |names: Vec<String>| {
            if names.is_empty() {
                Cell::Dash
            } else {
                Cell::text(names.join(", "))
            }
        };
        table.row(vec![
            Cell::text(&commune.name),
            Cell::text(&instance.districts[commune.district.0].name),
            list(kept),
            list(lost),
            Cell::Money(o.maintenance_cost),
        ]);
    }
    d.table(Show::ALL, table);
}
