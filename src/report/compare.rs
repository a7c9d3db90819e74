//! What `ntm compare` writes: long tables for Excel (one row per plan and
//! commune, district, source and year, or funding) and `compare.md` with
//! the plans side by side and their differences from the first.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::compare::{
    Differences, PlanView, all_communes, all_districts, differences, funding_difference,
};
use crate::lang::Lang;
use crate::money::Money;

use super::Files;
use super::evaluate::{cell, target_label};
use super::markdown::money;
use super::tables::Csv;

pub fn files(plans: &[PlanView], lang: Lang) -> Files {
    let diffs: Vec<Differences> = plans.iter().map(|p| differences(&plans[0], p)).collect();
    vec![
        ("compare.csv".to_string(), communes_csv(plans, &diffs)),
        ("compare_districts.csv".to_string(), districts_csv(plans)),
        ("compare_money.csv".to_string(), money_csv(plans)),
        ("compare_fundings.csv".to_string(), fundings_csv(plans)),
        (
            "compare.md".to_string(),
            markdown(plans, &diffs, lang).into_bytes(),
        ),
    ]
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

fn fundings_csv(plans: &[PlanView]) -> Vec<u8> {
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
    ]);
    let keys: BTreeSet<&(String, String)> = plans.iter().flat_map(|p| p.fundings.keys()).collect();
    let communes = all_communes(plans);
    // In commune order, as the other tables.
    let mut ordered: Vec<&(String, String)> = keys.into_iter().collect();
    ordered.sort_by_key(|(c, k)| {
        (
            communes
                .iter()
                .position(|(id, _, _)| id == c)
                .unwrap_or(usize::MAX),
            c.clone(),
            k.clone(),
        )
    });
    for key in ordered {
        let (name, district) = communes
            .iter()
            .find(|(id, _, _)| id == &key.0)
            .map(|(_, n, d)| (n.clone(), d.clone()))
            .unwrap_or_default();
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
            ]);
        }
    }
    csv.finish()
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Vi) => "đạt",
        (false, Lang::Vi) => "**không**",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "**no**",
    }
}

