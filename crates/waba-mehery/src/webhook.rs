//! Receiving the calls Mehery makes to your server.
//!
//! Mehery calls two endpoints of yours (the spec's `x-webhooks`), each with the header
//! `x-verify-token` carrying your callback verification token:
//! - `receive_notifications` (`/api/v1/message/receive` in the document): an
//!   [`InBoundWrapper`] with messages, statuses of messages you sent, session events, actions
//!   and contacts;
//! - `contact_info` (`/api/v1/contact/info`): an [`InBoundContact`]; answer with a
//!   [`ContactInfoUpdate`](crate::types::ContactInfoUpdate).
//!
//! [`Verifier`] checks the token in constant time before it parses a body. Values the
//! provider adds later (message types, statuses, event codes, contact types) parse as the
//! `Other` variant of their open enum instead of failing the payload.
//!
//! ```
//! use waba_mehery::webhook::Verifier;
//!
//! let verifier = Verifier::new("s1agenttoken$$$");
//! let mut headers = reqwest::header::HeaderMap::new();
//! headers.insert("x-verify-token", "s1agenttoken$$$".parse().unwrap());
//! let body = br#"{"type": "messages", "messages": [{"id": "m-1", "from": 919988776655,
//!   "type": "text", "text": {"body": "hi"}}]}"#;
//! let notification = verifier.notification(&headers, body).unwrap();
//! for message in &notification.messages {
//!     let from = message.from.as_ref().map(|f| f.as_str());
//!     println!("{from:?}: {:?}", message.text.as_ref().map(|t| &t.body));
//! }
//! ```

/// The headers of a request to your server (reqwest's, which is `http`'s).
pub use reqwest::header::HeaderMap;
use reqwest::header::HeaderName;
use waba_runtime::Secret;
pub use waba_runtime::webhook::WebhookError;
use waba_runtime::webhook::{from_object, verify_headers};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::open_enums::{InBoundMsgType, InBoundWrapperType, MessageStatusCode};
use crate::types::{
    CommonMsgLocation, InBoundAction, InBoundContact, InBoundEvent, InBoundMeta, InBoundMsg,
    InBoundMsgMedia, InBoundMsgStatus, InBoundMsgText, InBoundWrapper,
};

/// The header Mehery sends the callback verification token in.
pub const VERIFY_TOKEN_HEADER: &str = "x-verify-token";

/// Checks `x-verify-token`, then parses the body of one of Mehery's calls.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected: Vec<(HeaderName, Secret)>,
}

impl Verifier {
    /// A verifier expecting `token` in `x-verify-token`.
    pub fn new(token: impl Into<Secret>) -> Self {
        Verifier {
            expected: vec![(HeaderName::from_static(VERIFY_TOKEN_HEADER), token.into())],
        }
    }

    /// Refuses the request unless `x-verify-token` carries the token (compared in constant
    /// time).
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        verify_headers(headers, &self.expected)
    }

    /// Checks the token, then parses a `receive_notifications` body.
    pub fn notification(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<InBoundWrapper, WebhookError> {
        self.verify(headers)?;
        parse_notification(body)
    }

    /// Checks the token, then parses a `contact_info` body.
    pub fn contact_info(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<InBoundContact, WebhookError> {
        self.verify(headers)?;
        parse_contact_info(body)
    }
}

/// Parses a `receive_notifications` body without checking the token (use
/// [`Verifier::notification`] in production).
pub fn parse_notification(body: &[u8]) -> Result<InBoundWrapper, WebhookError> {
    from_object(body)
}

/// A `receive_notifications` body read once, with the JSON text of each message, event and
/// action as it was received (for keeping what the types do not describe, such as a message
/// type this crate does not know), borrowed from the body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawNotification<'a> {
    /// The notification, as [`parse_notification`] reads it.
    pub notification: InBoundWrapper,
    /// The text of `messages[i]`, for each `i` of `notification.messages`.
    pub messages: Vec<&'a RawValue>,
    /// The text of `events[i]`.
    pub events: Vec<&'a RawValue>,
    /// The text of `actions[i]`.
    pub actions: Vec<&'a RawValue>,
}

/// Parses a `receive_notifications` body like [`parse_notification`] (it accepts and refuses
/// the same bodies), keeping the text of each message, event and action. The body is read
/// once: each of those items is taken as text and its type read from that text.
pub fn parse_notification_raw(body: &[u8]) -> Result<RawNotification<'_>, WebhookError> {
    let read: NotificationItems<'_> = from_object(body)?;
    let (messages, raw_messages) = read.messages.into_iter().map(Kept::split).unzip();
    let (events, raw_events) = read.events.into_iter().map(Kept::split).unzip();
    let (actions, raw_actions) = read.actions.into_iter().map(Kept::split).unzip();
    Ok(RawNotification {
        notification: InBoundWrapper {
            actions,
            contacts: read.contacts,
            events,
            messages,
            meta: read.meta,
            statuses: read.statuses,
            type_: read.type_,
        },
        messages: raw_messages,
        events: raw_events,
        actions: raw_actions,
    })
}

