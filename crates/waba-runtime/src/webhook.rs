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

/// A webhook payload type that a [`Verifier`] parses once the headers are checked; each
/// provider crate implements it for its payload with its own parse function.
pub trait WebhookPayload: Sized {
    /// Parses a raw webhook body.
    fn parse_body(body: &[u8]) -> Result<Self, WebhookError>;
}

/// Checks the secret headers a provider echoes on every webhook request (compared in constant
/// time), then parses the body into `T`. Providers expose it as `webhook::Verifier`.
pub struct Verifier<T> {
    expected: Vec<(HeaderName, Secret)>,
    payload: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Verifier<T> {
    fn clone(&self) -> Self {
        Verifier {
            expected: self.expected.clone(),
            payload: std::marker::PhantomData,
        }
    }
}

impl<T> Default for Verifier<T> {
    fn default() -> Self {
        Verifier {
            expected: Vec::new(),
            payload: std::marker::PhantomData,
        }
    }
}

impl<T> fmt::Debug for Verifier<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The names only: the values are secrets.
        let names: Vec<&str> = self.expected.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Verifier").field("headers", &names).finish()
    }
}

impl<T: WebhookPayload> Verifier<T> {
    /// A verifier that expects no header (add them with [`Verifier::header`]).
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Expects header `name` with exactly `value` (the header registered with the provider).
    pub fn header(mut self, name: &str, value: impl Into<Secret>) -> Result<Self, WebhookError> {
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| WebhookError::MissingHeader {
                name: name.to_string(),
            })?;
        self.expected.push((name, value.into()));
        Ok(self)
    }

    /// Refuses the request unless every expected header matches (compared in constant time).
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        verify_headers(headers, &self.expected)
    }

    /// Refuses the request unless every expected header matches, then parses the body.
    pub fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<T, WebhookError> {
        self.verify(headers)?;
        T::parse_body(body)
    }
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

    #[derive(Debug, PartialEq)]
    struct Body(Vec<u8>);

    impl WebhookPayload for Body {
        fn parse_body(body: &[u8]) -> Result<Self, WebhookError> {
            Ok(Body(body.to_vec()))
        }
    }

    #[test]
    fn a_verifier_checks_every_header_before_parsing_and_never_prints_a_secret() {
        let verifier = Verifier::<Body>::new()
            .header("x-webhook-secret", "s3cret-VALUE")
            .unwrap();
        let mut headers = HeaderMap::new();
        assert!(matches!(
            verifier.parse(&headers, b"{}"),
            Err(WebhookError::MissingHeader { .. })
        ));
        headers.insert("x-webhook-secret", "wrong".parse().unwrap());
        assert!(matches!(
            verifier.parse(&headers, b"{}"),
            Err(WebhookError::WrongSecret { .. })
        ));
        headers.insert("x-webhook-secret", "s3cret-VALUE".parse().unwrap());
        assert_eq!(verifier.parse(&headers, b"{}"), Ok(Body(b"{}".to_vec())));
        let printed = format!("{verifier:?}");
        assert!(
            printed.contains("x-webhook-secret") && !printed.contains("VALUE"),
            "{printed}"
        );
        assert!(Verifier::<Body>::new().header("bad name", "x").is_err());
    }

    #[test]
    fn lengths_and_contents_both_matter() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
