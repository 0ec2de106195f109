//! Short ways to build the common requests. Everything here builds the generated types; any
//! request can also be written out with them directly. Nothing is checked while building: a
//! request is checked against the spec once, when it is sent.

use crate::forms::{
    BulkSendWhatsappTemplateForm, MarkWhatsappMessagesReadForm, SendWhatsappMediaMessageForm,
    SendWhatsappTemplateForm, SendWhatsappTextMessageForm,
};
use crate::types::{
    BulkDestination, InteractiveButton, InteractiveMessage, Location, LocationMessage,
    LocationRequestMessage, LocationRequestMessageBody, MessageSent, MessagesRead, Phone,
    ReadMessagesMessageIdsItem, TemplateDestination, TemplateParameters, TextMessageText,
};
use crate::{Client, Error, FilePart, ResponseValue};

fn parameters<K: Into<String>, V: Into<String>>(
    values: impl IntoIterator<Item = (K, V)>,
) -> TemplateParameters {
    TemplateParameters(
        values
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
    )
}

impl SendWhatsappTextMessageForm {
    /// A text message (1 to 4096 characters) to `to` (`+` and a country code).
    pub fn new(to: impl Into<String>, text: impl Into<String>) -> Self {
        SendWhatsappTextMessageForm {
            to: Phone::from_spec_unchecked(to.into()),
            text: TextMessageText::from_spec_unchecked(text.into()),
        }
    }
}

impl MarkWhatsappMessagesReadForm {
    /// Marks the received messages `message_ids` (`messages.id` of webhooks) from `to` as read.
    pub fn new<S: Into<String>>(
        to: impl Into<String>,
        message_ids: impl IntoIterator<Item = S>,
    ) -> Self {
        MarkWhatsappMessagesReadForm {
            to: Phone::from_spec_unchecked(to.into()),
            message_ids: message_ids
                .into_iter()
                .map(|id| ReadMessagesMessageIdsItem::from_spec_unchecked(id.into()))
                .collect(),
        }
    }
}

impl SendWhatsappMediaMessageForm {
    /// Media messages: 1 to 5 files of at most 20 MB each.
    pub fn new(to: impl Into<String>, files: impl IntoIterator<Item = FilePart>) -> Self {
        SendWhatsappMediaMessageForm {
            to: Phone::from_spec_unchecked(to.into()),
            attachments: files.into_iter().collect(),
        }
    }
}

impl SendWhatsappTemplateForm {
    /// A template send without recipients yet (add them with [`Self::to`]). `template_id` is
    /// the template's `id` and `language_id` the `language_id` of one of its translations
    /// (`list_whatsapp_templates`).
    pub fn new(template_id: i64, language_id: i64) -> Self {
        SendWhatsappTemplateForm {
            template_id,
            language_id,
            destinations: Vec::new(),
            attachment: None,
        }
    }

    /// Adds a recipient with its parameters, keyed by the translation's `variables`
    /// (`header-1`, `body-1`, …).
    pub fn to<K: Into<String>, V: Into<String>>(
        mut self,
        number: impl Into<String>,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.destinations
            .push(TemplateDestination::new(number).with_parameters(parameters(values)));
        self
    }
}

impl BulkSendWhatsappTemplateForm {
    /// A bulk send of a template with the same `values` (keyed by the translation's
    /// `variables`) for every recipient; add recipients with [`Self::to`] or [`Self::with_csv`].
    pub fn new<K: Into<String>, V: Into<String>>(
        template_id: i64,
        language_id: i64,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let values = parameters(values);
        BulkSendWhatsappTemplateForm {
            template_id,
            language_id,
            destinations: Vec::new(),
            parameters: (!values.0.is_empty()).then_some(values),
            attachment: None,
            csv: None,
        }
    }

    /// Adds a recipient.
    pub fn to(mut self, number: impl Into<String>) -> Self {
        self.destinations.push(BulkDestination::new(number));
        self
    }
}

impl InteractiveMessage {
    /// Reply buttons: a body (≤ 1024 characters) and 1 to 10 `(id, title)` buttons (id ≤ 200,
    /// title 1 to 20 characters), without header or footer.
    pub fn reply_buttons<I: Into<String>, T: Into<String>>(
        to: impl Into<String>,
        body: impl Into<String>,
        buttons: impl IntoIterator<Item = (I, T)>,
    ) -> Self {
        let buttons = buttons
            .into_iter()
            .map(|(id, title)| InteractiveButton::new(id, title));
        InteractiveMessage::new(body, buttons.collect::<Vec<_>>(), to)
    }
}

impl LocationMessage {
    /// A location pin.
    pub fn new(
        to: impl Into<String>,
        latitude: f64,
        longitude: f64,
        name: Option<&str>,
        address: Option<&str>,
    ) -> Self {
        LocationMessage {
            to: Phone::from_spec_unchecked(to.into()),
            location: Location {
                latitude,
                longitude,
                name: name.map(str::to_string),
                address: address.map(str::to_string),
            },
        }
    }
}

impl LocationRequestMessage {
    /// Asks the user to share a location, with a body of at most 1024 characters.
    pub fn new(to: impl Into<String>, body: impl Into<String>) -> Self {
        LocationRequestMessage {
            to: Phone::from_spec_unchecked(to.into()),
            body: LocationRequestMessageBody::from_spec_unchecked(body.into()),
        }
    }
}

impl Client {
    /// Sends a text message (`send_whatsapp_text_message`), checked against the spec first.
    pub async fn send_text(
        &self,
        integration_id: &str,
        to: &str,
        text: &str,
    ) -> Result<ResponseValue<MessageSent>, Error> {
        let form = SendWhatsappTextMessageForm::new(to, text);
        self.send_whatsapp_text_message(integration_id, &form).await
    }

    /// Marks received messages as read (`mark_whatsapp_messages_read`).
    pub async fn mark_as_read<S: Into<String>>(
        &self,
        integration_id: &str,
        to: &str,
        message_ids: impl IntoIterator<Item = S>,
    ) -> Result<ResponseValue<MessagesRead>, Error> {
        let form = MarkWhatsappMessagesReadForm::new(to, message_ids);
        self.mark_whatsapp_messages_read(integration_id, &form)
            .await
    }
}
