//! The Channel360 adapter (see [`super`] for the contract): text and media are replies in a
//! conversation (`send_reply` to the app user `to`), templates are notifications
//! (`send_notification` to the phone number `to`). Channel360 documents no webhook payload, so
//! there are no neutral events.
//!
//! Readings (not stated by Channel360's document):
//! - The document shows a notification's `components` only as `[]`; the spec reads them as
//!   WhatsApp's template components. Body parameters, the header medium and button parameters
//!   are therefore written as WhatsApp Cloud API components: `{"type": "header", "parameters":
//!   [{"type": "image", "image": {"link"}}]}`, `{"type": "body", "parameters": [{"type":
//!   "text", "text"}]}` and `{"type": "button", "sub_type": "quick_reply" | "url", "index": n,
//!   "parameters": [{"type": "payload", "payload"} | {"type": "text", "text"}]}`, buttons
//!   numbered by their position among the neutral buttons (0 to 9).
//! - A template header takes no caption, and only a document header a file name: both are
//!   refused rather than dropped.
//! - A media reply's required `altText` ("the text shown with the medium") is the neutral
//!   caption; media without a caption are refused, since Channel360 requires the text.
//! - The neutral document is Channel360's `file` reply.
//! - The message id of a media reply is the stored message's `_id`, of a notification the
//!   notification's `_id`. A text reply answers without a body, so it has no id. No status
//!   event is documented that would name either.

use serde_json::{Map, Value, json};
use waba_channel360::ReplyMessage;
use waba_channel360::types::{
    NotificationLanguage, NotificationLanguageCode, NotificationMessage, NotificationRequest,
    NotificationRequestDestination, NotificationTemplate, NotificationTemplateName,
};

use super::{to_json, with_plus};
use crate::client::Settings;
use crate::{
    Capability, ConfigError, Error, Event, Media, MediaKind, Message, MessageContent, Provider,
    RecipientKind, Sent, Setting, Template, TemplateButton,
};

const PROVIDER: Provider = Provider::Channel360;

/// WhatsApp addresses template buttons by `index` 0 to 9.
const MAX_BUTTONS: usize = 10;

/// The Channel360 client (JWT and organisation id are set on it once).
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_channel360::Client,
}

super::adapter_backend!(Adapter, PROVIDER, recipient_kind = recipient_kind);

impl Adapter {
    /// Builds the Channel360 client from the JWT and the organisation id (and base URL, retry,
    /// timeouts).
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let token = settings.required(Setting::Token)?.clone();
        let org_id = settings.required(Setting::OrgId)?.expose().to_string();
        let builder = common_settings!(waba_channel360::Client::builder(token, org_id), settings);
        let client = builder.build().map_err(|e| settings.build_error(e))?;
        Ok(Adapter { client })
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_channel360::Client {
        &self.client
    }

    super::send_text_template_media!(PROVIDER);

    /// A text reply `{"text"}` to the app user `to`. Channel360 answers without a body, so the
    /// message id is `None`.
    pub(crate) async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        let app_user = app_user(to)?;
        self.reply(app_user, &ReplyMessage::text(body)).await
    }

    /// A template notification to `destination` (`to` with `+`): `name`, `language` (policy
    /// `deterministic`, `code`) and WhatsApp template `components` (a reading, see the module
    /// docs).
    pub(crate) async fn send_template(&self, to: &str, template: &Template) -> Result<Sent, Error> {
        let destination = NotificationRequestDestination::try_from(with_plus(to).as_str())
            .map_err(|e| Error::invalid(PROVIDER, "destination", e))?;
        let code = template.language_code().ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                "message.template.language.code",
                "Channel360 needs the template's language (Template::language)",
            )
        })?;
        let code = NotificationLanguageCode::try_from(code)
            .map_err(|e| Error::invalid(PROVIDER, "message.template.language.code", e))?;
        let name = NotificationTemplateName::try_from(template.reference())
            .map_err(|e| Error::invalid(PROVIDER, "message.template.name", e))?;
        let request = NotificationRequest::new(
            destination,
            NotificationMessage::new(NotificationTemplate::new(
                components(template)?,
                NotificationLanguage::new(code),
                name,
            )),
        );
        let answer = self
            .client
            .send_notification(&request)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            Some(answer.notification.id.clone()),
            to_json(&answer),
        ))
    }

    /// An `image`, `video` or `file` (the neutral document) reply `{"type", "mediaUrl",
    /// "altText"}` to the app user `to`; `altText` is the caption.
    pub(crate) async fn send_media(&self, to: &str, media: &Media) -> Result<Sent, Error> {
        let app_user = app_user(to)?;
        let kind = media.kind();
        if !matches!(
            kind,
            MediaKind::Image | MediaKind::Video | MediaKind::Document
        ) {
            return Err(Error::not_supported(PROVIDER, Capability::Media(kind)));
        }
        if media.file_name_text().is_some() {
            return Err(Error::not_supported(PROVIDER, Capability::FileName(kind)));
        }
        let alt_text = media.caption_text().ok_or_else(|| {
            Error::invalid(
                PROVIDER,
                "altText",
                "Channel360 needs the text shown with the medium: give a caption",
            )
        })?;
        let reply = match kind {
            MediaKind::Image => ReplyMessage::image(media.url(), alt_text),
            MediaKind::Video => ReplyMessage::video(media.url(), alt_text),
            _ => ReplyMessage::file(media.url(), alt_text),
        };
        self.reply(app_user, &reply).await
    }

    async fn reply(&self, app_user: &str, reply: &ReplyMessage) -> Result<Sent, Error> {
        let answer = self
            .client
            .send_reply(app_user, reply)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        Ok(Sent::new(
            PROVIDER,
            answer.as_ref().map(|a| a.message.id.clone()),
            to_json(&answer),
        ))
    }
}

