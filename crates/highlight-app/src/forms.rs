//! Reading form and API input into text fields, the way a browser form would send them.

use serde::{Deserialize, Deserializer};

/// Form fields are text; API clients may send numbers or `null` for them. This reads
/// any JSON scalar as the text a form would have sent (`null` → "").
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
        Null,
    }
    Ok(match Scalar::deserialize(deserializer)? {
        Scalar::Text(s) => s,
        Scalar::Int(n) => n.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => String::new(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_recognised() {
        assert!(looks_like_email("rachel.dunstan@pioneer-somerset.example"));
        for bad in ["", "rachel", "@x.org", "a@b", "a b@c.org", "a@@b.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
