//! `highlight export reports` (the CSV/XLSX export) and `highlight export pack` (the
//! board pack as a standalone HTML file or a Word document) from the command line.

use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand};
use highlight_domain::local_date;

use super::connect_and_migrate;
use crate::config::Settings;
use highlight_app::export::{self, Format};
use highlight_app::scope::ProgrammeScope;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every workstream's latest submitted report per period, one row each.
    Reports(ReportsArgs),
    /// The board pack for a meeting, as a standalone HTML file, a Word document or a PDF.
    Pack(PackArgs),
}

/// The board pack's file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PackFormat {
    Html,
    Docx,
    Pdf,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// The programme's slug, e.g. pioneer-somerset.
    #[arg(long)]
    pub programme: String,
    /// The board meeting date (YYYY-MM-DD); default today in the programme's time zone.
    /// The pack reports on the latest period due on or before it.
    #[arg(long)]
    pub meeting: Option<String>,
    #[arg(long, value_enum)]
    pub format: PackFormat,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportsArgs {
    /// The programme's slug, e.g. pioneer-somerset.
    #[arg(long)]
    pub programme: String,
    /// First due date to include (YYYY-MM-DD); default twelve months ago.
    #[arg(long)]
    pub from: Option<String>,
    /// Last due date to include (YYYY-MM-DD); default today.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, value_enum)]
    pub format: SheetFormat,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
}

/// The spreadsheet formats, as `--format` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl From<SheetFormat> for Format {
    fn from(f: SheetFormat) -> Self {
        match f {
            SheetFormat::Csv => Format::Csv,
            SheetFormat::Xlsx => Format::Xlsx,
        }
    }
}

pub async fn run(settings: Settings, command: ExportCommand) -> anyhow::Result<()> {
    match command {
        ExportCommand::Reports(args) => reports(settings, args).await,
        ExportCommand::Pack(args) => pack(settings, args).await,
    }
}

async fn reports(settings: Settings, args: ReportsArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let scope = programme(&db, &args.programme).await?;
    let now = Utc::now();
    let (from, to) = export::range::parse(
        args.from.as_deref(),
        args.to.as_deref(),
        local_date(now, scope.tz),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let rows = export::report_rows(&db, &scope, from, to, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&args.out, Format::from(args.format).write(&rows)?)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
    println!(
        "Wrote {} rows ({} to {}) of {} to {}.",
        rows.len(),
        from,
        to,
        scope.programme.name,
        args.out.display()
    );
    Ok(())
}

async fn pack(settings: Settings, args: PackArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let scope = programme(&db, &args.programme).await?;
    let now = Utc::now();
    let meeting_on = crate::pack::parse_meeting(args.meeting.as_deref(), local_date(now, scope.tz))
        .map_err(|e| anyhow::anyhow!("--meeting: {e}"))?;
    let pack = crate::pack::model::build(&db, &scope, meeting_on, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = match args.format {
        PackFormat::Html => {
            let templates = crate::templates::Templates::load()?;
            crate::pack::html::standalone(&templates, &pack, None)?.into_bytes()
        }
        PackFormat::Docx => crate::pack::docx::write(&pack, None)?,
        PackFormat::Pdf => crate::pack::pdf::write(&pack, None)?,
    };
    std::fs::write(&args.out, bytes)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
    println!(
        "Wrote the board pack of {} for the meeting on {} ({} workstreams) to {}.",
        scope.programme.name,
        pack.meeting_label,
        pack.sections.len(),
        args.out.display()
    );
    Ok(())
}

pub(crate) async fn programme(
    db: &highlight_store::Db,
    slug: &str,
) -> anyhow::Result<ProgrammeScope> {
    let model = highlight_store::scope::programme_by_slug(db, slug)
        .await
        .context("looking up the programme")?
        .ok_or_else(|| anyhow::anyhow!("--programme: there is no programme \"{slug}\""))?;
    Ok(ProgrammeScope::of(model))
}
