//! Provider-neutral webhook events: [`Webhook::events`] checks the provider's secret, then
//! turns the raw body into [`Event`]s.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName};
use waba_runtime::Secret;

use crate::providers;
use crate::{Capability, ConfigError, Error, MediaKind, Provider, Setting, WebhookCheck};

/// Receives one provider's webhook requests.
///
/// ```
/// use waba::{Content, Event, Provider, Webhook};
///
/// let webhook = Webhook::new(Provider::Mehery).verify_token("s1agenttoken$$$");
/// let mut headers = waba::HeaderMap::new();
/// headers.insert("x-verify-token", "s1agenttoken$$$".parse().unwrap());
/// let body = br#"{"messages": [{"id": "m1", "from": "919988776655", "type": "text",
///                 "text": {"body": "Hi"}}]}"#;
/// let events = webhook.events(&headers, body).unwrap();
/// let Event::Message(message) = &events[0] else { panic!("a message") };
/// assert_eq!(message.sender, "919988776655");
/// assert_eq!(message.content, Content::Text { body: "Hi".into() });
/// ```
#[derive(Clone)]
pub struct Webhook {
    provider: Provider,
    headers: Vec<(HeaderName, Secret)>,
    verify_token: Option<Secret>,
    invalid_header: Option<String>,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: the values are secrets.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Webhook")
            .field("provider", &self.provider)
            .field("required_headers", &names)
            .field(
                "verify_token",
                &self.verify_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Webhook {
    /// Receives `provider`'s webhooks. Mehery's also need [`Webhook::verify_token`].
    pub fn new(provider: Provider) -> Self {
        Webhook {
            provider,
            headers: Vec::new(),
            verify_token: None,
            invalid_header: None,
        }
    }

    /// From the environment: `WABA_PROVIDER`, and `WABA_MEHERY_VERIFY_TOKEN` for Mehery.
    pub fn from_env() -> Result<Self, ConfigError> {
        Webhook::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Webhook::from_env`], reading variables through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let provider: Provider = var("WABA_PROVIDER")
            .ok_or(ConfigError::NoProvider)?
            .parse()?;
        let mut webhook = Webhook::new(provider);
        if let Some(token) = var(&Setting::VerifyToken.env_var(provider)) {
            webhook = webhook.verify_token(token);
        }
        Ok(webhook)
    }

    /// Mehery's verification token, expected in `x-verify-token` (compared in constant time).
    pub fn verify_token(mut self, token: impl Into<Secret>) -> Self {
        self.verify_token = Some(token.into());
        self
    }

    /// A header the provider must echo with exactly this value (360dialog and Desk360 echo
    /// the headers registered with the webhook URL, for example `Authorization`).
    pub fn require_header(mut self, name: &str, value: impl Into<Secret>) -> Self {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(name) => self.headers.push((name, value.into())),
            Err(_) => self.invalid_header = Some(name.to_string()),
        }
        self
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Checks the provider's secret (where it has one), then parses the raw body into
    /// events. An event the provider sends that the neutral events cannot express is kept
    /// as [`Content::Other`] with its raw JSON.
    pub fn events(&self, headers: &HeaderMap, body: &[u8]) -> Result<Vec<Event>, Error> {
        let provider = self.provider;
        if let Some(name) = &self.invalid_header {
            return Err(ConfigError::InvalidHeaderName {
                provider,
                name: name.clone(),
            }
            .into());
        }
        let mut expected = self.headers.clone();
        match (provider.webhook_check(), &self.verify_token) {
            (WebhookCheck::VerifyToken, Some(token)) => {
                expected.push((HeaderName::from_static("x-verify-token"), token.clone()));
            }
            (WebhookCheck::VerifyToken, None) => {
                return Err(ConfigError::Missing {
                    provider,
                    setting: Setting::VerifyToken,
                }
                .into());
            }
            (_, Some(_)) => {
                return Err(ConfigError::NotUsed {
                    provider,
                    setting: Setting::VerifyToken,
                }
                .into());
            }
            (_, None) => {}
        }
        if !provider.supports(Capability::InboundMessages)
            && !provider.supports(Capability::StatusUpdates)
        {
            return Err(Error::Unsupported(crate::Unsupported {
                provider,
                capability: Capability::StatusUpdates,
            }));
        }
        waba_runtime::webhook::verify_headers(headers, &expected)
            .map_err(|e| Error::webhook(provider, e))?;
        providers::events(provider, body)
    }
}

/// Something a provider told your webhook.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A user sent a message.
    Message(InboundMessage),
    /// A message you sent changed status.
    Status(StatusUpdate),
    /// Something else the provider reported that is neither (a 360dialog error not tied to a
    /// message, template or account update, or item that did not fit the types; a Mehery
    /// session event or agent action): its kind and raw JSON.
    Other(OtherEvent),
}

/// A webhook event that is neither a message nor a status change.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OtherEvent {
    /// The provider.
    pub provider: Provider,
    /// The provider's name for it (for example Mehery's `eventCode` `SESSION_ROUTED`).
    pub kind: Option<String>,
    /// The provider's raw JSON of it.
    pub raw: serde_json::Value,
    /// Set when the provider's item did not fit its types: why (the parser's message, naming
    /// the field). The item is kept whole in `raw`.
    pub reason: Option<String>,
}

/// A message a user sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct InboundMessage {
    /// The provider.
    pub provider: Provider,
    /// The sender (a phone number as the provider gives it).
    pub sender: String,
    /// The provider's id of the message, where it gives one.
    pub message_id: Option<String>,
    /// When it was sent, in seconds since the Unix epoch, where the provider says.
    pub timestamp: Option<i64>,
    /// What it says.
    pub content: Content,
}

/// What an inbound message carries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Content {
    /// Text.
    Text {
        /// The text.
        body: String,
    },
    /// An image, video, document, audio or sticker.
    Media {
        /// The kind.
        kind: MediaKind,
        /// The provider's media id (download it with the provider's client), if given.
        id: Option<String>,
        /// A URL of the file, if given.
        url: Option<String>,
        /// Its MIME type, if given.
        mime_type: Option<String>,
        /// Its caption, if any.
        caption: Option<String>,
        /// Its file name, if given.
        file_name: Option<String>,
    },
    /// A location.
    Location {
        /// Latitude in degrees.
        latitude: f64,
        /// Longitude in degrees.
        longitude: f64,
        /// The place's name, if given.
        name: Option<String>,
        /// The place's address, if given.
        address: Option<String>,
    },
    /// A tap on a template button or an interactive (button or list) reply.
    Reply {
        /// The payload or id of the chosen button or row.
        payload: String,
        /// The text shown on it, if given.
        text: Option<String>,
    },
    /// Anything else (contacts, reactions, orders, …): the provider's raw JSON of the message.
    Other {
        /// The provider's name for the kind, if it gives one.
        kind: Option<String>,
        /// The raw JSON.
        raw: serde_json::Value,
    },
}

/// A change in the status of a message you sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StatusUpdate {
    /// The provider.
    pub provider: Provider,
    /// The id of the message, as [`Sent::message_id`](crate::Sent::message_id) returned it.
    pub message_id: String,
    /// The new status.
    pub status: Status,
    /// The recipient, where the provider says.
    pub recipient: Option<String>,
    /// When, in seconds since the Unix epoch, where the provider says.
    pub timestamp: Option<i64>,
    /// Why it failed (for [`Status::Failed`]), as the provider reports it.
    pub error: Option<StatusError>,
}

/// The status of a sent message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// Accepted by WhatsApp.
    Sent,
    /// Delivered to the device.
    Delivered,
    /// Read by the user.
    Read,
    /// Not delivered.
    Failed,
    /// Another status the provider reports (for example `deleted`), as it spells it.
    Other(String),
}

/// The provider's reason for a failed message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusError {
    /// The provider's error code, as text.
    pub code: Option<String>,
    /// The provider's error text.
    pub message: Option<String>,
}
