//! `--format pdf`: an A4 document to file, read back with poppler's
//! `pdftotext` and rendered with `pdftoppm`, as a reader's tools see it.
//! The tests skip, saying so, when Chromium or poppler is missing (`make
//! test` installs both).

mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command;

use fixture::{Fixture, assert_no_panic, ntm, stderr};

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

fn tools_present() -> bool {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| which(b).is_some());
    let poppler = which("pdftotext").is_some() && which("pdftoppm").is_some();
    if !chromium || !poppler {
        eprintln!(
            "skipped: needs chromium and poppler-utils (pdftotext, pdftoppm), as `make test` installs"
        );
    }
    chromium && poppler
}

/// The text of `pdf`'s pages, one string per page.
fn pages(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whether `text` holds `words` in order, whatever the spacing between them
/// (the layout pads and breaks lines).
fn holds(text: &str, words: &str) -> bool {
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    squeezed.contains(words)
}

fn vietnamese() -> Fixture {
    let fixture = Fixture::new();
    fixture.replace_in_scenario(
        "name = \"Test province\"",
        "name = \"Test province\"\nlanguage = \"vi\"",
    );
    let text = std::fs::read_to_string(fixture.scenario()).unwrap();
    fixture.write_scenario(format!(
        "{text}\n[report]\nagency = \"Sở Nông nghiệp và Môi trường\"\n"
    ));
    fixture
}

fn plan_pdf(fixture: &Fixture, out: &Path, extra: &[&str]) -> PathBuf {
    let scenario = fixture.scenario();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "plan".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--no-timings".as_ref(),
        "--no-marginal".as_ref(),
        "--format".as_ref(),
        "pdf".as_ref(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let output = ntm(fixture.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    out.join("report.pdf")
}

#[test]
fn the_plan_pdf_is_an_a4_draft_with_the_letterhead_and_the_headline_on_page_one() {
    if !tools_present() {
        return;
    }
    let fixture = vietnamese();
    let pdf = plan_pdf(&fixture, &fixture.root().join("out"), &[]);
    let text = pages(&pdf);
    let first = &text[0];
    for words in [
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/……",
        "ngày …… tháng …… năm ……",
        "Test province: kế hoạch phân bổ vốn",
        "Kết quả chính",
    ] {
        assert!(holds(first, words), "page 1 lacks `{words}`:\n{first}");
    }
    // The draft mark and the page number are on every page.
    let n = text.len();
    for (i, page) in text.iter().enumerate() {
        let bare: String = page.split_whitespace().collect();
        assert!(
            bare.contains(&format!("{}/{n}", i + 1)),
            "page {}:\n{page}",
            i + 1
        );
    }
    assert!(
        text.iter().all(|p| p.contains('Ự') && p.contains('Ả')),
        "the DỰ THẢO mark on every page"
    );

    // Same input, same bytes; `--final` drops the mark.
    let again = plan_pdf(&fixture, &fixture.root().join("again"), &[]);
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
    let last = plan_pdf(&fixture, &fixture.root().join("final"), &["--final"]);
    let text = pages(&last).join("\n");
    assert!(
        !text.contains('Ự'),
        "a final PDF has no draft mark:\n{text}"
    );

    // Page one renders as an A4 portrait page.
    let png = fixture.root().join("page");
    let status = Command::new("pdftoppm")
        .args(["-f", "1", "-l", "1", "-r", "30", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(png.with_extension("png")).unwrap();
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    let ratio = f64::from(height) / f64::from(width);
    assert!((ratio - 297.0 / 210.0).abs() < 0.02, "{width}×{height}");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let output = ntm(
        dir.path(),
        &[
            "plan".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            dir.path().join("out").as_os_str(),
            "--no-marginal".as_ref(),
            "--format".as_ref(),
            "pdf".as_ref(),
            "--final".as_ref(),
        ],
    );
    assert_no_panic(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        stderr(&output)
    );
    let pages = pages(&dir.path().join("out/report.pdf"));
    assert!(pages.len() > 2, "{} pages", pages.len());
    // The communes table (94 rows) runs over several pages: each page it
    // continues on starts with its header row.
    // The first cells of the header row: the later ones wrap to a second
    // line when the table has many columns.
    let header = "Mã Xã Huyện Số tiêu";
    let starts_with_header = |page: &String| {
        let top: Vec<&str> = page
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(1)
            .collect();
        holds(&top.join(" "), header)
    };
    let headed = pages.iter().filter(|p| starts_with_header(p)).count();
    let rows = pages
        .iter()
        .filter(|p| holds(p, "Thành phố Lai Châu") || holds(p, "Mường Tè"))
        .count();
    assert!(headed >= 2, "the header starts {headed} pages");
    assert!(rows >= 2);
}

#[test]
fn gap_sweep_and_evaluate_print_too() {
    if !tools_present() {
        return;
    }
    let fixture = vietnamese();
    let out = fixture.root().join("gap");
    let output = ntm(
        fixture.root(),
        &[
            "gap".as_ref(),
            fixture.scenario().as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "pdf".as_ref(),
        ],
    );
    assert_no_panic(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        stderr(&output)
    );
    assert!(holds(
        &pages(&out.join("gap.pdf"))[0],
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ));

    let out = fixture.root().join("sweep");
    let output = ntm(
        fixture.root(),
        &[
            "sweep".as_ref(),
            fixture.scenario().as_os_str(),
            "--vary".as_ref(),
            "adjust.cost=0.9,1.1".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--format".as_ref(),
            "pdf".as_ref(),
            "-q".as_ref(),
        ],
    );
    assert_no_panic(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        stderr(&output)
    );
    assert!(holds(&pages(&out.join("sweep.pdf"))[0], "Test province"));

    let plan = fixture.root().join("plan-out");
    plan_pdf(&fixture, &plan, &[]);
    let out = fixture.root().join("evaluate");
    let output = fixture.evaluate(&plan.join("plan.csv"), &out, &["--format", "pdf"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(holds(
        &pages(&out.join("evaluate.pdf"))[0],
        "thẩm định kế hoạch"
    ));
}

#[test]
fn without_chromium_pdf_is_refused_and_nothing_is_written() {
    let fixture = Fixture::new();
    let out = fixture.root().join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["plan"])
        .arg(fixture.scenario())
        .arg("-o")
        .arg(&out)
        .args(["--format", "pdf", "--no-marginal"])
        .env("NTM_CHROMIUM", fixture.root().join("no-such-browser"))
        .current_dir(fixture.root())
        .output()
        .unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("Chromium"), "{}", stderr(&output));
    assert!(!out.exists(), "nothing is written");
}
