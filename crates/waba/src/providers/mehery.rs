//! The Mehery XMS adapter (see [`super`] for the contract).
//!
//! Sends go to `send_message` (`POST /api/v1/message/send`) on the channel of the
//! `ChannelId` setting, to an `OutBoundContact` by `phone`. Webhooks are the
//! `receive_notifications` call (`/api/v1/message/receive` in the document); the
//! `x-verify-token` header was checked before [`events`] runs.

use serde_json::Value;
use serde_json::value::RawValue;
use waba_mehery::types::{
    CommonMsgLocation, CommonTemplateMeta, InBoundAction, InBoundContact, InBoundEvent, InBoundMsg,
    InBoundMsgMedia, InBoundMsgStatus, OutBoundMsgMedia, TmplElement,
};
use waba_mehery::webhook::{InBoundKind, WebhookError, parse_notification_raw};
use waba_mehery::{Message, OutBoundContact, open_enums::MessageStatusCode};

use super::{to_json, without_plus};
use crate::client::Settings;
use crate::{
    BusinessNumber, Buttons, Capability, ConfigError, Content, CtaUrl, Error, Event,
    InboundMessage, Location, Media, MediaKind, MessageContent, OtherEvent, Provider, Sent,
    Setting, Status, StatusError, StatusUpdate, Template,
};

const PROVIDER: Provider = Provider::Mehery;

/// The Mehery client and the channel every message goes out on.
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_mehery::Client,
    /// `channelId` of every message, for example `wa360:919988776655`.
    channel_id: String,
}

super::adapter_backend!(Adapter, PROVIDER);

impl Adapter {
    /// Builds the client from the API key (`x-api-key`), the optional API id (`x-api-id`)
    /// and the common settings; keeps the channel id for the sends.
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let api_key = settings.required(Setting::ApiKey)?.clone();
        let channel_id = settings.required(Setting::ChannelId)?.expose().to_string();
        let mut builder = waba_mehery::Client::builder(api_key);
        if let Some(api_id) = settings.get(Setting::ApiId) {
            builder = builder.api_id(api_id.clone());
        }
        let client = common_settings!(builder, settings)
            .build()
            .map_err(|e| settings.build_error(e))?;
        Ok(Adapter { client, channel_id })
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_mehery::Client {
        &self.client
    }

    /// Maps a neutral message: text, templates, media, locations, reply buttons and a
    /// call-to-action URL button (a text with `options.buttons`); the other contents are not
    /// carried by Mehery's document (its capabilities say so).
    pub(crate) async fn send_message(
        &self,
        to: &str,
        message: &crate::Message,
    ) -> Result<Sent, Error> {
        match message.content() {
            MessageContent::Text { body } => self.send_text(to, body).await,
            MessageContent::Template(template) => self.send_template(to, template).await,
            MessageContent::Media(media) => self.send_media(to, media).await,
            MessageContent::Location(location) => self.send_location(to, location).await,
            MessageContent::Buttons(buttons) => self.send_buttons(to, buttons).await,
            MessageContent::CtaUrl(cta) => self.send_cta_url(to, cta).await,
            _ => Err(Error::unsupported_content(PROVIDER, message)),
        }
    }

