//! The verdict: one sentence at the top of a plan's report that a meeting
//! can act on. How many targets the plan meets and, when it misses some,
//! the least additional money that would meet them all together, as `ntm
//! gap` computes it ([`crate::gap::analyse`], the same model and the same
//! numbers), and which targets clash on the money as it is.

use crate::gap::{GapAnalysis, GapStatus};
use crate::instance::{Instance, PoolKind};
use crate::lang::Lang;
use crate::money::Money;
use crate::run::PlanRun;
use crate::scenario::Scenario;

use super::doc::{decimal, money};

/// What is known about the money that would meet every target.
#[derive(Clone, Copy)]
pub enum GapKnown<'a> {
    /// Not computed (`ntm plan --no-gap`, or a plan written without it).
    NotComputed,
    /// `ntm gap`'s analysis of the same scenario.
    Computed(&'a GapAnalysis),
}

/// A target as a meeting says it, with its figure: "54 communes at the
/// standard", "no commune under 15 criteria".
pub fn target_phrase(name: &str, scenario: &Scenario, lang: Lang) -> String {
    let t = &scenario.targets;
    match name {
        "communes_meeting_standard" => {
            let n = t.communes_meeting_standard.unwrap_or(0);
            match lang {
                Lang::Vi => format!("{n} xã đạt chuẩn"),
                Lang::En => format!("{n} communes at the standard"),
            }
        }
        "average_criteria" => {
            let x = t.average_criteria.unwrap_or(0.0);
            // As the directive writes it: 17.3, not 17.30.
            let text = if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                let two = decimal(x, 2, lang);
                two.strip_suffix('0').map_or(two.clone(), str::to_string)
            };
            match lang {
                Lang::Vi => format!("bình quân {text} tiêu chí/xã"),
                Lang::En => format!("{text} criteria per commune on average"),
            }
        }
        "min_criteria_per_commune" => {
            let n = t.min_criteria_per_commune.unwrap_or(0);
            match lang {
                Lang::Vi => format!("không xã nào dưới {n} tiêu chí"),
                Lang::En => format!("no commune under {n} criteria"),
            }
        }
        "villages_share_in_especially_difficult" => {
            let share = t.villages_share_in_especially_difficult.unwrap_or(0.0) * 100.0;
            let share = crate::report::doc::decimal(share, 0, lang);
            match lang {
                Lang::Vi => format!("{share}% thôn, bản xã đặc biệt khó khăn đạt chuẩn"),
                Lang::En => format!(
                    "{share}% of the villages of especially difficult communes at their standard"
                ),
            }
        }
        "keep_standard" => {
            let names: Vec<&str> = t.keep_standard.iter().map(|(n, _)| n.as_str()).collect();
            let list = joined(&names, lang);
            match lang {
                Lang::Vi => format!("{list} giữ vững chuẩn nông thôn mới"),
                Lang::En => format!("{list} keeping the standard"),
            }
        }
        "communes_advanced" => {
            let n = t.communes_advanced.unwrap_or(0);
            match lang {
                Lang::Vi => format!("{n} xã đạt chuẩn nông thôn mới nâng cao"),
                Lang::En => format!("{n} communes at the advanced standard"),
            }
        }
        _ => {
            let names: Vec<&str> = t
                .districts_meeting_standard
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            let list = joined(&names, lang);
            match lang {
                Lang::Vi => format!("mọi xã của {list} đạt chuẩn"),
                Lang::En => format!("every commune of {list} at the standard"),
            }
        }
    }
}

/// `a, b and c`.
fn joined<S: AsRef<str>>(items: &[S], lang: Lang) -> String {
    let and = lang.pick(" và ", " and ");
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{}{and}{}", init.join(", "), last.as_ref())
        }
    }
}

