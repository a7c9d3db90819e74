//! Reading the CSV tables of a scenario.
//!
//! One reader serves every table so that every table accepts the same things
//! (a UTF-8 byte-order mark, CRLF line ends, trailing blank lines, as Excel
//! writes them) and refuses the same things (unknown or missing columns,
//! ragged rows, text that is not UTF-8), each with the file, line and column.
//! Columns are numbered from 1 as a spreadsheet user counts them.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use unicode_normalization::{UnicodeNormalization, is_nfc};

use crate::error::{InputError, Location, Text};
use crate::lang::Lang;
use crate::money::Money;

/// The largest table the reader takes: 256 MiB, some fifty times the
/// gaps of every commune in the country. A larger file, or a device that
/// never ends, is refused at this size.
pub const MAX_TABLE_BYTES: u64 = 256 * 1024 * 1024;

/// How numbers are written in the tables: `number_format` in the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// `1234.5`: a dot is the decimal mark and nothing groups thousands. A
    /// money cell like `17.000`, which Vietnamese Excel writes for
    /// seventeen thousand, is refused as ambiguous.
    #[default]
    Plain,
    /// `1.234,5`: a dot groups thousands and a comma is the decimal mark,
    /// as Vietnamese Excel writes numbers.
    Vi,
}

impl std::str::FromStr for NumberFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<NumberFormat, String> {
        match s {
            "vi" => Ok(NumberFormat::Vi),
            "en" => Ok(NumberFormat::Plain),
            other => Err(format!(
                "unknown number_format `{other}`: use `vi` (1.234,5: a dot groups thousands, \
                 a comma marks decimals) or `en` (1234.5)"
            )),
        }
    }
}

/// How a scenario's tables are read: their number format, and the
/// language of the messages that tell how to write a number.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    pub number_format: NumberFormat,
    pub lang: Lang,
    /// The CSV delimiter; `None` guesses it from the header line.
    pub delimiter: Option<u8>,
}

/// Read a whole input file, refusing one larger than `limit` bytes (a
/// device such as /dev/zero is stopped there too).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let cannot = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            _ => format!("cannot read: {e}"),
        };
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => crate::text!("không tìm thấy tệp", "{why}"),
            _ => crate::text!("không đọc được: {e}", "{why}"),
        };
        InputError::new(Location::file(path), why)
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(InputError::new(
            Location::file(path),
            crate::text!(
                "đây là thư mục, không phải tệp",
                "this is a folder, not a file"
            ),
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::new(Location::file(path), {
            let mib = limit / (1024 * 1024);
            crate::text!(
                "tệp lớn hơn {mib} MiB, mức lớn nhất ntm đọc",
                "the file is larger than {mib} MiB, the most ntm reads"
            )
        }));
    }
    Ok(bytes)
}

/// A table read from disk: the header (as column ids) and the non-blank
/// rows, each with the line (or spreadsheet row) it started on.
#[derive(Debug)]
pub struct Table {
    path: PathBuf,
    /// The sheet, when the table is a sheet of a workbook.
    sheet: Option<String>,
    header: Vec<String>,
    rows: Vec<(usize, Vec<Field>)>,
    reading: Reading,
}

/// One cell's text, and whether a spreadsheet typed it as a number. A
/// number typed as a number is taken as it is; the same digits typed as text
/// follow the CSV rules (`17.000` is ambiguous unless `number_format = "vi"`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Field {
    pub text: String,
    pub typed_number: bool,
}

impl Field {
    pub fn text(text: String) -> Field {
        Field {
            text,
            typed_number: false,
        }
    }
}

/// The columns a table must have and may have.
pub struct Schema<'a> {
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
}

/// Where a table's records come from, for its messages.
pub struct Origin<'a> {
    pub path: &'a Path,
    pub sheet: Option<&'a str>,
}

impl Origin<'_> {
    pub fn at(&self, line: usize, column: usize) -> Location {
        match self.sheet {
            Some(sheet) => Location::in_sheet(self.path, sheet, line, column),
            None => Location::at(self.path, line, column),
        }
    }
}

impl Table {
    /// Read `path` and check its header against `schema`. A table with no
    /// data rows is refused: every table the tool reads carries meaning in its
    /// rows, so an empty one is almost always a mistake in the export.
    pub fn read(path: &Path, schema: &Schema) -> Result<Table, InputError> {
        Table::read_as(path, schema, Reading::default(), false)
    }

