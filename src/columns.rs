//! The tables a scenario's data holds and the names people give their
//! columns.
//!
//! A table is a CSV file in the data folder (`gaps.csv`) or a sheet of a
//! workbook (`gaps`, or its Vietnamese or English name). A column is known by
//! its id (`commune_id`), which is what the tool writes in CSV, or by the
//! heading a person reads in a workbook (`Mã xã`, `Commune id`): the template
//! writes the heading with the id beneath it, and a sheet may carry either or
//! both. The labels here are the one place both the reader and the template
//! take them from, so what the tool writes it also reads.

use crate::lang::Lang;

/// A table of the scenario's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableName {
    /// The id: the CSV file's stem and the sheet's name in English workbooks.
    pub id: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    /// Whether the data must have it (the others have defaults: no at-risk
    /// criteria, no land revenue, the built-in criteria catalogue).
    pub required: bool,
    /// Its columns, in the order the template writes them: the ones every
    /// row must have first (`required_columns` of them), then the optional.
    pub columns: &'static [&'static str],
    pub required_columns: usize,
}

impl TableName {
    /// What the reader checks the header against.
    pub fn schema(&self) -> crate::tables::Schema<'static> {
        crate::tables::Schema {
            required: &self.columns[..self.required_columns],
            optional: &self.columns[self.required_columns..],
        }
    }

    pub fn file_name(&self) -> String {
        format!("{}.csv", self.id)
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

pub const COMMUNES: TableName = TableName {
    id: "communes",
    vi: "Xã",
    en: "Communes",
    required: true,
    columns: &[
        "commune_id",
        "commune",
        "district",
        "especially_difficult",
        "weight",
    ],
    required_columns: 3,
};
pub const GAPS: TableName = TableName {
    id: "gaps",
    vi: "Tiêu chí chưa đạt",
    en: "Gaps",
    required: true,
    columns: &["commune_id", "criterion", "cost", "earliest_year"],
    required_columns: 3,
};
pub const AT_RISK: TableName = TableName {
    id: "at_risk",
    vi: "Tiêu chí có nguy cơ",
    en: "At risk",
    required: false,
    columns: &["commune_id", "criterion", "cost"],
    required_columns: 3,
};
pub const SOURCES: TableName = TableName {
    id: "sources",
    vi: "Nguồn vốn",
    en: "Sources",
    required: true,
    columns: &[
        "source_id",
        "name",
        "year",
        "amount",
        "district",
        "only_especially_difficult",
    ],
    required_columns: 4,
};
pub const ELIGIBILITY: TableName = TableName {
    id: "eligibility",
    vi: "Nguồn được chi",
    en: "Eligibility",
    required: true,
    columns: &["source_id", "criterion"],
    required_columns: 2,
};
pub const LAND_REVENUE: TableName = TableName {
    id: "land_revenue",
    vi: "Thu tiền sử dụng đất",
    en: "Land revenue",
    required: false,
    columns: &["district", "year", "revenue"],
    required_columns: 3,
};
pub const CRITERIA: TableName = TableName {
    id: "criteria",
    vi: "Danh mục tiêu chí",
    en: "Criteria",
    required: false,
    columns: &["criterion", "name_vi", "name_en"],
    required_columns: 3,
};

/// The advanced-level criteria a commune lacks (nông thôn mới nâng cao):
/// the same columns as `gaps`, naming criteria of the advanced catalogue.
pub const ADVANCED_GAPS: TableName = TableName {
    id: "advanced_gaps",
    vi: "Tiêu chí nâng cao chưa đạt",
    en: "Advanced gaps",
    required: false,
    columns: &["commune_id", "criterion", "cost", "earliest_year"],
    required_columns: 3,
};
/// The advanced catalogue; built in when absent (`criteria::ADVANCED_318`).
pub const ADVANCED_CRITERIA: TableName = TableName {
    id: "advanced_criteria",
    vi: "Danh mục tiêu chí nâng cao",
    en: "Advanced criteria",
    required: false,
    columns: &["criterion", "name_vi", "name_en"],
    required_columns: 3,
};
/// The villages of the communes, rated on the province's village criteria
/// (Directive 04's village target).
pub const VILLAGES: TableName = TableName {
    id: "villages",
    vi: "Thôn, bản",
    en: "Villages",
    required: false,
    columns: &["village_id", "village", "commune_id"],
    required_columns: 3,
};
pub const VILLAGE_GAPS: TableName = TableName {
    id: "village_gaps",
    vi: "Tiêu chí thôn chưa đạt",
    en: "Village gaps",
    required: false,
    columns: &["village_id", "criterion", "cost", "earliest_year"],
    required_columns: 3,
};
/// The province's village criteria: no built-in default, each province
/// sets its own.
pub const VILLAGE_CRITERIA: TableName = TableName {
    id: "village_criteria",
    vi: "Danh mục tiêu chí thôn",
    en: "Village criteria",
    required: false,
    columns: &["criterion", "name_vi", "name_en"],
    required_columns: 3,
};
/// Medium-term public-investment projects already allotted money from a
/// source's line, which `[projects] allow_pause` lets the plan pause.
pub const PROJECTS: TableName = TableName {
    id: "projects",
    vi: "Dự án đầu tư công",
    en: "Projects",
    required: false,
    columns: &[
        "project_id",
        "project",
        "source_id",
        "year",
        "amount",
        "district",
        "pausable",
        "priority",
    ],
    required_columns: 5,
};

/// The plan: `plan.csv`, and the plan sheet of the plan workbook, which
/// `evaluate` and `compare` read back. Not a table of the data.
pub const PLAN: TableName = TableName {
    id: "plan",
    vi: "Kế hoạch",
    en: "Plan",
    required: false,
    columns: &["year", "commune_id", "criterion", "source_id", "amount"],
    required_columns: 5,
};

/// Payments already made or approved, in the plan's own format: kept
/// exactly in the plan, counted against the budget lines, and the rest
/// planned around them (`commitments.rs`). The columns after `amount` are
/// those `plan.csv` writes for people, so that a plan's rows can be copied
/// in as they are.
pub const COMMITMENTS: TableName = TableName {
    id: "commitments",
    vi: "Khoản đã cam kết",
    en: "Commitments",
    required: false,
    columns: &[
        "year",
        "commune_id",
        "criterion",
        "source_id",
        "amount",
        "district",
        "commune",
        "purpose",
        "criterion_name",
        "source_name",
        "purpose_name",
        "committed",
        "village_id",
        "village",
    ],
    required_columns: 5,
};

/// Every table, in the order a workbook shows them.
pub const TABLES: [TableName; 14] = [
    COMMUNES,
    GAPS,
    AT_RISK,
    SOURCES,
    ELIGIBILITY,
    LAND_REVENUE,
    CRITERIA,
    ADVANCED_GAPS,
    ADVANCED_CRITERIA,
    VILLAGES,
    VILLAGE_GAPS,
    VILLAGE_CRITERIA,
    PROJECTS,
    COMMITMENTS,
];

/// (column id, Vietnamese heading, English heading) of every column a table
/// of the data or a submitted plan may have. A heading names one column id
/// wherever it appears, so a sheet's headings map to ids without knowing
/// which table it is. An id may have a later entry: other headings it is
/// known by (the plan sheet says `Mã tiêu chí` where the gaps table says
/// `Tiêu chí`, since its `Tiêu chí` column would otherwise be ambiguous
/// beside the criterion's name); the first entry is the one written.
pub const COLUMNS: &[(&str, &str, &str)] = &[
    ("commune_id", "Mã xã", "Commune id"),
    ("commune", "Xã", "Commune"),
    ("district", "Huyện", "District"),
    (
        "especially_difficult",
        "Xã đặc biệt khó khăn (1/0)",
        "Especially difficult (1/0)",
    ),
    ("weight", "Trọng số", "Weight"),
    ("criterion", "Tiêu chí", "Criterion"),
    ("cost", "Chi phí (triệu đồng)", "Cost (million VND)"),
    ("earliest_year", "Năm sớm nhất", "Earliest year"),
    ("source_id", "Mã nguồn vốn", "Source id"),
    ("name", "Tên nguồn vốn", "Source name"),
    ("year", "Năm", "Year"),
    ("amount", "Số tiền (triệu đồng)", "Amount (million VND)"),
    (
        "only_especially_difficult",
        "Chỉ cho xã đặc biệt khó khăn (1/0)",
        "Only especially difficult communes (1/0)",
    ),
    (
        "revenue",
        "Thu tiền sử dụng đất (triệu đồng)",
        "Land-use revenue (million VND)",
    ),
    ("name_vi", "Tên tiếng Việt", "Vietnamese name"),
    ("name_en", "Tên tiếng Anh", "English name"),
    ("village_id", "Mã thôn, bản", "Village id"),
    ("village", "Thôn, bản", "Village"),
    // The plan sheet of the plan workbook, as `ntm plan` writes it.
    ("criterion", "Mã tiêu chí", "Criterion id"),
    ("criterion_name", "Tên tiêu chí", "Criterion name"),
    // Not `Source`: a plan's `source` column, meant as the id, would read
    // as the name and leave the id missing.
    ("source_name", "Nguồn vốn", "Funding source"),
    ("purpose", "Mã mục đích", "Purpose id"),
    // Not `Purpose`: that is the id `purpose`, which holds `new` or
    // `maintenance`, and an id wins over a heading.
    ("purpose_name", "Mục đích", "Purpose name"),
    // projects.csv
    ("project_id", "Mã dự án", "Project id"),
    ("project", "Dự án", "Project"),
    ("pausable", "Có thể tạm dừng (1/0)", "Pausable (1/0)"),
    ("priority", "Mức ưu tiên giữ lại", "Priority to keep"),
    // Plans with commitments: 1 on the rows kept from commitments.
    ("committed", "Đã cam kết (1/0)", "Committed (1/0)"),
];

/// A column's heading in `lang`, or the id itself when it has none.
pub fn heading(id: &str, lang: Lang) -> &str {
    COLUMNS
        .iter()
        .find(|(c, _, _)| *c == id)
        .map_or(id, |(_, vi, en)| lang.pick(vi, en))
}

/// The column id a heading names, among `allowed`: the id itself, or its
/// Vietnamese or English heading, compared without case.
pub fn column_id<'a>(heading: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let wanted = fold(heading);
    if let Some(id) = allowed.iter().find(|id| fold(id) == wanted) {
        return Some(id);
    }
    COLUMNS
        .iter()
        .filter(|(_, vi, en)| fold(vi) == wanted || fold(en) == wanted)
        .find_map(|(id, _, _)| allowed.iter().find(|a| *a == id).copied())
}

