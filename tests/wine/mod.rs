//! Wine for the tests: a prefix of its own under `target/tmp/wine`, headless; the Windows build
//! of hardline (a nested `cargo build --target x86_64-pc-windows-gnu` with its own target folder,
//! so it never waits for the outer build's lock); small helpers built with mingw; and runs of
//! Windows programs. When Wine, mingw or the Rust target cannot be had here, a test says so in
//! its output and skips (see `tools::provision`).
#![allow(dead_code)]

use crate::tools::provision;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Where the tests keep Wine's prefix, the Windows build and the helpers.
pub fn home() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wine")
}

pub struct Wine {
    wine: PathBuf,
    prefix: PathBuf,
}

/// Wine with its prefix made (it reports Windows 7, Server 2008 R2's kernel), or None after
/// saying why not.
pub fn wine(check: &str) -> Option<&'static Wine> {
    static WINE: OnceLock<Result<Wine, String>> = OnceLock::new();
    made(&WINE, check, "prefix", None)
}

/// Wine with a prefix of its own that reports Windows Server 2003 (`ver` prints 5.2.3790).
pub fn wine_2003(check: &str) -> Option<&'static Wine> {
    static WINE: OnceLock<Result<Wine, String>> = OnceLock::new();
    made(&WINE, check, "prefix-win2003", Some("win2003"))
}

fn made(
    cell: &'static OnceLock<Result<Wine, String>>,
    check: &str,
    folder: &str,
    version: Option<&str>,
) -> Option<&'static Wine> {
    let made = cell.get_or_init(|| {
        let wine = provision::locate("wine")?;
        let w = Wine {
            wine,
            prefix: home().join(folder),
        };
        w.make_prefix(version)?;
        Ok(w)
    });
    match made {
        Ok(w) => Some(w),
        Err(e) => {
            provision::skip(check, e);
            None
        }
    }
}