    /// A `location` message: `location.latitude` and `.longitude` as JSON numbers, `.name`
    /// and `.address` when given (the document's `url` has no neutral field).
    async fn send_location(&self, to: &str, l: &Location) -> Result<Sent, Error> {
        let to = recipient(to)?;
        let mut location = CommonMsgLocation::at(l.latitude(), l.longitude()).ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                "location",
                "the coordinates must be finite numbers",
            )
        })?;
        location.name = l.name_text().map(str::to_string);
        location.address = l.address_text().map(str::to_string);
        self.send(Message::location(self.channel_id.clone(), to, location))
            .await
    }

    /// Reply buttons: a `text` message whose `text.body` is the body and whose
    /// `options.buttons` are one `QUICK_REPLY` element per button, in order: `code` is the id,
    /// `label` the title, and `name` (the one property the document requires of an element,
    /// undescribed) the id as well. A header or footer has no place in the message: refused.
    async fn send_buttons(&self, to: &str, b: &Buttons) -> Result<Sent, Error> {
        no_header_or_footer(b.header_text(), b.footer_text())?;
        let elements = b.buttons().iter().map(|button| {
            TmplElement::quick_reply(button.id.as_str(), button.title.as_str())
                .with_code(button.id.as_str())
        });
        self.send_with_buttons(to, b.body(), elements).await
    }

    /// A call-to-action URL button: a `text` message whose `text.body` is the body, with one
    /// `URL` element in `options.buttons`: `label` and `name` the display text, `url` the URL.
    /// A header or footer has no place in the message: refused.
    async fn send_cta_url(&self, to: &str, cta: &CtaUrl) -> Result<Sent, Error> {
        no_header_or_footer(cta.header_text(), cta.footer_text())?;
        let element = TmplElement::url(cta.display_text(), cta.display_text(), cta.url());
        self.send_with_buttons(to, cta.body(), [element]).await
    }

    /// A `text` message with `body` and `options.buttons`.
    async fn send_with_buttons(
        &self,
        to: &str,
        body: &str,
        buttons: impl IntoIterator<Item = TmplElement>,
    ) -> Result<Sent, Error> {
        if body.trim().is_empty() {
            return Err(Error::invalid(PROVIDER, "body", "must not be empty"));
        }
        let message = Message::buttons(self.channel_id.clone(), recipient(to)?, body, buttons);
        self.send(message).await
    }

    /// A `text` message.
    pub(crate) async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        if body.trim().is_empty() {
            return Err(Error::invalid(PROVIDER, "text.body", "must not be empty"));
        }
        let message = Message::text(self.channel_id.clone(), recipient(to)?, body);
        self.send(message).await
    }

    /// A `template` message: `template.code` is the neutral reference, `template.lang` the
    /// language (left out when none is given: the document marks it optional), and the body
    /// parameters go into `template.data`.
    pub(crate) async fn send_template(&self, to: &str, t: &Template) -> Result<Sent, Error> {
        // The document's template object (`CommonTemplateMeta`: code, data, id, lang, linked)
        // has no header media and no per-button parameters; `options.buttons` adds new buttons
        // to a message rather than filling the buttons of an approved template.
        if t.header_media().is_some() {
            return Err(Error::not_supported(
                PROVIDER,
                Capability::TemplateHeaderMedia,
            ));
        }
        if !t.buttons().is_empty() {
            return Err(Error::not_supported(PROVIDER, Capability::TemplateButtons));
        }
        let code = t.reference().trim();
        if code.is_empty() {
            return Err(Error::invalid(
                PROVIDER,
                "template.code",
                "must not be empty",
            ));
        }
        let to = recipient(to)?;
        // Reading: `data` "will be used to resolve placeholders in template"; the document
        // only shows named keys (`amount`, `currency`). The neutral parameters are positional,
        // so the value of `{{1}}` is sent under the key "1", of `{{2}}` under "2", and so on,
        // each as a JSON string.
        let data: serde_json::Map<String, Value> = t
            .body_parameters()
            .iter()
            .enumerate()
            .map(|(i, value)| ((i + 1).to_string(), Value::String(value.clone())))
            .collect();
        let message = Message::Template {
            channel_id: self.channel_id.clone(),
            mask: false,
            options: None,
            to,
            template: {
                let mut meta = CommonTemplateMeta::new().with_code(code).with_data(data);
                meta.lang = t.language_code().map(str::to_string);
                meta
            },
        };
        self.send(message).await
    }

    /// An `image`, `video`, `audio` or `document` message by `link`, with `caption` and
    /// `filename` when given (the document shows both on every kind).
    pub(crate) async fn send_media(&self, to: &str, m: &Media) -> Result<Sent, Error> {
        let field = m.kind().as_str();
        if m.url().trim().is_empty() {
            return Err(Error::invalid(
                PROVIDER,
                &format!("{field}.link"),
                "must not be empty",
            ));
        }
        let to = recipient(to)?;
        let channel = self.channel_id.clone();
        let mut media = OutBoundMsgMedia::link(m.url(), m.caption_text());
        if let Some(name) = m.file_name_text() {
            media = media.with_filename(name);
        }
        let message = match m.kind() {
            MediaKind::Image => Message::image(channel, to, media),
            MediaKind::Video => Message::video(channel, to, media),
            MediaKind::Audio => Message::audio(channel, to, media),
            MediaKind::Document => Message::document(channel, to, media),
            kind => {
                return Err(Error::not_supported(PROVIDER, Capability::Media(kind)));
            }
        };
        self.send(message).await
    }

    /// Sends `message`; the message id is the receipt's `data.id` (or the first of
    /// `results`), the id `statuses[].id` names later.
    async fn send(&self, message: Message) -> Result<Sent, Error> {
        match self.client.send(message).await {
            Ok(answer) => Ok(Sent::new(
                PROVIDER,
                answer.message_id().map(str::to_string),
                to_json(&*answer),
            )),
            Err(e) => Err(Error::request(PROVIDER, e)),
        }
    }
}

