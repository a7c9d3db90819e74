//! The verdict at the top of a plan's report (issue 13): how many targets
//! the plan meets, and when some are missed the least additional money
//! that meets them all, the same figure `ntm gap` finds, and which targets
//! clash. Checked against `summary.json`, `gap.csv` and `ntm gap`'s library
//! call, in both languages, in the Markdown, the HTML and the workbook's
//! summary sheet.

mod fixture;
mod workbook;

use std::ffi::OsStr;
use std::path::Path;

use calamine::Data;
use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr};
use ntm::gap::{self, TopupRule};
use ntm::instance::Instance;
use ntm::lang::Lang;
use ntm::money::Money;
use ntm::report::doc::money;
use ntm::report::verdict::target_phrase;
use ntm::scenario::{Override, Scenario};
use workbook::sheets;

fn run(cwd: &Path, args: &[&str], code: i32) {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(cwd, &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
}

/// Costs up by half and every commune at the standard required: the money
/// no longer pays for everything, so the communes target is missed.
const SCARCE: [&str; 4] = [
    "--set",
    "adjust.cost=1.5",
    "--set",
    "targets.communes_meeting_standard=4",
];

fn plan(f: &Fixture, out: &Path, lang: &str, extra: &[&str]) {
    let scenario = f.scenario();
    let mut args = vec![
        "plan",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-timings",
        "--no-marginal",
        "-q",
        "--format",
        "md,html,xlsx",
        "--lang",
        lang,
    ];
    args.extend_from_slice(extra);
    run(f.root(), &args, 0);
}

/// The verdict: the report's first paragraph, in bold.
fn verdict(out: &Path) -> String {
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let line = md.lines().nth(2).expect("a verdict under the title");
    line.strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .unwrap_or_else(|| panic!("the verdict is in bold: {line}"))
        .to_string()
}

/// (targets met, targets) from summary.json.
fn targets_met(out: &Path) -> (usize, usize) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let targets = json["targets"].as_array().unwrap();
    let met = targets.iter().filter(|t| t["met"] == true).count();
    (met, targets.len())
}

/// The verdict heads the workbook's summary sheet and the HTML page too.
fn same_verdict_everywhere(out: &Path, text: &str, lang: Lang) {
    let book = sheets(&out.join("report.xlsx"));
    let (name, summary) = &book[0];
    assert_eq!(name, lang.pick("Tổng hợp", "Summary"));
    assert_eq!(
        summary[1][0],
        Data::String(format!("{}: {text}", lang.pick("Kết luận", "Verdict")))
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let start = html
        .find("<p class=\"verdict\">")
        .expect("a verdict in the page");
    let h1 = html.find("</h1>").unwrap();
    assert!(h1 < start, "the verdict follows the title");
    let headline = html.find("<h2>").unwrap();
    assert!(start < headline, "the verdict comes before any section");
}

#[test]
fn a_missed_target_gets_the_least_money_ntm_gap_finds_in_both_languages() {
    let f = Fixture::new();
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(format!("plan-{lang}"));
        plan(&f, &out, lang.code(), &SCARCE);
        let gap_out = f.root().join(format!("gap-{lang}"));
        let scenario = f.scenario();
        let mut args = vec![
            "gap",
            scenario.to_str().unwrap(),
            "-o",
            gap_out.to_str().unwrap(),
            "--no-timings",
            "-q",
            "--lang",
            lang.code(),
        ];
        args.extend_from_slice(&SCARCE);
        run(f.root(), &args, 0);
        let (header, rows) = read_output_csv(&gap_out.join("gap.csv"));
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let all = rows
            .iter()
            .find(|r| r[col("target")] == "all" && r[col("year")] == "all")
            .expect("the total row of all targets");
        assert_eq!(all[col("status")], "optimal");
        let amount = Money::parse(&all[col("additional_funding")]).unwrap();
        assert!(amount > Money::ZERO, "the scarce fixture needs more money");

        let text = verdict(&out);
        let (met, total) = targets_met(&out);
        assert!(met < total, "a target is missed");
        let figure = money(amount, lang);
        match lang {
            Lang::Vi => {
                assert!(
                    text.starts_with(&format!("Kế hoạch đạt {met}/{total} mục tiêu")),
                    "{text}"
                );
                assert!(
                    text.contains(&format!("cần bổ sung ít nhất {figure} triệu đồng")),
                    "{text}"
                );
                assert!(
                    text.contains("“4 xã đạt chuẩn”"),
                    "the missed target: {text}"
                );
            }
            Lang::En => {
                assert!(
                    text.starts_with(&format!("The plan meets {met} of the {total} targets")),
                    "{text}"
                );
                assert!(
                    text.contains(&format!("needs at least {figure} million VND more")),
                    "{text}"
                );
                assert!(
                    text.contains("misses “4 communes at the standard”"),
                    "{text}"
                );
            }
        }
        same_verdict_everywhere(&out, &text, lang);

        // `ntm gap`'s own plan meets every target on the budget plus that
        // money, and says so rather than "no additional money is needed".
        let topped = verdict(&gap_out);
        assert!(
            topped.ends_with(&match lang {
                Lang::Vi => format!("với số vốn hiện có cộng {figure} triệu đồng vốn bổ sung."),
                Lang::En => {
                    format!(
                        "with the money available and {figure} million VND of additional money."
                    )
                }
            }),
            "{topped}"
        );
    }
}

