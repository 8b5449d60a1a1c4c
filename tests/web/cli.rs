//! The binary as an operator meets it: help, configuration mistakes, migrations.

use crate::support::process::run;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
    ] {
        let output = run(args, &[]);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Usage: highlight"), "{args:?}: {text}");
        assert!(
            text.contains("--database-url"),
            "{args:?} lacks --database-url: {text}"
        );
    }
}

#[test]
fn a_bad_config_value_is_one_line_naming_the_key_and_exits_2() {
    let output = run(&["migrate"], &[("HIGHLIGHT__LOG__FORMAT", "xml")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(message.contains("log.format"), "{message}");
    assert!(
        message.contains("`pretty`") && message.contains("`json`"),
        "{message}"
    );
    assert!(
        message.contains("HIGHLIGHT__LOG__FORMAT"),
        "names where it came from: {message}"
    );
}

#[test]
fn a_misspelt_setting_is_rejected_not_ignored() {
    let output = run(&["migrate"], &[("HIGHLIGHT__SERVER__PROT", "80")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("server.prot: unknown setting"),
        "{message}"
    );
}

#[test]
fn an_unknown_environment_exits_2() {
    let output = run(&["migrate"], &[("HIGHLIGHT_ENV", "staging")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("development, test or production"));
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let output = run(
        &[
            "migrate",
            "--database-url",
            "postgres://app:hunter2@127.0.0.1:1/highlight",
        ],
        &[("HIGHLIGHT__DATABASE__TIMEOUT_SECONDS", "2")],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("postgres://app:***@127.0.0.1:1/highlight"),
        "names the URL: {message}"
    );
    assert!(
        !message.contains("hunter2"),
        "leaks the password: {message}"
    );
}

#[test]
fn migrate_creates_the_sqlite_file_and_its_directory_then_has_nothing_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/nested/dir/highlight.db", dir.path().display());

    let first = run(&["migrate", "--database-url", &url], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("migration(s) applied"));
    assert!(dir.path().join("nested/dir/highlight.db").exists());

    let second = run(&["migrate", "--database-url", &url], &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(String::from_utf8_lossy(&second.stdout).contains("up to date"));
}