impl Wine {
    /// A command that runs the Windows program `program` (a Unix path, or a name Wine finds in
    /// its system folder) headless: no display, no debug channels, no Mono or Gecko installer.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(program)
            .envs(self.env())
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null());
        c
    }

    /// The program that starts Windows programs (`wine`).
    pub fn loader(&self) -> &Path {
        &self.wine
    }

    /// The environment of every Wine run: this prefix, no debug output, no Mono or Gecko.
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("WINEPREFIX", self.prefix.clone()),
            ("WINEDEBUG", "-all".into()),
            ("WINEDLLOVERRIDES", "mscoree,mshtml=".into()),
        ]
    }

    /// A program Wine's cmd said it "Can't recognize" in `output` though it is on disk: a full
    /// path, or a name in `folder` or the prefix's system32. Wine's cmd says so also when
    /// CreateProcess fails for a program it found.
    pub fn unlaunched(&self, output: &str, folder: &Path) -> Option<String> {
        let system32 = self.dosdevices().join("c:/windows/system32");
        output.split("Can't recognize '").skip(1).find_map(|line| {
            let program = match line.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next()?,
                None => line.split([' ', '\'']).next()?,
            };
            let candidates: Vec<PathBuf> = match program.split_once(":\\") {
                Some((drive, rest)) => vec![
                    self.dosdevices()
                        .join(format!("{}:", drive.to_lowercase()))
                        .join(rest.replace('\\', "/")),
                ],
                None => [folder, system32.as_path()]
                    .iter()
                    .flat_map(|d| ["", ".exe", ".com"].map(|e| d.join(format!("{program}{e}"))))
                    .collect(),
            };
            candidates
                .iter()
                .any(|c| c.is_file())
                .then(|| program.to_string())
        })
    }

    /// The folder of the prefix's drive letters (`dosdevices/c:` and so on).
    pub fn dosdevices(&self) -> PathBuf {
        self.prefix.join("dosdevices")
    }

    /// The prefix is made once (it takes some seconds), under a lock shared by the test binaries.
    fn make_prefix(&self, version: Option<&str>) -> Result<(), String> {
        std::fs::create_dir_all(home())
            .map_err(|e| format!("creating {}: {e}", home().display()))?;
        let lock = std::fs::File::create(home().join("prefixes.lock"))
            .and_then(|f| f.lock().map(|()| f))
            .map_err(|e| format!("locking the Wine prefix: {e}"))?;
        let ready = self.prefix.join("system.reg").is_file();
        if !ready {
            let out = self
                .command("cmd.exe")
                .args(["/c", "exit"])
                .output()
                .map_err(|e| format!("cannot run {}: {e}", self.wine.display()))?;
            if !self.prefix.join("system.reg").is_file() {
                return Err(format!(
                    "wine did not make its prefix {}: {}",
                    self.prefix.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            if let Some(v) = version {
                let set = self
                    .command("reg.exe")
                    .args([
                        "add",
                        "HKCU\\Software\\Wine",
                        "/v",
                        "Version",
                        "/d",
                        v,
                        "/f",
                    ])
                    .output()
                    .map_err(|e| format!("cannot run wine reg: {e}"))?;
                if !set.status.success() {
                    return Err(format!("wine reg add Version {v}: {}", text(&set)));
                }
            }
        }
        drop(lock);
        Ok(())
    }
}

/// A Unix path as Windows programs under Wine see it: drive Z: is the root folder.
pub fn windows_path(unix: &Path) -> String {
    format!("Z:{}", unix.display()).replace('/', "\\")
}

/// Builds `source` (a file in tests/wine) with mingw into `name` (an .exe or .dll) in `dir`.
pub fn mingw(source: &str, name: &str, dir: &Path, libs: &[&str]) -> Result<PathBuf, String> {
    let gcc = provision::locate("x86_64-w64-mingw32-gcc")?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wine")
        .join(source);
    let out = dir.join(name);
    let mut c = Command::new(gcc);
    c.arg("-O2").arg("-o").arg(&out);
    if name.ends_with(".dll") {
        c.arg("-shared");
    } else {
        c.arg("-municode");
    }
    let run = c
        .arg(&src)
        .args(libs)
        .output()
        .map_err(|e| format!("cannot run mingw: {e}"))?;
    if !run.status.success() {
        return Err(format!(
            "mingw could not build {name}:\n{}",
            String::from_utf8_lossy(&run.stderr)
        ));
    }
    Ok(out)
}

/// The test helper `name`.exe built from tests/wine/`name`.c.
pub fn helper(name: &str) -> Result<PathBuf, String> {
    let dir = home().join("helpers");
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    mingw(&format!("{name}.c"), &format!("{name}.exe"), &dir, &[])
}

/// hardline.exe, built for Windows once per test binary, with the ProcessPrng shim beside it;
/// None after saying why it cannot be built here.
pub fn hardline_exe(check: &str) -> Option<PathBuf> {
    static EXE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match EXE.get_or_init(build_exe) {
        Ok(p) => Some(p.clone()),
        Err(e) => {
            provision::skip(check, e);
            None
        }
    }
}

fn build_exe() -> Result<PathBuf, String> {
    provision::rust_target(TARGET)?;
    provision::locate("x86_64-w64-mingw32-gcc")?;
    let target_dir = home().join("build");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "build",
            "--bin",
            "hardline",
            "--target",
            TARGET,
            "--target-dir",
        ])
        .arg(&target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo build --target {TARGET} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let dir = target_dir.join(TARGET).join("debug");
    // Rust's std calls ProcessPrng, which Wine 8 lacks: the shim goes where Windows looks first.
    mingw(
        "process_prng.c",
        "bcryptprimitives.dll",
        &dir,
        &["-ladvapi32"],
    )?;
    Ok(dir.join("hardline.exe"))
}

/// A test's folder (a space in its name, as Windows paths often have) and the Wine and
/// hardline.exe to run there; None after saying why they cannot be had.
pub struct Site {
    pub wine: &'static Wine,
    pub exe: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(check: &str, prefix: &str) -> Option<Site> {
        Some(Site {
            wine: wine(check)?,
            exe: hardline_exe(check)?,
            dir: tempfile::Builder::new().prefix(prefix).tempdir().unwrap(),
        })
    }
}

/// What a run printed, stdout then stderr.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The Windows tools legacy.cmd calls that Wine lacks or only stubs (see tests/wine/standin.c).
pub const STANDINS: [&str; 10] = [
    "netsh", "auditpol", "secedit", "sc", "net", "netstat", "wmic", "sqlcmd", "icacls", "cscript",
];

/// The folder of stand-ins, built once: put it first on the PATH of a Wine run with
/// `WINEPATH`. Each logs to `HL_STANDIN_LOG`; tests/wine/standins/<tool>-standin.cmd, where there
/// is one, says what it does.
pub fn standins() -> Result<PathBuf, String> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = home().join("standins");
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let exe = mingw("standin.c", "standin.exe", &dir, &[])?;
        for tool in STANDINS {
            std::fs::copy(&exe, dir.join(format!("{tool}.exe")))
                .map_err(|e| format!("copying the {tool} stand-in: {e}"))?;
        }
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wine/standins");
        for entry in std::fs::read_dir(&scripts).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            std::fs::write(
                dir.join(path.file_name().unwrap_or_default()),
                text.replace('\n', "\r\n"),
            )
            .map_err(|e| e.to_string())?;
        }
        Ok(dir)
    })
    .clone()
}
