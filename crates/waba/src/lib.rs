//! # waba
//!
//! Typed SDKs for WhatsApp Business messaging providers. Each provider is its own crate,
//! generated from a hand-written OpenAPI spec, and re-exported here behind a cargo feature of
//! the same name, so an application compiles only the providers it uses.
//!
//! | feature | module | crate |
//! |---|---|---|
//! | `dialog360` (default) | [`dialog360`] | `waba-dialog360` |
//! | `onextel` (default) | [`onextel`] | `waba-onextel` |
//! | `channel360` (default) | [`channel360`] | `waba-channel360` |
//! | `mehery` (default) | [`mehery`] | `waba-mehery` |
//! | `desk360` (default) | [`desk360`] | `waba-desk360` |
//!
//! The shared runtime (errors, secrets, validation) is [`runtime`].
//!
//! ```no_run
//! # #[cfg(feature = "dialog360")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = waba::dialog360::Client::new("D360-API-KEY")?;
//! let message = waba::dialog360::Message::text("4915112345678", "Hello from waba")?;
//! let sent = client.send(message).await?;
//! println!("{:?}", sent.message_id());
//! # Ok(())
//! # }
//! ```

mod client;
mod error;
mod message;
mod provider;
mod providers;
mod webhook;

pub use client::{Client, ClientBuilder};
pub use error::{ConfigError, Error};
pub use message::{Media, Sent, Template, TemplateButton};
pub use provider::{
    Capability, MediaKind, Need, Provider, Setting, Unsupported, WebhookCheck,
};
pub use reqwest::header::HeaderMap;
pub use waba_runtime as runtime;
pub use waba_runtime::{ErrorKind, RetryPolicy, Secret};
pub use webhook::{Content, Event, InboundMessage, Status, StatusError, StatusUpdate, Webhook};

/// 360dialog: Cloud API and On-Premise (`waba-dialog360`).
#[cfg(feature = "dialog360")]
pub use waba_dialog360 as dialog360;

/// Onextel 365cx.io: token login, template sends, delivery events (`waba-onextel`).
#[cfg(feature = "onextel")]
pub use waba_onextel as onextel;

/// Channel360 V1.1 (`waba-channel360`).
#[cfg(feature = "channel360")]
pub use waba_channel360 as channel360;

/// Mehery Messaging APIs (XMS) (`waba-mehery`).
#[cfg(feature = "mehery")]
pub use waba_mehery as mehery;

/// Desk360: WhatsApp integrations of the Desk360 public API (`waba-desk360`).
#[cfg(feature = "desk360")]
pub use waba_desk360 as desk360;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(all(
    doctest,
    feature = "dialog360",
    feature = "onextel",
    feature = "channel360",
    feature = "mehery",
    feature = "desk360"
))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
