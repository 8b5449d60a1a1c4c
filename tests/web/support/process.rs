//! Running the real `highlight` binary, as an operator would.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn highlight() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_highlight"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HIGHLIGHT_ENV", "test")
        .env(
            "HIGHLIGHT_CONFIG_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../config"),
        )
        .env_remove("RUST_LOG");
    for (key, _) in std::env::vars() {
        if key.starts_with("HIGHLIGHT__") {
            command.env_remove(key);
        }
    }
    command
}

pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = highlight();
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("highlight runs")
}

/// A `highlight serve` process; killed when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    pub stdout: Vec<String>,
}

impl Server {
    /// Starts `highlight serve ARGS` and waits for the line that says where it listens.
    pub fn start(args: &[&str]) -> Self {
        Self::start_with_env(args, &[])
    }

    /// Starts `highlight serve ARGS` with extra environment variables.
    pub fn start_with_env(args: &[&str], env: &[(String, String)]) -> Self {
        let mut child = highlight()
            .arg("serve")
            .args(args)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("highlight serve starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Highlight is running at http://") {
                        let address = rest.split('/').next().unwrap_or_default().to_owned();
                        lines.push(line);
                        return Self {
                            child,
                            address,
                            stdout: lines,
                        };
                    }
                    lines.push(line);
                }
                Err(_) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("highlight serve exited early with {status}; output: {lines:#?}");
                    }
                }
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("highlight serve did not start within 60 s; output: {lines:#?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
