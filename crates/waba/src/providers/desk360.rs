//! The Desk360 adapter (see [`super`] for the contract).
//!
//! Desk360 sends through one WhatsApp integration (the configured integration id): text with
//! the text-message form, templates with the template form (numeric template id and numeric
//! `language_id`, body parameters keyed `body-1`, `body-2`, …), reply buttons with the
//! interactive message, and locations, location requests and contact cards with their own
//! JSON sends (reply-to and mark-as-read are not offered: no send has a quoted-message field,
//! and the read call needs the sender's number besides the message id). Its media sends and
//! template attachments are uploaded files, never URLs, so media messages, template header
//! media and (undocumented) template buttons are unsupported. Its webhooks carry one received message or
//! one status update each.

use waba_desk360::forms::{SendWhatsappTemplateForm, SendWhatsappTextMessageForm};
use waba_desk360::open_enums::MessageStatus;
use waba_desk360::types::{
    Contact as DeskContact, ContactEmail as DeskEmail, ContactMessage, ContactName, ContactOrg,
    ContactPhone as DeskPhone, ContactUrl as DeskUrl, InteractiveButton, InteractiveFooter,
    InteractiveHeader, InteractiveHeaderText, InteractiveMessage, LocationMessage,
    LocationRequestMessage,
};
use waba_desk360::webhook::{self, MessageKind};

use super::{to_json, with_plus};
use crate::client::Settings;
use crate::{
    Buttons, Capability, ConfigError, Contact, ContactCard, Content, Error, Event, InboundMessage,
    Media, MediaKind, MessageContent, Provider, Sent, Setting, Status, StatusUpdate, Template,
};

const PROVIDER: Provider = Provider::Desk360;

/// The Desk360 client and the integration every send goes through.
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_desk360::Client,
    /// The WhatsApp integration (`integrationId` of the send paths).
    integration_id: String,
}

super::adapter_backend!(Adapter, PROVIDER);

impl Adapter {
    /// Builds the client from an API token, or from an email and password (login on first
    /// use), and keeps the integration id.
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let integration_id = settings
            .required(Setting::IntegrationId)?
            .expose()
            .to_string();
        let email = settings.get(Setting::Email);
        let password = settings.get(Setting::Password);
        let builder = match (settings.get(Setting::Token), email, password) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(ConfigError::Invalid {
                    provider: PROVIDER,
                    setting: Setting::Token,
                    reason: "give a token, or an email and a password, not both".into(),
                });
            }
            (Some(token), None, None) => waba_desk360::Client::builder_with_token(token.clone()),
            (None, Some(email), Some(password)) => {
                waba_desk360::Client::builder_with_credentials(email.clone(), password.clone())
            }
            (None, _, _) => return Err(ConfigError::MissingLogin { provider: PROVIDER }),
        };
        let client = common_settings!(builder, settings)
            .build()
            .map_err(|e| settings.build_error(e))?;
        Ok(Adapter {
            client,
            integration_id,
        })
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_desk360::Client {
        &self.client
    }

    /// Maps a neutral message: text, templates, reply buttons (the interactive message),
    /// locations, location requests and contact cards; the other contents are not in
    /// Desk360's document (its capabilities say so).
    pub(crate) async fn send_message(
        &self,
        to: &str,
        message: &crate::Message,
    ) -> Result<Sent, Error> {
        let id = &self.integration_id;
        let answer = match message.content() {
            MessageContent::Text { body } => return self.send_text(to, body).await,
            MessageContent::Template(template) => return self.send_template(to, template).await,
            MessageContent::Media(media) => return self.send_media(to, media).await,
            MessageContent::Buttons(buttons) => {
                let body = interactive(to, buttons)?;
                self.client
                    .send_whatsapp_interactive_message(id, &body)
                    .await
            }
            MessageContent::Location(l) => {
                let body = LocationMessage::new(
                    with_plus(to),
                    l.latitude(),
                    l.longitude(),
                    l.name_text(),
                    l.address_text(),
                );
                self.client.send_whatsapp_location_message(id, &body).await
            }
            MessageContent::LocationRequest { body } => {
                let body = LocationRequestMessage::new(with_plus(to), body.as_str());
                self.client
                    .send_whatsapp_location_request_message(id, &body)
                    .await
            }
            MessageContent::Contacts(contacts) => {
                let cards = contacts
                    .iter()
                    .enumerate()
                    .map(|(i, c)| contact(i, c))
                    .collect::<Result<Vec<_>, _>>()?;
                let body = ContactMessage::new(cards, with_plus(to));
                self.client.send_whatsapp_contact_message(id, &body).await
            }
            _ => return Err(Error::unsupported_content(PROVIDER, message)),
        };
        let answer = answer
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            Some(answer.message_id.clone()),
            to_json(&answer),
        ))
    }

    /// Sends `body` with the text-message form to `to` (sent with `+`, as Desk360 requires).
    pub(crate) async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        let form = SendWhatsappTextMessageForm::new(with_plus(to), body);
        let answer = self
            .client
            .send_whatsapp_text_message(&self.integration_id, &form)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            Some(answer.message_id.clone()),
            to_json(&answer),
        ))
    }

    /// Sends `template` with the template form (as JSON: there is no attachment): the
    /// reference is the numeric `template_id`, the language the numeric `language_id`, and
    /// the body parameters go under `body-1`, `body-2`, … of the one destination.
    pub(crate) async fn send_template(&self, to: &str, template: &Template) -> Result<Sent, Error> {
        if template.header_media().is_some() {
            return Err(Error::not_supported(
                PROVIDER,
                Capability::TemplateHeaderMedia,
            ));
        }
        if !template.buttons().is_empty() {
            return Err(Error::not_supported(PROVIDER, Capability::TemplateButtons));
        }
        let form = template_form(to, template)?;
        let answer = self
            .client
            .send_whatsapp_template(&self.integration_id, &form)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            Some(answer.message_id.clone()),
            to_json(&answer),
        ))
    }

    /// Desk360 sends media as uploaded files only, never by URL.
    pub(crate) async fn send_media(&self, to: &str, media: &Media) -> Result<Sent, Error> {
        let _ = to;
        Err(Error::not_supported(
            PROVIDER,
            Capability::Media(media.kind()),
        ))
    }
}

