//! The outputs of `ntm gap`: `gap.csv` and the report `gap.md`.

use crate::gap::{
    GapAnalysis, GapStatus, SourceAsk, StandardChanges, TargetGap, TopupRule, TopupScope,
};
use crate::instance::{Instance, Purpose};
use crate::lang::Lang;
use crate::run::PlanRun;

use super::doc::{Cell, Column, Document, Kind, Show, Table, money};
use super::tables::Csv;

/// One row per target (`all` first) with its total (year and district
/// `all`), then one row per year and district the top-up is spent in. The
/// rows of a target other than its total add up to the total exactly.
pub fn gap_csv(instance: &Instance, analysis: &GapAnalysis) -> Vec<u8> {
    let mut csv = Csv::new(&["target", "status", "year", "district", "additional_funding"]);
    for gap in std::iter::once(&analysis.all).chain(&analysis.alone) {
        csv.row(&[
            gap.target.to_string(),
            gap.status.name().to_string(),
            "all".to_string(),
            "all".to_string(),
            amount_cell(gap),
        ]);
        for ((year, district), amount) in &gap.by_year_district {
            csv.row(&[
                gap.target.to_string(),
                gap.status.name().to_string(),
                year.to_string(),
                instance.districts[district.0].name.clone(),
                amount.to_string(),
            ]);
        }
    }
    csv.finish()
}

/// Empty when no top-up can close the target: there is no amount to give.
fn amount_cell(gap: &TargetGap) -> String {
    if gap.status == GapStatus::Unreachable {
        String::new()
    } else {
        gap.total.to_string()
    }
}

/// A target's name; `all` stands for every target together.
pub fn target_label(name: &str, lang: Lang) -> &'static str {
    match name {
        "all" => lang.pick("Tất cả mục tiêu cùng lúc", "All targets together"),
        _ => super::plan::target_label(name, lang),
    }
}

pub fn status_text(status: GapStatus, lang: Lang) -> &'static str {
    match status {
        GapStatus::AlreadyMet => lang.pick(
            "đạt mà không cần vốn bổ sung",
            "met without additional money",
        ),
        GapStatus::Optimal => lang.pick("ít nhất có thể", "the least possible"),
        GapStatus::TimeLimit => lang.pick(
            "hết thời gian: đủ nhưng có thể chưa ít nhất",
            "time limit: enough, perhaps not the least",
        ),
        GapStatus::Unreachable => lang.pick(
            "không thể đạt với bất kỳ khoản bổ sung nào",
            "cannot be met with any top-up of this kind",
        ),
    }
}

fn figure(x: f64, lang: Lang) -> Cell {
    if x.fract() == 0.0 {
        Cell::int(x as i64)
    } else {
        let _ = lang;
        Cell::decimal(x, 2)
    }
}

/// A short sheet name per target (Excel allows 31 characters).
fn sheet(target: &str) -> &'static str {
    match target {
        "all" => "all",
        "communes_meeting_standard" => "communes",
        "average_criteria" => "average",
        "min_criteria_per_commune" => "lowest",
        "districts_meeting_standard" => "districts",
        "keep_standard" => "keep",
        "villages_share_in_especially_difficult" => "villages",
        "communes_advanced" => "advanced",
        _ => "target",
    }
}

/// What `ntm gap` adds to the analysis for a meeting: the budget-only plan
/// (the targets as goals), the ask per source, and the communes that gain
/// or lose the standard when every target is met.
pub struct GapContext<'a> {
    pub budget_only: &'a PlanRun,
    pub asks: &'a [SourceAsk],
    pub changes: &'a StandardChanges,
}

