//! Building the HTTP client of a provider crate.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use std::num::NonZeroU32;

use governor::Quota;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{RetryPolicy, Runtime, RuntimeBuilder, Secret};

/// The timeout setters every provider builder has, delegating to its `config: ClientConfig`
/// field: `timeout` (whole request, default 30 s) and `connect_timeout` (default 10 s). Used
/// inside the builder's `impl` block.
#[macro_export]
macro_rules! timeout_setters {
    () => {
        /// Time allowed for a whole request (default 30 s).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.timeout(timeout);
            self
        }

        /// Time allowed to connect (default 10 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.connect_timeout(timeout);
            self
        }
    };
}

/// Why a client could not be built. Never contains a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse or has no host.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The base URL is `http://` to a host other than a loopback address.
    InsecureBaseUrl {
        /// The URL given.
        url: String,
    },
    /// A header name or value is not valid HTTP (the value is not shown).
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// A required setting is missing.
    Missing(&'static str),
    /// The HTTP client could not be built.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            BuildError::InsecureBaseUrl { url } => write!(
                f,
                "refusing plain-HTTP base URL `{url}`: use https:// (http:// is allowed for loopback addresses only, or for any host after `allow_insecure_http()`)"
            ),
            BuildError::InvalidHeader { name } => {
                write!(f, "the value of header `{name}` is not valid in HTTP")
            }
            BuildError::Missing(what) => write!(f, "{what} is required"),
            BuildError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks a base URL: `https://`, or `http://` to a loopback address (tests, local sandboxes).
/// Returns it without a trailing slash.
pub fn check_base_url(url: &str) -> Result<String, BuildError> {
    check_base_url_with(url, false)
}

/// [`check_base_url`], but with `allow_insecure_http` plain `http://` is accepted to any host
/// (a mock server in another container); see [`ClientConfig::allow_insecure_http`].
pub fn check_base_url_with(url: &str, allow_insecure_http: bool) -> Result<String, BuildError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| BuildError::InvalidBaseUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    let host = parsed
        .host_str()
        .ok_or_else(|| BuildError::InvalidBaseUrl {
            url: url.to_string(),
            reason: "no host".into(),
        })?;
    match parsed.scheme() {
        "https" => {}
        "http" => {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = bare.eq_ignore_ascii_case("localhost")
                || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback && !allow_insecure_http {
                return Err(BuildError::InsecureBaseUrl {
                    url: url.to_string(),
                });
            }
        }
        other => {
            return Err(BuildError::InvalidBaseUrl {
                url: url.to_string(),
                reason: format!("scheme `{other}` is not http(s)"),
            });
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(BuildError::InvalidBaseUrl {
            url: url.to_string(),
            reason: "a base URL has no query or fragment".into(),
        });
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// A server the provider documents (the spec's `servers`), as the generated builders list
/// them in `SERVERS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// Its name (`x-waba-server-name`), also the name of the builder method that selects it.
    pub name: &'static str,
    /// Its base URL.
    pub url: &'static str,
    /// What the spec says of it.
    pub description: &'static str,
}

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, from sending to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings of the HTTP client a provider crate builds.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    base_url: String,
    headers: HeaderMap,
    invalid_header: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
    retry: RetryPolicy,
    quota: Option<Quota>,
}

