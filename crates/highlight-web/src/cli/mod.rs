//! The `highlight` command line: `serve` (the default), `migrate`, `user add`,
//! `token create`, `export`, `remind` and `mail test`.
//!
//! Every subcommand reads the same layered configuration and takes `--database-url`.
//! Exit codes: 0 success, 1 a runtime failure (database unreachable, port taken),
//! 2 bad usage or bad configuration — both reported as one line naming what to fix.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{ConfigError, Settings};
use crate::{app, demo, telemetry};
use highlight_store::db;

mod accounts;
mod export;

#[derive(Debug, Parser)]
#[command(
    name = "highlight",
    version,
    about = "Highlight: programme highlight reporting for programme offices, workstream leads and boards.",
    long_about = None
)]
pub struct Cli {
    /// Database URL, overriding `database.url`: sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web application (the default when no command is given).
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Export reports to a file.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Open reporting periods and plan the reminders due, deliver queued e-mail, then exit.
    ///
    /// Safe to run while servers (or other `highlight remind` processes) run: nothing
    /// is planned or sent twice. Suits an external cron when `scheduler.enabled` is false.
    Remind(RemindArgs),
    /// E-mail tools.
    #[command(subcommand)]
    Mail(MailCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is asked for (or read from standard input when it
    /// is not a terminal, e.g. `echo "$PASSWORD" | highlight user add …`); with
    /// `--invite`, none is: the person is e-mailed a link to choose their own.
    Add(UserAddArgs),
    /// List every account: name, e-mail, roles, status (invited, active, disabled).
    List,
    /// Disable an account: its sessions, sign-in links and API tokens stop at once.
    Disable(UserEmailArgs),
    /// Enable a disabled account again (it signs in again; old tokens stay revoked).
    Enable(UserEmailArgs),
    /// E-mail an invited person (no password yet) a new invitation link.
    Invite(UserEmailArgs),
}

#[derive(Debug, Args)]
pub struct UserEmailArgs {
    /// The person's e-mail address.
    #[arg(long)]
    pub email: String,
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The person's e-mail address (they sign in with it).
    #[arg(long)]
    pub email: String,
    /// The person's name as others see it.
    #[arg(long)]
    pub name: String,
    /// `admin` (the programme office: everything) or `user` (roles are given per programme).
    #[arg(long, value_enum, default_value_t = AccountRole::User)]
    pub role: AccountRole,
    /// Set no password: e-mail the person an invitation to choose one (the outbox
    /// delivers it; see `highlight remind` or a running server).
    #[arg(long)]
    pub invite: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccountRole {
    Admin,
    User,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a person and print it (it is shown only once).
    Create(TokenCreateArgs),
    /// List a person's API tokens: number, name, state, created, last used, expires.
    List(UserEmailArgs),
    /// Revoke an API token by its number (from `highlight token list`).
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// The token's number.
    #[arg(long)]
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// Whose token: the person's e-mail address.
    #[arg(long)]
    pub email: String,
    /// What the token is for, to recognise it later.
    #[arg(long, default_value = "API token")]
    pub name: String,
    /// How many days it works (default: `api.token_days`, 90).
    #[arg(long)]
    pub days: Option<u32>,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Plan as if it were this instant (RFC 3339, e.g. 2026-11-23T09:00:00Z) instead of now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    /// Print what would be opened, queued and sent; change nothing and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send one test message through the configured transport and show what the server said.
    Test {
        /// Where to send it.
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
}

fn parse_instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("{e}; use RFC 3339, e.g. 2026-11-23T09:00:00Z"))
}

#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Address to listen on, overriding `server.bind` (default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Load the Pioneer Somerset demonstration programme if the database has no programmes.
    #[arg(long)]
    pub demo: bool,
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load_from_process() {
        Ok(settings) => settings,
        Err(e) => return config_failure(&e),
    };
    if let Some(url) = &cli.database_url {
        settings.database.url = url.clone();
    }
    telemetry::init(&settings.log);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("highlight: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
            Command::Serve(args) => serve(settings, args).await,
            Command::Migrate => migrate(settings).await,
            Command::User(UserCommand::Add(args)) => accounts::add_user(settings, args).await,
            Command::User(UserCommand::List) => accounts::list_users(settings).await,
            Command::User(UserCommand::Disable(args)) => {
                accounts::set_enabled(settings, args, false).await
            }
            Command::User(UserCommand::Enable(args)) => {
                accounts::set_enabled(settings, args, true).await
            }
            Command::User(UserCommand::Invite(args)) => accounts::invite(settings, args).await,
            Command::Token(TokenCommand::Create(args)) => {
                accounts::create_token(settings, args).await
            }
            Command::Token(TokenCommand::List(args)) => accounts::list_tokens(settings, args).await,
            Command::Token(TokenCommand::Revoke(args)) => {
                accounts::revoke_token(settings, args).await
            }
            Command::Export(command) => export::run(settings, command).await,
            Command::Remind(args) => crate::commands::remind(settings, args).await,
            Command::Mail(MailCommand::Test { to }) => {
                crate::commands::mail_test(settings, &to).await
            }
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("highlight: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn config_failure(e: &ConfigError) -> ExitCode {
    eprintln!("highlight: {e}");
    ExitCode::from(2)
}

pub(crate) async fn connect_and_migrate(
    settings: &Settings,
) -> anyhow::Result<highlight_store::Db> {
    let conn = db::connect(&settings.database).await?;
    let applied = db::migrate(&conn, &settings.database.url).await?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "database migrated");
    }
    Ok(conn)
}

async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let conn = db::connect(&settings.database).await?;
    let applied = db::migrate(&conn, &settings.database.url).await?;
    if applied.is_empty() {
        println!("The database is up to date.");
    } else {
        for name in &applied {
            println!("applied {name}");
        }
        println!("{} migration(s) applied.", applied.len());
    }
    Ok(())
}

async fn serve(mut settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    if let Some(bind) = args.bind {
        settings.server.bind = bind;
    }
    let conn = connect_and_migrate(&settings).await?;
    let demo_mode = args.demo;
    if args.demo {
        let report = demo::load_if_empty(&conn, chrono::Utc::now()).await?;
        println!("{report}");
    }
    let bind = settings.server.bind;
    // Listen first: links in e-mails use the address actually bound (port 0 included)
    // unless server.public_url is set.
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
    let address = listener.local_addr()?;
    settings.server.use_bound_address(address);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let scheduler = if settings.scheduler.enabled {
        let mailer = crate::mail::Mailer::from_settings(&settings)?;
        Some(crate::scheduler::spawn(
            conn.clone(),
            settings.clone(),
            mailer,
            stopped,
        ))
    } else {
        None
    };
    let state = app::AppState::new(conn, settings)?.with_demo(demo_mode);
    println!("Highlight is running at http://{address}/ (press Ctrl+C to stop)");
    tracing::info!(%address, public_url = %state.settings.server.public_url, "listening");
    let service = app::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        })
        .await?;
    if let Some(task) = scheduler {
        // Let a pass in progress finish its current message, but do not hang.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), task).await;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
