//! The error every client returns.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::check::ValidationError;

/// A provider's error body, parsed: gives [`Error`]'s `Display` a short reason.
pub trait ProviderError: fmt::Debug {
    /// The provider's own words for what went wrong, in one line, if the body says.
    fn summary(&self) -> Option<String>;

    /// The reason alone, without codes (a refused login's message); the summary by default.
    fn reason(&self) -> Option<String> {
        self.summary()
    }

    /// The provider's numeric error code, if the body has one.
    fn code(&self) -> Option<i64> {
        None
    }
}

impl ProviderError for serde_json::Value {
    fn summary(&self) -> Option<String> {
        let error = self.get("error").unwrap_or(self);
        match error {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => o
                .get("message")
                .or_else(|| o.get("title"))
                .and_then(|m| m.as_str())
                .map(str::to_string),
            _ => None,
        }
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was refused before it was sent: an argument breaks a documented
    /// constraint, or the request could not be built. Nothing reached the provider.
    InvalidRequest,
    /// The provider answered with an error status (or, for providers that say so in the
    /// body, an error inside a 2xx answer).
    Api,
    /// The provider answered with a success status (2xx) but its answer cannot be read: not
    /// JSON, cut off, not the documented shape, or empty where the spec documents a body.
    /// The provider has the request: [`Error::is_outcome_unknown`] is true, and
    /// [`Error::is_accepted`] says whether the status alone means it was accepted. Such a
    /// request must not be sent again.
    InvalidResponse,
    /// The request could not be completed: connection refused, reset, timed out.
    Transport,
    /// Logging in or refreshing a token failed.
    Auth,
}

/// The error of every generated client: which operation failed, how, and everything the
/// provider sent back (status, headers, raw body, and the typed error body when it parses).
///
/// `Display` is one sentence without secrets; the raw body is kept for diagnosis.
pub struct Error<E = serde_json::Value> {
    inner: Box<Inner<E>>,
}

struct Inner<E> {
    operation: &'static str,
    kind: ErrorKind,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<Bytes>,
    parsed: Option<E>,
    validation: Option<ValidationError>,
    outcome_unknown: bool,
    accepted: bool,
    nothing_sent: bool,
    rate_limited: bool,
    token_refused: bool,
    retry_after: Option<Duration>,
    attempts: u32,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl<E> Error<E> {
    fn new(operation: &'static str, kind: ErrorKind, message: String) -> Self {
        // How the runtime's provider rules judged the latest answer of this call.
        let last = crate::runtime::last_attempt();
        let judged = kind == ErrorKind::Api;
        Error {
            inner: Box::new(Inner {
                operation,
                kind,
                status: None,
                headers: None,
                body: None,
                parsed: None,
                validation: None,
                outcome_unknown: false,
                accepted: false,
                nothing_sent: false,
                rate_limited: judged && last.rate_limited,
                token_refused: judged && last.token_refused,
                retry_after: None,
                attempts: last.count,
                message,
                source: None,
            }),
        }
    }

    /// A request refused before sending.
    pub fn invalid_request(operation: &'static str, why: impl fmt::Display) -> Self {
        Self::new(operation, ErrorKind::InvalidRequest, why.to_string())
    }

    /// A request refused before sending because a field breaks the spec.
    pub fn invalid_field(operation: &'static str, error: ValidationError) -> Self {
        let mut e = Self::new(operation, ErrorKind::InvalidRequest, error.to_string());
        e.inner.validation = Some(error);
        e
    }

    /// The provider answered `status` with `body`.
    pub fn api(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self
    where
        E: serde::de::DeserializeOwned,
    {
        let parsed = serde_json::from_slice::<E>(&body).ok();
        let retry_after = crate::retry_after(&headers);
        let mut e = Self::new(operation, ErrorKind::Api, String::new());
        // A 5xx may come after the provider acted on the request (or a gateway forwarded
        // it): nobody can say whether it was processed. A 503 that asks to come back later
        // was refused.
        e.inner.outcome_unknown = status.is_server_error()
            && !(status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some());
        e.inner.status = Some(status);
        e.inner.headers = Some(headers);
        e.inner.body = Some(body);
        e.inner.parsed = parsed;
        e.inner.retry_after = retry_after;
        e
    }

    /// The provider answered success (2xx) with a body that cannot be read (`why`). The
    /// provider has the request, so the outcome is unknown to the caller, and with a 2xx
    /// `status` the request counts as accepted (see [`Error::is_accepted`]; a provider that
    /// reports failures inside 2xx bodies clears that with [`Error::with_accepted`]).
    pub fn invalid_response(
        operation: &'static str,
        status: Option<StatusCode>,
        headers: Option<HeaderMap>,
        body: Bytes,
        why: impl fmt::Display,
    ) -> Self {
        let mut e = Self::new(operation, ErrorKind::InvalidResponse, why.to_string());
        e.inner.outcome_unknown = true;
        e.inner.accepted = status.is_some_and(|s| s.is_success());
        e.inner.status = status;
        e.inner.headers = headers;
        e.inner.body = Some(body);
        e
    }

    /// The provider answered success (2xx) but its body broke off (`error`): an
    /// [`ErrorKind::InvalidResponse`] that keeps status, headers, the bytes that did arrive,
    /// and the transport error as its source ([`Error::is_timeout`] still tells a timeout).
    pub fn cut_off_answer(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        partial: Bytes,
        error: reqwest::Error,
    ) -> Self {
        let why = format!(
            "the answer broke off after {} bytes ({})",
            partial.len(),
            transport_reason(&error)
        );
        let mut e = Self::invalid_response(operation, Some(status), Some(headers), partial, why);
        e.inner.source = Some(Box::new(error.without_url()));
        e
    }

    /// The request could not be completed.
    pub fn transport(operation: &'static str, error: reqwest::Error) -> Self {
        // Before the connection was made nothing was sent; after it, the provider may have
        // received the request.
        let unknown = !error.is_connect() && !error.is_builder();
        let mut e = Self::new(operation, ErrorKind::Transport, transport_reason(&error));
        e.inner.status = error.status();
        e.inner.outcome_unknown = unknown;
        e.inner.nothing_sent = !unknown && error.status().is_none();
        e.inner.source = Some(Box::new(error.without_url()));
        e
    }

    /// Logging in or refreshing a token failed.
    pub fn auth(operation: &'static str, why: impl fmt::Display) -> Self {
        Self::new(operation, ErrorKind::Auth, why.to_string())
    }

    /// Logging in failed; keeps the typed login error.
    pub fn auth_failed(operation: &'static str, error: crate::auth::AuthError) -> Self {
        let mut e = Self::new(operation, ErrorKind::Auth, error.to_string());
        e.inner.status = error.status;
        e.inner.body = error.body.clone();
        e.inner.source = Some(Box::new(error));
        e
    }

    /// The login error, for [`ErrorKind::Auth`].
    pub fn auth_error(&self) -> Option<&crate::auth::AuthError> {
        self.inner.source.as_ref().and_then(|s| s.downcast_ref())
    }

    /// Marks whether the provider may have processed the request.
    pub fn with_outcome_unknown(mut self, unknown: bool) -> Self {
        self.inner.outcome_unknown = unknown;
        self
    }

    /// Marks whether a 2xx answer means the provider accepted the request. Cleared for
    /// operations whose provider may report a failure inside a 2xx body
    /// (`x-waba-failure-when`): when such a body cannot be read, nobody can say whether the
    /// provider accepted the request or refused it.
    pub fn with_accepted(mut self, accepted: bool) -> Self {
        self.inner.accepted = accepted;
        self
    }

    /// Records how many attempts were made.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// The `operationId` of the failed call.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when the provider answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The response headers, when the provider answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.inner.headers.as_ref()
    }

    /// The raw response body, when the provider answered.
    pub fn body(&self) -> Option<&[u8]> {
        self.inner.body.as_deref()
    }

    /// The raw response body as text (lossy for non-UTF-8 bytes).
    pub fn body_text(&self) -> Option<String> {
        self.body().map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The provider's error body, when it parses as the spec's error schema.
    pub fn error_body(&self) -> Option<&E> {
        self.inner.parsed.as_ref()
    }

    /// The broken constraint, for a request refused before sending.
    pub fn validation(&self) -> Option<&ValidationError> {
        self.inner.validation.as_ref()
    }

    /// True when the provider may have received and processed the request although no
    /// readable success was seen (a timeout after sending, a reset mid-response, a 5xx, a 2xx
    /// answer that cannot be read). Such a request is never sent again automatically; check
    /// before resending a message.
    pub fn is_outcome_unknown(&self) -> bool {
        self.inner.outcome_unknown
    }

    /// True when the provider accepted the request (it answered 2xx) but the answer cannot be
    /// read ([`ErrorKind::InvalidResponse`]): the message is on its way, but what the provider
    /// answered (its message id) is unknown. Never send it again; reconcile through webhooks
    /// or the provider's records. [`Error::is_outcome_unknown`] is true as well.
    ///
    /// False when the provider reports failures inside 2xx bodies (Onextel's `"status":
    /// false`): an unreadable 2xx answer of such an operation may be a refusal, so only the
    /// outcome is unknown.
    pub fn is_accepted(&self) -> bool {
        self.inner.kind == ErrorKind::InvalidResponse && self.inner.accepted
    }

    /// True when the request certainly did not reach the provider, or the provider certainly
    /// did not act on it, so sending it again (to this provider later, or to another one)
    /// cannot deliver it twice:
    ///
    /// - refused before sending ([`ErrorKind::InvalidRequest`]);
    /// - the login failed ([`ErrorKind::Auth`]): the request itself was never sent;
    /// - the connection could not be made (refused, DNS, TLS handshake, connect timeout);
    /// - the provider asked to slow down ([`Error::is_rate_limited`]: 429 or its documented
    ///   throttling answer), refused the credentials ([`Error::is_auth_refused`]: 401, 403,
    ///   a token refused in the body), or answered 503 with `Retry-After` (unavailable, come
    ///   back later).
    ///
    /// Never true together with [`Error::is_outcome_unknown`]. Any other error answer (a 400
    /// about the request, a 404) is neither: the provider read the request and refused it.
    pub fn is_not_sent(&self) -> bool {
        let i = &self.inner;
        match i.kind {
            ErrorKind::InvalidRequest | ErrorKind::Auth => true,
            ErrorKind::Transport => i.nothing_sent,
            ErrorKind::InvalidResponse => false,
            ErrorKind::Api => {
                !i.outcome_unknown
                    && (self.is_rate_limited()
                        || self.is_auth_refused()
                        || i.status == Some(StatusCode::SERVICE_UNAVAILABLE))
            }
        }
    }

    /// True when the provider answered "slow down": HTTP 429, or its own documented
    /// throttling answer as its retry rules know it (360dialog's rate limit as a 400,
    /// WhatsApp's 130429 and 131056). [`Error::retry_after`] has its `Retry-After`, if sent.
    pub fn is_rate_limited(&self) -> bool {
        let i = &self.inner;
        i.kind == ErrorKind::Api
            && !i.outcome_unknown
            && (i.status == Some(StatusCode::TOO_MANY_REQUESTS) || i.rate_limited)
    }

    /// True when the credentials were refused: the login failed ([`ErrorKind::Auth`]), or
    /// the provider answered 401 or 403, or refused the token inside its answer (Onextel's
    /// `1403`, as its rules know it) after the one new login.
    pub fn is_auth_refused(&self) -> bool {
        let i = &self.inner;
        match i.kind {
            ErrorKind::Auth => true,
            ErrorKind::Api => {
                i.token_refused
                    || matches!(
                        i.status,
                        Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                    )
            }
            _ => false,
        }
    }

    /// How long the provider asked to wait, from `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// How many attempts were made (1 when the request was not retried).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        self.inner
            .source
            .as_ref()
            .and_then(|s| s.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout)
    }

    /// Converts the typed error body, keeping everything else.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        let i = *self.inner;
        Error {
            inner: Box::new(Inner {
                operation: i.operation,
                kind: i.kind,
                status: i.status,
                headers: i.headers,
                body: i.body,
                parsed: i.parsed.map(f),
                validation: i.validation,
                outcome_unknown: i.outcome_unknown,
                accepted: i.accepted,
                nothing_sent: i.nothing_sent,
                rate_limited: i.rate_limited,
                token_refused: i.token_refused,
                retry_after: i.retry_after,
                attempts: i.attempts,
                message: i.message,
                source: i.source,
            }),
        }
    }
}

fn transport_reason(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "the request timed out".into()
    } else if error.is_connect() {
        "the connection could not be made".into()
    } else if error.is_body() || error.is_decode() {
        "the response body could not be read".into()
    } else if error.is_builder() {
        "the request could not be built".into()
    } else {
        "the connection failed".into()
    }
}

