//! A tiny scripted HTTP/1.1 server for fault injection.
//!
//! httpmock answers well-formed responses only; this server can also answer late, never,
//! with a body shorter than its `Content-Length`, or close the connection halfway through the
//! status line. Each connection carries exactly one request: the server reads the request
//! (headers and a `Content-Length` body; chunked bodies are not supported), counts it and
//! keeps its method and path, plays the next [`Action`] of its script and closes the
//! connection. Once the script is exhausted
//! every further request gets the default action (a success, typically).
//!
//! The server never panics: IO errors end the connection they happened on and nothing else.
//! Every loop is bounded (connections, header and body sizes, read time), and the server's
//! tasks end when the [`ScriptedServer`] is dropped.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Connections the server accepts in all before it stops accepting.
const MAX_CONNECTIONS: usize = 1_000;
/// Largest request head (request line and headers) the server reads.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body the server reads.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// Time allowed to receive a whole request.
const READ_TIME: Duration = Duration::from_secs(5);
/// How long [`Action::Hang`] keeps the connection open without answering.
const HANG_TIME: Duration = Duration::from_secs(10);

/// What the server does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A complete response. `Content-Length` and `Connection: close` are added to `headers`;
    /// the connection is closed after the body.
    Respond {
        /// The status code.
        status: u16,
        /// Further headers, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Waits, then plays the inner action (if the client is still there).
    Delay(Duration, Box<Action>),
    /// A response whose `Content-Length` (`declared_len`) is larger than the `body` sent;
    /// the connection is closed after the bytes that were sent.
    Truncated {
        /// The status code.
        status: u16,
        /// The `Content-Length` announced.
        declared_len: usize,
        /// The bytes actually sent (fewer than `declared_len`).
        body: Vec<u8>,
    },
    /// Writes these raw bytes (say, half a status line) and closes the connection.
    CloseMidResponse(Vec<u8>),
    /// Never answers: keeps the connection open for about 10 s, then closes it.
    Hang,
}

