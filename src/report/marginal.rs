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
            "Mỗi dòng là kế hoạch được lập lại từ đầu (không phải ước tính) khi nguồn vốn đó, trong năm đó, \
             có thêm một bước vốn (triệu đồng), so với kế hoạch trên. Kế hoạch ưu tiên theo thứ tự: \
             nhiều xã đạt chuẩn nhất, rồi nhiều tiêu chí nhất, rồi ít vốn nhất.",
            "Each row is the plan made again in full (not an estimate) with one more step of money \
             (million VND) in that source and year, compared with the plan above. The plan's aims come \
             in order: the most communes at the standard, then the most criteria, then the least money.",
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
    let notes = negative_notes(instance, rows, lang);
    if !notes.is_empty() {
        d.push_for(Show::DOCUMENT, super::doc::Block::List(notes));
    }
}

/// Why a figure of the table is negative, once per column and cause, with
/// the rows it applies to. More money never makes a plan worse in its first
/// aim, but the aims come in order (communes at the standard, by weight;
/// then criteria met; then the least money), so a step that buys a better
/// first aim may cost criteria or change what is spent.
fn negative_notes(instance: &Instance, rows: &[MarginalRow], lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    let label = |row: &MarginalRow| {
        format!(
            "{} {}",
            super::plan::source_name_by_id(instance, &row.source_id, lang),
            row.year
        )
    };
    let list = |pick: &dyn Fn(&MarginalRow, &crate::marginal::Stepped) -> bool| -> Vec<String> {
        rows.iter()
            .filter(|r| r.result.as_ref().is_ok_and(|s| pick(r, s)))
            .map(label)
            .collect()
    };
    let optimal = |s: &crate::marginal::Stepped| s.status == "optimal";
    let mut note = |rows: Vec<String>, vi: &str, en: &str| {
        if !rows.is_empty() {
            notes.push(format!("{} ({})", lang.pick(vi, en), rows.join("; ")));
        }
    };
    note(
        list(&|_, s| optimal(s) && s.criteria_gain < 0 && s.weighted_communes_gain > 0.0),
        "“Thêm tiêu chí” âm: bước vốn giúp thêm xã đạt chuẩn, mục tiêu được ưu tiên trước số tiêu chí;          vốn dành cho các xã đó lấy từ những tiêu chí ở xã khác, nên tổng số tiêu chí đạt được giảm",
        "A negative “More criteria”: the step brings more communes to the standard, which comes first,          before the number of criteria; the money those communes take met criteria elsewhere, so fewer          criteria are met in all",
    );
    note(
        list(&|_, s| optimal(s) && s.communes_gain < 0 && s.weighted_communes_gain >= 0.0),
        "“Thêm xã đạt chuẩn” âm: số xã đạt chuẩn được tính theo trọng số (`weight` trong communes.csv);          bước vốn cho phép đưa một xã có trọng số lớn hơn về đích thay cho nhiều xã có trọng số nhỏ hơn",
        "A negative “More communes”: communes at the standard count by their weight (`weight` in          communes.csv); the step lets the plan bring a commune of more weight to the standard in place          of more communes of less weight",
    );
    note(
        list(&|_, s| {
            optimal(s)
                && s.spent_gain < crate::money::Money::ZERO
                && (s.weighted_communes_gain > 0.0 || s.criteria_gain != 0)
        }),
        "“Chi thêm” âm: với bước vốn, kế hoạch đầu tư những tiêu chí khác (nhiều xã hoặc nhiều tiêu chí hơn được ưu tiên),          và tổng chi phí của chúng thấp hơn",
        "A negative “More spent”: with the step the plan funds other criteria (more communes, then more          criteria, come first), and those cost less in all",
    );
    note(
        list(&|_, s| {
            optimal(s)
                && s.spent_gain < crate::money::Money::ZERO
                && s.weighted_communes_gain <= 0.0
                && s.criteria_gain == 0
        }),
        "“Chi thêm” âm: bước vốn cho phép đạt cùng số xã và số tiêu chí với những tiêu chí rẻ hơn;          giữa các kế hoạch như nhau, kế hoạch ít tốn vốn nhất được chọn",
        "A negative “More spent”: the step makes the same communes and criteria reachable with cheaper          criteria; of equal plans the cheapest is taken",
    );
    note(
        list(&|_, s| {
            !optimal(s)
                && (s.criteria_gain < 0
                    || s.communes_gain < 0
                    || s.spent_gain < crate::money::Money::ZERO)
        }),
        "Số âm ở dòng mà việc lập lại kế hoạch dừng do hết thời gian: kế hoạch đó có thể chưa phải tốt nhất",
        "A negative figure where the re-plan stopped at its time limit: that plan may not be the best",
    );
    notes
}
