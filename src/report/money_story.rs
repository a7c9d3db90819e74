//! The money story: for each budget line (a source, in one district where
//! the source is per district) and year, what was available, what the plan
//! uses and what it leaves unused, with the reason for every unused block
//! in words. The finance department's first question is why money stays
//! unspent while targets are missed; each reason here is worked out from
//! the data and the plan (who the line may pay for, what is still unpaid,
//! when), never assumed.
//!
//! Under `carry_over` a line's money unspent in a year stays with it, so
//! "used" is counted by the year the money arrived: a line spends its
//! oldest money first, and what it leaves unspent at the horizon is its
//! latest money. Under the other rules a year's money is spent in that year
//! only, and "used" is what `sources.csv` says. Either way, per line,
//! available = used + unused to the đồng, and the used money adds up to
//! what the plan spends.

use std::collections::BTreeMap;

use crate::instance::{GapId, Instance, LineKey, PoolId, PoolKind};
use crate::lang::Lang;
use crate::money::Money;
use crate::run::PlanRun;
use crate::scenario::{PaymentRule, Scenario};

use super::doc::{Cell, Column, Document, Kind, Show, Table, decimal, money};
use super::plan::{criterion_name, source_name};

/// Why money of a line in a year is unused.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// No commune lies in the line's scope (its district, or only
    /// especially difficult communes).
    NoCommune,
    /// Every commune it may serve meets every criterion and keeps them.
    AllMet { communes: usize },
    /// The communes it may serve lack only criteria it may not pay for.
    NothingEligible,
    /// Every criterion it may pay for can start only after the money may
    /// be spent: after its year, where money stays in its year
    /// (`carries` false), or after the last planning year.
    NotYet { earliest: i32, carries: bool },
    /// Every criterion it may pay for in its communes is paid for; `before`
    /// when all of them were finished before this money arrived.
    AllPaid { count: usize, before: bool },
    /// Criteria it may pay for are still unpaid, but the one closest to
    /// being paid costs more than all the unused money that may pay it.
    TooLittle {
        gap: GapId,
        cost: Money,
        left: Money,
    },
    /// None of the above: the plan leaves it unspent (a plan not proven the
    /// best).
    Unspent,
}

/// One line in one year.
#[derive(Debug, Clone)]
pub struct Block {
    pub line: LineKey,
    pub year: i32,
    /// The pool the line holds that year.
    pub pool: PoolId,
    pub available: Money,
    pub used: Money,
    pub unused: Money,
    pub reason: Option<Reason>,
}

/// Every line and year with money of its own, ordered by source, district
/// and year, with the reason for each unused block.
pub fn blocks(instance: &Instance, run: &PlanRun) -> Vec<Block> {
    let rule = run.outcome.payments;
    // The money of the projects the plan pauses is the line's money too.
    let freed = run.budget.with_paused(&run.selection.paused);
    let capacity = &freed.pool_capacity;
    // The line's pool in each year, and what it spent each year.
    let mut lines: BTreeMap<LineKey, BTreeMap<i32, PoolId>> = BTreeMap::new();
    for (p, pool) in instance.pools.iter().enumerate() {
        lines
            .entry(pool.line())
            .or_default()
            .insert(pool.year, PoolId(p));
    }
    let mut spent: BTreeMap<(LineKey, i32), Money> = BTreeMap::new();
    for p in &run.plan.payments {
        *spent
            .entry((instance.pools[p.pool.0].line(), p.year))
            .or_default() += p.amount;
    }
    let mut out = Vec::new();
    for (line, by_year) in &lines {
        let total_spent: Money = instance
            .years
            .iter()
            .filter_map(|y| spent.get(&(*line, *y)))
            .copied()
            .sum();
        let mut arrived_before = Money::ZERO;
        for (&year, &pool) in by_year {
            let available = capacity[pool.0];
            let used = if rule.carries_over() {
                // Oldest money first: this year's money is used as far as
                // the line's spending goes beyond what arrived earlier.
                (total_spent - arrived_before)
                    .max(Money::ZERO)
                    .min(available)
            } else {
                spent.get(&(*line, year)).copied().unwrap_or(Money::ZERO)
            };
            arrived_before += available;
            out.push(Block {
                line: *line,
                year,
                pool,
                available,
                used,
                unused: available - used,
                reason: None,
            });
        }
    }
    let mut unused = Unused::default();
    for b in out.iter().filter(|b| b.unused > Money::ZERO) {
        let entry = (b.line, b.year, b.unused);
        match b.line.1 {
            None => unused.province.push(entry),
            Some(d) => unused.district.entry(d).or_default().push(entry),
        }
    }
    // Each district's communes once, so that a district's line looks at its
    // own communes only: a province of 100,000 communes has thousands of
    // district lines.
    let mut in_district: Vec<Vec<usize>> = vec![Vec::new(); instance.districts.len()];
    for (c, commune) in instance.communes.iter().enumerate() {
        in_district[commune.district.0].push(c);
    }
    let everywhere: Vec<usize> = (0..instance.communes.len()).collect();
    let optimal = run.selection.is_optimal();
    for b in &mut out {
        if b.unused > Money::ZERO {
            let communes = b.line.1.map_or(&everywhere, |d| &in_district[d.0]);
            b.reason = Some(reason(instance, run, b, communes, &unused, optimal));
        }
    }
    out
}

