//! [`RedisStore`]: deduplication shared by every instance of a receiver, with `SET NX PX`.

use std::fmt;
use std::time::Duration;

use redis::aio::ConnectionManager;

use super::dedup::{DedupStore, StoreError, StoreFuture};

/// How long [`RedisStore::connect`] waits for Redis, and each `SET` by default.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// Deduplication in Redis, for receivers on more than one instance: each key is written with
/// `SET <prefix><key> 1 NX PX <ttl>`, which Redis applies atomically, so of all instances
/// exactly one sees an event first. The connection is re-established after an outage; while
/// Redis does not answer (within [`DEFAULT_REDIS_TIMEOUT`] by default) each call is a
/// [`StoreError`] and the server follows its [`OnStoreError`](super::OnStoreError).
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the URL: it may carry a password.
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`, `redis://:password@host`); keys are
    /// prefixed with `waba:dedup:`. Fails when Redis cannot be reached within
    /// [`DEFAULT_REDIS_TIMEOUT`]. The error does not repeat the URL.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url)
            .map_err(|e| StoreError::new(format!("invalid Redis URL: {}", e.kind_name())))?;
        let connection =
            tokio::time::timeout(DEFAULT_REDIS_TIMEOUT, ConnectionManager::new(client))
                .await
                .map_err(|_| StoreError::new("Redis did not answer in time"))?
                .map_err(|e| describe(&e))?;
        Ok(RedisStore {
            connection,
            prefix: "waba:dedup:".into(),
            timeout: DEFAULT_REDIS_TIMEOUT,
        })
    }

    /// Another key prefix (to share one Redis between receivers that must not see each
    /// other's keys).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long one `SET` may take before it counts as an outage.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// A Redis error's kind and description, never the URL.
fn describe(e: &redis::RedisError) -> StoreError {
    let detail = e.detail().unwrap_or("");
    StoreError::new(
        format!("Redis: {} {detail}", e.kind_name())
            .trim_end()
            .to_string(),
    )
}

trait KindName {
    fn kind_name(&self) -> String;
}

impl KindName for redis::RedisError {
    fn kind_name(&self) -> String {
        if self.is_timeout() {
            "timeout".into()
        } else if self.is_connection_refusal() {
            "connection refused".into()
        } else if self.is_io_error() || self.is_connection_dropped() {
            "connection lost".into()
        } else {
            format!("{:?}", self.kind())
        }
    }
}

impl DedupStore for RedisStore {
    fn first_seen<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
            let mut command = redis::cmd("SET");
            command
                .arg(format!("{}{key}", self.prefix))
                .arg(1)
                .arg("NX")
                .arg("PX")
                .arg(millis);
            let set = command.query_async::<Option<String>>(&mut connection);
            let answer = tokio::time::timeout(self.timeout, set)
                .await
                .map_err(|_| StoreError::new("Redis did not answer in time"))?
                .map_err(|e| describe(&e))?;
            // `OK` when the key was written (first time), nil when it existed.
            Ok(answer.is_some())
        })
    }
}