/// The interactive message: `body`, `buttons[].{id,title}`, a text `header` (`type: text`)
/// and `footer.text`.
fn interactive(to: &str, buttons: &Buttons) -> Result<InteractiveMessage, Error> {
    let list = buttons
        .buttons()
        .iter()
        .map(|b| InteractiveButton::new(b.id.as_str(), b.title.as_str()))
        .collect::<Vec<_>>();
    let mut body = InteractiveMessage::new(buttons.body(), list, with_plus(to));
    if let Some(text) = buttons.header_text() {
        let text = InteractiveHeaderText::try_from(text.to_string())
            .map_err(|e| Error::invalid(PROVIDER, "header.text", e))?;
        body.header = Some(InteractiveHeader::Text { text });
    }
    body.footer = buttons.footer_text().map(InteractiveFooter::new);
    Ok(body)
}

/// A contact card: `name.{formatted_name,first_name,last_name}` (Desk360 requires the first
/// and last name), `phones[]`, `emails[]`, `urls[]`, `org.{company,title}`, `birthday`.
fn contact(i: usize, c: &Contact) -> Result<DeskContact, Error> {
    let required = |name: Option<&str>, field: &str| {
        name.map(str::to_string).ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                &format!("contacts[{i}].name.{field}"),
                "is required by Desk360 (Contact::first_name, Contact::last_name)",
            )
        })
    };
    let name = ContactName::new(
        required(c.first_name_text(), "first_name")?,
        c.formatted_name(),
        required(c.last_name_text(), "last_name")?,
    );
    let mut card = DeskContact::new(name);
    for p in c.phones() {
        let mut phone = DeskPhone::default();
        phone.phone = Some(p.phone.clone());
        phone.type_ = p.kind.clone();
        phone.wa_id = p.wa_id.clone();
        card.phones.push(phone);
    }
    for e in c.emails() {
        let mut email = DeskEmail::default();
        email.email = Some(e.email.clone());
        email.type_ = e.kind.clone();
        card.emails.push(email);
    }
    for u in c.urls() {
        let mut url = DeskUrl::default();
        url.url = Some(u.url.clone());
        url.type_ = u.kind.clone();
        card.urls.push(url);
    }
    if c.company().is_some() || c.job_title().is_some() {
        let mut org = ContactOrg::default();
        org.company = c.company().map(str::to_string);
        org.title = c.job_title().map(str::to_string);
        card.org = Some(org);
    }
    card.birthday = c.birthday_date().map(str::to_string);
    Ok(card)
}

/// The template form of a neutral template with body parameters only.
fn template_form(to: &str, template: &Template) -> Result<SendWhatsappTemplateForm, Error> {
    let template_id: i64 = template.reference().trim().parse().map_err(|_| {
        Error::invalid(
            PROVIDER,
            "template_id",
            format!(
                "`{}` is not a number: Desk360 names templates by their numeric id",
                template.reference()
            ),
        )
    })?;
    let language = template.language_code().ok_or_else(|| {
        Error::invalid(
            PROVIDER,
            "language_id",
            "is required: the numeric language_id of the template's translation",
        )
    })?;
    let language_id: i64 = language.trim().parse().map_err(|_| {
        Error::invalid(
            PROVIDER,
            "language_id",
            format!("`{language}` is not a number: Desk360 names a translation by its numeric language_id"),
        )
    })?;
    // The translation's `variables` name body variable {{n}} `body-n` (the document's
    // `[header-1, body-1, body-2]`); the neutral body parameters are {{1}}, {{2}}, … in order.
    let values = template
        .body_parameters()
        .iter()
        .enumerate()
        .map(|(i, value)| (format!("body-{}", i + 1), value.clone()));
    let mut form =
        SendWhatsappTemplateForm::new(template_id, language_id).to(with_plus(to), values);
    if template.body_parameters().is_empty() {
        // No variables: no empty `parameters` object.
        for destination in &mut form.destinations {
            destination.parameters = None;
        }
    }
    Ok(form)
}

