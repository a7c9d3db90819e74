//! A report described once, rendered as Markdown, HTML or an Excel workbook.
//!
//! A command builds a [`Document`]: headings, paragraphs, lists, tables with
//! typed columns (text, integer, decimal, money, yes/no) and charts, each
//! marked with the formats it appears in. [`super::render`] turns it into
//! `report.md`, a self-contained `report.html` or `report.xlsx`, so every
//! command (plan, sweep, gap, evaluate, compare) gets all three by
//! describing its tables, and the three never disagree on a figure.
//!
//! Cells hold values, not text: the renderers format them for the
//! document's language (Vietnamese writes `1.234,5`, English `1,234.5`) and
//! the workbook stores real numbers with a number format, so a planner can
//! add them up in Excel.

use std::fmt::Write;

use crate::lang::Lang;
use crate::money::Money;

/// An output format of a report (`--format md|html|xlsx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Md,
    Html,
    Xlsx,
    /// An A4 document to file, marked as a draft ("DỰ THẢO").
    Pdf,
    /// The same without the draft mark (`--final`).
    PdfFinal,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Html, Format::Xlsx, Format::Pdf];

    /// The file extension, also the name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Pdf | Format::PdfFinal => "pdf",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim() {
            "md" => Ok(Format::Md),
            "html" => Ok(Format::Html),
            "xlsx" => Ok(Format::Xlsx),
            "pdf" => Ok(Format::Pdf),
            other => Err(format!(
                "unknown format `{other}`: use md, html, xlsx or pdf"
            )),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// The formats a part of a document appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Show {
    pub md: bool,
    pub html: bool,
    pub xlsx: bool,
}

impl Show {
    pub const ALL: Show = Show {
        md: true,
        html: true,
        xlsx: true,
    };
    /// The two documents a person reads, not the workbook.
    pub const DOCUMENT: Show = Show {
        md: true,
        html: true,
        xlsx: false,
    };
    pub const HTML: Show = Show {
        md: false,
        html: true,
        xlsx: false,
    };
    pub const XLSX: Show = Show {
        md: false,
        html: false,
        xlsx: true,
    };
    pub const HTML_XLSX: Show = Show {
        md: false,
        html: true,
        xlsx: true,
    };

    pub fn includes(self, format: Format) -> bool {
        match format {
            Format::Md => self.md,
            // The PDF is the HTML page printed.
            Format::Html | Format::Pdf | Format::PdfFinal => self.html,
            Format::Xlsx => self.xlsx,
        }
    }
}

/// What a column holds: it sets alignment, sorting and the workbook's
/// number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Whole numbers, printed without thousands separators (counts, years).
    Integer,
    /// Decimal numbers; each cell says how many decimals it shows.
    Decimal,
    /// Million VND, thousands separated.
    Money,
    /// Yes or no.
    Flag,
    /// Whether a target is met: "no" stands out.
    Met,
}

impl Kind {
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Integer | Kind::Decimal | Kind::Money)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: Kind) -> Column {
        Column {
            header: header.into(),
            kind,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing: an empty cell.
    Blank,
    /// Does not apply: "–" in a document, empty in the workbook.
    Dash,
    Text(String),
    Int(i64),
    /// A value and the decimals it is shown with.
    Decimal(f64, usize),
    Money(Money),
    Flag(bool),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(n: impl TryInto<i64>) -> Cell {
        Cell::Int(n.try_into().unwrap_or(i64::MAX))
    }

    /// A decimal rounded to the decimals it shows, so that the workbook
    /// holds the same number the CSV and the document print.
    pub fn decimal(x: f64, decimals: usize) -> Cell {
        let scale = 10f64.powi(decimals as i32);
        Cell::Decimal((x * scale).round() / scale, decimals)
    }

    /// The value as a number, for sorting and the workbook.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Decimal(x, _) => Some(*x),
            Cell::Money(m) => Some(m.millions()),
            Cell::Flag(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }
}

/// A table: the same in every format it appears in.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A short stable name (`communes`): the HTML id.
    pub id: String,
    /// The workbook's sheet name (at most 31 characters; Excel forbids
    /// `[]:*?/\`, which are replaced).
    pub sheet: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// A last row set apart (totals).
    pub total: Option<Vec<Cell>>,
    /// In HTML: sortable by any column and filtered by a search box.
    pub interactive: bool,
}

