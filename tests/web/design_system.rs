//! GOV.UK Frontend, vendored and served by the app: every page loads its CSS and script
//! from `/static/`, the one inline script runs by its hash, and every form field is built
//! by one partial, so a field's hint and error are always named by its
//! `aria-describedby`.

use axum::http::StatusCode;
use highlight_web::security::{BODY_CLASS_SCRIPT, CONTENT_SECURITY_POLICY};

use crate::pioneer::{PROGRAMME, PROGRAMME_MANAGER, demo_app, sign_in};
use crate::support::http::TestResponse;

/// The values of every `attribute="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Each hint, error message and character count message on `page` is named by some
/// field's `aria-describedby`, and each name there is an element on the page.
fn assert_fields_describe_their_hints_and_errors(path: &str, page: &TestResponse) {
    assert!(
        page.status.is_success() || page.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{path}: {}",
        page.status
    );
    let ids = attribute_values(&page.body, "id");
    let described: Vec<&str> = attribute_values(&page.body, "aria-describedby")
        .into_iter()
        .flat_map(str::split_whitespace)
        .collect();
    let explaining: Vec<&&str> = ids
        .iter()
        .filter(|id| id.ends_with("-hint") || id.ends_with("-error") || id.ends_with("-info"))
        .filter(|id| !id.starts_with("error-summary"))
        .collect();
    assert!(
        !explaining.is_empty(),
        "{path} has hints or errors to check"
    );
    for id in explaining {
        assert!(
            described.contains(id),
            "{path}: nothing names #{id} in aria-describedby"
        );
    }
    for name in described {
        assert!(
            ids.contains(&name),
            "{path}: aria-describedby names #{name}, which is not on the page"
        );
    }
}

#[tokio::test]
async fn every_hint_and_error_on_the_set_up_and_report_forms_is_named_by_its_field() {
    let app = demo_app().await;
    let mut manager = sign_in(&app, PROGRAMME_MANAGER).await;
    let pages = [
        format!("/programmes/{PROGRAMME}/settings"),
        format!("/programmes/{PROGRAMME}/workstreams/new"),
        format!("/programmes/{PROGRAMME}/workstreams/shared-services/edit"),
        format!("/programmes/{PROGRAMME}/workstreams/shared-services/pid/edit"),
        format!("/programmes/{PROGRAMME}/people"),
        "/account/password".to_owned(),
    ];
    for path in &pages {
        let page = manager.get(path).await;
        assert_fields_describe_their_hints_and_errors(path, &page);
    }

    // With errors: a workstream with no name and a bad address.
    let path = format!("/programmes/{PROGRAMME}/workstreams/new");
    let refused = manager
        .post_form(
            &path,
            &[
                ("name", ""),
                ("slug", "Not A Slug"),
                ("lead_email", "nobody"),
                ("stage", "x"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("id=\"name-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("id=\"slug-error\""));
    assert_fields_describe_their_hints_and_errors(&path, &refused);
}

#[tokio::test]
async fn pages_load_gov_uk_frontend_from_the_app_and_run_only_the_hashed_inline_script() {
    let app = demo_app().await;
    let mut manager = sign_in(&app, PROGRAMME_MANAGER).await;

    let page = manager.get(&format!("/programmes/{PROGRAMME}")).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("href=\"/static/govuk-frontend.min.css\"")
    );
    assert!(
        page.body
            .contains("<script type=\"module\" src=\"/static/highlight.js\"></script>")
    );
    let inline: Vec<&str> = page
        .body
        .split("<script>")
        .skip(1)
        .filter_map(|s| s.split_once("</script>").map(|(script, _)| script))
        .collect();
    assert_eq!(
        inline,
        [BODY_CLASS_SCRIPT],
        "one inline script, the hashed one"
    );
    assert_eq!(
        page.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY)
    );
    assert!(
        !page.body.contains("https://"),
        "nothing is loaded from elsewhere"
    );

    for (file, kind) in [
        ("govuk-frontend.min.css", "text/css"),
        ("govuk-frontend.min.js", "text/javascript"),
        ("highlight.js", "text/javascript"),
    ] {
        let asset = manager.get(&format!("/static/{file}")).await;
        assert_eq!(asset.status, StatusCode::OK, "{file}");
        assert!(
            asset.content_type().starts_with(kind),
            "{file}: {}",
            asset.content_type()
        );
    }
    let css = manager.get("/static/govuk-frontend.min.css").await;
    assert!(
        !css.body.contains("GDS Transport"),
        "the GOV.UK typeface is switched off"
    );
    assert!(
        css.body.contains("system-ui"),
        "a system font stack instead"
    );
    assert!(
        css.body.contains(".govuk-task-list"),
        "the components are compiled in"
    );
}
