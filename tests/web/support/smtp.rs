//! A small SMTP server inside the test process: enough of RFC 5321 for lettre (EHLO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeping every message it accepts.
//!
//! It can be stopped and restarted on the same port (the mail server is down), and
//! can hold the reply to a DATA command (the server is slow): a message whose sender
//! goes away before the reply is *not* accepted, as a real server would not deliver
//! a message it never acknowledged.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// A message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
}

impl Received {
    /// A header's value (unfolded), case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with(' ') || line.starts_with('\t') {
                    v.push_str(line.trim_start());
                    continue;
                }
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }

    pub fn message_id(&self) -> String {
        self.header("Message-ID").unwrap_or_default()
    }

    /// The body with quoted-printable soft line breaks and `=3D` undone (enough for tests).
    pub fn decoded(&self) -> String {
        self.data
            .replace("=\r\n", "")
            .replace("=3D", "=")
            .replace("=E2=80=9C", "\u{201c}")
            .replace("=E2=80=9D", "\u{201d}")
    }
}

#[derive(Default)]
struct Shared {
    accepted: Mutex<Vec<Received>>,
    /// Hold the DATA reply once this many messages have been accepted.
    hold_after: Mutex<Option<usize>>,
    holding: Mutex<bool>,
    release: Notify,
    /// Sessions started (a restart of the sink does not reset it).
    sessions: Mutex<usize>,
    /// How long to wait before answering each DATA (a slow server).
    delay: Mutex<Duration>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    tasks: Mutex<Option<JoinSet<()>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let sink = Self {
            addr: "127.0.0.1:0".parse().expect("address"),
            shared: Arc::new(Shared::default()),
            tasks: Mutex::new(None),
        };
        let addr = sink.addr;
        sink.listen_on(addr).await
    }

    async fn listen_on(mut self, addr: SocketAddr) -> Self {
        let socket = TcpSocket::new_v4().expect("socket");
        socket.set_reuseaddr(true).expect("reuseaddr");
        socket.bind(addr).expect("sink binds");
        let listener = socket.listen(64).expect("sink listens");
        self.addr = listener.local_addr().expect("local address");
        let shared = self.shared.clone();
        let mut set = JoinSet::new();
        set.spawn(async move {
            let mut sessions = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                *shared.sessions.lock().unwrap() += 1;
                let shared = shared.clone();
                sessions.spawn(async move {
                    let _ = session(stream, shared).await;
                });
            }
        });
        *self.tasks.lock().unwrap() = Some(set);
        self
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Stops listening and drops every open connection: the server is down.
    pub async fn stop(&self) {
        let tasks = self.tasks.lock().unwrap().take();
        if let Some(mut set) = tasks {
            set.abort_all();
            while set.join_next().await.is_some() {}
        }
    }

    /// Listens again on the same port.
    pub async fn restart(self) -> Self {
        self.stop().await;
        let addr = self.addr;
        self.listen_on(addr).await
    }

    /// After `n` accepted messages in all, hold the reply to the next DATA until
    /// [`SmtpSink::release`] (or until the sender disconnects: then it is not accepted).
    pub fn hold_after(&self, n: usize) {
        *self.shared.hold_after.lock().unwrap() = Some(n);
    }

    /// Stops holding replies.
    pub fn release(&self) {
        *self.shared.hold_after.lock().unwrap() = None;
        self.shared.release.notify_waiters();
    }

    /// Answers each DATA only after `delay`.
    pub fn set_delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    pub fn is_holding(&self) -> bool {
        *self.shared.holding.lock().unwrap()
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.accepted.lock().unwrap().clone()
    }

    /// Waits up to `timeout` for at least `n` accepted messages.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n || Instant::now() > deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to `timeout` for the sink to hold a reply.
    pub async fn wait_until_holding(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.is_holding() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut set) = self.tasks.lock().unwrap().take() {
            set.abort_all();
        }
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => {
                write
                    .write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?
            }
            "HELO" => write.write_all(b"250 sink.test\r\n").await?,
            "MAIL" => {
                mail_from = command[4..].trim().to_owned();
                rcpt_to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "RCPT" => {
                rcpt_to.push(command[4..].trim().to_owned());
                write.write_all(b"250 OK\r\n").await?;
            }
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let unstuffed = line.strip_prefix('.').filter(|_| line.starts_with(".."));
                    data.push_str(unstuffed.unwrap_or(&line));
                }
                let delay = *shared.delay.lock().unwrap();
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                let hold = {
                    let accepted = shared.accepted.lock().unwrap().len();
                    shared
                        .hold_after
                        .lock()
                        .unwrap()
                        .is_some_and(|n| accepted >= n)
                };
                if hold {
                    *shared.holding.lock().unwrap() = true;
                    let mut probe = String::new();
                    let gone = loop {
                        tokio::select! {
                            () = shared.release.notified() => break false,
                            read = lines.read_line(&mut probe) => {
                                break matches!(read, Ok(0) | Err(_));
                            }
                            () = tokio::time::sleep(Duration::from_millis(50)) => {
                                if shared.hold_after.lock().unwrap().is_none() {
                                    break false;
                                }
                            }
                        }
                    };
                    *shared.holding.lock().unwrap() = false;
                    if gone {
                        return Ok(()); // never acknowledged: not accepted
                    }
                }
                let number = {
                    let mut accepted = shared.accepted.lock().unwrap();
                    accepted.push(Received {
                        mail_from: mail_from.clone(),
                        rcpt_to: rcpt_to.clone(),
                        data,
                    });
                    accepted.len()
                };
                write
                    .write_all(format!("250 OK queued as {number}\r\n").as_bytes())
                    .await?;
            }
            "RSET" => {
                mail_from.clear();
                rcpt_to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "NOOP" => write.write_all(b"250 OK\r\n").await?,
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"502 not implemented\r\n").await?,
        }
    }
}