impl Table {
    pub fn new(id: impl Into<String>, sheet: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            id: id.into(),
            sheet: sheet.into(),
            columns,
            rows: Vec::new(),
            total: None,
            interactive: false,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "a row of {}", self.id);
        self.rows.push(cells);
    }

    pub fn interactive(mut self) -> Table {
        self.interactive = true;
        self
    }
}

/// A data series of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// Horizontal grouped bars: one group per category, one bar per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The value axis's title, with its unit.
    pub axis: String,
    /// Whole-number ticks and labels (counts).
    pub integer: bool,
}

/// Lines through points, with optional dashed reference lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    /// Each series: a name and (x, y) points in x order.
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    /// Horizontal reference lines: a label and the y value.
    pub references: Vec<(String, f64)>,
    pub integer_y: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars(Bars),
    Lines(Lines),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A heading within a section.
    Subheading(String),
    /// A paragraph; text between backticks is code.
    Paragraph(String),
    /// The report's conclusion in one sentence, set apart at its top (bold
    /// in Markdown, a framed paragraph in HTML).
    Verdict(String),
    List(Vec<String>),
    Table(Table),
    /// Charts appear in HTML and in the workbook, not in Markdown.
    Chart(Chart),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub show: Show,
    pub block: Block,
}

/// A report, in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub lang: Lang,
    pub parts: Vec<Part>,
    /// The agency a printed (PDF) report is issued by, from the scenario's
    /// `[report] agency`; a blank line to fill in when not given.
    pub agency: Option<String>,
}

impl Document {
    pub fn new(title: impl Into<String>, lang: Lang) -> Document {
        Document {
            title: title.into(),
            lang,
            parts: Vec::new(),
            agency: None,
        }
    }

    /// Add a block to every format it can appear in.
    pub fn push(&mut self, block: Block) {
        self.push_for(Show::ALL, block);
    }

    pub fn push_for(&mut self, show: Show, block: Block) {
        self.parts.push(Part { show, block });
    }

    pub fn heading(&mut self, show: Show, text: impl Into<String>) {
        self.push_for(show, Block::Heading(text.into()));
    }

    pub fn subheading(&mut self, show: Show, text: impl Into<String>) {
        self.push_for(show, Block::Subheading(text.into()));
    }

    pub fn paragraph(&mut self, show: Show, text: impl Into<String>) {
        self.push_for(show, Block::Paragraph(text.into()));
    }

    pub fn table(&mut self, show: Show, table: Table) {
        self.push_for(show, Block::Table(table));
    }

    /// A chart: drawn in HTML, and in the workbook as an Excel chart on a
    /// sheet of its own, next to its numbers.
    pub fn chart(&mut self, chart: Chart) {
        self.push_for(Show::HTML_XLSX, Block::Chart(chart));
    }

    /// The parts shown in `format`.
    pub fn parts_for(&self, format: Format) -> impl Iterator<Item = &Block> {
        self.parts
            .iter()
            .filter(move |p| p.show.includes(format))
            .map(|p| &p.block)
    }
}

// ---------------------------------------------------------------------------
// Numbers as each language writes them.

/// A plain decimal (`-1234567.5`) with thousands separated: `-1,234,567.5`
/// in English, `-1.234.567,5` in Vietnamese.
pub fn grouped(text: &str, lang: Lang) -> String {
    let english = super::markdown::group_thousands(text);
    localise(&english, lang)
}

