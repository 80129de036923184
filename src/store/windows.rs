//! The Win32 calls behind the Windows side of `store::fs`.
//!
//! - A save replaces the old file with `MoveFileExW(MOVEFILE_REPLACE_EXISTING |
//!   MOVEFILE_WRITE_THROUGH)`. `std::fs::rename` passes `MOVEFILE_REPLACE_EXISTING` alone, and a
//!   folder cannot be opened with `File::open` to be flushed (Windows refuses it: "Access
//!   denied", os error 5, which made every save fail). Write-through is the guarantee Windows
//!   gives for a rename: the call returns once the move is on the disk. NTFS journals the
//!   folder's change itself; there is no Win32 call that flushes a folder.
//! - The lock is a byte-range lock far past the lock file's text. `File::try_lock` locks the
//!   whole file on Windows, and Windows locks are mandatory, so a second instance could not read
//!   who holds it.

use std::fs::{File, TryLockError};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::AsRawHandle;
use std::path::Path;
use windows_sys::Win32::Foundation::ERROR_LOCK_VIOLATION;
use windows_sys::Win32::Storage::FileSystem::{
    LOCKFILE_EXCLUSIVE_LOCK, LOCKFILE_FAIL_IMMEDIATELY, LockFileEx, MOVEFILE_REPLACE_EXISTING,
    MOVEFILE_WRITE_THROUGH, MoveFileExW, UnlockFileEx,
};
use windows_sys::Win32::System::IO::OVERLAPPED;

/// Where the lock byte sits: past any text the lock file will ever hold.
const LOCK_OFFSET: u64 = 1 << 62;

/// A path as the NUL-terminated UTF-16 string Win32 takes.
fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain([0]).collect()
}

/// Moves `from` over `to`, replacing it, and returns once the move is on the disk.
pub(super) fn replace(from: &Path, to: &Path) -> io::Result<()> {
    let (from, to) = (wide(from), wide(to));
    // SAFETY: both strings are NUL-terminated and outlive the call.
    let done = unsafe {
        MoveFileExW(
            from.as_ptr(),
            to.as_ptr(),
            MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH,
        )
    };
    if done == 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The OVERLAPPED that names the lock byte.
fn lock_byte() -> OVERLAPPED {
    // SAFETY: an all-zero OVERLAPPED is the documented initial state; it carries the offset.
    let mut at: OVERLAPPED = unsafe { std::mem::zeroed() };
    at.Anonymous.Anonymous.Offset = LOCK_OFFSET as u32;
    at.Anonymous.Anonymous.OffsetHigh = (LOCK_OFFSET >> 32) as u32;
    at
}

/// Takes the session lock on `file` without waiting. Windows also releases it when the handle
/// is closed, including when the process dies.
pub(super) fn try_lock(file: &File) -> Result<(), TryLockError> {
    let mut at = lock_byte();
    // SAFETY: the handle is open for the lifetime of `file`; `at` outlives the call, which does
    // not complete asynchronously (the file was not opened for overlapped I/O).
    let done = unsafe {
        LockFileEx(
            file.as_raw_handle(),
            LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
            0,
            1,
            0,
            &mut at,
        )
    };
    if done != 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(ERROR_LOCK_VIOLATION as i32) {
        Err(TryLockError::WouldBlock)
    } else {
        Err(TryLockError::Error(e))
    }
}

/// Releases the lock [`try_lock`] took.
pub(super) fn unlock(file: &File) -> io::Result<()> {
    let mut at = lock_byte();
    // SAFETY: as in `try_lock`.
    if unsafe { UnlockFileEx(file.as_raw_handle(), 0, 1, 0, &mut at) } == 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}