/// The unused blocks (line, year of arrival, amount), the province-wide
/// ones apart from each district's, so that what may pay for a gap is
/// found among a few.
#[derive(Default)]
struct Unused {
    province: Vec<(LineKey, i32, Money)>,
    district: BTreeMap<crate::instance::DistrictId, Vec<(LineKey, i32, Money)>>,
}

/// Whether money of `line` arriving in `year` may pay for `gap` under the
/// plan's payment rule: the source may pay for the criterion, the commune
/// lies in the line's scope, and some year allows both.
fn may_pay(instance: &Instance, rule: PaymentRule, line: LineKey, year: i32, gap: GapId) -> bool {
    let g = &instance.gaps[gap.0];
    let (source, district, only_difficult) = line;
    let commune = &instance.communes[g.commune.0];
    instance.sources[source.0].eligible[g.criterion.0]
        && district.is_none_or(|d| d == commune.district)
        && (!only_difficult || commune.especially_difficult)
        && in_time(instance, rule, year, g.earliest_year)
}

/// Money arriving in `year` can be spent in a year the gap may be paid in.
fn in_time(instance: &Instance, rule: PaymentRule, year: i32, earliest: i32) -> bool {
    if rule.carries_over() {
        year.max(earliest) <= instance.horizon()
    } else {
        earliest <= year
    }
}

fn reason(
    instance: &Instance,
    run: &PlanRun,
    block: &Block,
    communes: &[usize],
    unused: &Unused,
    optimal: bool,
) -> Reason {
    let rule = run.outcome.payments;
    let (source, district, only_difficult) = block.line;
    let scope: Vec<usize> = communes
        .iter()
        .copied()
        .filter(|c| {
            let commune = &instance.communes[*c];
            district.is_none_or(|d| d == commune.district)
                && (!only_difficult || commune.especially_difficult)
        })
        .collect();
    if scope.is_empty() {
        return Reason::NoCommune;
    }
    let gaps: Vec<GapId> = scope
        .iter()
        .flat_map(|c| instance.communes[*c].gaps.iter().copied())
        .collect();
    if gaps.is_empty() {
        return Reason::AllMet {
            communes: scope.len(),
        };
    }
    let eligible: Vec<GapId> = gaps
        .into_iter()
        .filter(|g| instance.sources[source.0].eligible[instance.gaps[g.0].criterion.0])
        .collect();
    if eligible.is_empty() {
        return Reason::NothingEligible;
    }
    let payable: Vec<GapId> = eligible
        .iter()
        .copied()
        .filter(|g| may_pay(instance, rule, block.line, block.year, *g))
        .collect();
    if payable.is_empty() {
        let earliest = eligible
            .iter()
            .map(|g| instance.gaps[g.0].earliest_year)
            .min()
            .unwrap_or(block.year);
        return Reason::NotYet {
            earliest,
            carries: rule.carries_over(),
        };
    }
    let funded = &run.outcome.funded_year;
    let unpaid: Vec<GapId> = payable
        .iter()
        .copied()
        .filter(|g| funded[g.0].is_none())
        .collect();
    if unpaid.is_empty() {
        let before = payable
            .iter()
            .all(|g| funded[g.0].is_some_and(|y| y < block.year));
        return Reason::AllPaid {
            count: payable.len(),
            before,
        };
    }
    // The unused money, of any line, that may pay for each unpaid gap.
    let closest = unpaid
        .iter()
        .map(|g| {
            let left = left_for(instance, rule, *g, unused);
            let cost = run.budget.gap_cost[g.0];
            (cost - left, *g, cost, left)
        })
        .min_by_key(|(short, g, _, _)| (*short, *g));
    match closest {
        Some((short, gap, cost, left)) if optimal && short > Money::ZERO => {
            Reason::TooLittle { gap, cost, left }
        }
        _ => Reason::Unspent,
    }
}

