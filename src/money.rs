//! Money in million VND, held exactly.
//!
//! Every amount is an integer number of đồng (one millionth of the unit the
//! tables use), so sums in the reports add up to the last đồng and no float
//! rounding can make a plan look over budget. Floats appear only inside the
//! solver and in what-if multipliers, which round back to whole đồng.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

use crate::error::Text;

/// Đồng per million VND.
const DONG_PER_UNIT: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_dong(dong: i64) -> Money {
        Money(dong)
    }

    pub fn dong(self) -> i64 {
        self.0
    }

    /// Whole million VND.
    pub fn from_millions(millions: i64) -> Money {
        Money(millions * DONG_PER_UNIT)
    }

    /// The amount in million VND as a float, for the solver.
    pub fn millions(self) -> f64 {
        self.0 as f64 / DONG_PER_UNIT as f64
    }

    /// The amount in billion VND as a float: the solver's unit, which keeps
    /// the model's coefficients near 1.
    pub fn billions(self) -> f64 {
        self.0 as f64 / (DONG_PER_UNIT as f64 * 1000.0)
    }

    /// Multiply by a what-if factor, rounding to the nearest đồng.
    pub fn scale(self, factor: f64) -> Money {
        Money((self.0 as f64 * factor).round() as i64)
    }

    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }

    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parse a decimal number of million VND such as `2600`, `1234.5` or
    /// `0.06`. Exponents, signs other than a leading `-`, and more than six
    /// decimals (finer than one đồng) are refused: a planning table that
    /// holds them was not meant to.
    pub fn parse(text: &str) -> Result<Money, Text> {
        let t = text.trim();
        if t.is_empty() {
            return Err(crate::text!("ô trống", "empty amount"));
        }
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return Err(crate::text!(
                "`{t}` không phải là số",
                "`{t}` is not a number"
            ));
        }
        if fraction.len() > 6 {
            return Err(crate::text!(
                "`{t}` có hơn sáu chữ số thập phân (nhỏ hơn một đồng)",
                "`{t}` has more than six decimals (finer than one đồng)"
            ));
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse::<i64>()
                .ok()
                .filter(|w| *w < i64::MAX / DONG_PER_UNIT)
                .ok_or_else(|| crate::text!("`{t}` quá lớn", "`{t}` is too large"))?
        };
        let mut fraction_value: i64 = 0;
        for i in 0..6 {
            let digit = fraction
                .as_bytes()
                .get(i)
                .map_or(0, |b| i64::from(b - b'0'));
            fraction_value = fraction_value * 10 + digit;
        }
        let dong = whole_value * DONG_PER_UNIT + fraction_value;
        Ok(Money(if negative { -dong } else { dong }))
    }
}

impl fmt::Display for Money {
    /// Million VND with as few decimals as the amount needs: `2600`,
    /// `1234.5`, `0.06`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / DONG_PER_UNIT as u64;
        let fraction = abs % DONG_PER_UNIT as u64;
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let all = format!("{fraction:06}");
            let mut digits = all.trim_end_matches('0');
            // `5.445` would read as ambiguous (5445 grouped the Vietnamese
            // way, or 5.445): the tables' reader refuses it, so ntm writes
            // `5.4450`, which reads back as the same amount.
            if digits.len() == 3 && (1..1000).contains(&whole) {
                digits = &all[..4];
            }
            write!(f, "{sign}{whole}.{digits}")
        }
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::Money;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in ["0", "2600", "1234.5", "0.06", "0.000001", "-3.25"] {
            assert_eq!(Money::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Money::parse("12.50").unwrap().to_string(), "12.5");
        // Never a form the tables' reader calls ambiguous.
        assert_eq!(Money::parse("5.445").unwrap().to_string(), "5.4450");
        assert_eq!(Money::parse("-17.5").unwrap().to_string(), "-17.5");
        assert_eq!(Money::parse("1234.567").unwrap().to_string(), "1234.567");
        assert_eq!(Money::parse("0.125").unwrap().to_string(), "0.125");
        assert_eq!(Money::parse(".5").unwrap().to_string(), "0.5");
    }

    #[test]
    fn refuses_what_is_not_a_plain_amount() {
        for text in [
            "",
            "abc",
            "1e5",
            "NaN",
            "inf",
            "1.2.3",
            "0.0000001",
            "+5",
            "1,5",
        ] {
            assert!(Money::parse(text).is_err(), "{text} should be refused");
        }
    }

    #[test]
    fn scaling_rounds_to_the_dong() {
        assert_eq!(Money::parse("100").unwrap().scale(1.15).to_string(), "115");
        assert_eq!(Money::from_dong(3).scale(0.5), Money::from_dong(2));
    }
}
