//! What `ntm evaluate` writes: the rule breaks row by row, the plan's
//! outcomes against the targets and the best plan, and the changes that
//! close the distance, as CSV and JSON and as a report (`evaluate.md`,
//! `.html`, `.xlsx`).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::distance::{ChangeKind, Distance};
use crate::evaluate::{Break, BreakKind, Edit, Fix, Outcome, TargetCheck};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::money::Money;
use crate::scenario::Scenario;

use super::doc::{Block, Cell, Column, Document, Format, Kind, Show, Table, decimal, money};
use super::plan::target_label;
use super::summary::status;
use super::tables::{Csv, plan_csv};
use super::{Files, WriteError};

/// A submitted plan, judged.
pub struct Evaluation<'a> {
    pub plan_file: &'a Path,
    /// The workbook's sheet that held the plan, whose rows the breaks name.
    pub plan_sheet: Option<&'a str>,
    /// The evaluator's outcome, its breaks joined by those of the file's
    /// informational columns and sorted by row.
    pub outcome: &'a Outcome,
    pub distance: &'a Distance,
    /// The projects the plan pauses (`--paused`): indices into
    /// `Instance::projects`.
    pub paused: &'a [usize],
}

/// Everything `ntm evaluate` writes: the CSVs, the JSON, and the report in
/// `formats` (Markdown when none is given).
pub fn files(
    instance: &Instance,
    scenario: &Scenario,
    e: &Evaluation,
    lang: Lang,
    formats: &[Format],
) -> Result<Files, WriteError> {
    let mut files = vec![
        (
            "evaluate.csv".to_string(),
            breaks_csv(instance, &e.outcome.breaks, lang),
        ),
        ("changes.csv".to_string(), changes_csv(instance, e, lang)),
        (
            "closest_plan.csv".to_string(),
            plan_csv(instance, &e.distance.closest, lang),
        ),
        ("evaluate.json".to_string(), evaluate_json(instance, e)),
    ];
    // With projects the plans may pause: the projects the closest plan
    // pauses, so that `ntm evaluate --plan closest_plan.csv --paused
    // closest_paused_projects.csv` keeps every rule.
    if super::projects::in_effect(&e.distance.closest) {
        files.push((
            "closest_paused_projects.csv".to_string(),
            super::projects::paused_projects_csv(instance, &e.distance.closest, lang),
        ));
    }
    let document = evaluate_document(instance, scenario, e, lang);
    files.extend(super::rendered(
        "evaluate",
        &document,
        &super::formats_or_default(formats),
    )?);
    Ok(files)
}

/// The rows of a break as a reader writes them: `7` or `7; 9; 12`.
pub fn rows_text(rows: &[usize]) -> String {
    let rows: Vec<String> = rows.iter().map(usize::to_string).collect();
    rows.join("; ")
}

/// One row's edit in words: "delete row 11", "row 11: change the source
/// to one of …", "row 11: this line is over its budget by …".
pub fn fix_text(instance: &Instance, fix: &Fix, lang: Lang) -> String {
    let n = fix.row;
    let m = |x: Money| money(x, lang);
    match &fix.edit {
        Edit::Delete => format!("{} {n}", lang.pick("xoá dòng", "delete row")),
        Edit::Lower(by) => match lang {
            Lang::Vi => format!("dòng {n}: giảm số tiền {} triệu đồng", m(*by)),
            Lang::En => format!("row {n}: lower the amount by {} million VND", m(*by)),
        },
        Edit::ChangeSource(sources) if sources.is_empty() => match lang {
            Lang::Vi => format!(
                "dòng {n}: không nguồn vốn nào được chi cho tiêu chí này ở xã này trong năm này; xoá dòng {n}"
            ),
            Lang::En => format!(
                "row {n}: no source may pay this criterion in this commune and year; delete row {n}"
            ),
        },
        Edit::ChangeSource(sources) => {
            let names: Vec<String> = sources
                .iter()
                .map(|s| super::plan::source_name(&instance.sources[*s], lang))
                .collect();
            match lang {
                Lang::Vi => format!(
                    "dòng {n}: đổi nguồn vốn sang một trong các nguồn: {}",
                    names.join(", ")
                ),
                Lang::En => format!("row {n}: change the source to one of: {}", names.join(", ")),
            }
        }
        Edit::OverBudget { over, beyond } => match lang {
            Lang::Vi => format!(
                "dòng {n}: dòng vốn này vượt dự toán {} triệu đồng; giảm dòng này {} triệu đồng hoặc chi từ nguồn khác",
                m(*over),
                m(*beyond)
            ),
            Lang::En => format!(
                "row {n}: this line is over its budget by {} million VND; lower this row by {} or pay it from another source",
                m(*over),
                m(*beyond)
            ),
        },
    }
}

/// A break's edits, one per row to edit, in the order of the file.
pub fn fixes_text(instance: &Instance, b: &Break, lang: Lang) -> String {
    let fixes: Vec<String> = b
        .fixes
        .iter()
        .map(|f| fix_text(instance, f, lang))
        .collect();
    fixes.join(" | ")
}

