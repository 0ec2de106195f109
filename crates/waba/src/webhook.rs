//! Provider-neutral webhook events: a [`Webhook`] checks the provider's secret, then turns
//! the raw body into [`Event`]s.
//!
//! Secure by default: [`WebhookBuilder::build`] refuses a webhook with no secret to check
//! ([`ConfigError::Unauthenticated`], or [`ConfigError::Missing`] for Mehery's verification
//! token) unless [`WebhookBuilder::allow_unauthenticated`] opts out, which logs a `tracing`
//! warning. The secret each provider can carry:
//!
//! | provider | secret | builder method | variable |
//! |---|---|---|---|
//! | 360dialog, Desk360 | a header registered with the webhook URL, echoed on every call | [`require_header`](WebhookBuilder::require_header) | `WABA_<P>_WEBHOOK_HEADER` (`Name: value`) |
//! | Mehery | the verification token in `x-verify-token` (required) | [`verify_token`](WebhookBuilder::verify_token) | `WABA_MEHERY_VERIFY_TOKEN` |
//! | every provider (the only way for Onextel and Channel360, which document no check) | the query parameter `token` of the registered URL | [`url_token`](WebhookBuilder::url_token) | `WABA_<P>_WEBHOOK_TOKEN` |
//!
//! A refused secret and a malformed body are different errors: [`Error::WebhookRefused`]
//! (401 when missing, 403 when wrong) and [`Error::WebhookMalformed`] (400). The webhook
//! server (`waba::server`, feature `server`) answers with those statuses.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName};
use waba_runtime::Secret;
use waba_runtime::webhook::{WebhookError, constant_time_eq};

use crate::providers;
use crate::{Capability, ConfigError, Error, MediaKind, Provider, Setting, WebhookCheck};

/// The query parameter of the webhook URL that carries [`WebhookBuilder::url_token`].
pub const URL_TOKEN_PARAMETER: &str = "token";

/// Receives one provider's webhook requests: checks the secret, then parses the body.
/// Built with [`Webhook::builder`] or [`Webhook::from_env`].
///
/// ```
/// use waba::{Content, Event, Provider, Webhook};
///
/// let webhook = Webhook::builder(Provider::Mehery)
///     .verify_token("s1agenttoken$$$")
///     .build()
///     .unwrap();
/// let mut headers = waba::HeaderMap::new();
/// headers.insert("x-verify-token", "s1agenttoken$$$".parse().unwrap());
/// let body = br#"{"messages": [{"id": "m1", "from": "919988776655", "type": "text",
///                 "text": {"body": "Hi"}}]}"#;
/// let events = webhook.events(&headers, body).unwrap();
/// let Event::Message(message) = &events[0] else { panic!("a message") };
/// assert_eq!(message.sender, "919988776655");
/// assert_eq!(message.content, Content::Text { body: "Hi".into() });
///
/// // No secret configured: refused when built, unless the opt-out is explicit.
/// assert!(Webhook::builder(Provider::Dialog360).build().is_err());
/// let open = Webhook::builder(Provider::Dialog360).allow_unauthenticated().build().unwrap();
/// assert!(!open.is_authenticated());
/// ```
#[derive(Clone)]
pub struct Webhook {
    provider: Provider,
    headers: Vec<(HeaderName, Secret)>,
    url_token: Option<Secret>,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: the values are secrets.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Webhook")
            .field("provider", &self.provider)
            .field("required_headers", &names)
            .field("url_token", &self.url_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Configures a [`Webhook`]: its secrets, or the explicit opt-out.
#[derive(Clone)]
pub struct WebhookBuilder {
    provider: Provider,
    headers: Vec<(HeaderName, Secret)>,
    verify_token: Option<Secret>,
    url_token: Option<Secret>,
    invalid_header: Option<String>,
    allow_unauthenticated: bool,
}

impl fmt::Debug for WebhookBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("WebhookBuilder")
            .field("provider", &self.provider)
            .field("required_headers", &names)
            .field(
                "verify_token",
                &self.verify_token.as_ref().map(|_| "<redacted>"),
            )
            .field("url_token", &self.url_token.as_ref().map(|_| "<redacted>"))
            .field("allow_unauthenticated", &self.allow_unauthenticated)
            .finish()
    }
}