/// The table a sheet's name stands for: its id, its CSV file name, or its
/// Vietnamese or English name, compared without case.
pub fn table_of_sheet(sheet: &str) -> Option<TableName> {
    let wanted = fold(sheet);
    TABLES.into_iter().find(|t| {
        [t.id, t.vi, t.en].iter().any(|name| fold(name) == wanted) || fold(&t.file_name()) == wanted
    })
}

/// Whether a sheet's name says it holds the plan: `plan`, `Kế hoạch`,
/// `Plan` or `plan.csv`, compared without case.
pub fn is_plan_sheet(sheet: &str) -> bool {
    let wanted = fold(sheet);
    [PLAN.id, PLAN.vi, PLAN.en]
        .iter()
        .any(|name| fold(name) == wanted)
        || fold(&PLAN.file_name()) == wanted
}

/// A heading as it is compared: NFC, lower case, single spaces.
fn fold(text: &str) -> String {
    crate::tables::name_text(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_one_column_each() {
        for (i, (id, vi, en)) in COLUMNS.iter().enumerate() {
            for (other, ovi, oen) in &COLUMNS[i + 1..] {
                for a in [vi, en] {
                    for b in [ovi, oen] {
                        assert_ne!(fold(a), fold(b), "{id} and {other} share a heading");
                    }
                }
                if id != other {
                    for (a, b) in [(vi, other), (en, other), (ovi, id), (oen, id)] {
                        assert_ne!(fold(a), fold(b), "heading {a} is the id {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn sheet_names_fit_excel() {
        for t in TABLES {
            for name in [t.id, t.vi, t.en] {
                assert!(name.chars().count() <= 31, "{name}");
            }
        }
    }

    #[test]
    fn headings_map_to_allowed_ids() {
        let allowed = ["commune_id", "criterion", "cost"];
        assert_eq!(column_id("Mã xã", &allowed), Some("commune_id"));
        assert_eq!(column_id("mã  XÃ", &allowed), Some("commune_id"));
        assert_eq!(column_id("COST", &allowed), Some("cost"));
        assert_eq!(column_id("Năm", &allowed), None);
        assert_eq!(table_of_sheet("Tiêu chí chưa đạt"), Some(GAPS));
        assert_eq!(table_of_sheet("gaps.csv"), Some(GAPS));
        assert_eq!(table_of_sheet("Hướng dẫn"), None);
        assert!(is_plan_sheet("KẾ HOẠCH") && is_plan_sheet("plan.csv"));
        assert!(!is_plan_sheet("Xã"));
    }

    #[test]
    fn the_plan_sheet_headings_name_the_plan_columns() {
        let plan = [
            "year",
            "district",
            "commune_id",
            "commune",
            "criterion",
            "source_id",
            "amount",
            "purpose",
            "criterion_name",
            "source_name",
            "purpose_name",
        ];
        for (heading, id) in [
            ("Năm", "year"),
            ("Huyện", "district"),
            ("Mã xã", "commune_id"),
            ("Xã", "commune"),
            ("Mã tiêu chí", "criterion"),
            ("Criterion id", "criterion"),
            ("Mã nguồn vốn", "source_id"),
            ("Số tiền (triệu đồng)", "amount"),
            ("Mã mục đích", "purpose"),
            ("Tên tiêu chí", "criterion_name"),
            ("Nguồn vốn", "source_name"),
            ("Funding source", "source_name"),
            ("Mục đích", "purpose_name"),
            ("Purpose name", "purpose_name"),
            ("Purpose", "purpose"),
        ] {
            assert_eq!(column_id(heading, &plan), Some(id), "{heading}");
        }
        assert_eq!(
            heading("criterion", Lang::Vi),
            "Tiêu chí",
            "the first entry is written"
        );
    }
}