/// The clashing pairs in words, each target with all it clashes with:
/// "“A” cannot be met together with “B” nor with “C”". The target in the
/// most pairs speaks first, so two pairs sharing one read as one clause.
fn clashes(pairs: &[(&'static str, &'static str)], scenario: &Scenario, lang: Lang) -> String {
    let order = [
        "communes_meeting_standard",
        "average_criteria",
        "min_criteria_per_commune",
        "districts_meeting_standard",
        "keep_standard",
        "villages_share_in_especially_difficult",
        "communes_advanced",
    ];
    let rank = |n: &str| order.iter().position(|o| *o == n).unwrap_or(order.len());
    let quoted = |n: &str| format!("“{}”", target_phrase(n, scenario, lang));
    let mut left: Vec<(&str, &str)> = pairs.to_vec();
    let mut clauses = Vec::new();
    while !left.is_empty() {
        let count = |n: &str| left.iter().filter(|(a, b)| *a == n || *b == n).count();
        let mut names: Vec<&str> = left.iter().flat_map(|(a, b)| [*a, *b]).collect();
        names.sort_by_key(|n| (std::cmp::Reverse(count(n)), rank(n)));
        let first = names[0];
        let mut others: Vec<&str> = left
            .iter()
            .filter_map(|(a, b)| {
                if *a == first {
                    Some(*b)
                } else if *b == first {
                    Some(*a)
                } else {
                    None
                }
            })
            .collect();
        others.sort_by_key(|n| rank(n));
        left.retain(|(a, b)| *a != first && *b != first);
        let others: Vec<String> = others.iter().map(|n| quoted(n)).collect();
        clauses.push(match lang {
            Lang::Vi => format!(
                "{} không thể đạt cùng lúc với {}",
                quoted(first),
                others.join(" và với ")
            ),
            Lang::En => format!(
                "{} cannot be met together with {}",
                quoted(first),
                others.join(" nor with ")
            ),
        });
    }
    clauses.join("; ")
}

/// "both" or "all 4", in English.
fn all_of(total: usize) -> String {
    if total == 2 {
        "both".to_string()
    } else {
        format!("all {total}")
    }
}

/// The verdict sentence.
pub fn sentence(
    instance: &Instance,
    scenario: &Scenario,
    run: &PlanRun,
    gap: GapKnown,
    lang: Lang,
) -> String {
    let o = &run.outcome;
    let targets = &o.targets;
    if targets.is_empty() {
        return match lang {
            Lang::Vi => format!(
                "Kịch bản không đặt mục tiêu; với số vốn hiện có, kế hoạch đưa số xã đạt chuẩn lên {} trên {} xã.",
                o.communes_meeting_standard,
                o.communes.len()
            ),
            Lang::En => format!(
                "The scenario sets no targets; with the money available the plan brings {} of {} communes to the standard.",
                o.communes_meeting_standard,
                o.communes.len()
            ),
        };
    }
    let total = targets.len();
    let met = targets.iter().filter(|t| t.met).count();
    // `ntm gap`'s plan runs on the budget plus the least additional money:
    // it is not "the money available".
    let topup: Money = instance
        .pools
        .iter()
        .zip(&run.budget.pool_capacity)
        .filter(|(p, _)| p.kind == PoolKind::Topup)
        .map(|(_, m)| *m)
        .sum();
    if met == total && topup > Money::ZERO {
        return match lang {
            Lang::Vi => format!(
                "Kế hoạch đạt mọi mục tiêu của kịch bản ({total}/{total}) với số vốn hiện có cộng {} triệu đồng vốn bổ sung.",
                money(topup, lang)
            ),
            Lang::En => format!(
                "The plan meets every target of the scenario ({total} of {total}) with the money available and {} million VND of additional money.",
                money(topup, lang)
            ),
        };
    }
    if met == total {
        return match lang {
            Lang::Vi => format!(
                "Kế hoạch đạt mọi mục tiêu của kịch bản ({total}/{total}) với số vốn hiện có, không cần bổ sung vốn."
            ),
            Lang::En => format!(
                "The plan meets every target of the scenario ({total} of {total}) with the money available; no additional money is needed."
            ),
        };
    }
    let missed: Vec<String> = targets
        .iter()
        .filter(|t| !t.met)
        .map(|t| format!("“{}”", target_phrase(t.name, scenario, lang)))
        .collect();
    let head = match lang {
        Lang::Vi => format!(
            "Kế hoạch đạt {met}/{total} mục tiêu, chưa đạt {} {}",
            if missed.len() == 1 {
                "mục tiêu"
            } else {
                "các mục tiêu"
            },
            joined(&missed, lang)
        ),
        Lang::En => format!(
            "The plan meets {met} of the {total} targets and misses {}",
            joined(&missed, lang)
        ),
    };
    let analysis = match gap {
        GapKnown::NotComputed => {
            return match lang {
                Lang::Vi => format!(
                    "{head}; số vốn tối thiểu cần bổ sung để đạt mọi mục tiêu chưa được tính (lệnh `ntm gap` tính số này)."
                ),
                Lang::En => format!(
                    "{head}; the least additional money that would meet them all was not computed (`ntm gap` computes it)."
                ),
            };
        }
        GapKnown::Computed(analysis) => analysis,
    };
    let all = &analysis.all;
    let money_part = match all.status {
        GapStatus::Optimal => match lang {
            Lang::Vi => format!(
                "để đạt cả {total} mục tiêu cùng lúc cần bổ sung ít nhất {} triệu đồng, không thể ít hơn",
                money(all.total, lang)
            ),
            Lang::En => format!(
                "meeting {} together needs at least {} million VND more, and no smaller sum can do it",
                all_of(total),
                money(all.total, lang)
            ),
        },
        GapStatus::TimeLimit => match lang {
            Lang::Vi => format!(
                "bổ sung {} triệu đồng là đủ để đạt cả {total} mục tiêu cùng lúc (việc tìm kiếm dừng do hết thời gian, nên có thể cần ít hơn)",
                money(all.total, lang)
            ),
            Lang::En => format!(
                "{} million VND more would meet {} together (the search stopped at its time limit, so less may be enough)",
                money(all.total, lang),
                all_of(total)
            ),
        },
        GapStatus::AlreadyMet => lang
            .pick(
                "nhưng số vốn hiện có đủ để đạt mọi mục tiêu cùng lúc, bằng một kế hoạch ưu tiên các mục tiêu (`--set targets.enforce=true`)",
                "yet the money available can meet all of them together, by a plan that puts the targets first (`--set targets.enforce=true`)",
            )
            .to_string(),
        GapStatus::Unreachable => lang
            .pick(
                "không khoản vốn bổ sung nào, dù lớn đến đâu, đạt được mọi mục tiêu cùng lúc với dữ liệu này",
                "no additional money, however much, can meet them all together on these data",
            )
            .to_string(),
    };
    let mut text = format!("{head}; {money_part}");
    if !analysis.conflicts.is_empty() {
        let clash = clashes(&analysis.conflicts, scenario, lang);
        text.push_str(&match lang {
            Lang::Vi => format!("; với số vốn hiện có, {clash}"),
            Lang::En => format!("; with the money as it is, {clash}"),
        });
    }
    text.push('.');
    text
}

