//! Receiving 360dialog webhooks.
//!
//! 360dialog does not sign webhooks. Instead you register headers with
//! [`Client::set_webhook`](crate::Client::set_webhook) (for example an `Authorization` header)
//! and 360dialog sends them with every event; [`Verifier`] checks them in constant time before
//! the body is parsed.
//!
//! ```
//! use waba_dialog360::webhook::{Event, Verifier};
//!
//! let verifier = Verifier::new().header("x-webhook-secret", "s3cret").unwrap();
//! let mut headers = reqwest::header::HeaderMap::new();
//! headers.insert("x-webhook-secret", "s3cret".parse().unwrap());
//! let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
//!   "value":{"messaging_product":"whatsapp","messages":[{"from":"4915112345678","id":"wamid.1",
//!   "timestamp":"1700000000","type":"text","text":{"body":"hi"}}]}}]}]}"#;
//! let payload = verifier.parse(&headers, body).unwrap();
//! for event in payload.events() {
//!     if let Event::Message { message, .. } = event {
//!         println!("{} says {:?}", message.from.as_deref().unwrap_or("?"), message.kind());
//!     }
//! }
//! ```

/// The headers of a request to your server (reqwest's, which is `http`'s).
pub use reqwest::header::HeaderMap;
pub use waba_runtime::webhook::WebhookError;

use crate::open_enums::{InboundMessageType, StatusValue};
use crate::types::{
    ButtonReply, CloudWebhook, Contact, InboundButton, InboundLocation, InboundMedia,
    InboundMessage, InboundOrder, InboundReaction, InboundSystem, InboundText, ListReply,
    MessageStatus, NfmReply, OnPremiseWebhook, WebhookContact, WebhookMetadata, WhatsAppError,
};

/// A parsed webhook body: the Cloud API envelope or the legacy On-Premise flat payload.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Cloud API: `{"object": "whatsapp_business_account", "entry": [...]}`.
    Cloud(CloudWebhook),
    /// On-Premise (legacy): `{"contacts", "messages", "statuses", "errors"}`.
    OnPremise(OnPremiseWebhook),
}

/// One thing that happened, flattened out of a [`Payload`].
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A message from a user.
    Message {
        /// The message.
        message: &'a InboundMessage,
        /// The sender's profile, when the payload lists it.
        contact: Option<&'a WebhookContact>,
        /// The business number that received it (Cloud API only).
        metadata: Option<&'a WebhookMetadata>,
    },
    /// A status change of a message you sent.
    Status {
        /// The status.
        status: &'a MessageStatus,
        /// The business number that sent it (Cloud API only).
        metadata: Option<&'a WebhookMetadata>,
    },
    /// An error not tied to one message.
    Error(&'a WhatsAppError),
}

