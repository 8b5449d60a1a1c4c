//! Page and e-mail templates: handlebars in strict mode, compiled into the binary.
//!
//! Strict mode makes a missing field an error instead of a blank, so a template and
//! its view struct cannot drift apart silently. With `server.reload_templates` (on in
//! development), debug builds re-read templates from `templates/` on every render, so
//! editing one needs no rebuild; elsewhere they are parsed once at start.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, handlebars_helper,
};
use rust_embed::RustEmbed;
use serde::Serialize;

#[derive(Debug, RustEmbed)]
#[folder = "../../templates/"]
#[include = "*.hbs"]
#[exclude = "email/*"]
struct TemplateFiles;

/// Static assets (CSS, icons) served by the app itself: nothing comes from a CDN.
#[derive(Debug, RustEmbed)]
#[folder = "../../templates/static/"]
pub struct StaticFiles;

#[derive(Debug)]
pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// Registers every `*.hbs` under `templates/` by its path without the extension,
    /// e.g. `pages/home`, `partials/layout`.
    pub fn load() -> anyhow::Result<Self> {
        Self::load_with(false)
    }

    /// As [`Templates::load`]; with `reload`, debug builds re-read each template from
    /// disk on every render (`server.reload_templates`, for editing templates live).
    pub fn load_with(reload: bool) -> anyhow::Result<Self> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        // A partial on an indented line of its own would otherwise have every line of
        // its output indented — the lines of a textarea's value too, so each save of a
        // multi-line answer would add spaces to it.
        registry.set_prevent_indent(true);
        registry.set_dev_mode(reload && cfg!(debug_assertions));
        registry.register_embed_templates_with_extension::<TemplateFiles>(".hbs")?;
        registry.register_helper("field_error", Box::new(field_error));
        registry.register_helper("url", Box::new(url_helper));
        registry.register_helper("tone_class", Box::new(tone_class));
        registry.register_helper("describedby", Box::new(describedby));
        registry.register_helper("status_colour", Box::new(status_colour));
        registry.register_helper("tone_colour", Box::new(tone_colour));
        registry.register_helper("inline_script", Box::new(inline_script));
        Ok(Self { registry })
    }

    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> anyhow::Result<String> {
        Ok(self.registry.render(name, data)?)
    }
}

handlebars_helper!(field_error: |errors: array, field: str| {
    errors
        .iter()
        .find(|e| e.get("field").and_then(|f| f.as_str()) == Some(field))
        .and_then(|e| e.get("message").and_then(|m| m.as_str()))
        .unwrap_or_default()
        .to_owned()
});

/// The tone a template passed to `helper`: one the read model did not write is a render
/// error, never a blank class or colour.
fn tone_of(
    value: &serde_json::Value,
    helper: &str,
) -> Result<highlight_app::text::Tone, RenderErrorReason> {
    serde_json::from_value(value.clone())
        .map_err(|e| RenderErrorReason::Other(format!("{helper}: {e}")))
}

handlebars_helper!(tone_class: |tone: Json| {
    crate::presenters::tone_class(tone_of(tone, "tone_class")?)
});

handlebars_helper!(tone_colour: |tone: Json| {
    crate::presenters::tone_tag_colour(tone_of(tone, "tone_colour")?)
});

handlebars_helper!(status_colour: |status: str| {
    // A status the read model did not write is a render error, never a blank colour.
    let status: highlight_domain::ReportStatus = status
        .parse()
        .map_err(|e| RenderErrorReason::Other(format!("status_colour: {e}")))?;
    crate::presenters::status_tag_colour(status)
});

/// `{{describedby name id=… hint=… error=… info=true carried=…}}` in a form field
/// partial: the field's ` aria-describedby="…"` naming its "carried forward" label, its
/// hint, its error and a character count's message, each only when it is there; nothing at all when none is. The ids are the ones
/// `partials/govuk/hint`, `error_message` and `character_count` give those elements.
fn describedby(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let given = |name: &str| {
        h.hash_get(name)
            .map(|v| v.value())
            .is_some_and(|v| match v {
                serde_json::Value::Null => false,
                serde_json::Value::Bool(b) => *b,
                serde_json::Value::String(s) => !s.is_empty(),
                _ => true,
            })
    };
    let id = match h.hash_get("id").map(|v| v.value()) {
        Some(serde_json::Value::String(id)) if !id.is_empty() => id.clone(),
        _ => h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or_else(|| RenderErrorReason::Other("describedby: give the field's name".into()))?
            .to_owned(),
    };
    let ids: Vec<String> = [
        ("carried", "carried"),
        ("hint", "hint"),
        ("error", "error"),
        ("info", "info"),
    ]
    .into_iter()
    .filter(|(param, _)| given(param))
    .map(|(_, suffix)| format!("{id}-{suffix}"))
    .collect();
    if !ids.is_empty() {
        let ids = handlebars::html_escape(&ids.join(" "));
        out.write(&format!(" aria-describedby=\"{ids}\""))?;
    }
    Ok(())
}

/// `{{inline_script}}`: the one inline script, which tells GOV.UK Frontend's styles that
/// JavaScript runs. The content security policy allows it by its hash
/// ([`crate::security::BODY_CLASS_SCRIPT`]) and no other inline script.
fn inline_script(
    _: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write("<script>")?;
    out.write(crate::security::BODY_CLASS_SCRIPT)?;
    out.write("</script>")?;
    Ok(())
}

/// `{{url "report" slug=… ws=… due=…}}`: a link built from the route's [`crate::paths`]
/// type, so templates never spell an address. An unknown route or a missing parameter is
/// a render error (caught by any test that renders the page).
fn url_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let route = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| RenderErrorReason::Other("url: name the route first".into()))?;
    let arg = |name: &str| -> Result<String, RenderError> {
        match h.hash_get(name).map(|v| v.value()) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
            _ => Err(RenderErrorReason::Other(format!("url \"{route}\": give {name}=")).into()),
        }
    };
    let link = crate::paths::link(route, &arg)
        .map_err(|e| RenderError::from(RenderErrorReason::Other(e)))?;
    out.write(&link)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indented_partial_keeps_a_multi_line_value_exactly() {
        let templates = Templates::load().unwrap();
        let page = serde_json::json!({
            "name": "risk_update", "label": "Risk update",
            "value": "- Capacity\n- Duplication", "errors": [],
        });
        let mut registry = templates.registry.clone();
        registry
            .register_template_string(
                "indented",
                "<div>\n    {{> partials/govuk/textarea name=name label=label value=value}}\n</div>",
            )
            .unwrap();
        let html = registry.render("indented", &page).unwrap();
        assert!(
            html.contains(">- Capacity\n- Duplication</textarea>"),
            "{html}"
        );
    }
}
