//! Typed, layered configuration.
//!
//! Layers, later wins: `config/default.toml`, then `config/<environment>.toml` (the
//! environment comes from `HIGHLIGHT_ENV`: development, test or production), then
//! environment variables `HIGHLIGHT__SECTION__KEY`. When the process runs outside the
//! source tree (no `config/` directory) the copies compiled into the binary are used.
//!
//! Every section rejects unknown keys, so a misspelt key or environment variable is an
//! error naming it, never a silently ignored setting. A bad value is reported as one
//! line naming the key, what was given, what is allowed, and where it came from.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;

use highlight_domain::session_life::SessionPolicy;
use highlight_domain::throttle::ThrottlePolicy;
pub use highlight_store::db::DatabaseSettings;

pub use crate::routes::client::{ProxyRange, TrustedProxies};

/// Which configuration file is layered over `default.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    /// Reads `HIGHLIGHT_ENV` (default: development).
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var("HIGHLIGHT_ENV") {
            Err(_) => Ok(Self::Development),
            Ok(value) => value.parse(),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" | "prod" => Ok(Self::Production),
            other => Err(ConfigError(format!(
                "HIGHLIGHT_ENV: \"{other}\" is not an environment; use development, test or production"
            ))),
        }
    }
}

/// All of Highlight's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub mail: crate::mail::settings::MailSettings,
    pub smtp: crate::mail::settings::SmtpSettings,
    pub scheduler: crate::mail::settings::SchedulerSettings,
    #[serde(default)]
    pub api: ApiSettings,
    #[serde(default)]
    pub signin: SigninSettings,
    #[serde(default)]
    pub session: SessionSettings,
}

/// `[api]`: the JSON API's tokens.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// How many days a new API token works (90 unless configured).
    pub token_days: u32,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            token_days: highlight_domain::account::DEFAULT_TOKEN_DAYS,
        }
    }
}

/// `[signin]`: how many password checks are allowed, and how many run at once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SigninSettings {
    /// How long a throttling window lasts from its first attempt, in minutes.
    pub window_minutes: u32,
    /// Password checks per e-mail address and client address within a window.
    pub max_attempts_per_account_and_address: u32,
    /// Password checks per client address within a window (for many accounts).
    pub max_attempts_per_address: u32,
    /// Password hashes computed at once; 0 means one per CPU.
    pub max_concurrent_hashes: usize,
    /// How long a sign-in waits for a free hasher before it is answered 503.
    pub hash_wait_seconds: u64,
}

impl Default for SigninSettings {
    fn default() -> Self {
        let policy = ThrottlePolicy::default();
        Self {
            window_minutes: u32::try_from(policy.window.num_minutes()).unwrap_or(15),
            max_attempts_per_account_and_address: policy.per_account_and_address,
            max_attempts_per_address: policy.per_address,
            max_concurrent_hashes: 0,
            hash_wait_seconds: 5,
        }
    }
}

impl SigninSettings {
    pub fn policy(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            window: chrono::Duration::minutes(i64::from(self.window_minutes.max(1))),
            per_account_and_address: self.max_attempts_per_account_and_address.max(1),
            per_address: self.max_attempts_per_address.max(1),
        }
    }

    /// How many hashes may run at once (at least one).
    pub fn hashers(&self) -> usize {
        match self.max_concurrent_hashes {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }
}

/// `[session]`: how long a sign-in lasts (OWASP ASVS 3.3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSettings {
    /// Signed out after this many minutes without a request.
    pub idle_minutes: u32,
    /// Signed out this many hours after signing in, however busy.
    pub absolute_hours: u32,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            idle_minutes: 30,
            absolute_hours: 12,
        }
    }
}

