//! A webhook server (feature `server`): one axum route per provider, each checking the
//! provider's secret, bounding the body, parsing it into neutral [`Event`]s, dropping events
//! already seen, handing the rest to your async handler and answering what the provider
//! expects.
//!
//! ```no_run
//! use waba::server::{Delivery, MemoryStore, WebhookServer};
//! use waba::{Provider, Webhook};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let dialog360 = Webhook::builder(Provider::Dialog360)
//!     .require_header("Authorization", "Basic dGVzdHVzZXI6dGVzdHBhc3M=")
//!     .build()?;
//! let server = WebhookServer::builder()
//!     .webhook(dialog360) // POST /webhooks/dialog360
//!     .store(MemoryStore::default())
//!     .handler(|delivery: Delivery| async move {
//!         println!("{}", delivery.event.to_json());
//!     })
//!     .build()?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! server.serve(listener).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # What a request goes through
//!
//! `POST /webhooks/<provider id>` (`dialog360`, `onextel`, `channel360`, `mehery`,
//! `desk360`), for each [`Webhook`] given:
//!
//! 1. The secret ([`Webhook::verify`]: headers, Mehery's token, the URL token), before the
//!    body is read: **401** when missing, **403** when wrong.
//! 2. The body, at most [`DEFAULT_BODY_LIMIT`] bytes (1 MiB; [`body_limit`](WebhookServerBuilder::body_limit)):
//!    **413** past it.
//! 3. Parsed into events ([`Webhook::parse`]): **400** when malformed, logged at WARN with the
//!    reason (the parser's, naming the field; never a header or a secret). Channel360
//!    documents no payload: its JSON body becomes one [`Event::Other`] (kind `None`).
//!    Mehery's contact-info call is answered at once (see below).
//! 4. Deduplicated: events with the same [`dedup_key`] within the body are dropped, then each
//!    key is recorded in the [`DedupStore`] (`first_seen`); a key seen before is dropped.
//! 5. Queued for the handler, and answered **200** with an empty body (what 360dialog
//!    requires, within 80 ms; the other providers document no body).
//!
//! # The handler runs after the answer
//!
//! Providers retry a webhook that is not acknowledged quickly, so the handler never delays
//! the answer: events go to a bounded queue ([`DEFAULT_QUEUE`] events,
//! [`queue`](WebhookServerBuilder::queue)) that runs at most [`DEFAULT_CONCURRENCY`] handler
//! calls at once ([`concurrency`](WebhookServerBuilder::concurrency)). Space for every event
//! of a body is reserved before its keys are recorded: when the queue is full the answer is
//! **503** and nothing is recorded, so the provider's retry is handled.
//!
//! Delivery is therefore *at most once* after the acknowledgement: if the process stops
//! between the answer and the handler's end (a crash, a kill, a deploy without waiting for
//! [`WebhookServer::idle`]), those events are lost, and the provider will not resend them
//! (it was answered 200; their keys are recorded too). Keep handlers short (store the event
//! in your own durable queue first) and wait for [`WebhookServer::idle`] before stopping.
//!
//! # When the store fails
//!
//! [`OnStoreError::Retry`] (the default) answers **503** so that the provider retries later
//! (events of the body already recorded are delivered, the rest wait for the retry).
//! [`OnStoreError::Deliver`] delivers the events unchecked (a duplicate may be handled twice
//! during the outage). Either way the failure is logged at WARN; nothing panics.
//!
//! # Mehery's contact-info call
//!
//! Mehery asks your server for a contact's details (`InBoundContact`) and waits for a
//! `ContactInfoUpdate`. On the Mehery route, a body that is such a call (no notification
//! field, at least one contact field) goes to the function given to
//! `WebhookServerBuilder::contact_info` (with the `mehery` feature), whose answer is sent as JSON with
//! status 200, within [`DEFAULT_CONTACT_INFO_DEADLINE`]; without a function, or past the
//! deadline, the answer is `{}` (every field of `ContactInfoUpdate` is optional: nothing to
//! change).
//!
//! # Typed payloads
//!
//! Each [`Delivery`] keeps the raw body: parse it with the provider crate for its typed
//! payload (`waba::dialog360::webhook::parse(&delivery.body)`, `waba::desk360::webhook::parse`,
//! `waba::onextel::webhook::parse`, `waba::mehery::webhook::parse_notification`).
//!
//! # Other frameworks
//!
//! [`WebhookServer::router`] is an [`axum::Router`], which is a `tower::Service`: nest it in
//! your own axum app or serve it with anything that runs tower services.