impl WebhookBuilder {
    /// Mehery's verification token, expected in `x-verify-token` (compared in constant time).
    /// Required for Mehery; refused for the other providers ([`ConfigError::NotUsed`]).
    pub fn verify_token(mut self, token: impl Into<Secret>) -> Self {
        self.verify_token = Some(token.into());
        self
    }

    /// A header the provider must echo with exactly this value (360dialog and Desk360 echo
    /// the headers registered with the webhook URL, for example `Authorization`). Refused for
    /// providers that echo no header ([`ConfigError::NotUsed`]).
    pub fn require_header(mut self, name: &str, value: impl Into<Secret>) -> Self {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(name) => self.headers.push((name, value.into())),
            Err(_) => self.invalid_header = Some(name.to_string()),
        }
        self
    }

    /// A secret the webhook URL registered with the provider carries as its query parameter
    /// `token` (for example `https://example.com/webhooks/onextel?token=...`); compared in
    /// constant time. The only check possible for Onextel and Channel360. Use a long random
    /// value (it is part of a URL, so it may reach the provider's logs).
    pub fn url_token(mut self, token: impl Into<Secret>) -> Self {
        self.url_token = Some(token.into());
        self
    }

    /// Accepts requests without any secret when none is configured (anyone who knows the URL
    /// can post events). Explicit because it is unsafe: [`build`](Self::build) logs a
    /// `tracing` warning when it is used without a secret.
    pub fn allow_unauthenticated(mut self) -> Self {
        self.allow_unauthenticated = true;
        self
    }

    /// Checks the configuration: header names valid, each secret used by this provider, and
    /// a secret to check (unless [`allow_unauthenticated`](Self::allow_unauthenticated)).
    pub fn build(self) -> Result<Webhook, ConfigError> {
        let provider = self.provider;
        if let Some(name) = self.invalid_header {
            return Err(ConfigError::InvalidHeaderName { provider, name });
        }
        let check = provider.webhook_check();
        if !self.headers.is_empty() && check != WebhookCheck::EchoedHeaders {
            return Err(ConfigError::NotUsed {
                provider,
                setting: Setting::WebhookHeader,
            });
        }
        let mut headers = self.headers;
        match (check, self.verify_token) {
            (WebhookCheck::VerifyToken, Some(token)) => {
                headers.push((HeaderName::from_static("x-verify-token"), token));
            }
            (WebhookCheck::VerifyToken, None) if !self.allow_unauthenticated => {
                return Err(ConfigError::Missing {
                    provider,
                    setting: Setting::VerifyToken,
                });
            }
            (WebhookCheck::VerifyToken, None) => {}
            (_, Some(_)) => {
                return Err(ConfigError::NotUsed {
                    provider,
                    setting: Setting::VerifyToken,
                });
            }
            (_, None) => {}
        }
        let webhook = Webhook {
            provider,
            headers,
            url_token: self.url_token,
        };
        if !webhook.is_authenticated() {
            if !self.allow_unauthenticated {
                return Err(ConfigError::Unauthenticated { provider });
            }
            tracing::warn!(
                provider = provider.id(),
                "webhook accepts requests without a secret (allow_unauthenticated): anyone who \
                 knows its URL can post events"
            );
        }
        Ok(webhook)
    }
}

