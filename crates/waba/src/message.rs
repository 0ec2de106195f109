//! What the provider-neutral client sends: a [`Message`] (its [`MessageContent`]: text, a
//! [`Template`], [`Media`], …, and the message it replies to), and what comes back
//! ([`Sent`]).

use waba_runtime::check::{Path, ValidationError, fail};

use crate::contents::{check_contacts, check_location_request};
use crate::{Buttons, Capability, Contact, CtaUrl, List, Location, MediaKind, Provider, Reaction};

/// A template message: which template, its language, and its parameters.
///
/// ```
/// use waba::{Media, Template};
///
/// let template = Template::new("order_update")
///     .language("en_US")
///     .body(["Anna", "#10234"])
///     .header(Media::document("https://example.com/invoice.pdf").file_name("invoice.pdf"))
///     .quick_reply("TRACK_10234");
/// assert_eq!(template.body_parameters(), ["Anna", "#10234"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    reference: String,
    language: Option<String>,
    body: Vec<String>,
    header: Option<Media>,
    buttons: Vec<TemplateButton>,
}

/// A parameter of a template button, in the order of the template's buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateButton {
    /// The payload returned when the user taps a quick-reply button.
    QuickReply(String),
    /// The dynamic suffix of a URL button.
    UrlSuffix(String),
}

impl Template {
    /// The template `reference` as the provider identifies templates: the name for 360dialog
    /// and Channel360, the `templateId` for Onextel, the `code` for Mehery, the numeric
    /// template id for Desk360.
    pub fn new(reference: impl Into<String>) -> Self {
        Template {
            reference: reference.into(),
            language: None,
            body: Vec::new(),
            header: None,
            buttons: Vec::new(),
        }
    }

    /// The language: a code such as `en_US` (360dialog, Channel360, Mehery) or the numeric
    /// `language_id` of the translation (Desk360). Onextel's template id fixes the language,
    /// so it is not sent there.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// The body parameters `{{1}}`, `{{2}}`, … in order.
    pub fn body<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.body = values.into_iter().map(Into::into).collect();
        self
    }

    /// The header's image, video or document (by URL; a file name is kept for documents).
    pub fn header(mut self, media: Media) -> Self {
        self.header = Some(media);
        self
    }

    /// Adds the payload of the next button, a quick-reply button.
    pub fn quick_reply(mut self, payload: impl Into<String>) -> Self {
        self.buttons
            .push(TemplateButton::QuickReply(payload.into()));
        self
    }

    /// Adds the URL suffix of the next button, a URL button.
    pub fn url_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.buttons.push(TemplateButton::UrlSuffix(suffix.into()));
        self
    }

    /// The template reference given to [`Template::new`].
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The language, if given.
    pub fn language_code(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The body parameters, in order.
    pub fn body_parameters(&self) -> &[String] {
        &self.body
    }

    /// The header media, if any.
    pub fn header_media(&self) -> Option<&Media> {
        self.header.as_ref()
    }

    /// The button parameters, in the order of the template's buttons.
    pub fn buttons(&self) -> &[TemplateButton] {
        &self.buttons
    }

    /// The capabilities this template needs.
    pub fn needs(&self) -> Vec<Capability> {
        let mut needs = vec![Capability::Template];
        if self.header.is_some() {
            needs.push(Capability::TemplateHeaderMedia);
        }
        if !self.buttons.is_empty() {
            needs.push(Capability::TemplateButtons);
        }
        needs
    }
}

/// A media message (or template header) by public URL.
///
/// ```
/// use waba::{Media, MediaKind};
///
/// let media = Media::document("https://example.com/invoice.pdf")
///     .caption("Your invoice")
///     .file_name("invoice.pdf");
/// assert_eq!(media.kind(), MediaKind::Document);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    kind: MediaKind,
    url: String,
    caption: Option<String>,
    file_name: Option<String>,
}

impl Media {
    fn of(kind: MediaKind, url: impl Into<String>) -> Self {
        Media {
            kind,
            url: url.into(),
            caption: None,
            file_name: None,
        }
    }

    /// An image at a public URL.
    pub fn image(url: impl Into<String>) -> Self {
        Media::of(MediaKind::Image, url)
    }