/// The name of a break's source, blank when it names none the data know.
fn break_source_name(instance: &Instance, b: &Break, lang: Lang) -> Option<String> {
    let id = b.source_id.as_deref()?;
    let source = instance.sources.iter().find(|s| s.id == id)?;
    Some(super::plan::source_name(source, lang))
}

/// The name of a break's criterion, blank when it names none the data know.
fn break_criterion_name<'a>(instance: &'a Instance, b: &Break, lang: Lang) -> Option<&'a str> {
    let id = b.criterion.as_deref()?;
    let k = instance.criteria.iter().position(|k| k.id == id)?;
    Some(criterion_name(instance, k, lang))
}

fn breaks_csv(instance: &Instance, breaks: &[Break], lang: Lang) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "row",
        "rows",
        "kind",
        "source_id",
        "year",
        "district",
        "commune_id",
        "criterion",
        "amount",
        "message",
        "fix",
        "kind_name",
        "source_name",
        "criterion_name",
    ]);
    for b in breaks {
        csv.row(&[
            b.rows.first().map(usize::to_string).unwrap_or_default(),
            rows_text(&b.rows),
            b.kind.name().to_string(),
            b.source_id.clone().unwrap_or_default(),
            b.year.map(|y| y.to_string()).unwrap_or_default(),
            b.district.clone().unwrap_or_default(),
            b.commune_id.clone().unwrap_or_default(),
            b.criterion.clone().unwrap_or_default(),
            b.amount.map(|a| a.to_string()).unwrap_or_default(),
            describe(instance, b, lang),
            fixes_text(instance, b, lang),
            kind_word(b.kind, lang).to_string(),
            break_source_name(instance, b, lang).unwrap_or_default(),
            break_criterion_name(instance, b, lang)
                .unwrap_or_default()
                .to_string(),
        ]);
    }
    csv.finish()
}

/// The submitted plan's rows a change touches: those naming its commune
/// and criterion.
fn change_rows(e: &Evaluation, c: &crate::distance::Change) -> String {
    e.outcome
        .gap_rows
        .get(c.gap.0)
        .map(|rows| rows_text(rows))
        .unwrap_or_default()
}

fn criterion_name(instance: &Instance, k: usize, lang: Lang) -> &str {
    let criterion = &instance.criteria[k];
    lang.pick(&criterion.name_vi, &criterion.name_en)
}

fn changes_csv(instance: &Instance, e: &Evaluation, lang: Lang) -> Vec<u8> {
    let distance = e.distance;
    let mut csv = Csv::new(&[
        "change",
        "district",
        "commune_id",
        "commune",
        "criterion",
        "from_year",
        "to_year",
        "cost",
        "rows",
        "criterion_name",
        "change_name",
    ]);
    for c in &distance.changes {
        let gap = &instance.gaps[c.gap.0];
        let commune = &instance.communes[gap.commune.0];
        csv.row(&[
            c.kind.name().to_string(),
            instance.districts[commune.district.0].name.clone(),
            commune.id.clone(),
            commune.name.clone(),
            instance.criteria[gap.criterion.0].id.clone(),
            c.from_year.map(|y| y.to_string()).unwrap_or_default(),
            c.to_year.map(|y| y.to_string()).unwrap_or_default(),
            c.cost.to_string(),
            change_rows(e, c),
            criterion_name(instance, gap.criterion.0, lang).to_string(),
            change_label(c.kind, lang).to_string(),
        ]);
    }
    csv.finish()
}

fn targets_json(targets: &[TargetCheck]) -> Value {
    targets
        .iter()
        .map(|t| {
            let mut target = json!({
                "name": t.name,
                "required": t.required,
                "achieved": round4(t.achieved),
                "met": t.met,
            });
            // The named districts or communes short of the standard.
            if !t.missing.is_empty() {
                target["missing"] = json!(t.missing);
            }
            target
        })
        .collect()
}

