//! # waba-channel360
//!
//! A typed client for the [Channel360](https://www.channel360.co.za) V1.1 API, generated from
//! `specs/channel360.yaml`: template notifications, message templates (get, list, create,
//! update, delete, upload, ingest), organisations, webhooks and replies in a conversation.
//!
//! ```no_run
//! use waba_channel360::{Client, ReplyMessage};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // Authorization: Bearer <JWT> on every request; the organisation id is given once.
//! let client = Client::new("your-channel360-jwt", "your-organisation-id")?;
//! let reply = ReplyMessage::image("https://example.org/test.png", "Here is the picture");
//! let answer = client.send_reply("app-user-id", &reply).await?; // checked here, once
//! if let Some(sent) = answer.into_inner() {
//!     println!("stored as {}", sent.message.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Every operation of the spec is a method of [`Client`] returning the typed answer
//! ([`ResponseValue`] derefs to it and keeps status and headers) or an [`Error`] that says
//! which operation failed and keeps status, headers and raw body. Request bodies are checked
//! against the spec before they are sent. Where the provider's document shows one field in two
//! shapes (an object or an array), the types accept both; helpers such as
//! [`types::TemplateList::templates`] read either as a slice.
//!
//! The `mock` feature adds `mock::MockServerExt`: typed httpmock helpers, one per
//! operation, for your own tests.
//!
//! The `json-checks` feature makes request types readable from JSON. By default only the types the
//! client reads derive `serde::Deserialize`: answers, error bodies, webhook payloads and the types
//! they are made of. A request type (`types::NotificationRequest`, `types::TemplateCreate`, …) is
//! written, never read, so its JSON reader is not compiled:
//! `serde_json::from_str::<types::NotificationRequest>(..)` fails to compile with "the trait bound
//! `NotificationRequest: Deserialize<'de>` is not satisfied". With `features = ["json-checks"]` on
//! this crate every generated type derives `Deserialize` (to keep requests as JSON in a job queue,
//! say), and `check_json(component, value)` reads a JSON value as a request component and checks it
//! against the spec, naming the broken field. Every generated type derives `Serialize` either way.

mod generated;
mod helpers;

pub use generated::builder::*;
#[cfg(feature = "json-checks")]
pub use generated::checks::check_json;
pub use generated::checks::{NEWTYPES, PATTERNS, check_newtype, parse_newtype};
pub use generated::client::{Client, Error, forms};
#[cfg(feature = "mock")]
pub use generated::mock;
pub use generated::{open_enums, types};
pub use progenitor_client::ResponseValue;
pub use types::{ReplyMessage, TemplateTagSlot};
pub use waba_runtime::check::Check;
pub use waba_runtime::multipart::FilePart;
pub use waba_runtime::{BuildError, ErrorKind, RetryPolicy, Secret};
