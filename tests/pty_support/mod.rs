//! The real binary in a pseudo-terminal: keys in, the screen read back through a VT100 parser.
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const KEY_DOWN: &str = "\x1b[B";
pub const PAGE_DOWN: &str = "\x1b[6~";
pub const ENTER: &str = "\r";

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// The terminal modes before the program ran, to compare with what it leaves.
    pub initial_modes: Option<Modes>,
    /// Set when the reader has seen the end of the output: everything is on the screen.
    drained: Arc<std::sync::atomic::AtomicBool>,
    // The master end must live as long as the child.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    pub fn spawn(
        program: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
        cwd: &Path,
        cols: u16,
        rows: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let initial_modes = modes(pair.master.as_ref());
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(rows).expect("rows"),
            std::num::NonZero::new(cols).expect("columns"),
            0,
        )));
        let sink = Arc::clone(&parser);
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Pty {
            child,
            writer,
            parser,
            initial_modes,
            drained,
            _master: pair.master,
        }
    }

    /// Types keys, then gives the program a moment (a lone Esc must not merge with what follows).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(40));
    }

    /// Types keys at once, without the pause of [`Pty::send`]: a burst.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Whether the program asked for mouse reports and did not take it back.
    pub fn mouse_reporting(&self) -> bool {
        let screen = self.parser.lock().unwrap();
        screen.screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// The terminal's modes now (the pty's termios).
    pub fn modes(&self) -> Option<Modes> {
        modes(self._master.as_ref())
    }

    /// Waits until the screen shows `text`; panics with the screen when it does not.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("waited for {text:?}; the screen shows:\n{}", self.screen());
    }

    /// Waits for the program to end and for the last of its output to reach the screen (the
    /// reader runs a moment behind: a restored terminal or a message printed at the end).
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Some(status) = self.child.try_wait().unwrap() {
                let drained = Instant::now();
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst)
                    && drained.elapsed() < Duration::from_secs(3)
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the program did not end; the screen shows:\n{}",
            self.screen()
        );
    }
}

/// The input, output, control and local flags of a terminal: raw mode clears ICANON, ECHO,
/// ISIG, OPOST and more.
pub type Modes = (u32, u32, u32, u32);

fn modes(master: &dyn portable_pty::MasterPty) -> Option<Modes> {
    let fd = master.as_raw_fd()?;
    // SAFETY: termios is plain data that tcgetattr fills in; fd is the open pty master.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    (unsafe { libc::tcgetattr(fd, &mut t) } == 0)
        .then_some((t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag))
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
