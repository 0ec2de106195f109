//! The 360dialog adapter (see [`super`] for the contract): neutral messages (every content)
//! become Cloud API [`Message`]s sent with `send_message` (`POST /messages`), as does
//! mark-as-read; the Cloud API webhook payload (and the legacy On-Premise one) becomes
//! neutral events.
//!
//! Readings (not stated by 360dialog's document, which shows only a text message; the shapes
//! follow Meta's Cloud API, which 360dialog passes through):
//! - Text carries `recipient_type: individual`, as the document's own Cloud API example does;
//!   media and templates leave it out, as the spec's examples of those do (WhatsApp's default
//!   is `individual` either way).
//! - Template buttons are numbered by their position among the neutral buttons (`index` 0 to 9):
//!   the neutral template has no way to skip a button without parameters.
//! - A template header takes no caption, and only a document header a file name: both are
//!   refused rather than dropped.
//! - Reply buttons, lists and call-to-action URL buttons go through the crate's interactive
//!   builder (`Message::buttons`, `list`, `cta_url`), so its checks against the spec run too;
//!   their header is text. A list section without a title is sent without `title` (WhatsApp
//!   requires titles only when there are several sections, which the neutral check enforces).
//! - A reply-to is `context.message_id` on every kind of message; mark-as-read is the read
//!   receipt without a typing indicator.
//! - A status with several `errors` reports the first one.
//! - `errors` not tied to a message or status (Cloud API `value.errors`) are [`Event::Other`]
//!   with kind `error` and the error's JSON.
//! - A `message_template_status_update` change is an [`Event::TemplateStatus`]. Changes of
//!   other webhook fields (template quality, category and component updates, account and phone
//!   number updates, calls, message echoes, user preferences, unknown fields) are
//!   [`Event::Other`] with the field name as kind and the change's JSON (`{"field", "value"}`)
//!   as received.
//! - The sender's profile name is that of the payload's contact matched to the message (by
//!   `wa_id`, else user id, else the only contact); the business number is the change's
//!   `metadata` (Cloud API only).
//! - A reaction with an empty or missing `emoji` is [`Content::ReactionRemoved`].
//! - An order whose quantity or price is not a number, and an edit whose new content does
//!   not read as a message, are kept raw ([`Content::Other`]).
//! - A change, contact, message, status or error that does not fit the types is an
//!   [`Event::Other`] with kind `unparsed_<change|contact|message|status|error>`, its
//!   JSON as received and the reason; every other item of the body still becomes its event.

use waba_dialog360::types::{
    self as d360, DocumentObject, MediaObject, Message, RecipientType, TemplateButtonSubType,
    TemplateComponent, TemplateParameter,
};
use waba_dialog360::webhook::{self, InboundKind, WebhookChange};
use waba_dialog360::{MediaSource, open_enums::StatusValue};

use super::{to_json, without_plus};
use crate::client::Settings;
use crate::{
    BusinessNumber, Buttons, Capability, ConfigError, Contact, ContactCard, Content, CtaUrl, Error,
    Event, InboundMessage, List, Media, MediaKind, MessageContent, MessageContext, OrderItem,
    OtherEvent, Provider, Sent, Setting, Status, StatusError, StatusUpdate, Template,
    TemplateButton, TemplateStatus, TemplateStatusUpdate,
};

const PROVIDER: Provider = Provider::Dialog360;

/// WhatsApp addresses template buttons by `index` 0 to 9.
const MAX_BUTTONS: usize = 10;

/// The 360dialog client (the API key is set on it once).
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_dialog360::Client,
}

super::adapter_backend!(Adapter, PROVIDER, mark_read);

impl Adapter {
    /// Builds the 360dialog client from the API key (and base URL, retry, timeouts).
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let api_key = settings.required(Setting::ApiKey)?.clone();
        let builder = common_settings!(waba_dialog360::Client::builder(api_key), settings);
        let client = builder.build().map_err(|e| settings.build_error(e))?;
        Ok(Adapter { client })
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_dialog360::Client {
        &self.client
    }

