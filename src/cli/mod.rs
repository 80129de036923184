//! The command line: one function per subcommand, and the one place that decides between the
//! terminal wizard and a headless run.

use crate::catalog::{Catalog, Wizard};
use crate::store::{self, Store};
use crate::tui;
use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes a line to stdout. A closed pipe (`hardline list | head -1`) comes back as an error
/// that `main` ends on quietly ([`is_broken_pipe`]) instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod bundle;
mod items;
mod new;

#[derive(Debug, Parser)]
#[command(
    name = "hardline",
    version,
    about = "Guided security hardening of telephony and UC servers",
    // Our own `help`, so that `hardline help --help` answers like every other command.
    disable_help_subcommand = true
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
        /// The product, by the id `hardline products` lists (e.g. avaya-ipoffice).
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
        /// A session file, or an id that `hardline list` shows.
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
        /// The folder to write the bundle into (made when missing).
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
    Validate {
        /// A folder of wizard files (*.json).
        dir: Option<PathBuf>,
    },
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
    /// The decisions that differ between two sessions of one product (exit 1 when they differ).
    Diff {
        /// The first session: a file, or an id that `hardline list` shows.
        a: String,
        /// The second session, of the same product.
        b: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// A product's items for an answers file: id, kind, label, allowed values, default and
    /// condition; its releases and target systems.
    Items {
        /// The product, by the id `hardline products` lists.
        #[arg(long, value_name = "ID")]
        product: String,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Shell completions on stdout, e.g. `hardline completions bash > /etc/bash_completion.d/hardline`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on stdout, or one page per command written into DIR.
    Man {
        /// Write one page per command into this folder (made when missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// The help of hardline, or of one of its commands (the same as `hardline COMMAND --help`).
    Help {
        /// A command, for example export.
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
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
                say!("{:<20} {} ({})", w.id, w.name, w.vendor);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Items { product, json }) => {
            items::items(&store::catalog(wizards)?, &product, json)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Args as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "hardline", &mut out);
            std::io::Write::write_all(&mut std::io::stdout(), &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { out }) => man(out.as_deref()),
        Some(Command::Help { command }) => help(command.as_deref()),
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

/// Whether an error is stdout going away under us (the reader of a pipe ended): not worth a
/// message.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// An error and its causes on one line, each said once: a cause whose text its context
/// already quotes is left out.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// `hardline man`: the page of the whole command on stdout, or every command's page into `dir`.
fn man(dir: Option<&Path>) -> Result<ExitCode> {
    let cmd = <Args as clap::CommandFactory>::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("writing manual pages into {}", dir.display()))?;
            say!("manual pages written to {}", dir.display());
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            std::io::Write::write_all(&mut std::io::stdout(), &page)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn help(command: Option<&str>) -> Result<ExitCode> {
    let mut cli = <Args as clap::CommandFactory>::command();
    // Built, so that a command's usage line says `hardline export`, not `export`.
    cli.build();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let text = match command {
        None => cli.render_help(),
        Some(name) => match cli.find_subcommand_mut(name) {
            Some(sub) => sub.render_help(),
            None => {
                eprintln!(
                    "hardline: no command '{name}'; commands are: {}",
                    names.join(", ")
                );
                return Ok(ExitCode::from(USAGE));
            }
        },
    };
    say!("{}", text.to_string().trim_end());
    Ok(ExitCode::SUCCESS)
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
    let store = Store::open()?;
    let ended = tui::run(tui::Options {
        catalog,
        store: store.clone(),
        theme,
        start,
    })?;
    match ended {
        tui::Ended::NoSession => {}
        tui::Ended::Unchanged => say!("Nothing was saved: the session had no change."),
        tui::Ended::Saved(path) => {
            // By id when it lives in the data folder: the shortest thing that finds it.
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let arg = if store.path_for(id) == path {
                id.to_string()
            } else {
                path.display().to_string()
            };
            say!("Session saved as {}", path.display());
            say!("Resume it with: hardline resume {arg}");
        }
        tui::Ended::NotSaved { path, error } => {
            eprintln!(
                "hardline: the session {} is NOT saved: {error}",
                path.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(dir: Option<&Path>) -> Result<ExitCode> {
    let catalog = store::checked_catalog(dir)?;
    let ids: Vec<&str> = catalog.ids().collect();
    let from = dir.map_or_else(|| "built in".to_string(), |d| d.display().to_string());
    say!("ok: {} wizards ({from}): {}", ids.len(), ids.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn list(catalog: &Catalog) -> Result<ExitCode> {
    let sessions = Store::open()?.list(catalog, &store::now())?;
    if sessions.is_empty() {
        say!("no saved sessions");
    }
    // Columns as wide as their longest entry, so that long names keep the table in line.
    let rows: Vec<[String; 5]> = sessions
        .iter()
        .map(|s| match &s.error {
            Some(e) => [
                s.id.clone(),
                "DAMAGED".into(),
                e.clone(),
                String::new(),
                String::new(),
            ],
            None => [
                s.id.clone(),
                s.product.clone(),
                format!("{} / {}", s.customer, s.site),
                s.progress
                    .map_or_else(|| "?".into(), |(d, t)| format!("{d}/{t} steps")),
                s.updated.clone(),
            ],
        })
        .collect();
    let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    for r in &rows {
        let line = format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        say!("{}", line.trim_end());
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
    let now = store::now();
    let path = match arg {
        Some(a) => session_path(&store, a),
        None => store
            .list(&catalog, &now)?
            .into_iter()
            .find(|s| s.error.is_none())
            .map(|s| s.path)
            .ok_or_else(|| {
                anyhow!("no saved session to resume; start one with `hardline new --product ID`")
            })?,
    };
    // Held from here until the wizard ends: nothing else writes the session in between.
    let lock = store::SessionLock::acquire(&path)?;
    if restore {
        let kept = store::restore_backup(&lock, &catalog, &now)?;
        eprintln!(
            "restored {} from its backup; the damaged file is kept as {}",
            path.display(),
            kept.display()
        );
        if !has_terminal() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    // A damaged file stops here with its message and the offer of the backup.
    store::load_session(&path, &catalog, &now)?;
    open_tui(catalog, theme, tui::Start::Resume(lock))
}
