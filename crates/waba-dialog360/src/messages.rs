//! Short ways to build the common messages. Everything here builds the generated types; any
//! message can also be written out with them directly.

use crate::types::{
    BizOpaqueCallbackData, CaptionedMedia, CaptionedMediaCaption, Contact, ContactEmail,
    ContactName, ContactOrg, ContactPhone, DocumentObject, DocumentObjectCaption, InteractiveBody,
    InteractiveButtonAction, InteractiveObject, LocationObject, MarkAsRead, MediaObject, Message,
    MessagesRequest, MessagingProduct, ReactionObject, RecipientType, ReplyButton,
    ReplyButtonContent, ReplyContext, SendMessageResponse, TextMessageWithoutType, TextObject,
};
use crate::{Client, Error, ResponseValue};

/// A constructor argument that breaks a documented limit: which field, and why.
pub type InvalidArgument = waba_runtime::check::ValidationError;

pub(crate) fn invalid(path: &str, why: impl std::fmt::Display) -> InvalidArgument {
    InvalidArgument {
        path: path.to_string(),
        message: why.to_string(),
    }
}

/// Names the field of a failed conversion into a generated type, for code that builds the
/// generated types directly:
///
/// ```
/// use waba_dialog360::AtField;
/// use waba_dialog360::types::ListRowTitle;
///
/// let title: Result<ListRowTitle, _> = "A row title longer than 24 characters"
///     .try_into()
///     .at("interactive.action.sections[0].rows[1].title");
/// let e = title.unwrap_err();
/// assert_eq!(e.path, "interactive.action.sections[0].rows[1].title");
/// ```
pub trait AtField<T> {
    /// The error, if any, as an [`InvalidArgument`] naming `path`.
    fn at(self, path: &str) -> Result<T, InvalidArgument>;
}

impl<T, E: std::fmt::Display> AtField<T> for Result<T, E> {
    fn at(self, path: &str) -> Result<T, InvalidArgument> {
        self.map_err(|e| invalid(path, e))
    }
}

/// Where media comes from: an id from `upload_media`, or a public HTTPS link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSource {
    /// A media id returned by `upload_media`.
    Id(String),
    /// A public HTTPS URL.
    Link(String),
}

impl MediaSource {
    fn split(self) -> (Option<String>, Option<String>) {
        match self {
            MediaSource::Id(id) => (Some(id), None),
            MediaSource::Link(link) => (None, Some(link)),
        }
    }

    pub(crate) fn media(self) -> MediaObject {
        let (id, link) = self.split();
        MediaObject { id, link }
    }

    fn captioned(self, caption: Option<&str>) -> CaptionedMedia {
        let (id, link) = self.split();
        let caption = caption.map(|c| CaptionedMediaCaption::from_spec_unchecked(c.to_string()));
        CaptionedMedia { id, link, caption }
    }
}

impl Message {
    /// A text message (1 to 4096 characters). Like every constructor here, it checks
    /// nothing: the message is checked once, when it is sent ([`Client::send`]) or by
    /// [`Check::check`](waba_runtime::check::Check::check).
    pub fn text(to: impl Into<String>, body: impl Into<String>) -> Message {
        Message::new_text(TextObject::new(body), to)
    }

    /// Asks WhatsApp to render a preview of the first URL of a text message's body; other
    /// messages have no preview and are returned unchanged.
    pub fn with_link_preview(mut self) -> Message {
        if let Message::Text { text, .. } = &mut self {
            text.preview_url = Some(true);
        }
        self
    }

    /// An image with an optional caption (≤ 1024 characters).
    pub fn image(to: impl Into<String>, media: MediaSource, caption: Option<&str>) -> Message {
        Message::new_image(media.captioned(caption), to)
    }

    /// A video with an optional caption (≤ 1024 characters).
    pub fn video(to: impl Into<String>, media: MediaSource, caption: Option<&str>) -> Message {
        Message::new_video(to, media.captioned(caption))
    }

    /// A document with an optional file name and caption.
    pub fn document(
        to: impl Into<String>,
        media: MediaSource,
        filename: Option<&str>,
        caption: Option<&str>,
    ) -> Message {
        let (id, link) = media.split();
        let caption = caption.map(|c| DocumentObjectCaption::from_spec_unchecked(c.to_string()));
        Message::new_document(
            DocumentObject {
                id,
                link,
                caption,
                filename: filename.map(str::to_string),
            },
            to.into(),
        )
    }

