//! Building a [`Client`]: credentials (login on first use) or an existing token, host,
//! timeouts, retries and the client-side rate limit.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderName};
use waba_runtime::auth::BoxFuture;
use waba_runtime::{AuthError, BuildError, ClientConfig, RetryPolicy, Secret, Token, TokenSource};

use crate::types::LoginRequest;
use crate::{Client, ErrorKind};

/// The Desk360 public API host.
pub const API_URL: &str = "https://public-api.desk360.com";

/// Requests a minute the default client-side limit allows (with bursts of [`DEFAULT_BURST`]),
/// so that no 60-second window holds more than the 60 requests Desk360 allows per minute.
pub const DEFAULT_PER_MINUTE: u32 = 50;
/// Requests the default limit lets through at once.
pub const DEFAULT_BURST: u32 = 10;

/// The response header with the number of calls allowed per minute.
pub const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// The response header with the calls left in the current minute.
pub const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");

/// How the client authenticates.
#[derive(Clone)]
enum Auth {
    Credentials { email: Secret, password: Secret },
    Token(Secret),
}

/// Settings of a [`Client`]. `Debug` never shows the password or token.
#[derive(Clone)]
pub struct ClientBuilder {
    auth: Auth,
    config: ClientConfig,
    limit: Option<(NonZeroU32, NonZeroU32)>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auth = match &self.auth {
            Auth::Credentials { .. } => "credentials",
            Auth::Token(_) => "token",
        };
        f.debug_struct("ClientBuilder")
            .field("auth", &auth)
            .field("config", &self.config)
            .field("limit", &self.limit)
            .finish()
    }
}

/// The default retry policy: as [`RetryPolicy::default`], but a `Retry-After` of up to a
/// minute (Desk360 counts requests per minute) is waited out.
pub fn default_retry() -> RetryPolicy {
    RetryPolicy {
        max_elapsed: Duration::from_secs(65),
        ..RetryPolicy::default()
    }
}

impl Client {
    /// A client that logs in with `email` and `password` on first use and again, once, when
    /// Desk360 refuses the token. A refused login is an [`ErrorKind::Auth`] error and is never
    /// retried (Desk360 locks an account out after 5 failed logins a minute).
    pub fn with_credentials(
        email: impl Into<Secret>,
        password: impl Into<Secret>,
    ) -> Result<Client, BuildError> {
        Client::builder_with_credentials(email, password).build()
    }

    /// A client that sends an existing API token (an `access_token` from `login`).
    pub fn with_token(token: impl Into<Secret>) -> Result<Client, BuildError> {
        Client::builder_with_token(token).build()
    }

    /// Settings for a client that logs in with `email` and `password`.
    pub fn builder_with_credentials(
        email: impl Into<Secret>,
        password: impl Into<Secret>,
    ) -> ClientBuilder {
        ClientBuilder::new(Auth::Credentials {
            email: email.into(),
            password: password.into(),
        })
    }

    /// Settings for a client that sends an existing API token.
    pub fn builder_with_token(token: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder::new(Auth::Token(token.into()))
    }

    /// `X-RateLimit-Limit` and `X-RateLimit-Remaining` of the latest response that carried
    /// them (from this client or a clone), `None` before any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        let read = |name: &HeaderName| {
            self.runtime()
                .last_header(name)
                .and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok())
        };
        Some(RateLimit {
            limit: read(&RATE_LIMIT_LIMIT)?,
            remaining: read(&RATE_LIMIT_REMAINING)?,
        })
    }
}

/// The rate-limit counters Desk360 reports on every response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls allowed per minute (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Calls left in the current minute (`X-RateLimit-Remaining`).
    pub remaining: u32,
}

impl ClientBuilder {
    fn new(auth: Auth) -> Self {
        let mut config = ClientConfig::new(API_URL);
        config.retry(default_retry());
        ClientBuilder {
            auth,
            config,
            limit: NonZeroU32::new(DEFAULT_PER_MINUTE).zip(NonZeroU32::new(DEFAULT_BURST)),
        }
    }

    /// Sends to another base URL (`https://`, or `http://` to a loopback address).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url(url);
        self
    }

    waba_runtime::timeout_setters!();

    /// How failed requests are retried (default [`default_retry`]: 3 attempts within 65 s;
    /// a 429 is retried after its `Retry-After` when that fits; requests that may have been
    /// processed are never resent). The login itself is never retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry(policy);
        self
    }

    /// Sends at most `per_minute` requests a minute, in bursts of at most `burst`, from this
    /// client and its clones (default [`DEFAULT_PER_MINUTE`] and [`DEFAULT_BURST`]).
    pub fn rate_limit_per_minute(mut self, per_minute: NonZeroU32, burst: NonZeroU32) -> Self {
        self.limit = Some((per_minute, burst));
        self
    }

    /// No client-side rate limit (Desk360's own limit still applies).
    pub fn without_rate_limit(mut self) -> Self {
        self.limit = None;
        self
    }

    /// Builds the client. Nothing is sent: a client with credentials logs in on its first
    /// request.
    pub fn build(mut self) -> Result<Client, BuildError> {
        if let Auth::Token(token) = &self.auth {
            if token.is_empty() {
                return Err(BuildError::Missing("the Desk360 API token"));
            }
            self.config.secret_header("authorization", "Bearer ", token);
        }
        if let Some((per_minute, burst)) = self.limit {
            self.config.rate_limit_per_minute(per_minute, burst);
        }
        let (base_url, http) = self.config.build()?;
        let mut runtime = self
            .config
            .runtime("desk360")
            .remember_headers([RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING]);
        if self.limit.is_none() {
            runtime = runtime.quota(None);
        }
        if let Auth::Credentials { email, password } = self.auth {
            if email.is_empty() || password.is_empty() {
                return Err(BuildError::Missing("the Desk360 email and password"));
            }
            // The login goes out through a client of its own: without a token, and never
            // retried.
            let login = self.config.login_runtime("desk360").build();
            let source = Login {
                client: Client::from_parts(&base_url, http.clone(), login),
                email,
                password,
            };
            runtime = runtime.token(Arc::new(source), AUTHORIZATION, "Bearer ");
        }
        Ok(Client::from_parts(&base_url, http, runtime.build()))
    }
}

/// Logs in through the generated `login` operation.
struct Login {
    client: Client,
    email: Secret,
    password: Secret,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login").finish_non_exhaustive()
    }
}

impl TokenSource for Login {
    fn fetch(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move {
            let body = LoginRequest {
                email: self
                    .email
                    .expose()
                    .try_into()
                    .map_err(|_| AuthError::new("the email is empty"))?,
                password: self
                    .password
                    .expose()
                    .try_into()
                    .map_err(|_| AuthError::new("the password is empty"))?,
            };
            match self.client.login(&body).await {
                Ok(answer) => Ok(Token::new(answer.into_inner().access_token)),
                Err(e) => {
                    let refused = match e.kind() {
                        ErrorKind::Api => e.error_body().map(|body| body.error.message.as_str()),
                        _ => None,
                    };
                    Err(AuthError::from_login(&e, refused, None))
                }
            }
        })
    }
}
