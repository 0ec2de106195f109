//! The per-client state the generated hooks call.

use std::sync::Arc;

/// Shared by all clones of a client: what happens before and around every request.
///
/// Today it prepares each request (dropping progenitor's `api-version` header, which no
/// provider documents) and executes it. Retries, the client-side rate limiter and token
/// handling plug in here, so every generated client gets them without code of its own.
#[derive(Clone, Debug)]
pub struct Runtime {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    provider: &'static str,
}

impl Runtime {
    /// A runtime for the named provider.
    pub fn new(provider: &'static str) -> Self {
        Runtime {
            shared: Arc::new(Shared { provider }),
        }
    }

    /// The provider's short name.
    pub fn provider(&self) -> &'static str {
        self.shared.provider
    }

    /// Runs before a request is sent.
    pub async fn prepare(
        &self,
        request: &mut reqwest::Request,
        _operation: &str,
    ) -> Result<(), String> {
        request.headers_mut().remove("api-version");
        Ok(())
    }

    /// Sends a request.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        _operation: &str,
    ) -> reqwest::Result<reqwest::Response> {
        client.execute(request).await
    }
}