mod dedup;
#[cfg(feature = "redis")]
mod redis;

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::{Notify, Semaphore, mpsc};

pub use self::dedup::{
    DEFAULT_MEMORY_CAPACITY, DedupStore, MemoryStore, StoreError, StoreFuture, dedup_key,
};
#[cfg(feature = "redis")]
pub use self::redis::{DEFAULT_REDIS_TIMEOUT, RedisStore};
use crate::{ConfigError, Error, Event, OtherEvent, Provider, Webhook};

/// The largest body accepted by default: 1 MiB (a webhook body is a few KB; 360dialog batches
/// stay far below).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
/// How long a deduplication key is kept by default: 7 days, the longest a provider retries
/// (360dialog).
pub const DEFAULT_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// How many events may wait for the handler by default.
pub const DEFAULT_QUEUE: usize = 1024;
/// How many handler calls run at once by default.
pub const DEFAULT_CONCURRENCY: usize = 32;
/// How long Mehery's contact-info call waits for your function by default.
pub const DEFAULT_CONTACT_INFO_DEADLINE: Duration = Duration::from_secs(5);

/// What the server does when the deduplication store fails (Redis unreachable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnStoreError {
    /// Answer 503 so that the provider retries later (no event handled twice). The default.
    #[default]
    Retry,
    /// Deliver the events without the check (nothing waits; a duplicate may be handled twice
    /// while the store is down).
    Deliver,
}

/// One event for the handler, with the body it came in.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The event.
    pub event: Event,
    /// The raw body of the request it came in (shared by the events of one body): parse it
    /// with the provider crate for the typed payload.
    pub body: Bytes,
    /// The provider.
    pub provider: Provider,
}

type HandlerFn = Arc<dyn Fn(Delivery) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

#[cfg(feature = "mehery")]
type ContactInfoFn = Arc<
    dyn Fn(
            waba_mehery::types::InBoundContact,
        ) -> Pin<Box<dyn Future<Output = waba_mehery::types::ContactInfoUpdate> + Send>>
        + Send
        + Sync,
>;

/// Why a [`WebhookServer`] could not be built or started.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServerError {
    /// No [`Webhook`] was given.
    NoRoute,
    /// No handler was given.
    NoHandler,
    /// Two webhooks of one provider were given.
    DuplicateRoute(Provider),
    /// This build of `waba` does not have the provider's cargo feature.
    NotEnabled(Provider),
    /// [`WebhookServerBuilder::build`] was called outside a Tokio runtime.
    NoRuntime,
    /// A webhook's configuration was refused.
    Config(ConfigError),
    /// The deduplication store could not be set up (Redis unreachable).
    Store(StoreError),
    /// The listen address is not valid (`WABA_LISTEN`).
    Listen(String),
    /// Serving failed.
    Io(std::io::Error),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::NoRoute => f.write_str("webhook server: no webhook configured"),
            ServerError::NoHandler => f.write_str("webhook server: no handler given"),
            ServerError::DuplicateRoute(p) => write!(f, "webhook server: {p} configured twice"),
            ServerError::NotEnabled(p) => write!(
                f,
                "webhook server: {p} is not compiled in: enable the `{}` feature of waba",
                p.id()
            ),
            ServerError::NoRuntime => {
                f.write_str("webhook server: build it inside a Tokio runtime")
            }
            ServerError::Config(e) => e.fmt(f),
            ServerError::Store(e) => e.fmt(f),
            ServerError::Listen(reason) => write!(f, "webhook server: listen address: {reason}"),
            ServerError::Io(e) => write!(f, "webhook server: {e}"),
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Config(e) => Some(e),
            ServerError::Store(e) => Some(e),
            ServerError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ConfigError> for ServerError {
    fn from(e: ConfigError) -> Self {
        ServerError::Config(e)
    }
}