    /// An audio message (no caption).
    pub fn audio(to: impl Into<String>, media: MediaSource) -> Message {
        Message::new_audio(media.media(), to)
    }

    /// A sticker (no caption).
    pub fn sticker(to: impl Into<String>, media: MediaSource) -> Message {
        Message::new_sticker(media.media(), to)
    }

    /// A location pin.
    pub fn location(
        to: impl Into<String>,
        latitude: f64,
        longitude: f64,
        name: Option<&str>,
        address: Option<&str>,
    ) -> Message {
        Message::new_location(
            LocationObject {
                latitude,
                longitude,
                name: name.map(str::to_string),
                address: address.map(str::to_string),
            },
            to.into(),
        )
    }

    /// A reaction to a message; an empty `emoji` removes an earlier reaction.
    pub fn reaction(
        to: impl Into<String>,
        message_id: impl Into<String>,
        emoji: impl Into<String>,
    ) -> Message {
        Message::new_reaction(
            ReactionObject {
                message_id: message_id.into(),
                emoji: emoji.into(),
            },
            to.into(),
        )
    }

    /// Removes the reaction sent earlier to the message `message_id` (a reaction with an
    /// empty emoji).
    pub fn remove_reaction(to: impl Into<String>, message_id: impl Into<String>) -> Message {
        Message::reaction(to, message_id, "")
    }

    /// One to five contact cards (see [`Contact::new`]); checked when sent, naming the field
    /// (`contacts`, `contacts[0].birthday`, ...).
    pub fn contacts(to: impl Into<String>, contacts: impl IntoIterator<Item = Contact>) -> Message {
        Message::new_contacts(contacts.into_iter().collect::<Vec<_>>(), to)
    }

    /// Interactive reply buttons: a body (≤ 1024 characters) and 1 to 3 `(id, title)` buttons
    /// (id ≤ 256, title ≤ 20 characters).
    pub fn reply_buttons<I: Into<String>, T: Into<String>>(
        to: impl Into<String>,
        body: impl Into<String>,
        buttons: impl IntoIterator<Item = (I, T)>,
    ) -> Message {
        let buttons = buttons
            .into_iter()
            .map(|(id, title)| ReplyButton::new(ReplyButtonContent::new(id, title)))
            .collect::<Vec<_>>();
        Message::new_interactive(
            InteractiveObject::Button {
                body: InteractiveBody::new(body),
                action: InteractiveButtonAction::new(buttons),
                header: None,
                footer: None,
            },
            to.into(),
        )
    }

    /// Sends the message to a WhatsApp group: `to` is then the group's id
    /// (`recipient_type` `group`).
    pub fn to_group(mut self) -> Message {
        *self.recipient_type_mut() = Some(RecipientType::Group);
        self
    }

    /// Sends the message as a reply to (quoting) the message `message_id`.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> Message {
        *self.context_mut() = Some(ReplyContext {
            message_id: message_id.into(),
        });
        self
    }

    /// Attaches data (≤ 512 characters) that WhatsApp echoes in this message's status webhooks.
    pub fn with_callback_data(mut self, data: impl Into<String>) -> Message {
        *self.biz_opaque_callback_data_mut() =
            Some(BizOpaqueCallbackData::from_spec_unchecked(data.into()));
        self
    }
}

impl Contact {
    /// A contact card with its full name as shown (`formatted_name`); add details with the
    /// methods below.
    pub fn new(formatted_name: impl Into<String>) -> Contact {
        Contact {
            name: ContactName::new(formatted_name),
            addresses: Vec::new(),
            birthday: None,
            emails: Vec::new(),
            org: None,
            phones: Vec::new(),
            urls: Vec::new(),
        }
    }

    /// Sets the first and last name.
    pub fn names(mut self, first: Option<&str>, last: Option<&str>) -> Contact {
        self.name.first_name = first.map(str::to_string);
        self.name.last_name = last.map(str::to_string);
        self
    }

    /// Adds a phone number, with its kind (`CELL`, `HOME`, `WORK`, ...) and, when it is on
    /// WhatsApp, its WhatsApp id (which adds a "Message" button to the card).
    pub fn phone(mut self, phone: &str, kind: Option<&str>, wa_id: Option<&str>) -> Contact {
        self.phones.push(ContactPhone {
            phone: Some(phone.to_string()),
            type_: kind.map(str::to_string),
            wa_id: wa_id.map(str::to_string),
        });
        self
    }

