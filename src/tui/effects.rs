//! Carrying out [`Effect`]s: the TUI's only file-system access, through `store` and `export`.

use super::app::{App, Effect, Leave, Overlay, Question, Written, export::order_of};
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

/// Test-only: held by the unit tests that open sessions, which all record them in [`LATEST`].
#[cfg(test)]
pub(crate) static LATEST_USERS: Mutex<()> = Mutex::new(());

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
        Effect::Save => {
            save(app);
        }
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
        Effect::RestoreBackup(path) => {
            shell.lock = None;
            // Under the lock, and only if it is still damaged once locked.
            let restored = SessionLock::acquire(&path)
                .map_err(anyhow::Error::from)
                .and_then(|lock| {
                    store::restore_backup(&lock, &app.catalog, &(app.clock)()).map(|_| lock)
                });
            match restored {
                Ok(lock) => open_locked(app, shell, lock),
                Err(e) => app.notice(format!("{e:#}")),
            }
        }
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
        Effect::Close => leave_if_saved(app, shell, Leave::Close),
        Effect::Quit => leave_if_saved(app, shell, Leave::Quit),
        Effect::SaveAs { path, leave } => match save_copy(app, &path) {
            Ok(()) => leave_now(app, shell, leave),
            Err(e) => {
                app.ui.message = Some(strings::saved_elsewhere_failed(&path, &format!("{e:#}")));
                app.ui.overlay = Some(Overlay::Unsaved(leave));
            }
        },
        Effect::Discard(leave) => leave_now(app, shell, leave),
    }
}

/// Saves, then leaves; when the save fails, asks what to do instead: nothing is lost unless the
/// installer says so.
fn leave_if_saved(app: &mut App, shell: &mut Shell, leave: Leave) {
    if save(app) {
        leave_now(app, shell, leave);
    } else {
        app.ui.overlay = Some(Overlay::Unsaved(leave));
    }
}

fn leave_now(app: &mut App, shell: &mut Shell, leave: Leave) {
    match leave {
        Leave::Quit => app.ui.quit = true,
        Leave::Close => {
            shell.lock = None;
            forget_latest();
            let list = list(app, shell);
            app.closed(list);
        }
    }
}

/// Writes the open session to a new file the installer named; from then on it is that file.
fn save_copy(app: &mut App, path: &Path) -> Result<()> {
    let open = app.open.as_mut().context("no session is open")?;
    store::save_copy(path, &open.session)?;
    open.path = path.to_path_buf();
    app.saved(Ok(()));
    Ok(())
}

fn forget_latest() {
    if let Ok(mut guard) = LATEST.lock() {
        *guard = None;
    }
}

/// Saves the open session, recording it for the panic and signal handlers; the record stays
/// locked during the write so that a signal arriving meanwhile does not write at the same time.
/// False when the save failed (nothing open counts as saved).
fn save(app: &mut App) -> bool {
    let Ok(mut latest) = LATEST.lock() else {
        app.saved(Err(strings::SAVE_LOCK.into()));
        return false;
    };
    *latest = app
        .open
        .as_ref()
        .map(|o| (o.path.clone(), o.session.clone()));
    let Some((path, session)) = latest.as_ref() else {
        return true;
    };
    // A session is saved from its first change: one opened by mistake leaves nothing behind.
    if session.audit.is_empty() && !path.exists() {
        *latest = None;
        return true;
    }
    let result = store::save_session(path, session).map_err(|e| format!("{e:#}"));
    drop(latest);
    let saved = result.is_ok();
    app.saved(result);
    saved
}

fn list(app: &mut App, shell: &Shell) -> Vec<store::SessionSummary> {
    match shell.store.list(&app.catalog, &(app.clock)()) {
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
    let now = (app.clock)();
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(product)
        .to_string();
    let session = Session::for_wizard(wizard, &id, &now);
    shell.lock = None;
    shell.lock = Some(store::claim_session(path)?);
    app.opened(session, path.to_path_buf());
    Ok(())
}

/// Opens a saved session from the start screen: locked against a second instance first.
pub fn open(app: &mut App, shell: &mut Shell, path: &Path) {
    shell.lock = None;
    match SessionLock::acquire(path) {
        Ok(lock) => open_locked(app, shell, lock),
        Err(e) => app.notice(e.to_string()),
    }
}

/// Opens the session `lock` holds, keeping the lock for as long as it is open: checked and
/// reconciled with a changed wizard on the way in; a damaged file offers its backup.
pub fn open_locked(app: &mut App, shell: &mut Shell, lock: SessionLock) {
    let path = lock.session().to_path_buf();
    let loaded = match store::load_session(&path, &app.catalog, &(app.clock)()) {
        Ok(l) => l,
        Err(LoadError::Corrupt {
            backup: Some(_), ..
        }) => return app.ask(Question::RestoreBackup(path)),
        Err(e) => return app.notice(e.to_string()),
    };
    shell.lock = Some(lock);
    app.opened(loaded.session, path);
    save(app);
    if !loaded.reconciled.is_empty() {
        app.notice(strings::reconciled(&loaded.reconciled));
    }
}

fn delete(path: &Path) -> Result<()> {
    // A session open elsewhere is not deleted under its owner's feet.
    let lock = SessionLock::acquire(path)?;
    std::fs::remove_file(path).with_context(|| format!("deleting {}", path.display()))?;
    let bak = store::backup_path(path);
    if bak.exists() {
        std::fs::remove_file(&bak).with_context(|| format!("deleting {}", bak.display()))?;
    }
    lock.release_and_remove();
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
        let _latest = LATEST_USERS.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let catalog = store::catalog(None).unwrap();
        let theme = Theme::named("dark", crate::theme::Colours::Full).unwrap();
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
        let saved = store::load_session(&path, &app.catalog, "2026-11-25T10:00:00Z").unwrap();
        assert_eq!(saved.session.site.customer, "Panic Ltd");
        // Closing the session forgets it: a later panic writes nothing.
        perform(&mut app, &mut shell, Effect::Close);
        std::fs::remove_file(&path).unwrap();
        save_latest(false);
        assert!(!path.exists());
    }
}
