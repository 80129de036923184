//! Session files: written atomically (a fresh private temp file, fsync, rename, fsync of the
//! folder), mode 0600, the previous good version kept as `.bak`; read back with every value
//! checked against the wizard.

use super::SessionLock;
use super::fs as hfs;
use super::write::{folder_of, write_atomic, write_new};
use crate::catalog::{Catalog, Problem};
use crate::session::{Loaded, Session};
use anyhow::{Context, Result, bail};
use std::fs;
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
    #[error("cannot read session {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "session {path} is damaged; it was left as it is:\n  {}\n{}",
        lines(problems),
        backup_hint(backup)
    )]
    Corrupt {
        path: String,
        problems: Vec<Problem>,
        backup: Option<PathBuf>,
    },
}

impl LoadError {
    /// The error on one line, for a list of sessions.
    pub fn brief(&self) -> String {
        match self {
            LoadError::Corrupt { problems, .. } => match problems.as_slice() {
                [] => "damaged".into(),
                [one] => one.to_string(),
                [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
            },
            other => other.to_string(),
        }
    }
}

fn lines(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n  ")
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!(
            "The previous good version is {}: `hardline resume --restore-backup {}` brings it back.",
            b.display(),
            b.with_extension("").display()
        ),
        None => "There is no good backup of it.".into(),
    }
}

impl Store {
    /// The store of this user. The data folder and its `sessions` folder are made private
    /// (0700) when they are hardline's own; a folder named by `HARDLINE_DATA_DIR` that exists
    /// already is the user's choice and left as it is.
    pub fn open() -> Result<Store> {
        let (root, ours) = match std::env::var_os("HARDLINE_DATA_DIR") {
            Some(d) => (PathBuf::from(d), false),
            None => (
                directories::ProjectDirs::from("", "", "hardline")
                    .context("no home folder to keep sessions in; set HARDLINE_DATA_DIR")?
                    .data_dir()
                    .to_path_buf(),
                true,
            ),
        };
        let store = Store { root };
        let private = |dir: &Path| {
            hfs::make_private_dir(dir).with_context(|| format!("protecting {}", dir.display()))
        };
        if ours && store.root.is_dir() {
            private(&store.root)?;
        }
        let sessions = store.sessions_dir();
        if sessions.is_dir() {
            private(&sessions)?;
        }
        Ok(store)
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
    pub fn list(&self, catalog: &Catalog, now: &str) -> Result<Vec<SessionSummary>> {
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
            out.push(match load_session(&path, catalog, now) {
                Ok(Loaded { session: s, .. }) => SessionSummary {
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
                    error: Some(e.brief()),
                },
            });
        }
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        Ok(out)
    }
}

/// The largest session file read: a hundred thousand changes in the audit log fit in a tenth
/// of it.
const SESSION_LIMIT: u64 = 64 << 20;

fn read_session_text(path: &Path) -> std::io::Result<String> {
    hfs::read_limited(path, SESSION_LIMIT, true)
}

/// Reads a session and checks it against its wizard (see [`Session::read_saved`]).
pub fn load_session(path: &Path, catalog: &Catalog, now: &str) -> Result<Loaded, LoadError> {
    let text = read_session_text(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let file = path.display().to_string();
    Session::read_saved(&file, &text, catalog, now).map_err(|problems| {
        let bak = backup_path(path);
        let backup = read_session_text(&bak)
            .ok()
            .filter(|t| Session::read_saved(&file, t, catalog, now).is_ok())
            .map(|_| bak);
        LoadError::Corrupt {
            path: file.clone(),
            problems,
            backup,
        }
    })
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves a session: the current file, if it is a good session, becomes the `.bak` first.
pub fn save_session(path: &Path, session: &Session) -> Result<()> {
    let dir = folder_of(path);
    hfs::create_private_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if let Ok(old) = read_session_text(path)
        && Session::from_json(&old).is_ok()
    {
        write_atomic(&backup_path(path), &old)?;
    }
    write_atomic(path, &session.to_json())
}

/// The message for a session file that is there already.
pub fn exists_already(path: &Path) -> String {
    format!(
        "{} already exists: resume it with `hardline resume {}`",
        path.display(),
        path.display()
    )
}

/// Locks the name of a new session: refused when a file has it already, or another hardline
/// holds it. Returns the lock, for the editor to keep; the first save writes the file.
pub fn claim_session(path: &Path) -> Result<SessionLock> {
    let lock = SessionLock::acquire(path)?;
    if fs::symlink_metadata(path).is_ok() {
        bail!(exists_already(path));
    }
    Ok(lock)
}

/// Creates the file of a new session: its name locked first, then the file created only if no
/// file has the name (a second `hardline new` on the same path gets "already exists" or "open
/// in another hardline", never a silent overwrite). Returns the lock, for the editor to keep.
pub fn create_session(path: &Path, session: &Session) -> Result<SessionLock> {
    let lock = claim_session(path)?;
    write_new(path, &session.to_json())?;
    Ok(lock)
}

/// Writes the session to `path`, a new file (an existing one is never replaced): where the
/// installer saves it when its own file cannot be written.
pub fn save_copy(path: &Path, session: &Session) -> Result<()> {
    let dir = folder_of(path);
    hfs::create_private_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    write_new(path, &session.to_json())
}

/// Puts the `.bak` back in place of a damaged session, under its lock; the damaged file is kept
/// beside it as `<name>.damaged-<time>`. Returns that name. A session that is not damaged is
/// left alone: there is nothing to restore.
pub fn restore_backup(lock: &SessionLock, catalog: &Catalog, now: &str) -> Result<PathBuf> {
    let path = lock.session();
    let bak = backup_path(path);
    match load_session(path, catalog, now) {
        Ok(_) => bail!(
            "{} is not damaged: nothing was restored (its backup {} is the version before the \
             last save; copy it by hand to go back to it)",
            path.display(),
            bak.display()
        ),
        Err(LoadError::Io { source, .. }) if source.kind() != std::io::ErrorKind::NotFound => {
            bail!("cannot read {}: {source}", path.display())
        }
        Err(_) => {}
    }
    let text =
        read_session_text(&bak).with_context(|| format!("reading backup {}", bak.display()))?;
    let file = bak.display().to_string();
    if let Err(problems) = Session::read_saved(&file, &text, catalog, now) {
        bail!(
            "backup {} is damaged too:\n  {}",
            bak.display(),
            lines(&problems)
        );
    }
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