impl SessionSettings {
    pub fn policy(&self) -> SessionPolicy {
        SessionPolicy {
            idle_timeout: chrono::Duration::minutes(i64::from(self.idle_minutes.max(1))),
            absolute_lifetime: chrono::Duration::hours(i64::from(self.absolute_hours.max(1))),
            ..SessionPolicy::default()
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawServerSettings")]
pub struct ServerSettings {
    pub bind: SocketAddr,
    /// Re-read page templates from `templates/` on every render (debug builds only), so
    /// editing a template needs no restart. Slow: for development only.
    pub reload_templates: bool,
    /// The address people reach the app at, used in links in e-mails. When the
    /// configuration does not set it, it is `http://` and [`bind`](Self::bind), and
    /// `highlight serve` replaces it with the address it actually bound (so `--bind` and
    /// port 0 give working links); production refuses to start without it.
    pub public_url: url::Url,
    /// Whether `public_url` was configured or follows the address bound.
    pub public_url_source: PublicUrlSource,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges).
    pub trusted_proxies: TrustedProxies,
}

/// Where `server.public_url` came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicUrlSource {
    /// Not configured: it follows the address the server listens on.
    Bind,
    /// Set in the configuration; says where, e.g. "config/production.toml" or "the
    /// environment variable HIGHLIGHT__SERVER__PUBLIC_URL".
    Configured(String),
}

/// `[server]` as written, before `public_url` is filled in from `bind`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServerSettings {
    bind: SocketAddr,
    #[serde(default)]
    reload_templates: bool,
    public_url: Option<url::Url>,
    #[serde(default)]
    trusted_proxies: TrustedProxies,
}

impl From<RawServerSettings> for ServerSettings {
    fn from(raw: RawServerSettings) -> Self {
        let (public_url, public_url_source) = match raw.public_url {
            Some(url) => (url, PublicUrlSource::Configured(String::new())),
            None => (url_for(raw.bind), PublicUrlSource::Bind),
        };
        Self {
            bind: raw.bind,
            reload_templates: raw.reload_templates,
            public_url,
            public_url_source,
            trusted_proxies: raw.trusted_proxies,
        }
    }
}

impl ServerSettings {
    /// Points an unconfigured `public_url` at `address`, the address the server is
    /// listening on (with port 0, the port the system chose). A configured one is kept.
    pub fn use_bound_address(&mut self, address: SocketAddr) {
        if self.public_url_source == PublicUrlSource::Bind {
            self.public_url = url_for(address);
        }
    }

    /// Production needs a `public_url` that a reader of an e-mail can reach.
    fn check(&self, environment: Environment) -> Result<(), ConfigError> {
        if environment != Environment::Production {
            return Ok(());
        }
        match &self.public_url_source {
            PublicUrlSource::Bind => Err(ConfigError(
                "server.public_url: missing; production needs the address people reach Highlight at, \
                 e.g. https://highlight.example.org, for the links in e-mails \
                 (set it in config/production.toml or HIGHLIGHT__SERVER__PUBLIC_URL)"
                    .into(),
            )),
            PublicUrlSource::Configured(source) if is_loopback(&self.public_url) => {
                Err(ConfigError(format!(
                    "server.public_url: \"{}\" is a loopback address, so links in e-mails would point at \
                     the reader's own computer; in production use the address people reach Highlight at, \
                     e.g. https://highlight.example.org (from {source})",
                    self.public_url
                )))
            }
            PublicUrlSource::Configured(_) => Ok(()),
        }
    }
}

/// `http://ADDRESS/`, with an unspecified address (0.0.0.0, ::) as the loopback one:
/// a server listening on every interface is reachable on this machine at loopback.
fn url_for(address: SocketAddr) -> url::Url {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let text = format!("http://{}/", SocketAddr::new(ip, address.port()));
    url::Url::parse(&text).unwrap_or_else(|e| unreachable!("{text} is a URL: {e}"))
}

/// Whether `url` points at the machine reading it: 127.0.0.0/8, ::1 (also as
/// ::ffff:127.x.y.z) or localhost (and its subdomains, RFC 6761).
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A configuration problem, as one line a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

const EMBEDDED: [(&str, &str); 4] = [
    ("default", include_str!("../../../config/default.toml")),
    (
        "development",
        include_str!("../../../config/development.toml"),
    ),
    ("test", include_str!("../../../config/test.toml")),
    (
        "production",
        include_str!("../../../config/production.toml"),
    ),
];