/// The first line of `text`, at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}

impl<E: ProviderError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let op = i.operation;
        match i.kind {
            ErrorKind::InvalidRequest => write!(f, "{op} was not sent: {}", i.message),
            // The login error, when kept, is the source and says why itself.
            ErrorKind::Auth if self.auth_error().is_some() => {
                write!(f, "{op} failed to authenticate")
            }
            ErrorKind::Auth => write!(f, "{op} failed to authenticate: {}", i.message),
            ErrorKind::Transport => {
                write!(f, "{op} failed: {}", i.message)?;
                if i.outcome_unknown {
                    f.write_str(
                        " after the request may have reached the provider (outcome unknown)",
                    )?;
                }
                Ok(())
            }
            ErrorKind::InvalidResponse => {
                let why = one_line(&i.message, 200);
                match i.status {
                    Some(s) if i.accepted => write!(
                        f,
                        "{op} was accepted by the provider (HTTP {s}) but its answer cannot \
                         be read ({why}); do not resend it (outcome unknown)"
                    ),
                    Some(s) => write!(
                        f,
                        "{op} got HTTP {s} with an answer that cannot be read ({why}), so \
                         whether the provider accepted it is unknown; do not resend it before \
                         checking (outcome unknown)"
                    ),
                    None => write!(
                        f,
                        "{op} got an answer that cannot be read ({why}); do not resend it \
                         before checking (outcome unknown)"
                    ),
                }
            }
            ErrorKind::Api => {
                write!(f, "{op} failed with HTTP ")?;
                match i.status {
                    Some(s) => write!(f, "{s}")?,
                    None => f.write_str("error")?,
                }
                let reason = i
                    .parsed
                    .as_ref()
                    .and_then(ProviderError::summary)
                    .or_else(|| {
                        i.body
                            .as_ref()
                            .map(|b| one_line(&String::from_utf8_lossy(b), 200))
                    })
                    .filter(|r| !r.is_empty());
                if let Some(reason) = reason {
                    write!(f, ": {}", one_line(&reason, 300))?;
                }
                if i.outcome_unknown {
                    f.write_str(" (outcome unknown)")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Error")
            .field("operation", &i.operation)
            .field("kind", &i.kind)
            .field("status", &i.status)
            .field("outcome_unknown", &i.outcome_unknown)
            .field("accepted", &i.accepted)
            .field("nothing_sent", &i.nothing_sent)
            .field("rate_limited", &i.rate_limited)
            .field("token_refused", &i.token_refused)
            .field("retry_after", &i.retry_after)
            .field("attempts", &i.attempts)
            .field("message", &i.message)
            .field("validation", &i.validation)
            .field("error_body", &i.parsed)
            .field("body", &i.body.as_ref().map(|b| String::from_utf8_lossy(b)))
            .field("source", &i.source)
            .finish()
    }
}

impl<E: ProviderError> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<&str>) -> Error {
        let mut headers = HeaderMap::new();
        if let Some(wait) = retry_after {
            headers.insert(reqwest::header::RETRY_AFTER, wait.parse().unwrap());
        }
        Error::api(
            "send",
            StatusCode::from_u16(status).unwrap(),
            headers,
            Bytes::from_static(b"{}"),
        )
    }

    #[test]
    fn an_answer_the_provider_did_not_act_on_is_not_sent_and_never_also_unknown() {
        // (status, Retry-After, not sent, rate limited, auth refused, outcome unknown)
        let table = [
            (429, None, true, true, false, false),
            (429, Some("3"), true, true, false, false),
            (503, Some("3"), true, false, false, false),
            (503, None, false, false, false, true),
            (401, None, true, false, true, false),
            (403, None, true, false, true, false),
            (400, None, false, false, false, false),
            (404, None, false, false, false, false),
            (500, None, false, false, false, true),
            (502, None, false, false, false, true),
        ];
        for (status, wait, not_sent, limited, auth, unknown) in table {
            let e = answer(status, wait);
            assert_eq!(e.is_not_sent(), not_sent, "{status} {wait:?}");
            assert_eq!(e.is_rate_limited(), limited, "{status} {wait:?}");
            assert_eq!(e.is_auth_refused(), auth, "{status} {wait:?}");
            assert_eq!(e.is_outcome_unknown(), unknown, "{status} {wait:?}");
        }
        assert!(Error::<serde_json::Value>::invalid_request("send", "bad").is_not_sent());
        assert!(Error::<serde_json::Value>::auth("send", "refused").is_not_sent());
        let unreadable = Error::<serde_json::Value>::invalid_response(
            "send",
            Some(StatusCode::OK),
            None,
            Bytes::new(),
            "not JSON",
        );
        assert!(!unreadable.is_not_sent() && unreadable.is_outcome_unknown());
    }
}