    /// Maps a neutral message to a Cloud API [`Message`] (reply-to as `context.message_id`)
    /// and sends it.
    pub(crate) async fn send_message(
        &self,
        to: &str,
        message: &crate::Message,
    ) -> Result<Sent, Error> {
        let to = recipient(to)?;
        let mut mapped = match message.content() {
            MessageContent::Text { body } => text(to, body),
            MessageContent::Template(template) => template_message(to, template)?,
            MessageContent::Media(media) => media_message(to, media)?,
            MessageContent::Buttons(buttons) => buttons_message(to, buttons)?,
            MessageContent::List(list) => list_message(to, list)?,
            MessageContent::CtaUrl(cta) => cta_url_message(to, cta)?,
            MessageContent::Location(l) => Message::location(
                to,
                l.latitude(),
                l.longitude(),
                l.name_text(),
                l.address_text(),
            ),
            MessageContent::LocationRequest { body } => {
                built(Message::location_request(to, body).build())?
            }
            MessageContent::Reaction(r) => Message::reaction(to, r.message_id(), r.emoji()),
            MessageContent::Contacts(contacts) => {
                Message::contacts(to, contacts.iter().map(contact))
            }
        };
        if let Some(id) = message.reply_to_id() {
            mapped = mapped.reply_to(id);
        }
        self.send(mapped).await
    }

    /// A read receipt (`status: read`, `message_id`) for a received message.
    pub(crate) async fn mark_read(&self, message_id: &str) -> Result<(), Error> {
        if message_id.is_empty() {
            return Err(Error::invalid(PROVIDER, "message_id", "is empty"));
        }
        self.client
            .mark_as_read(message_id)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?;
        Ok(())
    }

    async fn send(&self, message: Message) -> Result<Sent, Error> {
        let answer = self
            .client
            .send(message)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            answer.message_id().map(str::to_string),
            to_json(&answer),
        ))
    }
}

/// A `text` message (`text.body`, 1 to 4096 characters).
fn text(to: String, body: &str) -> Message {
    let mut message = Message::text(to, body);
    if let Message::Text { recipient_type, .. } = &mut message {
        *recipient_type = Some(RecipientType::Individual);
    }
    message
}

/// A `template` message: `name`, `language.code` (policy `deterministic`), and the
/// components header (one media parameter), body (text parameters in order) and one
/// `button` component per neutral button.
fn template_message(to: String, template: &Template) -> Result<Message, Error> {
    let language = template
        .language_code()
        .filter(|code| !code.trim().is_empty())
        .ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                "template.language.code",
                "360dialog needs the template's language (Template::language)",
            )
        })?;
    let mut components = Vec::new();
    if let Some(media) = template.header_media() {
        components.push(TemplateComponent::Header {
            parameters: vec![header_parameter(media)?],
        });
    }
    if !template.body_parameters().is_empty() {
        components.push(TemplateComponent::Body {
            parameters: template
                .body_parameters()
                .iter()
                .map(|text| TemplateParameter::Text {
                    text: text.clone(),
                    parameter_name: None,
                })
                .collect(),
        });
    }
    if template.buttons().len() > MAX_BUTTONS {
        return Err(Error::invalid(
            PROVIDER,
            "template.components",
            format!(
                "has {} button parameters, WhatsApp allows at most {MAX_BUTTONS}",
                template.buttons().len()
            ),
        ));
    }
    for (index, button) in (0i32..).zip(template.buttons()) {
        let (sub_type, parameter) = match button {
            TemplateButton::QuickReply(payload) => (
                TemplateButtonSubType::QuickReply,
                TemplateParameter::Payload {
                    payload: payload.clone(),
                },
            ),
            // The URL button's parameter is a `text` parameter holding the URL suffix.
            TemplateButton::UrlSuffix(suffix) => (
                TemplateButtonSubType::Url,
                TemplateParameter::Text {
                    text: suffix.clone(),
                    parameter_name: None,
                },
            ),
        };
        components.push(TemplateComponent::Button {
            index: waba_runtime::StringOrNumber::number(index),
            sub_type,
            parameters: vec![parameter],
        });
    }
    let mut message = Message::template(to, template.reference(), language);
    if let Message::Template { template, .. } = &mut message {
        template.components = components;
    }
    Ok(message)
}

