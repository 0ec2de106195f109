//! Template sends: a constructor for every parameter kind and a builder method for every
//! component kind (header, body, buttons of each sub-type, carousel, limited-time offer).
//!
//! The builder methods of [`Message`] check nothing (only the one-time password's length,
//! which the body cannot show later): the whole template is checked once, when it is sent
//! ([`Client::send`](crate::Client::send)) or by [`Message::check_send`], against the spec,
//! including the limits it states with `x-waba-*` extensions (text lengths that depend on
//! where a parameter sits, the 30 products of a multi-product button), and a refused value is
//! named by its full path, e.g. `template.components[1].cards[0].components[0].parameters[0]`.
//!
//! ```
//! use waba_dialog360::{MediaSource, Message, types::{TemplateCarouselCard, TemplateParameter}};
//!
//! # fn demo() -> Result<(), waba_dialog360::InvalidArgument> {
//! let card = |i: i32, link: &str| {
//!     TemplateCarouselCard::new(i)
//!         .with_header(TemplateParameter::image(MediaSource::Link(link.into())))
//!         .with_quick_reply_payload(0, format!("more-{i}"))
//! };
//! let message = Message::template("4915112345678", "winter_collection", "en_US")
//!     .with_body_text(["Anna"])
//!     .with_carousel([
//!         card(0, "https://www.example.com/boots.jpg"),
//!         card(1, "https://www.example.com/coat.jpg"),
//!     ]);
//! message.check_send()?; // or let `Client::send` check it
//! # Ok(()) }
//! ```

use serde_json::{Map, Value};
use waba_runtime::StringOrNumber;

use crate::messages::{InvalidArgument, MediaSource, invalid};
use crate::types::{
    DocumentObject, MediaObject, Message, TemplateButtonAction, TemplateButtonSubType,
    TemplateCardComponent, TemplateCarouselCard, TemplateComponent, TemplateCurrency,
    TemplateDateTime, TemplateLanguage, TemplateLanguagePolicy, TemplateLimitedTimeOffer,
    TemplateLocation, TemplateObject, TemplateParameter, TemplateParameterCouponCode,
    TemplateProduct, TemplateProductItem, TemplateProductSection, TemplateProductSectionTitle,
};

/// Longest text parameter of a header.
pub const HEADER_TEXT_MAX: usize = 60;
/// Longest text parameter of a body when the body is the template's only component.
pub const BODY_TEXT_MAX: usize = 32768;
/// Longest text parameter of a body when the template has other components too.
pub const BODY_TEXT_WITH_OTHERS_MAX: usize = 1024;
/// Longest one-time password of an authentication template.
pub const ONE_TIME_PASSWORD_MAX: usize = 15;
/// Most products of a multi-product (mpm) button, over all its sections.
pub const MPM_PRODUCTS_MAX: usize = 30;

impl TemplateParameter {
    /// A text parameter: a header or body variable, a URL button's suffix, a one-time password.
    pub fn text(value: impl Into<String>) -> TemplateParameter {
        TemplateParameter::Text {
            text: value.into(),
            parameter_name: None,
        }
    }

    /// A text parameter of a template created with named variables (`{{first_name}}`).
    pub fn named_text(name: impl Into<String>, value: impl Into<String>) -> TemplateParameter {
        TemplateParameter::Text {
            text: value.into(),
            parameter_name: Some(name.into()),
        }
    }

    /// An amount of money: `fallback_value` as shown when localisation fails, the ISO 4217
    /// `code`, and the amount times 1000 (`49.90` is `49900`).
    pub fn currency(
        fallback_value: impl Into<String>,
        code: impl Into<String>,
        amount_1000: i64,
    ) -> TemplateParameter {
        TemplateParameter::Currency {
            currency: TemplateCurrency::new(amount_1000, code, fallback_value),
            parameter_name: None,
        }
    }