fn evaluate_json(instance: &Instance, e: &Evaluation) -> Vec<u8> {
    let o = e.outcome;
    let best = &e.distance.closest.outcome;
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &o.breaks {
        *by_kind.entry(b.kind.name()).or_default() += 1;
    }
    let value = json!({
        "keeps_rules": o.keeps_rules(),
        "breaks": o.breaks.len(),
        "breaks_by_kind": by_kind,
        "weighted_communes": o.weighted_communes,
        "communes_meeting_standard": o.communes_meeting_standard,
        "communes_total": instance.communes.len(),
        "criteria_met_total": o.criteria_met_total,
        "average_criteria": round4(o.average_criteria),
        "min_criteria": o.min_criteria,
        "total_cost": o.total_cost.millions(),
        "maintenance_cost": o.maintenance_cost.millions(),
        "criteria_lost": o.criteria_lost,
        "targets": targets_json(&o.targets),
        "best": {
            "status": status(&e.distance.closest.selection),
            "targets_relaxed": e.distance.targets_relaxed,
            "weighted_communes": best.weighted_communes,
            "communes_meeting_standard": best.communes_meeting_standard,
            "criteria_met_total": best.criteria_met_total,
            "average_criteria": round4(best.average_criteria),
            "min_criteria": best.min_criteria,
            "total_cost": best.total_cost.millions(),
            "maintenance_cost": best.maintenance_cost.millions(),
            "criteria_lost": best.criteria_lost,
            "targets": targets_json(&best.targets),
        },
        "distance": {
            "weighted_communes_short": round4(best.weighted_communes - o.weighted_communes),
            "communes_short": best.communes_meeting_standard as i64 - o.communes_meeting_standard as i64,
            "criteria_short": best.criteria_met_total as i64 - o.criteria_met_total as i64,
            "changes": e.distance.changes.len(),
            "money_moved": e.distance.money_moved().millions(),
        },
    });
    let mut value = value;
    // With projects the plan could pause (as summary.json says it): how
    // many it pauses (`--paused`) and the money they free.
    if instance.projects.iter().any(|p| p.pausable) {
        let money: crate::money::Money =
            e.paused.iter().map(|p| instance.projects[*p].amount).sum();
        value["paused_projects"] = json!({ "count": e.paused.len(), "money": money.millions() });
    }
    // The advanced level, only when the data assess it or a target asks.
    if instance.has_advanced() || o.targets.iter().any(|t| t.name == "communes_advanced") {
        value["communes_advanced"] = json!(o.communes_advanced);
        value["best"]["communes_advanced"] = json!(best.communes_advanced);
    }
    let mut bytes = serde_json::to_vec_pretty(&value).expect("the evaluation serialises");
    bytes.push(b'\n');
    bytes
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A break in words, in the chosen language. The English text is the
/// evaluator's own message; the Vietnamese one is built from the same
/// fields.
pub fn describe(instance: &Instance, b: &Break, lang: Lang) -> String {
    describe_with(instance, b, lang, |m| money(m, lang))
}

/// A break's kind in words, for people; `BreakKind::name` is the id
/// programs read.
pub fn kind_word(kind: BreakKind, lang: Lang) -> &'static str {
    use BreakKind as K;
    match kind {
        K::UnknownCommune => lang.pick("Xã không có trong dữ liệu", "Unknown commune"),
        K::UnknownCriterion => lang.pick("Tiêu chí không có trong danh mục", "Unknown criterion"),
        K::UnknownVillage => lang.pick("Thôn, bản không có trong dữ liệu", "Unknown village"),
        K::UnknownSource => lang.pick("Nguồn vốn không có trong dữ liệu", "Unknown source"),
        K::NotAPlanningYear => lang.pick("Năm ngoài kỳ kế hoạch", "Not a planning year"),
        K::AmountNotPositive => lang.pick("Số tiền không lớn hơn 0", "Amount not above zero"),
        K::AlreadyMet => lang.pick("Tiêu chí đã đạt", "Criterion already met"),
        K::NotEligible => lang.pick(
            "Nguồn không được chi cho tiêu chí",
            "Source may not pay this",
        ),
        K::NoBudgetLine => lang.pick("Nguồn không có vốn năm này", "No budget in that year"),
        K::OutOfScope => lang.pick("Vốn không dùng được ở xã này", "Money not for this commune"),
        K::OverBudget => lang.pick("Vượt dự toán", "Over budget"),
        K::LandRevenueOverShare => lang.pick(
            "Tiền sử dụng đất vượt tỷ lệ cam kết",
            "Land-use revenue over its share",
        ),
        K::PaidTwice => lang.pick("Bố trí vốn hai lần", "Paid twice"),
        K::Overpaid => lang.pick("Bố trí vượt chi phí", "Paid more than the cost"),
        K::PaidInPart => lang.pick("Bố trí thiếu", "Paid in part"),
        K::PaidInSeveralYears => lang.pick("Bố trí trong nhiều năm", "Paid over several years"),
        K::BeforeEarliestYear => {
            lang.pick("Bố trí trước năm sớm nhất", "Paid before the earliest year")
        }
        K::DistrictMismatch => lang.pick("Sai tên huyện", "District does not match"),
        K::CommuneMismatch => lang.pick("Sai tên xã", "Commune name does not match"),
        K::CommitmentMissing => lang.pick(
            "Khoản đã cam kết bị thiếu hoặc bị sửa",
            "Commitment missing or changed",
        ),
    }
}