/// English separators (`,` thousands, `.` decimal) swapped for Vietnamese.
fn localise(english: &str, lang: Lang) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Vi => english
            .chars()
            .map(|c| match c {
                ',' => '.',
                '.' => ',',
                c => c,
            })
            .collect(),
    }
}

/// Million VND, thousands separated, as few decimals as the amount needs.
pub fn money(amount: Money, lang: Lang) -> String {
    grouped(&amount.to_string(), lang)
}

/// A number with `decimals` decimals and no thousands separators.
pub fn decimal(x: f64, decimals: usize, lang: Lang) -> String {
    localise(&format!("{x:.decimals$}"), lang)
}

/// The words for yes and no in a column of `kind`.
pub fn flag_words(kind: Kind, lang: Lang) -> (&'static str, &'static str) {
    match kind {
        Kind::Met => (lang.pick("đạt", "yes"), lang.pick("không đạt", "no")),
        _ => (lang.pick("có", "yes"), lang.pick("không", "no")),
    }
}

/// A cell as text, in the document's language.
pub fn cell_text(cell: &Cell, kind: Kind, lang: Lang) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Dash => "–".to_string(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Decimal(x, d) => decimal(*x, *d, lang),
        Cell::Money(m) => money(*m, lang),
        Cell::Flag(b) => {
            let (yes, no) = flag_words(kind, lang);
            if *b { yes } else { no }.to_string()
        }
    }
}

// ---------------------------------------------------------------------------
// Markdown.

/// The document as Markdown. Charts are left out.
pub fn markdown(doc: &Document) -> String {
    let lang = doc.lang;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", md_text(&doc.title));
    for block in doc.parts_for(Format::Md) {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(md, "## {}\n", md_text(text));
            }
            Block::Subheading(text) => {
                let _ = writeln!(md, "### {}\n", md_text(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(md, "{}\n", md_text(text));
            }
            Block::Verdict(text) => {
                let _ = writeln!(md, "**{}**\n", md_text(text));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(md, "- {}", md_text(item));
                }
                md.push('\n');
            }
            Block::Table(table) => {
                let headers: Vec<String> =
                    table.columns.iter().map(|c| md_escape(&c.header)).collect();
                let _ = writeln!(md, "| {} |", headers.join(" | "));
                let rules: Vec<&str> = table
                    .columns
                    .iter()
                    .map(|c| match c.kind {
                        Kind::Text => "---",
                        Kind::Flag | Kind::Met => ":---:",
                        _ => "---:",
                    })
                    .collect();
                let _ = writeln!(md, "|{}|", rules.join("|"));
                let line = |cells: &[Cell], total: bool| -> String {
                    let texts: Vec<String> = cells
                        .iter()
                        .zip(&table.columns)
                        .map(|(cell, column)| {
                            let text = md_escape(&cell_text(cell, column.kind, lang));
                            let stands_out =
                                matches!(cell, Cell::Flag(false)) && column.kind == Kind::Met;
                            let bold = stands_out || (total && matches!(cell, Cell::Text(_)));
                            if bold && !text.is_empty() {
                                format!("**{text}**")
                            } else {
                                text
                            }
                        })
                        .collect();
                    let mut line = String::from("|");
                    for text in texts {
                        if text.is_empty() {
                            line.push_str(" |");
                        } else {
                            let _ = write!(line, " {text} |");
                        }
                    }
                    line
                };
                for row in &table.rows {
                    let _ = writeln!(md, "{}", line(row, false));
                }
                if let Some(total) = &table.total {
                    let _ = writeln!(md, "{}", line(total, true));
                }
                md.push('\n');
            }
            Block::Chart(_) => {}
        }
    }
    // One line end at the end, not a blank line.
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// A table cell for Markdown: as [`md_text`], and a `|` would end the cell,
/// a line end the row.
fn md_escape(text: &str) -> String {
    markdown_text(&text.replace(['\r', '\n'], " "), true)
}

