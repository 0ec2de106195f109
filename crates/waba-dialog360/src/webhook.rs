//! Receiving 360dialog webhooks.
//!
//! 360dialog does not sign webhooks. Instead you register headers with
//! [`Client::set_webhook`](crate::Client::set_webhook) (for example an `Authorization` header)
//! and 360dialog sends them with every event; [`Verifier`] checks them in constant time before
//! the body is parsed.
//!
//! Nothing in a body is lost: each change, contact, message, status and error is read on its
//! own ([`Item`]). One that does not fit the types (an unexpected type of value, a missing
//! required field) comes out as [`Event::Unparsed`] with its raw JSON and the reason, and every
//! other item of the body is still delivered. Changes other than `messages` (template, account
//! and phone number updates, calls, message echoes, user preferences, ...) come out typed as
//! [`Event::Change`]; a change field this crate does not know is [`WebhookChange::Other`] with
//! its name and raw value. Only a body that is not a JSON object, or not a webhook payload at
//! all, is an error. The envelope itself is read as typed: top-level keys other than `object`
//! and `entry`, and entry keys other than `id`, `time` and `changes`, are not kept.
//!
//! A body is first read in one pass, each item parsed in place, by a strict read that fails
//! on anything the typed items would not hold (a key the types do not describe, a `null`, a
//! number with a fraction, ...); only then is it read item by item as above. An item the fast
//! read took keeps no text: its raw JSON ([`Item::raw`], the `raw` of an [`Event`]) is written
//! from the typed value when asked, the same keys and values as received in the type's key
//! order.
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
//!     match event {
//!         Event::Message { message, .. } => {
//!             println!("{} says {:?}", message.sender().unwrap_or("?"), message.kind());
//!         }
//!         Event::Unparsed { at, raw, reason } => {
//!             eprintln!("{at:?} kept raw ({reason}): {}", raw.get());
//!         }
//!         _ => {}
//!     }
//! }
//! ```

/// The headers of a request to your server (reqwest's, which is `http`'s).
pub use reqwest::header::HeaderMap;
pub use waba_runtime::webhook::{Item, RawValue, WebhookError};
use waba_runtime::webhook::{from_str_lenient, from_str_strict, with_tag_hints};

pub use crate::generated::tagged::WebhookChange;
use crate::open_enums::{InboundMessageType, StatusValue};
use crate::types::{
    ButtonReply, CallPermissionReply, CloudWebhook, Contact, InboundButton, InboundEdit,
    InboundLocation, InboundMedia, InboundMessage, InboundOrder, InboundReaction, InboundRevoke,
    InboundSystem, InboundText, InboundUnsupported, ListReply, MessageStatus, NfmReply,
    OnPremiseWebhook, WebhookContact, WebhookMetadata, WhatsAppError,
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
#[non_exhaustive]
pub enum Event<'a> {
    /// A message from a user.
    Message {
        /// The message.
        message: &'a InboundMessage,
        /// The message's JSON as received (with fields the types do not describe).
        raw: &'a RawValue,
        /// The sender's profile, when the payload lists it.
        contact: Option<&'a WebhookContact>,
        /// The business number that received it (Cloud API only).
        metadata: Option<&'a WebhookMetadata>,
    },
    /// A status change of a message you sent.
    Status {
        /// The status.
        status: &'a MessageStatus,
        /// The status's JSON as received.
        raw: &'a RawValue,
        /// The business number that sent it (Cloud API only).
        metadata: Option<&'a WebhookMetadata>,
    },
    /// An error not tied to one message (`value.errors`).
    Error {
        /// The error.
        error: &'a WhatsAppError,
        /// The error's JSON as received.
        raw: &'a RawValue,
    },
    /// A change of another field than `messages`: template, account and phone number updates,
    /// calls, message echoes, user preferences, ... ([`WebhookChange`]), or an unknown field
    /// with its raw value ([`WebhookChange::Other`]).
    Change {
        /// The typed change.
        change: &'a WebhookChange,
        /// The change's JSON as received.
        raw: &'a RawValue,
    },
    /// An item that does not fit the types, kept as received.
    Unparsed {
        /// What kind of item it is.
        at: ItemKind,
        /// Its JSON as received.
        raw: &'a RawValue,
        /// Why it does not fit (the parser's message, naming the field).
        reason: &'a str,
    },
}

impl<'a> Event<'a> {
    /// The event's JSON as received: the message, status, error, change or unparsed item.
    pub fn raw(&self) -> &'a RawValue {
        match *self {
            Event::Message { raw, .. }
            | Event::Status { raw, .. }
            | Event::Error { raw, .. }
            | Event::Change { raw, .. }
            | Event::Unparsed { raw, .. } => raw,
        }
    }
}

/// The kind of an item of a webhook body, for [`Event::Unparsed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ItemKind {
    /// An element of `entry[].changes`.
    Change,
    /// An element of `contacts`.
    Contact,
    /// An element of `messages`.
    Message,
    /// An element of `statuses`.
    Status,
    /// An element of `errors`.
    Error,
}