/// Parses a webhook body without checking any header (use [`Verifier::parse`] in production).
pub fn parse(body: &[u8]) -> Result<Payload, WebhookError> {
    // serde reads a struct from an array too; a webhook body is always an object.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(WebhookError::Malformed {
            reason: "the body is not a JSON object".into(),
        });
    }
    // A Cloud payload has the required key `entry`. A body that does not spell `"entry"` and
    // has no `\u` escape (which could spell it otherwise) is no Cloud payload, so it is read
    // as the On-Premise payload straight away instead of being parsed twice.
    if !contains(body, b"\"entry\"") && !contains(body, b"\\u") {
        return serde_json::from_slice::<OnPremiseWebhook>(body)
            .map(Payload::OnPremise)
            .map_err(WebhookError::from);
    }
    match serde_json::from_slice::<CloudWebhook>(body) {
        Ok(cloud) => Ok(Payload::Cloud(cloud)),
        Err(cloud_error) => {
            // A body without `entry` may be the On-Premise flat payload; anything else is
            // reported with the Cloud parser's reason, which names line and column.
            if cloud_error.is_data() && !contains(body, b"\"entry\"") {
                serde_json::from_slice::<OnPremiseWebhook>(body)
                    .map(Payload::OnPremise)
                    .map_err(WebhookError::from)
            } else {
                Err(cloud_error.into())
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Checks the headers you registered with `set_webhook` (`WebhookConfig.headers`), then
/// parses the body.
///
/// `Verifier::new().header(name, value)?.parse(&headers, body)`: the header values are compared
/// in constant time and never printed.
pub type Verifier = waba_runtime::webhook::Verifier<Payload>;

impl waba_runtime::webhook::WebhookPayload for Payload {
    fn parse_body(body: &[u8]) -> Result<Self, WebhookError> {
        parse(body)
    }
}

impl Payload {
    /// Every message, status and error of the payload, in order.
    pub fn events(&self) -> Vec<Event<'_>> {
        let mut out = Vec::new();
        match self {
            Payload::Cloud(cloud) => {
                for change in cloud.entry.iter().flat_map(|e| &e.changes) {
                    let Some(value) = &change.value else { continue };
                    let metadata = value.metadata.as_ref();
                    push(
                        &mut out,
                        &value.messages,
                        &value.contacts,
                        &value.statuses,
                        &value.errors,
                        metadata,
                    );
                }
            }
            Payload::OnPremise(flat) => {
                push(
                    &mut out,
                    &flat.messages,
                    &flat.contacts,
                    &flat.statuses,
                    &flat.errors,
                    None,
                );
            }
        }
        out
    }
}

fn push<'a>(
    out: &mut Vec<Event<'a>>,
    messages: &'a [InboundMessage],
    contacts: &'a [WebhookContact],
    statuses: &'a [MessageStatus],
    errors: &'a [WhatsAppError],
    metadata: Option<&'a WebhookMetadata>,
) {
    for message in messages {
        let contact = contacts
            .iter()
            .find(|c| c.wa_id.is_some() && c.wa_id == message.from)
            .or_else(|| (contacts.len() == 1).then(|| &contacts[0]));
        out.push(Event::Message {
            message,
            contact,
            metadata,
        });
    }
    for status in statuses {
        out.push(Event::Status { status, metadata });
    }
    for error in errors {
        out.push(Event::Error(error));
    }
}

/// What an inbound message carries, by its `type`.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum InboundKind<'a> {
    /// Text.
    Text(&'a InboundText),
    /// A reaction to one of your messages.
    Reaction(&'a InboundReaction),
    /// An image.
    Image(&'a InboundMedia),
    /// Audio or a voice note.
    Audio(&'a InboundMedia),
    /// A video.
    Video(&'a InboundMedia),
    /// A document.
    Document(&'a InboundMedia),
    /// A sticker.
    Sticker(&'a InboundMedia),
    /// A location.
    Location(&'a InboundLocation),
    /// Shared contacts.
    Contacts(&'a [Contact]),
    /// A tap on a template's quick-reply button.
    Button(&'a InboundButton),
    /// An answer to reply buttons.
    ButtonReply(&'a ButtonReply),
    /// An answer to a list.
    ListReply(&'a ListReply),
    /// The answer of a completed flow.
    FlowReply(&'a NfmReply),
    /// A cart from the catalog.
    Order(&'a InboundOrder),
    /// A system notice (number change and the like).
    System(&'a InboundSystem),
    /// A type this crate does not know, or a known type whose content is missing: the type as
    /// sent and the raw JSON of its content, if any.
    Other {
        /// The `type` as sent.
        type_name: &'a str,
        /// The content object named after the type, as raw JSON.
        raw: Option<&'a serde_json::Value>,
    },
}

impl InboundMessage {
    /// The message's content by type; unknown types come back as [`InboundKind::Other`] with
    /// their raw JSON.
    pub fn kind(&self) -> InboundKind<'_> {
        use InboundMessageType as T;
        let Some(kind) = &self.type_ else {
            return InboundKind::Other {
                type_name: "",
                raw: None,
            };
        };
        let known = match kind {
            T::Text => self.text.as_ref().map(InboundKind::Text),
            T::Reaction => self.reaction.as_ref().map(InboundKind::Reaction),
            T::Image => self.image.as_ref().map(InboundKind::Image),
            T::Audio => self.audio.as_ref().map(InboundKind::Audio),
            T::Video => self.video.as_ref().map(InboundKind::Video),
            T::Document => self.document.as_ref().map(InboundKind::Document),
            T::Sticker => self.sticker.as_ref().map(InboundKind::Sticker),
            T::Location => self.location.as_ref().map(InboundKind::Location),
            T::Contacts => {
                (!self.contacts.is_empty()).then_some(InboundKind::Contacts(&self.contacts))
            }
            T::Button => self.button.as_ref().map(InboundKind::Button),
            T::Interactive => self.interactive.as_ref().and_then(|i| {
                i.button_reply
                    .as_ref()
                    .map(InboundKind::ButtonReply)
                    .or_else(|| i.list_reply.as_ref().map(InboundKind::ListReply))
                    .or_else(|| i.nfm_reply.as_ref().map(InboundKind::FlowReply))
            }),
            T::Order => self.order.as_ref().map(InboundKind::Order),
            T::System => self.system.as_ref().map(InboundKind::System),
            T::Other(name) => {
                return InboundKind::Other {
                    type_name: name,
                    raw: self.extra.get(name.as_str()),
                };
            }
            _ => None,
        };
        known.unwrap_or_else(|| InboundKind::Other {
            type_name: kind.as_str(),
            raw: self.extra.get(kind.as_str()),
        })
    }

    /// The sender: the phone-number based WhatsApp id, or else the business-scoped user id.
    pub fn sender(&self) -> Option<&str> {
        self.from
            .as_deref()
            .or(self.from_user_id.as_deref())
            .or(self.user_id.as_deref())
    }
}

impl MessageStatus {
    /// True for a failed delivery; the reasons are in `errors`.
    pub fn is_failed(&self) -> bool {
        self.status == StatusValue::Failed
    }
}