impl Action {
    /// A complete response with a `Content-Type: application/json` body.
    pub fn json(status: u16, body: &str) -> Action {
        Action::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// The same action with one more header (for [`Action::Respond`] and a delayed one;
    /// other actions are returned unchanged).
    pub fn header(self, name: &str, value: &str) -> Action {
        match self {
            Action::Respond {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Action::Respond {
                    status,
                    headers,
                    body,
                }
            }
            Action::Delay(wait, inner) => Action::Delay(wait, Box::new(inner.header(name, value))),
            other => other,
        }
    }

    /// The same action, played after `wait`.
    pub fn after(self, wait: Duration) -> Action {
        Action::Delay(wait, Box::new(self))
    }
}

/// The script and the count, shared by the server's tasks.
#[derive(Debug)]
struct State {
    script: Mutex<VecDeque<Action>>,
    default: Action,
    requests: AtomicUsize,
    /// `METHOD /path` of every request received in full, in order.
    seen: Mutex<Vec<String>>,
}

impl State {
    /// The action for the next request: the next of the script, else the default.
    fn next_action(&self) -> Action {
        let scripted = match self.script.lock() {
            Ok(mut script) => script.pop_front(),
            Err(poisoned) => poisoned.into_inner().pop_front(),
        };
        scripted.unwrap_or_else(|| self.default.clone())
    }
}

/// A scripted server on `127.0.0.1`, listening until dropped.
#[derive(Debug)]
pub struct ScriptedServer {
    port: u16,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl ScriptedServer {
    /// Starts a server that plays `actions` in order, one per request, then answers every
    /// further request with `200 {}` (JSON).
    pub async fn start(actions: Vec<Action>) -> ScriptedServer {
        ScriptedServer::start_with_default(actions, Action::json(200, "{}")).await
    }

    /// Starts a server that plays `actions` in order, one per request, then answers every
    /// further request with `default`.
    ///
    /// # Panics
    ///
    /// When no port on `127.0.0.1` can be bound (the test cannot run then).
    pub async fn start_with_default(actions: Vec<Action>, default: Action) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port can be bound");
        let port = listener
            .local_addr()
            .expect("a bound listener has an address")
            .port();
        let state = Arc::new(State {
            script: Mutex::new(actions.into()),
            default,
            requests: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(serve(listener, Arc::clone(&state)));
        ScriptedServer { port, state, task }
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many requests were received in full (head and body), answered or not.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// `METHOD /path` (the request target as sent, query included) of every request received
    /// in full, in the order they arrived.
    pub fn request_lines(&self) -> Vec<String> {
        match self.state.seen.lock() {
            Ok(seen) => seen.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// How many requests received in full were `method` to a path ending in `path_suffix`.
    pub fn requests_to(&self, method: &str, path_suffix: &str) -> usize {
        self.request_lines()
            .iter()
            .filter(|line| {
                line.split_once(' ').is_some_and(|(m, target)| {
                    m == method
                        && target
                            .split('?')
                            .next()
                            .unwrap_or("")
                            .ends_with(path_suffix)
                })
            })
            .count()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        // Dropping the accept task drops its `JoinSet`, which aborts every connection task.
        self.task.abort();
    }
}

/// Accepts connections and plays one action on each.
async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    for _ in 0..MAX_CONNECTIONS {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
        connections.spawn(handle(stream, Arc::clone(&state)));
    }
    // Out of connections: let the open ones finish.
    while connections.join_next().await.is_some() {}
}

/// One connection: read one request, count it, play the next action.
async fn handle(mut stream: TcpStream, state: Arc<State>) {
    let line = match tokio::time::timeout(READ_TIME, read_request(&mut stream)).await {
        Ok(Some(line)) => line,
        _ => return,
    };
    match state.seen.lock() {
        Ok(mut seen) => seen.push(line),
        Err(poisoned) => poisoned.into_inner().push(line),
    }
    state.requests.fetch_add(1, Ordering::SeqCst);
    let action = state.next_action();
    play(&mut stream, action).await;
    let _ = stream.shutdown().await;
}

/// Plays an action on a connection whose request was read. Delays are unwrapped in a loop.
async fn play(stream: &mut TcpStream, mut action: Action) {
    // Nested delays are bounded by the script; still, do not follow more than a few.
    for _ in 0..16 {
        match action {
            Action::Delay(wait, inner) => {
                tokio::time::sleep(wait).await;
                action = *inner;
            }
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = head(status, &headers, body.len());
                out.extend_from_slice(&body);
                let _ = write(stream, &out).await;
                return;
            }
            Action::Truncated {
                status,
                declared_len,
                body,
            } => {
                let mut out = head(status, &[], declared_len);
                out.extend_from_slice(&body);
                let _ = write(stream, &out).await;
                return;
            }
            Action::CloseMidResponse(bytes) => {
                let _ = write(stream, &bytes).await;
                return;
            }
            Action::Hang => {
                tokio::time::sleep(HANG_TIME).await;
                return;
            }
        }
    }
}

async fn write(stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    stream.write_all(bytes).await?;
    stream.flush().await
}

/// A status line and headers, with `Content-Length: content_length` and `Connection: close`.
fn head(status: u16, headers: &[(String, String)], content_length: usize) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
    ));
    out.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body; gives
/// the method and the request target (`POST /messages`). `None` when the connection ends
/// early, a read fails or a limit is exceeded.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let length = content_length(&buf[..head_end])?;
    if length > MAX_BODY {
        return None;
    }
    let mut have = buf.len() - head_end;
    while have < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        have += n;
    }
    let head = String::from_utf8_lossy(&buf[..head_end]);
    let mut words = head.lines().next()?.split(' ');
    Some(format!("{} {}", words.next()?, words.next()?))
}

/// The `Content-Length` of a request head (0 when absent); `None` when it does not parse.
fn content_length(head: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(head).ok()?;
    for line in text.split("\r\n").skip(1) {
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            return value.trim().parse().ok();
        }
    }
    Some(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