    /// Read `path` as [`Table::read`] does, its numbers as `reading` says.
    /// With `may_be_empty`, a header without rows is a table of no rows
    /// (`gaps.csv`, `at_risk.csv`: nothing to fund).
    pub fn read_as(
        path: &Path,
        schema: &Schema,
        reading: Reading,
        may_be_empty: bool,
    ) -> Result<Table, InputError> {
        let bytes = read_limited(path, MAX_TABLE_BYTES)?;
        Table::from_csv(path, &bytes, schema, reading, may_be_empty)
    }

    /// A CSV table from the bytes of `path`, already read (by a caller that
    /// looked at them first: a pipe can be read only once).
    pub fn from_csv(
        path: &Path,
        bytes: &[u8],
        schema: &Schema,
        reading: Reading,
        may_be_empty: bool,
    ) -> Result<Table, InputError> {
        let records = csv_records(path, bytes, reading.delimiter)?;
        let origin = Origin { path, sheet: None };
        Table::from_records(&origin, records, schema, reading, may_be_empty)
    }

    /// A table from its records (line, fields), the blank ones left out:
    /// the first is the header, in column ids or the headings of
    /// [`crate::columns`]. When the header is in headings and the next
    /// record holds the column ids beneath them, as the template writes,
    /// that record is the header's too. Rows longer than the header are
    /// refused; a row of a sheet may be shorter, its missing cells empty.
    pub fn from_records(
        origin: &Origin,
        records: Vec<(usize, Vec<Field>)>,
        schema: &Schema,
        reading: Reading,
        may_be_empty: bool,
    ) -> Result<Table, InputError> {
        let mut records = records.into_iter();
        let Some((header_line, header_fields)) = records.next() else {
            return Err(InputError::new(
                origin.at(1, 1),
                crate::text!(
                    "bảng trống (không có dòng tiêu đề)",
                    "the table is empty (no header row)"
                ),
            ));
        };
        let header = header_ids(origin, header_line, &header_fields, schema)?;
        let mut rows: Vec<(usize, Vec<Field>)> = records.collect();
        if let Some((_, first)) = rows.first()
            && first.len() >= header.len()
            && first.iter().zip(&header).all(|(f, id)| f.text == *id)
            && first[header.len()..].iter().all(|f| f.text.is_empty())
            && header_fields
                .iter()
                .zip(&header)
                .any(|(f, id)| f.text != *id)
        {
            rows.remove(0);
        }
        if rows.is_empty() && !may_be_empty {
            return Err(InputError::new(
                origin.at(header_line, 1),
                crate::text!(
                    "bảng có tiêu đề nhưng không có dòng dữ liệu",
                    "the table has a header but no rows"
                ),
            ));
        }
        for (line, fields) in &mut rows {
            if origin.sheet.is_some() {
                if let Some(extra) = fields[header.len().min(fields.len())..]
                    .iter()
                    .position(|f| !f.text.is_empty())
                {
                    return Err(InputError::new(
                        origin.at(*line, header.len() + extra + 1),
                        crate::text!(
                            "ô này nằm bên phải cột cuối cùng có tên cột; đặt tên cho cột \
                             hoặc xóa ô",
                            "this cell is right of the last column with a heading; \
                             give its column a heading or clear it"
                        ),
                    ));
                }
                fields.resize(header.len(), Field::default());
            } else if fields.len() != header.len() {
                return Err(InputError::new(
                    origin.at(*line, fields.len().min(header.len()) + 1),
                    {
                        let (has, header) = (fields.len(), header.len());
                        crate::text!(
                            "dòng này có {has} ô nhưng dòng tiêu đề có {header}",
                            "this row has {has} fields but the header has {header}"
                        )
                    },
                ));
            }
        }
        Ok(Table {
            path: origin.path.to_path_buf(),
            sheet: origin.sheet.map(str::to_string),
            header,
            rows,
            reading,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The column ids of the header, in the table's order.
    pub fn columns(&self) -> &[String] {
        &self.header
    }

    /// Whether the table has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.header.iter().any(|h| h == name)
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, fields)| Row {
            table: self,
            line: *line,
            fields,
        })
    }

    fn at(&self, line: usize, column: usize) -> Location {
        Origin {
            path: &self.path,
            sheet: self.sheet.as_deref(),
        }
        .at(line, column)
    }
}

