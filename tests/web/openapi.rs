//! The API is a contract, not a page: its OpenAPI document is snapshot-tested, so any
//! change to the API is a reviewed diff; every schema is typed (no bare `object`);
//! and the JSON carries no page layout (CSS classes, SVG coordinates).

use axum::http::StatusCode;
use serde_json::Value;

use crate::pioneer::*;

fn openapi() -> Value {
    let (_, doc) = highlight_web::routes::api::api_router().split_for_parts();
    serde_json::to_value(&doc).unwrap()
}

/// Every JSON path (`rows[0].assessment.overall`) in `value` whose key is one of `keys`.
fn paths_with_keys(value: &Value, keys: &[&str], at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{at}.{k}");
                if keys.contains(&k.as_str()) {
                    found.push(path.clone());
                }
                paths_with_keys(v, keys, &path, found);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                paths_with_keys(v, keys, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// Every schema in the document that is an object without any described property.
fn untyped_objects(value: &Value, at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let is_object = map.get("type") == Some(&Value::String("object".into()));
            let described = [
                "properties",
                "additionalProperties",
                "allOf",
                "oneOf",
                "anyOf",
            ]
            .iter()
            .any(|k| map.contains_key(*k));
            if is_object && !described {
                found.push(at.to_owned());
            }
            for (k, v) in map {
                untyped_objects(v, &format!("{at}.{k}"), found);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                untyped_objects(v, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_openapi_document_is_the_reviewed_contract() {
    // Arrange
    let doc = openapi();

    // Act
    let text = serde_json::to_string_pretty(&doc).unwrap();

    // Assert
    insta::assert_snapshot!(text);
}

#[test]
fn every_schema_in_the_openapi_document_is_typed() {
    // Arrange
    let doc = openapi();
    let mut untyped = Vec::new();

    // Act
    untyped_objects(&doc, "", &mut untyped);

    // Assert
    assert!(untyped.is_empty(), "untyped objects at {untyped:?}");
    let content = &doc["components"]["schemas"]["ReportContent"]["properties"];
    for field in [
        "budget",
        "schedule",
        "tolerances",
        "status_grid",
        "problems",
    ] {
        assert!(
            content[field].is_object(),
            "ReportContent.{field} is described"
        );
    }
}

#[tokio::test]
async fn the_api_json_of_a_workstream_and_the_board_has_no_page_layout() {
    // Arrange
    let app = demo_app().await;
    let token = token_for(&app, BOARD_MEMBER).await;
    let base = format!("/api/v1/programmes/{PROGRAMME}");

    // Act
    let workstream = api(
        &app,
        Some(&token),
        "GET",
        &format!("{base}/workstreams/enhanced-strategic-partnership"),
        None,
    )
    .await;
    let board = api(&app, Some(&token), "GET", &format!("{base}/board"), None).await;
    let pack = api(&app, Some(&token), "GET", &format!("{base}/pack"), None).await;

    // Assert
    for (what, response) in [
        ("workstream", &workstream),
        ("board", &board),
        ("pack", &pack),
    ] {
        assert_eq!(response.status, StatusCode::OK, "{what}: {}", response.body);
        let mut found = Vec::new();
        paths_with_keys(&response.json(), &["class", "cx", "cy"], what, &mut found);
        assert!(found.is_empty(), "page layout in the API JSON at {found:?}");
    }
    let w = workstream.json();
    assert!(w["pid"]["version"].is_u64());
    assert!(
        w["pid"]["baseline_budget"].is_null(),
        "no budget held is null, not words"
    );
    assert!(w["reports"][0]["status"].is_string());
    let b = board.json();
    assert_eq!(b["rows"][0]["assessment"]["overall"]["rag"], "red");
    assert!(b["counts"]["received"].is_u64(), "counts as numbers");
}

/// The JSON request bodies the document lists: (operation, schema name, body).
fn request_bodies(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let body = &operation["requestBody"];
            if let Some(reference) = body["content"]["application/json"]["schema"]["$ref"].as_str()
            {
                let name = reference.trim_start_matches("#/components/schemas/");
                found.push((format!("{method} {path}"), name.to_owned(), body.clone()));
            }
        }
    }
    found
}

#[test]
fn every_request_body_refuses_fields_it_does_not_name_and_is_required_only_when_empty_would_not_do()
{
    let doc = openapi();
    let bodies = request_bodies(&doc);
    assert!(bodies.len() >= 10, "{bodies:?}");

    for (operation, name, body) in bodies {
        let schema = &doc["components"]["schemas"][&name];
        assert_eq!(
            schema["additionalProperties"],
            Value::Bool(false),
            "{operation}: {name} must refuse unknown fields"
        );
        let has_required = schema["required"].as_array().is_some_and(|r| !r.is_empty());
        assert_eq!(
            body["required"],
            Value::Bool(has_required),
            "{operation}: an empty body reads as {{}}, so {name} is required only when {{}} does not fit"
        );
    }
}

#[test]
fn optional_dates_and_paging_say_what_the_server_reads() {
    let doc = openapi();
    let param = |path: &str, name: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["schema"]
            .clone()
    };

    let meeting = param("/api/v1/programmes/{slug}/pack", "meeting");
    let page = param("/api/v1/programmes/{slug}/audit", "page");
    let count = param("/api/v1/programmes/{slug}/cycle/preview", "count");
    let schemas = &doc["components"]["schemas"];

    assert_eq!(meeting["$ref"], "#/components/schemas/OptionalDate");
    assert_eq!(schemas["OptionalDate"]["anyOf"][0]["format"], "date");
    assert_eq!(
        schemas["OptionalDate"]["anyOf"][1]["maxLength"], 0,
        "blank is the default"
    );
    assert_eq!(page["$ref"], "#/components/schemas/PageNumber");
    assert!(
        schemas["PageNumber"].get("format").is_none(),
        "any page number reads"
    );
    assert_eq!(
        (count["minimum"].clone(), count["maximum"].clone()),
        (1.into(), 60.into())
    );
}

#[tokio::test]
async fn a_body_field_the_document_does_not_name_is_refused_by_name() {
    let app = demo_app().await;
    let lead = token_for(&app, CUSTOMER_ACCESS_LEAD).await;
    let url = format!(
        "/api/v1/programmes/{PROGRAMME}/workstreams/customer-access/reports/{}",
        due(&app).await
    );
    let read = api(&app, Some(&lead), "GET", &url, None).await.json();
    let lock = read["working_copy"]["lock_version"].clone();

    let extra_field = api(
        &app,
        Some(&lead),
        "PUT",
        &url,
        Some(serde_json::json!({"lock_version": lock, "fields": {"colour": "red"}})),
    )
    .await;
    let extra_top_level = api(
        &app,
        Some(&lead),
        "POST",
        &format!("{url}/submit"),
        Some(serde_json::json!({"lock_version": lock, "reason": "why"})),
    )
    .await;

    assert_eq!(extra_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(extra_field.body.contains("colour"), "{}", extra_field.body);
    assert_eq!(extra_top_level.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        extra_top_level.body.contains("reason"),
        "{}",
        extra_top_level.body
    );
}