impl From<StoreError> for ServerError {
    fn from(e: StoreError) -> Self {
        ServerError::Store(e)
    }
}

/// Configures a [`WebhookServer`].
pub struct WebhookServerBuilder {
    webhooks: Vec<Webhook>,
    handler: Option<HandlerFn>,
    store: Arc<dyn DedupStore>,
    ttl: Duration,
    body_limit: usize,
    queue: usize,
    concurrency: usize,
    on_store_error: OnStoreError,
    #[cfg(feature = "mehery")]
    contact_info: Option<ContactInfoFn>,
    contact_info_deadline: Duration,
}

impl fmt::Debug for WebhookServerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookServerBuilder")
            .field("webhooks", &self.webhooks)
            .field("ttl", &self.ttl)
            .field("body_limit", &self.body_limit)
            .field("queue", &self.queue)
            .field("concurrency", &self.concurrency)
            .field("on_store_error", &self.on_store_error)
            .finish_non_exhaustive()
    }
}

impl WebhookServerBuilder {
    /// Serves `webhook` at `POST /webhooks/<provider id>`. Its secrets were checked when it
    /// was built ([`WebhookBuilder::build`](crate::WebhookBuilder::build)).
    pub fn webhook(mut self, webhook: Webhook) -> Self {
        self.webhooks.push(webhook);
        self
    }

    /// The function each new event goes to, after the answer (see the module docs).
    pub fn handler<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(Delivery) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.handler = Some(Arc::new(move |delivery| Box::pin(handler(delivery))));
        self
    }

    /// The deduplication store ([`MemoryStore::default`] unless given).
    pub fn store(mut self, store: impl DedupStore) -> Self {
        self.store = Arc::new(store);
        self
    }

    /// The deduplication store, shared.
    pub fn shared_store(mut self, store: Arc<dyn DedupStore>) -> Self {
        self.store = store;
        self
    }

    /// How long a key is remembered ([`DEFAULT_TTL`]).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The largest body accepted, in bytes ([`DEFAULT_BODY_LIMIT`]); larger ones get 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How many events may wait for the handler ([`DEFAULT_QUEUE`], at least 1); a body that
    /// does not fit is answered 503.
    pub fn queue(mut self, events: usize) -> Self {
        self.queue = events.max(1);
        self
    }

    /// How many handler calls run at once ([`DEFAULT_CONCURRENCY`], at least 1).
    pub fn concurrency(mut self, calls: usize) -> Self {
        self.concurrency = calls.max(1);
        self
    }

    /// What to do when the store fails ([`OnStoreError::Retry`]).
    pub fn on_store_error(mut self, choice: OnStoreError) -> Self {
        self.on_store_error = choice;
        self
    }

    /// Answers Mehery's contact-info call with what `f` returns (within
    /// [`contact_info_deadline`](Self::contact_info_deadline)).
    #[cfg(feature = "mehery")]
    pub fn contact_info<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn(waba_mehery::types::InBoundContact) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = waba_mehery::types::ContactInfoUpdate> + Send + 'static,
    {
        self.contact_info = Some(Arc::new(move |contact| Box::pin(f(contact))));
        self
    }

    /// How long the contact-info function may take ([`DEFAULT_CONTACT_INFO_DEADLINE`]).
    pub fn contact_info_deadline(mut self, deadline: Duration) -> Self {
        self.contact_info_deadline = deadline;
        self
    }

    /// Checks the configuration and starts the handler queue (inside a Tokio runtime).
    pub fn build(self) -> Result<WebhookServer, ServerError> {
        if self.webhooks.is_empty() {
            return Err(ServerError::NoRoute);
        }
        let handler = self.handler.ok_or(ServerError::NoHandler)?;
        let mut providers = HashSet::new();
        for webhook in &self.webhooks {
            let provider = webhook.provider();
            if !provider.is_enabled() {
                return Err(ServerError::NotEnabled(provider));
            }
            if !providers.insert(provider) {
                return Err(ServerError::DuplicateRoute(provider));
            }
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| ServerError::NoRuntime)?;

        let (sender, receiver) = mpsc::channel(self.queue);
        let pending = Arc::new(Pending::default());
        runtime.spawn(dispatch(
            receiver,
            handler,
            self.concurrency,
            pending.clone(),
        ));
        let shared = Arc::new(Shared {
            sender,
            store: self.store,
            ttl: self.ttl,
            body_limit: self.body_limit,
            on_store_error: self.on_store_error,
            pending: pending.clone(),
            #[cfg(feature = "mehery")]
            contact_info: self.contact_info,
            contact_info_deadline: self.contact_info_deadline,
        });
        let mut router = Router::new();
        for webhook in self.webhooks {
            let path = format!("/webhooks/{}", webhook.provider().id());
            let route = Arc::new(Route {
                webhook,
                shared: shared.clone(),
            });
            router = router.route(
                &path,
                post(move |request: Request| {
                    let route = route.clone();
                    async move { route.handle(request).await }
                }),
            );
        }
        Ok(WebhookServer { router, pending })
    }
}