/// An `image`, `video`, `document` or `audio` message by `link`, with `caption` (not for
/// audio) and `filename` (documents only).
fn media_message(to: String, media: &Media) -> Result<Message, Error> {
    let kind = media.kind();
    if media.file_name_text().is_some() && kind != MediaKind::Document {
        return Err(Error::not_supported(PROVIDER, Capability::FileName(kind)));
    }
    let source = MediaSource::Link(media.url().to_string());
    let caption = media.caption_text();
    let message = match kind {
        MediaKind::Image => Message::image(to, source, caption),
        MediaKind::Video => Message::video(to, source, caption),
        MediaKind::Document => Message::document(to, source, media.file_name_text(), caption),
        MediaKind::Audio if caption.is_some() => {
            return Err(Error::not_supported(PROVIDER, Capability::Caption(kind)));
        }
        MediaKind::Audio => Message::audio(to, source),
        MediaKind::Sticker => {
            return Err(Error::not_supported(PROVIDER, Capability::Media(kind)));
        }
    };
    Ok(message)
}

/// What the provider crate's interactive builder built, its refusal naming the Cloud API
/// field (`interactive.action.buttons[0].reply.title`).
fn built(message: Result<Message, waba_dialog360::InvalidArgument>) -> Result<Message, Error> {
    message.map_err(|error| Error::InvalidArgument {
        provider: PROVIDER,
        error,
    })
}

/// `interactive` of type `button`: `body.text`, `action.buttons[].reply.{id,title}`, a text
/// `header` and a `footer`.
fn buttons_message(to: String, buttons: &Buttons) -> Result<Message, Error> {
    let mut b = Message::buttons(to, buttons.body());
    for button in buttons.buttons() {
        b = b.reply(&button.id, &button.title);
    }
    if let Some(header) = buttons.header_text() {
        b = b.header_text(header);
    }
    if let Some(footer) = buttons.footer_text() {
        b = b.footer(footer);
    }
    built(b.build())
}

/// `interactive` of type `list`: `body.text`, `action.button`, `action.sections[].title` and
/// `.rows[].{id,title,description}`, a text `header` and a `footer`. An untitled section
/// (only alone) is sent without `title`.
fn list_message(to: String, list: &List) -> Result<Message, Error> {
    let mut b = Message::list(to, list.body(), list.button_text());
    for section in list.sections() {
        if let Some(title) = section.title() {
            b = b.section(title);
        }
        for row in section.rows() {
            b = b.row(&row.id, &row.title, row.description.as_deref());
        }
    }
    if let Some(header) = list.header_text() {
        b = b.header_text(header);
    }
    if let Some(footer) = list.footer_text() {
        b = b.footer(footer);
    }
    built(b.build())
}

/// `interactive` of type `cta_url`: `body.text`, `action.parameters.{display_text,url}`, a
/// text `header` and a `footer`.
fn cta_url_message(to: String, cta: &CtaUrl) -> Result<Message, Error> {
    let mut b = Message::cta_url(to, cta.body(), cta.display_text(), cta.url());
    if let Some(header) = cta.header_text() {
        b = b.header_text(header);
    }
    if let Some(footer) = cta.footer_text() {
        b = b.footer(footer);
    }
    built(b.build())
}

/// A contact card: `name.{formatted_name,first_name,last_name}`, `phones[]`, `emails[]`,
/// `urls[]`, `org.{company,title}`, `birthday`.
fn contact(c: &Contact) -> d360::Contact {
    let mut card = d360::Contact::new(c.formatted_name());
    if c.first_name_text().is_some() || c.last_name_text().is_some() {
        card = card.names(c.first_name_text(), c.last_name_text());
    }
    for p in c.phones() {
        card = card.phone(&p.phone, p.kind.as_deref(), p.wa_id.as_deref());
    }
    for e in c.emails() {
        card = card.email(&e.email, e.kind.as_deref());
    }
    for u in c.urls() {
        let mut url = d360::ContactUrl::default();
        url.url = Some(u.url.clone());
        url.type_ = u.kind.clone();
        card.urls.push(url);
    }
    if let Some(company) = c.company() {
        card = card.org(company, c.job_title());
    }
    if let Some(date) = c.birthday_date() {
        card = card.birthday(date);
    }
    card
}