/// All unused money that may pay for `gap`. Under `one_year` a gap is paid
/// whole within one year, so only one year's money counts: the best year.
fn left_for(instance: &Instance, rule: PaymentRule, gap: GapId, unused: &Unused) -> Money {
    let district = instance.communes[instance.gaps[gap.0].commune.0].district;
    let usable = unused
        .province
        .iter()
        .chain(unused.district.get(&district).into_iter().flatten())
        .filter(|(line, year, _)| may_pay(instance, rule, *line, *year, gap));
    if rule.splits_cost() {
        usable.map(|(_, _, m)| *m).sum()
    } else {
        let mut by_year: BTreeMap<i32, Money> = BTreeMap::new();
        for (_, year, m) in usable {
            *by_year.entry(*year).or_default() += *m;
        }
        by_year.into_values().max().unwrap_or(Money::ZERO)
    }
}

/// The reason in words.
pub fn reason_text(instance: &Instance, reason: &Reason, year: i32, lang: Lang) -> String {
    match reason {
        Reason::NoCommune => lang
            .pick(
                "không có xã nào thuộc phạm vi được chi của dòng vốn này",
                "no commune lies in the scope it may be spent in",
            )
            .to_string(),
        Reason::AllMet { communes } => match lang {
            Lang::Vi if *communes == 1 => {
                "xã duy nhất thuộc phạm vi được chi đã đạt mọi tiêu chí và giữ được, không cần vốn".to_string()
            }
            Lang::Vi => format!(
                "{communes} xã thuộc phạm vi được chi đều đã đạt mọi tiêu chí và giữ được, không cần vốn"
            ),
            Lang::En if *communes == 1 => {
                "the one commune it may serve already meets every criterion and keeps them: it needs nothing".to_string()
            }
            Lang::En => format!(
                "the {communes} communes it may serve already meet every criterion and keep them: they need nothing"
            ),
        },
        Reason::NothingEligible => lang
            .pick(
                "các xã thuộc phạm vi được chi chỉ còn thiếu những tiêu chí mà nguồn này không được chi",
                "the communes it may serve lack only criteria this source may not pay for",
            )
            .to_string(),
        Reason::NotYet {
            earliest,
            carries: true,
        } => match lang {
            Lang::Vi => format!(
                "các tiêu chí nguồn này được chi chỉ có thể bắt đầu từ năm {earliest}, sau năm cuối của kế hoạch"
            ),
            Lang::En => format!(
                "the criteria it may pay for can start in {earliest} at the earliest, after the last planning year"
            ),
        },
        Reason::NotYet { earliest, .. } => match lang {
            Lang::Vi => format!(
                "vốn năm {year} chỉ được chi trong năm {year}, nhưng các tiêu chí nguồn này được chi chỉ có thể bắt đầu từ năm {earliest}"
            ),
            Lang::En => format!(
                "{year}'s money is spent in {year} only, and the criteria it may pay for can start in {earliest} at the earliest"
            ),
        },
        Reason::AllPaid { count, before } => {
            let when = if *before {
                match lang {
                    Lang::Vi => format!(", xong trước khi vốn năm {year} về"),
                    Lang::En => format!(", all before its {year} money arrives"),
                }
            } else {
                String::new()
            };
            match lang {
                Lang::Vi => format!(
                    "mọi tiêu chí nguồn này được chi ở các xã thuộc phạm vi ({count}) đều đã được kế hoạch bố trí vốn{when}"
                ),
                Lang::En => format!(
                    "every criterion it may pay for in the communes it may serve ({count}) is already paid for by the plan{when}"
                ),
            }
        }
        Reason::TooLittle { gap, cost, left } => {
            let g = &instance.gaps[gap.0];
            let commune = &instance.communes[g.commune.0];
            let criterion = criterion_name(&instance.criteria[g.criterion.0], lang);
            let district = &instance.districts[commune.district.0].name;
            match lang {
                Lang::Vi => format!(
                    "không đủ cho phần còn lại: tiêu chí chưa được chi gần đủ vốn nhất mà nguồn này được chi là {criterion} ở xã {} ({district}), cần {}, trong khi toàn bộ vốn chưa dùng có thể chi cho tiêu chí đó chỉ có {}",
                    commune.name,
                    money(*cost, lang),
                    money(*left, lang)
                ),
                Lang::En => format!(
                    "too little for what is left: of the unpaid criteria it may pay for, the closest to being paid, {criterion} in {} ({district}), costs {}, and all the unused money that may pay for it comes to {}",
                    commune.name,
                    money(*cost, lang),
                    money(*left, lang)
                ),
            }
        }
        Reason::Unspent => lang
            .pick(
                "kế hoạch không sử dụng (kế hoạch chưa được chứng minh là tốt nhất)",
                "the plan leaves it unspent (the plan was not proven the best)",
            )
            .to_string(),
    }
}