/// The report of `ntm gap`; `preface` (the diagnosis of `ntm plan`) comes
/// first when given.
pub fn gap_document(
    instance: &Instance,
    scenario_name: &str,
    rule: &TopupRule,
    analysis: &GapAnalysis,
    lang: Lang,
    preface: Option<&str>,
    context: Option<&GapContext>,
) -> Document {
    let mut d = Document::new(
        format!(
            "{scenario_name}: {}",
            lang.pick(
                "vốn cần bổ sung để đạt mục tiêu",
                "what it takes to meet the targets"
            )
        ),
        lang,
    );
    if let Some(text) = preface {
        d.paragraph(Show::DOCUMENT, text);
    }
    let kind = match &rule.scope {
        TopupScope::Any => lang
            .pick(
                "được chi cho mọi tiêu chí ở mọi xã",
                "that may pay for any criterion in any commune",
            )
            .to_string(),
        TopupScope::Like(id) => match lang {
            Lang::Vi => format!("theo đúng phạm vi và danh mục được chi của nguồn `{id}`"),
            Lang::En => format!("with the eligibility and scope of source `{id}`"),
        },
    };
    let year = match rule.year {
        Some(y) => match lang {
            Lang::Vi => format!(", chỉ trong năm {y}"),
            Lang::En => format!(", in {y} only"),
        },
        None => String::new(),
    };
    d.paragraph(
        Show::DOCUMENT,
        format!(
            "{} {kind}{year}. {}",
            lang.pick(
                "Khoản bổ sung ít nhất (triệu đồng), là nguồn vốn",
                "The least additional money (million VND), as a top-up"
            ),
            lang.pick(
                "Mỗi con số là ít nhất có thể, trừ khi ghi khác.",
                "Each amount is the least possible unless marked otherwise."
            )
        ),
    );

    if let Some(c) = context {
        super::projects::add_gap_section(&mut d, instance, analysis, c.budget_only, lang);
    }
    let mut summary = Table::new(
        "gap",
        lang.pick("Vốn cần bổ sung", "Gap"),
        vec![
            Column::new(lang.pick("Mục tiêu", "Target"), Kind::Text),
            Column::new(lang.pick("Yêu cầu", "Required"), Kind::Decimal),
            Column::new(
                lang.pick(
                    "Tối đa với vốn hiện có, khi chỉ theo mục tiêu này",
                    "Best with the budget, this target alone",
                ),
                Kind::Decimal,
            ),
            Column::new(
                lang.pick(
                    "Kế hoạch với vốn hiện có (mọi mục tiêu là định hướng)",
                    "The budget-only plan (targets as goals)",
                ),
                Kind::Decimal,
            ),
            Column::new(
                lang.pick("Vốn cần bổ sung", "Additional funding"),
                Kind::Money,
            ),
            Column::new(lang.pick("Tình trạng", "Status"), Kind::Text),
        ],
    );
    for gap in std::iter::once(&analysis.all).chain(&analysis.alone) {
        let reach = analysis.reach.iter().find(|r| r.name == gap.target);
        let (required, best) = match reach {
            Some(r) => (figure(r.required, lang), figure(r.best_alone, lang)),
            None => (Cell::Dash, Cell::Dash),
        };
        let amount = if gap.status == GapStatus::Unreachable {
            Cell::Dash
        } else {
            Cell::Money(gap.total)
        };
        let planned = context
            .and_then(|c| {
                c.budget_only
                    .outcome
                    .targets
                    .iter()
                    .find(|t| t.name == gap.target)
            })
            .map_or(Cell::Dash, |t| figure(t.achieved, lang));
        summary.row(vec![
            Cell::text(target_label(gap.target, lang)),
            required,
            best,
            planned,
            amount,
            Cell::text(status_text(gap.status, lang)),
        ]);
    }
    d.table(Show::ALL, summary);
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "\"Tối đa khi chỉ theo mục tiêu này\" là mức một mục tiêu đạt được khi kế hoạch chỉ \
             nhằm vào nó; kế hoạch với vốn hiện có cân đối mọi mục tiêu cùng lúc nên có thể thấp \
             hơn. Một mục tiêu \"đạt mà không cần vốn bổ sung\" khi đứng riêng vẫn có thể chưa \
             đạt trong kế hoạch đó.",
            "\"Best, this target alone\" is what a plan aiming at that target only reaches; the \
             budget-only plan weighs every target at once and may reach less. A target \
             \"met without additional money\" alone may still be missed in that plan.",
        ),
    );
    if !analysis.conflicts.is_empty() {
        let pairs: Vec<String> = analysis
            .conflicts
            .iter()
            .map(|(a, b)| format!("{} + {}", target_label(a, lang), target_label(b, lang)))
            .collect();
        d.paragraph(
            Show::DOCUMENT,
            format!(
                "{} {}.",
                lang.pick(
                    "Các cặp mục tiêu không thể cùng đạt với vốn hiện có, dù mỗi mục tiêu đạt được khi đứng riêng:",
                    "Pairs of targets the budget cannot meet together, though each is reachable alone:"
                ),
                pairs.join("; ")
            ),
        );
    }
    if analysis.all.status == GapStatus::AlreadyMet {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Vốn hiện có đã đủ để đạt mọi mục tiêu cùng lúc: khoảng thiếu là 0.",
                "The budget as it is already meets every target together: the gap is 0.",
            ),
        );
    }

    for gap in std::iter::once(&analysis.all).chain(&analysis.alone) {
        if gap.total.is_zero() {
            continue;
        }
        d.heading(Show::DOCUMENT, target_label(gap.target, lang));
        d.paragraph(
            Show::DOCUMENT,
            format!(
                "{}: {} {}.",
                lang.pick("Vốn cần bổ sung", "Additional funding"),
                money(gap.total, lang),
                lang.pick("triệu đồng", "million VND")
            ),
        );
        let mut split = Table::new(
            format!("split-{}", sheet(gap.target)),
            format!("{} {}", lang.pick("theo huyện", "split"), sheet(gap.target)),
            vec![
                Column::new(lang.pick("Năm", "Year"), Kind::Integer),
                Column::new(lang.pick("Huyện", "District"), Kind::Text),
                Column::new(lang.pick("Vốn bổ sung", "Top-up"), Kind::Money),
            ],
        );
        for ((year, district), amount) in &gap.by_year_district {
            split.row(vec![
                Cell::int(*year),
                Cell::text(&instance.districts[district.0].name),
                Cell::Money(*amount),
            ]);
        }
        d.table(Show::ALL, split);
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Khoản bổ sung chi cho:",
                "What the additional money pays for:",
            ),
        );
        let mut pays = Table::new(
            format!("pays-{}", sheet(gap.target)),
            format!("{} {}", lang.pick("chi cho", "pays"), sheet(gap.target)),
            vec![
                Column::new(lang.pick("Năm", "Year"), Kind::Integer),
                Column::new(lang.pick("Xã", "Commune"), Kind::Text),
                Column::new(lang.pick("Huyện", "District"), Kind::Text),
                Column::new(lang.pick("Tiêu chí", "Criterion"), Kind::Text),
                Column::new(lang.pick("Mục đích", "Purpose"), Kind::Text),
                Column::new(lang.pick("Vốn bổ sung", "Top-up"), Kind::Money),
            ],
        );
        for p in &gap.pays_for {
            let g = &instance.gaps[p.gap.0];
            let commune = &instance.communes[g.commune.0];
            let criterion = &instance.criteria[g.criterion.0];
            let purpose = match g.purpose {
                Purpose::New => lang.pick("tiêu chí mới", "new criterion"),
                Purpose::Maintenance => lang.pick("duy trì", "upkeep"),
                Purpose::Village => lang.pick("tiêu chí thôn, bản", "village criterion"),
                Purpose::Advanced => lang.pick("tiêu chí nâng cao", "advanced criterion"),
            };
            pays.row(vec![
                Cell::int(p.year),
                Cell::text(instance.place_name(p.gap)),
                Cell::text(&instance.districts[commune.district.0].name),
                Cell::text(lang.pick(&criterion.name_vi, &criterion.name_en)),
                Cell::text(purpose),
                Cell::Money(p.amount),
            ]);
        }
        d.table(Show::ALL, pays);
    }
    if let Some(context) = context {
        add_asks(&mut d, instance, analysis, context.asks, lang);
        add_changes(&mut d, instance, context.changes, lang);
    }
    d
}

