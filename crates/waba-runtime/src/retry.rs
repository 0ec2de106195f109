//! When a failed request is sent again, and when it is not.
//!
//! The defaults never send a request twice when the provider may already have processed it:
//!
//! | outcome | GET, PUT, DELETE (HEAD, OPTIONS) | POST, PATCH |
//! |---|---|---|
//! | connection refused, DNS, TLS handshake (nothing was sent) | retried | retried |
//! | timeout or connection reset after sending | retried | **not** retried: outcome unknown |
//! | 429 Too Many Requests | retried after `Retry-After` | retried after `Retry-After` |
//! | 503 with `Retry-After` | retried after it | retried after it |
//! | 502, 503, 504 | retried | **not** retried: outcome unknown |
//! | 500 and everything else | not retried | not retried |
//!
//! Providers add their own rules through [`RetryRules`] (360dialog's rate limit arrives as a
//! 400 with a message; WhatsApp's 130429 and 131056 mean "slow down"; failed media downloads
//! must not be retried).

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// How often and how long to retry. Defaults: 3 attempts, 30 s in all, backoff from 250 ms
/// doubling up to 8 s, jittered between half and the whole delay, `Retry-After` honoured up to the time left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Time from the first attempt after which no new attempt starts.
    pub max_elapsed: Duration,
    /// Backoff before the first retry; doubled for each further retry.
    pub initial_backoff: Duration,
    /// Backoff never exceeds this (before jitter).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            max_elapsed: Duration::from_secs(30),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry number `retry` (1 for the first retry): exponential with
    /// jitter: a random duration between half of and the whole capped exponential value.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(
                1u32.checked_shl(retry.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .min(self.max_backoff);
        let nanos = exp.as_nanos().min(u64::MAX as u128) as u64;
        Duration::from_nanos(nanos / 2 + fastrand::u64(0..=nanos / 2))
    }
}

/// One finished attempt, as the retry rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The operation's id.
    pub operation: &'a str,
    /// The HTTP method.
    pub method: &'a Method,
    /// The answer's status, if there was an answer.
    pub status: Option<StatusCode>,
    /// The answer's headers, if there was an answer.
    pub headers: Option<&'a HeaderMap>,
    /// The answer's body, when [`RetryRules::wants_body`] asked for it.
    pub body: Option<&'a [u8]>,
    /// The transport error, if there was no answer.
    pub error: Option<&'a reqwest::Error>,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send again after the policy's backoff.
    Retry,
    /// Send again after at least this long.
    RetryAfter(Duration),
    /// Do not send again.
    Stop,
}

/// Provider-specific retry rules, consulted before the defaults.
pub trait RetryRules: Send + Sync + fmt::Debug {
    /// Whether the body of an answer with this status must be read to decide. For a 2xx
    /// status of a client that logs in, the body is read only to ask
    /// [`is_auth_failure`](RetryRules::is_auth_failure) (a token refused inside a success
    /// body); a 2xx answer is never retried.
    fn wants_body(&self, _operation: &str, _status: StatusCode) -> bool {
        false
    }

    /// A decision that overrides the defaults, or `None` to use them.
    fn decide(&self, _attempt: &Attempt<'_>) -> Option<Decision> {
        None
    }

    /// True when this answer means the credentials (token) were refused, so a client that
    /// logs in should log in again once. Default: 401.
    fn is_auth_failure(&self, attempt: &Attempt<'_>) -> bool {
        attempt.status == Some(StatusCode::UNAUTHORIZED)
    }

    /// True when this error answer is the provider asking to slow down: it did not act on
    /// the request ([`Error::is_rate_limited`](crate::Error::is_rate_limited)). Default: 429.
    /// The body is there when [`wants_body`](RetryRules::wants_body) asked for it.
    fn is_rate_limit(&self, attempt: &Attempt<'_>) -> bool {
        attempt.status == Some(StatusCode::TOO_MANY_REQUESTS)
    }
}

/// No provider rules: the defaults only.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultRules;

impl RetryRules for DefaultRules {}

/// True for methods that may be repeated without changing the result.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
    )
}

/// The default decision for an attempt (see the module docs).
pub fn default_decision(attempt: &Attempt<'_>) -> Decision {
    if let Some(error) = attempt.error {
        return if error.is_connect() || is_idempotent(attempt.method) {
            Decision::Retry
        } else {
            Decision::Stop
        };
    }
    let Some(status) = attempt.status else {
        return Decision::Stop;
    };
    let retry_after = attempt.headers.and_then(crate::retry_after);
    match status {
        StatusCode::TOO_MANY_REQUESTS => retry_after.map_or(Decision::Retry, Decision::RetryAfter),
        StatusCode::SERVICE_UNAVAILABLE if retry_after.is_some() => {
            retry_after.map_or(Decision::Retry, Decision::RetryAfter)
        }
        StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
            if is_idempotent(attempt.method) =>
        {
            Decision::Retry
        }
        _ => Decision::Stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(method: &Method, status: u16, headers: &HeaderMap) -> Decision {
        default_decision(&Attempt {
            operation: "op",
            method,
            status: Some(StatusCode::from_u16(status).unwrap()),
            headers: Some(headers),
            body: None,
            error: None,
        })
    }

    #[test]
    fn the_default_table_holds() {
        let none = HeaderMap::new();
        let mut later = HeaderMap::new();
        later.insert("retry-after", "2".parse().unwrap());
        for m in [Method::GET, Method::PUT, Method::DELETE] {
            for s in [502, 503, 504] {
                assert_eq!(answer(&m, s, &none), Decision::Retry, "{m} {s}");
            }
            assert_eq!(answer(&m, 500, &none), Decision::Stop);
        }
        for s in [500, 502, 503, 504, 400, 401, 404] {
            assert_eq!(answer(&Method::POST, s, &none), Decision::Stop, "POST {s}");
        }
        assert_eq!(answer(&Method::POST, 429, &none), Decision::Retry);
        assert_eq!(
            answer(&Method::POST, 429, &later),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        assert_eq!(
            answer(&Method::POST, 503, &later),
            Decision::RetryAfter(Duration::from_secs(2))
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        for retry in 1..40 {
            let cap = p
                .initial_backoff
                .saturating_mul(1 << (retry - 1).min(20))
                .min(p.max_backoff);
            let d = p.backoff(retry);
            assert!(d <= cap && d >= cap / 2, "retry {retry}: {d:?} vs {cap:?}");
        }
        let draws: std::collections::HashSet<_> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(draws.len() > 1, "jitter varies the delay");
    }
}