    /// A video at a public URL.
    pub fn video(url: impl Into<String>) -> Self {
        Media::of(MediaKind::Video, url)
    }

    /// A document at a public URL.
    pub fn document(url: impl Into<String>) -> Self {
        Media::of(MediaKind::Document, url)
    }

    /// An audio file at a public URL.
    pub fn audio(url: impl Into<String>) -> Self {
        Media::of(MediaKind::Audio, url)
    }

    /// The text shown with the media.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// The file name shown to the recipient.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The kind of media.
    pub fn kind(&self) -> MediaKind {
        self.kind
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The caption, if given.
    pub fn caption_text(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The file name, if given.
    pub fn file_name_text(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The capabilities sending this media message needs.
    pub fn needs(&self) -> Vec<Capability> {
        let mut needs = vec![Capability::Media(self.kind)];
        if self.caption.is_some() {
            needs.push(Capability::Caption(self.kind));
        }
        if self.file_name.is_some() {
            needs.push(Capability::FileName(self.kind));
        }
        needs
    }
}

/// A message to send through any provider: what it carries ([`MessageContent`]) and,
/// optionally, the message it replies to (WhatsApp shows the quoted message above it).
///
/// ```
/// use waba::{Media, Message, MessageContent, Template};
///
/// let text = Message::text("Your order has shipped").reply_to("wamid.HBgLMTIzNDU2Nzg5MA==");
/// assert_eq!(text.reply_to_id(), Some("wamid.HBgLMTIzNDU2Nzg5MA=="));
/// assert!(matches!(text.content(), MessageContent::Text { body } if body == "Your order has shipped"));
///
/// let template: Message = Template::new("order_update").language("en_US").into();
/// let media: Message = Media::image("https://example.com/parcel.jpg").into();
/// # let _ = (template, media);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    content: MessageContent,
    reply_to: Option<String>,
}

/// What a [`Message`] carries. A [`Backend`](crate::Backend) matches on it; a content its
/// provider cannot carry never reaches it (the [`Client`](crate::Client) refuses it first with
/// [`Error::Unsupported`](crate::Error::Unsupported), by [`Message::needs`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MessageContent {
    /// Free text.
    Text {
        /// The text.
        body: String,
    },
    /// A template.
    Template(Template),
    /// An image, video, document or audio file by URL.
    Media(Media),
    /// Reply buttons ([`Message::buttons`]).
    Buttons(Buttons),
    /// A list of rows in sections ([`Message::list`]).
    List(List),
    /// A call-to-action URL button ([`Message::cta_url`]).
    CtaUrl(CtaUrl),
    /// A location pin ([`Message::location`]).
    Location(Location),
    /// A request to share a location ([`Message::location_request`]).
    LocationRequest {
        /// The text above the "Send location" button.
        body: String,
    },
    /// An emoji reaction, or its removal ([`Message::reaction`],
    /// [`Message::remove_reaction`]).
    Reaction(Reaction),
    /// Contact cards ([`Message::contacts`]).
    Contacts(Vec<Contact>),
}

impl Message {
    /// A message carrying `content`.
    pub fn new(content: MessageContent) -> Self {
        Message {
            content,
            reply_to: None,
        }
    }

    /// Free text.
    pub fn text(body: impl Into<String>) -> Self {
        Message::new(MessageContent::Text { body: body.into() })
    }

    /// Replies to the message with this id (the id an inbound message or
    /// [`Sent::message_id`] has): the provider's context or quoted-message field.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> Self {
        self.reply_to = Some(message_id.into());
        self
    }

    /// What the message carries.
    pub fn content(&self) -> &MessageContent {
        &self.content
    }

    /// The id of the message it replies to, if any.
    pub fn reply_to_id(&self) -> Option<&str> {
        self.reply_to.as_deref()
    }

    /// The capabilities sending this message needs.
    pub fn needs(&self) -> Vec<Capability> {
        let mut needs = match &self.content {
            MessageContent::Text { .. } => vec![Capability::Text],
            MessageContent::Template(template) => template.needs(),
            MessageContent::Media(media) => media.needs(),
            MessageContent::Buttons(buttons) => buttons.needs(),
            MessageContent::List(list) => list.needs(),
            MessageContent::CtaUrl(cta) => cta.needs(),
            MessageContent::Location(location) => location.needs(),
            MessageContent::LocationRequest { .. } => vec![Capability::LocationRequest],
            MessageContent::Reaction(reaction) => reaction.needs(),
            MessageContent::Contacts(_) => vec![Capability::Contacts],
        };
        if self.reply_to.is_some() {
            needs.push(Capability::ReplyTo);
        }
        needs
    }

