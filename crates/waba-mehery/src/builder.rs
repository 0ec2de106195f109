//! Building a [`Client`].

use std::num::NonZeroU32;

use waba_runtime::{BuildError, ClientConfig, RetryPolicy, Secret};

use crate::Client;

/// The documented host, with the `/xms` prefix every path starts under (the default).
pub const MEHERY_API_URL: &str = "https://api.mehery.xyz/xms";

const API_KEY_HEADER: &str = "x-api-key";
const API_ID_HEADER: &str = "x-api-id";

/// Settings of a [`Client`]: the API key and id, the host and timeouts.
///
/// `Debug` never shows the key or the id.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api_key: Secret,
    api_id: Option<Secret>,
    config: ClientConfig,
}

impl Client {
    /// A client with default settings that sends `x-api-key` (use [`Client::builder`] to add
    /// `x-api-id`).
    pub fn new(api_key: impl Into<Secret>) -> Result<Client, BuildError> {
        Client::builder(api_key).build()
    }

    /// Settings for a client using `api_key`, starting from [`MEHERY_API_URL`].
    pub fn builder(api_key: impl Into<Secret>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            api_id: None,
            config: ClientConfig::new(MEHERY_API_URL),
        }
    }
}

impl ClientBuilder {
    /// Also sends `x-api-id` (documented as optional beside `x-api-key` on every operation).
    pub fn api_id(mut self, api_id: impl Into<Secret>) -> Self {
        self.api_id = Some(api_id.into());
        self
    }

    /// Sends to another base URL (`https://`, or `http://` to a loopback address); paths
    /// (`/api/v1/...`) are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url(url);
        self
    }

    waba_runtime::timeout_setters!();

    /// How failed requests are retried (default [`RetryPolicy::default`]: 3 attempts within
    /// 30 s; requests that may have been processed are never resent).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry(policy);
        self
    }

    /// Sends at most `per_second` requests a second from this client and its clones (none by
    /// default; Mehery documents no limit).
    pub fn rate_limit_per_second(mut self, per_second: NonZeroU32) -> Self {
        self.config.rate_limit_per_second(per_second);
        self
    }

    /// Builds the client: checks the base URL and the credentials, and sets `x-api-key` (and
    /// `x-api-id`, if given) once for every request.
    pub fn build(mut self) -> Result<Client, BuildError> {
        if self.api_key.is_empty() {
            return Err(BuildError::Missing("the Mehery API key"));
        }
        self.config.secret_header(API_KEY_HEADER, "", &self.api_key);
        if let Some(id) = &self.api_id {
            if id.is_empty() {
                return Err(BuildError::Missing("a non-empty Mehery API id"));
            }
            self.config.secret_header(API_ID_HEADER, "", id);
        }
        let (base_url, http) = self.config.build()?;
        let runtime = self.config.runtime("mehery").build();
        Ok(Client::from_parts(&base_url, http, runtime))
    }
}