/// `to` as the Cloud API wants it: international format, no leading `+`.
fn recipient(to: &str) -> Result<String, Error> {
    let to = without_plus(to);
    if to.is_empty() {
        return Err(Error::invalid(PROVIDER, "to", "is empty"));
    }
    Ok(to.to_string())
}

/// The header's one media parameter (by link).
fn header_parameter(media: &Media) -> Result<TemplateParameter, Error> {
    const PATH: &str = "template.components[0].parameters[0]";
    if media.caption_text().is_some() {
        return Err(Error::invalid(
            PROVIDER,
            PATH,
            "a template header takes no caption",
        ));
    }
    if media.file_name_text().is_some() && media.kind() != MediaKind::Document {
        return Err(Error::invalid(
            PROVIDER,
            PATH,
            "only a document header takes a file name",
        ));
    }
    let link = media.url().to_string();
    Ok(match media.kind() {
        MediaKind::Image => TemplateParameter::Image {
            image: MediaObject::new().with_link(link),
        },
        MediaKind::Video => TemplateParameter::Video {
            video: MediaObject::new().with_link(link),
        },
        MediaKind::Document => {
            let mut document = DocumentObject::new().with_link(link);
            document.filename = media.file_name_text().map(str::to_string);
            TemplateParameter::Document { document }
        }
        MediaKind::Audio | MediaKind::Sticker => {
            return Err(Error::invalid(
                PROVIDER,
                PATH,
                format!(
                    "a template header is an image, video or document, not {}",
                    media.kind()
                ),
            ));
        }
    })
}

/// The neutral events of one webhook body (Cloud API envelope or On-Premise flat payload).
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    let payload = webhook::parse(body).map_err(|e| Error::webhook(PROVIDER, e))?;
    Ok(payload
        .events()
        .into_iter()
        .map(|event| match event {
            webhook::Event::Message {
                message,
                raw,
                contact,
                metadata,
            } => Event::Message(inbound(message, raw, contact, metadata)),
            webhook::Event::Status { status, .. } => Event::Status(status_update(status)),
            webhook::Event::Error { raw, .. } => {
                other_event("error".to_string(), raw_json(raw), None)
            }
            webhook::Event::Change {
                change: WebhookChange::MessageTemplateStatusUpdate(update),
                raw,
            } => match template_status(update) {
                Some(update) => Event::TemplateStatus(update),
                None => other_event(
                    "message_template_status_update".to_string(),
                    raw_json(raw),
                    None,
                ),
            },
            webhook::Event::Change { change, raw } => {
                other_event(change.tag().to_string(), raw_json(raw), None)
            }
            webhook::Event::Unparsed { at, raw, reason } => other_event(
                format!("unparsed_{}", item_name(at)),
                raw_json(raw),
                Some(reason.to_string()),
            ),
            // Kinds added to the provider crate later: an unnamed other event with its JSON.
            other => other_event(String::new(), raw_json(other.raw()), None),
        })
        .collect())
}

fn other_event(kind: String, raw: serde_json::Value, reason: Option<String>) -> Event {
    Event::Other(OtherEvent {
        provider: PROVIDER,
        kind: (!kind.is_empty()).then_some(kind),
        raw,
        reason,
    })
}

fn item_name(at: webhook::ItemKind) -> &'static str {
    use webhook::ItemKind as K;
    match at {
        K::Change => "change",
        K::Contact => "contact",
        K::Message => "message",
        K::Status => "status",
        K::Error => "error",
        _ => "item",
    }
}

/// The JSON of an item as received (always valid JSON: the parser checked it).
fn raw_json(raw: &webhook::RawValue) -> serde_json::Value {
    serde_json::from_str(raw.get()).unwrap_or(serde_json::Value::Null)
}