/// The webhook server: an axum [`Router`] with one route per provider and the handler queue
/// behind it. See the [module docs](self).
#[derive(Clone)]
pub struct WebhookServer {
    router: Router,
    pending: Arc<Pending>,
}

impl fmt::Debug for WebhookServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookServer")
            .field("pending", &self.pending())
            .finish_non_exhaustive()
    }
}

impl WebhookServer {
    /// Configures a server.
    pub fn builder() -> WebhookServerBuilder {
        WebhookServerBuilder {
            webhooks: Vec::new(),
            handler: None,
            store: Arc::new(MemoryStore::default()),
            ttl: DEFAULT_TTL,
            body_limit: DEFAULT_BODY_LIMIT,
            queue: DEFAULT_QUEUE,
            concurrency: DEFAULT_CONCURRENCY,
            on_store_error: OnStoreError::default(),
            #[cfg(feature = "mehery")]
            contact_info: None,
            contact_info_deadline: DEFAULT_CONTACT_INFO_DEADLINE,
        }
    }

    /// The routes, as an axum `Router` (a `tower::Service`) to serve or nest.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Serves the routes on `listener` until the process stops or serving fails.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> Result<(), ServerError> {
        axum::serve(listener, self.router)
            .await
            .map_err(ServerError::Io)
    }

    /// Events acknowledged whose handler call has not finished yet.
    pub fn pending(&self) -> usize {
        self.pending.count.load(Ordering::SeqCst)
    }

    /// Waits until every acknowledged event's handler call has finished (call it before
    /// stopping the process, after the listener stopped accepting).
    pub async fn idle(&self) {
        loop {
            let notified = self.pending.idle.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.pending() == 0 {
                return;
            }
            notified.await;
        }
    }

    /// A builder with a route for every enabled provider whose webhook builds from the
    /// variables read through `var` (as [`Webhook::for_provider_from_vars`]: secrets from
    /// `WABA_<P>_WEBHOOK_TOKEN`, `WABA_<P>_WEBHOOK_HEADER`, `WABA_MEHERY_VERIFY_TOKEN`;
    /// `WABA_ALLOW_UNAUTHENTICATED=1` to serve providers without one), deduplicating in
    /// memory, or in Redis when `WABA_REDIS_URL` is set (feature `redis`), and the address
    /// to listen on, `WABA_LISTEN` (default `127.0.0.1:8080`). What `cargo run --example
    /// webhook_server` runs.
    pub async fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<FromVars, ServerError> {
        let listen = var("WABA_LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen: SocketAddr = listen
            .parse()
            .map_err(|e| ServerError::Listen(format!("`{listen}`: {e}")))?;
        let mut builder = WebhookServer::builder();
        let mut served = Vec::new();
        let mut skipped = Vec::new();
        for provider in Provider::ALL {
            if !provider.is_enabled() {
                continue;
            }
            match Webhook::for_provider_from_vars(provider, &var) {
                Ok(webhook) => {
                    served.push((provider, webhook.is_authenticated()));
                    builder = builder.webhook(webhook);
                }
                Err(e) => skipped.push((provider, e)),
            }
        }
        let store = match var("WABA_REDIS_URL").filter(|u| !u.is_empty()) {
            #[cfg(feature = "redis")]
            Some(url) => {
                builder = builder.store(RedisStore::connect(&url).await?);
                "redis"
            }
            #[cfg(not(feature = "redis"))]
            Some(_) => {
                return Err(ServerError::Store(StoreError::new(
                    "WABA_REDIS_URL is set but waba is built without its `redis` feature",
                )));
            }
            None => "memory",
        };
        Ok(FromVars {
            builder,
            listen,
            served,
            skipped,
            store,
        })
    }
}

