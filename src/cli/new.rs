//! `hardline new`: a session from scratch, an answers file, or the recommendations.

use super::{USAGE, has_terminal, open_tui, wizard};
use crate::catalog::{Catalog, ItemKind, PathSeg, Wizard};
use crate::session::{Change, FormatError, Session, SiteField, StepState, with_path};
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
    // Said before the answers are read; `create_session` makes it certain.
    if path.exists() {
        bail!(store::exists_already(&path));
    }
    let mut session = Session::for_wizard(wizard, &id, &now);
    if let Some(file) = answers {
        prefill(wizard, &mut session, file, &now, defaults)?;
    }
    if has_terminal() && !defaults {
        if answers.is_none() {
            // Nothing typed yet: the wizard claims the name and saves the session from its
            // first change.
            let start = tui::Start::New {
                product: product.to_string(),
                path: Some(path),
            };
            return open_tui(catalog, theme, start);
        }
        // The wizard keeps the lock that created the file.
        let lock = store::create_session(&path, &session)?;
        return open_tui(catalog, theme, tui::Start::Resume(lock));
    }
    let open = session.walk(wizard, defaults, &now);
    let _lock = store::create_session(&path, &session)?;
    if !open.is_empty() {
        eprintln!(
            "hardline: the session is not complete (saved as {}):",
            path.display()
        );
        for line in open {
            eprintln!("  {}", line.replace('\n', "\n    "));
        }
        eprintln!("{}", how_to_finish(wizard, &session, &path, defaults));
        return Ok(ExitCode::from(USAGE));
    }
    let (done, total) = session.progress(wizard);
    say!("saved {} ({done}/{total} steps)", path.display());
    say!(
        "next: hardline export --session {} --out DIR",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// What to do about an incomplete session: the site facts no recommendation can fill, by id,
/// and where to give them.
fn how_to_finish(wizard: &Wizard, session: &Session, path: &Path, defaults: bool) -> String {
    let missing: Vec<&str> = session
        .site
        .problems(wizard)
        .into_iter()
        .map(|(f, _)| f.id())
        .collect();
    let items = format!("`hardline items --product {}`", wizard.id);
    let resume = format!("`hardline resume {}`", path.display());
    let ev = session.evaluate(wizard);
    let items_open = (0..wizard.steps.len())
        .filter(|i| !session.step_state(wizard, &ev, *i).is_settled())
        .any(|i| {
            session
                .step_problems(wizard, &ev, i)
                .iter()
                .any(|p| p.item.is_some())
        });
    let mut out = String::new();
    if !missing.is_empty() {
        out.push_str(&format!(
            "Site facts missing or wrong: {}. No recommendation fills these: give them in the \
             \"site\" object of an answers file (--answers FILE; the README shows one).\n",
            missing.join(", ")
        ));
    }
    if !items_open {
        out.push_str(&format!(
            "Then run `hardline new --product {} --answers FILE --defaults` again, or finish this \
             session in a terminal with {resume}.",
            wizard.id
        ));
    } else if defaults {
        out.push_str(&format!(
            "The other items have no recommendation to take: answer them in the answers file's \
             \"answers\" ({items} lists their ids and values), or run {resume} in a terminal."
        ));
    } else {
        out.push_str(&format!(
            "Answer the items in an answers file ({items} lists their ids and values), add \
             --defaults to take the document's recommendations, or run {resume} in a terminal."
        ));
    }
    out
}

/// Applies an answers file: site facts, then answers and skips in wizard order so that each
/// condition sees the answers before it. With `defaults`, an item the file does not answer
/// takes its recommendation at its place in that order, so that a later answer sees it.
pub(super) fn prefill(
    wizard: &Wizard,
    session: &mut Session,
    file: &Path,
    now: &str,
    defaults: bool,
) -> Result<()> {
    let text = store::read_input(file)
        .with_context(|| format!("reading answers file {}", file.display()))?;
    let located = |e: FormatError| {
        anyhow!(
            "answers file {}:{}:{}: {}",
            file.display(),
            e.line,
            e.column,
            with_path(&e.path, &e.message)
        )
    };
    let given = Session::from_json(&text).map_err(located)?;
    // A session keeps fields it does not know; in answers, one is a mistake to point out.
    let unknown = given
        .extra
        .keys()
        .map(|k| vec![PathSeg::from(k.as_str())])
        .chain(
            given
                .site_extra
                .keys()
                .map(|k| vec!["site".into(), k.as_str().into()]),
        );
    if let Some(path) = unknown.into_iter().next() {
        let message = "not a field of an answers file".to_string();
        return Err(located(FormatError::at(&text, &path, message)));
    }
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
        let skipped = given
            .steps
            .get(&step.id)
            .is_some_and(|r| r.state == StepState::Skipped);
        for item in &step.items {
            let Some(a) = given.answers.get(&item.id) else {
                if defaults && !skipped {
                    let change = Change::AcceptRecommendedFor {
                        items: vec![item.id.clone()],
                    };
                    session
                        .apply_with(wizard, &mut ev, change, now)
                        .map_err(|e| anyhow!(at(format!("{} (its default): {e}", item.id))))?;
                }
                continue;
            };
            if item.kind == ItemKind::PasswordCheck {
                // A file cannot show that a password was checked: the check stays open.
                eprintln!(
                    "hardline: {}",
                    at(format!(
                        "{}: a password check is made by typing the password in hardline, not \
                         taken from a file; it stays not made",
                        item.id
                    ))
                );
                continue;
            }
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
