//! Reading a plan written by hand or in Excel, in the `plan.csv` format.
//!
//! What cannot be read (a missing or unknown column, a year or amount that
//! is not a number, text that is not UTF-8) is bad input, one message with
//! file, line and column, like every table. What can be read but breaks a
//! rule (an unknown commune, money over a budget) is left to the
//! evaluator, which reports every such row at once: a district's plan is
//! judged, not refused.

use std::collections::HashMap;
use std::path::Path;

use crate::error::InputError;
use crate::evaluate::{Break, BreakKind, PlanRow};
use crate::instance::Instance;
use crate::money::Money;
use crate::names::Catalogue;
use crate::tables::{MAX_CELL_MILLIONS, Reading, Row, Schema, Table, plain_number};

/// The columns of `plan.csv`. `district`, `commune` and the names
/// (`criterion_name`, `source_name`, `purpose_name`) are there for the
/// reader of the file; `purpose` (`new` or `maintenance`) is accepted for
/// plans that keep at-risk criteria, and not yet used.
const SCHEMA: Schema = Schema {
    required: &["year", "commune_id", "criterion", "source_id", "amount"],
    optional: &[
        "district",
        "commune",
        "purpose",
        "criterion_name",
        "source_name",
        "purpose_name",
    ],
};

/// The most a plan's amounts may add up to, as for every input table: far
/// above any province's programme, and low enough that no sum in đồng can
/// overflow.
const MAX_PLAN_TOTAL_MILLIONS: i64 = 1_000_000_000_000;

/// One row's informational cells, checked against the data by
/// [`label_breaks`].
#[derive(Debug, Clone, PartialEq)]
pub struct RowLabels {
    pub row: usize,
    pub district: Option<String>,
    pub commune: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanFile {
    /// Rows numbered by their line in the file (the header is line 1).
    pub rows: Vec<PlanRow>,
    pub labels: Vec<RowLabels>,
}

pub fn read(path: &Path) -> Result<PlanFile, InputError> {
    let table = Table::read(path, &SCHEMA)?;
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    let mut total: i64 = 0;
    for row in table.rows() {
        let year = row.integer("year")?;
        let year = i32::try_from(year)
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| row.error("year", format!("{year} is not a plausible year")))?;
        let amount = amount(&row)?;
        total = total.saturating_add(amount.dong().unsigned_abs() as i64);
        if total > MAX_PLAN_TOTAL_MILLIONS.saturating_mul(1_000_000) {
            return Err(row.error(
                "amount",
                "with this row the plan adds up to more than 1,000,000,000,000 million VND; \
                 amounts are in million VND",
            ));
        }
        if let Some(purpose) = row.optional("purpose")
            && !matches!(purpose, "new" | "maintenance")
        {
            return Err(row.error(
                "purpose",
                format!("`{purpose}` must be `new` or `maintenance` (or empty)"),
            ));
        }
        rows.push(PlanRow {
            row: row.line(),
            year,
            commune_id: text(&row, "commune_id")?,
            criterion: text(&row, "criterion")?,
            source_id: text(&row, "source_id")?,
            amount,
        });
        labels.push(RowLabels {
            row: row.line(),
            district: row.optional("district").map(formula_text),
            commune: row.optional("commune").map(formula_text),
        });
    }
    Ok(PlanFile { rows, labels })
}

/// Write the ids of the communes, criteria and sources that rows name by
/// name or number (see [`crate::names`]), so that a plan typed with names
/// is judged, and reported, exactly as the same plan with ids. A text that
/// names nothing, or more than one thing, is left as written: the
/// evaluator reports it as a break, with a suggestion.
pub fn resolve_names(instance: &Instance, rows: &mut [PlanRow]) {
    let lang = crate::lang::Lang::En;
    let communes = Catalogue::communes(&instance.communes, &instance.districts, lang);
    let criteria = Catalogue::criteria(&instance.criteria, lang);
    let sources = Catalogue::sources(&instance.sources, lang);
    for row in rows {
        for (text, catalogue) in [
            (&mut row.commune_id, &communes),
            (&mut row.criterion, &criteria),
            (&mut row.source_id, &sources),
        ] {
            if let Ok(i) = catalogue.resolve(text) {
                text.clone_from(&catalogue.entries()[i].id);
            }
        }
    }
}

/// Million VND to the đồng. Zero and negative amounts are read: they are a
/// rule the evaluator reports with the others, not an unreadable cell.
fn amount(row: &Row) -> Result<Money, InputError> {
    let text = row.text("amount")?;
    let plain = plain_number(text, Reading::default()).map_err(|why| row.error("amount", why))?;
    let amount = Money::parse(&plain).map_err(|why| row.error("amount", why))?;
    if amount.dong().unsigned_abs() > Money::from_millions(MAX_CELL_MILLIONS).dong() as u64 {
        return Err(row.error(
            "amount",
            format!("`{text}` is more than 1,000,000,000 million VND; amounts are in million VND"),
        ));
    }
    Ok(amount)
}

fn text(row: &Row, column: &str) -> Result<String, InputError> {
    row.text(column).map(formula_text)
}

/// The text a cell stands for. `ntm` writes text that would start a
/// formula, or that starts with an apostrophe, behind one more apostrophe
/// (`'=HYPERLINK(…)`, `''x`), so that a plan it wrote reads back as the
/// names it came from; an apostrophe written by hand before other text is
/// kept.
pub fn formula_text(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// Rows whose `district` or `commune` cell contradicts the commune its id
/// names: most likely the id is a typo and the money is meant for another
/// commune, so the row is reported as a break. Rows with an unknown id are
/// left to the evaluator.
pub fn label_breaks(instance: &Instance, labels: &[RowLabels], rows: &[PlanRow]) -> Vec<Break> {
    let communes: HashMap<&str, usize> = instance
        .communes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut breaks = Vec::new();
    for (label, row) in labels.iter().zip(rows) {
        let Some(&c) = communes.get(row.commune_id.as_str()) else {
            continue;
        };
        let commune = &instance.communes[c];
        let district = &instance.districts[commune.district.0].name;
        let on_row = |kind: BreakKind, message: String| Break {
            source_id: Some(row.source_id.clone()),
            year: Some(row.year),
            district: Some(district.clone()),
            commune_id: Some(row.commune_id.clone()),
            criterion: Some(row.criterion.clone()),
            ..Break::new(kind, vec![label.row], message)
        };
        if let Some(written) = &label.district
            && written != district
        {
            breaks.push(on_row(
                BreakKind::DistrictMismatch,
                format!(
                    "the row says district `{written}`, but `{}` is in `{district}`",
                    row.commune_id
                ),
            ));
        }
        if let Some(written) = &label.commune
            && written != &commune.name
        {
            breaks.push(on_row(
                BreakKind::CommuneMismatch,
                format!(
                    "the row says commune `{written}`, but `{}` is `{}`",
                    row.commune_id, commune.name
                ),
            ));
        }
    }
    breaks
}
