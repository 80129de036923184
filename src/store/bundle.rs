//! Export bundles: every file written, synced and checksummed in a private staging folder
//! beside the target, then put in place whole: renamed in, or swapped with the export it
//! replaces in one step where the platform can. A bundle folder holds exactly the files of one
//! export, 0700 with files 0600. Staging folders that a killed export left are removed at the
//! next export into the same folder.

use super::fs as hfs;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A staging folder older than this is left over, whatever its pid says (the pid may have been
/// given to another process since): an export takes a second at most.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// A bundle complete in its staging folder, not yet in place. Dropped without
/// [`Staged::commit`], the staging folder is removed.
#[derive(Debug)]
pub struct Staged {
    staging: PathBuf,
    out: PathBuf,
    force: bool,
    written: Vec<WrittenFile>,
}

/// Writes `files` (name, text) and `SHA256SUMS` into `out`. A non-empty `out` is refused unless
/// `force`, and even then unless it holds an earlier export and nothing else.
pub fn write_bundle(
    out: &Path,
    files: &[(String, String)],
    force: bool,
) -> Result<Vec<WrittenFile>> {
    stage_bundle(out, files, force)?.commit()
}

/// Checks that `out` may take the bundle, then writes and syncs every file in a private staging
/// folder beside it.
pub fn stage_bundle(out: &Path, files: &[(String, String)], force: bool) -> Result<Staged> {
    let Some(name) = out.file_name().and_then(|n| n.to_str()) else {
        bail!("{}: name the folder the bundle goes into", out.display());
    };
    check_target(out, force)?;
    let parent = parent_of(out);
    hfs::create_private_dir_all(parent)
        .with_context(|| format!("creating {}", parent.display()))?;
    remove_stale_staging(parent);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    // One of this pid is a dead process's: this process stages one bundle at a time.
    let _ = fs::remove_dir_all(&staging);
    hfs::create_private_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let mut staged = Staged {
        staging,
        out: out.to_path_buf(),
        force,
        written: Vec::new(),
    };
    let mut sums = String::new();
    for (name, text) in files {
        let sha = sha256_hex(text.as_bytes());
        sums.push_str(&format!("{sha}  {name}\n"));
        staged.written.push(WrittenFile {
            name: name.clone(),
            size: text.len() as u64,
            sha256: sha,
        });
    }
    staged.written.push(WrittenFile {
        name: "SHA256SUMS".into(),
        size: sums.len() as u64,
        sha256: sha256_hex(sums.as_bytes()),
    });
    let all = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([("SHA256SUMS", sums.as_str())]);
    // Every file written, then every one synced: the disk gets all of it at once instead of
    // one flush after another.
    let mut open = Vec::new();
    for (name, text) in all {
        let path = staged.staging.join(name);
        let mut f = hfs::create_private_file(&path)
            .with_context(|| format!("writing {}", path.display()))?;
        f.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        open.push((path, f));
    }
    for (path, f) in open {
        f.sync_all()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    hfs::fsync_dir(&staged.staging)
        .with_context(|| format!("writing {}", staged.staging.display()))?;
    Ok(staged)
}

impl Staged {
    /// Puts the bundle in place: renamed in when `out` does not exist, else swapped with what
    /// is there (checked again), which is then removed. The folder is synced after.
    pub fn commit(mut self) -> Result<Vec<WrittenFile>> {
        let parent = parent_of(&self.out).to_path_buf();
        let moving = || format!("moving the bundle to {}", self.out.display());
        if fs::symlink_metadata(&self.out).is_err() {
            fs::rename(&self.staging, &self.out).with_context(moving)?;
        } else {
            check_target(&self.out, self.force)?;
            if hfs::exchange(&self.staging, &self.out).with_context(moving)? {
                // The staging name now holds the export replaced.
                remove_dir(&self.staging)?;
            } else {
                let name = self.out.file_name().unwrap_or_default().to_string_lossy();
                let aside = parent.join(format!(".{name}.replaced-{}", std::process::id()));
                let _ = fs::remove_dir_all(&aside);
                fs::rename(&self.out, &aside).with_context(moving)?;
                fs::rename(&self.staging, &self.out).with_context(moving)?;
                remove_dir(&aside)?;
            }
        }
        hfs::fsync_dir(&parent).with_context(|| format!("syncing {}", parent.display()))?;
        Ok(std::mem::take(&mut self.written))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Gone already once committed.
        let _ = fs::remove_dir_all(&self.staging);
    }
}

fn remove_dir(dir: &Path) -> Result<()> {
    fs::remove_dir_all(dir)
        .with_context(|| format!("removing the replaced export {}", dir.display()))
}

fn parent_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `out` may take a bundle: absent, an empty folder, or with `force` a folder that holds
/// an earlier export and nothing else (every file listed in its SHA256SUMS).
fn check_target(out: &Path, force: bool) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        bail!(
            "{} is a symbolic link: give the folder it points to",
            out.display()
        );
    }
    if !meta.is_dir() {
        bail!("{} exists and is not a folder", out.display());
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(out)
        .and_then(Iterator::collect)
        .with_context(|| format!("reading {}", out.display()))?;
    if entries.is_empty() {
        return Ok(());
    }
    if !force {
        bail!(
            "{} is not empty: choose another folder or pass --force to replace the export in it",
            out.display()
        );
    }
    let sums = fs::read_to_string(out.join("SHA256SUMS")).unwrap_or_default();
    let listed: Vec<&str> = sums
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(_, name)| name))
        .chain(["SHA256SUMS"])
        .collect();
    let foreign: Vec<String> = entries
        .iter()
        .filter(|e| {
            let name = e.file_name();
            let plain = e.file_type().is_ok_and(|t| t.is_file());
            !plain || !listed.iter().any(|l| name.to_str() == Some(l))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if !foreign.is_empty() {
        bail!(
            "{} holds more than an earlier export ({}): --force replaces only an export; move \
             these away or choose another folder",
            out.display(),
            foreign.join(", ")
        );
    }
    Ok(())
}

/// Removes what killed exports left in `parent`: `.NAME.staging-PID` folders of a process that
/// is gone (or older than [`STALE_AFTER`]), and `.NAME.replaced-PID` folders the same way once
/// `NAME` is in place (until then, that is the only copy of the export).
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((name, kind, pid)) = file_name.to_str().and_then(leftover) else {
            continue;
        };
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_dir() || (kind == "replaced" && !parent.join(name).is_dir()) {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old || hfs::process_alive(pid) == Some(false) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// `.NAME.staging-PID` or `.NAME.replaced-PID`: (NAME, kind, PID).
fn leftover(file_name: &str) -> Option<(&str, &str, u32)> {
    let rest = file_name.strip_prefix('.')?;
    let (head, pid) = rest.rsplit_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    let (name, kind) = head.rsplit_once('.')?;
    (matches!(kind, "staging" | "replaced") && !name.is_empty()).then_some((name, kind, pid))
}

#[cfg(test)]
mod tests {
    #[test]
    fn leftovers_are_recognised_by_name() {
        use super::leftover;
        assert_eq!(leftover(".out.staging-42"), Some(("out", "staging", 42)));
        assert_eq!(leftover(".a.b.replaced-7"), Some(("a.b", "replaced", 7)));
        for other in [
            ".out.staging-",
            ".out.notes",
            "out.staging-1",
            "..staging-1",
            ".x.staging-1a",
        ] {
            assert_eq!(leftover(other), None, "{other}");
        }
    }
}