/// Parses a webhook body without checking any header (use [`Verifier::parse`] in production).
pub fn parse(body: &[u8]) -> Result<Payload, WebhookError> {
    // serde reads a struct from an array too; a webhook body is always an object.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(WebhookError::Malformed {
            reason: "the body is not a JSON object".into(),
        });
    }
    // JSON is UTF-8 text (RFC 8259): checked once, as a whole, instead of string by string.
    let text = std::str::from_utf8(body).map_err(|e| WebhookError::Malformed {
        reason: format!("the body is not UTF-8 text: {e}"),
    })?;
    // The fast path: the whole body in one pass, each item parsed in place. It fails wherever
    // the typed items would not hold everything the body holds (a key the types do not
    // describe, a null, a number with a fraction, ...), and on the first key when the body is
    // the other payload; then the body is read again item by item (below), which keeps each
    // item's raw JSON and reads every other item when one does not fit.
    // The payload its first key names is tried first (a failed try costs an error value).
    let on_premise_first = first_key(body).is_some_and(|k| k != b"object" && k != b"entry");
    if on_premise_first && let Ok(flat) = from_str_strict::<OnPremiseWebhook>(text) {
        return Ok(Payload::OnPremise(flat));
    }
    // Meta writes a change's `value` before its `field`: the `field`s noted in the text let
    // each change be read in place as the kind its `field` names (checked when it is read).
    if let Ok(cloud) = with_tag_hints(text, WebhookChange::TAG_KEY, || {
        from_str_strict::<CloudWebhook>(text)
    }) {
        return Ok(Payload::Cloud(cloud));
    }
    if !on_premise_first && let Ok(flat) = from_str_strict::<OnPremiseWebhook>(text) {
        return Ok(Payload::OnPremise(flat));
    }
    // The tolerant read runs the same code as the strict one, lenient (one copy of every
    // type's reader in this crate, not two).
    // A Cloud payload has the required key `entry`. A body that does not spell `"entry"` and
    // has no `\u` escape (which could spell it otherwise) is no Cloud payload, so it is read
    // as the On-Premise payload straight away instead of being parsed twice.
    if !contains(body, b"\"entry\"") && !contains(body, b"\\u") {
        return from_str_lenient::<OnPremiseWebhook>(text)
            .map(Payload::OnPremise)
            .map_err(WebhookError::from);
    }
    match from_str_lenient::<CloudWebhook>(text) {
        Ok(cloud) => Ok(Payload::Cloud(cloud)),
        Err(cloud_error) => {
            // A body without `entry` may be the On-Premise flat payload; anything else is
            // reported with the Cloud parser's reason, which names line and column.
            if cloud_error.is_data() && !contains(body, b"\"entry\"") {
                from_str_lenient::<OnPremiseWebhook>(text)
                    .map(Payload::OnPremise)
                    .map_err(WebhookError::from)
            } else {
                Err(cloud_error.into())
            }
        }
    }
}

/// The first key of a JSON object's text, as written (escapes not read), if it is plain.
fn first_key(body: &[u8]) -> Option<&[u8]> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = body[start..].strip_prefix(b"{")?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = rest[start..].strip_prefix(b"\"")?;
    Some(&rest[..rest.iter().position(|b| *b == b'"')?])
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
    /// Every message, status, error and change of the payload, in order, and every item that
    /// does not fit the types as [`Event::Unparsed`]. The contacts of a change are matched to
    /// its messages; a contact that does not fit the types is reported as unparsed too.
    pub fn events(&self) -> Vec<Event<'_>> {
        let mut out = Vec::new();
        match self {
            Payload::Cloud(cloud) => {
                for entry in &cloud.entry {
                    for item in &entry.changes {
                        let Some(change) = parsed_or_push(&mut out, ItemKind::Change, item) else {
                            continue;
                        };
                        match change {
                            WebhookChange::Messages(value) => push(
                                &mut out,
                                Lists {
                                    messages: &value.messages,
                                    contacts: &value.contacts,
                                    statuses: &value.statuses,
                                    errors: &value.errors,
                                },
                                value.metadata.as_ref(),
                            ),
                            other => out.push(Event::Change {
                                change: other,
                                raw: item.raw(),
                            }),
                        }
                    }
                }
            }
            Payload::OnPremise(flat) => push(
                &mut out,
                Lists {
                    messages: &flat.messages,
                    contacts: &flat.contacts,
                    statuses: &flat.statuses,
                    errors: &flat.errors,
                },
                None,
            ),
        }
        out
    }
}

/// The typed item, or `None` after pushing it as [`Event::Unparsed`].
fn parsed_or_push<'a, T>(
    out: &mut Vec<Event<'a>>,
    at: ItemKind,
    item: &'a Item<T>,
) -> Option<&'a T> {
    match item {
        Item::Parsed { value, .. } => Some(value),
        Item::Unparsed { raw, reason } => {
            out.push(Event::Unparsed { at, raw, reason });
            None
        }
    }
}

