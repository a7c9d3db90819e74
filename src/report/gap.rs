//! The outputs of `ntm gap`: `gap.csv` and the report `gap.md`.

use std::fmt::Write;

use crate::gap::{GapAnalysis, GapStatus, TargetGap, TopupRule, TopupScope};
use crate::instance::Instance;
use crate::lang::Lang;

use super::markdown::money;
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

pub fn target_label(name: &str, lang: Lang) -> &'static str {
    match name {
        "all" => lang.pick("Tất cả mục tiêu cùng lúc", "All targets together"),
        "communes_meeting_standard" => lang.pick(
            "Số xã đạt chuẩn nông thôn mới",
            "Communes meeting the standard",
        ),
        "average_criteria" => lang.pick("Số tiêu chí bình quân/xã", "Average criteria per commune"),
        "min_criteria_per_commune" => {
            lang.pick("Không xã nào dưới số tiêu chí", "No commune below criteria")
        }
        "districts_meeting_standard" => lang.pick(
            "Huyện có mọi xã đạt chuẩn",
            "Named districts with every commune at the standard",
        ),
        _ => lang.pick("Mục tiêu", "Target"),
    }
}

fn status_text(status: GapStatus, lang: Lang) -> &'static str {
    match status {
        GapStatus::AlreadyMet => lang.pick("đã đủ vốn", "met with the budget as it is"),
        GapStatus::Optimal => lang.pick("tối ưu (đã chứng minh)", "least amount, proven"),
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

fn figure(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

pub fn gap_md(
    instance: &Instance,
    scenario_name: &str,
    rule: &TopupRule,
    analysis: &GapAnalysis,
    lang: Lang,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {scenario_name}: {}\n",
        lang.pick(
            "vốn cần bổ sung để đạt mục tiêu",
            "what it takes to meet the targets"
        )
    );
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
    let _ = writeln!(
        md,
        "{} {kind}{year}. {}\n",
        lang.pick(
            "Khoản bổ sung ít nhất (triệu đồng), là nguồn vốn",
            "The least additional money (million VND), as a top-up"
        ),
        lang.pick(
            "Mỗi con số là tối ưu đã chứng minh trừ khi ghi khác.",
            "Each amount is proven least unless marked otherwise."
        )
    );

    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |",
        lang.pick("Mục tiêu", "Target"),
        lang.pick("Yêu cầu", "Required"),
        lang.pick("Tối đa với vốn hiện có", "Best with the budget alone"),
        lang.pick("Vốn cần bổ sung", "Additional funding"),
        lang.pick("Tình trạng", "Status"),
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---|");
    for gap in std::iter::once(&analysis.all).chain(&analysis.alone) {
        let reach = analysis.reach.iter().find(|r| r.name == gap.target);
        let (required, best) = match reach {
            Some(r) => (figure(r.required), figure(r.best_alone)),
            None => ("–".to_string(), "–".to_string()),
        };
        let amount = if gap.status == GapStatus::Unreachable {
            "–".to_string()
        } else {
            money(gap.total)
        };
        let _ = writeln!(
            md,
            "| {} | {required} | {best} | {amount} | {} |",
            target_label(gap.target, lang),
            status_text(gap.status, lang)
        );
    }
    let _ = writeln!(md);
    if !analysis.conflicts.is_empty() {
        let pairs: Vec<String> = analysis
            .conflicts
            .iter()
            .map(|(a, b)| format!("{} + {}", target_label(a, lang), target_label(b, lang)))
            .collect();
        let _ = writeln!(
            md,
            "{} {}.\n",
            lang.pick(
                "Các cặp mục tiêu không thể cùng đạt với vốn hiện có, dù mỗi mục tiêu đạt được khi đứng riêng:",
                "Pairs of targets the budget cannot meet together, though each is reachable alone:"
            ),
            pairs.join("; ")
        );
    }
    if analysis.all.status == GapStatus::AlreadyMet {
        let _ = writeln!(
            md,
            "{}\n",
            lang.pick(
                "Vốn hiện có đã đủ để đạt mọi mục tiêu cùng lúc: khoảng thiếu là 0.",
                "The budget as it is already meets every target together: the gap is 0."
            )
        );
    }

    for gap in std::iter::once(&analysis.all).chain(&analysis.alone) {
        if gap.total.is_zero() {
            continue;
        }
        let _ = writeln!(md, "## {}\n", target_label(gap.target, lang));
        let _ = writeln!(
            md,
            "{}: {} {}.\n",
            lang.pick("Vốn cần bổ sung", "Additional funding"),
            money(gap.total),
            lang.pick("triệu đồng", "million VND")
        );
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            lang.pick("Năm", "Year"),
            lang.pick("Huyện", "District"),
            lang.pick("Vốn bổ sung", "Top-up"),
        );
        let _ = writeln!(md, "|---|---|---:|");
        for ((year, district), amount) in &gap.by_year_district {
            let _ = writeln!(
                md,
                "| {year} | {} | {} |",
                instance.districts[district.0].name,
                money(*amount)
            );
        }
        let _ = writeln!(
            md,
            "\n{}\n",
            lang.pick(
                "Khoản bổ sung chi cho:",
                "What the additional money pays for:"
            )
        );
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            lang.pick("Năm", "Year"),
            lang.pick("Xã", "Commune"),
            lang.pick("Huyện", "District"),
            lang.pick("Tiêu chí", "Criterion"),
            lang.pick("Vốn bổ sung", "Top-up"),
        );
        let _ = writeln!(md, "|---|---|---|---|---:|");
        for p in &gap.pays_for {
            let g = &instance.gaps[p.gap.0];
            let commune = &instance.communes[g.commune.0];
            let criterion = &instance.criteria[g.criterion.0];
            let purpose = match g.purpose {
                crate::instance::Purpose::New => "",
                crate::instance::Purpose::Maintenance => lang.pick(" (duy trì)", " (upkeep)"),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {}{purpose} | {} |",
                p.year,
                commune.name,
                instance.districts[commune.district.0].name,
                lang.pick(&criterion.name_vi, &criterion.name_en),
                money(p.amount)
            );
        }
        let _ = writeln!(md);
    }
    md
}
