//! Short constructors for the five documented send shapes and positional variable maps.
//! None of them checks anything: a request is checked once, when it is sent.

use std::collections::HashMap;

use crate::types::{
    Button, CarouselCard, MetaData, PositionalValues, SendMessageRequest, SendMessageResponse,
    Template,
};
use crate::{Client, Error, ResponseValue};

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
    /// A carousel template: one card per item, in order. Nothing is checked here; with no
    /// card it is the plain template of [`Template::new`].
    pub fn carousel(
        template_id: impl Into<String>,
        cards: impl IntoIterator<Item = CarouselCard>,
    ) -> Template {
        Template::new(template_id).with_cards(cards.into_iter().collect::<Vec<_>>())
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

    /// Adds the value of the next button of the template.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }
}

impl CarouselCard {
    /// Adds the value of the card's next button.
    pub fn with_button(mut self, button: Button) -> Self {
        self.buttons.push(button);
        self
    }
}

impl SendMessageRequest {
    /// Up to three tags (`metaData.tag1` to `tag3`, in order) to filter the Delivery Report
    /// by; more than three is refused at compile time.
    pub fn with_tags<S: Into<String>, const N: usize>(self, tags: [S; N]) -> Self {
        const {
            assert!(
                N <= 3,
                "365cx.io takes at most three tags (tag1, tag2, tag3)"
            )
        };
        let mut tags = tags.into_iter().map(Into::into);
        self.with_meta_data(MetaData {
            tag1: tags.next(),
            tag2: tags.next(),
            tag3: tags.next(),
        })
    }
}

impl SendMessageResponse {
    /// The id of the accepted message (`data.id`); delivery events carry it as `context.id`.
    pub fn message_id(&self) -> Option<&str> {
        self.data.as_ref().map(|d| d.id.as_str())
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
