//! A loopback HTTP/1.1 server that answers fast and keeps connections alive.
//!
//! The benches compare the typed clients with bare reqwest against the same server, so the
//! server's own cost is the same for both and kept small: it parses each request head with
//! `httparse`, reads the `Content-Length` body, picks a canned answer by the end of the path
//! and writes it in one buffer. It records the first request of each route, so a bare client
//! can replay exactly what the typed client sent.
//!
//! The server runs on its own thread with its own single-threaded tokio runtime, and lives
//! until the process ends.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request head the server reads.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body the server reads.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// A canned answer for the requests whose path (without the query) ends with `suffix`.
#[derive(Debug, Clone)]
pub struct Route {
    /// The end of the path this route answers.
    pub suffix: String,
    /// The status code.
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// Every header, in order, as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

struct CompiledRoute {
    suffix: String,
    response: Vec<u8>,
    recorded: AtomicBool,
    first: Mutex<Option<Recorded>>,
}

struct Shared {
    routes: Vec<CompiledRoute>,
    not_found: Vec<u8>,
    requests: AtomicU64,
    unmatched: AtomicU64,
    connections: AtomicU64,
}

/// A running loopback server.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

fn response(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        if (200..300).contains(&status) {
            "OK"
        } else {
            "Not Found"
        },
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

impl Server {
    /// Starts a server on `127.0.0.1` (a free port) with these routes; any other path gets
    /// a 404 and is counted as unmatched.
    pub fn start(routes: Vec<Route>) -> std::io::Result<Server> {
        let shared = Arc::new(Shared {
            routes: routes
                .into_iter()
                .map(|r| CompiledRoute {
                    response: response(r.status, &r.body),
                    suffix: r.suffix,
                    recorded: AtomicBool::new(false),
                    first: Mutex::new(None),
                })
                .collect(),
            not_found: response(404, br#"{"error":"no such route"}"#),
            requests: AtomicU64::new(0),
            unmatched: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let state = shared.clone();
        std::thread::Builder::new()
            .name(format!("loopback-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        state.connections.fetch_add(1, Ordering::Relaxed);
                        let _ = stream.set_nodelay(true);
                        tokio::spawn(serve(stream, state.clone()));
                    }
                });
            })?;
        Ok(Server { addr, shared })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The first request the route with this suffix answered.
    pub fn first_request(&self, suffix: &str) -> Option<Recorded> {
        let route = self.shared.routes.iter().find(|r| r.suffix == suffix)?;
        route
            .first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Requests received so far.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Connections accepted so far (with keep-alive, one per concurrent client request).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Requests that matched no route (answered 404).
    pub fn unmatched(&self) -> u64 {
        self.shared.unmatched.load(Ordering::Relaxed)
    }
}

/// One connection: requests one after the other (keep-alive) until the client closes it.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        // Read until a whole head is in the buffer.
        let (head_len, content_length, route, mut record) = loop {
            let mut slots = [httparse::EMPTY_HEADER; 64];
            let mut request = httparse::Request::new(&mut slots);
            match request.parse(&buf) {
                Ok(httparse::Status::Complete(len)) => {
                    let content_length = request
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                        .and_then(|h| std::str::from_utf8(h.value).ok())
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0usize);
                    let path = request.path.unwrap_or("");
                    let route_path = path.split('?').next().unwrap_or("");
                    let route = shared
                        .routes
                        .iter()
                        .position(|r| route_path.ends_with(&r.suffix));
                    // Only the first request of a route is copied out.
                    let record = route
                        .filter(|&i| !shared.routes[i].recorded.swap(true, Ordering::Relaxed))
                        .map(|_| Recorded {
                            method: request.method.unwrap_or("").to_string(),
                            path: path.to_string(),
                            headers: request
                                .headers
                                .iter()
                                .map(|h| {
                                    let value = String::from_utf8_lossy(h.value).into_owned();
                                    (h.name.to_string(), value)
                                })
                                .collect(),
                            body: Vec::new(),
                        });
                    break (len, content_length, route, record);
                }
                Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {
                    if !read_more(&mut stream, &mut buf).await {
                        return;
                    }
                }
                _ => return,
            }
        };
        if content_length > MAX_BODY {
            return;
        }
        while buf.len() < head_len + content_length {
            if !read_more(&mut stream, &mut buf).await {
                return;
            }
        }
        shared.requests.fetch_add(1, Ordering::Relaxed);
        let answer = match route {
            Some(i) => {
                let route = &shared.routes[i];
                if let Some(mut first) = record.take() {
                    first.body = buf[head_len..head_len + content_length].to_vec();
                    *route
                        .first
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(first);
                }
                &route.response
            }
            None => {
                shared.unmatched.fetch_add(1, Ordering::Relaxed);
                &shared.not_found
            }
        };
        buf.drain(..head_len + content_length);
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// Reads what is available into `buf`; false when the connection is closed or failed.
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}
