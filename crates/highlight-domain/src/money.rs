//! Money as integer pence.
//!
//! Budgets, spend and forecasts are compared and subtracted to decide budget status
//! and cost tolerance; floating point would make "on budget" depend on rounding.
//! [`Money`] holds whole pence in an `i64` and is always in the programme's currency
//! ([`Currency`], GBP unless configured). It parses what people type in a board pack
//! ("£1,234.56", "1234", "-£50") and shows itself the same way ("£1,234.56").

use crate::percent::Percent;
use crate::text_enum::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

/// The largest amount accepted from input: £1 trillion. Anything bigger is a typo.
pub const MAX_POUNDS: i64 = 1_000_000_000_000;

/// An amount of money in pence, in the programme's currency.
///
/// Serialised as a JSON integer number of pence (`123456` is £1,234.56).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

text_enum! {
    /// The programme's currency. Only pounds sterling is offered today.
    #[derive(Default)]
    pub enum Currency ("currency") {
        /// Pounds sterling.
        #[default]
        Gbp => "gbp",
    }
}

impl Currency {
    /// The symbol shown before amounts.
    pub const fn symbol(self) -> &'static str {
        match self {
            Currency::Gbp => "£",
        }
    }
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum MoneyParseError {
    /// Nothing was entered where an amount is required.
    #[error("Enter an amount, like £1,234.56")]
    Empty,
    /// Not a number at all.
    #[error("\"{0}\" is not an amount of money: enter pounds and pence, like £1,234.56")]
    NotANumber(String),
    /// More than two digits after the decimal point.
    #[error("\"{0}\" has more than two digits of pence: enter pounds and pence, like £1,234.56")]
    TooManyDecimals(String),
    /// Commas not in groups of three.
    #[error(
        "\"{0}\" has commas in the wrong places: write thousands like £1,234,567 or leave the commas out"
    )]
    BadGrouping(String),
    /// Beyond [`MAX_POUNDS`].
    #[error("\"{0}\" is too large to be right: check the figure (the limit is £1 trillion)")]
    TooLarge(String),
}

impl Money {
    /// No money.
    pub const ZERO: Money = Money(0);

    /// An amount in pence.
    pub const fn from_pence(pence: i64) -> Self {
        Money(pence)
    }

    /// An amount in whole pounds (saturating at the `i64` limits).
    pub const fn from_pounds(pounds: i64) -> Self {
        Money(pounds.saturating_mul(100))
    }

    /// The amount in pence.
    pub const fn pence(self) -> i64 {
        self.0
    }

    /// True below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True at zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The size of the amount, ignoring its sign.
    pub const fn abs(self) -> Money {
        Money(self.0.saturating_abs())
    }

    /// `percent` of this amount, rounded half away from zero to the penny.
    pub fn percent_of(self, percent: Percent) -> Money {
        // basis points: 1% = 100
        let product = i128::from(self.0) * i128::from(percent.basis_points());
        let divisor = 10_000i128;
        let rounded = if product >= 0 {
            (product + divisor / 2) / divisor
        } else {
            (product - divisor / 2) / divisor
        };
        Money(i64::try_from(rounded).unwrap_or(if product >= 0 { i64::MAX } else { i64::MIN }))
    }

    /// What share of `whole` this amount is, in basis points (`None` when `whole` is zero).
    pub fn share_of(self, whole: Money) -> Option<i64> {
        if whole.0 == 0 {
            return None;
        }
        let share = i128::from(self.0) * 10_000 / i128::from(whole.0);
        Some(i64::try_from(share).unwrap_or(i64::MAX))
    }

    /// Parses an amount as people type it: "£1,234.56", "1234", "1234.5", "-£50", "£-50".
    /// Blank text and board-pack blanks ("-", "N/A") are errors here; use
    /// [`Money::parse_optional`] where an amount may be absent.
    pub fn parse(text: &str) -> Result<Money, MoneyParseError> {
        let original = text.trim();
        if original.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let mut t = original.replace(' ', "");
        let mut negative = false;
        // "-£50", "£-50", "(£50)" are all negative.
        if t.starts_with('(') && t.ends_with(')') && t.len() > 2 {
            negative = true;
            t = t[1..t.len() - 1].to_owned();
        }
        if let Some(rest) = t.strip_prefix('-') {
            negative = !negative;
            t = rest.to_owned();
        }
        if let Some(rest) = t.strip_prefix('£') {
            t = rest.to_owned();
        }
        if let Some(rest) = t.strip_prefix('-') {
            negative = !negative;
            t = rest.to_owned();
        }
        let (whole, fraction) = match t.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (t.as_str(), None),
        };
        let not_a_number = || MoneyParseError::NotANumber(original.to_owned());
        if whole.is_empty() && fraction.is_none_or(str::is_empty) {
            return Err(not_a_number());
        }
        let whole_digits: String = if whole.contains(',') {
            let groups: Vec<&str> = whole.split(',').collect();
            let first_ok = (1..=3).contains(&groups[0].len());
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return Err(MoneyParseError::BadGrouping(original.to_owned()));
            }
            groups.concat()
        } else {
            whole.to_owned()
        };
        if !whole_digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_number());
        }
        let pence_part: i64 = match fraction {
            None => 0,
            Some("") => 0,
            Some(f) if !f.chars().all(|c| c.is_ascii_digit()) => return Err(not_a_number()),
            Some(f) if f.len() > 2 => {
                return Err(MoneyParseError::TooManyDecimals(original.to_owned()));
            }
            Some(f) if f.len() == 1 => f.parse::<i64>().map_err(|_| not_a_number())? * 10,
            Some(f) => f.parse::<i64>().map_err(|_| not_a_number())?,
        };
        let pounds: i64 = if whole_digits.is_empty() {
            0
        } else if whole_digits.len() > 13 {
            return Err(MoneyParseError::TooLarge(original.to_owned()));
        } else {
            whole_digits.parse().map_err(|_| not_a_number())?
        };
        if pounds > MAX_POUNDS || (pounds == MAX_POUNDS && pence_part > 0) {
            return Err(MoneyParseError::TooLarge(original.to_owned()));
        }
        let pence = pounds * 100 + pence_part;
        Ok(Money(if negative { -pence } else { pence }))
    }

    /// Like [`Money::parse`], but blank text, "-", "£-" and "N/A" mean "no amount".
    pub fn parse_optional(text: &str) -> Result<Option<Money>, MoneyParseError> {
        if crate::validation::is_blank(text) {
            Ok(None)
        } else {
            Money::parse(text).map(Some)
        }
    }
}