/// A break in words, its amount written by `money` as the report's
/// language writes numbers (`1.234,5` in Vietnamese).
///
/// Sources, criteria and communes the data know go by their names; an id
/// the data do not know stays an id, as code.
fn describe_with(
    instance: &Instance,
    b: &Break,
    lang: Lang,
    money: impl Fn(Money) -> String,
) -> String {
    let code = |id: &str| format!("`{id}`");
    if lang == Lang::En {
        // The evaluator's own words, with what the data name by name: its
        // messages write each id as code, so each is replaced whole.
        let mut message = b.message.clone();
        if let Some(id) = b.commune_id.as_deref()
            && let Some(commune) = instance.communes.iter().find(|x| x.id == id)
        {
            message = message.replace(&code(id), &format!("{} ({})", commune.name, code(id)));
        }
        if let (Some(id), Some(name)) = (
            b.criterion.as_deref(),
            break_criterion_name(instance, b, lang),
        ) {
            message = message.replace(&code(id), name);
        }
        if let (Some(id), Some(name)) =
            (b.source_id.as_deref(), break_source_name(instance, b, lang))
        {
            message = message.replace(&code(id), &name);
        }
        return message;
    }
    let s = break_source_name(instance, b, lang)
        .unwrap_or_else(|| code(b.source_id.as_deref().unwrap_or("")));
    let k = break_criterion_name(instance, b, lang)
        .map(str::to_string)
        .unwrap_or_else(|| code(b.criterion.as_deref().unwrap_or("")));
    let c = b.commune_id.as_deref().unwrap_or("");
    let c = instance
        .communes
        .iter()
        .find(|x| x.id == c)
        .map_or_else(|| code(c), |x| format!("{} ({})", x.name, code(c)));
    let d = b.district.as_deref().unwrap_or("");
    let y = b.year.map(|y| y.to_string()).unwrap_or_default();
    let a = b.amount.map(money).unwrap_or_default();
    let hint = b.hint.as_ref().map(|h| h.words(lang)).unwrap_or_default();
    let place = if d.is_empty() {
        String::new()
    } else {
        format!(" ({d})")
    };
    match b.kind {
        BreakKind::UnknownCommune => format!("xã {c} không có trong communes.csv{hint}"),
        BreakKind::UnknownVillage => {
            format!("thôn, bản của dòng này không có trong villages.csv hoặc không thuộc xã {c}")
        }
        BreakKind::UnknownCriterion => {
            format!("tiêu chí {k} không có trong danh mục tiêu chí{hint}")
        }
        BreakKind::UnknownSource => format!("nguồn vốn {s} không có trong sources.csv{hint}"),
        BreakKind::NotAPlanningYear => format!("năm {y} không thuộc kỳ kế hoạch"),
        BreakKind::AmountNotPositive => format!("số tiền {a} không lớn hơn 0"),
        BreakKind::AlreadyMet => {
            format!("xã {c} đã đạt tiêu chí {k}; bố trí vốn cho tiêu chí này là lãng phí")
        }
        BreakKind::NotEligible => format!("nguồn {s} không được chi cho tiêu chí {k}"),
        BreakKind::NoBudgetLine => format!("nguồn {s} không có vốn năm {y}"),
        BreakKind::OutOfScope => {
            format!("vốn năm {y} của nguồn {s} không được dùng ở xã {c}{place}")
        }
        BreakKind::OverBudget => {
            format!("nguồn {s} năm {y}{place} vượt dự toán {a} triệu đồng")
        }
        BreakKind::LandRevenueOverShare => {
            format!("tiền sử dụng đất năm {y}{place} chi vượt tỷ lệ đã cam kết {a} triệu đồng")
        }
        BreakKind::PaidTwice => {
            format!("{c} / {k} được bố trí vốn hai lần, thừa {a} triệu đồng")
        }
        BreakKind::Overpaid => {
            format!("{c} / {k} được bố trí vượt chi phí {a} triệu đồng")
        }
        BreakKind::PaidInPart => {
            format!("{c} / {k} chỉ được bố trí một phần, còn thiếu {a} triệu đồng")
        }
        BreakKind::PaidInSeveralYears => format!(
            "{c} / {k} được bố trí vốn trong nhiều năm; mỗi tiêu chí được bố trí trong một năm"
        ),
        BreakKind::BeforeEarliestYear => {
            format!("{c} / {k} được bố trí năm {y}, trước năm sớm nhất có thể thực hiện")
        }
        BreakKind::DistrictMismatch => {
            format!("cột huyện của dòng khác với huyện của xã {c} ({d})")
        }
        BreakKind::CommuneMismatch => format!("cột tên xã của dòng khác với tên của xã {c}"),
        BreakKind::CommitmentMissing => format!(
            "khoản đã cam kết năm {y} cho {c} / {k} từ nguồn {s} ({a} triệu đồng) không có \
             nguyên vẹn trong kế hoạch"
        ),
    }
}

/// A target's figure as the reader's language writes it (`16,06`).
fn figure(x: f64, lang: Lang) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        decimal(x, 2, lang)
    }
}

/// A figure as a cell: whole numbers as integers, others with two decimals.
pub(crate) fn figure_cell(x: f64) -> Cell {
    if x.fract() == 0.0 {
        Cell::int(x as i64)
    } else {
        Cell::decimal(x, 2)
    }
}

fn change_label(kind: ChangeKind, lang: Lang) -> &'static str {
    match kind {
        ChangeKind::Drop => lang.pick("bỏ", "remove"),
        ChangeKind::Move => lang.pick("chuyển năm", "move to another year"),
        ChangeKind::Add => lang.pick("thêm", "add"),
    }
}

/// How the plan stands against the best on one figure: "1 short",
/// "2 ahead" (possible only by breaking rules) or "equal".
fn short(lang: Lang, best: f64, plan: f64) -> String {
    let d = best - plan;
    if d.abs() < 1e-9 {
        lang.pick("bằng", "equal").to_string()
    } else if d > 0.0 {
        format!("{} {}", lang.pick("thiếu", "short by"), figure(d, lang))
    } else {
        format!("{} {}", lang.pick("hơn", "ahead by"), figure(-d, lang))
    }
}