impl Webhook {
    /// Configures `provider`'s webhook; [`WebhookBuilder::build`] refuses it without a secret
    /// unless [`WebhookBuilder::allow_unauthenticated`] says so.
    pub fn builder(provider: Provider) -> WebhookBuilder {
        WebhookBuilder {
            provider,
            headers: Vec::new(),
            verify_token: None,
            url_token: None,
            invalid_header: None,
            allow_unauthenticated: false,
        }
    }

    /// From the environment: `WABA_PROVIDER`, then that provider's secrets as in
    /// [`Webhook::for_provider_from_vars`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Webhook::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Webhook::from_env`], reading variables through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let provider: Provider = var("WABA_PROVIDER")
            .ok_or(ConfigError::NoProvider)?
            .parse()?;
        Webhook::for_provider_from_vars(provider, var)
    }

    /// `provider`'s webhook from variables read through `var`: `WABA_<P>_WEBHOOK_TOKEN` (the
    /// URL token), `WABA_<P>_WEBHOOK_HEADER` (`Name: value`, 360dialog and Desk360),
    /// `WABA_MEHERY_VERIFY_TOKEN` (Mehery), and `WABA_ALLOW_UNAUTHENTICATED=1` to opt out of
    /// the secret. Variables set but empty count as unset.
    pub fn for_provider_from_vars(
        provider: Provider,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let get = |setting: Setting| var(&setting.env_var(provider)).filter(|v| !v.is_empty());
        let mut builder = Webhook::builder(provider);
        if let Some(token) = get(Setting::VerifyToken) {
            builder = builder.verify_token(token);
        }
        if let Some(token) = get(Setting::WebhookToken) {
            builder = builder.url_token(token);
        }
        if let Some(header) = get(Setting::WebhookHeader) {
            let Some((name, value)) = header.split_once(':') else {
                return Err(ConfigError::Invalid {
                    provider,
                    setting: Setting::WebhookHeader,
                    reason: "expected `Name: value`".into(),
                });
            };
            builder = builder.require_header(name.trim(), value.trim().to_string());
        }
        if var("WABA_ALLOW_UNAUTHENTICATED").as_deref() == Some("1") {
            builder = builder.allow_unauthenticated();
        }
        builder.build()
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Whether a secret is checked (false only when built with
    /// [`WebhookBuilder::allow_unauthenticated`] and no secret).
    pub fn is_authenticated(&self) -> bool {
        !self.headers.is_empty() || self.url_token.is_some()
    }

    /// Checks the request's secret: the expected headers, and the URL token in `query` (the
    /// request URL's query string, without `?`) when one is configured. Compared in constant
    /// time; the body is not looked at. [`Error::WebhookRefused`] when missing or wrong.
    pub fn verify(&self, headers: &HeaderMap, query: Option<&str>) -> Result<(), Error> {
        let provider = self.provider;
        waba_runtime::webhook::verify_headers(headers, &self.headers)
            .map_err(|e| Error::webhook(provider, e))?;
        if let Some(token) = &self.url_token {
            let name = URL_TOKEN_PARAMETER;
            let given = query.and_then(|q| {
                q.split('&')
                    .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value)
            });
            let Some(given) = given else {
                return Err(Error::webhook(
                    provider,
                    WebhookError::MissingQueryParameter { name: name.into() },
                ));
            };
            let given = percent_decode(given);
            if !constant_time_eq(given.as_bytes(), token.expose().as_bytes()) {
                return Err(Error::webhook(
                    provider,
                    WebhookError::WrongQueryParameter { name: name.into() },
                ));
            }
        }
        Ok(())
    }

    /// Parses a body whose request passed [`Webhook::verify`] into events. An event the
    /// provider sends that the neutral events cannot express is kept as [`Content::Other`] or
    /// [`Event::Other`] with its raw JSON. A body that is not what the provider documents is
    /// [`Error::WebhookMalformed`]; a provider without documented webhook payloads
    /// (Channel360) is [`Error::Unsupported`].
    pub fn parse(&self, body: &[u8]) -> Result<Vec<Event>, Error> {
        let provider = self.provider;
        if !provider.supports(Capability::InboundMessages)
            && !provider.supports(Capability::StatusUpdates)
        {
            return Err(Error::Unsupported(crate::Unsupported {
                provider,
                capability: Capability::StatusUpdates,
            }));
        }
        providers::events(provider, body)
    }

    /// Checks the provider's secret ([`Webhook::verify`], with no query string: a webhook
    /// with a URL token needs `verify` with the request's query), then parses the raw body
    /// into events ([`Webhook::parse`]).
    pub fn events(&self, headers: &HeaderMap, body: &[u8]) -> Result<Vec<Event>, Error> {
        self.verify(headers, None)?;
        self.parse(body)
    }
}

