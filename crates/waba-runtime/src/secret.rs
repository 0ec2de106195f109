//! Secrets: API keys, passwords and tokens that never print.

use std::fmt;

use reqwest::header::HeaderValue;

/// A secret value. `Debug` prints `Secret("***")`; there is no `Display`. Read it with
/// [`Secret::expose`] where it must go on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().into_boxed_str())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A header value carrying the secret (optionally after a prefix such as `Bearer `),
    /// marked sensitive so that HTTP libraries and logs do not show it.
    pub fn header_value(
        &self,
        prefix: &str,
    ) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
        let mut value = HeaderValue::from_str(&format!("{prefix}{}", self.0))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Secret::new(value.as_str())
    }
}