/// The scope of a line as a reader says it.
fn scope_text(instance: &Instance, line: LineKey, lang: Lang) -> String {
    let (_, district, only_difficult) = line;
    let place = district.map_or_else(
        || lang.pick("Toàn tỉnh", "Province-wide").to_string(),
        |d| instance.districts[d.0].name.clone(),
    );
    if only_difficult {
        format!(
            "{place}, {}",
            lang.pick(
                "chỉ xã đặc biệt khó khăn",
                "especially difficult communes only"
            )
        )
    } else {
        place
    }
}

/// The section of the plan's report.
pub fn add(d: &mut Document, instance: &Instance, scenario: &Scenario, run: &PlanRun, lang: Lang) {
    let blocks = blocks(instance, run);
    if blocks.is_empty() {
        return;
    }
    d.heading(
        Show::DOCUMENT,
        lang.pick(
            "Vốn đã dùng, chưa dùng và lý do",
            "Money used, unused, and why",
        ),
    );
    let available: Money = blocks.iter().map(|b| b.available).sum();
    let used: Money = blocks.iter().map(|b| b.used).sum();
    let unused = available - used;
    d.paragraph(
        Show::DOCUMENT,
        match lang {
            Lang::Vi => format!(
                "Trong {} triệu đồng có thể sử dụng, kế hoạch dùng {} và để lại {} chưa dùng. \
                 Mỗi dòng dưới đây là một dòng ngân sách (nguồn vốn, theo huyện nếu nguồn phân theo huyện) trong một năm; \
                 lý do của mỗi khoản chưa dùng được xác định từ dữ liệu và kế hoạch.",
                money(available, lang),
                money(used, lang),
                money(unused, lang)
            ),
            Lang::En => format!(
                "Of {} million VND available, the plan uses {} and leaves {} unused. \
                 Each row is a budget line (a source, per district where the source is per district) in one year; \
                 the reason for each unused block is worked out from the data and the plan.",
                money(available, lang),
                money(used, lang),
                money(unused, lang)
            ),
        },
    );
    if let Some(text) = by_reason(&blocks, lang) {
        d.paragraph(Show::DOCUMENT, text);
    }
    if run.outcome.payments.carries_over() {
        d.paragraph(
            Show::DOCUMENT,
            lang.pick(
                "Vốn chưa dùng trong năm được chuyển sang năm sau cho cùng dòng ngân sách, nên vốn được tính theo năm về: \
                 mỗi dòng dùng vốn về sớm nhất trước, và phần chưa dùng là vốn về muộn nhất.",
                "Money unspent in a year stays with its line, so money is counted by the year it arrives: \
                 each line spends its oldest money first, and what stays unused is its latest money.",
            ),
        );
    }
    if let Some(text) = land_revenue_ceiling(instance, scenario, run, lang) {
        d.paragraph(Show::DOCUMENT, text);
    }
    d.table(Show::ALL, table(instance, &blocks, lang));
}

