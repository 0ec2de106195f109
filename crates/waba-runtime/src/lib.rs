//! Shared runtime for the waba provider clients.
//!
//! Everything every generated client needs, written once:
//! - [`Error`]: one error type that says which operation failed and keeps status, headers and
//!   raw body ([`error`]);
//! - [`check`]: what the generated request checks call (constraints, field paths, errors);
//! - [`response`]: reading answers into typed values or errors;
//! - [`multipart`]: `multipart/form-data` bodies for the operations the xtask generates itself;
//! - [`Secret`]: API keys, passwords and tokens that never print;
//! - [`StringOrNumber`]: a documented string that a provider may send as a JSON number;
//! - [`ClientConfig`]: the HTTP client every provider crate builds (TLS, timeouts, base URL
//!   check, secret default headers);
//! - [`Runtime`]: the per-client state the generated hooks call before and around each
//!   request: retries ([`retry`]), the client-side rate limiter, tokens ([`auth`]) and
//!   tracing.

pub mod auth;
pub mod check;
pub mod error;
mod json_path;
pub mod multipart;
pub mod open_enum;
pub mod pages;
pub mod response;
pub mod retry;
pub mod rules;
pub mod secret;
mod string_or_number;
pub mod summary;
pub mod webhook;

mod config;
mod runtime;

pub use auth::{AuthError, Token, TokenSource};
pub use config::{
    BuildError, ClientConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Server, check_base_url,
    check_base_url_with, install_crypto_provider,
};
pub use error::{Error, ErrorKind, ProviderError};
pub use retry::{Decision, RetryPolicy, RetryRules};
pub use runtime::{Runtime, RuntimeBuilder, attempts_so_far, count_attempts};
pub use secret::{Secret, SecretJson};
pub use string_or_number::StringOrNumber;

use std::time::Duration;

/// The `Retry-After` of a response: seconds or an HTTP date (a date in the past is zero).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