/// The ask per source: one line each, the least top-up when only that
/// source grows; and the note that the split shown is one of several.
fn add_asks(
    d: &mut Document,
    instance: &Instance,
    analysis: &GapAnalysis,
    asks: &[SourceAsk],
    lang: Lang,
) {
    if analysis.all.status == GapStatus::AlreadyMet || analysis.all.status == GapStatus::Unreachable
    {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick("Đề nghị theo từng nguồn vốn", "The ask per source"),
    );
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "Cách chia khoản bổ sung theo huyện và năm ở trên là một trong nhiều cách có cùng tổng \
             ít nhất; bảng dưới cho biết khoản bổ sung ít nhất nếu chỉ tăng một nguồn vốn (theo \
             đúng phạm vi và danh mục được chi của nguồn đó) để đạt mọi mục tiêu cùng lúc.",
            "The split of the top-up by district and year above is one of possibly many equally \
             cheap ones. Below, the least top-up that meets every target together when only one \
             source grows (with that source's eligibility and scope).",
        ),
    );
    let mut table = Table::new(
        "asks",
        lang.pick("Theo nguồn", "Per source"),
        vec![
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(
                lang.pick(
                    "Vốn cần bổ sung (triệu đồng)",
                    "Additional funding (million VND)",
                ),
                Kind::Money,
            ),
            Column::new(lang.pick("Tình trạng", "Status"), Kind::Text),
        ],
    );
    for ask in asks {
        let source = &instance.sources[ask.source.0];
        let amount = if ask.gap.status == GapStatus::Unreachable {
            Cell::Dash
        } else {
            Cell::Money(ask.gap.total)
        };
        let status = match ask.gap.status {
            GapStatus::Unreachable => lang.pick(
                "nguồn này đứng riêng không đủ để đạt mọi mục tiêu",
                "this source alone cannot meet every target",
            ),
            other => status_text(other, lang),
        };
        table.row(vec![
            Cell::text(super::plan::source_name(source, lang)),
            amount,
            Cell::text(status),
        ]);
    }
    d.table(Show::ALL, table);
}