impl FromStr for Money {
    type Err = MoneyParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pence = self.0.unsigned_abs();
        let pounds = (pence / 100).to_string();
        let mut grouped = String::with_capacity(pounds.len() + pounds.len() / 3);
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}£{grouped}.{:02}", pence % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// Parses an optional, non-negative amount for a named field (spend, budget, forecast).
pub(crate) fn non_negative_money(
    errors: &mut crate::validation::ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
) -> Option<Money> {
    match Money::parse_optional(text) {
        Ok(Some(m)) if m.is_negative() => {
            errors.add(
                field,
                format!(
                    "{} cannot be negative: enter 0 or more",
                    crate::validation::sentence_case(label)
                ),
            );
            None
        }
        Ok(m) => m,
        Err(e) => {
            errors.add(
                field,
                format!("{}: {e}", crate::validation::sentence_case(label)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("£1,234.56"), Ok(Money::from_pence(123_456)));
        assert_eq!(Money::parse("1234"), Ok(Money::from_pounds(1234)));
        assert_eq!(Money::parse("1234.5"), Ok(Money::from_pence(123_450)));
        assert_eq!(Money::parse(" £ 12 "), Ok(Money::from_pounds(12)));
        assert_eq!(Money::parse("-£50"), Ok(Money::from_pounds(-50)));
        assert_eq!(Money::parse("£-50"), Ok(Money::from_pounds(-50)));
        assert_eq!(Money::parse("(£50.00)"), Ok(Money::from_pounds(-50)));
        assert_eq!(Money::parse(".5"), Ok(Money::from_pence(50)));
        assert_eq!(Money::parse("0"), Ok(Money::ZERO));
    }

    #[test]
    fn board_pack_blanks_are_absent_amounts() {
        for t in ["", "-", "£-", "N/A", "£ N/A"] {
            assert_eq!(Money::parse_optional(t), Ok(None), "{t:?}");
        }
        assert_eq!(Money::parse_optional("£5"), Ok(Some(Money::from_pounds(5))));
    }

    #[test]
    fn rejects_nonsense_with_a_message_saying_how_to_write_it() {
        assert!(matches!(
            Money::parse("abc"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse("£1.234"),
            Err(MoneyParseError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Money::parse("1,23,4"),
            Err(MoneyParseError::BadGrouping(_))
        ));
        assert!(matches!(
            Money::parse("£"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse("1e5"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(
            Money::parse("abc")
                .unwrap_err()
                .to_string()
                .contains("£1,234.56")
        );
    }

    #[test]
    fn absurd_amounts_are_rejected() {
        assert!(matches!(
            Money::parse("£2,000,000,000,000"),
            Err(MoneyParseError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyParseError::TooLarge(_))
        ));
        assert!(Money::parse("£1,000,000,000,000").is_ok());
    }

    #[test]
    fn displays_with_pound_sign_and_thousands() {
        assert_eq!(Money::from_pence(123_456).to_string(), "£1,234.56");
        assert_eq!(Money::from_pence(5).to_string(), "£0.05");
        assert_eq!(Money::from_pounds(1_000_000).to_string(), "£1,000,000.00");
        assert_eq!(Money::from_pence(-123_456).to_string(), "-£1,234.56");
        assert_eq!(Money::from_pounds(100).to_string(), "£100.00");
    }

    #[test]
    fn display_round_trips_through_parse() {
        for p in [0, 1, 99, 100, 123_456, -987_654_321, 100_000_000] {
            let m = Money::from_pence(p);
            assert_eq!(Money::parse(&m.to_string()), Ok(m));
        }
    }

    #[test]
    fn percent_of_rounds_to_the_penny() {
        let ten = Percent::from_basis_points(1_000);
        assert_eq!(
            Money::from_pounds(1_000).percent_of(ten),
            Money::from_pounds(100)
        );
        assert_eq!(Money::from_pence(5).percent_of(ten), Money::from_pence(1));
        assert_eq!(Money::ZERO.percent_of(ten), Money::ZERO);
    }

    #[test]
    fn serialises_as_integer_pence() {
        assert_eq!(
            serde_json::to_string(&Money::from_pence(123_456)).unwrap(),
            "123456"
        );
        assert_eq!(serde_json::to_string(&Currency::Gbp).unwrap(), "\"gbp\"");
    }

    #[test]
    fn negative_spend_is_rejected_naming_the_field() {
        let mut errors = crate::validation::ValidationErrors::new();
        assert_eq!(
            non_negative_money(&mut errors, "spend_to_date", "spend to date", "-5"),
            None
        );
        assert_eq!(
            errors.messages_for("spend_to_date").collect::<Vec<_>>(),
            ["Spend to date cannot be negative: enter 0 or more"]
        );
    }
}
