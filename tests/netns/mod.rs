//! Network namespaces for the gateway test: namespaces joined by veth pairs, small Python
//! listeners that answer each connection with their name and the source address they saw, and
//! a client that connects with a timeout. Everything is deleted when the `Net` is dropped; the
//! host's own interfaces and ruleset are never touched.
#![allow(dead_code)]

use crate::tools::provision;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// Listens on each `name=address=port` and answers every connection with `name source`.
const LISTENER: &str = r#"
import socket, sys, threading
def serve(s, name):
    while True:
        c, peer = s.accept()
        try:
            c.sendall(("%s %s\n" % (name, peer[0])).encode())
        finally:
            c.close()
for spec in sys.argv[1:]:
    name, addr, port = spec.split("=")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    s.listen(16)
    threading.Thread(target=serve, args=(s, name), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
"#;

/// Connects from each `source>address:port` at once (1.5 s each) and prints what answered:
/// the listener's line, "refused" (a reset), "no answer" (dropped) or "error N".
const CLIENT: &str = r#"
import socket, sys, threading
probes = sys.argv[1:]
seen = [None] * len(probes)
def probe(i, p):
    src, dst = p.split(">")
    host, port = dst.rsplit(":", 1)
    s = socket.socket()
    s.settimeout(1.5)
    try:
        s.bind((src, 0))
        s.connect((host, int(port)))
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(100)
            if not chunk:
                break
            data += chunk
        seen[i] = data.decode().strip() or "closed"
    except socket.timeout:
        seen[i] = "no answer"
    except ConnectionRefusedError:
        seen[i] = "refused"
    except OSError as e:
        seen[i] = "error %s" % e.errno
    finally:
        s.close()
threads = [threading.Thread(target=probe, args=(i, p)) for i, p in enumerate(probes)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for p, r in zip(probes, seen):
    print("%s\t%s" % (p, r))
"#;

/// Namespaces named `<prefix><name>`, deleted with their listeners when dropped.
pub struct Net {
    ip: PathBuf,
    python: PathBuf,
    prefix: String,
    names: Vec<String>,
    listeners: Vec<Child>,
}

/// Runs a command; Err carries its status and output.
pub fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!(
            "{}: {text}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Net {
    /// The namespaces `names`, or None (said in the test output) where this machine cannot make
    /// network namespaces.
    pub fn new(names: &[&str]) -> Option<Net> {
        let ip = provision::require("ip");
        let python = provision::require("python3");
        let prefix = format!("hl{}", std::process::id());
        let probe = format!("{prefix}probe");
        if let Err(e) = output(Command::new(&ip).args(["netns", "add", &probe])) {
            provision::skip("the gateway test in network namespaces", &e);
            return None;
        }
        let _ = output(Command::new(&ip).args(["netns", "del", &probe]));
        let mut net = Net {
            ip,
            python,
            prefix,
            names: Vec::new(),
            listeners: Vec::new(),
        };
        for name in names {
            let ns = net.ns(name);
            net.ip(&["netns", "add", &ns]);
            net.names.push(ns.clone());
            net.ip(&["-n", &ns, "link", "set", "lo", "up"]);
        }
        Some(net)
    }

    fn ns(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// Runs `args` in namespace `ns`; Err carries the output.
    pub fn exec(&self, ns: &str, args: &[&str]) -> Result<String, String> {
        let mut cmd = Command::new(&self.ip);
        cmd.args(["netns", "exec", &self.ns(ns)]).args(args);
        output(&mut cmd)
    }

    /// Runs `args` in namespace `ns`; a failure fails the test.
    pub fn must(&self, ns: &str, args: &[&str]) -> String {
        self.exec(ns, args)
            .unwrap_or_else(|e| panic!("in {ns}: {args:?}: {e}"))
    }

    fn ip(&self, args: &[&str]) {
        output(Command::new(&self.ip).args(args)).unwrap_or_else(|e| panic!("ip {args:?}: {e}"));
    }

    /// A veth pair from `a` (interface `a_if`) to `b` (`b_if`), both up.
    pub fn link(&self, (a, a_if): (&str, &str), (b, b_if): (&str, &str)) {
        let (a, b) = (self.ns(a), self.ns(b));
        self.ip(&[
            "-n", &a, "link", "add", a_if, "type", "veth", "peer", "name", b_if, "netns", &b,
        ]);
        self.ip(&["-n", &a, "link", "set", a_if, "up"]);
        self.ip(&["-n", &b, "link", "set", b_if, "up"]);
    }

    pub fn addr(&self, ns: &str, dev: &str, cidr: &str) {
        self.ip(&["-n", &self.ns(ns), "addr", "add", cidr, "dev", dev]);
    }

    pub fn default_route(&self, ns: &str, via: &str) {
        self.ip(&["-n", &self.ns(ns), "route", "add", "default", "via", via]);
    }

    /// Listeners in `ns`, each `name=address=port`; returns once all are bound.
    pub fn listen(&mut self, ns: &str, specs: &[&str]) {
        let mut child = Command::new(&self.ip)
            .args(["netns", "exec", &self.ns(ns)])
            .arg(&self.python)
            .args(["-u", "-c", LISTENER])
            .args(specs)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start a listener");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("listener stdout");
        let _ = BufReader::new(stdout).read_line(&mut line);
        self.listeners.push(child);
        assert_eq!(line.trim(), "ready", "listener in {ns}: {specs:?}");
    }

    /// Connects from `ns` for each `source>address:port` at once; what answered each.
    pub fn connect(&self, ns: &str, probes: &[String]) -> Vec<String> {
        let python = self.python.to_str().expect("python path");
        let mut args = vec![python, "-c", CLIENT];
        args.extend(probes.iter().map(String::as_str));
        let out = self.must(ns, &args);
        let seen: BTreeMap<&str, &str> = out.lines().filter_map(|l| l.split_once('\t')).collect();
        probes
            .iter()
            .map(|p| seen.get(p.as_str()).unwrap_or(&"?").to_string())
            .collect()
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for child in &mut self.listeners {
            let _ = child.kill();
            let _ = child.wait();
        }
        for ns in &self.names {
            let _ = Command::new(&self.ip).args(["netns", "del", ns]).output();
        }
    }
}
