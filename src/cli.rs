//! The command line: one function per subcommand, and the one place that decides between the
//! terminal wizard and a headless run.

use crate::catalog::{Catalog, Wizard};
use crate::export;
use crate::session::{Change, Session, SiteField, StepState};
use crate::store::{self, Store};
use crate::{plan, tui};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Record in a session what `harden.ps1 -Audit` found already in place (audit-result.json).
    ImportAudit {
        /// Session file or id.
        #[arg(long, value_name = "FILE")]
        session: String,
        /// The audit-result.json that harden.ps1 -Audit wrote.
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
        }) => new(
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
            export(&catalog, &sessions, &out, &format, force, confirm_lockout)
        }
        Some(Command::ImportAudit { session, audit }) => {
            import_audit(&store::catalog(wizards)?, &session, &audit)
        }
        Some(Command::Diff { a, b, json }) => diff(&store::catalog(wizards)?, &a, &b, json),
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

fn new(
    catalog: Catalog,
    theme: Option<String>,
    product: &str,
    answers: Option<&Path>,
    path: Option<PathBuf>,
    defaults: bool,
) -> Result<ExitCode> {
    let wizard = wizard(&catalog, product)?;
    let store = Store::open()?;
    let now = store::now();
    let id = match &path {
        Some(p) => p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(product)
            .to_string(),
        None => store.new_id(product, &now),
    };
    let path = path.unwrap_or_else(|| store.path_for(&id));
    if path.exists() {
        bail!(
            "{} already exists: resume it with `hardline resume {}`",
            path.display(),
            path.display()
        );
    }
    let mut session = Session::for_wizard(wizard, &id, &now);
    if let Some(file) = answers {
        prefill(wizard, &mut session, file, &now)?;
    }
    let _lock = store::SessionLock::acquire(&path)?;
    if has_terminal() && !defaults {
        store::save_session(&path, &session)?;
        drop(_lock);
        return open_tui(catalog, theme, tui::Start::Resume(path));
    }
    let open = session.walk(wizard, defaults, &now);
    store::save_session(&path, &session)?;
    if !open.is_empty() {
        eprintln!(
            "hardline: the session is not complete (saved as {}):",
            path.display()
        );
        for line in open {
            eprintln!("  {}", line.replace('\n', "\n    "));
        }
        eprintln!(
            "Answer these in an answers file, pass --defaults, or run `hardline resume` in a terminal."
        );
        return Ok(ExitCode::from(USAGE));
    }
    let (done, total) = session.progress(wizard);
    println!("saved {} ({done}/{total} steps)", path.display());
    println!(
        "next: hardline export --session {} --out DIR",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Applies an answers file: site facts, then answers and skips in wizard order so that each
/// condition sees the answers before it.
fn prefill(wizard: &Wizard, session: &mut Session, file: &Path, now: &str) -> Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading answers file {}", file.display()))?;
    let given =
        Session::from_json(&text).with_context(|| format!("answers file {}", file.display()))?;
    let at = |what: String| format!("answers file {}: {what}", file.display());
    if given.product != wizard.id {
        bail!(at(format!(
            "it is for product '{}', not '{}'",
            given.product, wizard.id
        )));
    }
    for field in SiteField::ALL {
        let value = given.site.get(field);
        let skip = value.is_empty() || (field == SiteField::Access && value == "console");
        if !skip {
            session
                .apply(wizard, Change::SetSite { field, value }, now)
                .map_err(|e| anyhow!(at(format!("site.{}: {e}", field.id()))))?;
        }
    }
    if let Some(unknown) = given.answers.keys().find(|id| wizard.item(id).is_none()) {
        bail!(at(format!(
            "no item '{unknown}' in the {} wizard",
            wizard.id
        )));
    }
    for step in &wizard.steps {
        for item in &step.items {
            let Some(a) = given.answers.get(&item.id) else {
                continue;
            };
            let change = match a.status {
                crate::session::AnswerStatus::Imported => Change::Import {
                    item: item.id.clone(),
                    value: a.value.clone(),
                    note: a.reason.clone(),
                },
                _ => Change::Answer {
                    item: item.id.clone(),
                    value: a.value.clone(),
                    reason: a.reason.clone(),
                },
            };
            session
                .apply(wizard, change, now)
                .map_err(|e| anyhow!(at(format!("{}: {e}", item.id))))?;
        }
        if let Some(rec) = given
            .steps
            .get(&step.id)
            .filter(|r| r.state == StepState::Skipped)
        {
            let change = Change::Skip {
                step: step.id.clone(),
                reason: rec.reason.clone(),
            };
            session
                .apply(wizard, change, now)
                .map_err(|e| anyhow!(at(format!("step {}: {e}", step.id))))?;
        }
    }
    Ok(())
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

fn export(
    catalog: &Catalog,
    sessions: &[String],
    out: &Path,
    formats: &[String],
    force: bool,
    confirm_lockout: bool,
) -> Result<ExitCode> {
    let store = Store::open()?;
    let formats = export::parse_formats(&formats.join(",")).map_err(|e| anyhow!(e))?;
    let now = store::now();
    // Check every session before writing anything, so that a batch is all or nothing.
    let mut bundles = Vec::new();
    for arg in sessions {
        let path = session_path(&store, arg);
        let mut session = store::load_session(&path)?;
        let wizard = wizard(catalog, &session.product)?;
        session.reconcile(wizard, &wizard.fingerprint(), &now);
        let blockers = session.export_blockers(wizard);
        if !blockers.is_empty() {
            bail!(
                "{} cannot be exported yet:\n  {}\nFinish it with `hardline resume {}`.",
                path.display(),
                blockers.join("\n  "),
                path.display()
            );
        }
        let mut plan = plan::derive(wizard, &session, &now);
        if plan.lockout_blocks() {
            if !confirm_lockout {
                let lines: Vec<String> = plan.lockout.iter().map(|w| w.message.clone()).collect();
                bail!(
                    "{}: the plan could lock you out:\n  {}\nConfirm in the wizard's review screen, or pass --confirm-lockout.",
                    path.display(),
                    lines.join("\n  ")
                );
            }
            plan.lockout_confirmed = true;
        }
        let chosen = if formats.is_empty() {
            export::default_formats(&plan)
        } else {
            formats.clone()
        };
        let dir = if sessions.len() > 1 {
            out.join(&session.id)
        } else {
            out.to_path_buf()
        };
        bundles.push((dir, export::bundle(&plan, &chosen)));
    }
    for (dir, files) in bundles {
        let written = store::write_bundle(&dir, &files, force)?;
        println!("{}:", dir.display());
        for f in written {
            println!("  {:<24} {:>8} bytes  sha256 {}", f.name, f.size, f.sha256);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn import_audit(catalog: &Catalog, arg: &str, audit: &Path) -> Result<ExitCode> {
    let store = Store::open()?;
    let path = session_path(&store, arg);
    let _lock = store::SessionLock::acquire(&path)?;
    let mut session = store::load_session(&path)?;
    let wizard = wizard(catalog, &session.product)?;
    let now = store::now();
    session.reconcile(wizard, &wizard.fingerprint(), &now);
    let text = std::fs::read_to_string(audit)
        .with_context(|| format!("reading audit result {}", audit.display()))?;
    let result =
        export::parse_audit(&text).with_context(|| format!("reading {}", audit.display()))?;
    let plan = plan::derive(wizard, &session, &now);
    let found = export::import_audit(&plan, &session, &result)
        .with_context(|| format!("{} and {}", audit.display(), path.display()))?;
    for w in &found.warnings {
        eprintln!("hardline: {w}");
    }
    let mut imported = 0;
    for change in found.changes {
        session
            .apply(wizard, change, &now)
            .with_context(|| format!("importing into {}", path.display()))?;
        imported += 1;
    }
    store::save_session(&path, &session)?;
    println!(
        "{}: {imported} items recorded as found in place; {} still to apply",
        path.display(),
        found.pending.len()
    );
    for item in &found.pending {
        println!("  to apply: {item}");
    }
    if !found.unknown.is_empty() {
        println!("  not in this plan (ignored): {}", found.unknown.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(catalog: &Catalog, a: &str, b: &str, json: bool) -> Result<ExitCode> {
    let store = Store::open()?;
    let now = store::now();
    let load = |arg: &str| -> Result<plan::Plan> {
        let path = session_path(&store, arg);
        let mut session = store::load_session(&path)?;
        let wizard = wizard(catalog, &session.product)?;
        session.reconcile(wizard, &wizard.fingerprint(), &now);
        Ok(plan::derive(wizard, &session, &now))
    };
    let (pa, pb) = (load(a)?, load(b)?);
    if pa.product != pb.product {
        eprintln!(
            "hardline: {a} is a {} session, {b} a {} session: items are compared by id",
            pa.product, pb.product
        );
    }
    let diffs = export::diff_plans(&pa, &pb);
    if json {
        println!("{}", serde_json::to_string_pretty(&diffs)?);
    } else if diffs.is_empty() {
        println!("no differences");
    } else {
        print!("{}", export::diff_text(&diffs));
    }
    Ok(ExitCode::SUCCESS)
}
