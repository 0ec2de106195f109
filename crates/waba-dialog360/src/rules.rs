//! 360dialog's retry rules, on top of the runtime's defaults.

use std::time::Duration;

use reqwest::StatusCode;
use waba_runtime::retry::{Attempt, Decision, RetryRules};

use crate::types::ErrorResponse;

/// How long WhatsApp wants between two messages to the same user (error 131056).
pub const PAIR_RATE_LIMIT_WAIT: Duration = Duration::from_secs(6);

/// - Media lookups and downloads are never retried: repeated failing media requests block the
///   endpoint for a while.
/// - 360dialog reports its own rate limit as HTTP 400 with "You have exceeded the endpoint
///   rate limit": the request was refused, so it is retried after a backoff, POST included.
/// - WhatsApp's 130429 (throughput) is retried after a backoff, 131056 (too many messages to
///   one user) after 6 s, when the policy's time allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dialog360Rules;

impl RetryRules for Dialog360Rules {
    fn wants_body(&self, _operation: &str, status: StatusCode) -> bool {
        status == StatusCode::BAD_REQUEST || status == StatusCode::TOO_MANY_REQUESTS
    }

    fn decide(&self, attempt: &Attempt<'_>) -> Option<Decision> {
        if matches!(attempt.operation, "download_media" | "retrieve_media") {
            return Some(Decision::Stop);
        }
        let error: ErrorResponse = serde_json::from_slice(attempt.body?).ok()?;
        if error.is_rate_limit() {
            return Some(match error.code() {
                Some(131056) => Decision::RetryAfter(PAIR_RATE_LIMIT_WAIT),
                _ => Decision::Retry,
            });
        }
        None
    }
}
