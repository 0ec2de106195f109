//! A test double for code that sends through a [`Client`] or reads [`Event`]s (feature
//! `testing`): [`TestBackend`] records every send and answers what the test chose, and
//! [`inbound_text`], [`inbound`] and [`status`] build the webhook events an app receives.
//!
//! ```
//! use waba::testing::TestBackend;
//! use waba::{Error, Message, MessageContent};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let double = TestBackend::new();
//! double.fail_next(TestBackend::outcome_unknown());
//! let client = double.client();
//!
//! let err = client.send_text("+4915112345678", "Hello").await.unwrap_err();
//! assert!(err.is_outcome_unknown());
//! let sent = client.send_text("+4915112345678", "Hello again").await.unwrap();
//! assert_eq!(sent.message_id(), Some("test-2"));
//!
//! let sends = double.sends();
//! assert_eq!(sends.len(), 2);
//! assert_eq!(sends[1].to, "4915112345678"); // the checked number, as its digits
//! assert!(matches!(sends[1].message.content(), MessageContent::Text { body } if body == "Hello again"));
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::{
    Backend, BoxFuture, Capability, Client, Content, Error, ErrorKind, Event, InboundMessage,
    Message, Provider, Sent, Status, StatusUpdate,
};

/// The provider a [`TestBackend`] reports unless told otherwise.
pub const TEST_PROVIDER: Provider = Provider::Custom("test");

/// The order of every call any [`TestBackend`] of this process recorded, so a test can tell
/// which of two doubles was called first.
static ORDER: AtomicU64 = AtomicU64::new(1);

/// One call a [`TestBackend`] received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call {
    /// Its place among the calls every double of this process received (increasing).
    pub order: u64,
    /// The recipient as the [`Client`] passed it after checking it: a phone number as its
    /// digits (`+49 151 1234-5678` is `4915112345678`).
    pub to: String,
    /// The message.
    pub message: Message,
}

/// A [`Backend`] for tests: it records every send it is given (recipient, message, order)
/// and every mark-as-read, answers each call with what the test queued
/// ([`accept_next`](TestBackend::accept_next), [`fail_next`](TestBackend::fail_next)) or,
/// when nothing is queued, the default (accepted, message ids `test-1`, `test-2`, … counted
/// per double; or [`fail_always`](TestBackend::fail_always)). It has every capability
/// unless given others ([`with_capabilities`](TestBackend::with_capabilities)); a message
/// that needs one it lacks is refused by the [`Client`] before it gets here, as with a real
/// provider, and is not recorded.
///
/// Clones share the record and the answers: keep one, give [`client`](TestBackend::client)
/// to the code under test.
#[derive(Clone)]
pub struct TestBackend {
    provider: Provider,
    capabilities: Arc<[Capability]>,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    sends: Vec<Call>,
    marked_read: Vec<String>,
    queued: VecDeque<Result<Option<String>, Error>>,
    fail_always: Option<Arc<dyn Fn() -> Error + Send + Sync>>,
    calls: u64,
}

impl fmt::Debug for TestBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("TestBackend")
            .field("provider", &self.provider)
            .field("sends", &state.sends.len())
            .field("queued", &state.queued.len())
            .finish_non_exhaustive()
    }
}

impl Default for TestBackend {
    fn default() -> Self {
        TestBackend::new()
    }
}

impl TestBackend {
    /// A double of provider [`TEST_PROVIDER`] with every capability, accepting every send.
    pub fn new() -> TestBackend {
        TestBackend {
            provider: TEST_PROVIDER,
            capabilities: Capability::ALL.into(),
            state: Arc::default(),
        }
    }

    /// Reports `provider` (what [`Sent::provider`] and its errors say).
    pub fn with_provider(mut self, provider: Provider) -> TestBackend {
        self.provider = provider;
        self
    }

    /// Can do only `capabilities` (for example [`Provider::capabilities`] of a real
    /// provider).
    pub fn with_capabilities(
        mut self,
        capabilities: impl IntoIterator<Item = Capability>,
    ) -> TestBackend {
        self.capabilities = capabilities.into_iter().collect();
        self
    }

    /// A [`Client`] over this double (sharing its record and answers).
    pub fn client(&self) -> Client {
        Client::from_backend(self.clone())
    }

    /// The next call that has no answer queued before it is accepted with `message_id`.
    pub fn accept_next(&self, message_id: impl Into<String>) -> &Self {
        self.state().queued.push_back(Ok(Some(message_id.into())));
        self
    }

