//! # waba
//!
//! Typed SDKs for WhatsApp Business messaging providers, and one provider-neutral API over
//! them. Each provider is its own crate, generated from a hand-written OpenAPI spec, and
//! re-exported here behind a cargo feature of the same name, so an application compiles only
//! the providers it uses.
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
//! ## The provider-neutral API
//!
//! A [`Client`] is built for one [`Provider`] from its settings, and sends a text, a template
//! or a media file, returning the provider's message id ([`Sent::message_id`]). A [`Webhook`]
//! checks a provider's secret and turns its webhook bodies into [`Event`]s. Switching provider
//! is a matter of configuration: the same code runs against any of them, and what a provider
//! cannot do is a typed [`Error::Unsupported`] raised before any request.
//!
//! ```no_run
//! use waba::{Client, Media, Template};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?; // WABA_PROVIDER=dialog360, WABA_DIALOG360_API_KEY=...
//! let sent = client.send_text("+4915112345678", "Your order has shipped").await?;
//! println!("{:?}", sent.message_id());
//!
//! let template = Template::new("order_update")
//!     .language("en_US")
//!     .body(["Anna", "#10234"])
//!     .quick_reply("TRACK_10234");
//! client.send_template("+4915112345678", &template).await?;
//!
//! let media = Media::document("https://example.com/invoice.pdf")
//!     .caption("Your invoice")
//!     .file_name("invoice.pdf");
//! client.send_media("+4915112345678", &media).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ### Settings and environment variables
//!
//! [`Client::builder`] takes the settings by name (`.api_key(..)`, `.email(..)`, …);
//! [`Client::from_env`] reads `WABA_PROVIDER` (`dialog360`, `onextel`, `channel360`, `mehery`
//! or `desk360`) and then `WABA_<PROVIDER>_<SETTING>`. A missing setting is a
//! [`ConfigError::Missing`] naming its variable; a setting the provider does not use is
//! refused ([`ConfigError::NotUsed`]). Every provider also takes `WABA_<PROVIDER>_BASE_URL`.
//!
//! | provider | required | optional |
//! |---|---|---|
//! | 360dialog | `WABA_DIALOG360_API_KEY` | |
//! | Onextel 365cx.io | `WABA_ONEXTEL_EMAIL`, `WABA_ONEXTEL_PASSWORD`, `WABA_ONEXTEL_SENDER` (the business number), `WABA_ONEXTEL_JOURNEY_ID` | `WABA_ONEXTEL_CALLBACK_URL` |
//! | Channel360 | `WABA_CHANNEL360_TOKEN` (the JWT), `WABA_CHANNEL360_ORG_ID` | |
//! | Mehery XMS | `WABA_MEHERY_API_KEY`, `WABA_MEHERY_CHANNEL_ID` | `WABA_MEHERY_API_ID` |
//! | Desk360 | `WABA_DESK360_INTEGRATION_ID`, and `WABA_DESK360_EMAIL` + `WABA_DESK360_PASSWORD` or `WABA_DESK360_TOKEN` | |
//!
//! Webhooks: [`Webhook::from_env`] reads `WABA_PROVIDER` and, for Mehery,
//! `WABA_MEHERY_VERIFY_TOKEN`.
//!
//! ### Capabilities
//!
//! [`Provider::capabilities`] holds this table ([`Provider::supports`] asks it one question);
//! a call that needs a "no" fails with [`Error::Unsupported`] before anything is sent.
//!
//! | capability | 360dialog | Onextel 365cx.io | Channel360 | Mehery XMS | Desk360 |
//! |---|---|---|---|---|---|
//! | text message | yes | no | yes | yes | yes |
//! | template with body parameters | yes | yes | yes | yes | yes |
//! | template header media | yes | yes | no | no | no |
//! | template button payloads | yes | yes | no | no | no |
//! | image message by URL | yes | no | yes | yes | no |
//! | video message by URL | yes | no | yes | yes | no |
//! | document message by URL | yes | no | yes | yes | no |
//! | audio message by URL | yes | no | no | yes | no |
//! | caption on image | yes | no | yes | yes | no |
//! | caption on video | yes | no | yes | yes | no |
//! | caption on document | yes | no | yes | yes | no |
//! | caption on audio | no | no | no | yes | no |
//! | file name on image | no | no | no | yes | no |
//! | file name on video | no | no | no | yes | no |
//! | file name on document | yes | no | no | yes | no |
//! | file name on audio | no | no | no | yes | no |
//! | inbound messages (webhook) | yes | no | no | yes | yes |
//! | status updates (webhook) | yes | yes | no | yes | yes |
//!
//! ### Field mapping
//!
//! What each neutral field becomes in each provider's API ("—": not supported).
//!
//! FIELD_TABLE
//!
//! ### Webhooks
//!
//! ```
//! use waba::{Error, Provider, Webhook};
//!
//! // Mehery sends your verification token in `x-verify-token`; it is checked (in constant
//! // time) before the body is read.
//! let webhook = Webhook::new(Provider::Mehery).verify_token("s1agenttoken$$$");
//! let mut headers = waba::HeaderMap::new();
//! headers.insert("x-verify-token", "a-wrong-token".parse().unwrap());
//! let refused = webhook.events(&headers, b"{}").unwrap_err();
//! assert!(matches!(refused, Error::Webhook { .. }));
//! ```
//!
//! The provider crates stay one step away for everything else: [`Client::dialog360`] (and
//! the others) return the provider's own typed client.
// Built without any provider, the adapters' helpers have no users.
#![cfg_attr(
    not(any(
        feature = "dialog360",
        feature = "onextel",
        feature = "channel360",
        feature = "mehery",
        feature = "desk360"
    )),
    allow(dead_code, unused_variables, unused_imports)
)]

mod client;
mod error;
mod message;
mod provider;
mod providers;
mod webhook;

pub use client::{Client, ClientBuilder};
pub use error::{ConfigError, Error};
pub use message::{Media, Sent, Template, TemplateButton};
pub use provider::{Capability, MediaKind, Need, Provider, Setting, Unsupported, WebhookCheck};
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
