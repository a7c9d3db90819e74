//! What a plan with commitments kept, and whether it is a re-plan: a
//! section of the report and a line of the console.

use super::doc::{Document, Show, money};
use crate::commitments::Origin;
use crate::lang::Lang;
use crate::money::Money;
use crate::run::Kept;

/// One sentence: how many payments were kept and their money, and the
/// re-plan's year.
pub fn summary(kept: &Kept, lang: Lang) -> String {
    let c = &kept.commitments;
    let count = c.items.len();
    let total = money(c.total(), lang);
    let from_plan = c
        .items
        .iter()
        .filter(|i| i.origin == Origin::FromPlan)
        .count();
    let mut text = match c.replan_from {
        Some(year) => lang
            .pick(
                "Kế hoạch lập lại từ năm {year}: giữ nguyên {count} khoản đã cam kết, {total} triệu đồng \
                 ({from_plan} khoản là các khoản trước năm {year} của kế hoạch đã duyệt)",
                "A re-plan from {year}: {count} committed payments kept as they are, {total} million VND \
                 ({from_plan} of them the approved plan's payments before {year})",
            )
            .replace("{year}", &year.to_string()),
        None => lang
            .pick(
                "Giữ nguyên {count} khoản đã cam kết, {total} triệu đồng",
                "{count} committed payments kept as they are, {total} million VND",
            )
            .to_string(),
    };
    text = text
        .replace("{count}", &count.to_string())
        .replace("{total}", &total)
        .replace("{from_plan}", &from_plan.to_string());
    let met = c.met_since();
    if met > 0 {
        let spent: Money = kept.met_since.iter().map(|r| r.amount).sum();
        text.push_str(
            &lang
                .pick(
                    "; {met} khoản ({spent} triệu đồng) chi cho tiêu chí xã đã đạt từ đó",
                    "; {met} of them ({spent} million VND) pay for criteria met since",
                )
                .replace("{met}", &met.to_string())
                .replace("{spent}", &money(spent, lang)),
        );
    }
    if !c.paused.is_empty() {
        text.push_str(
            &lang
                .pick(
                    "; {n} dự án đã tạm dừng trước đó vẫn tạm dừng",
                    "; {n} projects paused before stay paused",
                )
                .replace("{n}", &c.paused.len().to_string()),
        );
    }
    text.push('.');
    text
}

/// The report's section on the commitments.
pub fn add(d: &mut Document, kept: &Kept, lang: Lang) {
    d.heading(
        Show::DOCUMENT,
        lang.pick("Các khoản đã cam kết", "Commitments kept"),
    );
    d.paragraph(Show::DOCUMENT, summary(kept, lang));
    d.paragraph(
        Show::DOCUMENT,
        lang.pick(
            "Các khoản này có trong `plan.csv` đúng như đã cam kết (cột `committed` = 1), được trừ vào \
             vốn của nguồn trong năm của chúng; phần còn lại của kế hoạch được tối ưu quanh chúng. \
             Một tiêu chí được chi một phần thì phần còn lại được chi từ năm của khoản cam kết cuối cùng.",
            "They are in `plan.csv` exactly as committed (column `committed` = 1) and counted \
             against their source's money of their year; the rest of the plan is optimised around \
             them. A criterion paid in part has the rest paid from the year of its last commitment on.",
        ),
    );
    let files: Vec<String> = kept
        .commitments
        .files
        .iter()
        .chain(&kept.commitments.paused_file)
        .map(|f| format!("`{}`", f.display()))
        .collect();
    if !files.is_empty() {
        d.paragraph(
            Show::DOCUMENT,
            format!(
                "{}: {}.",
                lang.pick("Đọc từ", "Read from"),
                files.join(", ")
            ),
        );
    }
}