/// What [`WebhookServer::from_vars`] read.
#[derive(Debug)]
#[non_exhaustive]
pub struct FromVars {
    /// The builder, with every provider that is served; add a handler and build it.
    pub builder: WebhookServerBuilder,
    /// Where to listen (`WABA_LISTEN`).
    pub listen: SocketAddr,
    /// The providers served, and whether each checks a secret.
    pub served: Vec<(Provider, bool)>,
    /// The providers not served, with why (no secret and no opt-out, most often).
    pub skipped: Vec<(Provider, ConfigError)>,
    /// The deduplication store: `memory` or `redis`.
    pub store: &'static str,
}

#[derive(Default)]
struct Pending {
    count: AtomicUsize,
    idle: Notify,
}

impl Pending {
    fn done(&self) {
        if self.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.idle.notify_waiters();
        }
    }
}

struct Shared {
    sender: mpsc::Sender<Delivery>,
    store: Arc<dyn DedupStore>,
    ttl: Duration,
    body_limit: usize,
    on_store_error: OnStoreError,
    pending: Arc<Pending>,
    #[cfg(feature = "mehery")]
    contact_info: Option<ContactInfoFn>,
    #[cfg_attr(not(feature = "mehery"), allow(dead_code))]
    contact_info_deadline: Duration,
}

struct Route {
    webhook: Webhook,
    shared: Arc<Shared>,
}

/// Runs the handler for each queued event, at most `concurrency` at once.
async fn dispatch(
    mut receiver: mpsc::Receiver<Delivery>,
    handler: HandlerFn,
    concurrency: usize,
    pending: Arc<Pending>,
) {
    let slots = Arc::new(Semaphore::new(concurrency));
    loop {
        // A free slot first, so that waiting events stay in the queue (and count there).
        let Ok(slot) = slots.clone().acquire_owned().await else {
            break; // never closed
        };
        let Some(delivery) = receiver.recv().await else {
            break;
        };
        let call = handler(delivery);
        let pending = pending.clone();
        tokio::spawn(async move {
            // Counted as done even if the handler panics (the guard drops while unwinding).
            let _done = Done(pending);
            call.await;
            drop(slot);
        });
    }
}

struct Done(Arc<Pending>);

impl Drop for Done {
    fn drop(&mut self) {
        self.0.done();
    }
}

fn status(code: StatusCode) -> Response {
    code.into_response()
}

impl Route {
    async fn handle(&self, request: Request) -> Response {
        let provider = self.webhook.provider();
        let (parts, body) = request.into_parts();
        if let Err(e) = self.webhook.verify(&parts.headers, parts.uri.query()) {
            let missing =
                matches!(&e, Error::WebhookRefused { error, .. } if error.is_missing_secret());
            // Which secret and why (the error's source; never its value).
            let reason = match &e {
                Error::WebhookRefused { error, .. } => error.to_string(),
                other => other.to_string(),
            };
            tracing::warn!(provider = provider.id(), reason, "webhook refused");
            return status(if missing {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            });
        }
        let limit = self.shared.body_limit;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            tracing::warn!(provider = provider.id(), limit, "webhook body too large");
            return status(StatusCode::PAYLOAD_TOO_LARGE);
        }
        let body = match axum::body::to_bytes(body, limit).await {
            Ok(body) => body,
            Err(e) => {
                // Past the limit (a body without Content-Length), or the client went away.
                tracing::warn!(provider = provider.id(), limit, error = %e, "webhook body not read");
                return status(StatusCode::PAYLOAD_TOO_LARGE);
            }
        };

