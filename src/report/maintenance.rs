//! The report section on keeping the standard: criteria met today that the
//! plan maintains, and those it lets go, shown apart from new criteria.

use std::fmt::Write;

use crate::evaluate::Outcome;
use crate::instance::{CommuneId, Instance, Purpose};
use crate::lang::Lang;

use super::markdown::money;

/// Empty when the data list no criteria at risk.
pub fn section(instance: &Instance, outcome: &Outcome, lang: Lang) -> String {
    let at_risk: usize = outcome.communes.iter().map(|c| c.criteria_at_risk).sum();
    if at_risk == 0 {
        return String::new();
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick("Giữ vững tiêu chí đã đạt", "Keeping the standard")
    );
    let new_cost = outcome.total_cost - outcome.maintenance_cost;
    let _ = writeln!(
        md,
        "{}\n",
        match lang {
            Lang::Vi => format!(
                "{at_risk} tiêu chí đang đạt có nguy cơ mất trước năm {}; kế hoạch duy trì {}, để mất {}. \
                 Kinh phí duy trì {} triệu đồng; kinh phí cho tiêu chí mới {} triệu đồng.",
                instance.horizon(),
                at_risk - outcome.criteria_lost,
                outcome.criteria_lost,
                money(outcome.maintenance_cost),
                money(new_cost)
            ),
            Lang::En => format!(
                "{at_risk} criteria met today are at risk by {}; the plan maintains {} and lets {} go. \
                 Maintenance costs {} million VND; new criteria {} million VND.",
                instance.horizon(),
                at_risk - outcome.criteria_lost,
                outcome.criteria_lost,
                money(outcome.maintenance_cost),
                money(new_cost)
            ),
        }
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |",
        lang.pick("Xã", "Commune"),
        lang.pick("Huyện", "District"),
        lang.pick("Duy trì", "Maintained"),
        lang.pick("Mất", "Lost"),
        lang.pick("Kinh phí duy trì", "Maintenance money"),
    );
    let _ = writeln!(md, "|---|---|---|---|---:|");
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
            if maintained(outcome, CommuneId(c), gap.criterion.0) {
                kept.push(name);
            } else {
                lost.push(name);
            }
        }
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            commune.name,
            instance.districts[commune.district.0].name,
            list(&kept),
            list(&lost),
            money(o.maintenance_cost)
        );
    }
    let _ = writeln!(md);
    md
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "–".to_string()
    } else {
        names.join(", ")
    }
}

/// Whether the plan pays in full for this criterion of this commune.
fn maintained(outcome: &Outcome, commune: CommuneId, criterion: usize) -> bool {
    outcome.funded.contains_key(&(commune.0, criterion))
}