impl ClientConfig {
    /// Settings for `base_url`, with the documented default timeouts
    /// ([`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`]).
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            headers: HeaderMap::new(),
            invalid_header: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            http: None,
            allow_insecure_http: false,
            retry: RetryPolicy::default(),
            quota: None,
        }
    }

    /// Replaces the base URL.
    pub fn base_url(&mut self, base_url: impl Into<String>) -> &mut Self {
        self.base_url = base_url.into();
        self
    }

    /// The base URL as configured.
    pub fn base_url_str(&self) -> &str {
        &self.base_url
    }

    /// Sends `name: prefix+secret` on every request, marked sensitive.
    pub fn secret_header(
        &mut self,
        name: &'static str,
        prefix: &str,
        secret: &Secret,
    ) -> &mut Self {
        match secret.header_value(prefix) {
            Ok(value) => {
                self.headers.insert(HeaderName::from_static(name), value);
            }
            Err(_) => self.invalid_header = Some(name.to_string()),
        }
        self
    }

    /// Sends `name: value` on every request.
    pub fn header(&mut self, name: &str, value: &str) -> &mut Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => self.invalid_header = Some(name.to_string()),
        }
        self
    }

    /// Time allowed to establish a connection.
    pub fn connect_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request.
    pub fn timeout(&mut self, timeout: Duration) -> &mut Self {
        self.timeout = timeout;
        self
    }

    /// Uses a caller-built HTTP client (proxies, middleware, its own connection pool) instead
    /// of building one. Its own timeouts, TLS settings and default headers apply: the
    /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout) of this config
    /// do not. The secret headers of this config are still sent: the runtime
    /// ([`ClientConfig::finish`]) sets them on every request.
    pub fn http_client(&mut self, client: reqwest::Client) -> &mut Self {
        self.http = Some(client);
        self
    }

    /// Accepts a plain `http://` base URL to any host, not only to loopback addresses (a mock
    /// server in another container of a docker-compose setup). Credentials then travel
    /// unencrypted: never use it against a provider.
    pub fn allow_insecure_http(&mut self) -> &mut Self {
        self.allow_insecure_http = true;
        self
    }

    /// Replaces the client-side rate limit: any `governor` quota, or `None` for none.
    pub fn quota(&mut self, quota: Option<Quota>) -> &mut Self {
        self.quota = quota;
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default`]).
    pub fn retry(&mut self, policy: RetryPolicy) -> &mut Self {
        self.retry = policy;
        self
    }

    /// Sends at most `per_second` requests a second from the client and its clones.
    pub fn rate_limit_per_second(&mut self, per_second: NonZeroU32) -> &mut Self {
        self.quota = Some(Quota::per_second(per_second));
        self
    }

    /// Sends at most `per_minute` requests a minute, in bursts of at most `burst`.
    pub fn rate_limit_per_minute(
        &mut self,
        per_minute: NonZeroU32,
        burst: NonZeroU32,
    ) -> &mut Self {
        self.quota = Some(Quota::per_minute(per_minute).allow_burst(burst));
        self
    }

    /// A runtime for `provider` with this config's retry policy and rate limit; the provider
    /// crate adds its rules and token source.
    pub fn runtime(&self, provider: &'static str) -> RuntimeBuilder {
        Runtime::builder(provider)
            .retry(self.retry.clone())
            .quota(self.quota)
    }

    /// The runtime of a provider's login client: no retries and no rate limit, whatever this
    /// configuration says. A login is never retried (Desk360 locks an account out after five
    /// failed logins a minute) and must not wait behind the requests that need its token.
    pub fn login_runtime(&self, provider: &'static str) -> RuntimeBuilder {
        Runtime::builder(provider)
            .retry(RetryPolicy::none())
            .quota(None)
    }

    /// Checks the settings and builds everything a generated client needs: the base URL
    /// without trailing slash, the HTTP client and the runtime settings for `provider` (retry
    /// policy, rate limit). With a caller's HTTP client ([`ClientConfig::http_client`]) the
    /// runtime sets this config's secret headers on every request, since that client's
    /// default headers are the caller's.
    pub fn finish(
        &self,
        provider: &'static str,
    ) -> Result<(String, reqwest::Client, RuntimeBuilder), BuildError> {
        let (base_url, http) = self.build()?;
        let mut runtime = self.runtime(provider);
        if self.http.is_some() {
            runtime = runtime.request_headers(self.headers.clone());
        }
        Ok((base_url, http, runtime))
    }

    /// Checks the settings and builds the HTTP client; returns the base URL without trailing
    /// slash and the client. A caller's client is returned as given: the secret headers are
    /// then not in it (use [`ClientConfig::finish`], which has the runtime send them).
    pub fn build(&self) -> Result<(String, reqwest::Client), BuildError> {
        let base_url = check_base_url_with(&self.base_url, self.allow_insecure_http)?;
        if let Some(name) = &self.invalid_header {
            return Err(BuildError::InvalidHeader { name: name.clone() });
        }
        if let Some(client) = &self.http {
            return Ok((base_url, client.clone()));
        }
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .default_headers(self.headers.clone())
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(concat!("waba-rs/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(BuildError::Http)?;
        Ok((base_url, client))
    }
}

/// TLS uses rustls with the `ring` provider (faster to build than aws-lc); installed once per
/// process unless the application installed its own. Every client of this workspace calls it
/// when it is built; an application that builds its own `reqwest::Client` with the same
/// reqwest before any waba client can call it first.
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        assert_eq!(
            check_base_url("https://waba-v2.360dialog.io/").unwrap(),
            "https://waba-v2.360dialog.io"
        );
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("http://127.8.9.1").is_ok());
        assert!(check_base_url("http://localhost:1234/base").is_ok());
        assert!(check_base_url("http://[::1]:99").is_ok());
    }

    #[test]
    fn plain_http_elsewhere_is_refused() {
        for url in [
            "http://waba-v2.360dialog.io",
            "http://10.0.0.1",
            "http://localhost.evil.com",
        ] {
            assert!(
                matches!(check_base_url(url), Err(BuildError::InsecureBaseUrl { .. })),
                "{url}"
            );
        }
        assert!(matches!(
            check_base_url("ftp://x"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            check_base_url("not a url"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
    }

    #[test]
    fn plain_http_elsewhere_is_accepted_only_when_allowed() {
        let mut config = ClientConfig::new("http://mock:8080/");
        assert!(matches!(
            config.build(),
            Err(BuildError::InsecureBaseUrl { .. })
        ));
        config.allow_insecure_http();
        assert_eq!(config.build().unwrap().0, "http://mock:8080");
        assert!(matches!(
            check_base_url_with("ftp://mock", true),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
    }

    #[test]
    fn a_bad_secret_header_is_reported_without_its_value() {
        let mut config = ClientConfig::new("https://example.com");
        config.secret_header("d360-api-key", "", &Secret::new("bad\nvalue-SECRET"));
        let err = config.build().unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.contains("d360-api-key"));
        assert!(!text.contains("SECRET"));
    }
}
