//! The short summary printed after a plan, in the chosen language.

use std::fmt::Write;

use crate::instance::Instance;
use crate::lang::Lang;
use crate::run::PlanRun;

use super::doc::{decimal, money};
use super::plan::target_label;
use super::summary::{proven_gap, status};

pub fn headline(instance: &Instance, run: &PlanRun, lang: Lang) -> String {
    let o = &run.outcome;
    let mut text = String::new();
    let gap = decimal(proven_gap(&run.selection) * 100.0, 2, lang);
    let state = match (status(&run.selection), lang) {
        ("optimal", Lang::En) => "no plan with this money reaches more communes".to_string(),
        ("optimal", Lang::Vi) => {
            "không có kế hoạch nào với số vốn này đạt nhiều xã hơn".to_string()
        }
        (_, Lang::En) => format!("stopped by the time limit, up to {gap}% short of the best"),
        (_, Lang::Vi) => {
            format!("dừng do hết thời gian tính, có thể kém kế hoạch tốt nhất tới {gap}%")
        }
    };
    let _ = writeln!(text, "{}: {state}", lang.pick("kế hoạch", "plan"));
    let mut lines = vec![
        (
            lang.pick(
                "xã đạt chuẩn nông thôn mới",
                "communes meeting the standard",
            ),
            match lang {
                Lang::Vi => format!(
                    "{}/{}",
                    o.communes_meeting_standard,
                    instance.communes.len()
                ),
                Lang::En => format!(
                    "{} of {}",
                    o.communes_meeting_standard,
                    instance.communes.len()
                ),
            },
        ),
        (
            lang.pick("số tiêu chí bình quân/xã", "average criteria per commune"),
            decimal(o.average_criteria, 2, lang),
        ),
        (
            lang.pick(
                "số tiêu chí thấp nhất của một xã",
                "fewest criteria in a commune",
            ),
            o.min_criteria.to_string(),
        ),
        (
            lang.pick("vốn sử dụng", "money spent"),
            format!(
                "{} {}",
                money(o.total_cost, lang),
                lang.pick("triệu đồng", "million VND")
            ),
        ),
    ];
    // The advanced level, only when the data assess it.
    if instance.has_advanced() {
        let assessed = instance
            .communes
            .iter()
            .filter(|c| !c.advanced.is_empty())
            .count();
        lines.insert(
            1,
            (
                lang.pick("xã đạt chuẩn nâng cao", "advanced communes"),
                match lang {
                    Lang::Vi => format!("{}/{assessed} xã được xét", o.communes_advanced),
                    Lang::En => format!("{} of {assessed} assessed", o.communes_advanced),
                },
            ),
        );
    }
    let width: usize = if lang == Lang::Vi { 33 } else { 30 };
    let mut lines = lines.to_vec();
    // With projects the plan may pause: how many it pauses and their money.
    if super::projects::in_effect(run) {
        lines.push((
            lang.pick("dự án tạm dừng", "projects paused"),
            format!(
                "{} ({} {})",
                run.selection.paused.len(),
                money(super::projects::paused_money(instance, run), lang),
                lang.pick("triệu đồng", "million VND")
            ),
        ));
    }
    for (label, value) in lines {
        let pad = width.saturating_sub(label.chars().count());
        let _ = writeln!(text, "  {label}{} {value}", " ".repeat(pad));
    }
    for t in &o.targets {
        let share = t.name == "villages_share_in_especially_difficult";
        let achieved = if t.name == "average_criteria" {
            decimal(t.achieved, 2, lang)
        } else if share {
            format!("{}%", decimal(100.0 * t.achieved, 1, lang))
        } else {
            format!("{}", t.achieved)
        };
        let required = if share {
            format!("{}%", decimal(100.0 * t.required, 1, lang))
        } else {
            match lang {
                Lang::En => format!("{}", t.required),
                Lang::Vi => format!("{}", t.required).replace('.', ","),
            }
        };
        let (word, mark, mark_width) = match (lang, t.met) {
            (Lang::En, true) => ("target", "met", 6),
            (Lang::En, false) => ("target", "MISSED", 6),
            (Lang::Vi, true) => ("mục tiêu", "đạt", 8),
            (Lang::Vi, false) => ("mục tiêu", "CHƯA ĐẠT", 8),
        };
        let label = target_label(t.name, lang);
        // Wide enough for the longest label shown, so the marks line up.
        let longest = o
            .targets
            .iter()
            .map(|t| target_label(t.name, lang).chars().count());
        let column: usize = longest.fold(if lang == Lang::Vi { 36 } else { 51 }, usize::max);
        let pad = column.saturating_sub(label.chars().count());
        let _ = writeln!(
            text,
            "  {word}: {label}{} {mark:<mark_width$} ({achieved} / {required})",
            " ".repeat(pad)
        );
    }
    text
}
