//! `marginal.csv` and the report section on the marginal value of money.

use crate::instance::{CommuneId, Instance};
use crate::lang::Lang;
use crate::marginal::MarginalRow;

use super::doc::{Cell, Column, Document, Kind, Show, Table};
use super::tables::Csv;

fn ids(instance: &Instance, communes: &[CommuneId]) -> String {
    communes
        .iter()
        .map(|c| instance.communes[c.0].id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row per source and year; commune lists are ids separated by spaces.
pub fn marginal_csv(instance: &Instance, rows: &[MarginalRow], lang: Lang) -> Vec<u8> {
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
        "source_name",
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
        cells.push(super::plan::source_name_by_id(
            instance,
            &row.source_id,
            lang,
        ));
        csv.row(&cells);
    }
    csv.finish()
}

fn names(instance: &Instance, communes: &[CommuneId]) -> Cell {
    if communes.is_empty() {
        return Cell::Dash;
    }
    Cell::text(
        communes
            .iter()
            .map(|c| instance.communes[c.0].name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The section of the plan's report: one row per source and year.
pub fn add(d: &mut Document, instance: &Instance, rows: &[MarginalRow], lang: Lang) {
    d.heading(
        Show::DOCUMENT,
        lang.pick("Giá trị biên của vốn", "Marginal value of money"),
    );
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "Mỗi dòng là kế hoạch tối ưu lập lại khi nguồn vốn đó, trong năm đó, có thêm một bước vốn \
             (triệu đồng), so với kế hoạch trên.",
            "Each row is the plan solved again, to proven optimality, with one more step of money \
             (million VND) in that source and year, compared with the plan above.",
        ),
    );
    let mut table = Table::new(
        "marginal",
        lang.pick("Giá trị biên", "Marginal"),
        vec![
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(lang.pick("Hiện có", "Available"), Kind::Money),
            Column::new(lang.pick("Thêm", "Step"), Kind::Money),
            Column::new(
                lang.pick("Thêm xã đạt chuẩn", "More communes"),
                Kind::Integer,
            ),
            Column::new(lang.pick("Thêm tiêu chí", "More criteria"), Kind::Integer),
            Column::new(lang.pick("Chi thêm", "More spent"), Kind::Money),
            Column::new(
                lang.pick("Xã mới đạt chuẩn", "Communes newly at the standard"),
                Kind::Text,
            ),
            Column::new(
                lang.pick("Xã không còn đạt", "No longer at the standard"),
                Kind::Text,
            ),
        ],
    );
    for row in rows {
        let mut cells = vec![
            Cell::text(super::plan::source_name_by_id(
                instance,
                &row.source_id,
                lang,
            )),
            Cell::int(row.year),
            Cell::Money(row.available),
            Cell::Money(row.step),
        ];
        match &row.result {
            Ok(s) => cells.extend([
                Cell::int(s.communes_gain),
                Cell::int(s.criteria_gain),
                Cell::Money(s.spent_gain),
                names(instance, &s.newly_meeting),
                names(instance, &s.no_longer_meeting),
            ]),
            Err(e) => cells.extend([
                Cell::Dash,
                Cell::Dash,
                Cell::Dash,
                Cell::text(format!("{}: {e}", lang.pick("lỗi", "failed"))),
                Cell::Dash,
            ]),
        }
        table.row(cells);
    }
    d.table(Show::ALL, table);
}
