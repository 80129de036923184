//! Session files: written atomically (temp file, fsync, rename, fsync of the folder), mode 0600,
//! the previous good version kept as `.bak`.

use crate::catalog::Catalog;
use crate::session::{FormatError, Session};
use anyhow::{Context, Result};
// Only the Unix save opens the folder to sync it; Windows asks for write-through in the move.
#[cfg(unix)]
use std::fs::File;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where sessions live: `HARDLINE_DATA_DIR`, or the platform's data folder.
#[derive(Debug, Clone)]
pub struct Store {
    pub root: PathBuf,
}

#[derive(Debug, Clone)]
pub struct SessionSummary {
    pub path: PathBuf,
    pub id: String,
    pub product: String,
    pub customer: String,
    pub site: String,
    pub updated: String,
    /// (settled, visible) steps; None when the product is unknown.
    pub progress: Option<(usize, usize)>,
    /// Why it could not be read, when it could not.
    pub error: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read session {path}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "session {path} is damaged ({problem}). It was left as it is.{}",
        backup_hint(backup)
    )]
    Corrupt {
        path: String,
        problem: String,
        backup: Option<PathBuf>,
    },
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!(
            " The previous good version is {}: `hardline resume --restore-backup {}` brings it back.",
            b.display(),
            b.with_extension("").display()
        ),
        None => " There is no backup of it.".into(),
    }
}

impl Store {
    pub fn open() -> Result<Store> {
        let root = match std::env::var_os("HARDLINE_DATA_DIR") {
            Some(d) => PathBuf::from(d),
            None => directories::ProjectDirs::from("", "", "hardline")
                .context("no home folder to keep sessions in; set HARDLINE_DATA_DIR")?
                .data_dir()
                .to_path_buf(),
        };
        Ok(Store { root })
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join("sessions")
    }

    pub fn path_for(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.json"))
    }

    /// A new session id from the product and time, unique in the store.
    pub fn new_id(&self, product: &str, now: &str) -> String {
        let stamp: String = now.chars().filter(char::is_ascii_digit).take(14).collect();
        let base = format!(
            "{product}-{}-{}",
            &stamp[..8.min(stamp.len())],
            &stamp[8.min(stamp.len())..]
        );
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|id| !self.path_for(id).exists())
            .unwrap_or(base)
    }

    /// Saved sessions, newest first. Unreadable files are listed with their error.
    pub fn list(&self, catalog: &Catalog) -> Result<Vec<SessionSummary>> {
        let dir = self.sessions_dir();
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry
                .with_context(|| format!("reading {}", dir.display()))?
                .path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            out.push(match load_session(&path) {
                Ok(s) => SessionSummary {
                    progress: catalog.wizard(&s.product).map(|w| s.progress(w)),
                    id,
                    path,
                    product: s.product,
                    customer: s.site.customer,
                    site: s.site.site,
                    updated: s.updated,
                    error: None,
                },
                Err(e) => SessionSummary {
                    path,
                    id,
                    product: String::new(),
                    customer: String::new(),
                    site: String::new(),
                    updated: String::new(),
                    progress: None,
                    error: Some(e.to_string()),
                },
            });
        }
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        Ok(out)
    }
}

pub fn load_session(path: &Path) -> Result<Session, LoadError> {
    let text = fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Session::from_json(&text).map_err(|e: FormatError| {
        let bak = backup_path(path);
        let backup = fs::read_to_string(&bak)
            .ok()
            .filter(|t| Session::from_json(t).is_ok())
            .map(|_| bak);
        LoadError::Corrupt {
            path: path.display().to_string(),
            problem: e.to_string(),
            backup,
        }
    })
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn temp_prefix(path: &Path) -> std::ffi::OsString {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".tmp-");
    name
}

/// Removes temp files a killed writer left beside `path`. Call only while holding its lock.
pub fn remove_stale_temp(path: &Path) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefixes = [temp_prefix(path), temp_prefix(&backup_path(path))];
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if prefixes
            .iter()
            .any(|p| name.starts_with(p.to_string_lossy().as_ref()))
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `text` to `path` so that a crash at any moment leaves either the old or the new file.
fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp_name = temp_prefix(path);
    tmp_name.push(std::process::id().to_string());
    let tmp = dir.join(tmp_name);
    let result = (|| -> std::io::Result<()> {
        let mut opts = OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        // On Windows the file takes the ACL of its folder: the user's own %APPDATA%.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        #[cfg(unix)]
        {
            fs::rename(&tmp, path)?;
            // The rename is durable only once the folder is.
            File::open(dir)?.sync_all()
        }
        #[cfg(windows)]
        super::windows::replace(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

/// Saves a session: the current file, if it is a good session, becomes the `.bak` first.
pub fn save_session(path: &Path, session: &Session) -> Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    if let Ok(old) = fs::read_to_string(path)
        && Session::from_json(&old).is_ok()
    {
        write_atomic(&backup_path(path), &old)?;
    }
    write_atomic(path, &session.to_json())
}

/// Puts the `.bak` back in place of a damaged session; the damaged file is kept beside it as
/// `<name>.damaged-<time>`. Returns that name.
pub fn restore_backup(path: &Path, now: &str) -> Result<PathBuf> {
    let bak = backup_path(path);
    let text =
        fs::read_to_string(&bak).with_context(|| format!("reading backup {}", bak.display()))?;
    Session::from_json(&text)
        .with_context(|| format!("backup {} is damaged too", bak.display()))?;
    let stamp: String = now.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{stamp}"));
    let kept = path.with_file_name(name);
    if path.exists() {
        fs::rename(path, &kept).with_context(|| format!("keeping {} aside", path.display()))?;
    }
    write_atomic(path, &text)?;
    Ok(kept)
}
