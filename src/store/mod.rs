//! All I/O: the embedded and on-disk wizards and themes, session files (atomic, locked, with a
//! backup), export bundles, and the clock.

mod bundle;
mod clock;
pub mod fs;
mod lock;
mod sessions;
mod text;
#[cfg(windows)]
mod windows;
mod write;

pub use bundle::{Staged, WrittenFile, stage_bundle, write_bundle};
pub use clock::now;
#[cfg(test)]
pub(crate) use lock::hook as lock_hook;
pub use lock::{LockError, SessionLock};
pub use sessions::{
    LoadError, SessionSummary, Store, backup_path, claim_session, create_session, exists_already,
    load_session, restore_backup, save_copy, save_session,
};

use crate::catalog::{Catalog, Product, load_catalog};
use anyhow::{Context, Result, bail};
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The wizards built into the binary, as (file name, text).
pub fn embedded_wizards() -> &'static [(&'static str, &'static str)] {
    embedded::WIZARDS
}

/// The themes built into the binary, as (file name, text).
pub fn embedded_themes() -> &'static [(&'static str, &'static str)] {
    embedded::THEMES
}

/// The largest wizard file read: ten times the largest shipped one is 1.3 MiB.
const WIZARD_LIMIT: u64 = 16 << 20;

/// Reads every `*.json` of a folder but `schema.json`, sorted by name. Only regular files are
/// read (a FIFO would block, a device never end), each up to [`WIZARD_LIMIT`].
pub fn read_wizard_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading wizard folder {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading wizard folder {}", dir.display()))?
            .path();
        let is_wizard = path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "schema.json");
        if is_wizard {
            let text = fs::read_limited(&path, WIZARD_LIMIT, true)
                .with_context(|| format!("reading {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no wizard files (*.json) in {}", dir.display());
    }
    Ok(files)
}

/// The largest file named on the command line (an answers file, a run's result): far more
/// than any wizard's answers or a run over thousands of operations.
const INPUT_LIMIT: u64 = 64 << 20;

/// Reads a file the installer names on the command line, at most [`INPUT_LIMIT`] bytes, so that
/// a wrong path (a device, a huge log) gets a message instead of all the memory. A pipe is read
/// as well (`--answers <(...)`), up to the same limit. The text is decoded as Windows tools
/// write it ([`text::decode_text`]): an answers file saved by Notepad or PowerShell reads the
/// same as one written on Linux.
pub fn read_input(path: &Path) -> Result<String> {
    let bytes = fs::read_limited_bytes(path, INPUT_LIMIT, false)?;
    text::decode_text(&bytes)
}

/// The catalog: from `dir` when given (every file parsed and checked now), else the built-in
/// wizards, parsed when first used. Problems come back as one error with a
/// `file:line:column: message` line each.
pub fn catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(_) => checked_catalog(dir),
        None => {
            let mut catalog = Catalog::default();
            for (file, text) in embedded::WIZARDS_COMPACT {
                let stem = file.trim_end_matches(".json");
                match serde_json::from_str::<Product>(text) {
                    Ok(p) if p.id == stem && !catalog.contains(&p.id) => {
                        catalog.insert_unparsed(p, file, text)
                    }
                    // Not even the header reads: report it with positions in the file as written.
                    _ => return checked_catalog(None),
                }
            }
            Ok(catalog)
        }
    }
}

/// The catalog with every wizard parsed and checked now: `hardline validate`.
pub fn checked_catalog(dir: Option<&Path>) -> Result<Catalog> {
    let owned;
    let files: Vec<(&str, &str)> = match dir {
        Some(d) => {
            owned = read_wizard_dir(d)?;
            owned
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect()
        }
        None => embedded::WIZARDS.to_vec(),
    };
    load_catalog(files).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })
}
