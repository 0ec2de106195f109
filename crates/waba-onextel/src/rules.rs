//! Onextel's retry and token rules, on top of the runtime's defaults.

use reqwest::StatusCode;
use waba_runtime::retry::{Attempt, Decision, RetryRules};

use crate::types::ErrorResponse;

/// The code of a refused login (`"message": {"code": 1403, ...}`), the document's only
/// authentication failure code.
pub const LOGIN_FAILED: i64 = 1403;

/// - The login (`generate_token`) is never retried: a refused login stays refused, and
///   repeated attempts with wrong credentials may lock the account.
/// - A token is refused when a call is answered HTTP 401 or 403, or with `"status": false` and
///   code 1403 in the body (whatever the HTTP status): the client then logs in again once.
///   The document does not say how an expired token is refused; these are the answers that
///   can mean it (see the `x-doc-note` of the spec's security scheme).
/// - Everything else follows the runtime's defaults (sends are POSTs: never resent once they
///   may have reached the provider).
#[derive(Debug, Clone, Copy, Default)]
pub struct OnextelRules;

impl RetryRules for OnextelRules {
    fn wants_body(&self, operation: &str, _status: StatusCode) -> bool {
        operation != "generate_token"
    }

    fn decide(&self, attempt: &Attempt<'_>) -> Option<Decision> {
        (attempt.operation == "generate_token").then_some(Decision::Stop)
    }

    fn is_auth_failure(&self, attempt: &Attempt<'_>) -> bool {
        if matches!(
            attempt.status,
            Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
        ) {
            return true;
        }
        // Every answer of a call with a token comes here, successes included: a body without
        // the digits of the code cannot carry it and is not parsed.
        attempt
            .body
            .filter(|b| b.windows(4).any(|w| w == b"1403"))
            .and_then(|b| serde_json::from_slice::<ErrorResponse>(b).ok())
            .is_some_and(|e| e.status == Some(false) && e.is_login_failed())
    }
}