fn figure(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// `| a | b | c |` and its alignment row.
fn table_head(md: &mut String, first: &str, plans: &[PlanView]) {
    let labels: Vec<&str> = plans.iter().map(|p| p.label.as_str()).collect();
    let _ = writeln!(md, "| {} | {} |", first, labels.join(" | "));
    let _ = writeln!(md, "|---|{}", "---:|".repeat(plans.len()));
}

fn markdown(plans: &[PlanView], diffs: &[Differences], lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}\n",
        lang.pick("So sánh các phương án kế hoạch", "Plans compared")
    );
    let _ = writeln!(
        md,
        "{}\n",
        lang.pick(
            "Đơn vị: triệu đồng. Mỗi phương án được so với phương án A.",
            "Money in million VND. Each plan is compared with plan A."
        )
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} |",
        lang.pick("Phương án", "Plan"),
        lang.pick("Tên", "Name"),
        lang.pick("Nguồn", "From"),
        lang.pick("Vi phạm quy định", "Rule breaks")
    );
    let _ = writeln!(md, "|---|---|---|---:|");
    for p in plans {
        let breaks = match p.breaks {
            Some(n) => n.to_string(),
            None => lang
                .pick("– (kế hoạch của ntm plan)", "– (an `ntm plan` plan)")
                .to_string(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | `{}` | {} |",
            p.label,
            cell(&p.name),
            cell(&p.origin.describe()),
            breaks
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "## {}\n", lang.pick("Tổng hợp", "Headline"));
    table_head(&mut md, lang.pick("Chỉ tiêu", "Figure"), plans);
    let row = |md: &mut String, label: &str, cells: Vec<String>| {
        let _ = writeln!(md, "| {label} | {} |", cells.join(" | "));
    };
    row(
        &mut md,
        lang.pick("Số xã đạt chuẩn", "Communes meeting the standard"),
        plans
            .iter()
            .map(|p| format!("{} / {}", p.meeting(), p.communes.len()))
            .collect(),
    );
    row(
        &mut md,
        lang.pick("Bình quân tiêu chí/xã", "Average criteria per commune"),
        plans
            .iter()
            .map(|p| format!("{:.2}", p.average_criteria()))
            .collect(),
    );
    row(
        &mut md,
        lang.pick("Số tiêu chí thấp nhất", "Fewest criteria in a commune"),
        plans.iter().map(|p| p.min_criteria().to_string()).collect(),
    );
    row(
        &mut md,
        lang.pick("Tổng vốn", "Money spent"),
        plans.iter().map(|p| money(p.total_cost())).collect(),
    );
    let target_names: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for p in plans {
            for t in &p.targets {
                if !names.contains(&t.name) {
                    names.push(t.name.clone());
                }
            }
        }
        names
    };
    for name in &target_names {
        row(
            &mut md,
            &format!(
                "{}: {}",
                lang.pick("Mục tiêu", "Target"),
                target_label(name, lang)
            ),
            plans
                .iter()
                .map(|p| {
                    p.targets.iter().find(|t| &t.name == name).map_or_else(
                        || "–".to_string(),
                        |t| {
                            format!(
                                "{} ({} / {})",
                                yes_no(t.met, lang),
                                figure(t.achieved),
                                figure(t.required)
                            )
                        },
                    )
                })
                .collect(),
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick(
            "Huyện: số xã đạt chuẩn",
            "Districts: communes meeting the standard"
        )
    );
    table_head(&mut md, lang.pick("Huyện", "District"), plans);
    for district in all_districts(plans) {
        let cells = plans
            .iter()
            .map(|p| {
                let members: Vec<_> = p
                    .communes
                    .iter()
                    .filter(|c| c.district == district)
                    .collect();
                let meeting = members.iter().filter(|c| c.meets_after).count();
                let cost: Money = members.iter().map(|c| c.cost).sum();
                format!("{meeting} / {} ({})", members.len(), money(cost))
            })
            .collect();
        row(&mut md, &cell(&district), cells);
    }
    let _ = writeln!(md);

    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick("Vốn theo nguồn và năm", "Money by source and year")
    );
    table_head(&mut md, lang.pick("Nguồn, năm", "Source, year"), plans);
    for key in source_years(plans) {
        let cells = plans
            .iter()
            .map(|p| money(p.money.get(&key).copied().unwrap_or_default()))
            .collect();
        row(&mut md, &format!("{} {}", cell(&key.0), key.1), cells);
    }
    let _ = writeln!(md);

    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick("Khác biệt so với phương án A", "Differences from plan A")
    );
    let communes = all_communes(plans);
    let commune_name = |id: &str| {
        communes
            .iter()
            .find(|(c, _, _)| c == id)
            .map_or_else(|| id.to_string(), |(_, n, d)| format!("{n} ({id}, {d})"))
    };
    for (p, d) in plans.iter().zip(diffs).skip(1) {
        let _ = writeln!(md, "### {} ({})\n", p.label, cell(&p.name));
        if d.is_empty() {
            let _ = writeln!(
                md,
                "{}\n",
                lang.pick(
                    "Không khác phương án A: cùng các xã đạt chuẩn, cùng tiêu chí, cùng khoản vốn.",
                    "No difference from plan A: the same communes, criteria and payments."
                )
            );
            continue;
        }
        let list = |ids: &[String]| -> String {
            ids.iter()
                .map(|id| cell(&commune_name(id)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !d.meets_only_here.is_empty() {
            let _ = writeln!(
                md,
                "- {} {}: {}",
                lang.pick("Đạt chuẩn chỉ trong", "Meet the standard only in"),
                p.label,
                list(&d.meets_only_here)
            );
        }
        if !d.meets_only_in_first.is_empty() {
            let _ = writeln!(
                md,
                "- {}: {}",
                lang.pick("Đạt chuẩn chỉ trong A", "Meet the standard only in A"),
                list(&d.meets_only_in_first)
            );
        }
        if !d.communes_not_in_both.is_empty() {
            let _ = writeln!(
                md,
                "- {}: {}",
                lang.pick(
                    "Xã chỉ có trong một phương án (dữ liệu khác nhau)",
                    "Communes in only one of the two plans (different data)"
                ),
                list(&d.communes_not_in_both)
            );
        }
        if !d.criteria.is_empty() {
            let _ = writeln!(
                md,
                "- {}: {}",
                lang.pick(
                    "Số tiêu chí khác (A → phương án này)",
                    "Criteria differ (A → this plan)"
                ),
                d.criteria
                    .iter()
                    .map(|(id, a, b)| format!("{} {a} → {b}", cell(&commune_name(id))))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !d.fundings.is_empty() {
            let _ = writeln!(
                md,
                "\n| {} | {} | {} | A | {} |",
                lang.pick("Khác biệt", "Difference"),
                lang.pick("Xã", "Commune"),
                lang.pick("Tiêu chí", "Criterion"),
                p.label
            );
            let _ = writeln!(md, "|---|---|---|---|---|");
            let show = |p: &PlanView, key: &(String, String)| {
                p.fundings.get(key).map_or_else(
                    || "–".to_string(),
                    |f| {
                        let years: Vec<String> = f.years.iter().map(i32::to_string).collect();
                        let sources: Vec<String> = f
                            .sources
                            .iter()
                            .map(|(s, a)| format!("{s} {}", money(*a)))
                            .collect();
                        cell(&format!("{}: {}", years.join(", "), sources.join(", ")))
                    },
                )
            };
            for (key, kind) in &d.fundings {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    difference_label(*kind, lang),
                    cell(&commune_name(&key.0)),
                    cell(&key.1),
                    show(&plans[0], key),
                    show(p, key)
                );
            }
        }
        let _ = writeln!(md);
    }
    md
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
        let breaks = p
            .breaks
            .map(|n| format!(", {n} {}", lang.pick("vi phạm", "rule breaks")))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {} {:<24} {} / {} {}, {} {}{breaks}",
            p.label,
            p.name,
            p.meeting(),
            p.communes.len(),
            lang.pick("xã đạt chuẩn", "communes at the standard"),
            money(p.total_cost()),
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
            let _ = writeln!(
                text,
                "  {} {} {touched} {}, {} {}",
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