/// The neutral events of one webhook body: one message or one status update.
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    let payload = webhook::parse(body).map_err(|e| Error::webhook(PROVIDER, e))?;
    let event = match payload.event() {
        Some(webhook::Event::Message(message)) => Event::Message(InboundMessage {
            provider: PROVIDER,
            // As the webhook gives it: digits without `+`.
            sender: message.from.clone(),
            // `name`: "the sender's profile name".
            profile_name: message.name.clone(),
            // Desk360 documents neither the receiving number nor a reply context.
            business: None,
            context: None,
            message_id: Some(message.id.clone()),
            timestamp: message
                .timestamp
                .as_deref()
                .and_then(|t| t.trim().parse().ok()),
            content: content(message, body),
        }),
        Some(webhook::Event::Status(update)) => Event::Status(StatusUpdate {
            provider: PROVIDER,
            message_id: update.id.clone(),
            status: status(&update.status),
            // The status update's `from` is the number the message was sent to.
            recipient: update.from.clone(),
            timestamp: None,
            error: None,
        }),
        // `parse` refuses a body with neither `messages` nor `statuses`.
        None => return Ok(Vec::new()),
    };
    Ok(vec![event])
}

/// The neutral status. Desk360 documents `delivered` and `read`; reading: `sent` and `failed`,
/// WhatsApp's other statuses, mean the same here if Desk360 passes them on.
fn status(status: &MessageStatus) -> Status {
    match status {
        MessageStatus::Delivered => Status::Delivered,
        MessageStatus::Read => Status::Read,
        MessageStatus::Other(s) if s == "sent" => Status::Sent,
        MessageStatus::Other(s) if s == "failed" => Status::Failed,
        MessageStatus::Other(s) => Status::Other(s.clone()),
        other => Status::Other(other.to_string()),
    }
}

/// What a received message carries.
fn content(message: &webhook::InboundMessage, body: &[u8]) -> Content {
    match message.kind() {
        MessageKind::Text(text) => Content::Text {
            body: text.to_string(),
        },
        MessageKind::Location(location) => match (location.latitude, location.longitude) {
            (Some(latitude), Some(longitude)) => Content::Location {
                latitude,
                longitude,
                name: location.name.clone(),
                address: location.address.clone(),
            },
            _ => other(message, body),
        },
        MessageKind::Media { media, attachments } => {
            let Some(kind) = media_kind(message.type_.as_str()) else {
                return other(message, body);
            };
            // Reading: `attachments` holds Desk360's stored copies by kind (`images` in the
            // document); the first copy of the message's kind gives the URL and its name.
            let stored = attachments
                .get(&format!("{}s", message.type_.as_str()))
                .and_then(|files| files.first())
                .or_else(|| {
                    attachments
                        .values()
                        .flatten()
                        .find(|f| f.type_.as_deref() == Some(message.type_.as_str()))
                });
            Content::Media {
                kind,
                id: media.media_id.clone(),
                url: stored.and_then(|f| f.url.clone()),
                mime_type: media.mime_type.clone(),
                // The media object's `message` (null in the document's example) is its caption.
                caption: media.message.clone(),
                file_name: stored.and_then(|f| f.name.clone()),
            }
        }
        MessageKind::Contacts(cards) => Content::Contacts(cards.iter().map(contact_card).collect()),
        MessageKind::Other => other(message, body),
    }
}

/// A shared contact card (the Cloud API's shape; `ims` has no neutral field).
fn contact_card(c: &webhook::InboundContact) -> ContactCard {
    let name = c.name.as_ref();
    super::cloud_contact_card!(c,
        formatted_name: name.and_then(|n| n.formatted_name.clone()),
        first_name: name.and_then(|n| n.first_name.clone()),
        middle_name: name.and_then(|n| n.middle_name.clone()),
        last_name: name.and_then(|n| n.last_name.clone()),
    )
}

/// The neutral kind of a received media `type`.
fn media_kind(kind: &str) -> Option<MediaKind> {
    Some(match kind {
        "image" => MediaKind::Image,
        "video" => MediaKind::Video,
        "audio" => MediaKind::Audio,
        "document" => MediaKind::Document,
        "sticker" => MediaKind::Sticker,
        _ => return None,
    })
}

/// Unknown kinds: the raw JSON of the message as Desk360 sent it.
fn other(message: &webhook::InboundMessage, body: &[u8]) -> Content {
    let raw = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|mut v| v.get_mut("messages").map(serde_json::Value::take))
        .unwrap_or_else(|| to_json(message));
    Content::Other {
        kind: Some(message.type_.as_str().to_string()),
        raw,
    }
}
