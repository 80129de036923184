//! The platform's part of the store: private files and folders created without following a
//! symlink and with their mode set at creation, the lock file, folder syncs, bounded reads of
//! regular files, atomic swaps, and whether a process is alive. Every Unix call of the store is
//! in this file behind `#[cfg(unix)]`, with its Windows counterpart (or the reason it needs none)
//! beside it.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};

/// Mode of every file the store creates: the installer's addresses, subnets and deviations.
#[cfg(unix)]
const PRIVATE_FILE: u32 = 0o600;
#[cfg(unix)]
const PRIVATE_DIR: u32 = 0o700;

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::other(format!("{} {why}", path.display()))
}

/// Creates `path` as a new file that only this user can read and write. Fails with
/// `AlreadyExists` when anything is at `path`, a symlink included: it is never followed, and a
/// file someone else created first is never reused.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(PRIVATE_FILE).custom_flags(libc::O_NOFOLLOW);
    // Windows: CREATE_NEW fails on any existing name, a symlink included; the file takes the
    // access list of its folder (the data folder is the user's own profile).
    let file = options.open(path)?;
    // The mode given at creation is narrowed by the umask; this sets it exactly, on the open file.
    #[cfg(unix)]
    file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE))?;
    Ok(file)
}

/// Creates `path` as a new folder that only this user can enter; fails when anything is there.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(PRIVATE_DIR).create(path)?;
        // Exactly 0700 whatever the umask, set through the folder just made, not a name that
        // could have been swapped for a symlink since.
        open_dir_nofollow(path)?.set_permissions(std::fs::Permissions::from_mode(PRIVATE_DIR))
    }
    // Windows: a new folder takes the access list of its parent.
    #[cfg(windows)]
    {
        std::fs::create_dir(path)
    }
}

/// Creates the missing folders of `path`, each private; folders that exist are left as they are.
pub fn create_private_dir_all(path: &Path) -> io::Result<()> {
    if path.as_os_str().is_empty() || path.is_dir() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        create_private_dir_all(parent)?;
    }
    match create_private_dir(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
        other => other,
    }
}

/// Makes an existing folder of this user private (0700). A symlink, or a folder that belongs to
/// someone else, is left alone: hardline's own folders are never either.
pub fn make_private_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match open_dir_nofollow(path) {
            Ok(d) => d,
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(()),
            Err(e) => return Err(e),
        };
        let meta = dir.metadata()?;
        if meta.uid() == effective_uid() && meta.mode() & 0o777 != PRIVATE_DIR {
            dir.set_permissions(std::fs::Permissions::from_mode(PRIVATE_DIR))?;
        }
        Ok(())
    }
    // Windows: the data folder under the user's profile is private by its inherited access list.
    #[cfg(windows)]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(unix)]
fn open_dir_nofollow(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(unix)]
fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Opens the lock file at `path`, creating it (private) if needed. Never follows a symlink, never
/// blocks on a FIFO, and refuses anything but a regular file of this user with one name: the
/// holder's pid is written into it, so it must not be a way to write into another file.
pub fn open_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    options
        .mode(PRIVATE_FILE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_SHARE_READ | FILE_SHARE_WRITE, not FILE_SHARE_DELETE: while any hardline has the
        // lock file open it cannot be deleted or renamed (see `is_same_file`).
        // FILE_FLAG_OPEN_REPARSE_POINT: a symlink is opened as itself, then refused below.
        options.share_mode(0x1 | 0x2).custom_flags(0x0020_0000);
    }
    let file = match options.open(path) {
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(refused(
                path,
                "is a symbolic link, not hardline's lock file; remove it",
            ));
        }
        opened => opened?,
    };
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(refused(
            path,
            "is not a regular file, so not hardline's lock file",
        ));
    }
    #[cfg(unix)]
    {
        if meta.nlink() != 1 {
            return Err(refused(path, "has other names (hard links); remove it"));
        }
        if meta.uid() != effective_uid() {
            return Err(refused(path, "belongs to another user; remove it"));
        }
        if meta.mode() & 0o777 != PRIVATE_FILE {
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE))?;
        }
    }
    Ok(file)
}

