//! One instance per session: an OS file lock (released by the OS when the holder dies, so a
//! stale lock recovers by itself), with the holder's pid and host written inside for the message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
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
    /// Locks the session at `session_path` (its `.lock` file beside it).
    pub fn acquire(session_path: &Path) -> Result<SessionLock, LockError> {
        let path = lock_path(session_path);
        let io = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        #[cfg(unix)]
        let locked = file.try_lock();
        #[cfg(windows)]
        let locked = super::windows::try_lock(&file);
        match locked {
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
        // Ours now: whatever a dead holder left behind is cleared.
        super::sessions::remove_stale_temp(session_path);
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "pid {} on {}", std::process::id(), host_name()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(SessionLock { file, path })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        #[cfg(unix)]
        let _ = self.file.unlock();
        #[cfg(windows)]
        let _ = super::windows::unlock(&self.file);
    }
}

fn lock_path(session_path: &Path) -> PathBuf {
    let mut name = session_path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    session_path.with_file_name(name)
}
