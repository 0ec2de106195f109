//! Deduplication: a store with one atomic "first time seen?" operation, in memory
//! ([`MemoryStore`], bounded) or in Redis ([`RedisStore`](super::RedisStore), feature `redis`).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Event;

/// What [`DedupStore::first_seen`] returns.
pub type StoreFuture<'a> = Pin<Box<dyn Future<Output = Result<bool, StoreError>> + Send + 'a>>;

/// A store of the events already seen, shared by every instance of a receiver that must not
/// handle an event twice.
pub trait DedupStore: Send + Sync + 'static {
    /// Records `key` for `ttl` and answers `true` if it was not recorded yet (the first
    /// delivery), `false` if it was (a duplicate). Atomic: of concurrent calls with one key,
    /// exactly one gets `true`.
    fn first_seen<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a>;
}

/// The store could not answer (Redis unreachable or too slow). The message names no secret
/// (no URL, no password).
#[derive(Debug, Clone)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    /// An error with this message (which must not contain a secret).
    pub fn new(message: impl Into<String>) -> Self {
        StoreError {
            message: message.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "deduplication store: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// The deduplication key of an event: `<provider>:message:<id>` for a message with an id,
/// `<provider>:status:<message id>:<status>` for a status update (so `delivered` and `read`
/// of one message are two events), `None` for anything else (always delivered).
pub fn dedup_key(event: &Event) -> Option<String> {
    match event {
        Event::Message(m) => m
            .message_id
            .as_ref()
            .map(|id| format!("{}:message:{id}", m.provider.id())),
        Event::Status(s) => Some(format!(
            "{}:status:{}:{}",
            s.provider.id(),
            s.message_id,
            s.status.as_str()
        )),
        // A template may go back to a status it had (approved, paused, approved again): no
        // key could tell a provider's retry from that, so these are always delivered.
        Event::TemplateStatus(_) | Event::Other(_) => None,
    }
}

/// The number of keys a [`MemoryStore`] keeps by default.
pub const DEFAULT_MEMORY_CAPACITY: usize = 100_000;

/// Deduplication in this process's memory: for one instance. Bounded: at most `capacity`
/// keys ([`DEFAULT_MEMORY_CAPACITY`] by default, a few MB); when full, the oldest key is
/// forgotten first, so a duplicate older than the last `capacity` events is delivered again.
/// Keys also expire after the time to live the server gives (7 days by default,
/// [`DEFAULT_TTL`](super::DEFAULT_TTL)). Nothing survives a restart.
#[derive(Clone)]
pub struct MemoryStore {
    inner: Arc<Mutex<Memory>>,
    capacity: usize,
}

struct Memory {
    expiry: HashMap<Arc<str>, Instant>,
    order: VecDeque<(Arc<str>, Instant)>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new(DEFAULT_MEMORY_CAPACITY)
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl MemoryStore {
    /// A store keeping at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        MemoryStore {
            inner: Arc::new(Mutex::new(Memory {
                expiry: HashMap::new(),
                order: VecDeque::new(),
            })),
            capacity: capacity.max(1),
        }
    }

    /// The number of keys kept now (expired ones may still count until the next call).
    pub fn len(&self) -> usize {
        self.lock().expiry.len()
    }

    /// Whether no key is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panic while holding the lock leaves consistent data (every step is complete).
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The synchronous form of [`DedupStore::first_seen`].
    pub fn check(&self, key: &str, ttl: Duration) -> bool {
        let now = Instant::now();
        let mut memory = self.lock();
        let Memory { expiry, order } = &mut *memory;
        // Expired keys at the front (keys are kept in insertion order).
        while let Some((old, at)) = order.front() {
            if *at > now {
                break;
            }
            if expiry.get(old) == Some(at) {
                expiry.remove(old);
            }
            order.pop_front();
        }
        if expiry.get(key).is_some_and(|at| *at > now) {
            return false;
        }
        let key: Arc<str> = Arc::from(key);
        let at = now + ttl;
        expiry.insert(key.clone(), at);
        order.push_back((key, at));
        while expiry.len() > self.capacity {
            let Some((old, at)) = order.pop_front() else {
                break;
            };
            if expiry.get(&old) == Some(&at) {
                expiry.remove(&old);
            }
        }
        true
    }
}

impl DedupStore for MemoryStore {
    fn first_seen<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a> {
        let first = self.check(key, ttl);
        Box::pin(async move { Ok(first) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_new_once_until_it_expires_or_is_evicted() {
        let store = MemoryStore::new(2);
        let day = Duration::from_secs(86_400);
        assert!(store.check("a", day));
        assert!(!store.check("a", day));
        assert!(store.check("b", day));
        assert!(store.check("c", day)); // evicts `a`, the oldest
        assert_eq!(store.len(), 2);
        assert!(store.check("a", day));
        assert!(!store.check("c", day));

        assert!(store.check("short", Duration::ZERO));
        assert!(store.check("short", Duration::ZERO)); // expired at once
    }
}
