//! Building a [`Client`]: credentials, host, timeouts, and the login behind the token.

use std::num::NonZeroU32;
use std::sync::Arc;

use reqwest::header::HeaderName;
use waba_runtime::auth::BoxFuture;
use waba_runtime::{AuthError, BuildError, ClientConfig, RetryPolicy, Secret, Token, TokenSource};

use crate::types::LoginForm;
use crate::{Client, Error, OnextelRules};

/// The 365cx.io host (the default).
pub const BASE_URL: &str = "https://365cx.io";

/// The header carrying the token (no prefix).
pub const TOKEN_HEADER: &str = "authentication-token";

/// Settings of a [`Client`]: the 365cx.io login, the host, timeouts, retries.
///
/// `Debug` never shows the email or the password.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    email: Secret,
    password: Secret,
    long_term_token: Option<bool>,
    config: ClientConfig,
}

impl Client {
    /// A client for 365cx.io that logs in with `email` and `password` on first use.
    pub fn new(
        email: impl Into<Secret>,
        password: impl Into<Secret>,
    ) -> Result<Client, BuildError> {
        Client::builder(email, password).build()
    }

    /// Settings for a client that logs in with `email` and `password` (the 365cx.io platform
    /// login), starting from the 365cx.io host.
    pub fn builder(email: impl Into<Secret>, password: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder {
            email: email.into(),
            password: password.into(),
            long_term_token: None,
            config: ClientConfig::new(BASE_URL),
        }
    }
}

impl ClientBuilder {
    /// Sends to another base URL (`https://`, or `http://` to a loopback address).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url(url);
        self
    }

    /// Asks for a token that "remains valid indefinitely" (`longTermToken=true`) instead of one
    /// valid for an hour and extended while it is used. Not sent unless set.
    pub fn long_term_token(mut self, long_term: bool) -> Self {
        self.long_term_token = Some(long_term);
        self
    }

    waba_runtime::timeout_setters!();

    /// How failed requests are retried (default [`RetryPolicy::default`]: 3 attempts within
    /// 30 s; sends that may have been processed are never resent). The login is never
    /// retried, whatever the policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry(policy);
        self
    }

    /// Sends at most `per_second` requests a second from this client and its clones (none by
    /// default; logins are not counted).
    pub fn rate_limit_per_second(mut self, per_second: NonZeroU32) -> Self {
        self.config.rate_limit_per_second(per_second);
        self
    }

    /// Builds the client: checks the base URL and the credentials. Nothing is sent until the
    /// first call, which logs in.
    pub fn build(self) -> Result<Client, BuildError> {
        if self.email.is_empty() {
            return Err(BuildError::Missing("the 365cx.io login email"));
        }
        if self.password.is_empty() {
            return Err(BuildError::Missing("the 365cx.io password"));
        }
        let (base_url, http) = self.config.build()?;
        // The login goes through a client of its own: without a token (it obtains it), without
        // the rate limit, and never retried.
        let login_runtime = self
            .config
            .login_runtime("onextel")
            .rules(OnextelRules)
            .build();
        let login = Login {
            client: Client::from_parts(&base_url, http.clone(), login_runtime),
            form: LoginForm {
                email: self.email,
                password: self.password,
                long_term_token: self.long_term_token,
            },
        };
        let runtime = self
            .config
            .runtime("onextel")
            .rules(OnextelRules)
            .token(Arc::new(login), HeaderName::from_static(TOKEN_HEADER), "")
            .build();
        Ok(Client::from_parts(&base_url, http, runtime))
    }
}

/// Logs in through `generate_token`; the runtime caches the token and calls this again only
/// when the provider refuses it.
#[derive(Debug)]
struct Login {
    client: Client,
    form: LoginForm,
}

impl TokenSource for Login {
    fn fetch(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move {
            match self.client.generate_token(&self.form).await {
                Ok(answer) => Ok(Token::new(answer.into_inner().response.token)),
                Err(e) => Err(login_error(&e)),
            }
        })
    }
}

/// The typed login failure: the provider's message and code (1403 for wrong credentials),
/// status and body. The body of a success answer that did not parse is dropped: it may hold a
/// token.
fn login_error(e: &Error) -> AuthError {
    let parsed = e.error_body();
    AuthError::from_login(
        e,
        parsed.and_then(|b| b.message_text()),
        parsed.and_then(|b| b.code()),
    )
}
