//! Tokens for providers that log in: one login shared by all concurrent callers, a new login
//! once when the provider refuses the token, and login failures never retried.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderName, HeaderValue};

use crate::Secret;

/// A token and when it stops being valid, if known.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token.
    pub value: Secret,
    /// When it expires; `None` means until the provider refuses it.
    pub expires_at: Option<Instant>,
}

impl Token {
    /// A token without a known expiry.
    pub fn new(value: impl Into<Secret>) -> Self {
        Token {
            value: value.into(),
            expires_at: None,
        }
    }

    /// A token valid for `lifetime` from now, or without a known expiry when `None`. The
    /// cache logs in again 30 s (or a tenth of a shorter lifetime) before it expires.
    pub fn valid_for(value: impl Into<Secret>, lifetime: Option<std::time::Duration>) -> Self {
        let margin = |d: std::time::Duration| {
            d.saturating_sub((d / 10).min(std::time::Duration::from_secs(30)))
        };
        Token {
            value: value.into(),
            expires_at: lifetime.map(|d| Instant::now() + margin(d)),
        }
    }
}

/// Why logging in failed. Never contains the credentials.
#[derive(Clone, Debug)]
pub struct AuthError {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The provider's error code, if it gave one (Onextel answers 1403 for bad credentials).
    pub code: Option<i64>,
    /// The HTTP status of the login answer, if there was one.
    pub status: Option<StatusCode>,
    /// The raw body of the login answer, if there was one.
    pub body: Option<Bytes>,
}

impl AuthError {
    /// A login failure with a message.
    pub fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            code: None,
            status: None,
            body: None,
        }
    }
}

impl AuthError {
    /// The failure of a login made through a generated client's login operation. `refused` is
    /// the provider's own reason when its error body gave one (the message then reads "the
    /// login was refused: ..."), `code` its error code. Status and body are kept, except the
    /// body of an answer that did not parse: a success answer of an unexpected shape may still
    /// carry a token, and this error may be printed.
    pub fn from_login<E: crate::ProviderError>(
        error: &crate::Error<E>,
        refused: Option<&str>,
        code: Option<i64>,
    ) -> Self {
        let message = match refused {
            Some(reason) => format!("the login was refused: {reason}"),
            None => format!("the login failed: {error}"),
        };
        let body = match error.kind() {
            crate::ErrorKind::InvalidResponse => None,
            _ => error.body().map(Bytes::copy_from_slice),
        };
        AuthError {
            message,
            code,
            status: error.status(),
            body,
        }
    }
}

impl AuthError {
    /// [`AuthError::from_login`] with the reason and code the provider's error body gives
    /// ([`crate::ProviderError::reason`], [`crate::ProviderError::code`]); what a generated
    /// login token source reports.
    pub fn from_login_error<E: crate::ProviderError>(error: &crate::Error<E>) -> Self {
        let body = match error.kind() {
            crate::ErrorKind::Api => error.error_body(),
            _ => None,
        };
        let reason = body.and_then(|b| b.reason());
        AuthError::from_login(error, reason.as_deref(), body.and_then(|b| b.code()))
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {}

/// A boxed future, for object-safe async traits.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Obtains a token by logging in. Implemented by each provider crate that logs in; never
/// retried by the runtime (Desk360 locks an account out after five failed logins a minute).
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// Logs in once.
    fn fetch(&self) -> BoxFuture<'_, Result<Token, AuthError>>;
}

/// The cached token of a client, shared by its clones.
#[derive(Debug)]
pub(crate) struct TokenCache {
    source: Arc<dyn TokenSource>,
    header: HeaderName,
    prefix: String,
    current: tokio::sync::Mutex<Option<Current>>,
    /// The header value of `current` and when it expires, written under `current`'s lock
    /// whenever it changes: a request with a valid token reads it without waiting on the lock
    /// a login holds.
    ready: std::sync::RwLock<Option<(HeaderValue, Option<Instant>)>>,
}

/// The token of the latest login, with the header value that carries it: made once per login,
/// not once per request (a sensitive `HeaderValue`; cloning it shares its bytes).
#[derive(Debug)]
struct Current {
    token: Token,
    header: Result<HeaderValue, AuthError>,
}

impl Current {
    fn is_valid(&self) -> bool {
        self.token.expires_at.is_none_or(|at| Instant::now() < at)
    }
}

impl TokenCache {
    pub(crate) fn new(source: Arc<dyn TokenSource>, header: HeaderName, prefix: String) -> Self {
        TokenCache {
            source,
            header,
            prefix,
            current: tokio::sync::Mutex::new(None),
            ready: std::sync::RwLock::new(None),
        }
    }

    /// The header value of a valid current login, if there is one, without taking the login's
    /// lock.
    fn ready_value(&self) -> Option<HeaderValue> {
        self.with_ready(HeaderValue::clone)
    }