#[test]
fn no_gap_skips_the_money_and_changes_nothing_else() {
    let f = Fixture::new();
    for lang in [Lang::Vi, Lang::En] {
        let with = f.root().join(format!("with-{lang}"));
        let without = f.root().join(format!("without-{lang}"));
        plan(&f, &with, lang.code(), &SCARCE);
        let mut extra = SCARCE.to_vec();
        extra.push("--no-gap");
        plan(&f, &without, lang.code(), &extra);
        let text = verdict(&without);
        assert!(
            text.contains(lang.pick("chưa được tính", "was not computed")),
            "{text}"
        );
        assert!(
            !text.contains(lang.pick("triệu đồng", "million VND")),
            "{text}"
        );
        same_verdict_everywhere(&without, &text, lang);
        for file in [
            "plan.csv",
            "communes.csv",
            "districts.csv",
            "sources.csv",
            "summary.json",
        ] {
            assert_eq!(
                std::fs::read(with.join(file)).unwrap(),
                std::fs::read(without.join(file)).unwrap(),
                "{file} does not depend on --no-gap"
            );
        }
    }
}

#[test]
fn a_plan_meeting_every_target_says_so_without_computing_a_gap() {
    let f = Fixture::new();
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(format!("out-{lang}"));
        plan(&f, &out, lang.code(), &[]);
        let (met, total) = targets_met(&out);
        assert_eq!(met, total, "the fixture meets its targets");
        let text = verdict(&out);
        assert_eq!(
            text,
            match lang {
                Lang::Vi => format!(
                    "Kế hoạch đạt mọi mục tiêu của kịch bản ({total}/{total}) với số vốn hiện có, không cần bổ sung vốn."
                ),
                Lang::En => format!(
                    "The plan meets every target of the scenario ({total} of {total}) with the money available; no additional money is needed."
                ),
            }
        );
        same_verdict_everywhere(&out, &text, lang);
    }
}

#[test]
fn the_default_scenario_names_its_least_money_and_its_clashing_targets() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let scenario = Scenario::read_with(&path, &[] as &[Override]).unwrap();
    let instance = Instance::load(&scenario).unwrap();
    let analysis = gap::analyse(&instance, &scenario, &TopupRule::default()).unwrap();
    // The default targets cannot all be met with the money as it is (even
    // pausing every pausable project): the verdict names what would.
    assert!(
        analysis.all.total.dong() > 0,
        "the default targets need money"
    );
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Vi, Lang::En] {
        let out = dir.path().join(lang.code());
        // Targets missed but not enforced: a plan is written, exit code 0.
        run(
            dir.path(),
            &[
                "plan",
                path.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--no-timings",
                "--no-marginal",
                "-q",
                "--format",
                "md,html,xlsx",
                "--lang",
                lang.code(),
            ],
            0,
        );
        let text = verdict(&out);
        let (met, total) = targets_met(&out);
        assert!(met < total && total == 7, "{met} of {total}");
        assert!(
            text.contains(&money(analysis.all.total, lang)),
            "the least money of `ntm gap`: {text}"
        );
        for (a, b) in &analysis.conflicts {
            for name in [a, b] {
                let phrase = format!("“{}”", target_phrase(name, &scenario, lang));
                assert!(text.contains(&phrase), "{phrase} in {text}");
            }
        }
        assert!(
            !text.contains(lang.pick("tối ưu", "optimal")),
            "plain words for a meeting: {text}"
        );
        same_verdict_everywhere(&out, &text, lang);
    }
    // The verdict's solves run side by side: one worker writes the same
    // report, byte for byte.
    let one = dir.path().join("one-worker");
    run(
        dir.path(),
        &[
            "plan",
            path.to_str().unwrap(),
            "-o",
            one.to_str().unwrap(),
            "--no-timings",
            "--no-marginal",
            "-q",
            "--format",
            "md",
            "-j",
            "1",
        ],
        0,
    );
    let read = |dir: &Path| std::fs::read(dir.join("report.md")).unwrap();
    assert_eq!(read(&one), read(&dir.path().join(Lang::Vi.code())));
}
