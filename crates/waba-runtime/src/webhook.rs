//! Receiving webhooks: checking the secret header a provider echoes, and parse errors that say
//! where a body went wrong without ever printing a secret.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName};
use subtle::ConstantTimeEq;

use crate::Secret;

/// Why a webhook request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The expected secret header is absent.
    MissingHeader {
        /// The header's name.
        name: String,
    },
    /// The secret header is present with another value (the values are not shown).
    WrongSecret {
        /// The header's name.
        name: String,
    },
    /// The body is not the JSON the provider documents.
    Malformed {
        /// What is wrong, with line and column.
        reason: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader { name } => {
                write!(f, "webhook refused: header `{name}` is missing")
            }
            WebhookError::WrongSecret { name } => {
                write!(
                    f,
                    "webhook refused: header `{name}` does not carry the expected secret"
                )
            }
            WebhookError::Malformed { reason } => write!(f, "webhook body is malformed: {reason}"),
        }
    }
}

impl std::error::Error for WebhookError {}

impl From<serde_json::Error> for WebhookError {
    fn from(e: serde_json::Error) -> Self {
        WebhookError::Malformed {
            reason: e.to_string(),
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Checks that every `(name, secret)` pair is present in `headers` with exactly that value,
/// comparing in constant time.
pub fn verify_headers(
    headers: &HeaderMap,
    expected: &[(HeaderName, Secret)],
) -> Result<(), WebhookError> {
    for (name, secret) in expected {
        let Some(value) = headers.get(name) else {
            return Err(WebhookError::MissingHeader {
                name: name.to_string(),
            });
        };
        if !constant_time_eq(value.as_bytes(), secret.expose().as_bytes()) {
            return Err(WebhookError::WrongSecret {
                name: name.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Vec<(HeaderName, Secret)> {
        vec![(
            HeaderName::from_static("authorization"),
            Secret::new("Basic dGVzdHVzZXI6dGVzdHBhc3M="),
        )]
    }

    #[test]
    fn the_right_header_passes_and_others_are_refused_without_the_secret() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            verify_headers(&headers, &expected()),
            Err(WebhookError::MissingHeader {
                name: "authorization".into()
            })
        );
        headers.insert(
            "authorization",
            "Basic dGVzdHVzZXI6d3Jvbmc=".parse().unwrap(),
        );
        let err = verify_headers(&headers, &expected()).unwrap_err();
        assert_eq!(
            err,
            WebhookError::WrongSecret {
                name: "authorization".into()
            }
        );
        assert!(!format!("{err} {err:?}").contains("dGVzdHVzZXI6"));
        headers.insert(
            "authorization",
            "Basic dGVzdHVzZXI6dGVzdHBhc3M=".parse().unwrap(),
        );
        assert_eq!(verify_headers(&headers, &expected()), Ok(()));
    }

    #[test]
    fn lengths_and_contents_both_matter() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
