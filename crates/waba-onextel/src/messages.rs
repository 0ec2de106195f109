//! Short constructors for the five documented send shapes, the rating and the answers.

use std::collections::HashMap;

use crate::types::{
    Button, ButtonType, CarouselCard, Media, MediaType, MessageContent, MetaData, PositionalValues,
    SatisfactionRating, SendMessageRequest, SendMessageResponse, Template,
};
use crate::{Client, Error, ResponseValue};

/// Why a constructor refused a value, naming the field (same type as a refused request).
pub type InvalidArgument = waba_runtime::check::ValidationError;

fn invalid(path: &str, why: impl std::fmt::Display) -> InvalidArgument {
    InvalidArgument {
        path: path.to_string(),
        message: why.to_string(),
    }
}

impl PositionalValues {
    /// The values of variables {{1}}, {{2}}, … in order: the first value is sent under key
    /// `"0"`, the second under `"1"` ("0 maps value for variable 1 and 1 maps value for
    /// variable 2").
    pub fn from_values<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        PositionalValues(
            values
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.into()))
                .collect::<HashMap<_, _>>(),
        )
    }

    /// The value of template variable `{{number}}` (counted from 1).
    pub fn variable(&self, number: usize) -> Option<&str> {
        let key = number.checked_sub(1)?.to_string();
        self.0.get(&key).map(String::as_str)
    }

    /// The values in variable order ({{1}} first); `None` where a position is missing.
    pub fn to_ordered(&self) -> Vec<Option<&str>> {
        let count = self
            .0
            .keys()
            .filter_map(|k| k.parse::<usize>().ok())
            .max()
            .map_or(0, |m| m + 1);
        (1..=count).map(|n| self.variable(n)).collect()
    }
}

impl Template {
    /// A text template without variables: `templateId` only (the document's "Text" send).
    pub fn new(template_id: &str) -> Result<Template, InvalidArgument> {
        Ok(Template {
            template_id: template_id
                .try_into()
                .map_err(|e| invalid("message.template.templateId", e))?,
            buttons: Vec::new(),
            cards: Vec::new(),
            header_parameter_values: None,
            media: None,
            parameter_values: None,
        })
    }

    /// A carousel template: one card per item, in order (at least one).
    pub fn carousel(
        template_id: &str,
        cards: impl IntoIterator<Item = CarouselCard>,
    ) -> Result<Template, InvalidArgument> {
        let cards: Vec<CarouselCard> = cards.into_iter().collect();
        if cards.is_empty() {
            return Err(invalid(
                "message.template.cards",
                "a carousel needs at least one card",
            ));
        }
        Ok(Template {
            cards,
            ..Template::new(template_id)?
        })
    }

    /// The values of the body's variables, {{1}} first (`parameterValues`).
    pub fn with_body_values<S: Into<String>>(
        mut self,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.parameter_values = Some(PositionalValues::from_values(values));
        self
    }

    /// The values of a dynamic header's variables, {{1}} first (`headerParameterValues`).
    pub fn with_header_values<S: Into<String>>(
        mut self,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.header_parameter_values = Some(PositionalValues::from_values(values));
        self
    }

    /// The media of a media template.
    pub fn with_media(mut self, media: Media) -> Self {
        self.media = Some(media);
        self
    }

    /// Adds the value of the next button of the template.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }
}

impl Media {
    /// Media of the given type at `url`.
    pub fn new(type_: MediaType, url: &str) -> Result<Media, InvalidArgument> {
        Ok(Media {
            type_,
            url: url.try_into().map_err(|e| invalid("media.url", e))?,
            file_name: None,
        })
    }

    /// An image (`IMAGE`, image templates).
    pub fn image(url: &str) -> Result<Media, InvalidArgument> {
        Media::new(MediaType::Image, url)
    }

    /// A PDF document (`DOC`, pdf templates).
    pub fn document(url: &str) -> Result<Media, InvalidArgument> {
        Media::new(MediaType::Doc, url)
    }

    /// A video (`VIDEO`, video templates).
    pub fn video(url: &str) -> Result<Media, InvalidArgument> {
        Media::new(MediaType::Video, url)
    }