/// `%XX` escapes and `+` of a query value decoded (invalid escapes kept as they are).
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Something a provider told your webhook.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A user sent a message.
    Message(InboundMessage),
    /// A message you sent changed status.
    Status(StatusUpdate),
    /// A message template was approved, rejected, paused, disabled, … (360dialog's
    /// `message_template_status_update` field; see [`Capability::TemplateStatusUpdates`]).
    TemplateStatus(TemplateStatusUpdate),
    /// Something else the provider reported (a 360dialog error not tied to a message, an
    /// account, phone number, template quality or category update, a call, an echo of a message
    /// sent from another app, or an item that did not fit the types; a Mehery session event or
    /// agent action): its kind and raw JSON.
    Other(OtherEvent),
}

/// A webhook event that the neutral events do not model.
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
    /// The sender's profile name (their WhatsApp display name), where the provider says.
    pub profile_name: Option<String>,
    /// The business number that received the message, where the provider says.
    pub business: Option<BusinessNumber>,
    /// The message this one answers or quotes, and whether it was forwarded, where the
    /// provider says.
    pub context: Option<MessageContext>,
    /// The provider's id of the message, where it gives one.
    pub message_id: Option<String>,
    /// When it was sent, in seconds since the Unix epoch, where the provider says.
    pub timestamp: Option<i64>,
    /// What it says.
    pub content: Content,
}

impl InboundMessage {
    /// The id of the message this one replies to (`context.message_id`), if any.
    pub fn reply_to(&self) -> Option<&str> {
        self.context.as_ref()?.message_id.as_deref()
    }
}

/// The business phone number a message was sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BusinessNumber {
    /// The number as the provider shows it (digits, as given).
    pub display_phone_number: Option<String>,
    /// The provider's id of the number, the one you send from (360dialog: the Cloud API
    /// `phone_number_id`; Mehery: the channel id, as `WABA_MEHERY_CHANNEL_ID` takes it).
    pub phone_number_id: Option<String>,
}

