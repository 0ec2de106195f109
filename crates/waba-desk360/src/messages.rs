//! Short ways to build the common requests. Everything here builds the generated types; any
//! request can also be written out with them directly.

use crate::forms::{
    BulkSendWhatsappTemplateForm, MarkWhatsappMessagesReadForm, SendWhatsappMediaMessageForm,
    SendWhatsappTemplateForm, SendWhatsappTextMessageForm,
};
use crate::types::{
    BulkDestination, InteractiveButton, InteractiveMessage, Location, LocationMessage,
    LocationRequestMessage, MessageSent, MessagesRead, Phone, TemplateDestination,
    TemplateParameters,
};
use crate::{Client, Error, FilePart, ResponseValue};

/// A constructor argument that breaks a documented limit: which field, and why.
pub type InvalidArgument = waba_runtime::check::ValidationError;

fn invalid(path: &str, why: impl std::fmt::Display) -> InvalidArgument {
    InvalidArgument {
        path: path.to_string(),
        message: why.to_string(),
    }
}

fn phone(path: &str, number: &str) -> Result<Phone, InvalidArgument> {
    number.try_into().map_err(|_| {
        invalid(
            path,
            format!("`{number}` is not `+`, a country code and the number, digits only"),
        )
    })
}

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
    pub fn new(to: &str, text: &str) -> Result<Self, InvalidArgument> {
        Ok(SendWhatsappTextMessageForm {
            to: phone("to", to)?,
            text: text.try_into().map_err(|e| invalid("text", e))?,
        })
    }
}

impl MarkWhatsappMessagesReadForm {
    /// Marks the received messages `message_ids` (`messages.id` of webhooks) from `to` as read.
    pub fn new<I, S>(to: &str, message_ids: I) -> Result<Self, InvalidArgument>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let message_ids = message_ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                id.as_ref()
                    .try_into()
                    .map_err(|e| invalid(&format!("message_ids[{i}]"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if message_ids.is_empty() {
            return Err(invalid("message_ids", "has no ids, at least 1 required"));
        }
        Ok(MarkWhatsappMessagesReadForm {
            to: phone("to", to)?,
            message_ids,
        })
    }
}

impl SendWhatsappMediaMessageForm {
    /// Media messages: 1 to 5 files of at most 20 MB each (checked when sent).
    pub fn new(
        to: &str,
        files: impl IntoIterator<Item = FilePart>,
    ) -> Result<Self, InvalidArgument> {
        Ok(SendWhatsappMediaMessageForm {
            to: phone("to", to)?,
            attachments: files.into_iter().collect(),
        })
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
        number: &str,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, InvalidArgument> {
        let index = self.destinations.len();
        self.destinations.push(TemplateDestination {
            phone: phone(&format!("destinations[{index}].phone"), number)?,
            parameters: Some(parameters(values)),
        });
        Ok(self)
    }

    /// Attaches a file (the form is then sent as multipart).
    pub fn with_attachment(mut self, file: FilePart) -> Self {
        self.attachment = Some(file);
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
    pub fn to(mut self, number: &str) -> Result<Self, InvalidArgument> {
        let index = self.destinations.len();
        self.destinations.push(BulkDestination {
            phone: phone(&format!("destinations[{index}].phone"), number)?,
        });
        Ok(self)
    }

    /// Attaches a file (the form is then sent as multipart).
    pub fn with_attachment(mut self, file: FilePart) -> Self {
        self.attachment = Some(file);
        self
    }

    /// Adds recipients from a CSV file of numbers (`+` and a country code each).
    pub fn with_csv(mut self, file: FilePart) -> Self {
        self.csv = Some(file);
        self
    }
}

impl InteractiveMessage {
    /// Reply buttons: a body (≤ 1024 characters) and 1 to 10 `(id, title)` buttons (id ≤ 200,
    /// title 1 to 20 characters), without header or footer.
    pub fn reply_buttons<'a>(
        to: &str,
        body: &str,
        buttons: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, InvalidArgument> {
        let buttons = buttons
            .into_iter()
            .enumerate()
            .map(|(i, (id, title))| {
                Ok(InteractiveButton {
                    id: id
                        .try_into()
                        .map_err(|e| invalid(&format!("buttons[{i}].id"), e))?,
                    title: title
                        .try_into()
                        .map_err(|e| invalid(&format!("buttons[{i}].title"), e))?,
                })
            })
            .collect::<Result<Vec<_>, InvalidArgument>>()?;
        if !(1..=10).contains(&buttons.len()) {
            return Err(invalid(
                "buttons",
                format!("has {} items, 1 to 10 allowed", buttons.len()),
            ));
        }
        Ok(InteractiveMessage {
            to: phone("to", to)?,
            body: body.try_into().map_err(|e| invalid("body", e))?,
            buttons,
            header: None,
            footer: None,
        })
    }
}

impl LocationMessage {
    /// A location pin.
    pub fn new(
        to: &str,
        latitude: f64,
        longitude: f64,
        name: Option<&str>,
        address: Option<&str>,
    ) -> Result<Self, InvalidArgument> {
        Ok(LocationMessage {
            to: phone("to", to)?,
            location: Location {
                latitude,
                longitude,
                name: name.map(str::to_string),
                address: address.map(str::to_string),
            },
        })
    }
}

impl LocationRequestMessage {
    /// Asks the user to share a location, with a body of at most 1024 characters.
    pub fn new(to: &str, body: &str) -> Result<Self, InvalidArgument> {
        Ok(LocationRequestMessage {
            to: phone("to", to)?,
            body: body.try_into().map_err(|e| invalid("body", e))?,
        })
    }
}

impl Client {
    /// Sends a text message (`send_whatsapp_text_message`).
    pub async fn send_text(
        &self,
        integration_id: &str,
        to: &str,
        text: &str,
    ) -> Result<ResponseValue<MessageSent>, Error> {
        let form = SendWhatsappTextMessageForm::new(to, text)
            .map_err(|e| Error::invalid_field("send_whatsapp_text_message", e))?;
        self.send_whatsapp_text_message(integration_id, &form).await
    }

    /// Marks received messages as read (`mark_whatsapp_messages_read`).
    pub async fn mark_as_read<I, S>(
        &self,
        integration_id: &str,
        to: &str,
        message_ids: I,
    ) -> Result<ResponseValue<MessagesRead>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let form = MarkWhatsappMessagesReadForm::new(to, message_ids)
            .map_err(|e| Error::invalid_field("mark_whatsapp_messages_read", e))?;
        self.mark_whatsapp_messages_read(integration_id, &form)
            .await
    }
}
