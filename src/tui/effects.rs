//! Carrying out [`Effect`]s: the TUI's only file-system access, through `store` and `export`.

use super::app::{App, Effect, Question, Written, export::order_of};
use super::strings;
use crate::session::Session;
use crate::store::{self, LoadError, SessionLock, Store};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The store and the lock on the open session.
pub struct Shell {
    pub store: Store,
    pub lock: Option<SessionLock>,
}

/// The last state of the open session, for the panic and signal handlers to save.
static LATEST: Mutex<Option<(PathBuf, Session)>> = Mutex::new(None);

/// Saves the last recorded session state; for the panic hook and the signal handler. The signal
/// thread waits for a save in progress; the panic hook does not (it may be its own thread's).
pub fn save_latest(wait: bool) {
    let guard = if wait {
        LATEST.lock().ok()
    } else {
        LATEST.try_lock().ok()
    };
    if let Some(guard) = guard
        && let Some((path, session)) = guard.as_ref()
    {
        let _ = store::save_session(path, session);
    }
}

pub fn perform(app: &mut App, shell: &mut Shell, effect: Effect) {
    match effect {
        Effect::Save => save(app),
        Effect::Create { product } => {
            let now = (app.clock)();
            let id = shell.store.new_id(&product, &now);
            let path = shell.store.path_for(&id);
            if let Err(e) = create(app, shell, &product, &path) {
                app.notice(format!("{e:#}"));
            }
        }
        Effect::Open(path) => open(app, shell, &path),
        Effect::Delete(path) => {
            if let Err(e) = delete(&path) {
                app.notice(format!("{e:#}"));
            }
            refresh(app, shell);
        }
        Effect::RestoreBackup(path) => match store::restore_backup(&path, &(app.clock)()) {
            Ok(_) => open(app, shell, &path),
            Err(e) => app.notice(format!("{e:#}")),
        },
        Effect::Export {
            folder,
            formats,
            force,
        } => {
            let folder = std::path::absolute(&folder).unwrap_or(folder);
            // A folder in use is the installer's call: ask before replacing its files.
            let used = std::fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_some());
            if used && !force {
                return app.ask(Question::Overwrite { folder, formats });
            }
            let result = (|| -> Result<Written> {
                let open = app.open.as_ref().context("no session is open")?;
                let wizard = app.wizard().context("the session's wizard is missing")?;
                let files = crate::export::bundle(open.full_plan(wizard), &formats);
                let written = store::write_bundle(&folder, &files, force)?;
                let order = files
                    .iter()
                    .find(|(name, _)| name == "README.txt")
                    .map(|(_, text)| order_of(text))
                    .unwrap_or_default();
                Ok(Written {
                    folder,
                    files: written,
                    order,
                })
            })();
            app.exported(result.map_err(|e| format!("{e:#}")));
        }
        Effect::Close => {
            save(app);
            shell.lock = None;
            forget_latest();
            let list = list(app, shell);
            app.closed(list);
        }
        Effect::Quit => {
            save(app);
            app.ui.quit = true;
        }
    }
}

fn forget_latest() {
    if let Ok(mut guard) = LATEST.lock() {
        *guard = None;
    }
}

/// Saves the open session, recording it for the panic and signal handlers; the record stays
/// locked during the write so that a signal arriving meanwhile does not write at the same time.
fn save(app: &mut App) {
    let Ok(mut latest) = LATEST.lock() else {
        return app.saved(Err(strings::SAVE_LOCK.into()));
    };
    *latest = app
        .open
        .as_ref()
        .map(|o| (o.path.clone(), o.session.clone()));
    let Some((path, session)) = latest.as_ref() else {
        return;
    };
    // A session is saved from its first change: one opened by mistake leaves nothing behind.
    if session.audit.is_empty() && !path.exists() {
        *latest = None;
        return;
    }
    let result = store::save_session(path, session).map_err(|e| format!("{e:#}"));
    drop(latest);
    app.saved(result);
}

