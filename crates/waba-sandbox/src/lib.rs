//! A local server that serves every provider's API from its spec, as stripe-mock does for
//! Stripe: what `waba sandbox` runs, usable directly from Rust tests.
//!
//! Provider `P` is served under `http://127.0.0.1:N/P` followed by the spec's own paths
//! (`P` is [`Provider::id`]). For every documented operation the sandbox
//!
//! - checks the credentials as the provider does: the API-key header or bearer token must be
//!   present (any non-empty value is accepted); with a login flow (Onextel, Desk360) the login
//!   operation issues a token and later calls must carry a token it issued. A missing
//!   credential is answered 401 in the provider's documented error shape, a token it did not
//!   issue (or one expired through `POST /_sandbox/expire-tokens`) with the provider's
//!   token-refused answer (`x-waba-token-refused`), so a client logs in again;
//! - checks the request body with the provider crate's `check_json` (the checks its client
//!   runs before sending); form and multipart bodies are read into the component's JSON first
//!   (bracketed names, typed text, files by name with their size limit). A body that breaks the
//!   spec is answered 400 with the provider's documented 400 example, its message (at the
//!   `x-waba-error` pointer) replaced by one naming the field;
//! - answers a valid request with the spec's documented success status and example.
//!
//! Control endpoints, under `/_sandbox/`:
//!
//! | endpoint | what |
//! |---|---|
//! | `GET /_sandbox/requests` | what was received, in order ([`RecordedRequest`] as JSON); `DELETE` clears |
//! | `POST /_sandbox/overrides` | queues an [`Override`] for the next matching requests; `DELETE` drops the queue |
//! | `POST /_sandbox/expire-tokens` | forgets the issued tokens (`{"provider": P}` or all) |
//! | `GET /_sandbox/payloads` | the names of each provider's documented webhook payloads |
//! | `POST /_sandbox/deliver` | posts a documented webhook payload to a URL ([`Delivery`]) and answers with the receiver's status |
//!
//! From Rust, [`Sandbox::requests`], [`Sandbox::clear_requests`], [`Sandbox::add_override`] and
//! [`Sandbox::expire_tokens`] do the same without HTTP.
//!
//! An unknown path is answered 404 with a JSON body saying what is served.
//!
//! ```no_run
//! # async fn run() -> Result<(), waba_sandbox::Error> {
//! use waba_sandbox::{Options, Provider, Sandbox};
//!
//! let sandbox = Sandbox::start(Options::default()).await?;
//! let url = sandbox.base_url(Provider::Dialog360).expect("served");
//! // point a client at `url` ...
//! sandbox.stop().await?;
//! # Ok(())
//! # }
//! ```

mod data;
mod form;
mod server;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

pub use server::{Delivery, Override, RecordedRequest};

/// A provider: the sandbox serves the five built-in ones (a [`Provider::Custom`] has no spec
/// to serve). Its ids in URLs and in the control endpoints' JSON are [`Provider::id`], to the
/// letter.
pub use waba::Provider;

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct Options {
    /// The providers to serve; empty serves every built-in provider. A
    /// [`Provider::Custom`] is not served (there is no spec of it).
    pub providers: Vec<Provider>,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl Default for Options {
    /// Every provider on a free port.
    fn default() -> Self {
        Options {
            providers: Vec::new(),
            port: 0,
        }
    }
}

/// Why a sandbox could not start or stopped with a failure.
#[derive(Debug)]
pub enum Error {
    /// The port could not be bound or the server failed.
    Io(std::io::Error),
    /// A provider's generated data does not read (regenerate with `cargo xtask generate`).
    Data(Provider, serde_json::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "sandbox server: {e}"),
            Error::Data(p, e) => write!(f, "sandbox data of {} does not read: {e}", p.id()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Data(_, e) => Some(e),
        }
    }
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    providers: Vec<Provider>,
    state: Arc<server::State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Binds 127.0.0.1 on `options.port` and serves the chosen providers on a task of the
    /// current tokio runtime; returns once it accepts connections.
    pub async fn start(options: Options) -> Result<Sandbox, Error> {
        let mut providers = if options.providers.is_empty() {
            Provider::ALL.to_vec()
        } else {
            options.providers.clone()
        };
        providers.sort_by_key(|p| Provider::ALL.iter().position(|q| q == p));
        providers.dedup();
        let mut specs = Vec::new();
        for &p in &providers {
            if let Some(spec) = data::load(p) {
                specs.push((p, spec.map_err(|e| Error::Data(p, e))?));
            }
        }
        providers.retain(|p| specs.iter().any(|(q, _)| q == p));
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
            .await
            .map_err(Error::Io)?;
        let addr = listener.local_addr().map_err(Error::Io)?;
        let state = Arc::new(server::State::new(specs));
        let app = server::router(state.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await
        });
        Ok(Sandbox {
            addr,
            providers,
            state,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The providers served, in [`Provider::ALL`] order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// `http://127.0.0.1:N/P`, the base URL to give `provider`'s client; `None` when it is
    /// not served.
    pub fn base_url(&self, provider: Provider) -> Option<String> {
        self.providers
            .contains(&provider)
            .then(|| format!("http://{}/{}", self.addr, provider.id()))
    }

    /// What the server received so far, in order (as `GET /_sandbox/requests` answers).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// Forgets the recorded requests (as `DELETE /_sandbox/requests`).
    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// Expires the tokens issued to `provider`, or to every provider with `None` (as `POST
    /// /_sandbox/expire-tokens`): later calls with them get the provider's token-refused
    /// answer. Returns how many were expired.
    pub fn expire_tokens(&self, provider: Option<Provider>) -> usize {
        self.state.expire_tokens(provider)
    }

    /// Queues an override (as `POST /_sandbox/overrides`); refused, with the reason, when it
    /// names a provider not served, an undocumented operation or error, or changes nothing.
    pub fn add_override(&self, o: Override) -> Result<(), String> {
        self.state.add_override(o)
    }

    /// Stops accepting connections, lets the requests in flight finish, and waits for the
    /// server to end.
    pub async fn stop(mut self) -> Result<(), Error> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.join().await
    }

    /// Waits until the server ends (it ends only on [`stop`](Self::stop) or a failure).
    pub async fn wait(mut self) -> Result<(), Error> {
        self.join().await
    }

    async fn join(&mut self) -> Result<(), Error> {
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(Error::Io),
                Err(e) => Err(Error::Io(std::io::Error::other(e))),
            },
            None => Ok(()),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
