//! URL-safe names.
//!
//! Programmes and workstreams appear in URLs (`/programmes/pioneer-somerset`). A
//! [`Slug`] is made from the name a person typed and is always lowercase ASCII
//! letters, digits and single hyphens, so it can be used without escaping.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest slug.
pub const MAX_SLUG_CHARS: usize = 80;

/// Lowercase `a-z`, `0-9` and single hyphens, not starting or ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a text cannot be a slug.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum SlugError {
    /// The name has no letters or digits to build a slug from.
    #[error("The name needs at least one letter or digit to make a web address from")]
    NoLettersOrDigits,
    /// The text is not already in slug form.
    #[error(
        "\"{0}\" is not a valid web address name: use lowercase letters, digits and single hyphens, like pioneer-somerset"
    )]
    Invalid(String),
}

impl Slug {
    /// Builds a slug from a display name: "Pioneer Somerset" → "pioneer-somerset",
    /// "Strategic Leadership (Political)" → "strategic-leadership-political".
    /// Letters outside ASCII are transliterated by `deunicode` ("Straße" → "strasse",
    /// "Москва" → "moskva"); anything else that is not an ASCII letter or digit
    /// separates words; the result is cut at a word boundary to [`MAX_SLUG_CHARS`].
    pub fn from_name(name: &str) -> Result<Slug, SlugError> {
        let mut out = String::new();
        let mut pending_hyphen = false;
        // A character deunicode has no ASCII for separates words, like punctuation.
        for c in deunicode::deunicode_with_tofu(name, " ").chars() {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push(c.to_ascii_lowercase());
            } else if c != '\'' && c != '’' {
                pending_hyphen = true;
            }
        }
        if out.is_empty() {
            return Err(SlugError::NoLettersOrDigits);
        }
        if out.len() > MAX_SLUG_CHARS {
            let cut = out[..=MAX_SLUG_CHARS]
                .rfind('-')
                .filter(|&i| i > 0)
                .unwrap_or(MAX_SLUG_CHARS);
            out.truncate(cut);
            while out.ends_with('-') {
                out.pop();
            }
        }
        Ok(Slug(out))
    }

    /// Accepts text that is already a slug (from a URL or the database).
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        let valid = !text.is_empty()
            && text.len() <= MAX_SLUG_CHARS
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if valid {
            Ok(Slug(text.to_owned()))
        } else {
            Err(SlugError::Invalid(text.to_owned()))
        }
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This slug with "-2", "-3", … appended, for a name already taken.
    pub fn with_suffix(&self, n: u32) -> Slug {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_SLUG_CHARS - suffix.len());
        while base.ends_with('-') {
            base.pop();
        }
        Slug(base + &suffix)
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Slug {
    type Err = SlugError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Slug::parse(s)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Slug {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Slug {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_from_a_programme_name() {
        assert_eq!(
            Slug::from_name("Pioneer Somerset").unwrap(),
            "pioneer-somerset"
        );
    }

    #[test]
    fn punctuation_and_accents_become_single_hyphens() {
        assert_eq!(
            Slug::from_name("  Strategic Leadership (Political) ").unwrap(),
            "strategic-leadership-political"
        );
        assert_eq!(
            Slug::from_name("Café -- Référence").unwrap(),
            "cafe-reference"
        );
        assert_eq!(
            Slug::from_name("Sector-led support").unwrap(),
            "sector-led-support"
        );
        assert_eq!(Slug::from_name("Members' Room").unwrap(), "members-room");
    }

    #[test]
    fn german_letters_and_typographic_dashes_fold_to_ascii() {
        assert_eq!(
            Slug::from_name("Bücher & Café — Straße").unwrap(),
            "bucher-cafe-strasse"
        );
    }

    #[test]
    fn names_in_other_scripts_are_transliterated() {
        assert_eq!(Slug::from_name("Москва Сити").unwrap(), "moskva-siti");
        assert_eq!(Slug::from_name("Αθήνα").unwrap(), "athena");
        assert_eq!(Slug::from_name("北京").unwrap(), "bei-jing");
    }

    #[test]
    fn a_name_without_letters_or_digits_has_no_slug() {
        assert_eq!(Slug::from_name("!!!"), Err(SlugError::NoLettersOrDigits));
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let s = Slug::from_name(&"word ".repeat(40)).unwrap();
        assert!(s.as_str().len() <= MAX_SLUG_CHARS);
        assert!(s.as_str().ends_with("word"));
        assert!(Slug::parse(s.as_str()).is_ok());
    }

    #[test]
    fn parse_rejects_anything_not_already_a_slug() {
        for t in ["", "Upper", "a--b", "-a", "a-", "a b", "a_b"] {
            assert!(Slug::parse(t).is_err(), "{t:?}");
        }
        assert!(Slug::parse("shared-services-2").is_ok());
    }

    #[test]
    fn suffix_for_a_taken_name() {
        assert_eq!(Slug::parse("pioneer").unwrap().with_suffix(2), "pioneer-2");
    }

    #[test]
    fn serde_refuses_an_invalid_slug() {
        assert!(serde_json::from_str::<Slug>("\"Not A Slug\"").is_err());
        assert_eq!(
            serde_json::from_str::<Slug>("\"ok-slug\"").unwrap(),
            "ok-slug"
        );
    }
}
