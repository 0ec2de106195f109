//! Short ways to build the common messages. Everything here builds the generated types; any
//! message can also be written out with them directly. Nothing is checked while building: a
//! message is checked against the spec once, when it is sent.

use waba_runtime::StringOrNumber;

use crate::types::{
    ApiResponseOutBoundRecieptObject, ApiResultsMetaCompactResponseMsgChannelObject,
    CommonMsgContactCard, CommonMsgLocation, CommonMsgOptions, CommonTemplateMeta, Message,
    OutBoundContact, OutBoundMsgMedia, OutBoundMsgText, TmplElement,
};
use crate::{Client, Error, ResponseValue};

impl OutBoundContact {
    /// A recipient by phone number ("Phone in case of SMS/WHATSAPP").
    pub fn phone(phone: impl Into<String>) -> Self {
        OutBoundContact {
            phone: Some(phone.into()),
            ..Default::default()
        }
    }

    /// A recipient by the contact id received in inbound payloads (`InBoundContact.contactId`).
    pub fn contact_id(contact_id: impl Into<String>) -> Self {
        OutBoundContact {
            contact_id: Some(contact_id.into()),
            ..Default::default()
        }
    }

    /// A recipient by email address (for email channels).
    pub fn email(email: impl Into<String>) -> Self {
        OutBoundContact {
            email: Some(email.into()),
            ..Default::default()
        }
    }
}

impl OutBoundMsgMedia {
    /// Media at a public URL, with an optional caption.
    pub fn link(link: impl Into<String>, caption: Option<&str>) -> Self {
        OutBoundMsgMedia {
            link: Some(link.into()),
            caption: caption.map(str::to_string),
            filename: None,
        }
    }
}

impl TmplElement {
    fn button(name: String, label: String, type_: crate::types::TmplElementType) -> Self {
        TmplElement {
            name,
            label: Some(label),
            type_: Some(type_),
            code: None,
            desc: None,
            phone: None,
            url: None,
        }
    }

    /// A quick-reply button: `name` and the text shown (`label`).
    pub fn quick_reply(name: impl Into<String>, label: impl Into<String>) -> Self {
        Self::button(
            name.into(),
            label.into(),
            crate::types::TmplElementType::QuickReply,
        )
    }

    /// A button that opens `url`.
    pub fn url(name: impl Into<String>, label: impl Into<String>, url: impl Into<String>) -> Self {
        TmplElement {
            url: Some(url.into()),
            ..Self::button(
                name.into(),
                label.into(),
                crate::types::TmplElementType::Url,
            )
        }
    }

    /// A button that calls `phone`.
    pub fn phone_number(
        name: impl Into<String>,
        label: impl Into<String>,
        phone: impl Into<String>,
    ) -> Self {
        TmplElement {
            phone: Some(phone.into()),
            ..Self::button(
                name.into(),
                label.into(),
                crate::types::TmplElementType::PhoneNumber,
            )
        }
    }
}

impl CommonMsgLocation {
    /// A location at these coordinates, written as JSON numbers; `None` for a NaN or infinite
    /// coordinate.
    pub fn at(latitude: f64, longitude: f64) -> Option<Self> {
        Some(CommonMsgLocation {
            latitude: StringOrNumber::float(latitude)?,
            longitude: StringOrNumber::float(longitude)?,
            address: None,
            name: None,
            url: None,
        })
    }
}

impl Message {
    /// A text message on channel `channel_id` (for example `wa360:919988776655`).
    pub fn text(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        body: impl Into<String>,
    ) -> Self {
        Message::new_text(channel_id, false, OutBoundMsgText { body: body.into() }, to)
    }

    /// A text message with buttons (`options.buttons`).
    pub fn buttons(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        body: impl Into<String>,
        buttons: impl IntoIterator<Item = TmplElement>,
    ) -> Self {
        Message::text(channel_id, to, body).with_buttons(buttons)
    }

    /// A template message: the template's `code` and language, with `data` for its
    /// placeholders added by [`Message::with_template_data`].
    pub fn template(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        code: impl Into<String>,
        lang: impl Into<String>,
    ) -> Self {
        let template = CommonTemplateMeta {
            code: Some(code.into()),
            lang: Some(lang.into()),
            ..Default::default()
        };
        Message::new_template(channel_id, false, template, to)
    }

    /// Sets a placeholder value of a template message; other messages are returned unchanged.
    pub fn with_template_data(
        mut self,
        key: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        if let Message::Template { template, .. } = &mut self {
            template.data.insert(key.into(), value.into());
        }
        self
    }

    /// An image by public link.
    pub fn image(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        image: OutBoundMsgMedia,
    ) -> Self {
        Message::new_image(channel_id, image, false, to)
    }

    /// A video by public link.
    pub fn video(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        video: OutBoundMsgMedia,
    ) -> Self {
        Message::new_video(channel_id, false, to, video)
    }

    /// An audio file by public link.
    pub fn audio(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        audio: OutBoundMsgMedia,
    ) -> Self {
        Message::new_audio(audio, channel_id, false, to)
    }

    /// A document by public link.
    pub fn document(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        document: OutBoundMsgMedia,
    ) -> Self {
        Message::new_document(channel_id, document, false, to)
    }

    /// A location (build it with [`CommonMsgLocation::at`]).
    pub fn location(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        location: CommonMsgLocation,
    ) -> Self {
        Message::new_location(channel_id, location, false, to)
    }

    /// One or more contact cards (an empty list is refused when the message is sent).
    pub fn contacts(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        cards: impl IntoIterator<Item = CommonMsgContactCard>,
    ) -> Self {
        Message::new_contacts(channel_id, cards.into_iter().collect::<Vec<_>>(), false, to)
    }

    /// Masks the outgoing message data (`mask`, false by default).
    pub fn with_mask(mut self, value: bool) -> Self {
        *self.mask_mut() = value;
        self
    }

    /// Adds buttons (`options.buttons`) to any message.
    pub fn with_buttons(mut self, buttons: impl IntoIterator<Item = TmplElement>) -> Self {
        self.options_mut()
            .get_or_insert_with(|| CommonMsgOptions {
                buttons: Vec::new(),
            })
            .buttons
            .extend(buttons);
        self
    }

    /// The recipient.
    pub fn recipient(&self) -> &OutBoundContact {
        self.to()
    }
}

impl ApiResponseOutBoundRecieptObject {
    /// The id of the sent message (`data.id`, or the first of `results`).
    pub fn message_id(&self) -> Option<&str> {
        self.data
            .as_ref()
            .and_then(|d| d.id.as_deref())
            .or_else(|| self.results.iter().find_map(|r| r.id.as_deref()))
    }
}

impl Client {
    /// Sends a message (`send_message`); the body is checked against the spec first.
    pub async fn send(
        &self,
        message: Message,
    ) -> Result<ResponseValue<ApiResponseOutBoundRecieptObject>, Error> {
        self.send_message(&message).await
    }

    /// Lists the configured channels, with sandbox channels when `include_sandbox`. The
    /// document names the query parameter both `sabdnox` (its table) and `sandbox` (its
    /// prose); both are sent with the same value.
    pub async fn list_channels_with_sandbox(
        &self,
        include_sandbox: bool,
    ) -> Result<ResponseValue<ApiResultsMetaCompactResponseMsgChannelObject>, Error> {
        self.list_channels(Some(include_sandbox), Some(include_sandbox))
            .await
    }
}
