//! Building a [`Client`].

use std::num::NonZeroU32;

use waba_runtime::{BuildError, ClientConfig, RetryPolicy, Secret};

use crate::Client;

/// The Channel360 host (the default).
pub const API_URL: &str = "https://www.channel360.co.za";

/// Settings of a [`Client`]: the JWT, the organisation, the host and timeouts.
///
/// `Debug` never shows the JWT.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    jwt: Secret,
    org_id: String,
    config: ClientConfig,
}

impl Client {
    /// A client with default settings for the organisation `org_id`, sending
    /// `Authorization: Bearer <jwt>` with every request.
    pub fn new(jwt: impl Into<Secret>, org_id: impl Into<String>) -> Result<Client, BuildError> {
        Client::builder(jwt, org_id).build()
    }

    /// Settings for a client of the organisation `org_id` using `jwt`, starting from
    /// [`API_URL`]. The organisation id is filled into every organisation-scoped path
    /// (`/v1.1/org/{orgId}/...`); [`Client::with_org_id`] gives a client for another one.
    pub fn builder(jwt: impl Into<Secret>, org_id: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            jwt: jwt.into(),
            org_id: org_id.into(),
            config: ClientConfig::new(API_URL),
        }
    }
}

impl ClientBuilder {
    /// Sends to another base URL (`https://`, or `http://` to a loopback address).
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
    /// default; Channel360 documents no rate limit).
    pub fn rate_limit_per_second(mut self, per_second: NonZeroU32) -> Self {
        self.config.rate_limit_per_second(per_second);
        self
    }

    /// Builds the client: checks the base URL, the JWT and the organisation id, and sets
    /// `Authorization: Bearer <jwt>` once for every request (marked sensitive).
    pub fn build(mut self) -> Result<Client, BuildError> {
        if self.jwt.is_empty() {
            return Err(BuildError::Missing("the Channel360 JWT"));
        }
        if self.org_id.trim().is_empty() {
            return Err(BuildError::Missing("the Channel360 organisation id"));
        }
        self.config
            .secret_header("authorization", "Bearer ", &self.jwt);
        let (base_url, http) = self.config.build()?;
        let runtime = self.config.runtime("channel360").build();
        Ok(Client::from_parts(&base_url, http, runtime, &self.org_id))
    }
}