/// The non-blank records of a CSV file, each with its line, cells trimmed
/// and in NFC. The delimiter is `delimiter`, or guessed from the first line
/// (see [`guess_delimiter`]).
fn csv_records(
    path: &Path,
    bytes: &[u8],
    delimiter: Option<u8>,
) -> Result<Vec<(usize, Vec<Field>)>, InputError> {
    let text = utf8(path, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| guess_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // The csv crate's own line count is off by one with CRLF line ends
    // (a record's position is taken before the `\n` of the previous
    // line end is consumed), so lines are counted here from each
    // record's byte offset, skipping line-end bytes, as an editor does.
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.line_at(p.byte() as usize));
            InputError::new(Location::at(path, line, 1), format!("not valid CSV: {e}"))
        })?;
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(p.byte() as usize));
        let mut fields: Vec<Field> = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            fields.push(Field::text(cell_text(field).map_err(|why| {
                InputError::new(Location::at(path, line, i + 1), why)
            })?));
        }
        if fields.iter().all(|f| f.text.is_empty()) {
            continue;
        }
        records.push((line, fields));
    }
    Ok(records)
}

/// The delimiter of a CSV text: a semicolon when the first non-blank line
/// has more semicolons than commas outside quotes (Excel writes semicolons
/// where the comma is the decimal mark, as in Vietnamese settings), else a
/// comma.
pub fn guess_delimiter(text: &str) -> u8 {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// The column ids of a header row, each cell an id or a heading of
/// [`crate::columns`]; unknown, repeated and missing columns are refused.
fn header_ids(
    origin: &Origin,
    line: usize,
    header: &[Field],
    schema: &Schema,
) -> Result<Vec<String>, InputError> {
    let mut allowed: Vec<&str> = schema.required.to_vec();
    allowed.extend(schema.optional);
    // A sheet's header ends at its last heading: Excel's used range often
    // runs past it.
    let mut width = header.len();
    if origin.sheet.is_some() {
        while width > 0 && header[width - 1].text.is_empty() {
            width -= 1;
        }
    }
    let mut ids: Vec<String> = Vec::with_capacity(width);
    for (i, cell) in header[..width].iter().enumerate() {
        let name = &cell.text;
        let Some(id) = crate::columns::column_id(name, &allowed) else {
            let listed: Vec<String> = allowed
                .iter()
                .map(|id| {
                    let heading = crate::columns::heading(id, crate::lang::Lang::Vi);
                    if heading == *id {
                        id.to_string()
                    } else {
                        format!("{id} ({heading})")
                    }
                })
                .collect();
            return Err(InputError::new(origin.at(line, i + 1), {
                let listed = listed.join(", ");
                crate::text!(
                    "không có cột `{name}`; các cột là {listed}",
                    "unknown column `{name}`; the columns are {listed}"
                )
            }));
        };
        if let Some(first) = ids.iter().position(|h| h == id) {
            // Two headings for one column (`Mã tiêu chí` and `Tiêu chí`)
            // are a puzzle unless the message names both.
            let earlier = &header[first].text;
            let why = if fold_eq(earlier, name) {
                crate::text!(
                    "cột `{name}` xuất hiện hai lần",
                    "column `{name}` appears twice"
                )
            } else {
                let letters = crate::error::column_letters(first + 1);
                crate::text!(
                    "cột `{name}` xuất hiện hai lần: `{earlier}` (cột {letters}) cũng là cột \
                     `{id}`; hãy đổi tên hoặc bỏ một cột",
                    "column `{name}` appears twice: `{earlier}` (column {letters}) is the column \
                     `{id}` too; rename or remove one"
                )
            };
            return Err(InputError::new(origin.at(line, i + 1), why));
        }
        ids.push(id.to_string());
    }
    for name in schema.required {
        if !ids.iter().any(|h| h == name) {
            // Point where the column would go: just after the last one.
            return Err(InputError::new(
                origin.at(line, ids.len() + 1),
                crate::text!("thiếu cột `{name}`", "missing column `{name}`"),
            ));
        }
    }
    Ok(ids)
}

/// Whether two headings are the same text but for case.
fn fold_eq(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// A cell as it is compared: trimmed and in Unicode NFC, so a name typed
/// in decomposed form is the same name. A control character (a tab, a
/// line end inside quotes, an escape) is refused: it is never meant, and
/// would reach a terminal or a report.
pub fn cell_text(field: &str) -> Result<String, Text> {
    let field = field.trim();
    if let Some(c) = field.chars().find(|c| c.is_control()) {
        let code = u32::from(c);
        return Err(crate::text!(
            "ô chứa ký tự điều khiển (U+{code:04X}); hãy xóa nó",
            "the cell holds a control character (U+{code:04X}); remove it"
        ));
    }
    Ok(name_text(field))
}

/// A name or id as every table's cell is compared: trimmed, in NFC (for
/// names written in the scenario).
pub fn name_text(text: &str) -> String {
    let text = text.trim();
    if is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Whether `digits` is grouped by dots in threes: `17.000`, `1.500.000`.
fn grouped_by_dots(digits: &str) -> bool {
    let mut parts = digits.split('.');
    let first = parts.next().unwrap_or("");
    let mut groups = 0;
    for part in parts {
        if part.len() != 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        groups += 1;
    }
    groups > 0
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && !first.starts_with('0')
}

/// A number cell in the plain form (`1234.5`) the parsers read, or why it
/// cannot be read as `reading` says.
pub fn plain_number(text: &str, reading: Reading) -> Result<Cow<'_, str>, Text> {
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    match reading.number_format {
        NumberFormat::Plain => {
            if !grouped_by_dots(body) {
                return Ok(Cow::Borrowed(text));
            }
            let thousands = format!("{sign}{}", body.replace('.', ""));
            let small = Money::parse(text).map_or_else(|_| text.to_string(), |m| m.to_string());
            Err(crate::text!(
                "`{text}` không rõ nghĩa: dấu chấm có thể phân cách hàng nghìn ({thousands}) \
                 hoặc là dấu thập phân ({small}). Hãy viết {thousands} hoặc {small}, không \
                 phân cách hàng nghìn; hoặc, nếu mọi bảng dùng dấu chấm phân cách hàng nghìn \
                 và dấu phẩy thập phân, thêm number_format = \"vi\" vào kịch bản",
                "`{text}` is ambiguous: the dot may group thousands ({thousands}) or mark \
                 decimals ({small}). Write {thousands} or {small}, without grouping; or, if \
                 every table groups thousands with a dot and marks decimals with a comma, \
                 add number_format = \"vi\" to the scenario"
            ))
        }
        NumberFormat::Vi => {
            let (whole, fraction) = match body.split_once(',') {
                Some((w, f)) => (w, Some(f)),
                None => (body, None),
            };
            let bad_whole = whole.contains('.') && !grouped_by_dots(whole);
            let bad_fraction = fraction.is_some_and(|f| f.contains(['.', ',']));
            if bad_whole || bad_fraction {
                return Err(crate::text!(
                    "`{text}` không đúng number_format = \"vi\": dấu chấm phân cách hàng \
                     nghìn theo nhóm ba chữ số và dấu phẩy là dấu thập phân (1.234,5)",
                    "`{text}` does not follow number_format = \"vi\": a dot groups \
                     thousands in threes and a comma marks decimals (1.234,5)"
                ));
            }
            let mut plain = format!("{sign}{}", whole.replace('.', ""));
            if let Some(f) = fraction {
                plain.push('.');
                plain.push_str(f);
            }
            Ok(Cow::Owned(plain))
        }
    }
}

/// Line numbers (from 1) of byte offsets into a text, counting line ends
/// as `line_breaks` does; cheap when offsets only grow.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `offset` that is not part of
    /// a line end.
    fn line_at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while offset < self.text.len() && matches!(self.text[offset], b'\r' | b'\n') {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += line_breaks(self.text, self.offset, offset);
        self.offset = offset;
        self.line
    }
}

/// The line ends in `text[from..to]`: LF, CRLF, and a lone CR (old Mac
/// "CSV (Macintosh)" files), each counted once, as the csv reader splits
/// records.
fn line_breaks(text: &[u8], from: usize, to: usize) -> usize {
    (from..to)
        .filter(|&i| match text[i] {
            b'\n' => true,
            b'\r' => text.get(i + 1) != Some(&b'\n'),
            _ => false,
        })
        .count()
}

fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = line_breaks(good, 0, good.len()) + 1;
        // Like every other message about a table, the column is the
        // spreadsheet column (the field) holding the first bad byte: count
        // the separators outside quotes since the record began.
        let mut column = 1;
        let mut quoted = false;
        for b in good {
            match b {
                b'"' => quoted = !quoted,
                b',' if !quoted => column += 1,
                b'\n' | b'\r' if !quoted => column = 1,
                _ => {}
            }
        }
        InputError::new(
            Location::at(path, line, column),
            crate::text!(
                "tệp không phải văn bản UTF-8 (trong Excel, lưu dưới dạng \"CSV UTF-8\")",
                "the file is not UTF-8 text (save it from Excel as \"CSV UTF-8\")"
            ),
        )
    })
}