        #[cfg(feature = "mehery")]
        if provider == Provider::Mehery
            && let Some(contact) = waba_mehery::webhook::contact_info_call(&body)
        {
            return self.contact_info(contact).await;
        }

        let events = match self.webhook.parse(&body) {
            Ok(events) => events,
            Err(Error::Unsupported(_)) => match serde_json::from_slice(&body) {
                // No payload documented (Channel360): the JSON as it came.
                Ok(raw) => vec![Event::Other(OtherEvent {
                    provider,
                    kind: None,
                    raw,
                    reason: Some(format!("{provider} documents no webhook payload")),
                })],
                Err(e) => return malformed(provider, &e.to_string()),
            },
            Err(Error::WebhookMalformed { reason, .. }) => return malformed(provider, &reason),
            Err(e) => {
                tracing::error!(provider = provider.id(), error = %e, "webhook not handled");
                return status(StatusCode::INTERNAL_SERVER_ERROR);
            }
        };
        self.deliver(provider, events, body).await
    }

    async fn deliver(&self, provider: Provider, events: Vec<Event>, body: Bytes) -> Response {
        let shared = &self.shared;
        // Duplicates within the body.
        let mut keys = HashSet::new();
        let events: Vec<(Event, Option<String>)> = events
            .into_iter()
            .map(|event| {
                let key = dedup_key(&event);
                (event, key)
            })
            .filter(|(_, key)| key.as_ref().is_none_or(|k| keys.insert(k.clone())))
            .collect();
        if events.is_empty() {
            return status(StatusCode::OK);
        }
        // Room for all of them before any key is recorded.
        let Ok(permits) = shared.sender.try_reserve_many(events.len()) else {
            tracing::warn!(
                provider = provider.id(),
                events = events.len(),
                "webhook queue full: answered 503"
            );
            return status(StatusCode::SERVICE_UNAVAILABLE);
        };
        let mut fresh = Vec::with_capacity(events.len());
        let mut failed = false;
        for (event, key) in events {
            let Some(key) = key else {
                fresh.push(event);
                continue;
            };
            match shared.store.first_seen(&key, shared.ttl).await {
                Ok(true) => fresh.push(event),
                Ok(false) => tracing::debug!(provider = provider.id(), key, "duplicate dropped"),
                Err(e) => match shared.on_store_error {
                    OnStoreError::Deliver => {
                        tracing::warn!(provider = provider.id(), error = %e, "delivered unchecked");
                        fresh.push(event);
                    }
                    OnStoreError::Retry => {
                        tracing::warn!(provider = provider.id(), error = %e, "answered 503");
                        failed = true;
                        break;
                    }
                },
            }
        }
        for (permit, event) in permits.zip(fresh) {
            shared.pending.count.fetch_add(1, Ordering::SeqCst);
            permit.send(Delivery {
                event,
                body: body.clone(),
                provider,
            });
        }
        if failed {
            status(StatusCode::SERVICE_UNAVAILABLE)
        } else {
            status(StatusCode::OK)
        }
    }

    #[cfg(feature = "mehery")]
    async fn contact_info(&self, contact: waba_mehery::types::InBoundContact) -> Response {
        let answer = match &self.shared.contact_info {
            Some(f) => {
                match tokio::time::timeout(self.shared.contact_info_deadline, f(contact)).await {
                    Ok(update) => serde_json::to_vec(&update).ok(),
                    Err(_) => {
                        tracing::warn!(
                            "Mehery contact-info function missed its deadline: answered {{}}"
                        );
                        None
                    }
                }
            }
            None => None,
        };
        let body = answer.unwrap_or_else(|| b"{}".to_vec());
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            axum::body::Body::from(body),
        )
            .into_response()
    }
}

fn malformed(provider: Provider, reason: &str) -> Response {
    tracing::warn!(
        provider = provider.id(),
        reason,
        "webhook body malformed: answered 400"
    );
    status(StatusCode::BAD_REQUEST)
}
