//! # waba-dialog360
//!
//! A typed client for the [360dialog](https://www.360dialog.com) WhatsApp Business API,
//! generated from `specs/dialog360.yaml` (the Cloud API, On-Premise sends, media, templates
//! and webhook configuration), plus the webhook payload types and a parser that checks the
//! secret header you registered and reads every item of a body on its own, so one item that
//! does not fit the types loses nothing else ([`webhook`]).
//!
//! ```no_run
//! use waba_dialog360::{Client, Message};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new("your-360dialog-api-key")?;
//! let message = Message::template("4915112345678", "order_update", "en_US")
//!     .with_body_text(["Anna", "#1234"])?;
//! let sent = client.send(message).await?;
//! println!("sent {:?}", sent.message_id());
//! # Ok(())
//! # }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning the typed answer
//! ([`ResponseValue`] derefs to it and keeps status and headers) or an [`Error`] that says
//! which operation failed and keeps status, headers and raw body. Request bodies are checked
//! against the spec's limits (text ≤ 4096 characters, 1–3 reply buttons, …) before they are
//! sent: a body that breaks one is refused with an error naming the field.
//!
//! The `mock` feature adds [`mock::MockServerExt`](mock): typed httpmock helpers, one per
//! operation, for your own tests.

mod builder;
mod generated;
mod messages;
mod rules;
pub mod webhook;

pub use builder::{CLOUD_API_URL, ClientBuilder, ON_PREMISE_API_URL, SANDBOX_API_URL};
pub use generated::client::{Client, Error, forms, schemas};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::{open_enums, types};
pub use messages::{InvalidArgument, MediaSource};
pub use progenitor_client::{ByteStream, ResponseValue};
pub use rules::{Dialog360Rules, PAIR_RATE_LIMIT_WAIT};
pub use types::{MarkAsRead, Message, MessagesRequest, SendMessageResponse};
pub use waba_runtime::multipart::FilePart;
pub use waba_runtime::{BuildError, ErrorKind, RetryPolicy, Secret};

impl waba_runtime::ProviderError for types::ErrorResponse {
    fn summary(&self) -> Option<String> {
        match self {
            types::ErrorResponse::MetaErrorResponse(meta) => {
                let e = &meta.error;
                let details = e.error_data.as_ref().and_then(|d| d.details.clone());
                let message = e.message.clone().or(details)?;
                Some(match e.code {
                    Some(code) => format!("{message} (code {code})"),
                    None => message,
                })
            }
            types::ErrorResponse::D360ErrorResponse(d) => Some(d.error.clone()),
        }
    }
}

impl types::ErrorResponse {
    /// The WhatsApp error code, for Meta-style errors.
    pub fn code(&self) -> Option<i64> {
        match self {
            types::ErrorResponse::MetaErrorResponse(meta) => meta.error.code,
            types::ErrorResponse::D360ErrorResponse(_) => None,
        }
    }

    /// True when the provider says to slow down: 360dialog's own rate limit (answered as
    /// HTTP 400 with a message) or WhatsApp's throughput errors 130429 and 131056.
    pub fn is_rate_limit(&self) -> bool {
        match self {
            types::ErrorResponse::MetaErrorResponse(meta) => {
                matches!(meta.error.code, Some(130429 | 131056))
            }
            types::ErrorResponse::D360ErrorResponse(d) => {
                d.error.to_ascii_lowercase().contains("rate limit")
            }
        }
    }
}
