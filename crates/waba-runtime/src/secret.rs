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

/// Serialized as the plain string: a secret field of a request body (a password in a login
/// form) must reach the wire. `Debug` still never shows it.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Read from a plain string (a token in a login answer).
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// A secret JSON value (an app's `secret` object in a provider answer): serialized and read as
/// the plain JSON, but `Debug` prints `SecretJson(***)`. Read it with [`SecretJson::expose`].
#[derive(Clone, PartialEq)]
pub struct SecretJson(serde_json::Value);

impl SecretJson {
    /// Wraps a secret JSON value.
    pub fn new(value: serde_json::Value) -> Self {
        SecretJson(value)
    }

    /// The value itself.
    pub fn expose(&self) -> &serde_json::Value {
        &self.0
    }
}

impl fmt::Debug for SecretJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretJson(***)")
    }
}

impl serde::Serialize for SecretJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for SecretJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(SecretJson)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_carries_the_value_and_debug_hides_it() {
        let secret: Secret = serde_json::from_str("\"p@ss-SECRET\"").unwrap();
        assert_eq!(secret.expose(), "p@ss-SECRET");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"p@ss-SECRET\"");
        assert!(!format!("{secret:?}").contains("SECRET"));
    }

    #[test]
    fn a_secret_json_value_round_trips_and_never_prints() {
        let secret: SecretJson = serde_json::from_str(r#"{"token": "app-SECRET"}"#).unwrap();
        assert_eq!(secret.expose()["token"], "app-SECRET");
        assert_eq!(
            serde_json::to_string(&secret).unwrap(),
            r#"{"token":"app-SECRET"}"#
        );
        assert!(!format!("{secret:?}").contains("SECRET"));
    }
}
