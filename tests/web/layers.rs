//! The layers the compiler keeps apart stay apart: each crate's own dependencies name
//! nothing of a layer above it, and no product source outside the store names sea-orm.
//! (ARCHITECTURE.md has the picture; this is what holds it when a dependency is added.)

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap()
}

/// The names in a crate's `[dependencies]` (not its dev-dependencies: tests may read
/// rows directly).
fn dependencies(krate: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml"))
        .expect("the crate's manifest reads");
    let manifest: toml::Table = manifest.parse().expect("the manifest parses");
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

const DATABASE: &[&str] = &["sea-orm", "sqlx", "sea-query", "sea-orm-migration"];
const HTTP_AND_PAGES: &[&str] = &[
    "axum",
    "axum-extra",
    "tower",
    "tower-http",
    "hyper",
    "handlebars",
    "utoipa",
    "utoipa-axum",
    "utoipa-swagger-ui",
    "cookie",
    "docx-rs",
];

fn named(krate: &str, forbidden: &[&[&str]]) -> Vec<String> {
    dependencies(krate)
        .into_iter()
        .filter(|d| forbidden.iter().any(|f| f.contains(&d.as_str())))
        .collect()
}

#[test]
fn each_crate_depends_only_on_the_layers_below_it() {
    let app_layer: &[&str] = &["highlight-app"];
    let store_layer: &[&str] = &["highlight-store"];
    let web_layer: &[&str] = &["highlight-web"];

    assert_eq!(
        named(
            "highlight-domain",
            &[
                DATABASE,
                HTTP_AND_PAGES,
                store_layer,
                app_layer,
                web_layer,
                &["tokio"]
            ]
        ),
        Vec::<String>::new(),
        "the domain is pure: no database, HTTP, pages, runtime or other layer"
    );
    assert_eq!(
        named("highlight-store", &[HTTP_AND_PAGES, app_layer, web_layer]),
        Vec::<String>::new(),
        "the store knows nothing of use cases, HTTP or pages"
    );
    assert_eq!(
        named("highlight-app", &[DATABASE, HTTP_AND_PAGES, web_layer]),
        Vec::<String>::new(),
        "the use cases reach the database only through the store, and know no HTTP"
    );
    assert_eq!(
        named("highlight-web", &[DATABASE]),
        Vec::<String>::new(),
        "the web crate reaches the database only through the store"
    );
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_product_source_outside_the_store_names_sea_orm() {
    let mut files = Vec::new();
    for krate in ["highlight-domain", "highlight-app", "highlight-web"] {
        sources(&root().join("crates").join(krate).join("src"), &mut files);
    }

    let naming: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("sea_orm::") || text.contains("use sea_orm") || text.contains("sqlx::")
        })
        .map(|f| f.display().to_string())
        .collect();

    assert!(files.len() > 50, "the sources were found: {}", files.len());
    assert!(naming.is_empty(), "{naming:?}");
}
