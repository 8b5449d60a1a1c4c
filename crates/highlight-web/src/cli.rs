//! The `highlight` command line: `serve` (the default) and `migrate`.
//!
//! Every subcommand reads the same layered configuration and takes `--database-url`.
//! Exit codes: 0 success, 1 a runtime failure (database unreachable, port taken),
//! 2 bad usage or bad configuration — both reported as one line naming what to fix.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{ConfigError, Settings};
use crate::{app, db, demo, telemetry};

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

async fn connect_and_migrate(settings: &Settings) -> anyhow::Result<sea_orm::DatabaseConnection> {
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
    if args.demo {
        let report = demo::load_if_empty(&conn, chrono::Utc::now()).await?;
        println!("{report}");
    }
    let bind = settings.server.bind;
    let state = app::AppState::new(conn, settings)?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
    let address = listener.local_addr()?;
    println!("Highlight is running at http://{address}/ (press Ctrl+C to stop)");
    tracing::info!(%address, "listening");
    axum::serve(listener, app::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
