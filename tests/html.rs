//! `ntm plan --format html` and `ntm sweep --format html`: one
//! self-contained page, every text escaped, rendered by a real browser
//! (headless Chromium) without a console error, its script run to the end,
//! and printed to an A4 PDF.
//!
//! The browser tests skip, saying so, only when no Chromium is found
//! (`make test` installs the Debian package `chromium`); `NTM_CHROMIUM`
//! names another binary.

mod browser;
mod fixture;

use std::path::PathBuf;

use browser::{assert_self_contained, browse, chromium, console_errors, render};
use fixture::{Fixture, assert_no_panic, ntm, stderr, stdout};

fn run_ntm(f: &Fixture, args: &[&str]) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The fixture with names that HTML must escape: a formula, markup,
/// ampersands and quotes.
fn fixture_with_awkward_names() -> Fixture {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,",
        "C2,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
    );
    f.replace(
        "communes.csv",
        "C4,Tà Ngảo,",
        "C4,<script>alert('Tà')</script> & Ngảo,",
    );
    f
}

fn plan_html(f: &Fixture, lang: &str) -> PathBuf {
    let out = f.root().join("out");
    let scenario = f.scenario();
    run_ntm(
        f,
        &[
            "plan",
            scenario.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "-q",
            "--format",
            "html",
            "--lang",
            lang,
        ],
    );
    out.join("report.html")
}

#[test]
fn the_page_is_self_contained_and_escapes_every_name() {
    let f = fixture_with_awkward_names();
    let html = std::fs::read_to_string(plan_html(&f, "vi")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"vi\">"));
    assert_self_contained(&html);
    // Exactly the one script of the page; the commune's is text.
    assert_eq!(html.matches("<script>").count(), 1);
    assert!(html.contains("&lt;script&gt;alert(&#39;Tà&#39;)&lt;/script&gt; &amp; Ngảo"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    // The headline, a table per district row, both charts and the commune table.
    for expected in [
        "Kết quả chính",
        "Số xã đạt chuẩn nông thôn mới",
        "Các huyện",
        "<svg",
        "Số xã đạt chuẩn nông thôn mới theo huyện",
        "Vốn sử dụng theo nguồn và năm",
        "id=\"t-communes\"",
        "class=\"data interactive\"",
        "@page",
        "size: A4",
    ] {
        assert!(html.contains(expected), "`{expected}` in the page");
    }
    // Every commune is in the table without the script.
    for name in ["Sìn Hồ", "Nậm Tăm"] {
        assert!(html.contains(name));
    }
}

#[test]
fn english_page_with_lang_en() {
    let f = Fixture::new();
    let html = std::fs::read_to_string(plan_html(&f, "en")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Headline") && html.contains("Communes meeting the standard"));
    assert!(!html.contains("Kết quả chính"));
}

#[test]
fn a_sweep_of_one_numeric_key_draws_the_budget_outcome_curve() {
    let f = Fixture::new();
    let out = f.root().join("sweep");
    let scenario = f.scenario();
    run_ntm(
        &f,
        &[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central=0.5,1,1.5",
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "-q",
            "--format",
            "md,html,xlsx",
            "--lang",
            "vi",
        ],
    );
    let html = std::fs::read_to_string(out.join("sweep.html")).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("Đường cong vốn – kết quả"));
    assert!(html.contains("<polyline"), "the curve is drawn");
    assert!(html.contains("id=\"t-variants\""));
    let md = std::fs::read_to_string(out.join("sweep.md")).unwrap();
    assert!(md.starts_with("# Test province: 3 phương án"), "{md}");
    assert!(out.join("sweep.xlsx").exists());

    // Two keys: no curve.
    let out2 = f.root().join("sweep2");
    run_ntm(
        &f,
        &[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central=0.5,1",
            "--vary",
            "adjust.cost=1,1.1",
            "-o",
            out2.to_str().unwrap(),
            "-q",
            "--format",
            "html",
        ],
    );
    let html = std::fs::read_to_string(out2.join("sweep.html")).unwrap();
    assert!(!html.contains("<polyline"));
    assert!(
        !out2.join("sweep.md").exists(),
        "only the formats asked for"
    );
}

// ---------------------------------------------------------------------------
// In a real browser.

#[test]
fn the_browser_notices_a_script_error() {
    let Some(browser) = chromium() else {
        println!(
            "skipped: no chromium found (install the Debian package `chromium`, as `make test` does)"
        );
        return;
    };
    // The check below would be worthless if a broken page passed it.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><script>no_such_function();</script></body></html>",
    )
    .unwrap();
    let (_, log) = render(&browser, dir.path(), &page);
    assert!(
        !console_errors(&log).is_empty(),
        "a script error shows in the browser's log:\n{log}"
    );
}