/// [`InBoundWrapper`] with its messages, events and actions kept as text as well (the
/// attributes are those of the generated type; a test keeps the two reading alike).
#[derive(Deserialize)]
struct NotificationItems<'a> {
    #[serde(default, borrow)]
    actions: Vec<Kept<'a, InBoundAction>>,
    #[serde(default)]
    contacts: Vec<InBoundContact>,
    #[serde(default, borrow)]
    events: Vec<Kept<'a, InBoundEvent>>,
    #[serde(default, borrow)]
    messages: Vec<Kept<'a, InBoundMsg>>,
    meta: Option<InBoundMeta>,
    #[serde(default)]
    statuses: Vec<InBoundMsgStatus>,
    #[serde(rename = "type")]
    type_: Option<InBoundWrapperType>,
}

/// An array element read as text, then as `T` from that text.
struct Kept<'a, T> {
    raw: &'a RawValue,
    value: T,
}

impl<'a, T> Kept<'a, T> {
    fn split(self) -> (T, &'a RawValue) {
        (self.value, self.raw)
    }
}

impl<'de: 'a, 'a, T: serde::de::DeserializeOwned> Deserialize<'de> for Kept<'a, T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'a RawValue>::deserialize(deserializer)?;
        let value = serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
        Ok(Kept { raw, value })
    }
}

/// Parses a `contact_info` body without checking the token (use [`Verifier::contact_info`]
/// in production).
pub fn parse_contact_info(body: &[u8]) -> Result<InBoundContact, WebhookError> {
    from_object(body)
}

/// Tells Mehery's two calls apart when they reach one URL: `Some` when `body` is the
/// `contact_info` call (a JSON object with none of a notification's fields and at least one
/// field of an [`InBoundContact`], which it reads as), `None` for anything else (a
/// notification, or a body that is neither). The token is not checked.
pub fn contact_info_call(body: &[u8]) -> Option<InBoundContact> {
    const NOTIFICATION: [&str; 7] = [
        "type", "messages", "statuses", "events", "actions", "contacts", "meta",
    ];
    const CONTACT: [&str; 7] = [
        "contactId",
        "contactType",
        "channelId",
        "lane",
        "csid",
        "profile",
        "businessProfile",
    ];
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    if NOTIFICATION.iter().any(|k| object.contains_key(*k))
        || !CONTACT.iter().any(|k| object.contains_key(*k))
    {
        return None;
    }
    parse_contact_info(body).ok()
}

/// What an inbound message carries, by its `type`.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum InBoundKind<'a> {
    /// Text.
    Text(&'a InBoundMsgText),
    /// An image.
    Image(&'a InBoundMsgMedia),
    /// A video.
    Video(&'a InBoundMsgMedia),
    /// An audio file.
    Audio(&'a InBoundMsgMedia),
    /// A voice note.
    Voice(&'a InBoundMsgMedia),
    /// A document.
    Document(&'a InBoundMsgMedia),
    /// A location.
    Location(&'a CommonMsgLocation),
    /// A type without content of its own (`system`), one this crate does not know, or a known
    /// type whose content is missing: the type as sent.
    Other {
        /// The `type` as sent (empty when absent).
        type_name: &'a str,
    },
}

impl InBoundMsg {
    /// The message's content by type; unknown types come back as [`InBoundKind::Other`].
    pub fn kind(&self) -> InBoundKind<'_> {
        use InBoundMsgType as T;
        let Some(kind) = &self.type_ else {
            return InBoundKind::Other { type_name: "" };
        };
        let known = match kind {
            T::Text => self.text.as_ref().map(InBoundKind::Text),
            T::Image => self.image.as_ref().map(InBoundKind::Image),
            T::Video => self.video.as_ref().map(InBoundKind::Video),
            T::Audio => self.audio.as_ref().map(InBoundKind::Audio),
            T::Voice => self.voice.as_ref().map(InBoundKind::Voice),
            T::Document => self.document.as_ref().map(InBoundKind::Document),
            T::Location => self.location.as_ref().map(InBoundKind::Location),
            _ => None,
        };
        known.unwrap_or(InBoundKind::Other {
            type_name: kind.as_str(),
        })
    }
}

impl InBoundMsgStatus {
    /// True for a failed delivery (`FAILD`); the reasons are in `errors`.
    pub fn is_failed(&self) -> bool {
        self.status == Some(MessageStatusCode::Faild)
    }
}