/// Text for Markdown (titles, paragraphs, list items): HTML in a name
/// (`<script>`) shows as text, never as markup, and a name's `*`, `_`, `[`,
/// `]`, `~` or backslash is escaped so it cannot turn into emphasis or a
/// link (the reports' own text uses none of them). Text between backticks
/// is a code span, as the reports write ids and kinds (and as the HTML page
/// reads them), and is kept; an unpaired backtick is escaped.
fn md_text(text: &str) -> String {
    markdown_text(text, false)
}

fn markdown_text(text: &str, in_table: bool) -> String {
    let text = if text.contains(['<', '>', '&']) {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text.to_string()
    };
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out = String::with_capacity(text.len());
    for (i, piece) in pieces.iter().enumerate() {
        let code = i % 2 == 1 && (paired || i + 1 < pieces.len());
        if code {
            out.push('`');
            if in_table {
                out.push_str(&piece.replace('|', "\\|"));
            } else {
                out.push_str(piece);
            }
            out.push('`');
            continue;
        }
        if i % 2 == 1 {
            out.push_str("\\`");
        }
        for ch in piece.chars() {
            if matches!(ch, '*' | '_' | '[' | ']' | '~' | '\\') || (in_table && ch == '|') {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_a_table_cell_is_text_not_markdown() {
        assert_eq!(
            md_escape("*Bản* _Hon_ | [y](z) a\\b"),
            "\\*Bản\\* \\_Hon\\_ \\| \\[y\\](z) a\\\\b"
        );
        // The reports' code spans stay; an unpaired backtick is text.
        assert_eq!(md_escape("`paid_in_part` x_y"), "`paid_in_part` x\\_y");
        assert_eq!(md_escape("a`b"), "a\\`b");
        assert_eq!(md_escape("<b>&"), "&lt;b&gt;&amp;");
        // In a paragraph too, but a `|` is text there.
        assert_eq!(md_text("Xã *A* | `id_1`"), "Xã \\*A\\* | `id_1`");
    }

    #[test]
    fn numbers_follow_the_language() {
        let m = Money::parse("1234567.5").unwrap();
        assert_eq!(money(m, Lang::En), "1,234,567.5");
        assert_eq!(money(m, Lang::Vi), "1.234.567,5");
        assert_eq!(decimal(17.346, 2, Lang::Vi), "17,35");
        assert_eq!(decimal(17.3, 2, Lang::En), "17.30");
    }

    #[test]
    fn markdown_tables_align_and_escape() {
        let mut doc = Document::new("T", Lang::En);
        let mut t = Table::new(
            "t",
            "T",
            vec![
                Column::new("Name", Kind::Text),
                Column::new("Money", Kind::Money),
                Column::new("Met", Kind::Met),
            ],
        );
        t.row(vec![
            Cell::text("a|b"),
            Cell::Money(Money::from_millions(1000)),
            Cell::Flag(false),
        ]);
        t.total = Some(vec![Cell::text("Total"), Cell::Blank, Cell::Blank]);
        doc.table(Show::ALL, t);
        assert_eq!(
            markdown(&doc),
            "# T\n\n| Name | Money | Met |\n|---|---:|:---:|\n| a\\|b | 1,000 | **no** |\n| **Total** | | |\n"
        );
    }

    #[test]
    fn subheadings_sit_under_headings() {
        let mut doc = Document::new("T", Lang::En);
        doc.heading(Show::ALL, "Section");
        doc.subheading(Show::DOCUMENT, "Part");
        doc.paragraph(Show::DOCUMENT, "Text.");
        assert_eq!(markdown(&doc), "# T\n\n## Section\n\n### Part\n\nText.\n");
        let html = super::super::html::render(&doc);
        assert!(html.contains("<h2>Section</h2>\n<h3>Part</h3>\n<p>Text.</p>"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!("html".parse::<Format>(), Ok(Format::Html));
        assert_eq!("pdf".parse::<Format>(), Ok(Format::Pdf));
        assert!("docx".parse::<Format>().is_err());
    }
}
