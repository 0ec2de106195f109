//! Short ways to build the common requests. Everything here builds the generated types; any
//! request can also be written out with them directly. Nothing is checked while building: a
//! request is checked against the spec once, when it is sent.

use crate::forms::{
    BulkSendWhatsappTemplateForm, MarkWhatsappMessagesReadForm, SendWhatsappTemplateForm,
    SendWhatsappTextMessageForm,
};
use crate::types::{
    BulkDestination, InteractiveButton, InteractiveMessage, Location, LocationMessage, MessageSent,
    MessagesRead, Phone, TemplateDestination, TemplateParameters,
};
use crate::{Client, Error, ResponseValue};

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
