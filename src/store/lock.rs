//! One instance per session: an OS file lock (released by the OS when the holder dies, so a
//! stale lock recovers by itself), with the holder's pid and host written inside for the message.
//!
//! The lock file is never deleted on release: a second hardline may have opened it already, and
//! a lock on a file that no longer has the name would be a lock on nothing. Even so (an older
//! hardline deleted it, or a person did), a lock counts only once the file locked is checked to
//! be the one the name gives.

use super::fs;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How often the lock file may be found replaced under us before giving up.
const ATTEMPTS: usize = 16;

#[derive(Debug)]
pub struct SessionLock {
    file: File,
    session: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("session {session} is open in another hardline ({holder}); close it there first")]
    Held { session: String, holder: String },
    #[error("cannot lock {path}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "unknown host".into())
}

impl SessionLock {
    /// Locks the session at `session_path` (its `.lock` file beside it) until the value is
    /// dropped.
    pub fn acquire(session_path: &Path) -> Result<SessionLock, LockError> {
        let path = lock_path(session_path);
        let io = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent() {
            fs::create_private_dir_all(dir).map_err(io)?;
        }
        for _ in 0..ATTEMPTS {
            let mut file = fs::open_lock(&path).map_err(io)?;
            #[cfg(test)]
            hook::fire(hook::Event::Opened);
            match fs::try_lock(&file) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(LockError::Held {
                        session: session_path.display().to_string(),
                        holder: if holder.is_empty() {
                            "unknown process".into()
                        } else {
                            holder.to_string()
                        },
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
            if !fs::is_same_file(&file, &path).map_err(io)? {
                // Deleted or replaced since it was opened: lock what the name gives now.
                continue;
            }
            // Ours now: whatever a dead holder left behind is cleared.
            super::write::remove_stale_temp(session_path);
            file.set_len(0).map_err(io)?;
            file.rewind().map_err(io)?;
            write!(file, "pid {} on {}", std::process::id(), host_name()).map_err(io)?;
            file.flush().map_err(io)?;
            return Ok(SessionLock {
                file,
                session: session_path.to_path_buf(),
            });
        }
        Err(io(std::io::Error::other(
            "the lock file keeps being replaced by another program",
        )))
    }

    /// The session this lock holds.
    pub fn session(&self) -> &Path {
        &self.session
    }

    /// Lets go of a session that is gone (deleted), removing its lock file first. Safe while
    /// held: a hardline that opened the old file finds, once it has locked it, that the name
    /// gives another file, and tries that. (Windows refuses to delete an open lock file; it
    /// then stays, as harmless as any lock file left by a killed process.)
    pub fn release_and_remove(self) {
        let _ = std::fs::remove_file(lock_path(&self.session));
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = fs::unlock(&self.file);
        #[cfg(test)]
        hook::fire(hook::Event::Released);
    }
}

fn lock_path(session_path: &Path) -> PathBuf {
    let mut name = session_path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session_path.with_file_name(name)
}

/// Test-only: code to run at a chosen point of locking in this thread, to force an interleaving
/// with another holder without sleeping.
#[cfg(test)]
pub(crate) mod hook {
    use std::cell::RefCell;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Event {
        /// The lock file is open, not yet locked.
        Opened,
        /// A lock was let go.
        Released,
    }

    type Hook = Box<dyn FnMut(Event)>;

    thread_local! {
        static HOOK: RefCell<Option<Hook>> = const { RefCell::new(None) };
    }

    /// Runs `body` with `hook` called at each event of this thread; the hook itself runs
    /// without a hook, so it may lock and unlock freely.
    pub fn with<T>(hook: impl FnMut(Event) + 'static, body: impl FnOnce() -> T) -> T {
        HOOK.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
        let out = body();
        HOOK.with(|h| *h.borrow_mut() = None);
        out
    }

    pub(super) fn fire(event: Event) {
        let Some(mut hook) = HOOK.with(|h| h.borrow_mut().take()) else {
            return;
        };
        hook(event);
        HOOK.with(|h| {
            let mut slot = h.borrow_mut();
            if slot.is_none() {
                *slot = Some(hook);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::hook::{self, Event};
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A holds the lock; B has opened the lock file; then A lets go and C takes the lock. B must
    /// not get it too. `unlink` also deletes the file first, as an older hardline did.
    fn second_holder_after_a_release(unlink: bool) -> Result<SessionLock, LockError> {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        let a = Rc::new(RefCell::new(Some(SessionLock::acquire(&session).unwrap())));
        let c: Rc<RefCell<Option<SessionLock>>> = Rc::new(RefCell::new(None));
        let (a2, c2, s2) = (Rc::clone(&a), Rc::clone(&c), session.clone());
        let b = hook::with(
            move |event| {
                if event == Event::Opened && a2.borrow().is_some() {
                    if unlink {
                        std::fs::remove_file(lock_path(&s2)).unwrap();
                    }
                    drop(a2.borrow_mut().take());
                    *c2.borrow_mut() = Some(SessionLock::acquire(&s2).unwrap());
                }
            },
            || SessionLock::acquire(&session),
        );
        assert!(c.borrow().is_some(), "C never got the lock");
        b
    }

    #[test]
    fn a_lock_file_opened_before_a_release_does_not_give_a_second_holder() {
        for unlink in [false, true] {
            match second_holder_after_a_release(unlink) {
                Err(LockError::Held { .. }) => {}
                other => panic!("unlink {unlink}: B and C both hold the session: {other:?}"),
            }
        }
    }
}
