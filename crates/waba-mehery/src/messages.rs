//! Short ways to build the common messages. Everything here builds the generated types; any
//! message can also be written out with them directly. Nothing is checked while building: a
//! message is checked against the spec once, when it is sent.

use waba_runtime::StringOrNumber;

use crate::types::{
    ApiResponseOutBoundRecieptObject, ApiResultsMetaCompactResponseMsgChannelObject,
    CommonMsgLocation, CommonMsgOptions, Message, OutBoundContact, OutBoundMsgMedia, TmplElement,
};
use crate::{Client, Error, ResponseValue};

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
    /// A text message with buttons (`options.buttons`).
    pub fn buttons(
        channel_id: impl Into<String>,
        to: OutBoundContact,
        body: impl Into<String>,
        buttons: impl IntoIterator<Item = TmplElement>,
    ) -> Self {
        Message::text(channel_id, to, body).with_buttons(buttons)
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