/// What the verdict's money means, said once under it when it was computed.
pub fn gap_note(gap: GapKnown, lang: Lang) -> Option<&'static str> {
    match gap {
        GapKnown::Computed(a) if matches!(a.all.status, GapStatus::Optimal | GapStatus::TimeLimit) => {
            Some(lang.pick(
                "Số vốn bổ sung là mức ít nhất mà một khoản vốn mới, được chi cho bất kỳ tiêu chí nào ở bất kỳ xã nào, cần có; \
                 lệnh `ntm gap` cho biết khoản đó chi vào đâu và mỗi mục tiêu riêng lẻ cần bao nhiêu.",
                "The additional money is the least a new fund, free to pay for any criterion in any commune, would need; \
                 `ntm gap` shows where it would go and what each target alone needs.",
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{clashes, joined};
    use crate::lang::Lang;
    use crate::scenario::Scenario;

    fn scenario() -> Scenario {
        let text = "name = \"t\"\ndata = \"d\"\nyears = [2024]\n[targets]\n\
                    communes_meeting_standard = 54\naverage_criteria = 17.3\n\
                    min_criteria_per_commune = 15\n\
                    districts_meeting_standard = [\"Tam Đường\", \"Than Uyên\"]\n";
        Scenario::parse(std::path::Path::new("t.toml"), text).expect("a valid scenario")
    }

    #[test]
    fn pairs_sharing_a_target_read_as_one_clause() {
        let s = scenario();
        let pairs = [
            ("communes_meeting_standard", "min_criteria_per_commune"),
            ("min_criteria_per_commune", "districts_meeting_standard"),
        ];
        assert_eq!(
            clashes(&pairs, &s, Lang::En),
            "“no commune under 15 criteria” cannot be met together with “54 communes at the \
             standard” nor with “every commune of Tam Đường and Than Uyên at the standard”"
        );
        assert_eq!(
            clashes(&pairs, &s, Lang::Vi),
            "“không xã nào dưới 15 tiêu chí” không thể đạt cùng lúc với “54 xã đạt chuẩn” và \
             với “mọi xã của Tam Đường và Than Uyên đạt chuẩn”"
        );
        // Two pairs with nothing in common: two clauses.
        let apart = [
            ("communes_meeting_standard", "average_criteria"),
            ("min_criteria_per_commune", "districts_meeting_standard"),
        ];
        assert_eq!(
            clashes(&apart, &s, Lang::En),
            "“54 communes at the standard” cannot be met together with “17.3 criteria per commune \
             on average”; “no commune under 15 criteria” cannot be met together with “every \
             commune of Tam Đường and Than Uyên at the standard”"
        );
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(joined(&["a", "b", "c"], Lang::En), "a, b and c");
        assert_eq!(joined(&["a", "b"], Lang::Vi), "a và b");
        assert_eq!(joined(&["a"], Lang::En), "a");
    }
}