/// Mehery's `text` message has only a `body` (`OutBoundMsgText`): the header or footer of an
/// interactive message is refused, naming the neutral field, rather than dropped.
fn no_header_or_footer(header: Option<&str>, footer: Option<&str>) -> Result<(), Error> {
    for (field, value) in [("header", header), ("footer", footer)] {
        if value.is_some() {
            return Err(Error::invalid(
                PROVIDER,
                field,
                format_args!(
                    "has no place on Mehery, which carries no {field}: its text message has a \
                     body and buttons only; leave it out or put its words in the body"
                ),
            ));
        }
    }
    Ok(())
}

/// The recipient by phone. The document shows phone numbers as digits with the country code
/// and no `+` (`919988776655`), so the neutral `to` is sent without its `+`.
fn recipient(to: &str) -> Result<OutBoundContact, Error> {
    let phone = without_plus(to);
    if phone.is_empty() {
        return Err(Error::invalid(PROVIDER, "to.phone", "must not be empty"));
    }
    Ok(OutBoundContact::phone(phone))
}

/// The neutral events of one `receive_notifications` body.
///
/// - `messages[]` become [`Event::Message`] by `type`: `text`, `image`, `video`, `audio`,
///   `voice` (as audio), `document`, `location`; `system`, unknown types and a type whose
///   content is missing become [`Content::Other`] with the message's raw JSON.
/// - `statuses[]` become [`Event::Status`]: `SENT`, `DLVRD`, `READ`, `FAILD` are sent,
///   delivered, read, failed; `DELTD` and unknown codes are [`Status::Other`] as spelt.
/// - `events[]` (session events such as `SESSION_ROUTED`) and `actions[]` (such as
///   `SEND_INVOICE`) are neither messages nor statuses: each becomes an [`Event::Other`]
///   whose `kind` is the `eventCode` / `actionCode` and `raw` the element's JSON.
/// - `contacts[]` and `meta` describe the senders and the source of the notification; they
///   are not something that happened and give no event.
///
/// The `contact_info` call (`/api/v1/contact/info`) is Mehery asking your server for a
/// contact's details and waits for a `ContactInfoUpdate` answer: such a body is refused as
/// [`WebhookError::Malformed`] with a reason that says so, rather than answered with no
/// events (handle that path with `waba::mehery::webhook::Verifier::contact_info`).
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    // One read: the typed notification, and the text of each message, event and action as
    // received (for `Content::Other` and `OtherEvent::raw`), borrowed from the body.
    let read = parse_notification_raw(body).map_err(|e| Error::webhook(PROVIDER, e))?;
    let wrapper = &read.notification;
    let nothing = wrapper.type_.is_none()
        && wrapper.messages.is_empty()
        && wrapper.statuses.is_empty()
        && wrapper.events.is_empty()
        && wrapper.actions.is_empty()
        && wrapper.contacts.is_empty()
        && wrapper.meta.is_none();
    if nothing && waba_mehery::webhook::contact_info_call(body).is_some() {
        return Err(malformed(
            "this is Mehery's contact-info call (`/api/v1/contact/info`, an `InBoundContact`), \
             not a notification: it expects a `ContactInfoUpdate` answer; handle it with \
             `waba::mehery::webhook::Verifier::contact_info`"
                .to_string(),
        ));
    }

    let mut out = Vec::with_capacity(
        wrapper.messages.len()
            + wrapper.statuses.len()
            + wrapper.events.len()
            + wrapper.actions.len(),
    );
    for (i, (message, raw)) in wrapper.messages.iter().zip(&read.messages).enumerate() {
        let contact = contact_of(message, &wrapper.contacts);
        out.push(Event::Message(inbound(i, message, raw, contact)?));
    }
    for (i, status) in wrapper.statuses.iter().enumerate() {
        out.push(Event::Status(status_update(i, status)?));
    }
    for (event, raw) in wrapper.events.iter().zip(&read.events) {
        out.push(Event::Other(session_event(event, value(raw))));
    }
    for (action, raw) in wrapper.actions.iter().zip(&read.actions) {
        out.push(Event::Other(action_event(action, value(raw))));
    }
    Ok(out)
}

