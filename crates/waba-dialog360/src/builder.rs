//! Building a [`Client`].

use std::num::NonZeroU32;

use waba_runtime::{BuildError, ClientConfig, RetryPolicy, Secret};

use crate::{Client, Dialog360Rules};

/// The Cloud API host (the default).
pub const CLOUD_API_URL: &str = "https://waba-v2.360dialog.io";
/// The On-Premise API host (retired by Meta in October 2025).
pub const ON_PREMISE_API_URL: &str = "https://waba.360dialog.io";
/// The sandbox host, for testing with a sandbox API key.
pub const SANDBOX_API_URL: &str = "https://waba-sandbox.360dialog.io";

/// The header carrying the API key.
const API_KEY_HEADER: &str = "d360-api-key";

/// Settings of a [`Client`]: the API key, the host and timeouts.
///
/// `Debug` never shows the API key.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api_key: Secret,
    config: ClientConfig,
}

impl Client {
    /// A Cloud API client with default settings.
    pub fn new(api_key: impl Into<Secret>) -> Result<Client, BuildError> {
        Client::builder(api_key).build()
    }

    /// Settings for a client using `api_key`, starting from the Cloud API host.
    pub fn builder(api_key: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            config: ClientConfig::new(CLOUD_API_URL),
        }
    }
}

impl ClientBuilder {
    /// Sends to another base URL (`https://`, or `http://` to a loopback address).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url(url);
        self
    }

    /// Sends to the sandbox host.
    pub fn sandbox(self) -> Self {
        self.base_url(SANDBOX_API_URL)
    }

    /// Sends to the On-Premise host.
    pub fn on_premise(self) -> Self {
        self.base_url(ON_PREMISE_API_URL)
    }

    waba_runtime::timeout_setters!();

    /// How failed requests are retried (default [`RetryPolicy::default`]: 3 attempts within
    /// 30 s; requests that may have been processed are never resent).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry(policy);
        self
    }

    /// Sends at most `per_second` requests a second from this client and its clones (none by
    /// default; WhatsApp allows about 80 messages a second per number).
    pub fn rate_limit_per_second(mut self, per_second: NonZeroU32) -> Self {
        self.config.rate_limit_per_second(per_second);
        self
    }

    /// Builds the client: checks the base URL and the key, and sets `D360-API-KEY` once for
    /// every request.
    pub fn build(mut self) -> Result<Client, BuildError> {
        if self.api_key.is_empty() {
            return Err(BuildError::Missing("the 360dialog API key"));
        }
        self.config.secret_header(API_KEY_HEADER, "", &self.api_key);
        let (base_url, http) = self.config.build()?;
        let runtime = self
            .config
            .runtime("dialog360")
            .rules(Dialog360Rules)
            .build();
        Ok(Client::from_parts(&base_url, http, runtime))
    }
}