/// The communes the plan of every target brings to the standard and the
/// budget-only plan does not, and those it no longer brings.
fn add_changes(d: &mut Document, instance: &Instance, changes: &StandardChanges, lang: Lang) {
    if changes.gained.is_empty() && changes.lost.is_empty() {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Xã thay đổi so với kế hoạch chỉ dùng vốn hiện có",
            "Communes that change against the budget-only plan",
        ),
    );
    let (gained, lost) = (changes.gained.len(), changes.lost.len());
    d.paragraph(
        Show::DOCUMENT,
        match lang {
            Lang::Vi => format!(
                "Để đạt mọi mục tiêu, kế hoạch có vốn bổ sung đưa thêm {gained} xã đạt chuẩn và \
                 không còn đưa {lost} xã đạt chuẩn so với kế hoạch chỉ dùng vốn hiện có."
            ),
            Lang::En => format!(
                "To meet every target, the plan with the top-up brings {gained} more communes to \
                 the standard and no longer brings {lost} that the budget-only plan does."
            ),
        },
    );
    let mut table = Table::new(
        "changes",
        lang.pick("Xã thay đổi", "Communes changed"),
        vec![
            Column::new(lang.pick("Xã", "Commune"), Kind::Text),
            Column::new(lang.pick("Huyện", "District"), Kind::Text),
            Column::new(lang.pick("Thay đổi", "Change"), Kind::Text),
        ],
    );
    let gained_word = lang.pick("thêm xã đạt chuẩn", "gains the standard");
    let lost_word = lang.pick("không còn đạt chuẩn", "loses the standard");
    for (ids, word) in [(&changes.gained, gained_word), (&changes.lost, lost_word)] {
        for c in ids.iter() {
            let commune = &instance.communes[c.0];
            table.row(vec![
                Cell::text(&commune.name),
                Cell::text(&instance.districts[commune.district.0].name),
                Cell::text(word),
            ]);
        }
    }
    d.table(Show::ALL, table);
}

/// `gap_by_source.csv`: the ask per source, one row each (empty amount when
/// the source alone cannot meet the targets).
pub fn asks_csv(instance: &Instance, asks: &[SourceAsk], lang: Lang) -> Vec<u8> {
    let mut csv = Csv::new(&["source_id", "status", "additional_funding", "source_name"]);
    for ask in asks {
        let source = &instance.sources[ask.source.0];
        csv.row(&[
            source.id.clone(),
            ask.gap.status.name().to_string(),
            amount_cell(&ask.gap),
            super::plan::source_name(source, lang),
        ]);
    }
    csv.finish()
}

/// `gap_communes.csv`: the communes that gain (`gained`) or lose (`lost`)
/// the standard in the plan of every target against the budget-only plan.
pub fn changes_csv(instance: &Instance, changes: &StandardChanges) -> Vec<u8> {
    let mut csv = Csv::new(&["commune_id", "change", "commune", "district"]);
    for (ids, change) in [(&changes.gained, "gained"), (&changes.lost, "lost")] {
        for c in ids.iter() {
            let commune = &instance.communes[c.0];
            csv.row(&[
                commune.id.clone(),
                change.to_string(),
                commune.name.clone(),
                instance.districts[commune.district.0].name.clone(),
            ]);
        }
    }
    csv.finish()
}
