//! Settings as `highlight serve` uses them: secrets never shown.

use secrecy::SecretString;

use crate::support::http::test_settings;

#[test]
fn debug_output_of_the_settings_never_contains_the_smtp_password() {
    let mut settings = test_settings();
    settings.smtp.username = "highlight".into();
    settings.smtp.password = SecretString::from("correct horse battery staple");

    let shown = format!("{settings:?}");

    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}
