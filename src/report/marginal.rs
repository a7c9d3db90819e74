//! `marginal.csv` and the report section on the marginal value of money.

use std::fmt::Write;

use crate::instance::{CommuneId, Instance};
use crate::lang::Lang;
use crate::marginal::MarginalRow;

use super::markdown::money;
use super::tables::Csv;

fn ids(instance: &Instance, communes: &[CommuneId]) -> String {
    communes
        .iter()
        .map(|c| instance.communes[c.0].id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row per source and year; commune lists are ids separated by spaces.
pub fn marginal_csv(instance: &Instance, rows: &[MarginalRow]) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "source_id",
        "year",
        "available",
        "step",
        "status",
        "weighted_communes_gain",
        "communes_gain",
        "criteria_gain",
        "spent_gain",
        "newly_meeting",
        "no_longer_meeting",
    ]);
    for row in rows {
        let mut cells = vec![
            row.source_id.clone(),
            row.year.to_string(),
            row.available.to_string(),
            row.step.to_string(),
        ];
        match &row.result {
            Ok(s) => cells.extend([
                s.status.to_string(),
                format!("{}", s.weighted_communes_gain),
                s.communes_gain.to_string(),
                s.criteria_gain.to_string(),
                s.spent_gain.to_string(),
                ids(instance, &s.newly_meeting),
                ids(instance, &s.no_longer_meeting),
            ]),
            Err(_) => {
                cells.push("failed".to_string());
                cells.extend(std::iter::repeat_n(String::new(), 6));
            }
        }
        csv.row(&cells);
    }
    csv.finish()
}

fn names(instance: &Instance, communes: &[CommuneId]) -> String {
    if communes.is_empty() {
        return "–".to_string();
    }
    communes
        .iter()
        .map(|c| instance.communes[c.0].name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn section(instance: &Instance, rows: &[MarginalRow], lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick("Giá trị biên của vốn", "Marginal value of money")
    );
    let _ = writeln!(
        md,
        "{}\n",
        lang.pick(
            "Mỗi dòng là kế hoạch tối ưu lập lại khi nguồn vốn đó, trong năm đó, có thêm một bước vốn \
             (triệu đồng), so với kế hoạch trên.",
            "Each row is the plan solved again, to proven optimality, with one more step of money \
             (million VND) in that source and year, compared with the plan above."
        )
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        lang.pick("Nguồn vốn", "Source"),
        lang.pick("Năm", "Year"),
        lang.pick("Hiện có", "Available"),
        lang.pick("Thêm", "Step"),
        lang.pick("Thêm xã đạt chuẩn", "More communes"),
        lang.pick("Thêm tiêu chí", "More criteria"),
        lang.pick("Xã mới đạt chuẩn", "Communes newly at the standard"),
        lang.pick("Xã không còn đạt", "No longer at the standard"),
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---|---|");
    for row in rows {
        let (communes, criteria, newly, lost) = match &row.result {
            Ok(s) => (
                format!("{:+}", s.communes_gain),
                format!("{:+}", s.criteria_gain),
                names(instance, &s.newly_meeting),
                names(instance, &s.no_longer_meeting),
            ),
            Err(e) => (
                "–".into(),
                "–".into(),
                format!("{}: {e}", lang.pick("lỗi", "failed")),
                "–".into(),
            ),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {communes} | {criteria} | {newly} | {lost} |",
            row.source_id,
            row.year,
            money(row.available),
            money(row.step)
        );
    }
    let _ = writeln!(md);
    md
}
