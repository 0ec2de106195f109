//! # waba-mehery
//!
//! A typed client for Mehery's Messaging APIs (XMS), generated from `specs/mehery.yaml`:
//! configuration (channels, global variables, HSM templates, webhook), contact language
//! preferences, customer data and event pushes, sending messages and session management; plus
//! the payloads Mehery sends to your server and a parser that checks their `x-verify-token`.
//!
//! ```no_run
//! use waba_mehery::{Client, Message, OutBoundContact};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("your-api-key").api_id("your-api-id").build()?;
//! let message = Message::text(
//!     "wa360:919988776655",
//!     OutBoundContact::phone("919812345678"),
//!     "Your order 10234 has shipped.",
//! );
//! let sent = client.send(message).await?;
//! println!("sent {:?}", sent.message_id());
//! # Ok(())
//! # }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning the typed answer
//! ([`ResponseValue`] derefs to it and keeps status and headers) or an [`Error`] that says
//! which operation failed and keeps status, headers and raw body. Request bodies are checked
//! against the spec before they are sent.
//!
//! Mehery's document types some ids, phone numbers and codes as strings but shows them as
//! numbers; those fields are [`StringOrNumber`] and accept both.
//!
//! The `mock` feature adds `mock::MockServerExt`: typed httpmock helpers, one per
//! operation, for your own tests.
//!
//! The `json-checks` feature makes request types readable from JSON. By default only the types the
//! client reads derive `serde::Deserialize`: answers, error bodies, webhook payloads and the types
//! they are made of. A request type (`types::OutBoundMsg`, `types::WebhookUrlRequest`, …) is
//! written, never read, so its JSON reader is not compiled:
//! `serde_json::from_str::<types::OutBoundMsg>(..)` fails to compile with "the trait bound
//! `OutBoundMsg: Deserialize<'de>` is not satisfied". With `features = ["json-checks"]` on this
//! crate every generated type derives `Deserialize` (to keep requests as JSON in a job queue, say),
//! and `check_json(component, value)` reads a JSON value as a request component and checks it
//! against the spec, naming the broken field. Every generated type derives `Serialize` either way.

mod generated;
mod messages;
pub mod webhook;

pub use generated::builder::XMS_URL as MEHERY_API_URL;
pub use generated::builder::*;
#[cfg(feature = "json-checks")]
pub use generated::checks::check_json;
pub use generated::checks::{NEWTYPES, PATTERNS, check_newtype, parse_newtype};
pub use generated::client::{Client, Error};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::{open_enums, types};
pub use progenitor_client::{ByteStream, ResponseValue};
pub use types::{
    ApiResponseOutBoundRecieptObject as SendMessageResponse, ErrorResponse, InBoundContact,
    InBoundWrapper, Message, OutBoundContact,
};
pub use waba_runtime::check::Check;
pub use waba_runtime::{BuildError, ErrorKind, RetryPolicy, Secret, StringOrNumber};
