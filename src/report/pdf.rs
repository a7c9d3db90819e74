//! A report as an A4 PDF a department can file: the HTML page, printed by
//! headless Chromium, under the administrative header of a provincial
//! document (agency, national motto, number and date left blank to fill
//! in), with page numbers and, unless `--final`, a "DỰ THẢO" (draft) mark
//! on every page.
//!
//! Why Chromium: the HTML report already lays out every table, chart and
//! Vietnamese text, and prints on A4 with repeated table headers; a
//! typesetting library linked into the binary would be a second renderer
//! to keep in step with it, and would need fonts shipped with ntm for the
//! Vietnamese letters. Measured on the default plan report (2 cores,
//! `ntm plan scenarios/lai-chau-2025.toml --format pdf`): about 2.5 s per
//! PDF, most of it Chromium starting. Without Chromium, `--format pdf` is
//! refused with how to install it; the other formats need nothing.
//!
//! Chromium stamps the file with the time it was printed; that stamp is
//! replaced by a fixed one, so the same report gives the same bytes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::doc::Document;
use super::html::{self, escape};
use crate::lang::Lang;

/// The longest a print may take before it is abandoned.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// What the printed page adds to the HTML report.
const PRINT_STYLE: &str = r#"
@page { @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", Arial, sans-serif; color: #333; } }
@page wide { @bottom-center { content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans", Arial, sans-serif; color: #333; } }
table.letterhead { width: 100%; border: none; margin: 0 0 18px; font-size: 10.5pt; }
table.letterhead td { border: none; padding: 0; text-align: center; vertical-align: top; width: 50%; background: none; }
table.letterhead tr { background: none; }
.letterhead .agency { font-weight: bold; text-transform: uppercase; }
.letterhead .nation { font-weight: bold; }
.letterhead .motto { font-weight: bold; }
.letterhead .rule { width: 35%; margin: 2px auto 6px; border-top: 1px solid #000; }
.letterhead .place { font-style: italic; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center;
  font: bold 88pt "DejaVu Sans", Arial, sans-serif; color: rgba(190, 0, 0, 0.13);
  transform: rotate(-28deg); z-index: 1000; pointer-events: none; }
"#;

/// The page Chromium prints: the HTML report with the letterhead above the
/// title and, for a draft, the mark.
pub fn print_page(doc: &Document, draft: bool) -> String {
    let page = html::render(doc);
    let lang = doc.lang;
    let blank = "……………………";
    let agency = doc
        .agency
        .as_deref()
        .map_or_else(|| blank.to_string(), escape);
    let (nation, motto, number, place) = match lang {
        Lang::Vi => (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: ……/……",
            "……, ngày …… tháng …… năm ……",
        ),
        Lang::En => (
            "SOCIALIST REPUBLIC OF VIET NAM",
            "Independence - Freedom - Happiness",
            "No.: ……/……",
            "……, date ……",
        ),
    };
    let letterhead = format!(
        "<table class=\"letterhead\"><tr><td><div class=\"agency\">{agency}</div>\
         <div class=\"rule\"></div><div>{number}</div></td>\
         <td><div class=\"nation\">{nation}</div><div class=\"motto\">{motto}</div>\
         <div class=\"rule\"></div><div class=\"place\">{place}</div></td></tr></table>\n"
    );
    let mark = if draft {
        format!(
            "<div class=\"watermark\">{}</div>\n",
            lang.pick("DỰ THẢO", "DRAFT")
        )
    } else {
        String::new()
    };
    page.replacen("</style>", &format!("{PRINT_STYLE}</style>"), 1)
        .replacen("<body>\n", &format!("<body>\n{mark}"), 1)
        .replacen("<main>\n", &format!("<main>\n{letterhead}"), 1)
}

/// The document as PDF bytes; the error says what went wrong, for the
/// file's write error.
pub fn render(doc: &Document, draft: bool) -> Result<Vec<u8>, String> {
    let browser = chromium().ok_or_else(|| {
        "--format pdf prints the report with Chromium, which is not installed here: \
         install it (apt-get install chromium) or set NTM_CHROMIUM to its path"
            .to_string()
    })?;
    let dir = TempDir::new().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let page = dir.path.join("report.html");
    let pdf = dir.path.join("report.pdf");
    std::fs::write(&page, print_page(doc, draft))
        .map_err(|e| format!("cannot write the page to print: {e}"))?;
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", browser.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "Chromium did not print within {} s",
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot wait for Chromium: {e}")),
        }
    };
    let mut bytes = std::fs::read(&pdf)
        .map_err(|_| format!("Chromium printed no PDF (exit status {status})"))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err("Chromium wrote something that is not a PDF".to_string());
    }
    fix_dates(&mut bytes);
    Ok(bytes)
}

/// The Chromium to print with: `NTM_CHROMIUM`, else the first of the usual
/// names on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NTM_CHROMIUM") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let paths = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&paths).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char);
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// Replace the print time in `/CreationDate (D:YYYYMMDDHHmmSS…)` and
/// `/ModDate (…)` by a fixed time of the same length, so that the byte
/// offsets the PDF's index records stay right.
fn fix_dates(bytes: &mut [u8]) {
    const FIXED: &[u8; 14] = b"20240101000000";
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], key) {
            let start = from + at + key.len();
            let end = start + FIXED.len();
            if end <= bytes.len() && bytes[start..end].iter().all(u8::is_ascii_digit) {
                bytes[start..end].copy_from_slice(FIXED);
            }
            from = start;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A folder of its own under the system's temporary folder, removed with
/// everything in it when dropped.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for attempt in 0..100u32 {
            let path = base.join(format!("ntm-pdf-{}-{stamp}-{attempt}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_dates_are_fixed_in_place() {
        let mut pdf =
            b"%PDF-1.4 /CreationDate (D:20261201040052+00'00') /ModDate (D:20261201040052+00'00')"
                .to_vec();
        let before = pdf.len();
        fix_dates(&mut pdf);
        assert_eq!(pdf.len(), before);
        let text = String::from_utf8(pdf).unwrap();
        assert_eq!(text.matches("D:20240101000000+00'00'").count(), 2, "{text}");
    }

    #[test]
    fn file_urls_escape_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/Lai Châu.html")),
            "file:///tmp/a%20b/Lai%20Ch%C3%A2u.html"
        );
    }

    #[test]
    fn the_page_has_the_letterhead_and_the_mark_of_a_draft() {
        let mut doc = Document::new("Kế hoạch", Lang::Vi);
        doc.agency = Some("UBND tỉnh Lai Châu".into());
        let draft = print_page(&doc, true);
        assert!(draft.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(draft.contains("UBND tỉnh Lai Châu"));
        assert!(draft.contains("<div class=\"watermark\">DỰ THẢO</div>"));
        let letterhead = draft.find("class=\"letterhead\"").unwrap();
        let title = draft.find("<h1>").unwrap();
        assert!(letterhead < title);
        assert!(!print_page(&doc, false).contains("class=\"watermark\""));
    }
}
