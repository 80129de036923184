//! The command line: one function per subcommand, and the one place that decides between the
//! terminal wizard and a headless run.

use crate::catalog::{Catalog, Wizard};
use crate::store::{self, Store};
use crate::tui;
use anyhow::{Result, anyhow};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bundle;
mod new;

#[derive(Debug, Parser)]
#[command(
    name = "hardline",
    version,
    about = "Guided security hardening of telephony and UC servers"
)]
pub struct Args {
    /// Load wizards from this folder instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub wizards: Option<PathBuf>,
    /// Colour theme: dark, light or high-contrast (NO_COLOR turns colour off).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new session for a product.
    New {
        #[arg(long, value_name = "ID")]
        product: String,
        /// Pre-fill from an answers file (the session JSON shape, partial allowed).
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Where to save the session (default: the data folder).
        #[arg(long, value_name = "FILE")]
        session: Option<PathBuf>,
        /// Take the document's recommendation for everything not answered, without the wizard.
        #[arg(long)]
        defaults: bool,
    },
    /// Resume a saved session (by id or path; the most recent when omitted).
    Resume {
        session: Option<String>,
        /// The session is damaged: put its .bak back in its place first.
        #[arg(long)]
        restore_backup: bool,
    },
    /// List saved sessions.
    List,
    /// List product ids and names.
    Products,
    /// Write the policy plan and scripts of finished sessions.
    Export {
        /// Session file or id; several make one bundle folder each under --out.
        #[arg(long = "session", value_name = "FILE", required = true)]
        sessions: Vec<String>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Comma-separated: ps1,cmd,nft,ansible,md,json,html,csv (default: all that apply).
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        format: Vec<String>,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
        /// Accept the plan's lock-out warnings (the terminal wizard asks instead).
        #[arg(long)]
        confirm_lockout: bool,
    },
    /// Check wizard files (the built-in ones, or those in DIR).
    Validate { dir: Option<PathBuf> },
    /// Record in a session what a script did or found on the server: the result.json of a
    /// harden.ps1 run, the audit-result.json of -Audit, or a rollback-result.json.
    #[command(visible_alias = "import-result")]
    ImportAudit {
        /// Session file or id.
        #[arg(long, value_name = "FILE")]
        session: String,
        /// The result file the script wrote (next to its transcript).
        audit: PathBuf,
    },
    /// The decisions that differ between two sessions.
    Diff {
        a: String,
        b: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// Exit code for "this needs a terminal" and for input that cannot be used as given.
const USAGE: u8 = 2;

pub fn run(args: Args) -> Result<ExitCode> {
    let wizards = args.wizards.as_deref();
    match args.command {
        Some(Command::Validate { dir }) => validate(dir.as_deref().or(wizards)),
        Some(Command::Products) => {
            for w in store::catalog(wizards)?.products() {
                println!("{:<20} {} ({})", w.id, w.name, w.vendor);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List) => list(&store::catalog(wizards)?),
        Some(Command::New {
            product,
            answers,
            session,
            defaults,
        }) => new::new(
            store::catalog(wizards)?,
            args.theme,
            &product,
            answers.as_deref(),
            session,
            defaults,
        ),
        Some(Command::Resume {
            session,
            restore_backup,
        }) => resume(
            store::catalog(wizards)?,
            args.theme,
            session.as_deref(),
            restore_backup,
        ),
        Some(Command::Export {
            sessions,
            out,
            format,
            force,
            confirm_lockout,
        }) => {
            let catalog = store::catalog(wizards)?;
            bundle::export(&catalog, &sessions, &out, &format, force, confirm_lockout)
        }
        Some(Command::ImportAudit { session, audit }) => {
            bundle::import_audit(&store::catalog(wizards)?, &session, &audit)
        }
        Some(Command::Diff { a, b, json }) => bundle::diff(&store::catalog(wizards)?, &a, &b, json),
        None => open_tui(store::catalog(wizards)?, args.theme, tui::Start::Home),
    }
}

fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn open_tui(catalog: Catalog, theme: Option<String>, start: tui::Start) -> Result<ExitCode> {
    if !has_terminal() {
        eprintln!(
            "hardline: the wizard needs a terminal. Without one, use `hardline new --product ID --defaults` \
             or `--answers FILE`, then `hardline export`."
        );
        return Ok(ExitCode::from(USAGE));
    }
    tui::run(tui::Options {
        catalog,
        store: Store::open()?,
        theme,
        start,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn validate(dir: Option<&Path>) -> Result<ExitCode> {
    let catalog = store::checked_catalog(dir)?;
    let ids: Vec<&str> = catalog.ids().collect();
    let from = dir.map_or_else(|| "built in".to_string(), |d| d.display().to_string());
    println!("ok: {} wizards ({from}): {}", ids.len(), ids.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn list(catalog: &Catalog) -> Result<ExitCode> {
    let sessions = Store::open()?.list(catalog)?;
    if sessions.is_empty() {
        println!("no saved sessions");
    }
    for s in sessions {
        match (&s.error, s.progress) {
            (Some(e), _) => println!("{:<40} DAMAGED: {e}", s.id),
            (None, progress) => {
                let progress =
                    progress.map_or_else(|| "?".into(), |(d, t)| format!("{d}/{t} steps"));
                println!(
                    "{:<40} {:<20} {:<30} {:<12} {}",
                    s.id,
                    s.product,
                    format!("{} / {}", s.customer, s.site),
                    progress,
                    s.updated
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn wizard<'a>(catalog: &'a Catalog, product: &str) -> Result<&'a Wizard> {
    catalog.wizard(product).ok_or_else(|| {
        let ids: Vec<&str> = catalog.ids().collect();
        anyhow!(
            "unknown product '{product}'; products are: {}",
            ids.join(", ")
        )
    })
}

/// A session argument: a path to a file, or an id in the data folder.
fn session_path(store: &Store, arg: &str) -> PathBuf {
    let p = PathBuf::from(arg);
    if p.exists() || arg.contains(std::path::MAIN_SEPARATOR) || arg.ends_with(".json") {
        p
    } else {
        store.path_for(arg)
    }
}

fn resume(
    catalog: Catalog,
    theme: Option<String>,
    arg: Option<&str>,
    restore: bool,
) -> Result<ExitCode> {
    let store = Store::open()?;
    let path = match arg {
        Some(a) => session_path(&store, a),
        None => store
            .list(&catalog)?
            .into_iter()
            .find(|s| s.error.is_none())
            .map(|s| s.path)
            .ok_or_else(|| {
                anyhow!("no saved session to resume; start one with `hardline new --product ID`")
            })?,
    };
    if restore {
        let kept = store::restore_backup(&path, &store::now())?;
        eprintln!(
            "restored {} from its backup; the damaged file is kept as {}",
            path.display(),
            kept.display()
        );
    }
    // A damaged file stops here with its message and the offer of the backup.
    store::load_session(&path)?;
    open_tui(catalog, theme, tui::Start::Resume(path))
}