/// The unused money summed by kind of reason, largest first: the finance
/// department's answer in one line.
fn by_reason(blocks: &[Block], lang: Lang) -> Option<String> {
    let mut sums: Vec<(Money, usize, &'static str)> = Vec::new();
    for b in blocks {
        let Some(reason) = &b.reason else { continue };
        let (rank, label) = match reason {
            Reason::NoCommune => (
                0,
                lang.pick(
                    "không có xã nào trong phạm vi được chi",
                    "no commune in its scope",
                ),
            ),
            Reason::AllMet { .. } => (
                1,
                lang.pick(
                    "các xã thuộc phạm vi không cần vốn",
                    "its communes need nothing",
                ),
            ),
            Reason::NothingEligible => (
                2,
                lang.pick(
                    "các xã chỉ còn thiếu tiêu chí nguồn này không được chi",
                    "its communes lack only criteria it may not pay for",
                ),
            ),
            Reason::NotYet { .. } => (
                3,
                lang.pick(
                    "vốn về trước năm các tiêu chí được phép bắt đầu",
                    "its year comes before the criteria it may pay for can start",
                ),
            ),
            Reason::AllPaid { .. } => (
                4,
                lang.pick(
                    "mọi tiêu chí nguồn này được chi đã được bố trí vốn",
                    "all it may pay for is already paid for",
                ),
            ),
            Reason::TooLittle { .. } => (
                5,
                lang.pick("không đủ cho phần còn lại", "too little for what is left"),
            ),
            Reason::Unspent => (
                6,
                lang.pick("kế hoạch không sử dụng", "left unspent by the plan"),
            ),
        };
        match sums.iter_mut().find(|(_, r, _)| *r == rank) {
            Some(entry) => entry.0 += b.unused,
            None => sums.push((b.unused, rank, label)),
        }
    }
    if sums.is_empty() {
        return None;
    }
    sums.sort_by_key(|(m, rank, _)| (std::cmp::Reverse(*m), *rank));
    let parts: Vec<String> = sums
        .iter()
        .map(|(m, _, label)| format!("{} ({label})", money(*m, lang)))
        .collect();
    Some(format!(
        "{}: {}.",
        lang.pick("Vốn chưa dùng theo lý do", "Unused money by reason"),
        parts.join("; ")
    ))
}

/// Land-use revenue counts at the share the programme may spend: the rest
/// of the forecast is never available to it.
fn land_revenue_ceiling(
    instance: &Instance,
    scenario: &Scenario,
    run: &PlanRun,
    lang: Lang,
) -> Option<String> {
    let mut revenue = Money::ZERO;
    let mut spendable = Money::ZERO;
    let mut source = None;
    for (p, pool) in instance.pools.iter().enumerate() {
        if pool.kind == PoolKind::LandRevenue {
            revenue += pool.amount.scale(scenario.adjust.land_revenue);
            spendable += run.budget.pool_capacity[p];
            source = Some(pool.source);
        }
    }
    let source = source?;
    if revenue.is_zero() {
        return None;
    }
    let percent = scenario.land_revenue.max_share * 100.0;
    let share = if (percent - percent.round()).abs() < 1e-9 {
        decimal(percent, 0, lang)
    } else {
        decimal(percent, 2, lang)
    };
    let name = source_name(&instance.sources[source.0], lang);
    Some(match lang {
        Lang::Vi => format!(
            "{name} được tính ở mức chương trình được phép chi ({share}% số thu, `land_revenue.max_share`): {} trong {} triệu đồng dự kiến thu; {} còn lại nằm ngoài chương trình.",
            money(spendable, lang),
            money(revenue, lang),
            money(revenue - spendable, lang)
        ),
        Lang::En => format!(
            "{name} counts at the share the programme may spend ({share}% of it, `land_revenue.max_share`): {} of the {} million VND forecast; the other {} stays outside the programme.",
            money(spendable, lang),
            money(revenue, lang),
            money(revenue - spendable, lang)
        ),
    })
}

fn table(instance: &Instance, blocks: &[Block], lang: Lang) -> Table {
    let mut t = Table::new(
        "money_story",
        lang.pick("Vốn dùng, chưa dùng", "Money used, unused"),
        vec![
            Column::new(lang.pick("Nguồn vốn", "Source"), Kind::Text),
            Column::new(lang.pick("Năm", "Year"), Kind::Integer),
            Column::new(lang.pick("Phạm vi", "Where"), Kind::Text),
            Column::new(lang.pick("Có thể sử dụng", "Available"), Kind::Money),
            Column::new(lang.pick("Đã sử dụng", "Used"), Kind::Money),
            Column::new(lang.pick("Chưa sử dụng", "Unused"), Kind::Money),
            Column::new(lang.pick("Lý do chưa sử dụng", "Why unused"), Kind::Text),
        ],
    );
    for b in blocks {
        t.row(vec![
            Cell::text(source_name(&instance.sources[b.line.0.0], lang)),
            Cell::int(b.year),
            Cell::text(scope_text(instance, b.line, lang)),
            Cell::Money(b.available),
            Cell::Money(b.used),
            Cell::Money(b.unused),
            b.reason.as_ref().map_or(Cell::Blank, |r| {
                Cell::text(reason_text(instance, r, b.year, lang))
            }),
        ]);
    }
    let sum = |f: fn(&Block) -> Money| blocks.iter().map(f).sum::<Money>();
    t.total = Some(vec![
        Cell::text(lang.pick("Tổng cộng", "Total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Money(sum(|b| b.available)),
        Cell::Money(sum(|b| b.used)),
        Cell::Money(sum(|b| b.unused)),
        Cell::Blank,
    ]);
    t
}
