//! `hardline new`: a session from scratch, an answers file, or the recommendations.

use super::{USAGE, has_terminal, open_tui, wizard};
use crate::catalog::{Catalog, Wizard};
use crate::session::{Change, Session, SiteField, StepState};
use crate::store::{self, Store};
use crate::tui;
use anyhow::{Context, Result, anyhow, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(super) fn new(
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
pub(super) fn prefill(
    wizard: &Wizard,
    session: &mut Session,
    file: &Path,
    now: &str,
) -> Result<()> {
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
    // One evaluation for all the answers, kept current by each.
    let mut ev = session.evaluate(wizard);
    for field in SiteField::ALL {
        let value = given.site.get(field);
        let skip = value.is_empty() || (field == SiteField::Access && value == "console");
        if !skip {
            session
                .apply_with(wizard, &mut ev, Change::SetSite { field, value }, now)
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
                .apply_with(wizard, &mut ev, change, now)
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
                .apply_with(wizard, &mut ev, change, now)
                .map_err(|e| anyhow!(at(format!("step {}: {e}", step.id))))?;
        }
    }
    Ok(())
}