/// What an inbound message refers to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MessageContext {
    /// The id of the message it replies to (or, for a tap on a button, the message that
    /// carried the button), if any.
    pub message_id: Option<String>,
    /// Who sent that message (your business number when it was yours), if given.
    pub from: Option<String>,
    /// The message was forwarded.
    pub forwarded: bool,
    /// The message was forwarded many times.
    pub frequently_forwarded: bool,
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
    /// A tap on a reply button of an interactive message you sent.
    ButtonReply {
        /// The id you gave the button.
        id: String,
        /// The button's title, if given.
        title: Option<String>,
    },
    /// A choice from the list of an interactive message you sent.
    ListReply {
        /// The id you gave the row.
        id: String,
        /// The row's title, if given.
        title: Option<String>,
        /// The row's description, if given.
        description: Option<String>,
    },
    /// A tap on a quick-reply button of a template you sent.
    TemplateQuickReply {
        /// The payload you gave the button when sending (see
        /// [`Template::quick_reply`](crate::Template::quick_reply)).
        payload: String,
        /// The text shown on the button, if given.
        text: Option<String>,
    },
    /// A reaction to a message (set or changed).
    Reaction {
        /// The id of the message reacted to.
        message_id: String,
        /// The emoji.
        emoji: String,
    },
    /// The user removed their reaction to a message.
    ReactionRemoved {
        /// The id of the message the reaction was removed from.
        message_id: String,
    },
    /// An order (a cart sent from your catalog).
    Order {
        /// The catalog's id, if given.
        catalog_id: Option<String>,
        /// The ordered products.
        items: Vec<OrderItem>,
        /// The text sent with the order, if any.
        text: Option<String>,
    },
    /// Shared contact cards.
    Contacts(Vec<ContactCard>),
    /// The user edited one of their messages.
    Edited {
        /// The id of the message that was edited.
        original_message_id: String,
        /// The new content (kept raw as [`Content::Other`] where it does not fit).
        content: Box<Content>,
    },
    /// The user deleted one of their messages.
    Deleted {
        /// The id of the message that was deleted.
        original_message_id: String,
    },
    /// Anything else (flow answers, system notices, unsupported messages, unknown types, or a
    /// known kind whose content does not fit): the provider's raw JSON of the message.
    Other {
        /// The provider's name for the kind, if it gives one.
        kind: Option<String>,
        /// The raw JSON.
        raw: serde_json::Value,
    },
}

/// One product of an [`Content::Order`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OrderItem {
    /// Your id of the product (the catalog's retailer id).
    pub product_id: Option<String>,
    /// How many.
    pub quantity: Option<u64>,
    /// The price of one, in `currency`.
    pub unit_price: Option<f64>,
    /// The currency (ISO 4217 code), if given.
    pub currency: Option<String>,
}

/// A contact card a user shared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ContactCard {
    /// The name as displayed, if given.
    pub formatted_name: Option<String>,
    /// The first name, if given.
    pub first_name: Option<String>,
    /// The middle name, if given.
    pub middle_name: Option<String>,
    /// The last name, if given.
    pub last_name: Option<String>,
    /// The phone numbers.
    pub phones: Vec<ContactCardPhone>,
    /// The email addresses.
    pub emails: Vec<ContactCardEmail>,
    /// The postal addresses.
    pub addresses: Vec<ContactCardAddress>,
    /// The web addresses.
    pub urls: Vec<String>,
    /// The company, if given.
    pub company: Option<String>,
    /// The department, if given.
    pub department: Option<String>,
    /// The job title, if given.
    pub job_title: Option<String>,
    /// The birthday (`YYYY-MM-DD`), if given.
    pub birthday: Option<String>,
}

/// A phone number of a [`ContactCard`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ContactCardPhone {
    /// The number as written on the card.
    pub phone: Option<String>,
    /// The number's WhatsApp id, when it is on WhatsApp.
    pub wa_id: Option<String>,
    /// Its label (`CELL`, `WORK`, `HOME`, …), if given.
    pub label: Option<String>,
}

/// An email address of a [`ContactCard`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ContactCardEmail {
    /// The address.
    pub email: Option<String>,
    /// Its label (`WORK`, `HOME`, …), if given.
    pub label: Option<String>,
}

/// A postal address of a [`ContactCard`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ContactCardAddress {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// Postal code.
    pub zip: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// Country code (ISO 3166-1 alpha-2).
    pub country_code: Option<String>,
    /// Its label (`WORK`, `HOME`, …), if given.
    pub label: Option<String>,
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

/// A change in the review status of one of your message templates.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateStatusUpdate {
    /// The provider.
    pub provider: Provider,
    /// The new status.
    pub status: TemplateStatus,
    /// The template's name, if given.
    pub template_name: Option<String>,
    /// The template's id, as text, if given.
    pub template_id: Option<String>,
    /// The template's language code (`en_US`, `de`, …), if given.
    pub language: Option<String>,
    /// The template's category (`MARKETING`, `UTILITY`, …), if given.
    pub category: Option<String>,
    /// The provider's reason code (for example `INVALID_FORMAT`); `None` when it gives none
    /// (360dialog's `NONE` is `None`).
    pub reason: Option<String>,
    /// Why, in words (the rejection's reason, or why it was paused or locked), if given.
    pub detail: Option<String>,
    /// What to change for the template to pass, if given.
    pub recommendation: Option<String>,
}

