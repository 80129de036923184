//! A 64 KiB tmpfs for the full-disk tests (mounting needs root; CI runs as root).
#![allow(dead_code)]

#[path = "../tools/provision.rs"]
mod provision;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A 64 KiB tmpfs mounted on a temp folder for as long as it lives.
pub struct SmallDisk {
    dir: Option<tempfile::TempDir>,
}

impl SmallDisk {
    /// None (after a visible SKIPPED line) where mounting needs a root this run does not have.
    pub fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        if !provision::is_root() {
            provision::skip(
                "leaving on a full disk",
                "mounting a small tmpfs needs root",
            );
            return None;
        }
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(mounted.success(), "mount -t tmpfs failed");
        Some(SmallDisk { dir: Some(dir) })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().unwrap().path()
    }

    /// Fills what is left, and returns the filler.
    pub fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
        let _ = f.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = Command::new("umount").arg(dir.path()).status();
        }
    }
}