    /// The name of the attached file (`fileName`).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }
}

impl Button {
    fn of(type_: ButtonType, payload: impl Into<String>) -> Button {
        Button {
            type_,
            payload: Some(payload.into()),
            text: None,
        }
    }

    /// A URL button; `payload` completes a dynamic URL.
    pub fn url(payload: impl Into<String>) -> Button {
        Button::of(ButtonType::Url, payload)
    }

    /// A quick-reply button with its payload.
    pub fn quick_reply(payload: impl Into<String>) -> Button {
        Button::of(ButtonType::QuickReply, payload)
    }

    /// A phone-number button with its payload.
    pub fn phone_number(payload: impl Into<String>) -> Button {
        Button::of(ButtonType::PhoneNumber, payload)
    }

    /// The button text as in the template (optional).
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
}

impl CarouselCard {
    /// A card showing `media`.
    pub fn new(media: Media) -> CarouselCard {
        CarouselCard {
            media,
            buttons: Vec::new(),
        }
    }

    /// Adds the value of the card's next button.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }
}

impl SendMessageRequest {
    /// A template message from the business number `from` to `to`, in the journey
    /// `journey_id` (copied from the stream's webhook URL in Flow Builder).
    pub fn new(
        from: &str,
        to: &str,
        journey_id: &str,
        template: Template,
    ) -> Result<SendMessageRequest, InvalidArgument> {
        Ok(SendMessageRequest {
            from: from.try_into().map_err(|e| invalid("from", e))?,
            to: to.try_into().map_err(|e| invalid("to", e))?,
            journey_id: journey_id.try_into().map_err(|e| invalid("journeyId", e))?,
            message: MessageContent { template },
            callback_url: None,
            dept_id: None,
            meta_data: None,
        })
    }

    /// The department of the account (`deptId`).
    pub fn with_dept_id(mut self, dept_id: impl Into<String>) -> Self {
        self.dept_id = Some(dept_id.into());
        self
    }

    /// Where 365cx.io POSTs the delivery events of this message (`callbackUrl`); parse them
    /// with [`webhook::parse`](crate::webhook::parse).
    pub fn with_callback_url(mut self, url: &str) -> Result<Self, InvalidArgument> {
        self.callback_url = Some(url.try_into().map_err(|e| invalid("callbackUrl", e))?);
        Ok(self)
    }

    /// Up to three tags (`metaData.tag1` to `tag3`, in order) to filter the Delivery Report by.
    pub fn with_tags<S: Into<String>>(
        mut self,
        tags: impl IntoIterator<Item = S>,
    ) -> Result<Self, InvalidArgument> {
        let mut tags = tags.into_iter().map(Into::into);
        let meta = MetaData {
            tag1: tags.next(),
            tag2: tags.next(),
            tag3: tags.next(),
        };
        if tags.next().is_some() {
            return Err(invalid("metaData", "at most three tags (tag1, tag2, tag3)"));
        }
        self.meta_data = Some(meta);
        Ok(self)
    }
}

impl SendMessageResponse {
    /// The id of the accepted message (`data.id`); delivery events carry it as `context.id`.
    pub fn message_id(&self) -> Option<&str> {
        self.data.as_ref().map(|d| d.id.as_str())
    }
}

impl SatisfactionRating {
    /// The rating an end user gave the live agent of chat `chat_id`.
    pub fn new(
        chat_id: &str,
        customer_phone_number: &str,
        rating: i64,
    ) -> Result<SatisfactionRating, InvalidArgument> {
        Ok(SatisfactionRating {
            chat_id: chat_id.try_into().map_err(|e| invalid("chatId", e))?,
            customer_phone_number: customer_phone_number
                .try_into()
                .map_err(|e| invalid("customerPhoneNumber", e))?,
            rating,
        })
    }
}

impl Client {
    /// Sends a template message (`send_message`). An answer with `"status": false` (for
    /// example code 101, journey not found) is an error.
    pub async fn send(
        &self,
        message: &SendMessageRequest,
    ) -> Result<ResponseValue<SendMessageResponse>, Error> {
        self.send_message(message).await
    }
}
