//! A [`Document`] as one self-contained HTML file: inline CSS, charts as
//! inline SVG, and a few lines of plain JavaScript that sort and filter the
//! tables marked interactive. Nothing is fetched from anywhere; every table
//! is complete without the script; it prints on A4 (wide tables on
//! landscape pages), without the filter boxes.

use std::fmt::Write;

use super::chart;
use super::doc::{Block, Cell, Chart, Document, Format, Kind, Table, cell_text};
use crate::lang::Lang;

/// Text for HTML (also inside attribute values): `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph's text: escaped, with `code` between backticks.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(piece));
        } else {
            out.push_str(&escape(piece));
        }
    }
    out
}

/// Tables with more columns than this print on landscape pages.
const WIDE: usize = 9;

const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --band: #f3f5f9; --accent: #1f3f73; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 8px; color: var(--accent); }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 20px 0 8px; }
p { margin: 6px 0 12px; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 90%; background: var(--band); padding: 0 3px; }
ul { margin: 6px 0 12px; padding-left: 22px; }
p.verdict { font-weight: bold; border-left: 4px solid var(--accent); background: var(--band); padding: 8px 12px; }
.table { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; vertical-align: top; }
th { background: #e6eaf1; text-align: left; font-weight: bold; }
tbody tr:nth-child(even) { background: var(--band); }
tfoot td { font-weight: bold; border-top: 2px solid var(--ink); }
th.num { text-align: right; }
th.flag { text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.flag { text-align: center; white-space: nowrap; }
td.no { color: #333; }
td.met-no { font-weight: bold; text-decoration: underline; }
table.interactive th { cursor: pointer; user-select: none; }
table.interactive th::after { content: " \2195"; color: #888; font-weight: normal; }
table.interactive th[aria-sort="ascending"]::after { content: " \25B2"; color: var(--ink); }
table.interactive th[aria-sort="descending"]::after { content: " \25BC"; color: var(--ink); }
.filter { margin: 6px 0; display: flex; gap: 12px; align-items: center; }
.filter input { font: inherit; padding: 4px 8px; width: 22em; max-width: 100%; border: 1px solid #888; border-radius: 3px; }
.filter .count { color: var(--muted); }
figure.chart { margin: 12px 0 20px; }
figure.chart svg { width: 100%; height: auto; max-width: 900px; display: block; }
@page { size: A4 portrait; margin: 14mm 12mm 16mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm 14mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12.5pt; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 11pt; break-after: avoid; page-break-after: avoid; }
  .filter, .no-print { display: none !important; }
  .table { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  table.interactive th::after { content: ""; }
  tbody tr:nth-child(even) { background: none; }
  th { background: none; border-bottom: 1.5px solid #000; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
  figure.chart svg { max-width: 100%; }
  .wide { page: wide; }
  .wide table { font-size: 7.5pt; }
}
"#;

/// Sorting and filtering, and a marker (`data-ready`) that tells a test the
/// script ran to the end.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  var collator = new Intl.Collator(document.documentElement.lang || "en", { numeric: true, sensitivity: "base" });
  function key(cell) {
    var n = cell.getAttribute("data-n");
    return n === null ? null : parseFloat(n);
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    rows.sort(function (a, b) {
      var ca = a.cells[index], cb = b.cells[index];
      var na = key(ca), nb = key(cb), order;
      if (na !== null && nb !== null) { order = na - nb; }
      else if (na !== null) { order = -1; }
      else if (nb !== null) { order = 1; }
      else { order = collator.compare(ca.textContent, cb.textContent); }
      if (order === 0) { order = parseInt(a.getAttribute("data-i"), 10) - parseInt(b.getAttribute("data-i"), 10); return order; }
      return descending ? -order : order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.interactive"), function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r, i) {
      r.setAttribute("data-i", String(i));
      r.setAttribute("data-text", fold(r.textContent));
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, index, th); }
      });
    });
    var box = document.querySelector('.filter[data-for="' + table.id + '"]');
    if (!box) { return; }
    var input = box.querySelector("input");
    var count = box.querySelector(".count");
    var total = table.tBodies[0].rows.length;
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var text = r.getAttribute("data-text");
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " / " + total;
    }
    input.addEventListener("input", apply);
    box.hidden = false;
    apply();
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"#;

fn class(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "",
        Kind::Flag | Kind::Met => "flag",
        _ => "num",
    }
}

fn table_html(out: &mut String, table: &Table, lang: Lang) {
    let id = format!("t-{}", table.id);
    if table.interactive {
        let _ = write!(
            out,
            r#"<div class="filter" data-for="{id}" hidden><label>{} <input type="search" placeholder="{}" aria-controls="{id}"></label><span class="count"></span></div>"#,
            lang.pick("Lọc:", "Filter:"),
            escape(lang.pick(
                "gõ để lọc (bấm tiêu đề cột để sắp xếp)",
                "type to filter (click a heading to sort)"
            ))
        );
    }
    let wide = if table.columns.len() > WIDE {
        " wide"
    } else {
        ""
    };
    let interactive = if table.interactive {
        " interactive"
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<div class="table{wide}"><table id="{id}" class="data{interactive}"><thead><tr>"#
    );
    for c in &table.columns {
        let _ = write!(
            out,
            r#"<th scope="col" class="{}">{}</th>"#,
            class(c.kind),
            escape(&c.header)
        );
    }
    out.push_str("</tr></thead><tbody>");
    let row = |out: &mut String, cells: &[Cell]| {
        out.push_str("<tr>");
        for (cell, column) in cells.iter().zip(&table.columns) {
            let text = cell_text(cell, column.kind, lang);
            let mut classes = vec![class(column.kind)];
            if let Cell::Flag(false) = cell {
                classes.push(if column.kind == Kind::Met {
                    "met-no"
                } else {
                    "no"
                });
            }
            let classes: Vec<&str> = classes.into_iter().filter(|c| !c.is_empty()).collect();
            let number = cell
                .number()
                .map(|n| format!(r#" data-n="{n}""#))
                .unwrap_or_default();
            let class_attribute = if classes.is_empty() {
                String::new()
            } else {
                format!(r#" class="{}""#, classes.join(" "))
            };
            let _ = write!(out, "<td{class_attribute}{number}>{}</td>", escape(&text));
        }
        out.push_str("</tr>");
    };
    for cells in &table.rows {
        row(out, cells);
        out.push('\n');
    }
    out.push_str("</tbody>");
    if let Some(total) = &table.total {
        out.push_str("<tfoot>");
        row(out, total);
        out.push_str("</tfoot>");
    }
    out.push_str("</table></div>\n");
}

/// The document as one HTML page.
pub fn render(doc: &Document) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"ntm\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        lang.code(),
        escape(&doc.title),
        escape(&doc.title)
    );
    let mut charts = 0;
    for block in doc.parts_for(Format::Html) {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(text));
            }
            Block::Subheading(text) => {
                let _ = writeln!(out, "<h3>{}</h3>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", inline(text));
            }
            Block::Verdict(text) => {
                let _ = writeln!(out, "<p class=\"verdict\">{}</p>", inline(text));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    let _ = write!(out, "<li>{}</li>", inline(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table) => table_html(&mut out, table, lang),
            Block::Chart(c) => {
                charts += 1;
                let id = format!("chart{charts}");
                let svg = match c {
                    Chart::Bars(bars) => chart::bars(bars, &id, lang),
                    Chart::Lines(lines) => chart::lines(lines, &id, lang),
                };
                let _ = writeln!(out, "<figure class=\"chart\">{svg}</figure>");
            }
        }
    }
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(inline("set `a<b` now"), "set <code>a&lt;b</code> now");
    }
}
