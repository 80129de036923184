//! `hardline export`, `import-audit` and `diff`: what leaves a finished session.

use super::{USAGE, session_path, wizard};
use crate::catalog::Catalog;
use crate::export;
use crate::plan;
use crate::session::{Change, RunMode, RunState};
use crate::store::{self, Store};
use anyhow::{Context, Result, anyhow, bail};
use std::path::Path;
use std::process::ExitCode;

pub(super) fn export(
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
        let loaded = store::load_session(&path, catalog, &now)?;
        if !loaded.rechecked.is_empty() {
            let lines: Vec<String> = loaded.rechecked.iter().map(ToString::to_string).collect();
            bail!(
                "{} cannot be exported: steps stored as finished are not:\n  {}\nFinish them with `hardline resume {}`.",
                path.display(),
                lines.join("\n  "),
                path.display()
            );
        }
        let session = loaded.session;
        let wizard = wizard(catalog, &session.product)?;
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
        let misfits: Vec<String> = chosen
            .iter()
            .filter_map(|f| export::misfit(&plan, *f).map(|why| format!("{}: {why}", f.id())))
            .collect();
        if !misfits.is_empty() {
            let fitting: Vec<&str> = export::default_formats(&plan)
                .iter()
                .map(|f| f.id())
                .collect();
            eprintln!(
                "hardline: {} cannot be exported in that format:\n  {}\nFormats that fit it: {} \
                 (the default without --format).",
                path.display(),
                misfits.join("\n  "),
                fitting.join(",")
            );
            return Ok(ExitCode::from(USAGE));
        }
        let dir = if sessions.len() > 1 {
            out.join(&session.id)
        } else {
            out.to_path_buf()
        };
        bundles.push((dir, export::bundle(&plan, &chosen), plan.open));
    }
    // Every bundle written and synced before any is put in place: a full disk or a bad
    // folder stops the batch with nothing replaced.
    let mut staged = Vec::new();
    for (dir, files, open) in bundles {
        let bundle = store::stage_bundle(&dir, &files, force)?;
        staged.push((dir, bundle, open));
    }
    for (dir, bundle, open) in staged {
        let written = bundle.commit()?;
        say!("{}:", dir.display());
        for f in written {
            say!("  {:<24} {:>8} bytes  sha256 {}", f.name, f.size, f.sha256);
        }
        // Open checks do not stop an export: the plan lists them, and so does the command.
        if !open.is_empty() {
            eprintln!(
                "hardline: {} check(s) not made, listed in the plan under 'Checks not made':",
                open.len()
            );
            for o in open {
                eprintln!("  {o}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn import_audit(catalog: &Catalog, arg: &str, audit: &Path) -> Result<ExitCode> {
    let store = Store::open()?;
    let path = session_path(&store, arg);
    let _lock = store::SessionLock::acquire(&path)?;
    let now = store::now();
    let mut session = store::load_session(&path, catalog, &now)?.session;
    let wizard = wizard(catalog, &session.product)?;
    // Written by PowerShell: UTF-8 with a byte order mark, or UTF-16.
    let text = store::read_input(audit)
        .with_context(|| format!("reading result file {}", audit.display()))?;
    let result =
        export::parse_audit(&text).with_context(|| format!("reading {}", audit.display()))?;
    let plan = plan::derive(wizard, &session, &now);
    let found = export::import_audit(&plan, &session, &result, &now)
        .with_context(|| format!("{} and {}", audit.display(), path.display()))?;
    for w in &found.warnings {
        eprintln!("hardline: {w}");
    }
    let run = found.run.clone();
    session
        .apply(wizard, Change::RecordRun(found.run), &now)
        .with_context(|| format!("importing into {}", path.display()))?;
    let mut imported = 0;
    let mut ev = session.evaluate(wizard);
    for change in found.changes {
        session
            .apply_with(wizard, &mut ev, change, &now)
            .with_context(|| format!("importing into {}", path.display()))?;
        imported += 1;
    }
    store::save_session(&path, &session)?;
    say!(
        "{}: {} on {} ({:?}, finished {}): {}",
        path.display(),
        run.script,
        run.host,
        run.mode,
        run.finished,
        run.summary()
    );
    for o in run
        .operations
        .iter()
        .filter(|o| o.state == RunState::Failed)
    {
        say!("  failed: {}: {}", o.id, o.detail);
    }
    if run.mode == RunMode::Audit {
        say!(
            "{imported} items recorded as found in place; {} still to apply",
            found.pending.len()
        );
        for item in &found.pending {
            say!("  to apply: {item}");
        }
    }
    if !found.unknown.is_empty() {
        say!("  not in this plan (ignored): {}", found.unknown.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn diff(catalog: &Catalog, a: &str, b: &str, json: bool) -> Result<ExitCode> {
    let store = Store::open()?;
    let now = store::now();
    let load = |arg: &str| -> Result<plan::Plan> {
        let path = session_path(&store, arg);
        let session = store::load_session(&path, catalog, &now)?.session;
        let wizard = wizard(catalog, &session.product)?;
        Ok(plan::derive(wizard, &session, &now))
    };
    let (pa, pb) = (load(a)?, load(b)?);
    if pa.product != pb.product {
        eprintln!(
            "hardline: {a} is a session of {} ({}), {b} of {} ({}): only sessions of one \
             product can be compared",
            pa.product_name, pa.product, pb.product_name, pb.product
        );
        return Ok(ExitCode::from(USAGE));
    }
    let diffs = export::diff_plans(&pa, &pb);
    if json {
        say!("{}", serde_json::to_string_pretty(&diffs)?);
    } else if diffs.is_empty() {
        say!("no differences");
    } else {
        say!("{}", export::diff_text(&diffs).trim_end());
    }
    // Like diff(1): 0 the same, 1 different, 2 trouble.
    Ok(if diffs.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
