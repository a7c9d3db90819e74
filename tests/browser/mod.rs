//! A report page in a real browser: headless Chromium renders it, and its
//! log shows any console error. Shared by `tests/html.rs` and
//! `tests/formats.rs`.
//!
//! The browser tests skip, saying so, only when no Chromium is found
//! (`make test` installs the Debian package `chromium`); `NTM_CHROMIUM`
//! names another binary.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a browser test prints when it skips.
pub const SKIPPED: &str =
    "skipped: no chromium found (install the Debian package `chromium`, as `make test` does)";

/// Nothing that a browser would fetch: no external script, style, font,
/// image or link.
pub fn assert_self_contained(html: &str) {
    for needle in [
        "<link",
        " src=",
        "href=",
        "@import",
        "url(http",
        "url(//",
        "@font-face",
    ] {
        assert!(!html.contains(needle), "the page holds `{needle}`");
    }
}

pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NTM_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Run the browser headless on `page` with `args`, at most two minutes.
/// Returns (stdout, stderr).
pub fn browse(browser: &Path, profile: &Path, page: &Path, args: &[String]) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the browser");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for the browser").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out.join().unwrap(), err.join().unwrap())
}

/// Lines of the browser's log that report a page error: an uncaught
/// exception or a console message from the page.
pub fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// The page's DOM after its script ran, and what the browser logged.
pub fn render(browser: &Path, dir: &Path, page: &Path) -> (String, String) {
    let profile = dir.join("profile");
    browse(
        browser,
        &profile,
        page,
        &[
            "--dump-dom".to_string(),
            "--virtual-time-budget=5000".to_string(),
        ],
    )
}