/// The review status of a message template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateStatus {
    /// Approved: it can be sent.
    Approved,
    /// Rejected by review.
    Rejected,
    /// Waiting for review.
    Pending,
    /// Paused for low quality.
    Paused,
    /// Disabled: it can no longer be sent.
    Disabled,
    /// Flagged for low quality; it is disabled if the quality does not improve.
    Flagged,
    /// Back in use after a pause or flag.
    Reinstated,
    /// Deleted.
    Deleted,
    /// Being deleted.
    PendingDeletion,
    /// Another status the provider reports (for example `IN_APPEAL`, `LOCKED`), as it spells it.
    Other(String),
}

impl TemplateStatus {
    /// The status as the Cloud API spells it (`APPROVED`, `REJECTED`, …).
    pub fn as_str(&self) -> &str {
        match self {
            TemplateStatus::Approved => "APPROVED",
            TemplateStatus::Rejected => "REJECTED",
            TemplateStatus::Pending => "PENDING",
            TemplateStatus::Paused => "PAUSED",
            TemplateStatus::Disabled => "DISABLED",
            TemplateStatus::Flagged => "FLAGGED",
            TemplateStatus::Reinstated => "REINSTATED",
            TemplateStatus::Deleted => "DELETED",
            TemplateStatus::PendingDeletion => "PENDING_DELETION",
            TemplateStatus::Other(other) => other,
        }
    }

    /// The status for the Cloud API's spelling (any case); an unknown one is
    /// [`TemplateStatus::Other`] as given.
    pub fn from_provider(status: &str) -> TemplateStatus {
        match status.trim().to_ascii_uppercase().as_str() {
            "APPROVED" => TemplateStatus::Approved,
            "REJECTED" => TemplateStatus::Rejected,
            "PENDING" => TemplateStatus::Pending,
            "PAUSED" => TemplateStatus::Paused,
            "DISABLED" => TemplateStatus::Disabled,
            "FLAGGED" => TemplateStatus::Flagged,
            "REINSTATED" => TemplateStatus::Reinstated,
            "DELETED" => TemplateStatus::Deleted,
            "PENDING_DELETION" => TemplateStatus::PendingDeletion,
            _ => TemplateStatus::Other(status.to_string()),
        }
    }
}

impl Event {
    /// The event as one JSON object (for logs and line-oriented output): `event`
    /// (`message`, `status`, `template_status` or `other`), `provider` (its id) and the
    /// event's fields, with raw provider JSON where the event keeps it.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Event::Message(m) => json!({
                "event": "message",
                "provider": m.provider.id(),
                "sender": m.sender,
                "profile_name": m.profile_name,
                "business": m.business.as_ref().map(|b| json!({
                    "display_phone_number": b.display_phone_number,
                    "phone_number_id": b.phone_number_id,
                })),
                "context": m.context.as_ref().map(|c| json!({
                    "message_id": c.message_id,
                    "from": c.from,
                    "forwarded": c.forwarded,
                    "frequently_forwarded": c.frequently_forwarded,
                })),
                "message_id": m.message_id,
                "timestamp": m.timestamp,
                "content": content_json(&m.content),
            }),
            Event::Status(s) => json!({
                "event": "status",
                "provider": s.provider.id(),
                "message_id": s.message_id,
                "status": s.status.as_str(),
                "recipient": s.recipient,
                "timestamp": s.timestamp,
                "error": s.error.as_ref().map(|e| json!({"code": e.code, "message": e.message})),
            }),
            Event::TemplateStatus(t) => json!({
                "event": "template_status",
                "provider": t.provider.id(),
                "status": t.status.as_str(),
                "template_name": t.template_name,
                "template_id": t.template_id,
                "language": t.language,
                "category": t.category,
                "reason": t.reason,
                "detail": t.detail,
                "recommendation": t.recommendation,
            }),
            Event::Other(o) => json!({
                "event": "other",
                "provider": o.provider.id(),
                "kind": o.kind,
                "reason": o.reason,
                "raw": o.raw,
            }),
        }
    }
}

