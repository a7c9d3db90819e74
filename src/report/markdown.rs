//! Numbers as the Markdown reports and the console print them. The plan's
//! `report.md` itself is rendered from its document (`super::plan`).

use crate::money::Money;

/// Million VND with thousands separated: `1,234,567.5`.
pub fn money(amount: Money) -> String {
    group_thousands(&amount.to_string())
}

/// A plain decimal number (`-1234567.5`) with its thousands separated by
/// commas (`-1,234,567.5`).
pub fn group_thousands(text: &str) -> String {
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::money;
    use crate::money::Money;

    #[test]
    fn groups_thousands() {
        assert_eq!(money(Money::parse("1234567.5").unwrap()), "1,234,567.5");
        assert_eq!(money(Money::parse("999").unwrap()), "999");
        assert_eq!(money(Money::parse("-1000").unwrap()), "-1,000");
    }
}