    /// Adds an email address with its kind (`HOME`, `WORK`).
    pub fn email(mut self, email: &str, kind: Option<&str>) -> Contact {
        self.emails.push(ContactEmail {
            email: Some(email.to_string()),
            type_: kind.map(str::to_string),
        });
        self
    }

    /// Sets the company and the job title.
    pub fn org(mut self, company: &str, title: Option<&str>) -> Contact {
        self.org = Some(ContactOrg {
            company: Some(company.to_string()),
            department: None,
            title: title.map(str::to_string),
        });
        self
    }

    /// Sets the birthday, `YYYY-MM-DD`.
    pub fn birthday(mut self, date: &str) -> Contact {
        self.birthday = Some(date.to_string());
        self
    }
}

impl TextMessageWithoutType {
    /// A text message (1 to 4096 characters) written without `type`, as some clients send
    /// it. [`Message::text`] is the usual way to send a text; this one exists so such bodies
    /// can be written and read back unchanged.
    pub fn new(to: impl Into<String>, body: impl Into<String>) -> TextMessageWithoutType {
        TextMessageWithoutType {
            to: to.into(),
            text: TextObject::new(body),
            biz_opaque_callback_data: None,
            context: None,
            messaging_product: MessagingProduct::Whatsapp,
            recipient_type: None,
        }
    }
}

impl Message {
    /// Everything [`Client::send`] checks before sending, in one call: the spec's constraints,
    /// Meta's limits included; the error names the field from the message's root.
    pub fn check_send(&self) -> Result<(), InvalidArgument> {
        waba_runtime::check::Check::check(self)
    }
}

impl MessagesRequest {
    /// Marks the received message `message_id` as read (blue ticks).
    pub fn mark_as_read(message_id: impl Into<String>) -> MessagesRequest {
        MessagesRequest::MarkAsRead(MarkAsRead::new(message_id))
    }

    /// Marks the received message `message_id` as read and shows a typing indicator.
    pub fn mark_as_read_typing(message_id: impl Into<String>) -> MessagesRequest {
        MessagesRequest::MarkAsRead(MarkAsRead::new(message_id).typing_indicator())
    }
}

impl SendMessageResponse {
    /// The `wamid` of the sent message.
    pub fn message_id(&self) -> Option<&str> {
        self.messages.first().map(|m| m.id.as_str())
    }

    /// The recipient's canonical WhatsApp id (may differ from the `to` that was sent).
    pub fn wa_id(&self) -> Option<&str> {
        self.contacts.first().and_then(|c| c.wa_id.as_deref())
    }
}

/// The path Meta's media URLs use; `download_media` fetches it from the 360dialog host.
const ATTACHMENTS_PATH: &str = "/whatsapp_business/attachments/";

impl Client {
    /// Sends a message (or a read receipt) through the Cloud API: `send_message`. Before
    /// sending, the body is checked against the spec, Meta's limits included
    /// ([`MessagesRequest::check_limits`]); a refused body names its field and is not sent.
    pub async fn send(
        &self,
        message: impl Into<MessagesRequest>,
    ) -> Result<ResponseValue<SendMessageResponse>, Error> {
        self.send_message(&message.into()).await
    }

    /// Marks a received message as read.
    pub async fn mark_as_read(
        &self,
        message_id: &str,
    ) -> Result<ResponseValue<SendMessageResponse>, Error> {
        self.send_message(&MessagesRequest::mark_as_read(message_id))
            .await
    }

    /// Downloads media from the `url` that `retrieve_media` returned: the URL's host (Meta's
    /// `lookaside.fbsbx.com`) is replaced by this client's 360dialog host, path and query are
    /// kept, and the API key is sent. A URL of another shape is refused before sending.
    pub async fn download_media_url(
        &self,
        url: &str,
    ) -> Result<ResponseValue<crate::ByteStream>, Error> {
        const OP: &str = "download_media";
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::invalid_request(OP, format!("`{url}` is not a URL: {e}")))?;
        if parsed.path() != ATTACHMENTS_PATH {
            return Err(Error::invalid_request(
                OP,
                format!(
                    "`{}` is not a WhatsApp media path (expected {ATTACHMENTS_PATH})",
                    parsed.path()
                ),
            ));
        }
        let query = |name: &str| {
            parsed
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let Some(mid) = query("mid") else {
            return Err(Error::invalid_request(
                OP,
                "the media URL has no `mid` parameter",
            ));
        };
        let (ext, hash) = (query("ext"), query("hash"));
        self.download_media(ext.as_deref(), hash.as_deref(), &mid)
            .await
    }
}