#[test]
fn the_report_renders_in_chromium_without_errors_and_prints_on_a4() {
    let Some(browser) = chromium() else {
        println!(
            "skipped: no chromium found (install the Debian package `chromium`, as `make test` does)"
        );
        return;
    };
    let f = fixture_with_awkward_names();
    let page = plan_html(&f, "vi");
    let (dom, log) = render(&browser, f.root(), &page);
    let errors = console_errors(&log);
    assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    assert!(
        dom.contains("data-ready=\"1\""),
        "the script ran to the end:\n{dom}"
    );
    // The script set up the filter and sort of the commune table.
    assert!(dom.contains("<span class=\"count\">4 / 4</span>"), "{dom}");
    assert!(
        dom.contains("data-text="),
        "rows are indexed for the filter"
    );
    // The commune named like markup is still text in the live page.
    assert!(dom.contains("&lt;script&gt;alert('Tà')&lt;/script&gt; &amp; Ngảo"));

    // A screenshot and an A4 PDF.
    let png = f.root().join("report.png");
    let pdf = f.root().join("report.pdf");
    browse(
        &browser,
        &f.root().join("profile"),
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,1600".to_string(),
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    browse(
        &browser,
        &f.root().join("profile"),
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let text = String::from_utf8_lossy(&bytes);
    // A4 is 595 × 842 points.
    assert!(
        text.contains("/MediaBox [0 0 594.95996 841.91998]")
            || text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 595.2756 841.8898]"),
        "an A4 page; media boxes: {:?}",
        text.match_indices("/MediaBox")
            .map(|(i, _)| &text[i..i + 40])
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_sweep_page_renders_in_chromium_without_errors() {
    let Some(browser) = chromium() else {
        println!(
            "skipped: no chromium found (install the Debian package `chromium`, as `make test` does)"
        );
        return;
    };
    let f = Fixture::new();
    let out = f.root().join("sweep");
    let scenario = f.scenario();
    run_ntm(
        &f,
        &[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central=0.5,1",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--format",
            "html",
        ],
    );
    let (dom, log) = render(&browser, f.root(), &out.join("sweep.html"));
    let errors = console_errors(&log);
    assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    assert!(dom.contains("data-ready=\"1\""));
    assert!(dom.contains("<span class=\"count\">2 / 2</span>"));
}

#[test]
fn console_speaks_the_chosen_language() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let out = f.root().join("out");
    let args = |lang: &'static str| -> Vec<String> {
        vec![
            "plan".into(),
            scenario.to_str().unwrap().into(),
            "-o".into(),
            out.to_str().unwrap().into(),
            "--lang".into(),
            lang.into(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        ntm(f.root(), &args)
    };
    let vi = stdout(&run(args("vi")));
    assert!(vi.contains("xã đạt chuẩn nông thôn mới"), "{vi}");
    assert!(vi.contains("triệu đồng"), "{vi}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("## Kết quả chính"), "{report}");
    let en = stdout(&run(args("en")));
    assert!(en.contains("communes meeting the standard"), "{en}");

    // The scenario's language key is the default.
    f.replace_in_scenario(
        "years = [2024, 2025]\n",
        "years = [2024, 2025]\nlanguage = \"vi\"\n",
    );
    let default = run(vec![
        "plan".into(),
        scenario.to_str().unwrap().into(),
        "-o".into(),
        out.to_str().unwrap().into(),
    ]);
    assert!(stdout(&default).contains("xã đạt chuẩn nông thôn mới"));
    // A bad --lang or --format is bad input.
    for (flag, value) in [("--lang", "fr"), ("--format", "docx")] {
        let bad = run(vec![
            "plan".into(),
            scenario.to_str().unwrap().into(),
            flag.into(),
            value.into(),
        ]);
        assert_eq!(bad.status.code(), Some(2), "{flag} {value}");
    }
}
