//! The language of human-facing text: console, reports, workbook headers.
//!
//! Each text is written in both languages at the place it is used
//! (`lang.pick(vi, en)`), so a reader of the code sees both and neither can
//! drift into a separate catalogue that nobody keeps in step. Machine-read
//! outputs (CSV headers, JSON keys, status words) stay in English: they are
//! a contract other tools and tests read.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Vi,
    #[default]
    En,
}

impl Lang {
    /// The text in this language: `vi` in Vietnamese, `en` in English.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "vi" => Ok(Lang::Vi),
            "en" => Ok(Lang::En),
            other => Err(format!(
                "unknown language `{other}`: use `vi` (Vietnamese) or `en` (English)"
            )),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
