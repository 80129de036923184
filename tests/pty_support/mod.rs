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
        Pty::spawn_reading(program, args, env, cwd, (cols, rows), false)
    }

    /// A program under Wine's console. Wine 8's conhost puts a program's VT sequences into its
    /// screen buffer as if they were printable and redraws that buffer onto the pty, so it
    /// breaks them into rows of `cols` characters, even inside a sequence. What it adds is
    /// dropped before the VT100 parser reads the output (see `ConsoleRedraw`); what
    /// remains is what the program wrote, unless conhost skipped cells it found unchanged.
    pub fn spawn_wine_console(
        program: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
        cwd: &Path,
        cols: u16,
        rows: u16,
    ) -> Pty {
        Pty::spawn_reading(program, args, env, cwd, (cols, rows), true)
    }

    fn spawn_reading(
        program: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
        cwd: &Path,
        (cols, rows): (u16, u16),
        drop_line_breaks: bool,
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
            let mut redraw = ConsoleRedraw::default();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if !drop_line_breaks {
                    sink.lock().unwrap().process(&buf[..n]);
                    continue;
                }
                let out = redraw.feed(&buf[..n]);
                sink.lock().unwrap().process(&out);
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

    /// The background colour of the cell at `row`, `col` (None outside the screen).
    pub fn background(&self, row: u16, col: u16) -> Option<vt100::Color> {
        let parser = self.parser.lock().unwrap();
        parser.screen().cell(row, col).map(|c| c.bgcolor())
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

/// Undoes what Wine's conhost adds when it draws its buffer onto the pty. Each buffer row
/// ends with CR LF; an update that stops inside a row ends with `ESC [K` and the cursor shown,
/// and the next update hides the cursor, returns to the row's start with a lone CR and draws the
/// row again from there. So: CR LF is dropped, `ESC [K` and the cursor sequences are dropped (a
/// full-screen program writes no `ESC [K`; its cursor is not checked), and after a lone CR the
/// bytes that repeat the row so far are skipped.
#[derive(Default)]
struct ConsoleRedraw {
    /// Bytes not decided yet: the start of a sequence, or CRs before the byte after them.
    pending: Vec<u8>,
    /// What the current buffer row has carried so far.
    row: Vec<u8>,
    /// While conhost draws the row again: how much of `row` it has repeated.
    replay: Option<usize>,
}

impl ConsoleRedraw {
    fn feed(&mut self, data: &[u8]) -> Vec<u8> {
        const DROPPED: [&[u8]; 3] = [b"\x1b[K", b"\x1b[?25h", b"\x1b[?25l"];
        self.pending.extend_from_slice(data);
        let input = std::mem::take(&mut self.pending);
        let mut out = Vec::with_capacity(input.len());
        let mut i = 0;
        'scan: while i < input.len() {
            let rest = &input[i..];
            if rest[0] == b'\r' {
                let crs = rest.iter().take_while(|b| **b == b'\r').count();
                match rest.get(crs) {
                    None => break 'scan,
                    Some(b'\n') => {
                        self.row.clear();
                        self.replay = None;
                        i += crs + 1;
                    }
                    Some(_) => {
                        self.replay = Some(0);
                        i += crs;
                    }
                }
                continue;
            }
            for d in DROPPED {
                if rest.starts_with(d) {
                    i += d.len();
                    continue 'scan;
                }
                if d.starts_with(rest) {
                    break 'scan;
                }
            }
            let b = rest[0];
            i += 1;
            if let Some(n) = self.replay {
                if self.row.get(n) == Some(&b) {
                    self.replay = Some(n + 1);
                    continue;
                }
                self.replay = None;
            }
            self.row.push(b);
            out.push(b);
        }
        self.pending = input[i..].to_vec();
        out
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