    /// `f` of the header value of a valid current login, if there is one, without taking the
    /// login's lock.
    fn with_ready<T>(&self, f: impl FnOnce(&HeaderValue) -> T) -> Option<T> {
        let ready = self
            .ready
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*ready {
            Some((value, expires_at)) if expires_at.is_none_or(|at| Instant::now() < at) => {
                Some(f(value))
            }
            _ => None,
        }
    }

    /// Mirrors `current` into `ready`; called with `current`'s lock held.
    fn publish(&self, current: Option<&Current>) {
        let mirrored = current.and_then(|c| {
            c.header
                .as_ref()
                .ok()
                .map(|h| (h.clone(), c.token.expires_at))
        });
        *self
            .ready
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = mirrored;
    }

    /// The current login, logging in first when there is none or it expired. Callers arriving
    /// during a login wait for it instead of logging in themselves.
    async fn current(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Current>>, AuthError> {
        let mut current = self.current.lock().await;
        if !current.as_ref().is_some_and(Current::is_valid) {
            let token = self.source.fetch().await?;
            let header = token
                .value
                .header_value(&self.prefix)
                .map_err(|_| AuthError::new("the token is not a valid header value"));
            *current = Some(Current { token, header });
            self.publish(current.as_ref());
        }
        Ok(current)
    }

    /// Makes sure a valid token is at hand, logging in if needed.
    pub(crate) async fn ready(&self) -> Result<(), AuthError> {
        // Looked at, not copied: a copy is one more count on the value's shared bytes, which
        // every concurrent request of the client updates.
        if self.with_ready(|_| ()).is_some() {
            return Ok(());
        }
        self.current().await.map(drop)
    }

    /// The header value carrying the current token (`prefix` + token, sensitive), logging in
    /// first when there is none or it expired.
    pub(crate) async fn header_value(&self) -> Result<HeaderValue, AuthError> {
        if let Some(value) = self.ready_value() {
            return Ok(value);
        }
        match self.current().await?.as_ref() {
            Some(current) => current.header.clone(),
            None => Err(AuthError::new("no token after the login")),
        }
    }

    /// Forgets the token `used` carried (its header value) if it is still the current one, so
    /// the next request logs in again; a token another caller already replaced is kept.
    pub(crate) async fn invalidate(&self, used: &HeaderValue) {
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|c| c.header.as_ref().is_ok_and(|h| h == used))
        {
            *current = None;
            self.publish(None);
        }
    }

    /// The header carrying the token.
    pub(crate) fn header(&self) -> &HeaderName {
        &self.header
    }

    /// Sets the token's header value on a request.
    pub(crate) fn apply(&self, request: &mut reqwest::Request, value: HeaderValue) {
        request.headers_mut().insert(self.header.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    #[test]
    fn a_token_with_a_lifetime_expires_a_little_early_and_one_without_never() {
        let now = Instant::now();
        let hour = Token::valid_for("t", Some(std::time::Duration::from_secs(3600)));
        let at = hour.expires_at.expect("an expiry");
        assert!(at >= now + std::time::Duration::from_secs(3569));
        assert!(at <= Instant::now() + std::time::Duration::from_secs(3570));
        let short = Token::valid_for("t", Some(std::time::Duration::from_secs(10)));
        assert!(short.expires_at.unwrap() <= Instant::now() + std::time::Duration::from_secs(9));
        assert!(Token::valid_for("t", None).expires_at.is_none());
    }

    #[test]
    fn a_refused_login_keeps_status_body_and_the_providers_reason() {
        let error = crate::Error::<serde_json::Value>::api(
            "login",
            StatusCode::UNAUTHORIZED,
            HeaderMap::new(),
            Bytes::from_static(br#"{"message":"bad password"}"#),
        );
        let auth = AuthError::from_login(&error, Some("bad password"), Some(1403));
        assert_eq!(auth.message, "the login was refused: bad password");
        assert_eq!(auth.code, Some(1403));
        assert_eq!(auth.status, Some(StatusCode::UNAUTHORIZED));
        assert_eq!(
            auth.body.as_deref(),
            Some(&br#"{"message":"bad password"}"#[..])
        );
    }

    #[test]
    fn a_success_answer_that_did_not_parse_is_not_kept_as_it_may_hold_a_token() {
        let error = crate::Error::<serde_json::Value>::invalid_response(
            "login",
            Some(StatusCode::OK),
            Some(HeaderMap::new()),
            Bytes::from_static(br#"{"acces_token":"tok-SECRET"}"#),
            "missing field `access_token`",
        );
        let auth = AuthError::from_login(&error, None, None);
        assert_eq!(auth.status, Some(StatusCode::OK));
        assert!(auth.body.is_none());
        assert!(
            auth.message.starts_with("the login failed: "),
            "{}",
            auth.message
        );
        let printed = format!("{auth:?} {auth}");
        assert!(!printed.contains("SECRET"), "{printed}");
    }
}