struct Lists<'a> {
    messages: &'a [Item<InboundMessage>],
    contacts: &'a [Item<WebhookContact>],
    statuses: &'a [Item<MessageStatus>],
    errors: &'a [Item<WhatsAppError>],
}

fn push<'a>(out: &mut Vec<Event<'a>>, lists: Lists<'a>, metadata: Option<&'a WebhookMetadata>) {
    let contacts: Vec<&WebhookContact> = lists.contacts.iter().filter_map(Item::parsed).collect();
    for item in lists.contacts.iter().filter(|c| !c.is_parsed()) {
        parsed_or_push(out, ItemKind::Contact, item);
    }
    for item in lists.messages {
        let Some(message) = parsed_or_push(out, ItemKind::Message, item) else {
            continue;
        };
        let contact = contacts
            .iter()
            .copied()
            .find(|c| c.wa_id.is_some() && c.wa_id == message.from)
            .or_else(|| {
                contacts
                    .iter()
                    .copied()
                    .find(|c| c.user_id.is_some() && c.user_id == message.from_user_id)
            })
            .or_else(|| (contacts.len() == 1).then(|| contacts[0]));
        out.push(Event::Message {
            message,
            raw: item.raw(),
            contact,
            metadata,
        });
    }
    for item in lists.statuses {
        if let Some(status) = parsed_or_push(out, ItemKind::Status, item) {
            out.push(Event::Status {
                status,
                raw: item.raw(),
                metadata,
            });
        }
    }
    for item in lists.errors {
        if let Some(error) = parsed_or_push(out, ItemKind::Error, item) {
            out.push(Event::Error {
                error,
                raw: item.raw(),
            });
        }
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
    /// The user edited one of their messages.
    Edit(&'a InboundEdit),
    /// The user deleted one of their messages.
    Revoke(&'a InboundRevoke),
    /// The user answered a request for permission to call them.
    CallPermissionReply(&'a CallPermissionReply),
    /// A message WhatsApp could not deliver to the API (`type: unsupported`): what kind it was,
    /// if said, and the reasons (`errors`).
    Unsupported {
        /// What kind of message it was.
        unsupported: Option<&'a InboundUnsupported>,
        /// Why it was not delivered.
        errors: &'a [Item<WhatsAppError>],
    },
    /// A type this crate does not know, or a known type whose content is missing: the type as
    /// sent (empty when absent). The content is in the message's raw JSON
    /// ([`Event::Message`]'s `raw`).
    Other {
        /// The `type` as sent.
        type_name: &'a str,
    },
}

impl InboundMessage {
    /// The message's content by type; unknown types come back as [`InboundKind::Other`] with
    /// their raw JSON.
    pub fn kind(&self) -> InboundKind<'_> {
        use InboundMessageType as T;
        let Some(kind) = &self.type_ else {
            return InboundKind::Other { type_name: "" };
        };
        let known = match kind {
            T::Text => self.text.as_deref().map(InboundKind::Text),
            T::Reaction => self.reaction.as_deref().map(InboundKind::Reaction),
            T::Image => self.image.as_deref().map(InboundKind::Image),
            T::Audio => self.audio.as_deref().map(InboundKind::Audio),
            T::Video => self.video.as_deref().map(InboundKind::Video),
            T::Document => self.document.as_deref().map(InboundKind::Document),
            T::Sticker => self.sticker.as_deref().map(InboundKind::Sticker),
            T::Location => self.location.as_deref().map(InboundKind::Location),
            T::Contacts => {
                (!self.contacts.is_empty()).then_some(InboundKind::Contacts(&self.contacts))
            }
            T::Button => self.button.as_deref().map(InboundKind::Button),
            T::Interactive => self.interactive.as_deref().and_then(|i| {
                i.button_reply
                    .as_ref()
                    .map(InboundKind::ButtonReply)
                    .or_else(|| i.list_reply.as_ref().map(InboundKind::ListReply))
                    .or_else(|| i.nfm_reply.as_ref().map(InboundKind::FlowReply))
                    .or_else(|| {
                        i.call_permission_reply
                            .as_ref()
                            .map(InboundKind::CallPermissionReply)
                    })
            }),
            T::Order => self.order.as_deref().map(InboundKind::Order),
            T::System => self.system.as_deref().map(InboundKind::System),
            T::Edit => self.edit.as_deref().map(InboundKind::Edit),
            T::Revoke => self.revoke.as_deref().map(InboundKind::Revoke),
            T::Unsupported => Some(InboundKind::Unsupported {
                unsupported: self.unsupported.as_deref(),
                errors: &self.errors,
            }),
            _ => None,
        };
        known.unwrap_or_else(|| InboundKind::Other {
            type_name: kind.as_str(),
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
