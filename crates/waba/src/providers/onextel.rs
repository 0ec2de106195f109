//! The Onextel 365cx.io adapter (see [`super`] for the contract).
//!
//! 365cx.io sends templates only, all on one endpoint (`send_message`): the neutral template
//! becomes `message.template` of a [`SendMessageRequest`] from the configured sender, in the
//! configured journey. Its only webhook is the delivery event POSTed to the send's
//! `callbackUrl`, which becomes a [`StatusUpdate`].

use waba_onextel::{Button, DeliveryStatus, MediaType, SendMessageRequest};

use super::{to_json, without_plus};
use crate::client::Settings;
use crate::{
    Capability, ConfigError, Error, Event, Media, MediaKind, Provider, Sent, Setting, Status,
    StatusError, StatusUpdate, Template, TemplateButton,
};

const PROVIDER: Provider = Provider::Onextel;

/// The Onextel client and the settings every send needs.
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_onextel::Client,
    /// The business number the messages are sent from (`from`), without `+`.
    sender: String,
    /// The journey the messages belong to (`journeyId`).
    journey_id: String,
    /// Where delivery events go (`callbackUrl`), if configured.
    callback_url: Option<String>,
}

super::adapter_backend!(Adapter, PROVIDER);

impl Adapter {
    /// Builds the client (email and password login on first use) and keeps the sender, the
    /// journey id and the callback URL for the sends.
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let email = settings.required(Setting::Email)?.clone();
        let password = settings.required(Setting::Password)?.clone();
        // Reading: the document's `from` and `to` are bare digits in every sample, so the
        // configured sender is normalised like the recipient (no leading `+`).
        let sender = without_plus(settings.required(Setting::Sender)?.expose()).to_string();
        let journey_id = settings.required(Setting::JourneyId)?.expose().to_string();
        let callback_url = settings.text(Setting::CallbackUrl).map(str::to_string);
        let builder = common_settings!(waba_onextel::Client::builder(email, password), settings);
        let client = builder.build().map_err(|e| settings.build_error(e))?;
        Ok(Adapter {
            client,
            sender,
            journey_id,
            callback_url,
        })
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_onextel::Client {
        &self.client
    }

    super::send_text_template_media!(PROVIDER);

    /// 365cx.io documents template sends only.
    pub(crate) async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        let _ = (to, body);
        Err(Error::not_supported(PROVIDER, Capability::Text))
    }

    /// Sends `template` (`templateId` = the reference; the language is not sent, the template
    /// id fixes it) from the configured sender in the configured journey.
    pub(crate) async fn send_template(&self, to: &str, template: &Template) -> Result<Sent, Error> {
        let message = self.message(to, template)?;
        let answer = self
            .client
            .send(&message)
            .await
            .map_err(|e| Error::request(PROVIDER, e))?
            .into_inner();
        let id = answer.message_id().map(str::to_string);
        Ok(Sent::new(PROVIDER, id, to_json(&answer)))
    }

    /// 365cx.io documents template sends only (media goes in a media template's header).
    pub(crate) async fn send_media(&self, to: &str, media: &Media) -> Result<Sent, Error> {
        let _ = to;
        Err(Error::not_supported(
            PROVIDER,
            Capability::Media(media.kind()),
        ))
    }

    /// The typed request of a neutral template; refuses what 365cx.io cannot carry (the rest
    /// is checked against the spec when it is sent).
    fn message(&self, to: &str, template: &Template) -> Result<SendMessageRequest, Error> {
        let mut typed = waba_onextel::Template::new(template.reference());
        if !template.body_parameters().is_empty() {
            typed = typed.with_body_values(template.body_parameters().iter().cloned());
        }
        if let Some(header) = template.header_media() {
            typed = typed.with_media(header_media(header)?);
        }
        for button in template.buttons() {
            typed = typed.with_button(match button {
                TemplateButton::QuickReply(payload) => Button::quick_reply(payload.clone()),
                TemplateButton::UrlSuffix(suffix) => Button::url(suffix.clone()),
            });
        }
        let mut message =
            SendMessageRequest::new(&self.sender, without_plus(to), &self.journey_id, typed);
        if let Some(url) = &self.callback_url {
            message = message.with_callback_url(url);
        }
        Ok(message)
    }
}

/// The `media` of a media template: `IMAGE`, `DOC` (the document says "DOC for pdf
/// templates") or `VIDEO`, with the file name if given. 365cx.io has no audio templates and
/// no caption on a template's media.
fn header_media(media: &Media) -> Result<waba_onextel::Media, Error> {
    let type_ = match media.kind() {
        MediaKind::Image => MediaType::Image,
        MediaKind::Video => MediaType::Video,
        MediaKind::Document => MediaType::Doc,
        other => {
            return Err(Error::invalid(
                PROVIDER,
                "message.template.media.type",
                format!("365cx.io template media is IMAGE, DOC or VIDEO, not {other}"),
            ));
        }
    };
    if media.caption_text().is_some() {
        return Err(Error::invalid(
            PROVIDER,
            "message.template.media",
            "365cx.io template media has no caption (the template's text is its body)",
        ));
    }
    let mut typed = waba_onextel::Media::new(type_, media.url());
    if let Some(name) = media.file_name_text() {
        typed = typed.with_file_name(name);
    }
    Ok(typed)
}

/// The neutral events of one delivery callback: always one [`StatusUpdate`].
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    let event = waba_onextel::webhook::parse(body).map_err(|e| Error::webhook(PROVIDER, e))?;
    let status = match event.status() {
        DeliveryStatus::Sent => Status::Sent,
        DeliveryStatus::Delivered => Status::Delivered,
        DeliveryStatus::Read => Status::Read,
        DeliveryStatus::Failed => Status::Failed,
        other => Status::Other(other.as_str().to_string()),
    };
    // Reading: the error object is described as "error details if the message delivery
    // fails", yet the document's sample carries one (code "0", "Failed Retry") on a DELIVERED
    // event. Only the status says whether the message failed, so the error is reported with
    // FAILED events only.
    let error = event
        .error_details()
        .filter(|_| event.is_failed())
        .map(|e| StatusError {
            code: e.code.clone(),
            message: e.message.clone(),
        });
    Ok(vec![Event::Status(StatusUpdate {
        provider: PROVIDER,
        message_id: event.message_id().to_string(),
        status,
        // The event's `to` is the recipient of the message the event is about.
        recipient: event.to.clone(),
        timestamp: event.timestamp_seconds(),
        error,
    })])
}