    /// A date and time, shown as `fallback_value` (the Cloud API does not localise it).
    pub fn date_time(fallback_value: impl Into<String>) -> TemplateParameter {
        TemplateParameter::DateTime {
            date_time: TemplateDateTime::new(fallback_value),
            parameter_name: None,
        }
    }

    /// Names a text, currency or date_time parameter (templates with named variables); other
    /// kinds are returned unchanged.
    pub fn named(mut self, name: impl Into<String>) -> TemplateParameter {
        match &mut self {
            TemplateParameter::Text { parameter_name, .. }
            | TemplateParameter::Currency { parameter_name, .. }
            | TemplateParameter::DateTime { parameter_name, .. } => {
                *parameter_name = Some(name.into())
            }
            _ => {}
        }
        self
    }

    /// A header image.
    pub fn image(source: MediaSource) -> TemplateParameter {
        TemplateParameter::Image {
            image: source.media(),
        }
    }

    /// A header video.
    pub fn video(source: MediaSource) -> TemplateParameter {
        TemplateParameter::Video {
            video: source.media(),
        }
    }

    /// A header document with an optional file name.
    pub fn document(source: MediaSource, filename: Option<&str>) -> TemplateParameter {
        let MediaObject { id, link } = source.media();
        TemplateParameter::Document {
            document: DocumentObject {
                id,
                link,
                caption: None,
                filename: filename.map(str::to_string),
            },
        }
    }

    /// A location header. Coordinates are written as given: `"52.52"` as a string (Meta's
    /// examples), [`StringOrNumber::float`] as a number.
    pub fn location(
        latitude: impl Into<StringOrNumber>,
        longitude: impl Into<StringOrNumber>,
        name: Option<&str>,
        address: Option<&str>,
    ) -> TemplateParameter {
        TemplateParameter::Location {
            location: TemplateLocation {
                latitude: latitude.into(),
                longitude: longitude.into(),
                name: name.map(str::to_string),
                address: address.map(str::to_string),
            },
        }
    }

    /// The product in the header of a product-card carousel card.
    pub fn product(
        product_retailer_id: impl Into<String>,
        catalog_id: impl Into<String>,
    ) -> TemplateParameter {
        TemplateParameter::Product {
            product: TemplateProduct::new(catalog_id, product_retailer_id),
        }
    }

    /// The payload of a quick-reply button.
    pub fn payload(payload: impl Into<String>) -> TemplateParameter {
        TemplateParameter::Payload {
            payload: payload.into(),
        }
    }

    /// The code of a copy-code button (at most 15 characters, checked when sent).
    pub fn coupon_code(code: impl Into<String>) -> TemplateParameter {
        TemplateParameter::CouponCode {
            coupon_code: TemplateParameterCouponCode::from_spec_unchecked(code.into()),
        }
    }

    /// The action of a flow button: the token echoed when the flow completes and the first
    /// screen's data (an empty map sends none).
    pub fn flow_action(
        flow_token: impl Into<String>,
        flow_action_data: Map<String, Value>,
    ) -> TemplateParameter {
        TemplateParameter::Action {
            action: TemplateButtonAction {
                flow_token: Some(flow_token.into()),
                flow_action_data,
                ..Default::default()
            },
        }
    }

    /// The action of a catalog button, with the product shown as thumbnail (if any).
    pub fn catalog_action(thumbnail_product_retailer_id: Option<&str>) -> TemplateParameter {
        TemplateParameter::Action {
            action: TemplateButtonAction {
                thumbnail_product_retailer_id: thumbnail_product_retailer_id.map(str::to_string),
                ..Default::default()
            },
        }
    }

    /// The action of a multi-product (mpm) button: the thumbnail product and the sections.
    pub fn products_action(
        thumbnail_product_retailer_id: impl Into<String>,
        sections: Vec<TemplateProductSection>,
    ) -> TemplateParameter {
        TemplateParameter::Action {
            action: TemplateButtonAction {
                thumbnail_product_retailer_id: Some(thumbnail_product_retailer_id.into()),
                sections,
                ..Default::default()
            },
        }
    }