/// The rows of `evaluate.csv`, for the workbook: the same columns, headed
/// in the report's language.
fn breaks_table(instance: &Instance, breaks: &[Break], lang: Lang) -> Table {
    let mut t = Table::new(
        "breaks-all",
        lang.pick("Vi phạm", "Breaks"),
        vec![
            Column::new(lang.pick("Dòng đầu", "Row"), Kind::Integer),
            Column::new(lang.pick("Các dòng", "Rows"), Kind::Text),
            Column::new(lang.pick("Mã loại", "Kind id"), Kind::Text),
            Column::new(lang.pick("Mã nguồn vốn", "Source id"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Mã tiêu chí", "Criterion id"), Kind::Text),
            Column::new(
                lang.pick("Số tiền (triệu đồng)", "Amount (million VND)"),
                Kind::Money,
            ),
            Column::new(lang.pick("Nội dung", "What is wrong"), Kind::Text),
            Column::new(lang.pick("Cách sửa", "Fix"), Kind::Text),
            // Names after the ids, as in evaluate.csv.
            Column::new(lang.pick("Loại", "Kind"), Kind::Text),
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Tiêu chí", "Criterion"), Kind::Text),
        ],
    );
    let text = |s: &Option<String>| s.as_ref().map_or(Cell::Blank, Cell::text);
    for b in breaks {
        t.row(vec![
            b.rows.first().map_or(Cell::Blank, |r| Cell::int(*r)),
            Cell::text(rows_text(&b.rows)),
            Cell::text(b.kind.name()),
            text(&b.source_id),
            b.year.map_or(Cell::Blank, Cell::int),
            text(&b.district),
            text(&b.commune_id),
            text(&b.criterion),
            b.amount.map_or(Cell::Blank, Cell::Money),
            Cell::text(describe(instance, b, lang)),
            Cell::text(fixes_text(instance, b, lang)),
            Cell::text(kind_word(b.kind, lang)),
            text(&break_source_name(instance, b, lang)),
            text(&break_criterion_name(instance, b, lang).map(str::to_string)),
        ]);
    }
    t
}

/// The rows of `changes.csv`, for the workbook.
fn changes_table(instance: &Instance, e: &Evaluation, lang: Lang) -> Table {
    let distance = e.distance;
    let mut t = Table::new(
        "changes-all",
        lang.pick("Thay đổi", "Changes"),
        vec![
            Column::new(lang.pick("Mã thay đổi", "Change id"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Mã xã", "Commune id"), Kind::Text),
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Mã tiêu chí", "Criterion id"), Kind::Text),
            Column::new(lang.pick("Từ năm", "From year"), Kind::Integer),
            Column::new(lang.pick("Sang năm", "To year"), Kind::Integer),
            Column::new(
                lang.pick("Chi phí (triệu đồng)", "Cost (million VND)"),
                Kind::Money,
            ),
            Column::new(lang.pick("Các dòng", "Rows"), Kind::Text),
            Column::new(lang.pick("Tên tiêu chí", "Criterion name"), Kind::Text),
            Column::new(lang.pick("Thay đổi", "Change"), Kind::Text),
        ],
    );
    for c in &distance.changes {
        let gap = &instance.gaps[c.gap.0];
        let commune = &instance.communes[gap.commune.0];
        t.row(vec![
            Cell::text(c.kind.name()),
            Cell::text(&instance.districts[commune.district.0].name),
            Cell::text(&commune.id),
            Cell::text(&commune.name),
            Cell::text(&instance.criteria[gap.criterion.0].id),
            c.from_year.map_or(Cell::Blank, Cell::int),
            c.to_year.map_or(Cell::Blank, Cell::int),
            Cell::Money(c.cost),
            Cell::text(change_rows(e, c)),
            Cell::text(criterion_name(instance, gap.criterion.0, lang)),
            Cell::text(change_label(c.kind, lang)),
        ]);
    }
    t
}

/// The outcomes of the plan next to the best plan and the targets.
fn outcomes_table(instance: &Instance, e: &Evaluation, lang: Lang) -> Table {
    let o = e.outcome;
    let best = &e.distance.closest.outcome;
    let n = instance.communes.len();
    let mut t = Table::new(
        "outcomes",
        lang.pick("Kết quả", "Outcomes"),
        vec![
            Column::new(lang.pick("Chỉ tiêu", "Figure"), Kind::Text),
            Column::new(lang.pick("Hiện trạng", "Before"), Kind::Decimal),
            Column::new(lang.pick("Theo kế hoạch", "With the plan"), Kind::Decimal),
            Column::new(
                lang.pick("Tốt nhất với cùng số vốn", "Best with the same money"),
                Kind::Decimal,
            ),
            Column::new(lang.pick("Mục tiêu", "Target"), Kind::Decimal),
            Column::new(lang.pick("Kế hoạch đạt", "Plan meets it"), Kind::Met),
        ],
    );
    let before_meeting = o.communes.iter().filter(|c| c.meets_before).count();
    let before_total: usize = o.communes.iter().map(|c| c.criteria_before).sum();
    let before_min = o
        .communes
        .iter()
        .map(|c| c.criteria_before)
        .min()
        .unwrap_or(0);
    let target = |name: &str| {
        o.targets
            .iter()
            .find(|t| t.name == name)
            .map_or((Cell::Dash, Cell::Dash), |t| {
                (figure_cell(t.required), Cell::Flag(t.met))
            })
    };
    let (req, met) = target("communes_meeting_standard");
    t.row(vec![
        Cell::text(target_label("communes_meeting_standard", lang)),
        Cell::int(before_meeting),
        Cell::int(o.communes_meeting_standard),
        Cell::int(best.communes_meeting_standard),
        req,
        met,
    ]);
    let (req, met) = target("average_criteria");
    t.row(vec![
        Cell::text(target_label("average_criteria", lang)),
        Cell::decimal(before_total as f64 / n as f64, 2),
        Cell::decimal(o.average_criteria, 2),
        Cell::decimal(best.average_criteria, 2),
        req,
        met,
    ]);
    let (req, met) = target("min_criteria_per_commune");
    t.row(vec![
        Cell::text(target_label("min_criteria_per_commune", lang)),
        Cell::int(before_min),
        Cell::int(o.min_criteria),
        Cell::int(best.min_criteria),
        req,
        met,
    ]);
    let named = ["districts_meeting_standard", "keep_standard"];
    for target in o.targets.iter().filter(|t| named.contains(&t.name)) {
        let best_t = best.targets.iter().find(|b| b.name == target.name);
        t.row(vec![
            Cell::text(target_label(target.name, lang)),
            Cell::Dash,
            figure_cell(target.achieved),
            best_t.map_or(Cell::Dash, |b| figure_cell(b.achieved)),
            figure_cell(target.required),
            Cell::Flag(target.met),
        ]);
    }
    if instance.has_advanced() || o.targets.iter().any(|t| t.name == "communes_advanced") {
        let (req, met) = target("communes_advanced");
        t.row(vec![
            Cell::text(target_label("communes_advanced", lang)),
            Cell::Dash,
            Cell::int(o.communes_advanced),
            Cell::int(best.communes_advanced),
            req,
            met,
        ]);
    }
    t.row(vec![
        Cell::text(lang.pick("Tổng vốn", "Money spent")),
        Cell::Dash,
        Cell::Money(o.total_cost),
        Cell::Money(best.total_cost),
        Cell::Dash,
        Cell::Dash,
    ]);
    t
}

/// Markdown only.
const MARKDOWN: Show = Show {
    md: true,
    html: false,
    xlsx: false,
};

/// The report of `ntm evaluate`, for the meeting: the breaks, the outcomes
/// next to the best plan and the targets, the distance and the changes.
/// `evaluate.md`, `.html` and `.xlsx` are rendered from it; the workbook
/// has the rows of `evaluate.csv`, `changes.csv` and `closest_plan.csv`.
pub fn evaluate_document(
    instance: &Instance,
    scenario: &Scenario,
    e: &Evaluation,
    lang: Lang,
) -> Document {
    let o = e.outcome;
    let d = e.distance;
    let best = &d.closest.outcome;
    let file = e.plan_file.file_name().map_or_else(
        || e.plan_file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let mut doc = Document::new(
        format!(
            "{}: {} {}",
            scenario.name,
            lang.pick("thẩm định kế hoạch", "evaluation of the plan"),
            file
        ),
        lang,
    );
    doc.agency.clone_from(&scenario.agency);
    doc.paragraph(
        Show::DOCUMENT,
        format!(
            "{} `{}`{}. {}",
            lang.pick("Kế hoạch", "Plan"),
            e.plan_file.display(),
            e.plan_sheet.map_or_else(String::new, |sheet| format!(
                ", {} `{sheet}`",
                lang.pick("trang tính", "sheet")
            )),
            lang.pick("Đơn vị: triệu đồng.", "Money in million VND.")
        ),
    );

    if !e.paused.is_empty() {
        let names: Vec<String> = e
            .paused
            .iter()
            .map(|p| {
                let project = &instance.projects[*p];
                format!("{} ({})", project.name, money(project.amount, lang))
            })
            .collect();
        doc.paragraph(
            Show::DOCUMENT,
            format!(
                "{}: {}.",
                lang.pick(
                    "Kế hoạch tạm dừng các dự án (triệu đồng; vốn của chúng được tính vào dòng vốn)",
                    "The plan pauses these projects (million VND; their money counts in their lines)"
                ),
                names.join(", ")
            ),
        );
    }
    doc.heading(Show::DOCUMENT, lang.pick("Quy định", "Rules"));
    if o.breaks.is_empty() {
        doc.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Kế hoạch tuân thủ mọi quy định.",
                "The plan keeps every rule.",
            ),
        );
    } else {
        doc.paragraph(
            Show::DOCUMENT,
            format!(
                "{} {} {}",
                lang.pick("Kế hoạch vi phạm", "The plan breaks"),
                o.breaks.len(),
                lang.pick(
                    "quy định (dòng tính theo tệp, dòng tiêu đề là dòng 1):",
                    "rules (rows are lines of the file; the header is line 1):"
                )
            ),
        );
        // In Markdown, the ids in messages are code, as in the console; a
        // page's table cell is plain text.
        for (show, code) in [(MARKDOWN, true), (Show::HTML, false)] {
            let mut t = Table::new(
                "breaks",
                lang.pick("Vi phạm", "Breaks"),
                vec![
                    Column::new(lang.pick("Dòng", "Rows"), Kind::Text),
                    Column::new(lang.pick("Loại", "Kind"), Kind::Text),
                    Column::new(lang.pick("Nội dung", "What is wrong"), Kind::Text),
                    Column::new(lang.pick("Cách sửa", "Fix"), Kind::Text),
                ],
            )
            .interactive();
            for b in &o.breaks {
                let message = describe_with(instance, b, lang, |m| money(m, lang));
                let kind = kind_word(b.kind, lang).to_string();
                let message = if code {
                    message
                } else {
                    message.replace('`', "")
                };
                t.row(vec![
                    Cell::text(rows_text(&b.rows)),
                    Cell::text(kind),
                    Cell::text(message),
                    Cell::text(fixes_text(instance, b, lang)),
                ]);
            }
            doc.table(show, t);
        }
        doc.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Các kết quả dưới đây chỉ tính những tiêu chí được bố trí đủ chi phí, trong một năm, từ nguồn được phép dùng; dòng vi phạm không được tính, và tiền vượt dự toán được tính như thể có đủ.",
                "The outcomes below count only the criteria the plan pays in full, in one year, from sources it may use there; rows that break a rule count for nothing, and money over a budget line is counted as if it were there.",
            ),
        );
    }

    doc.heading(Show::DOCUMENT, lang.pick("Kết quả", "Outcomes"));
    doc.table(Show::ALL, outcomes_table(instance, e, lang));

    doc.heading(
        Show::DOCUMENT,
        lang.pick(
            "Khoảng cách đến kế hoạch tốt nhất",
            "Distance to the best plan",
        ),
    );
    if d.targets_relaxed {
        doc.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Không kế hoạch nào đạt đồng thời mọi mục tiêu bắt buộc của kịch bản với số vốn này, nên kế hoạch tốt nhất được tìm mà không bắt buộc các mục tiêu.",
                "No plan meets all the scenario's enforced targets together with this money, so the best plan was sought without enforcing them.",
            ),
        );
    }
    if status(&d.closest.selection) != "optimal" {
        doc.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Bộ giải dừng do hết thời gian: kế hoạch so sánh có thể chưa phải tốt nhất.",
                "The solver stopped at the time limit: the plan compared with may not be the best.",
            ),
        );
    }
    doc.push_for(
        Show::DOCUMENT,
        Block::List(vec![
            format!(
                "{}: {}",
                lang.pick("Xã đạt chuẩn", "Communes meeting the standard"),
                short(
                    lang,
                    best.communes_meeting_standard as f64,
                    o.communes_meeting_standard as f64
                )
            ),
            format!(
                "{}: {}",
                lang.pick("Xã đạt chuẩn có trọng số", "Weighted communes"),
                short(lang, best.weighted_communes, o.weighted_communes)
            ),
            format!(
                "{}: {}",
                lang.pick("Tổng số tiêu chí đạt", "Criteria met in all"),
                short(
                    lang,
                    best.criteria_met_total as f64,
                    o.criteria_met_total as f64
                )
            ),
        ]),
    );
    if d.changes.is_empty() {
        doc.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Kế hoạch đã đạt kết quả tốt nhất mà số vốn cho phép: không cần thay đổi.",
                "The plan already reaches the best the money allows: no change is needed.",
            ),
        );
    } else {
        doc.paragraph(
            Show::DOCUMENT,
            format!(
                "{} {} {} {} {}",
                lang.pick(
                    "Những thay đổi ít tiền nhất để đạt kết quả tốt nhất:",
                    "The cheapest changes that reach the best outcome:"
                ),
                d.changes.len(),
                lang.pick("thay đổi, tổng", "change(s) moving"),
                money(d.money_moved(), lang),
                lang.pick(
                    "triệu đồng. `closest_plan.csv` là kế hoạch sau khi thay đổi, chi tiết theo nguồn vốn.",
                    "million VND. `closest_plan.csv` is the plan with them applied, paid source by source."
                )
            ),
        );
        let mut t = Table::new(
            "changes",
            lang.pick("Thay đổi", "Changes"),
            vec![
                Column::new(lang.pick("Thay đổi", "Change"), Kind::Text),
                Column::new(lang.pick("Dòng", "Rows"), Kind::Text),
                Column::new(lang.pick("Huyện", "District"), Kind::Text),
                Column::new(lang.pick("Xã", "Commune"), Kind::Text),
                Column::new(lang.pick("Tiêu chí", "Criterion"), Kind::Text),
                Column::new(lang.pick("Từ năm", "From"), Kind::Integer),
                Column::new(lang.pick("Sang năm", "To"), Kind::Integer),
                Column::new(lang.pick("Chi phí", "Cost"), Kind::Money),
            ],
        )
        .interactive();
        for c in &d.changes {
            let gap = &instance.gaps[c.gap.0];
            let commune = &instance.communes[gap.commune.0];
            let criterion = &instance.criteria[gap.criterion.0];
            t.row(vec![
                Cell::text(change_label(c.kind, lang)),
                Cell::text(change_rows(e, c)),
                Cell::text(&instance.districts[commune.district.0].name),
                Cell::text(format!("{} ({})", commune.name, commune.id)),
                Cell::text(lang.pick(&criterion.name_vi, &criterion.name_en)),
                c.from_year.map_or(Cell::Blank, Cell::int),
                c.to_year.map_or(Cell::Blank, Cell::int),
                Cell::Money(c.cost),
            ]);
        }
        doc.table(Show::DOCUMENT, t);
    }

    // The workbook: the rows of the CSVs, with headers in the language.
    doc.table(Show::XLSX, breaks_table(instance, &o.breaks, lang));
    doc.table(Show::XLSX, changes_table(instance, e, lang));
    let mut closest = super::plan::payments(instance, &d.closest, lang);
    closest.id = "closest-plan".to_string();
    closest.sheet = lang.pick("Kế hoạch gần nhất", "Closest plan").to_string();
    doc.table(Show::XLSX, closest);
    doc
}

