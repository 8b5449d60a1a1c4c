//! E-mail templates: a folder per kind under `templates/email/<kind>/` holding
//! `subject.hbs`, `text.hbs` and `html.hbs`, rendered together from one data value.
//!
//! Two handlebars registries, both strict (a field the data lacks is an error, so a
//! message is never sent with a blank where the due date should be): the subject and
//! plain-text body are rendered *without* HTML escaping (an ampersand in a workstream
//! name stays an ampersand), the HTML body with it. Templates under
//! `templates/email/partials/` are shared by the HTML bodies.

use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde::Serialize;

#[derive(Debug, RustEmbed)]
#[folder = "../../templates/email/"]
#[include = "*.hbs"]
struct EmailFiles;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug)]
pub struct EmailTemplates {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl EmailTemplates {
    pub fn load() -> anyhow::Result<Self> {
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        text.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        for path in EmailFiles::iter() {
            let Some(file) = EmailFiles::get(&path) else {
                continue;
            };
            let source = std::str::from_utf8(&file.data)
                .map_err(|e| anyhow::anyhow!("templates/email/{path} is not UTF-8: {e}"))?;
            let name = path.trim_end_matches(".hbs");
            if name.ends_with("/html") || name.starts_with("partials/") {
                html.register_template_string(name, source)?;
            } else {
                text.register_template_string(name, source)?;
            }
        }
        Ok(Self { text, html })
    }

    /// True when `templates/email/<kind>/` has all three templates.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.text.has_template(&format!("{kind}/subject"))
            && self.text.has_template(&format!("{kind}/text"))
            && self.html.has_template(&format!("{kind}/html"))
    }

    /// Renders the three parts of a `kind` message from `data`.
    pub fn render<T: Serialize>(&self, kind: &str, data: &T) -> anyhow::Result<RenderedEmail> {
        if !self.has_kind(kind) {
            anyhow::bail!("there is no e-mail template for \"{kind}\" in templates/email/{kind}/");
        }
        let subject = self.text.render(&format!("{kind}/subject"), data)?;
        Ok(RenderedEmail {
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            text: self.text.render(&format!("{kind}/text"), data)?,
            html: self.html.render(&format!("{kind}/html"), data)?,
        })
    }
}