/// An item's text as a `Value` (the neutral events keep raw JSON as values). The text is a
/// JSON value the read above took from the body, so it parses.
fn value(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

fn malformed(reason: String) -> Error {
    Error::webhook(PROVIDER, WebhookError::Malformed { reason })
}

/// Reading: the document calls `timestamp` "message-timestamp" without a unit and its
/// example (`156753339076`) fits neither seconds nor milliseconds of a recent date; Mehery's
/// other timestamps (the answer envelope's `1541276788518`) are epoch milliseconds. A value
/// of 10^11 or more (later than the year 5000 in seconds) is taken as milliseconds and
/// converted to seconds; a smaller one is taken as seconds.
fn seconds(timestamp: i64) -> i64 {
    if timestamp.abs() >= 100_000_000_000 {
        timestamp / 1000
    } else {
        timestamp
    }
}

/// The notification's contact a message is from: the one with the message's `contactId`,
/// else the one whose profile phone is the message's `from`, else the only one.
fn contact_of<'a>(m: &InBoundMsg, contacts: &'a [InBoundContact]) -> Option<&'a InBoundContact> {
    let by_id = m.contact_id.as_deref().and_then(|id| {
        contacts
            .iter()
            .find(|c| c.contact_id.as_ref().is_some_and(|c| c.as_str() == id))
    });
    let by_phone = || {
        let from = m.from.as_ref()?.as_str();
        contacts.iter().find(|c| {
            c.profile
                .as_ref()
                .and_then(|p| p.phone.as_ref())
                .is_some_and(|p| p.as_str() == from)
        })
    };
    by_id
        .or_else(by_phone)
        .or_else(|| (contacts.len() == 1).then(|| &contacts[0]))
}

/// One inbound message: sender `from`, id `id` (the service's, as statuses name messages);
/// from its contact ([`contact_of`]) the profile name `profile.name` and the business number:
/// `lane` ("contact used by user while sending message, eg your business number") and the
/// channel id `channelId`.
fn inbound(
    i: usize,
    m: &InBoundMsg,
    raw: &RawValue,
    contact: Option<&InBoundContact>,
) -> Result<InboundMessage, Error> {
    let sender = m
        .from
        .as_ref()
        .map(|f| f.as_str().to_string())
        .ok_or_else(|| malformed(format!("messages[{i}] has no `from`")))?;
    let business = contact
        .filter(|c| c.lane.is_some() || c.channel_id.is_some())
        .map(|c| BusinessNumber {
            display_phone_number: c.lane.as_ref().map(|l| l.as_str().to_string()),
            phone_number_id: c.channel_id.clone(),
        });
    Ok(InboundMessage {
        provider: PROVIDER,
        sender,
        profile_name: contact
            .and_then(|c| c.profile.as_ref())
            .and_then(|p| p.name.clone()),
        business,
        // Mehery documents no reply context.
        context: None,
        message_id: m.id.as_ref().map(|id| id.as_str().to_string()),
        timestamp: m.timestamp.map(seconds),
        content: content(m, raw),
    })
}

