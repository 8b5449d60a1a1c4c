//! Reading form and API input into text fields, the way a browser form would send them.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Form fields are text; API clients may send numbers or `null` for them. This reads
/// a JSON string, number or `null` as the text a form would have sent (`null` → "");
/// anything else — `true`, a list, an object — is refused, so `"name": false` is an
/// error naming the field, not a workstream called "false".
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text (a string; a number or null are read as text)")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            text(d)
        }
    }

    deserializer.deserialize_any(Text)
}

/// The e-mail address `text` names, if it is one Highlight can send to: what lettre
/// (which delivers the mail) accepts, with a dot in the domain (an address such as
/// `rachel@localhost` is almost always a typing slip in a council's directory).
/// The one definition of an address: set-up, import and delivery all use it.
pub fn email_address(text: &str) -> Option<lettre::Address> {
    let address: lettre::Address = text.trim().parse().ok()?;
    let domain = address.domain();
    (domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')).then_some(address)
}

/// Whether `text` is an e-mail address Highlight can send to ([`email_address`]).
pub fn looks_like_email(text: &str) -> bool {
    email_address(text).is_some()
}

/// Merges the fields of a JSON object into the JSON form of `current`, refusing unknown
/// fields: how a PATCH changes only what it names.
pub fn patch<T>(
    current: &T,
    changes: serde_json::Value,
) -> Result<T, highlight_domain::ValidationErrors>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let mut errors = highlight_domain::ValidationErrors::new();
    let mut base = serde_json::to_value(current).unwrap_or_default();
    match (base.as_object_mut(), changes) {
        (Some(base), serde_json::Value::Object(changes)) => {
            for (k, v) in changes {
                if base.contains_key(&k) {
                    base.insert(k, v);
                } else {
                    errors.add(
                        k.clone(),
                        format!("\"{k}\" is not a field that can be changed"),
                    );
                }
            }
        }
        _ => errors.add("body", "Send a JSON object of the fields to change"),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    serde_json::from_value(base).map_err(|e| {
        let mut errors = highlight_domain::ValidationErrors::new();
        errors.add("body", format!("The request body could not be read: {e}"));
        errors
    })
}

/// [`patch`] for a `PATCH`: a body that names no field is refused, rather than
/// answered 200 having changed nothing (which hides a client's mistake, such as a
/// body sent without its content).
pub fn change<T>(
    current: &T,
    changes: serde_json::Value,
) -> Result<T, highlight_domain::ValidationErrors>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    if changes.as_object().is_some_and(serde_json::Map::is_empty) {
        let mut errors = highlight_domain::ValidationErrors::new();
        errors.add(
            "body",
            "Send the fields to change, as a JSON object with at least one of them",
        );
        return Err(errors);
    }
    patch(current, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Named {
        #[serde(deserialize_with = "text")]
        name: String,
    }

    fn name(json: &str) -> Result<String, String> {
        serde_json::from_str::<Named>(json)
            .map(|n| n.name)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn text_numbers_and_null_read_as_text_and_other_types_are_refused() {
        assert_eq!(name(r#"{"name": "Alpha"}"#).unwrap(), "Alpha");
        assert_eq!(name(r#"{"name": 2}"#).unwrap(), "2");
        assert_eq!(name(r#"{"name": 1.5}"#).unwrap(), "1.5");
        assert_eq!(name(r#"{"name": null}"#).unwrap(), "");
        for wrong in ["false", "[1]", r#"{"a": 1}"#] {
            let e = name(&format!(r#"{{"name": {wrong}}}"#)).unwrap_err();
            assert!(e.contains("expected text"), "{wrong}: {e}");
        }
    }

    #[test]
    fn email_addresses_are_recognised() {
        assert!(looks_like_email("rachel.dunstan@pioneer-somerset.example"));
        for bad in ["", "rachel", "@x.org", "a@b", "a b@c.org", "a@@b.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