/// The console summary.
pub fn console(instance: &Instance, e: &Evaluation, lang: Lang) -> String {
    let o = e.outcome;
    let d = e.distance;
    let best = &d.closest.outcome;
    let mut text = String::new();
    if o.breaks.is_empty() {
        let _ = writeln!(
            text,
            "{}",
            lang.pick(
                "thẩm định: kế hoạch tuân thủ mọi quy định",
                "evaluate: the plan keeps every rule"
            )
        );
    } else {
        let _ = writeln!(
            text,
            "{} {} {}",
            lang.pick("thẩm định: kế hoạch vi phạm", "evaluate: the plan breaks"),
            o.breaks.len(),
            lang.pick("quy định", "rules")
        );
        const SHOWN: usize = 10;
        for b in o.breaks.iter().take(SHOWN) {
            let _ = writeln!(
                text,
                "  {} {}: {}: {}",
                lang.pick("dòng", "row"),
                rows_text(&b.rows),
                kind_word(b.kind, lang),
                describe(instance, b, lang)
            );
            for fix in &b.fixes {
                let _ = writeln!(
                    text,
                    "    {} {}",
                    lang.pick("cách sửa:", "fix:"),
                    fix_text(instance, fix, lang)
                );
            }
        }
        if o.breaks.len() > SHOWN {
            let _ = writeln!(
                text,
                "  … {} {}",
                o.breaks.len() - SHOWN,
                lang.pick("vi phạm khác trong evaluate.csv", "more in evaluate.csv")
            );
        }
    }
    let best_word = lang.pick("tốt nhất", "best");
    let _ = writeln!(
        text,
        "  {:<32} {} / {} ({best_word} {})",
        lang.pick("xã đạt chuẩn", "communes meeting the standard"),
        o.communes_meeting_standard,
        instance.communes.len(),
        best.communes_meeting_standard
    );
    let _ = writeln!(
        text,
        "  {:<32} {} ({best_word} {})",
        lang.pick("bình quân tiêu chí/xã", "average criteria per commune"),
        super::doc::decimal(o.average_criteria, 2, lang),
        super::doc::decimal(best.average_criteria, 2, lang)
    );
    let _ = writeln!(
        text,
        "  {:<32} {} ({best_word} {})",
        lang.pick("tiêu chí thấp nhất", "fewest criteria in a commune"),
        o.min_criteria,
        best.min_criteria
    );
    let _ = writeln!(
        text,
        "  {:<32} {} {} ({best_word} {})",
        lang.pick("tổng vốn", "money spent"),
        super::doc::money(o.total_cost, lang),
        lang.pick("triệu đồng", "million VND"),
        super::doc::money(best.total_cost, lang)
    );
    for t in &o.targets {
        // A share of villages reads as a percentage.
        let share = t.name == "villages_share_in_especially_difficult";
        let shown = |x: f64| {
            if share {
                format!("{}%", super::doc::decimal(100.0 * x, 1, lang))
            } else {
                figure(x, lang)
            }
        };
        let mark = match (t.met, lang) {
            (true, Lang::Vi) => "đạt",
            (false, Lang::Vi) => "KHÔNG ĐẠT",
            (true, Lang::En) => "met",
            (false, Lang::En) => "MISSED",
        };
        let _ = writeln!(
            text,
            "  {} {:<9} {} ({} / {})",
            lang.pick("mục tiêu", "target"),
            mark,
            target_label(t.name, lang),
            shown(t.achieved),
            shown(t.required)
        );
    }
    if d.changes.is_empty() {
        let _ = writeln!(
            text,
            "  {}",
            lang.pick(
                "khoảng cách: không; kế hoạch đạt kết quả tốt nhất mà số vốn cho phép",
                "distance: none; the plan reaches the best the money allows"
            )
        );
    } else {
        let _ = writeln!(
            text,
            "  {}: {} {}, {} {}; {} {}, {} {} {}",
            lang.pick("khoảng cách", "distance"),
            lang.pick("xã đạt chuẩn", "communes meeting the standard"),
            short(
                lang,
                best.communes_meeting_standard as f64,
                o.communes_meeting_standard as f64
            ),
            lang.pick("tiêu chí", "criteria"),
            short(
                lang,
                best.criteria_met_total as f64,
                o.criteria_met_total as f64
            ),
            lang.pick("số thay đổi", "changes"),
            d.changes.len(),
            lang.pick("chuyển", "moving"),
            super::doc::money(d.money_moved(), lang),
            lang.pick("triệu đồng", "million VND")
        );
    }
    text
}
