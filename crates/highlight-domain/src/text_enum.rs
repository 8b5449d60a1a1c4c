//! Simple enums stored as text columns ("red", "on_hold", ...).
//!
//! The web crate keeps these values in text columns and JSON, so each one needs
//! the same four things: a stable snake_case string (`as_str`), parsing from that
//! string (`FromStr`, forgiving about case, spaces and hyphens), `Display`, and
//! serde using the same string. One macro writes them all so they cannot drift.

use serde::{Deserialize, Serialize};

/// A text that is not one of an enum's values, e.g. `"purple"` for a RAG status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("\"{value}\" is not a valid {what}: use one of {expected}")]
pub struct ParseEnumError {
    /// What was being parsed, in words ("RAG status").
    pub what: String,
    /// The text that was given.
    pub value: String,
    /// The accepted values, comma separated.
    pub expected: String,
}

impl ParseEnumError {
    pub(crate) fn new(what: &str, value: &str, expected: &[&str]) -> Self {
        Self {
            what: what.to_owned(),
            value: value.to_owned(),
            expected: expected.join(", "),
        }
    }
}

/// Lower-cases and turns spaces and hyphens into underscores so that
/// "On hold", "on-hold" and "ON_HOLD" all read as `on_hold`.
pub(crate) fn normalise_enum_text(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Declares a simple text enum; see the module docs.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form stored in the database and JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::ParseEnumError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let normalised = $crate::text_enum::normalise_enum_text(text);
                match normalised.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::text_enum::ParseEnumError::new(
                        $what,
                        text,
                        &[$($text),+],
                    )),
                }
            }
        }
    };
}

pub(crate) use text_enum;