fn content_json(content: &Content) -> serde_json::Value {
    use serde_json::json;
    match content {
        Content::Text { body } => json!({"type": "text", "body": body}),
        Content::Media {
            kind,
            id,
            url,
            mime_type,
            caption,
            file_name,
        } => json!({
            "type": kind.as_str(), "id": id, "url": url, "mime_type": mime_type,
            "caption": caption, "file_name": file_name,
        }),
        Content::Location {
            latitude,
            longitude,
            name,
            address,
        } => json!({
            "type": "location", "latitude": latitude, "longitude": longitude,
            "name": name, "address": address,
        }),
        Content::ButtonReply { id, title } => {
            json!({"type": "button_reply", "id": id, "title": title})
        }
        Content::ListReply {
            id,
            title,
            description,
        } => json!({"type": "list_reply", "id": id, "title": title, "description": description}),
        Content::TemplateQuickReply { payload, text } => {
            json!({"type": "template_quick_reply", "payload": payload, "text": text})
        }
        Content::Reaction { message_id, emoji } => {
            json!({"type": "reaction", "message_id": message_id, "emoji": emoji})
        }
        Content::ReactionRemoved { message_id } => {
            json!({"type": "reaction_removed", "message_id": message_id})
        }
        Content::Order {
            catalog_id,
            items,
            text,
        } => json!({
            "type": "order", "catalog_id": catalog_id, "text": text,
            "items": items.iter().map(|i| json!({
                "product_id": i.product_id, "quantity": i.quantity,
                "unit_price": i.unit_price, "currency": i.currency,
            })).collect::<Vec<_>>(),
        }),
        Content::Contacts(cards) => json!({
            "type": "contacts",
            "contacts": cards.iter().map(contact_json).collect::<Vec<_>>(),
        }),
        Content::Edited {
            original_message_id,
            content,
        } => json!({
            "type": "edited", "original_message_id": original_message_id,
            "content": content_json(content),
        }),
        Content::Deleted {
            original_message_id,
        } => json!({"type": "deleted", "original_message_id": original_message_id}),
        Content::Other { kind, raw } => json!({"type": "other", "kind": kind, "raw": raw}),
    }
}

fn contact_json(card: &ContactCard) -> serde_json::Value {
    use serde_json::json;
    json!({
        "formatted_name": card.formatted_name,
        "first_name": card.first_name,
        "middle_name": card.middle_name,
        "last_name": card.last_name,
        "phones": card.phones.iter()
            .map(|p| json!({"phone": p.phone, "wa_id": p.wa_id, "label": p.label}))
            .collect::<Vec<_>>(),
        "emails": card.emails.iter()
            .map(|e| json!({"email": e.email, "label": e.label}))
            .collect::<Vec<_>>(),
        "addresses": card.addresses.iter().map(|a| json!({
            "street": a.street, "city": a.city, "state": a.state, "zip": a.zip,
            "country": a.country, "country_code": a.country_code, "label": a.label,
        })).collect::<Vec<_>>(),
        "urls": card.urls,
        "company": card.company,
        "department": card.department,
        "job_title": card.job_title,
        "birthday": card.birthday,
    })
}

impl Status {
    /// The status in lower case (`sent`, `delivered`, `read`, `failed`), or as the provider
    /// spells another one.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::Read => "read",
            Status::Failed => "failed",
            Status::Other(other) => other,
        }
    }
}