/// The content of a message; its raw JSON is read into a `Value` only for [`Content::Other`].
fn content(m: &InBoundMsg, raw: &RawValue) -> Content {
    let media = |kind: MediaKind, media: &InBoundMsgMedia| Content::Media {
        kind,
        id: media.id.as_ref().map(|id| id.as_str().to_string()),
        // Reading: `linkSecure` ("secure-link-to-file", https) is preferred to `link`
        // ("link-to-file", shown as "http(s)://...").
        url: media.link_secure.clone().or_else(|| media.link.clone()),
        mime_type: media.mime_type.clone(),
        caption: media.caption.clone(),
        file_name: media.filename.clone(),
    };
    let other = |kind: &str, raw: &RawValue| Content::Other {
        kind: (!kind.is_empty()).then(|| kind.to_string()),
        raw: value(raw),
    };
    match m.kind() {
        InBoundKind::Text(text) => match &text.body {
            Some(body) => Content::Text { body: body.clone() },
            None => other("text", raw),
        },
        InBoundKind::Image(x) => media(MediaKind::Image, x),
        InBoundKind::Video(x) => media(MediaKind::Video, x),
        InBoundKind::Audio(x) => media(MediaKind::Audio, x),
        // A voice note is audio ([`MediaKind::Audio`] covers voice notes).
        InBoundKind::Voice(x) => media(MediaKind::Audio, x),
        InBoundKind::Document(x) => media(MediaKind::Document, x),
        InBoundKind::Location(l) => {
            match (
                l.latitude.as_str().trim().parse::<f64>(),
                l.longitude.as_str().trim().parse::<f64>(),
            ) {
                (Ok(latitude), Ok(longitude)) if latitude.is_finite() && longitude.is_finite() => {
                    Content::Location {
                        latitude,
                        longitude,
                        name: l.name.clone(),
                        address: l.address.clone(),
                    }
                }
                _ => other("location", raw),
            }
        }
        InBoundKind::Other { type_name } => other(type_name, raw),
        // `InBoundKind` is non-exhaustive: a kind added later is kept raw.
        _ => other(m.type_.as_ref().map_or("", |t| t.as_str()), raw),
    }
}

/// One status: message id `id` ("Unique Message Id assigned by Service", the id the send
/// receipt gives), recipient `contactId` (Mehery's contact id, as sent), the first of
/// `errors` as the error.
fn status_update(i: usize, s: &InBoundMsgStatus) -> Result<StatusUpdate, Error> {
    let message_id =
        s.id.as_ref()
            .map(|id| id.as_str().to_string())
            .ok_or_else(|| malformed(format!("statuses[{i}] has no `id`")))?;
    let status = match &s.status {
        Some(MessageStatusCode::Sent) => Status::Sent,
        Some(MessageStatusCode::Dlvrd) => Status::Delivered,
        Some(MessageStatusCode::Read) => Status::Read,
        Some(MessageStatusCode::Faild) => Status::Failed,
        // `DELTD` (deleted) and codes added later, as the provider spells them.
        Some(other) => Status::Other(other.as_str().to_string()),
        None => return Err(malformed(format!("statuses[{i}] has no `status`"))),
    };
    // The document's example pairs `DLVRD` with an error 470: the error is kept whatever the
    // status. Its `title` holds the text (described as "Error code", but the example shows
    // the message); `details` is used when there is no title.
    let error = s.errors.first().map(|e| StatusError {
        code: e.code.as_ref().map(|c| c.as_str().to_string()),
        message: e.title.clone().or_else(|| e.details.clone()),
    });
    Ok(StatusUpdate {
        provider: PROVIDER,
        message_id,
        status,
        recipient: s.contact_id.clone(),
        timestamp: s.timestamp.map(seconds),
        error,
    })
}

/// A session event (`SESSION_ROUTED`, …): `kind` is its `eventCode`.
fn session_event(e: &InBoundEvent, raw: Value) -> OtherEvent {
    OtherEvent {
        provider: PROVIDER,
        kind: e.event_code.as_ref().map(|c| c.as_str().to_string()),
        raw,
        reason: None,
    }
}

/// An action of an agent or the service: `kind` is its `actionCode`.
fn action_event(a: &InBoundAction, raw: Value) -> OtherEvent {
    OtherEvent {
        provider: PROVIDER,
        kind: a.action_code.clone(),
        raw,
        reason: None,
    }
}