/// What a message goes to: a template is a notification to a phone number (`destination`);
/// everything else is a reply in a conversation, to its app user id (the `{appUser}` of the
/// path), which the client checks as an id, not as a phone number.
fn recipient_kind(message: &Message) -> RecipientKind {
    match message.content() {
        MessageContent::Template(_) => RecipientKind::Phone,
        _ => RecipientKind::ProviderId,
    }
}

/// Replies go to the conversation's app user, an id Channel360 gives (not a phone number); it
/// is passed as given.
fn app_user(to: &str) -> Result<&str, Error> {
    let to = to.trim();
    if to.is_empty() {
        return Err(Error::invalid(PROVIDER, "appUser", "is empty"));
    }
    Ok(to)
}

/// The template's parameters as WhatsApp Cloud API components: header, body, buttons.
fn components(template: &Template) -> Result<Vec<Map<String, Value>>, Error> {
    let mut components = Vec::new();
    if let Some(media) = template.header_media() {
        components.push(json!({"type": "header", "parameters": [header_parameter(media)?]}));
    }
    if !template.body_parameters().is_empty() {
        let parameters: Vec<Value> = template
            .body_parameters()
            .iter()
            .map(|text| json!({"type": "text", "text": text}))
            .collect();
        components.push(json!({"type": "body", "parameters": parameters}));
    }
    if template.buttons().len() > MAX_BUTTONS {
        return Err(Error::invalid(
            PROVIDER,
            "message.template.components",
            format!(
                "has {} button parameters, WhatsApp allows at most {MAX_BUTTONS}",
                template.buttons().len()
            ),
        ));
    }
    for (index, button) in template.buttons().iter().enumerate() {
        components.push(match button {
            TemplateButton::QuickReply(payload) => json!({
                "type": "button", "sub_type": "quick_reply", "index": index,
                "parameters": [{"type": "payload", "payload": payload}]
            }),
            TemplateButton::UrlSuffix(suffix) => json!({
                "type": "button", "sub_type": "url", "index": index,
                "parameters": [{"type": "text", "text": suffix}]
            }),
        });
    }
    // Every component above is a JSON object; the crate's type is the object's map.
    Ok(components
        .into_iter()
        .filter_map(|c| match c {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .collect())
}

/// The header's one media parameter (by link).
fn header_parameter(media: &Media) -> Result<Value, Error> {
    const PATH: &str = "message.template.components[0].parameters[0]";
    if media.caption_text().is_some() {
        return Err(Error::invalid(
            PROVIDER,
            PATH,
            "a template header takes no caption",
        ));
    }
    let kind = media.kind();
    if media.file_name_text().is_some() && kind != MediaKind::Document {
        return Err(Error::invalid(
            PROVIDER,
            PATH,
            "only a document header takes a file name",
        ));
    }
    if !matches!(
        kind,
        MediaKind::Image | MediaKind::Video | MediaKind::Document
    ) {
        return Err(Error::invalid(
            PROVIDER,
            PATH,
            format!("a template header is an image, video or document, not {kind}"),
        ));
    }
    let mut object = json!({"link": media.url()});
    if let Some(file_name) = media.file_name_text() {
        object["filename"] = json!(file_name);
    }
    let kind = kind.as_str();
    Ok(json!({"type": kind, kind: object}))
}

/// Channel360 documents no webhook payload (only trigger names): there are no neutral events.
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    let _ = body;
    Err(Error::not_supported(PROVIDER, Capability::StatusUpdates))
}
