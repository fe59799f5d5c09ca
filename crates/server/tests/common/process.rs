//! The server binary as a child process, to be killed with SIGKILL or run beside another.

use super::{database_args, TempDir};
use server::store::Database;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// A server process on `--port 0`, with the address it printed.
pub struct Process {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Process {
    /// Starts the server binary on `database`, deciding registrations `delay_ms` after they
    /// are submitted.
    pub fn spawn(database: &Database, dir: &TempDir, delay_ms: u64) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--port", "0", "--no-seed-demo", "--rate-limit", "0"])
            .args([
                "--processing-delay-ms",
                &delay_ms.to_string(),
                "--tick-ms",
                "20",
            ])
            .args(database_args(database))
            .arg("--dist")
            .arg(dir.join("no-dist"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Process { child, addr }
    }

    /// A client of it.
    pub fn client(&self) -> super::Client {
        super::Client { addr: self.addr }
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    pub fn kill9(mut self) {
        self.child.kill().expect("kill -9");
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
