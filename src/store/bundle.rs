//! Export bundles: files staged in a sibling folder, then moved in, with `SHA256SUMS`.

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

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

/// Writes `files` (name, text) and `SHA256SUMS` into `out`. A non-empty `out` is refused unless
/// `force`. Nothing is half-written: all files are written and synced in a staging folder first.
pub fn write_bundle(
    out: &Path,
    files: &[(String, String)],
    force: bool,
) -> Result<Vec<WrittenFile>> {
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let non_empty = fs::read_dir(out)
            .with_context(|| format!("reading {}", out.display()))?
            .next()
            .is_some();
        if non_empty && !force {
            bail!(
                "{} is not empty: choose another folder or pass --force to replace its files",
                out.display()
            );
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = parent.join(format!(
        ".{}.staging-{}",
        out.file_name().and_then(|n| n.to_str()).unwrap_or("bundle"),
        std::process::id()
    ));
    let result = stage_and_move(&staging, out, files);
    let _ = fs::remove_dir_all(&staging);
    result
}

fn stage_and_move(
    staging: &Path,
    out: &Path,
    files: &[(String, String)],
) -> Result<Vec<WrittenFile>> {
    let _ = fs::remove_dir_all(staging);
    fs::create_dir_all(staging).with_context(|| format!("creating {}", staging.display()))?;
    let mut written: Vec<WrittenFile> = Vec::new();
    let mut sums = String::new();
    for (name, text) in files {
        let sha = sha256_hex(text.as_bytes());
        sums.push_str(&format!("{sha}  {name}\n"));
        written.push(WrittenFile {
            name: name.clone(),
            size: text.len() as u64,
            sha256: sha,
        });
    }
    written.push(WrittenFile {
        name: "SHA256SUMS".into(),
        size: sums.len() as u64,
        sha256: sha256_hex(sums.as_bytes()),
    });
    let all = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([("SHA256SUMS", sums.as_str())]);
    for (name, text) in all {
        let path = staging.join(name);
        let mut f =
            fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        f.sync_all()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if !out.exists() {
        fs::rename(staging, out)
            .with_context(|| format!("moving the bundle to {}", out.display()))?;
    } else {
        for w in &written {
            let to: PathBuf = out.join(&w.name);
            fs::rename(staging.join(&w.name), &to)
                .with_context(|| format!("moving {}", to.display()))?;
        }
    }
    Ok(written)
}
