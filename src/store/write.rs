//! Writing files so that a crash never leaves half of one: a fresh private temp file, synced,
//! then renamed over the old one, or given a name that no file has yet.

use super::backup_path;
use super::fs as hfs;
use anyhow::{Context, Result, anyhow};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

fn temp_prefix(path: &Path) -> std::ffi::OsString {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".tmp-");
    name
}

pub(super) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Removes temp files a killed writer left beside `path`. Call only while holding its lock.
pub(super) fn remove_stale_temp(path: &Path) {
    let prefixes = [temp_prefix(path), temp_prefix(&backup_path(path))];
    let Ok(entries) = fs::read_dir(folder_of(path)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if prefixes
            .iter()
            .any(|p| name.starts_with(p.to_string_lossy().as_ref()))
        {
            // A symlink is removed itself, never what it points to.
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Tells temp files of one process apart.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `text` to a new private temp file beside `path` and syncs it; returns its path. The
/// name is fresh: whatever is found under a name (a planted symlink, someone's file) is never
/// opened, the next name is tried.
fn write_temp(path: &Path, text: &str) -> std::io::Result<PathBuf> {
    let dir = folder_of(path);
    for _ in 0..100 {
        let mut name = temp_prefix(path);
        name.push(format!(
            "{}-{}",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let tmp = dir.join(name);
        let mut f = match hfs::create_private_file(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        return Ok(tmp);
    }
    Err(std::io::Error::other("no free temp file name"))
}

/// Writes `text` to `path` so that a crash at any moment leaves either the old or the new file.
pub(super) fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let result = write_temp(path, text).and_then(|tmp| {
        hfs::replace(&tmp, path).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    });
    result.with_context(|| format!("writing {}", path.display()))
}

/// Gives a complete, synced file the name `path` only if no file has it.
pub(super) fn write_new(path: &Path, text: &str) -> Result<()> {
    let fail = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(
                "{} exists already: give the name of a new file",
                path.display()
            )
        } else {
            anyhow::Error::new(e).context(format!("writing {}", path.display()))
        }
    };
    let tmp = write_temp(path, text).map_err(fail)?;
    // A hard link gives the file its name only if the name is free.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(fail(e)),
        // A file system without hard links (FAT on a stick): create the name exclusively.
        Err(_) => {
            let mut f = hfs::create_private_file(path).map_err(fail)?;
            let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
            if let Err(e) = written {
                let _ = fs::remove_file(path);
                return Err(fail(e));
            }
        }
    }
    hfs::fsync_dir(folder_of(path)).map_err(fail)
}