    /// Checks WhatsApp's own limits of the content, whichever provider sends it; the error
    /// names the neutral field of the first one broken (`text.body`, `media.link`,
    /// `template.body[1]`, `buttons[1].title`, `sections[0].rows[2].id`, `reply_to`).
    /// [`Client::send`](crate::Client::send) runs it before sending; call it to check a
    /// message earlier (when it is queued, say).
    ///
    /// Text, templates and media ([`limits`](crate::limits)):
    ///
    /// - text: `text.body` 1 to 4096 characters, not only whitespace;
    /// - media: `media.link` an absolute `https` URL, `media.caption` at most 1024
    ///   characters, `media.file_name` a sane file name (not empty, at most 255 characters, no
    ///   `/`, `\` or control characters);
    /// - template: `template.reference` and `template.language` (when given) not empty,
    ///   each body parameter `template.body[i]` not empty and at most 32768 characters, at
    ///   most 10 `template.buttons`, each not empty, and the header's `template.header.link`
    ///   an `https` URL, with no `template.header.caption` (a template header has none) and a
    ///   sane `template.header.file_name`;
    /// - `reply_to`, when given, a message id: not empty, no whitespace.
    ///
    /// ```
    /// use waba::{Media, Message};
    ///
    /// assert!(Message::text("x".repeat(4096)).check().is_ok());
    /// let refused = Message::text("x".repeat(4097)).check().unwrap_err();
    /// assert_eq!(refused.path, "text.body");
    /// assert_eq!(refused.message, "is 4097 characters long, at most 4096 allowed");
    ///
    /// let plain = Message::from(Media::image("http://example.com/cat.jpg"));
    /// assert_eq!(plain.check().unwrap_err().path, "media.link");
    /// ```
    pub fn check(&self) -> Result<(), ValidationError> {
        if let Some(id) = &self.reply_to {
            if id.trim().is_empty() {
                return Err(fail(&Path::Root.field("reply_to"), "must not be empty"));
            }
            crate::limits::message_id(&Path::Root.field("reply_to"), id)?;
        }
        match &self.content {
            MessageContent::Buttons(buttons) => buttons.check(),
            MessageContent::List(list) => list.check(),
            MessageContent::CtaUrl(cta) => cta.check(),
            MessageContent::Location(location) => location.check(),
            MessageContent::LocationRequest { body } => check_location_request(body),
            MessageContent::Reaction(reaction) => reaction.check(),
            MessageContent::Contacts(contacts) => check_contacts(contacts),
            MessageContent::Text { body } => crate::limits::text_body(body),
            MessageContent::Template(template) => template.check(),
            MessageContent::Media(media) => media.check(),
        }
    }
}

impl From<Template> for Message {
    fn from(template: Template) -> Self {
        Message::new(MessageContent::Template(template))
    }
}

impl From<Media> for Message {
    fn from(media: Media) -> Self {
        Message::new(MessageContent::Media(media))
    }
}

/// A message the provider accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    provider: Provider,
    message_id: Option<String>,
    response: serde_json::Value,
}

impl Sent {
    /// What a [`Backend`](crate::Backend) returns for a message its provider accepted: the
    /// provider, its id of the message (as its status updates name it), and its whole answer
    /// as JSON.
    pub fn new(
        provider: Provider,
        message_id: Option<String>,
        response: serde_json::Value,
    ) -> Self {
        Sent {
            provider,
            message_id,
            response,
        }
    }

    /// The provider that sent it.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The provider's id of the message, as status updates name it; `None` only where the
    /// provider's answer has none (see the field table of the crate docs).
    pub fn message_id(&self) -> Option<&str> {
        self.message_id.as_deref()
    }

    /// The provider's whole answer as JSON (`null` when it had no body).
    pub fn response(&self) -> &serde_json::Value {
        &self.response
    }
}