impl Settings {
    /// Loads the settings for `environment` from `config_dir` (or the compiled-in copies
    /// when that directory does not exist) and the process environment.
    /// Production also refuses unsafe defaults (the capture mail transport).
    pub fn load(environment: Environment, config_dir: &Path) -> Result<Self, ConfigError> {
        let settings = Self::from_figment(Self::figment(environment, config_dir))?;
        settings.check(environment)?;
        Ok(settings)
    }

    /// Checks the settings that depend on each other or on the environment.
    pub fn check(&self, environment: Environment) -> Result<(), ConfigError> {
        crate::mail::settings::check(&self.mail, &self.smtp, environment)?;
        self.server.check(environment)
    }

    /// Loads the settings as `highlight` does: `HIGHLIGHT_ENV`, and `HIGHLIGHT_CONFIG_DIR`
    /// (default `config`).
    pub fn load_from_process() -> Result<Self, ConfigError> {
        let dir = std::env::var_os("HIGHLIGHT_CONFIG_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("config"));
        Self::load(Environment::from_env()?, &dir)
    }

    fn figment(environment: Environment, config_dir: &Path) -> Figment {
        let mut figment = Figment::new();
        for name in ["default", environment.as_str()] {
            let path = config_dir.join(format!("{name}.toml"));
            figment = if config_dir.is_dir() {
                figment.merge(Toml::file_exact(path))
            } else {
                let embedded = EMBEDDED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, text)| *text)
                    .unwrap_or_default();
                figment.merge(Toml::string(embedded))
            };
        }
        figment.merge(Env::prefixed("HIGHLIGHT__").split("__"))
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let mut settings: Self = figment.extract().map_err(|e| ConfigError(describe(e)))?;
        if let PublicUrlSource::Configured(source) = &mut settings.server.public_url_source {
            let path = ["server".to_owned(), "public_url".to_owned()];
            *source = figment
                .find_metadata("server.public_url")
                .map(|m| origin(m, &path))
                .unwrap_or_else(|| "the configuration".to_owned());
        }
        Ok(settings)
    }
}

/// Where a value came from, for an error message: a file, or the environment variable
/// for the key at `path`.
fn origin(metadata: &figment::Metadata, path: &[String]) -> String {
    if metadata.name.contains("environment") {
        format!(
            "the environment variable HIGHLIGHT__{}",
            path.join("__").to_ascii_uppercase()
        )
    } else {
        match &metadata.source {
            Some(source) => source.to_string(),
            None => metadata.name.to_string(),
        }
    }
}

/// Turns figment's error into one line: the key, the problem (which names what is
/// allowed), and where the value came from.
fn describe(error: figment::Error) -> String {
    let error = error
        .into_iter()
        .next()
        .unwrap_or_else(|| figment::Error::from(String::from("unknown error")));
    let key = error.path.join(".");
    let source = match &error.metadata {
        Some(m) => format!(" (from {})", origin(m, &error.path)),
        None => String::new(),
    };
    let problem = match &error.kind {
        figment::error::Kind::UnknownField(field, expected) => {
            let key = qualified(&error.path, field);
            return format!(
                "{key}: unknown setting; the settings here are {}{source}",
                expected.join(", ")
            );
        }
        figment::error::Kind::MissingField(field) => {
            let key = qualified(&error.path, field);
            return format!("{key}: missing; set it in config/default.toml{source}");
        }
        kind => kind.to_string().replace("``", "`"),
    };
    let hint = match allowed_values(&key) {
        Some(allowed) if !problem.contains("expected") => format!("; {allowed}"),
        _ => String::new(),
    };
    if key.is_empty() {
        format!("{problem}{hint}{source}")
    } else {
        format!("{key}: {problem}{hint}{source}")
    }
}

