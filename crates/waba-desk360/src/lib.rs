//! # waba-desk360
//!
//! A typed client for the [Desk360](https://www.desk360.com) public API (its WhatsApp
//! integrations), generated from `specs/desk360.yaml`: login, integrations, WhatsApp templates
//! (single and bulk sends, with an optional attachment), text, location, contact, media,
//! interactive and location-request messages, read receipts and media download; plus the
//! webhook payloads ([`webhook`]).
//!
//! ```no_run
//! use waba_desk360::Client;
//! use waba_desk360::forms::SendWhatsappTemplateForm;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // Logs in on the first request, and once more if Desk360 refuses the token later.
//! let client = Client::with_credentials("agent@example.com", "password")?;
//! let integration = client.integrations().all().await?.remove(0);
//! let id = integration.id.to_string();
//! client.send_text(&id, "+905555555555", "Hello!").await?;
//! let form = SendWhatsappTemplateForm::new(1, 1)
//!     .to("+905555555555", [("body-1", "Anna"), ("body-2", "SP123456789")]);
//! let sent = client.send_whatsapp_template(&id, &form).await?; // JSON: no attachment
//! println!("sent {}", sent.message_id);
//! # Ok(())
//! # }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning the typed answer
//! ([`ResponseValue`] derefs to it and keeps status and headers) or an [`Error`] that says
//! which operation failed and keeps status, headers, raw body and the typed
//! [`types::ErrorResponse`]. Bodies and forms are checked against the documented limits before
//! they are sent (numbers start with `+` and a country code, text ≤ 4096 characters, ≤ 10
//! buttons, ≤ 5 files of 20 MB, birthdays as `YYYY-MM-DD`, …).
//!
//! Operations that carry files are sent as `multipart/form-data` with bracketed field names
//! (`destinations[0][parameters][body-1]`); a template send without attachment goes as JSON.
//! Requests are limited to [`DEFAULT_PER_MINUTE`] a minute by default, a 429 is retried after
//! its `Retry-After` within the retry policy, and [`Client::rate_limit`] reports Desk360's
//! counters of the latest response. List operations are paginated: [`Pages`] follows the
//! `Link` headers.
//!
//! The `mock` feature adds `mock::MockServerExt`: typed httpmock helpers for the JSON
//! operations, for your own tests.
//!
//! The `json-checks` feature makes request types readable from JSON. By default only the types the
//! client reads derive `serde::Deserialize`: answers, error bodies, webhook payloads and the types
//! they are made of. A request type (`types::TextMessage`, `types::TemplateSend`, …) is written,
//! never read, so its JSON reader is not compiled: `serde_json::from_str::<types::TextMessage>(..)`
//! fails to compile with "the trait bound `TextMessage: Deserialize<'de>` is not satisfied". With
//! `features = ["json-checks"]` on this crate every generated type derives `Deserialize` (to keep
//! requests as JSON in a job queue, say), and `check_json(component, value)` reads a JSON value as
//! a request component and checks it against the spec, naming the broken field. Every generated
//! type derives `Serialize` either way.

mod generated;
mod messages;
pub mod webhook;

pub use generated::builder::*;
#[cfg(feature = "json-checks")]
pub use generated::checks::check_json;
pub use generated::checks::{NEWTYPES, PATTERNS, check_newtype, parse_newtype};
pub use generated::client::{Client, Error, forms};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::readers::Pages;
pub use generated::{open_enums, types};
pub use progenitor_client::{ByteStream, ResponseValue};
pub use waba_runtime::check::Check;
pub use waba_runtime::multipart::FilePart;
pub use waba_runtime::pages::next_page;
pub use waba_runtime::{BuildError, ErrorKind, RetryPolicy, Secret};

use open_enums::ErrorCode;
use reqwest::header::HeaderName;

/// The response header with the number of calls allowed per minute.
pub const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// The response header with the calls left in the current minute.
pub const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");

/// The rate-limit counters Desk360 reports on every response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls allowed per minute (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Calls left in the current minute (`X-RateLimit-Remaining`).
    pub remaining: u32,
}

impl Client {
    /// `X-RateLimit-Limit` and `X-RateLimit-Remaining` of the latest response that carried
    /// them (from this client or a clone), `None` before any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        let read = |name: &HeaderName| {
            self.runtime()
                .last_header(name)
                .and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok())
        };
        Some(RateLimit {
            limit: read(&RATE_LIMIT_LIMIT)?,
            remaining: read(&RATE_LIMIT_REMAINING)?,
        })
    }
}

/// Desk360's reading of an [`Error`].
pub trait ErrorExt {
    /// Desk360's error body (`{"error": {"code", "message", "doc_url"}}`), also for a failed
    /// login.
    fn desk360_error(&self) -> Option<types::ErrorResponse>;

    /// True when the login was refused (wrong email or password, or the account is locked
    /// after too many failed logins): retrying will not help, and every failed login counts
    /// towards Desk360's lockout (5 a minute).
    fn is_login_refused(&self) -> bool;
}

impl ErrorExt for Error {
    fn desk360_error(&self) -> Option<types::ErrorResponse> {
        self.error_body()
            .cloned()
            .or_else(|| serde_json::from_slice(self.body()?).ok())
    }

    fn is_login_refused(&self) -> bool {
        self.kind() == ErrorKind::Auth
            && (self.status().is_some_and(|s| s.is_client_error())
                || self
                    .desk360_error()
                    .is_some_and(|e| e.error.code == ErrorCode::TooManyRequestsException))
    }
}