/// A `message_template_status_update` change: `event` is the status (a change without one is
/// kept as [`Event::Other`]); `reason` `NONE` (sent with approvals) is no reason; the words
/// come from `rejection_info.reason`, else `other_info.description` (pauses and locks), else
/// `other_info.title`.
fn template_status(update: &d360::TemplateStatusUpdate) -> Option<TemplateStatusUpdate> {
    let status = update.event.as_deref().filter(|e| !e.trim().is_empty())?;
    let rejection = update.rejection_info.as_ref();
    let other = update.other_info.as_ref();
    Some(TemplateStatusUpdate {
        provider: PROVIDER,
        status: TemplateStatus::from_provider(status),
        template_name: update.message_template_name.clone(),
        template_id: update
            .message_template_id
            .as_ref()
            .map(|id| id.as_str().to_string()),
        language: update.message_template_language.clone(),
        category: update.message_template_category.clone(),
        reason: update
            .reason
            .clone()
            .filter(|r| !r.trim().is_empty() && !r.eq_ignore_ascii_case("NONE")),
        detail: rejection
            .and_then(|r| r.reason.clone())
            .or_else(|| other.and_then(|o| o.description.clone()))
            .or_else(|| other.and_then(|o| o.title.clone())),
        recommendation: rejection.and_then(|r| r.recommendation.clone()),
    })
}

fn inbound(
    message: &d360::InboundMessage,
    raw: &webhook::RawValue,
    contact: Option<&d360::WebhookContact>,
    metadata: Option<&d360::WebhookMetadata>,
) -> InboundMessage {
    // `from` (or the business-scoped user id); the payload's contact when the message has none.
    let sender = message
        .sender()
        .or_else(|| contact.and_then(|c| c.wa_id.as_deref().or(c.user_id.as_deref())))
        .unwrap_or_default()
        .to_string();
    InboundMessage {
        provider: PROVIDER,
        sender,
        profile_name: contact
            .and_then(|c| c.profile.as_ref())
            .and_then(|p| p.name.clone()),
        business: metadata.map(|m| BusinessNumber {
            display_phone_number: m.display_phone_number.clone(),
            phone_number_id: m.phone_number_id.clone(),
        }),
        context: message.context.as_deref().map(|c| MessageContext {
            message_id: c.id.clone(),
            from: c.from.clone(),
            forwarded: c.forwarded.unwrap_or(false),
            frequently_forwarded: c.frequently_forwarded.unwrap_or(false),
        }),
        message_id: Some(message.id.clone()),
        timestamp: message.timestamp.as_str().trim().parse().ok(),
        content: content(message, || raw_json(raw)),
    }
}

/// The neutral content of a message; `raw` gives its JSON, read only for [`Content::Other`].
fn content(message: &d360::InboundMessage, raw: impl Fn() -> serde_json::Value) -> Content {
    let other = || Content::Other {
        kind: message.type_.as_ref().map(|t| t.as_str().to_string()),
        raw: raw(),
    };
    match message.kind() {
        InboundKind::Text(text) => match &text.body {
            Some(body) => Content::Text { body: body.clone() },
            None => other(),
        },
        InboundKind::Image(m) => media(MediaKind::Image, m),
        InboundKind::Video(m) => media(MediaKind::Video, m),
        InboundKind::Document(m) => media(MediaKind::Document, m),
        InboundKind::Audio(m) => media(MediaKind::Audio, m),
        InboundKind::Sticker(m) => media(MediaKind::Sticker, m),
        InboundKind::Location(l) => match (l.latitude, l.longitude) {
            (Some(latitude), Some(longitude)) => Content::Location {
                latitude,
                longitude,
                name: l.name.clone(),
                address: l.address.clone(),
            },
            _ => other(),
        },
        // A tap on a template's quick-reply button: the payload given when sending.
        InboundKind::Button(b) => match &b.payload {
            Some(payload) => Content::TemplateQuickReply {
                payload: payload.clone(),
                text: b.text.clone(),
            },
            None => other(),
        },
        InboundKind::ButtonReply(b) => match &b.id {
            Some(id) => Content::ButtonReply {
                id: id.clone(),
                title: b.title.clone(),
            },
            None => other(),
        },
        InboundKind::ListReply(l) => match &l.id {
            Some(id) => Content::ListReply {
                id: id.clone(),
                title: l.title.clone(),
                description: l.description.clone(),
            },
            None => other(),
        },
        // An empty or missing emoji is how the Cloud API reports a removed reaction.
        InboundKind::Reaction(r) => match (&r.message_id, r.emoji.as_deref()) {
            (Some(id), Some(emoji)) if !emoji.is_empty() => Content::Reaction {
                message_id: id.clone(),
                emoji: emoji.to_string(),
            },
            (Some(id), _) => Content::ReactionRemoved {
                message_id: id.clone(),
            },
            (None, _) => other(),
        },
        InboundKind::Order(o) => match order_items(&o.product_items) {
            Some(items) => Content::Order {
                catalog_id: o.catalog_id.clone(),
                items,
                text: o.text.clone(),
            },
            None => other(),
        },
        InboundKind::Contacts(cards) => Content::Contacts(cards.iter().map(contact_card).collect()),
        InboundKind::Edit(e) => match (&e.original_message_id, edited_content(&e.message)) {
            (Some(id), Some(content)) => Content::Edited {
                original_message_id: id.clone(),
                content: Box::new(content),
            },
            _ => other(),
        },
        InboundKind::Revoke(r) => match &r.original_message_id {
            Some(id) => Content::Deleted {
                original_message_id: id.clone(),
            },
            None => other(),
        },
        // Flow answers, call permission answers, system notices, unsupported messages and
        // unknown types.
        _ => other(),
    }
}

