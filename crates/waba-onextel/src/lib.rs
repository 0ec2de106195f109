//! # waba-onextel
//!
//! A typed client for Onextel's [365cx.io](https://365cx.io) WhatsApp API, generated from
//! `specs/onextel.yaml`: the token login, template sends in all five documented shapes (text;
//! text with header/body variables and buttons; media; media with variables and buttons;
//! carousel), the live-agent satisfaction rating, and the delivery events 365cx.io POSTs to a
//! send's `callbackUrl` ([`webhook`]).
//!
//! ```no_run
//! use waba_onextel::{Button, Client, SendMessageRequest, Template};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // Logs in on first use and sends the token as `authentication-token`.
//! let client = Client::new("ops@example.com", "your-365cx-password")?;
//! let template = Template::new("order_shipped")
//!     .with_body_values(["Anna", "10234"]) // {{1}}, {{2}} of the template body
//!     .with_button(Button::url("track/10234"));
//! let message =
//!     SendMessageRequest::new("919876543210", "919812345678", "66c3054f9a1b2c3d61f5501e", template);
//! let sent = client.send(&message).await?; // the request is checked here, once
//! println!("sent {}", sent.message_id().unwrap_or("?"));
//! # Ok(())
//! # }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning the typed answer
//! ([`ResponseValue`] derefs to it and keeps status and headers) or an [`Error`] that says
//! which operation failed and keeps status, headers and raw body. 365cx.io reports failures in
//! the body (`"status": false`, code 101 "Journey not found", code 1403 for a refused login):
//! such an answer is an [`ErrorKind::Api`] error even when its HTTP status is 200.
//!
//! Tokens: a client built from an email and a password logs in on first use (one login shared
//! by all concurrent calls and clones), keeps the token, and logs in again once when a call's
//! token is refused (HTTP 401 or 403, or code 1403 in the body). A failed login is an
//! [`ErrorKind::Auth`] error carrying the provider's code ([`Error::auth_error`]) and is never
//! retried automatically. Credentials and tokens are [`Secret`]s: never shown by `Debug`, in
//! errors or in logs.
//!
//! The `mock` feature adds `mock::MockServerExt`: typed httpmock helpers, one per
//! operation, for your own tests (the login helper's body matcher is JSON; match the form body
//! of `generate_token` with httpmock's own `form_urlencoded_tuple`).
//!
//! The `json-checks` feature makes request types readable from JSON. By default only the types the
//! client reads derive `serde::Deserialize`: answers, error bodies, webhook payloads and the types
//! they are made of. A request type (`types::SendMessageRequest`, `types::Template`, …) is written,
//! never read, so its JSON reader is not compiled:
//! `serde_json::from_str::<types::SendMessageRequest>(..)` fails to compile with "the trait bound
//! `SendMessageRequest: Deserialize<'de>` is not satisfied". With `features = ["json-checks"]` on
//! this crate every generated type derives `Deserialize` (to keep requests as JSON in a job queue,
//! say), and `check_json(component, value)` reads a JSON value as a request component and checks it
//! against the spec, naming the broken field. Every generated type derives `Serialize` either way.

mod generated;
mod messages;
pub mod webhook;

pub use generated::builder::CX365_URL as BASE_URL;
pub use generated::builder::*;
#[cfg(feature = "json-checks")]
pub use generated::checks::check_json;
pub use generated::checks::{NEWTYPES, PATTERNS, check_newtype, parse_newtype};
pub use generated::client::{Client, Error};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::{open_enums, types};
pub use open_enums::DeliveryStatus;
pub use progenitor_client::{ByteStream, ResponseValue};
pub use types::{
    Button, ButtonType, CarouselCard, DeliveryEvent, ErrorResponse, LoginForm, Media, MediaType,
    MetaData, PositionalValues, SatisfactionRating, SendMessageRequest, SendMessageResponse,
    Template,
};
pub use waba_runtime::check::Check;
pub use waba_runtime::{AuthError, BuildError, ErrorKind, RetryPolicy, Secret};

/// The code of a refused login (`"message": {"code": 1403, ...}`), the document's only
/// authentication failure code.
pub const LOGIN_FAILED: i64 = 1403;

impl types::ErrorResponse {
    /// The provider's failure code: `code` of a send (101 "Journey not found"), or
    /// `message.code` of a login (1403).
    pub fn code(&self) -> Option<i64> {
        self.code.or(match &self.message {
            Some(types::ErrorMessage::ResultMessage(m)) => m.code,
            _ => None,
        })
    }

    /// The provider's words: the `message` text of a send failure or of a login failure.
    pub fn message_text(&self) -> Option<&str> {
        match self.message.as_ref()? {
            types::ErrorMessage::String(s) => Some(s),
            types::ErrorMessage::ResultMessage(m) => m.message.as_deref(),
        }
    }

    /// True for code 101: the journey id is unknown.
    pub fn is_journey_not_found(&self) -> bool {
        self.code() == Some(101)
    }

    /// True for code 1403: the login (or the token) was refused.
    pub fn is_login_failed(&self) -> bool {
        self.code() == Some(LOGIN_FAILED)
    }
}