    /// The end of a limited-time offer, as Unix time in milliseconds.
    pub fn limited_time_offer(expiration_time_ms: i64) -> TemplateParameter {
        TemplateParameter::LimitedTimeOffer {
            limited_time_offer: TemplateLimitedTimeOffer::new(expiration_time_ms),
        }
    }
}

impl TemplateProductSection {
    /// A titled section of a multi-product button: a title (at most 24 characters) and
    /// products by retailer id (checked when sent).
    pub fn new<I, S>(title: impl Into<String>, product_retailer_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        TemplateProductSection {
            title: Some(TemplateProductSectionTitle::from_spec_unchecked(
                title.into(),
            )),
            ..Self::untitled(product_retailer_ids)
        }
    }

    /// A section without title, allowed only as the only section of a button.
    pub fn untitled<I, S>(product_retailer_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        TemplateProductSection {
            title: None,
            product_items: product_retailer_ids
                .into_iter()
                .map(TemplateProductItem::new)
                .collect(),
        }
    }
}

impl TemplateCarouselCard {
    /// An empty card at position `card_index` (0 to 9); add its parameters with the `with_*`
    /// methods. The card is checked when it is added to a message
    /// ([`Message::with_carousel`]).
    pub fn new(card_index: i32) -> Self {
        TemplateCarouselCard {
            card_index,
            components: Vec::new(),
        }
    }

    /// Sets the card's header parameter (image, video or product).
    pub fn with_header(mut self, parameter: TemplateParameter) -> Self {
        self.components
            .retain(|c| !matches!(c, TemplateCardComponent::Header { .. }));
        self.components.insert(
            0,
            TemplateCardComponent::Header {
                parameters: vec![parameter],
            },
        );
        self
    }

    /// Sets the card's body parameters.
    pub fn with_body(mut self, parameters: Vec<TemplateParameter>) -> Self {
        self.components
            .retain(|c| !matches!(c, TemplateCardComponent::Body { .. }));
        let at = self
            .components
            .iter()
            .take_while(|c| matches!(c, TemplateCardComponent::Header { .. }))
            .count();
        self.components
            .insert(at, TemplateCardComponent::Body { parameters });
        self
    }

    /// Sets the card's body text variables in order.
    pub fn with_body_text<I, S>(self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.with_body(values.into_iter().map(TemplateParameter::text).collect())
    }

    /// Adds a parameter for the card's button at `index`.
    pub fn with_button(
        mut self,
        sub_type: TemplateButtonSubType,
        index: i32,
        parameter: TemplateParameter,
    ) -> Self {
        self.components.push(TemplateCardComponent::Button {
            sub_type,
            index: StringOrNumber::number(index),
            parameters: vec![parameter],
        });
        self
    }

    /// Sets the payload of the card's quick-reply button at `index`.
    pub fn with_quick_reply_payload(self, index: i32, payload: impl Into<String>) -> Self {
        self.with_button(
            TemplateButtonSubType::QuickReply,
            index,
            TemplateParameter::payload(payload),
        )
    }

    /// Sets the URL suffix of the card's URL button at `index`.
    pub fn with_url_suffix(self, index: i32, suffix: impl Into<String>) -> Self {
        self.with_button(
            TemplateButtonSubType::Url,
            index,
            TemplateParameter::text(suffix),
        )
    }
}

impl Message {
    /// An approved template in language `language` (policy `deterministic`), without
    /// parameters; add them with the `with_*` methods below.
    pub fn template(
        to: impl Into<String>,
        name: impl Into<String>,
        language: impl Into<String>,
    ) -> Message {
        Message::new_template(
            TemplateObject {
                name: name.into(),
                language: TemplateLanguage {
                    code: language.into(),
                    policy: Some(TemplateLanguagePolicy::Deterministic),
                },
                components: Vec::new(),
            },
            to.into(),
        )
    }

    /// Applies `change` to the template's components; other messages are returned unchanged.
    fn change_template(mut self, change: impl FnOnce(&mut Vec<TemplateComponent>)) -> Message {
        if let Message::Template { template, .. } = &mut self {
            change(&mut template.components);
        }
        self
    }

