//! Receiving Desk360 webhooks: a received message (`messages`) or a status update of a sent
//! message (`statuses`), each a single object.
//!
//! Desk360 does not document how webhooks are authenticated. If you can register the webhook
//! URL with a secret header (or put a secret in the URL), check it with [`Verifier`] before the
//! body is parsed.
//!
//! ```
//! use waba_desk360::webhook::{self, Event, MessageKind};
//!
//! let body = br#"{"messages": {"id": "ABEGkFMIcyRoAgo-sGaD-H6MgPEt", "text": "Hello",
//!   "from": "90xxxxxxxxxx", "timestamp": "1630913975", "name": "John Doe", "type": "text"}}"#;
//! let payload = webhook::parse(body).unwrap();
//! if let Some(Event::Message(message)) = payload.event() {
//!     assert!(matches!(message.kind(), MessageKind::Text("Hello")));
//! }
//! ```

/// The headers of a request to your server (reqwest's, which is `http`'s).
pub use reqwest::header::HeaderMap;
pub use waba_runtime::webhook::WebhookError;

use crate::open_enums::InboundMessageType;
pub use crate::types::{
    InboundAttachment, InboundContact, InboundLocation, InboundMedia, InboundMessage, StatusUpdate,
    WebhookPayload,
};

/// Parses a webhook body without checking any header.
pub fn parse(body: &[u8]) -> Result<WebhookPayload, WebhookError> {
    let payload: WebhookPayload = waba_runtime::webhook::from_object(body)?;
    if payload.messages.is_none() && payload.statuses.is_none() {
        return Err(WebhookError::Malformed {
            reason: "the body has neither `messages` nor `statuses`".into(),
        });
    }
    Ok(payload)
}

/// Checks the secret headers you gave the webhook, then parses the body.
///
/// `Verifier::new().header(name, value)?.parse(&headers, body)`: the header values are compared
/// in constant time and never printed.
pub type Verifier = waba_runtime::webhook::Verifier<WebhookPayload>;

impl waba_runtime::webhook::WebhookPayload for WebhookPayload {
    fn parse_body(body: &[u8]) -> Result<Self, WebhookError> {
        parse(body)
    }
}

/// What a webhook says.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A message from a user.
    Message(&'a InboundMessage),
    /// A status change of a message you sent.
    Status(&'a StatusUpdate),
}

impl WebhookPayload {
    /// The message or status update of the payload (a message when both are present).
    pub fn event(&self) -> Option<Event<'_>> {
        match (&self.messages, &self.statuses) {
            (Some(m), _) => Some(Event::Message(m)),
            (None, Some(s)) => Some(Event::Status(s)),
            (None, None) => None,
        }
    }
}

/// What a received message carries, by its `type`.
#[derive(Debug, Clone, Copy)]
pub enum MessageKind<'a> {
    /// A text message.
    Text(&'a str),
    /// A location; `text` holds it as one line.
    Location(&'a InboundLocation),
    /// Contact cards.
    Contacts(&'a [InboundContact]),
    /// A media file (image, video, audio, document or sticker): the media object (download it
    /// with `get_whatsapp_media` and its `media_id`) and Desk360's stored copies.
    Media {
        /// The media object of the message's `type`.
        media: &'a InboundMedia,
        /// Desk360's stored files by kind (`images`, …).
        attachments: &'a std::collections::HashMap<String, Vec<InboundAttachment>>,
    },
    /// A type this crate does not know, or a message missing the object its type names.
    Other,
}

impl InboundMessage {
    /// The content of the message, by its `type`.
    pub fn kind(&self) -> MessageKind<'_> {
        use InboundMessageType as T;
        let media = match self.type_ {
            T::Image => self.image.as_ref(),
            T::Video => self.video.as_ref(),
            T::Audio => self.audio.as_ref(),
            T::Document => self.document.as_ref(),
            T::Sticker => self.sticker.as_ref(),
            _ => None,
        };
        if let Some(media) = media {
            return MessageKind::Media {
                media,
                attachments: &self.attachments,
            };
        }
        match self.type_ {
            T::Text => self
                .text
                .as_deref()
                .map_or(MessageKind::Other, MessageKind::Text),
            T::Location => self
                .location
                .as_ref()
                .map_or(MessageKind::Other, MessageKind::Location),
            T::Contacts if !self.contacts.is_empty() => MessageKind::Contacts(&self.contacts),
            _ => MessageKind::Other,
        }
    }

    /// The sender's number in international format, with the `+` the webhook leaves out (the
    /// form the send operations take).
    pub fn sender(&self) -> String {
        format!("+{}", self.from.trim_start_matches('+'))
    }
}