/// Whether `file` is still the file at `path`: not deleted or replaced since it was opened.
pub fn is_same_file(file: &File, path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        let open = file.metadata()?;
        match std::fs::symlink_metadata(path) {
            Ok(named) => Ok(open.dev() == named.dev() && open.ino() == named.ino()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }
    // Windows: `open_lock` shares the file without FILE_SHARE_DELETE, so while it is open the
    // name cannot be deleted or renamed: it is the same file by construction.
    #[cfg(windows)]
    {
        let _ = (file, path);
        Ok(true)
    }
}

/// Puts the file `from` in the place of `to`, replacing it, durably: once this returns, a crash
/// leaves `to` with the new content.
pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::rename(from, to)?;
        // The rename is durable once the folder is.
        fsync_dir(
            to.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        )
    }
    // Windows: no folder can be synced; the guarantee is asked for in the move itself
    // (MoveFileExW with MOVEFILE_WRITE_THROUGH; std::fs::rename passes REPLACE_EXISTING alone).
    #[cfg(windows)]
    {
        super::windows::replace(from, to)
    }
}

/// Takes the lock of an open lock file without waiting.
pub fn try_lock(file: &File) -> Result<(), std::fs::TryLockError> {
    // Unix: flock, advisory: the holder's text stays readable.
    #[cfg(unix)]
    {
        file.try_lock()
    }
    // Windows: a lock is mandatory, and File::try_lock covers the whole file, so a second
    // instance could not read who holds it: one byte far past the text is locked instead.
    #[cfg(windows)]
    {
        super::windows::try_lock(file)
    }
}

/// Lets go of the lock [`try_lock`] took.
pub fn unlock(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        file.unlock()
    }
    #[cfg(windows)]
    {
        super::windows::unlock(file)
    }
}

/// Makes a rename or a new entry in `dir` durable.
pub fn fsync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    // Windows: a folder cannot be opened as a file; NTFS journals the rename itself.
    #[cfg(windows)]
    {
        let _ = dir;
        Ok(())
    }
}

/// Reads the text of `path`, at most `limit` bytes. With `regular_only`, anything but a regular
/// file (a FIFO, a device, a folder) is refused, and a FIFO is refused at once instead of waiting
/// for a writer.
pub fn read_limited(path: &Path, limit: u64, regular_only: bool) -> io::Result<String> {
    String::from_utf8(read_limited_bytes(path, limit, regular_only)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

/// The bytes of `path`, at most `limit`, refused as [`read_limited`] refuses them.
pub fn read_limited_bytes(path: &Path, limit: u64, regular_only: bool) -> io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if regular_only {
        options.custom_flags(libc::O_NONBLOCK);
    }
    // Windows: named pipes live under \\.\pipe\, not among files, and opening one does not wait.
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if regular_only && !meta.file_type().is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let too_big = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MiB", limit >> 20),
        )
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    // Room for the whole file at once (it may still grow while read: `take` bounds that).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Swaps the entries at `a` and `b` in one step where the platform can; `Ok(false)` where it
/// cannot (then the caller moves them one after the other).
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes()).map_err(|_| refused(p, "has a NUL byte"))
        };
        let (ca, cb) = (c(a)?, c(b)?);
        // SAFETY: both are valid NUL-terminated paths that live across the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        // A file system or kernel without RENAME_EXCHANGE.
        match e.raw_os_error() {
            Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
            _ => Err(e),
        }
    }
    // Other systems (Windows included) have no atomic swap of two folders.
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Whether process `pid` is alive; None where the platform cannot tell.
pub fn process_alive(pid: u32) -> Option<bool> {
    #[cfg(unix)]
    {
        let pid = libc::pid_t::try_from(pid).ok()?;
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return Some(true);
        }
        // EPERM: it exists but is someone else's.
        Some(io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH))
    }
    // Windows: telling needs OpenProcess; without it, stale staging folders go by age alone.
    #[cfg(windows)]
    {
        let _ = pid;
        None
    }
}

// Unix only: they check modes, symlinks and hard links as Unix has them. The Windows bodies are
// run by tests/windows_exe.rs and tests/windows_console.rs (hardline.exe under Wine).
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    // The umask is the process's: tests/export_bundle.rs runs the binary under umask 000 and 077.
    #[test]
    fn private_files_and_folders_refuse_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let file = dir.path().join("f");
        create_private_file(&file).unwrap();
        let folder = dir.path().join("a/b");
        create_private_dir_all(&folder).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let e = create_private_file(&link).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(
            open_lock(&link)
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
    }

    #[test]
    fn a_lock_file_with_a_second_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "x").unwrap();
        let lock = dir.path().join("s.lock");
        std::fs::hard_link(&victim, &lock).unwrap();
        assert!(
            open_lock(&lock)
                .unwrap_err()
                .to_string()
                .contains("hard links")
        );
    }

    #[test]
    fn alive_and_dead_processes() {
        assert_eq!(process_alive(std::process::id()), Some(true));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert_eq!(process_alive(pid), Some(false));
    }
}