    /// Adds any component as written.
    pub fn with_component(self, component: TemplateComponent) -> Message {
        self.change_template(|c| c.push(component))
    }

    /// Sets the template's header to one parameter (text, image, video, document, location).
    pub fn with_header(self, parameter: TemplateParameter) -> Message {
        self.change_template(|components| {
            components.retain(|c| !matches!(c, TemplateComponent::Header { .. }));
            components.insert(
                0,
                TemplateComponent::Header {
                    parameters: vec![parameter],
                },
            );
        })
    }

    /// Sets the template's body parameters (text, currency, date_time), in the order of the
    /// variables or named with [`TemplateParameter::named`].
    pub fn with_body(self, parameters: Vec<TemplateParameter>) -> Message {
        self.change_template(|components| {
            components.retain(|c| !matches!(c, TemplateComponent::Body { .. }));
            let at = components
                .iter()
                .take_while(|c| matches!(c, TemplateComponent::Header { .. }))
                .count();
            components.insert(at, TemplateComponent::Body { parameters });
        })
    }

    /// Sets the template's body variables {{1}}, {{2}}, … in order.
    pub fn with_body_text<I, S>(self, values: I) -> Message
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.with_body(values.into_iter().map(TemplateParameter::text).collect())
    }

    /// Sets the template's named body variables from `(name, value)` pairs.
    pub fn with_named_body_text<I, N, V>(self, pairs: I) -> Message
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: Into<String>,
    {
        self.with_body(
            pairs
                .into_iter()
                .map(|(n, v)| TemplateParameter::named_text(n, v))
                .collect(),
        )
    }

    /// Adds the parameter of the button at `index` (0 to 9) of kind `sub_type`; the index is
    /// written as a JSON number.
    pub fn with_button(
        self,
        sub_type: TemplateButtonSubType,
        index: i32,
        parameter: TemplateParameter,
    ) -> Message {
        self.change_template(|c| {
            c.push(TemplateComponent::Button {
                index: StringOrNumber::number(index),
                sub_type,
                parameters: vec![parameter],
            })
        })
    }

    /// Sets the payload of the quick-reply button at `index` (0 to 9).
    pub fn with_quick_reply_payload(self, index: i32, payload: impl Into<String>) -> Message {
        self.with_button(
            TemplateButtonSubType::QuickReply,
            index,
            TemplateParameter::payload(payload),
        )
    }

    /// Sets the suffix appended to the URL of the URL button at `index`.
    pub fn with_url_suffix(self, index: i32, suffix: impl Into<String>) -> Message {
        self.with_button(
            TemplateButtonSubType::Url,
            index,
            TemplateParameter::text(suffix),
        )
    }

    /// Sets the code (at most 15 characters) of the copy-code button at `index`.
    pub fn with_copy_code(self, index: i32, code: impl Into<String>) -> Message {
        let parameter = TemplateParameter::coupon_code(code);
        self.with_button(TemplateButtonSubType::CopyCode, index, parameter)
    }

    /// The one-time password of an authentication template (at most 15 characters): the body
    /// variable and the parameter of its copy-code or one-tap button (sent as a `url` button at
    /// index 0), as WhatsApp requires for both. The length is checked here: once written, the
    /// body no longer says that a text is a password, so the send could not check it.
    pub fn with_one_time_password(self, code: &str) -> Result<Message, InvalidArgument> {
        let count = code.chars().count();
        if count > ONE_TIME_PASSWORD_MAX {
            // The path of the body parameter about to be written.
            let at = match &self {
                Message::Template { template, .. } => template
                    .components
                    .iter()
                    .position(|c| matches!(c, TemplateComponent::Body { .. }))
                    .unwrap_or(
                        template
                            .components
                            .iter()
                            .take_while(|c| matches!(c, TemplateComponent::Header { .. }))
                            .count(),
                    ),
                _ => return Err(invalid("type", "is not `template`")),
            };
            return Err(invalid(
                &format!("template.components[{at}].parameters[0].text"),
                format!(
                    "is {count} characters long, at most {ONE_TIME_PASSWORD_MAX} allowed for a one-time password"
                ),
            ));
        }
        Ok(self.with_body_text([code]).with_url_suffix(0, code))
    }

    /// Sets the action of the flow button at `index`: the flow token and the first screen's
    /// data (empty for none).
    pub fn with_flow(
        self,
        index: i32,
        flow_token: impl Into<String>,
        flow_action_data: Map<String, Value>,
    ) -> Message {
        self.with_button(
            TemplateButtonSubType::Flow,
            index,
            TemplateParameter::flow_action(flow_token, flow_action_data),
        )
    }

    /// Sets the action of the catalog button at `index`, with an optional thumbnail product.
    pub fn with_catalog(self, index: i32, thumbnail_product_retailer_id: Option<&str>) -> Message {
        self.with_button(
            TemplateButtonSubType::Catalog,
            index,
            TemplateParameter::catalog_action(thumbnail_product_retailer_id),
        )
    }

    /// Sets the action of the multi-product (mpm) button at `index`: the thumbnail product and
    /// 1 to 10 sections with at most 30 products in all.
    pub fn with_products(
        self,
        index: i32,
        thumbnail_product_retailer_id: impl Into<String>,
        sections: Vec<TemplateProductSection>,
    ) -> Message {
        self.with_button(
            TemplateButtonSubType::Mpm,
            index,
            TemplateParameter::products_action(thumbnail_product_retailer_id, sections),
        )
    }

    /// [`Message::with_products`] from `(title, product retailer ids)` pairs; a title that is
    /// too long is refused at the send with its full path
    /// (`template.components[2].parameters[0].action.sections[1].title`).
    pub fn with_product_sections<'a, I, J, S>(
        self,
        index: i32,
        thumbnail_product_retailer_id: impl Into<String>,
        sections: I,
    ) -> Message
    where
        I: IntoIterator<Item = (&'a str, J)>,
        J: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let sections = sections
            .into_iter()
            .map(|(title, ids)| TemplateProductSection::new(title, ids))
            .collect();
        self.with_products(index, thumbnail_product_retailer_id, sections)
    }

    /// Sets the cards of a carousel template (1 to 10, each with `card_index` 0 to 9).
    pub fn with_carousel(self, cards: impl IntoIterator<Item = TemplateCarouselCard>) -> Message {
        let cards = cards.into_iter().collect();
        self.change_template(|components| {
            components.retain(|c| !matches!(c, TemplateComponent::Carousel { .. }));
            components.push(TemplateComponent::Carousel { cards });
        })
    }

    /// Sets the end of a limited-time offer, as Unix time in milliseconds.
    pub fn with_limited_time_offer(self, expiration_time_ms: i64) -> Message {
        self.change_template(|components| {
            components.retain(|c| !matches!(c, TemplateComponent::LimitedTimeOffer { .. }));
            let at = components
                .iter()
                .take_while(|c| {
                    matches!(
                        c,
                        TemplateComponent::Header { .. } | TemplateComponent::Body { .. }
                    )
                })
                .count();
            components.insert(
                at,
                TemplateComponent::LimitedTimeOffer {
                    parameters: vec![TemplateParameter::limited_time_offer(expiration_time_ms)],
                },
            );
        })
    }

    /// Checks a message against the spec, with the template limits it states (a header text
    /// parameter ≤ 60 characters, a body text parameter ≤ 1024 characters when the template has
    /// other components, ≤ 32768 otherwise, at most 30 products over the sections of a
    /// multi-product button, a title on each of its sections when it has more than one); the
    /// same as [`Message::check_send`]. The error names the field from the message's root
    /// (`template.components[0].parameters[0].text`).
    pub fn check_template(&self) -> Result<(), InvalidArgument> {
        self.check_send()
    }
}