    /// The next call that has no answer queued before it fails with `error`.
    pub fn fail_next(&self, error: Error) -> &Self {
        self.state().queued.push_back(Err(error));
        self
    }

    /// Every call with no answer queued fails with the error `error` makes (instead of being
    /// accepted).
    pub fn fail_always(&self, error: impl Fn() -> Error + Send + Sync + 'static) -> &Self {
        self.state().fail_always = Some(Arc::new(error));
        self
    }

    /// An error whose outcome is unknown ([`ErrorKind::OutcomeUnknown`]: the provider may have
    /// sent the message), as a timeout after sending gives. Failover returns it as it is.
    pub fn outcome_unknown() -> Error {
        Error::outcome_unknown(
            TEST_PROVIDER,
            "the answer did not come in time (test double)",
        )
    }

    /// An error that proves the message was not sent ([`ErrorKind::Transport`]: the provider
    /// could not be reached). Failover goes on to its next member.
    pub fn not_sent() -> Error {
        Error::not_sent(TEST_PROVIDER, "the connection was refused (test double)")
    }

    /// The provider's refusal of the message ([`ErrorKind::Rejected`], a 400 about it).
    pub fn rejected() -> Error {
        Error::rejected(
            TEST_PROVIDER,
            "the recipient cannot receive this message (test double)",
        )
    }

    /// The provider asked to slow down ([`ErrorKind::RateLimited`]), waiting `retry_after`.
    pub fn rate_limited(retry_after: std::time::Duration) -> Error {
        Error::backend(
            TEST_PROVIDER,
            ErrorKind::RateLimited,
            "too many messages (test double)",
        )
        .with_retry_after(retry_after)
    }

    /// Every send this double received, in order.
    pub fn sends(&self) -> Vec<Call> {
        self.state().sends.clone()
    }

    /// The message ids marked read through this double, in order.
    pub fn marked_read(&self) -> Vec<String> {
        self.state().marked_read.clone()
    }

    /// Forgets what was recorded (queued answers stay).
    pub fn clear(&self) {
        let mut state = self.state();
        state.sends.clear();
        state.marked_read.clear();
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves the record as it was.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer of the next call: queued first, else the default.
    fn answer(&self, state: &mut State) -> Result<Option<String>, Error> {
        if let Some(answer) = state.queued.pop_front() {
            return answer;
        }
        match &state.fail_always {
            Some(error) => Err(error()),
            None => Ok(Some(format!("test-{}", state.calls))),
        }
    }
}

impl Backend for TestBackend {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    fn send<'a>(&'a self, to: &'a str, message: &'a Message) -> BoxFuture<'a, Result<Sent, Error>> {
        let answer = {
            let mut state = self.state();
            state.sends.push(Call {
                order: ORDER.fetch_add(1, Ordering::Relaxed),
                to: to.to_string(),
                message: message.clone(),
            });
            state.calls += 1;
            self.answer(&mut state)
        };
        let provider = self.provider;
        Box::pin(async move {
            let message_id = answer?;
            let response = serde_json::json!({ "message_id": message_id });
            Ok(Sent::new(provider, message_id, response))
        })
    }

    fn mark_read<'a>(&'a self, message_id: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        let answer = {
            let mut state = self.state();
            state.marked_read.push(message_id.to_string());
            self.answer(&mut state)
        };
        Box::pin(async move { answer.map(drop) })
    }
}

/// A text message from `from`, as a webhook of [`TEST_PROVIDER`] would report it (message id
/// `inbound-1`, no timestamp).
pub fn inbound_text(from: impl Into<String>, body: impl Into<String>) -> Event {
    inbound(from, Content::Text { body: body.into() })
}

/// A message from `from` carrying `content`, as a webhook of [`TEST_PROVIDER`] would report
/// it (message id `inbound-1`, no timestamp). The returned event's fields are public: change
/// the provider or the id by matching on it.
pub fn inbound(from: impl Into<String>, content: Content) -> Event {
    Event::Message(InboundMessage {
        provider: TEST_PROVIDER,
        sender: from.into(),
        message_id: Some("inbound-1".to_string()),
        timestamp: None,
        profile_name: None,
        business: None,
        context: None,
        content,
    })
}

/// A status update of the message `message_id` (as [`Sent::message_id`] returned it), as a
/// webhook of [`TEST_PROVIDER`] would report it (no recipient, timestamp or error).
pub fn status(message_id: impl Into<String>, status: Status) -> Event {
    Event::Status(StatusUpdate {
        provider: TEST_PROVIDER,
        message_id: message_id.into(),
        status,
        recipient: None,
        timestamp: None,
        error: None,
    })
}
