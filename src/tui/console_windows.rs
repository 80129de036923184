//! Windows: Ctrl-C, Ctrl-Break, closing the console window, log-off and shut-down are handled
//! like SIGTERM on Unix: the session is saved, the console restored, the program ends.
//!
//! In raw mode (ENABLE_PROCESSED_INPUT off) the console delivers Ctrl-C as a key, which the
//! keymap reads as Quit; Ctrl-Break and the close button always come as control events, on a
//! thread the system starts for the handler. After a close event Windows ends the process when
//! the handler returns (or after a few seconds), so the save happens inside the handler.

use anyhow::{Result, bail};
use windows_sys::Win32::Foundation::{FALSE, TRUE};
use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    SetConsoleCtrlHandler,
};
use windows_sys::core::BOOL;

/// The exit code Windows gives a console program ended by Ctrl-C (STATUS_CONTROL_C_EXIT).
const CONTROL_C_EXIT: u32 = 0xC000_013A;

unsafe extern "system" fn on_control(event: u32) -> BOOL {
    match event {
        CTRL_C_EVENT | CTRL_BREAK_EVENT | CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT
        | CTRL_SHUTDOWN_EVENT => {
            super::effects::save_latest(true);
            super::leave_terminal();
            std::process::exit(CONTROL_C_EXIT as i32)
        }
        _ => FALSE,
    }
}

/// Installs the console control handler (the Windows counterpart of `watch_signals`).
pub fn watch_signals() -> Result<()> {
    // A parent that started us in a new process group left Ctrl-C ignored (an implicit
    // SetConsoleCtrlHandler(NULL, TRUE)): undo that, so that Ctrl-C saves too.
    // SAFETY: a NULL routine only changes the process's ignore flag.
    unsafe { SetConsoleCtrlHandler(None, FALSE) };
    // SAFETY: `on_control` has the signature of a PHANDLER_ROUTINE and lives for the program.
    if unsafe { SetConsoleCtrlHandler(Some(on_control), TRUE) } == 0 {
        bail!(
            "installing the console control handler: {}",
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}