/// The largest amount one cell may hold, in million VND (a quadrillion
/// đồng, hundreds of times a province's yearly budget): anything above is a
/// mistake, most likely an amount in đồng, and capping cells keeps every sum
/// of money far from overflowing.
pub const MAX_CELL_MILLIONS: i64 = 1_000_000_000;

/// One data row, with typed accessors whose errors name the cell.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    line: usize,
    fields: &'a [Field],
}

impl<'a> Row<'a> {
    pub fn line(&self) -> usize {
        self.line
    }

    fn index(&self, column: &str) -> Option<usize> {
        self.table.header.iter().position(|h| h == column)
    }

    /// The location of a cell, for messages about its value.
    pub fn location(&self, column: &str) -> Location {
        self.table
            .at(self.line, self.index(column).map_or(0, |i| i + 1))
    }

    pub fn error(&self, column: &str, message: impl Into<Text>) -> InputError {
        InputError::new(
            self.location(column),
            message.into().prefixed(&format!("{column}: ")),
        )
    }

    /// The cell's text, or None when the column is absent or the cell empty.
    pub fn optional(&self, column: &str) -> Option<&'a str> {
        self.index(column)
            .map(|i| self.fields[i].text.as_str())
            .filter(|s| !s.is_empty())
    }

    pub fn text(&self, column: &str) -> Result<&'a str, InputError> {
        self.optional(column)
            .ok_or_else(|| self.error(column, crate::text!("ô trống", "empty cell")))
    }

    /// An amount of money that must be at least zero (or above it when
    /// `positive`).
    pub fn money(&self, column: &str, positive: bool) -> Result<Money, InputError> {
        let text = self.text(column)?;
        let plain = self.plain(column, text)?;
        let amount = Money::parse(&plain).map_err(|why| self.error(column, why))?;
        if amount < Money::ZERO || (positive && amount == Money::ZERO) {
            return Err(self.error(
                column,
                if positive {
                    crate::text!("`{text}` phải lớn hơn 0", "`{text}` must be greater than 0")
                } else {
                    crate::text!("`{text}` phải từ 0 trở lên", "`{text}` must be 0 or more")
                },
            ));
        }
        if amount > Money::from_millions(MAX_CELL_MILLIONS) {
            return Err(self.error(
                column,
                crate::text!(
                    "`{text}` lớn hơn 1.000.000.000 triệu đồng; số tiền tính bằng triệu đồng",
                    "`{text}` is more than 1,000,000,000 million VND; amounts are in million VND"
                ),
            ));
        }
        Ok(amount)
    }

    /// A number cell in the plain form: as it is when a spreadsheet typed it
    /// as a number, else read as the scenario's `number_format` says.
    fn plain(&self, column: &str, text: &'a str) -> Result<Cow<'a, str>, InputError> {
        let typed = self
            .index(column)
            .is_some_and(|i| self.fields[i].typed_number);
        if typed {
            return Ok(Cow::Borrowed(text));
        }
        plain_number(text, self.table.reading).map_err(|why| self.error(column, why))
    }

    /// Whether the cell was typed as a number in a spreadsheet.
    pub fn typed_number(&self, column: &str) -> bool {
        self.index(column)
            .is_some_and(|i| self.fields[i].typed_number)
    }

    pub fn integer(&self, column: &str) -> Result<i64, InputError> {
        let text = self.text(column)?;
        text.parse::<i64>().map_err(|_| {
            self.error(
                column,
                crate::text!(
                    "`{text}` không phải số nguyên",
                    "`{text}` is not a whole number"
                ),
            )
        })
    }

    pub fn optional_integer(&self, column: &str) -> Result<Option<i64>, InputError> {
        match self.optional(column) {
            None => Ok(None),
            Some(_) => self.integer(column).map(Some),
        }
    }

    /// A 0/1 flag; an empty cell or absent column means `default`.
    pub fn flag(&self, column: &str, default: bool) -> Result<bool, InputError> {
        match self.optional(column) {
            None => Ok(default),
            Some("0") => Ok(false),
            Some("1") => Ok(true),
            Some(other) => Err(self.error(
                column,
                crate::text!("`{other}` phải là 0 hoặc 1", "`{other}` must be 0 or 1"),
            )),
        }
    }

    /// A number from `min` to `max`; an empty cell means `default`.
    pub fn number_in(
        &self,
        column: &str,
        default: f64,
        (min, max): (f64, f64),
    ) -> Result<f64, InputError> {
        let Some(text) = self.optional(column) else {
            return Ok(default);
        };
        let plain = self.plain(column, text)?;
        let value: f64 = plain.parse().map_err(|_| {
            self.error(
                column,
                crate::text!("`{text}` không phải là số", "`{text}` is not a number"),
            )
        })?;
        if !value.is_finite() || value < min || value > max {
            return Err(self.error(
                column,
                crate::text!(
                    "`{text}` phải là số từ {min} đến {max}",
                    "`{text}` must be a number from {min} to {max}"
                ),
            ));
        }
        Ok(value)
    }
}