fn list(app: &mut App, shell: &Shell) -> Vec<store::SessionSummary> {
    match shell.store.list(&app.catalog) {
        Ok(l) => l,
        Err(e) => {
            app.notice(format!("{e:#}"));
            Vec::new()
        }
    }
}

/// Reads the saved sessions again for the start screen.
pub fn refresh(app: &mut App, shell: &Shell) {
    let l = list(app, shell);
    app.listed(l);
}

/// Starts a new session for `product`, saved at `path`.
pub fn create(app: &mut App, shell: &mut Shell, product: &str, path: &Path) -> Result<()> {
    let Some(wizard) = app.catalog.wizard(product) else {
        let known: Vec<&str> = app.catalog.ids().collect();
        bail!("no product '{product}'; products: {}", known.join(", "));
    };
    if path.exists() {
        bail!(
            "{} exists already: resume it with `hardline resume {}`",
            path.display(),
            path.display()
        );
    }
    shell.lock = None;
    let lock = SessionLock::acquire(path)?;
    let now = (app.clock)();
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(product)
        .to_string();
    let session = Session::for_wizard(wizard, &id, &now);
    shell.lock = Some(lock);
    app.opened(session, path.to_path_buf());
    Ok(())
}

/// Opens a saved session: locked against a second instance, reconciled with a changed wizard;
/// a damaged file offers its backup.
pub fn open(app: &mut App, shell: &mut Shell, path: &Path) {
    shell.lock = None;
    let lock = match SessionLock::acquire(path) {
        Ok(l) => l,
        Err(e) => return app.notice(e.to_string()),
    };
    let mut session = match store::load_session(path) {
        Ok(s) => s,
        Err(LoadError::Corrupt {
            backup: Some(_), ..
        }) => return app.ask(Question::RestoreBackup(path.to_path_buf())),
        Err(e) => return app.notice(e.to_string()),
    };
    let Some(wizard) = app.catalog.wizard(&session.product) else {
        return app.notice(strings::unknown_product(&session.product));
    };
    let reconciled = session.reconcile(wizard, &wizard.fingerprint(), &(app.clock)());
    shell.lock = Some(lock);
    app.opened(session, path.to_path_buf());
    save(app);
    if !reconciled.is_empty() {
        app.notice(strings::reconciled(&reconciled));
    }
}

fn delete(path: &Path) -> Result<()> {
    // A session open elsewhere is not deleted under its owner's feet.
    let _lock = SessionLock::acquire(path)?;
    std::fs::remove_file(path).with_context(|| format!("deleting {}", path.display()))?;
    let bak = store::backup_path(path);
    if bak.exists() {
        std::fs::remove_file(&bak).with_context(|| format!("deleting {}", bak.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Change, SiteField};
    use crate::theme::Theme;
    use ratatui::layout::Rect;

    #[test]
    fn the_panic_and_signal_save_writes_the_last_state() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = store::catalog(None).unwrap();
        let theme = Theme::named("dark", true).unwrap();
        let clock = || "2026-11-25T10:00:00Z".to_string();
        let mut app = App::new(catalog, theme, clock, Rect::new(0, 0, 80, 24));
        let mut shell = Shell {
            store: Store {
                root: dir.path().to_path_buf(),
            },
            lock: None,
        };
        let create = Effect::Create {
            product: "avaya-ipoffice".into(),
        };
        perform(&mut app, &mut shell, create);
        let change = Change::SetSite {
            field: SiteField::Customer,
            value: "Panic Ltd".into(),
        };
        let effect = app.change(change).unwrap().unwrap();
        perform(&mut app, &mut shell, effect);
        let path = app.open.as_ref().unwrap().path.clone();
        std::fs::remove_file(&path).unwrap();
        save_latest(false);
        let saved = store::load_session(&path).unwrap();
        assert_eq!(saved.site.customer, "Panic Ltd");
        // Closing the session forgets it: a later panic writes nothing.
        perform(&mut app, &mut shell, Effect::Close);
        std::fs::remove_file(&path).unwrap();
        save_latest(false);
        assert!(!path.exists());
    }
}