/// The products of an order; `None` (the order is kept raw) when a quantity or price is not
/// a number.
fn order_items(items: &[d360::OrderItem]) -> Option<Vec<OrderItem>> {
    items
        .iter()
        .map(|item| {
            let quantity = match &item.quantity {
                Some(q) => Some(q.as_str().trim().parse::<u64>().ok()?),
                None => None,
            };
            let unit_price = match &item.item_price {
                Some(p) => Some(
                    p.as_str()
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|p| p.is_finite())?,
                ),
                None => None,
            };
            Some(OrderItem {
                product_id: item.product_retailer_id.clone(),
                quantity,
                unit_price,
                currency: item.currency.clone(),
            })
        })
        .collect()
}

fn contact_card(c: &d360::Contact) -> ContactCard {
    super::cloud_contact_card!(c,
        formatted_name: Some(c.name.formatted_name.clone()).filter(|n| !n.is_empty()),
        first_name: c.name.first_name.clone(),
        middle_name: c.name.middle_name.clone(),
        last_name: c.name.last_name.clone(),
    )
}

/// The new content of an edited message: `edit.message` holds the message's `type` and
/// content object as a message does (without id and timestamp), and is read as one. `None`
/// when it does not fit a message.
fn edited_content(message: &serde_json::Map<String, serde_json::Value>) -> Option<Content> {
    let mut object = message.clone();
    object.entry("id").or_insert_with(|| "".into());
    object.entry("timestamp").or_insert_with(|| "0".into());
    let value = serde_json::Value::Object(object);
    let parsed: d360::InboundMessage = serde_json::from_value(value).ok()?;
    Some(content(&parsed, || {
        serde_json::Value::Object(message.clone())
    }))
}

/// Inbound media carries an id (download with `retrieve_media`), and sometimes a download
/// `url` (which still needs the API key).
fn media(kind: MediaKind, m: &d360::InboundMedia) -> Content {
    Content::Media {
        kind,
        id: m.id.clone(),
        url: m.url.clone(),
        mime_type: m.mime_type.clone(),
        caption: m.caption.clone(),
        file_name: m.filename.clone(),
    }
}
fn status_update(status: &d360::MessageStatus) -> StatusUpdate {
    StatusUpdate {
        provider: PROVIDER,
        message_id: status.id.clone(),
        status: match &status.status {
            StatusValue::Sent => Status::Sent,
            StatusValue::Delivered => Status::Delivered,
            StatusValue::Read => Status::Read,
            StatusValue::Failed => Status::Failed,
            other => Status::Other(other.as_str().to_string()),
        },
        recipient: status
            .recipient_id
            .clone()
            .or_else(|| status.recipient_user_id.clone()),
        timestamp: status.timestamp.as_str().trim().parse().ok(),
        error: status.errors.first().map(|e| match e.parsed() {
            Some(e) => StatusError {
                code: Some(e.code.to_string()),
                message: e
                    .message
                    .clone()
                    .or_else(|| e.title.clone())
                    .or_else(|| e.error_data.as_ref().and_then(|d| d.details.clone())),
            },
            // An error that does not fit the types: its JSON as the message.
            None => StatusError {
                code: None,
                message: Some(e.raw().get().to_string()),
            },
        }),
    }
}