/// What a key accepts, for values whose parser does not say so itself.
fn allowed_values(key: &str) -> Option<&'static str> {
    Some(match key {
        "server.bind" => "use HOST:PORT, e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
        "server.public_url" => "use a full URL, e.g. https://highlight.example.org",
        "database.url" => "use sqlite://FILE or postgres://USER:PASSWORD@HOST:PORT/DATABASE",
        "database.max_connections"
        | "database.timeout_seconds"
        | "database.acquire_timeout_seconds" => "use a whole number, e.g. 10",
        "server.trusted_proxies" => {
            "use a list of addresses or CIDR ranges, e.g. [\"10.0.0.0/8\", \"192.0.2.7\"]"
        }
        "smtp.port" => "use a port number, e.g. 587 (STARTTLS), 465 (TLS) or 25",
        _ => return None,
    })
}

/// The dotted key of `field`, whether or not figment already put it in the path.
fn qualified(path: &[String], field: &str) -> String {
    match path.last() {
        Some(last) if last == field => path.join("."),
        Some(_) => format!("{}.{field}", path.join(".")),
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let mut figment = Settings::figment(Environment::Development, &dir);
        for (k, v) in env {
            figment = figment.merge(figment::providers::Serialized::default(k, v));
        }
        Settings::from_figment(figment)
    }

    #[test]
    fn defaults_use_the_embedded_sqlite_database() {
        let settings = load_with(&[]).expect("default settings load");
        assert_eq!(settings.database.url, "sqlite://data/highlight.db");
        assert_eq!(settings.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.log.format, LogFormat::Pretty);
    }

    fn production_with(env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let mut figment = Settings::figment(Environment::Production, &dir);
        for (k, v) in env {
            figment = figment.merge(figment::providers::Serialized::default(k, v));
        }
        let settings = Settings::from_figment(figment)?;
        settings.check(Environment::Production)?;
        Ok(settings)
    }

    #[test]
    fn production_logs_json() {
        let settings = production_with(&[
            ("mail.transport", "smtp"),
            ("server.public_url", "https://highlight.example.org"),
        ])
        .expect("loads");
        assert_eq!(settings.log.format, LogFormat::Json);
    }

    #[test]
    fn production_refuses_the_capture_transport_unless_told() {
        let err = production_with(&[]).expect_err("capture refused in production");
        assert!(err.0.starts_with("mail.transport: "), "{err}");
        assert!(err.0.contains("allow_capture_in_production"), "{err}");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let figment = Settings::figment(Environment::Production, &dir)
            .merge(figment::providers::Serialized::default(
                "mail.allow_capture_in_production",
                true,
            ))
            .merge(figment::providers::Serialized::default(
                "server.public_url",
                "https://highlight.example.org",
            ));
        let allowed =
            Settings::from_figment(figment).and_then(|s| s.check(Environment::Production));
        assert!(allowed.is_ok(), "{allowed:?}");
    }

    #[test]
    fn an_unset_public_url_follows_the_address_bound() {
        let mut settings = load_with(&[("server.bind", "0.0.0.0:0")]).expect("loads");
        assert_eq!(settings.server.public_url_source, PublicUrlSource::Bind);

        settings
            .server
            .use_bound_address("0.0.0.0:8099".parse().unwrap());

        assert_eq!(
            settings.server.public_url.as_str(),
            "http://127.0.0.1:8099/"
        );
    }

    #[test]
    fn a_configured_public_url_is_kept_whatever_the_address_bound() {
        let mut settings =
            load_with(&[("server.public_url", "https://highlight.example.org")]).expect("loads");

        settings
            .server
            .use_bound_address("127.0.0.1:8099".parse().unwrap());

        assert_eq!(
            settings.server.public_url.as_str(),
            "https://highlight.example.org/"
        );
    }

    #[test]
    fn production_refuses_a_loopback_public_url_naming_the_key_and_its_source() {
        for url in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:8080",
            "http://localhost:8080",
            "https://LOCALHOST.",
            "http://app.localhost",
        ] {
            let err = production_with(&[("mail.transport", "smtp"), ("server.public_url", url)])
                .expect_err("loopback refused");
            assert!(err.0.starts_with("server.public_url: "), "{url}: {err}");
            assert!(err.0.contains("loopback"), "{url}: {err}");
            assert!(err.0.contains("(from "), "{url}: {err}");
            assert_eq!(err.0.lines().count(), 1, "{url}: {err}");
        }
    }

    #[test]
    fn production_refuses_to_run_without_a_public_url() {
        let err = production_with(&[("mail.transport", "smtp")]).expect_err("missing refused");
        assert!(err.0.starts_with("server.public_url: missing"), "{err}");
        assert!(err.0.contains("HIGHLIGHT__SERVER__PUBLIC_URL"), "{err}");
    }

    #[test]
    fn the_smtp_password_is_never_shown() {
        let settings =
            load_with(&[("smtp.password", "hunter2"), ("smtp.username", "app")]).expect("loads");
        let shown = format!("{settings:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }

    #[test]
    fn an_unknown_tls_mode_names_the_choices() {
        let err = load_with(&[("smtp.tls", "ssl")]).expect_err("ssl is not a mode");
        assert!(err.0.starts_with("smtp.tls: "), "{err}");
        assert!(err.0.contains("`starttls`"), "{err}");
    }

    #[test]
    fn embedded_copies_are_used_without_a_config_directory() {
        let settings = Settings::load(Environment::Test, Path::new("/nonexistent/highlight"))
            .expect("loads from the binary");
        assert_eq!(settings.log.filter, "warn");
    }

    #[test]
    fn a_bad_value_names_the_key_and_what_is_allowed() {
        let err = load_with(&[("log.format", "xml")]).expect_err("xml is not a log format");
        assert!(err.0.starts_with("log.format: "), "{err}");
        assert!(
            err.0.contains("`pretty`") && err.0.contains("`json`"),
            "{err}"
        );
    }

    #[test]
    fn sign_in_and_session_limits_default_to_the_domain_rules_and_can_be_set() {
        let settings = load_with(&[]).expect("default settings load");
        assert_eq!(settings.signin.policy(), ThrottlePolicy::default());
        assert_eq!(settings.session.policy(), SessionPolicy::default());
        assert!(settings.server.trusted_proxies.0.is_empty());

        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let mut figment = Settings::figment(Environment::Development, &dir);
        for (key, value) in [
            ("signin.max_attempts_per_account_and_address", 3),
            ("signin.window_minutes", 5),
            ("session.idle_minutes", 10),
        ] {
            figment = figment.merge(figment::providers::Serialized::default(key, value));
        }
        let settings = Settings::from_figment(figment).expect("loads");
        assert_eq!(settings.signin.policy().per_account_and_address, 3);
        assert_eq!(
            settings.signin.policy().window,
            chrono::Duration::minutes(5)
        );
        assert_eq!(
            settings.session.policy().idle_timeout,
            chrono::Duration::minutes(10)
        );
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let figment = Settings::figment(Environment::Development, &dir).merge(
            figment::providers::Serialized::default(
                "server.trusted_proxies",
                vec!["10.0.0.0/8", "192.0.2.7"],
            ),
        );
        let settings = Settings::from_figment(figment).expect("loads");
        assert_eq!(settings.server.trusted_proxies.0.len(), 2);

        let figment = Settings::figment(Environment::Development, &dir).merge(
            figment::providers::Serialized::default("server.trusted_proxies", vec!["proxy.lan"]),
        );
        let err = Settings::from_figment(figment).expect_err("a name is not an address");
        assert!(err.0.contains("server.trusted_proxies"), "{err}");
        assert!(err.0.contains("proxy.lan"), "{err}");
    }

    #[test]
    fn an_unknown_key_is_rejected_by_name() {
        let err = load_with(&[("server.bnid", "x")]).expect_err("typo rejected");
        assert!(err.0.starts_with("server.bnid: unknown setting"), "{err}");
        assert!(err.0.contains("bind"), "{err}");
    }

    #[test]
    fn an_unknown_environment_says_which_exist() {
        let err = "staging"
            .parse::<Environment>()
            .expect_err("not an environment");
        assert!(err.0.contains("development, test or production"), "{err}");
    }
}
