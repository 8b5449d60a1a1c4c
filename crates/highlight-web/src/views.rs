//! Rendering pages: every page gets the layout's context (title, the signed-in person,
//! the CSRF token for its forms) beside its own view struct.

use axum::response::Html;
use serde::Serialize;

use crate::app::AppState;
use crate::auth::{Actor, CsrfToken};
use crate::error::WebResult;

/// What the layout shows about the signed-in person.
#[derive(Debug, Clone, Serialize)]
pub struct NavUser {
    pub name: String,
    pub email: String,
    pub is_admin: bool,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    title: &'a str,
    user: Option<NavUser>,
    csrf: &'a str,
    #[serde(flatten)]
    view: &'a T,
}

/// Renders `template` with `view` inside the layout.
pub fn render<T: Serialize>(
    state: &AppState,
    actor: Option<&Actor>,
    csrf: &CsrfToken,
    template: &str,
    title: &str,
    view: &T,
) -> WebResult<Html<String>> {
    let page = Page {
        title,
        user: actor.map(|a| NavUser {
            name: a.user.name.clone(),
            email: a.user.email.clone(),
            is_admin: a.user.is_admin,
        }),
        csrf: &csrf.0,
        view,
    };
    Ok(Html(state.templates.render(template, &page)?))
}
