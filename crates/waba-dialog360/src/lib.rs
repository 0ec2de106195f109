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
//!     .with_body_text(["Anna", "#1234"]);
//! let sent = client.send(message).await?; // checked here, once
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
//! Templates: every parameter kind has a constructor (`TemplateParameter::text`, `currency`,
//! `date_time`, `image`, `location`, `product`, `coupon_code`, `flow_action`, …) and every
//! component a builder method on [`Message`] (`with_header`, `with_body`, `with_url_suffix`,
//! `with_copy_code`, `with_one_time_password`, `with_flow`, `with_catalog`,
//! `with_product_sections`, `with_carousel`, `with_limited_time_offer`). Building checks
//! nothing: [`Client::send`] (or [`Message::check_send`]) checks the whole message once,
//! naming the full path of a refused value.
//!
//! The `mock` feature adds `mock::MockServerExt`: typed httpmock helpers, one per
//! operation, for your own tests.
//!
//! The `json-checks` feature makes request types readable from JSON. By default only the types the
//! client reads derive `serde::Deserialize`: answers, error bodies, webhook payloads and the types
//! they are made of. A request type (`Message`, `types::TemplateCreate`, …) is written, never read,
//! so its JSON reader is not compiled: `serde_json::from_str::<Message>(..)` fails to compile with
//! "the trait bound `Message: Deserialize<'de>` is not satisfied". With `features =
//! ["json-checks"]` on this crate every generated type derives `Deserialize` (to keep requests as
//! JSON in a job queue, say), and `check_json(component, value)` reads a JSON value as a request
//! component and checks it against the spec, naming the broken field. Every generated type derives
//! `Serialize` either way.

mod generated;
mod interactive;
mod messages;
mod templates;
pub mod webhook;

pub use generated::builder::*;
pub use generated::builder::{
    CLOUD_URL as CLOUD_API_URL, ON_PREMISE_URL as ON_PREMISE_API_URL,
    SANDBOX_URL as SANDBOX_API_URL,
};
#[cfg(feature = "json-checks")]
pub use generated::checks::check_json;
pub use generated::checks::{NEWTYPES, PATTERNS, check_newtype, parse_newtype};
pub use generated::client::{Client, Error, forms};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::{open_enums, types};
pub use interactive::{FlowRef, InteractiveBuilder, Order};
pub use messages::{AtField, InvalidArgument, MediaSource};
pub use progenitor_client::{ByteStream, ResponseValue};
pub use templates::{
    BODY_TEXT_MAX, BODY_TEXT_WITH_OTHERS_MAX, HEADER_TEXT_MAX, MPM_PRODUCTS_MAX,
    ONE_TIME_PASSWORD_MAX,
};
pub use types::{MarkAsRead, Message, MessagesRequest, SendMessageResponse};
pub use waba_runtime::check::Check;
pub use waba_runtime::multipart::FilePart;
pub use waba_runtime::{BuildError, ErrorKind, RetryPolicy, Secret};

impl types::ErrorResponse {
    /// Meta's error object, for errors raised by WhatsApp (not by 360dialog itself).
    pub fn meta(&self) -> Option<&types::MetaError> {
        match self {
            types::ErrorResponse::MetaErrorResponse(meta) => Some(&meta.error),
            types::ErrorResponse::D360ErrorResponse(_) => None,
        }
    }

    /// The WhatsApp error code, for Meta-style errors.
    pub fn code(&self) -> Option<i64> {
        self.meta().and_then(|e| e.code)
    }

    /// Meta's `error_subcode`, which narrows `code` down (190 with 463: the token expired).
    pub fn subcode(&self) -> Option<i64> {
        self.meta().and_then(|e| e.error_subcode)
    }

    /// The developer-facing message: Meta's `message`, or 360dialog's own `error` text.
    pub fn message(&self) -> Option<&str> {
        match self {
            types::ErrorResponse::MetaErrorResponse(meta) => meta.error.message.as_deref(),
            types::ErrorResponse::D360ErrorResponse(d) => Some(&d.error),
        }
    }

    /// Meta's `error_user_title`: a short title meant for the person using your app.
    pub fn user_title(&self) -> Option<&str> {
        self.meta().and_then(|e| e.error_user_title.as_deref())
    }

    /// Meta's `error_user_msg`: a message meant for the person using your app.
    pub fn user_message(&self) -> Option<&str> {
        self.meta().and_then(|e| e.error_user_msg.as_deref())
    }

    /// Meta's `error_data.details`: a longer explanation, often naming the offending field.
    pub fn details(&self) -> Option<&str> {
        self.meta()
            .and_then(|e| e.error_data.as_ref())
            .and_then(|d| d.details.as_deref())
    }

    /// Meta's `is_transient`: `Some(true)` when the same request may succeed later; `None`
    /// when the error does not say.
    pub fn is_transient(&self) -> Option<bool> {
        self.meta().and_then(|e| e.is_transient)
    }

    /// Meta's trace id (`fbtrace_id`), to quote to support.
    pub fn fbtrace_id(&self) -> Option<&str> {
        self.meta().and_then(|e| e.fbtrace_id.as_deref())
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
