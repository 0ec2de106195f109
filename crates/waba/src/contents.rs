//! The interactive and rich contents of a [`Message`]: reply [`Buttons`], a [`List`], a
//! call-to-action URL button ([`CtaUrl`]), a [`Location`], a location request, a
//! [`Reaction`] and [`Contact`] cards.
//!
//! Each is built with plain values and checked against WhatsApp's own limits by its `check`
//! (which [`Message::check`] calls, and the [`Client`](crate::Client) before sending): a
//! refused value names its neutral field (`buttons[1].title`, `sections[0].rows[2].id`).
//! The limits are Meta's Cloud API ones; a provider may have stricter ones of its own, which
//! its crate checks when the message is mapped.

use waba_runtime::check::{
    Path, ValidationError, fail, max_items, max_length, max_total, min_items, min_length,
    not_unique, required_when_several,
};

use crate::{Capability, Message, MessageContent};

/// At most 3 reply buttons.
pub const MAX_REPLY_BUTTONS: usize = 3;
/// A reply button's title: at most 20 characters.
pub const MAX_BUTTON_TITLE: usize = 20;
/// A reply button's id: at most 256 characters.
pub const MAX_BUTTON_ID: usize = 256;
/// The body of reply buttons and of a call-to-action URL button: at most 1024 characters.
pub const MAX_BODY: usize = 1024;
/// The body of a list: at most 4096 characters.
pub const MAX_LIST_BODY: usize = 4096;
/// A header text: at most 60 characters.
pub const MAX_HEADER: usize = 60;
/// A footer text: at most 60 characters.
pub const MAX_FOOTER: usize = 60;
/// The text of the button that opens a list: at most 20 characters.
pub const MAX_LIST_BUTTON: usize = 20;
/// At most 10 sections in a list.
pub const MAX_SECTIONS: usize = 10;
/// At most 10 rows in a list, over all its sections.
pub const MAX_ROWS: usize = 10;
/// A row's id: at most 200 characters.
pub const MAX_ROW_ID: usize = 200;
/// A row's title: at most 24 characters.
pub const MAX_ROW_TITLE: usize = 24;
/// A row's description: at most 72 characters.
pub const MAX_ROW_DESCRIPTION: usize = 72;
/// A section's title: at most 24 characters.
pub const MAX_SECTION_TITLE: usize = 24;
/// The display text of a call-to-action URL button: at most 20 characters.
pub const MAX_CTA_DISPLAY_TEXT: usize = 20;

/// A text between 1 and `max` characters.
fn text(at: &Path<'_>, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(fail(at, "must not be empty"));
    }
    max_length(at, value, max)
}

/// The optional header and footer texts of an interactive message.
fn header_footer(header: Option<&str>, footer: Option<&str>) -> Result<(), ValidationError> {
    let root = Path::Root;
    if let Some(header) = header {
        text(&root.field("header"), header, MAX_HEADER)?;
    }
    if let Some(footer) = footer {
        text(&root.field("footer"), footer, MAX_FOOTER)?;
    }
    Ok(())
}

/// One reply button: the id your webhook gets back when it is tapped, and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReplyButton {
    /// The id (at most 256 characters, unique in the message), returned when tapped.
    pub id: String,
    /// The title shown (at most 20 characters, unique in the message).
    pub title: String,
}

/// Reply buttons: a body and 1 to 3 buttons, with an optional header text and footer. A tap
/// comes back as an inbound reply carrying the button's id.
///
/// ```
/// use waba::{Buttons, Message};
///
/// let buttons = Message::buttons("When should we deliver your order?")
///     .button("slot-morning", "Morning")
///     .button("slot-evening", "Evening")
///     .header("Delivery time")
///     .footer("Example Store");
/// assert_eq!(buttons.buttons().len(), 2);
/// assert!(buttons.check().is_ok());
/// let message = Message::from(buttons).reply_to("wamid.HBgLMTIzNDU2Nzg5MA==");
/// # let _ = message;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buttons {
    body: String,
    buttons: Vec<ReplyButton>,
    header: Option<String>,
    footer: Option<String>,
}

impl Buttons {
    /// Reply buttons with `body` (at most 1024 characters); add the buttons with
    /// [`button`](Self::button).
    pub fn new(body: impl Into<String>) -> Self {
        Buttons {
            body: body.into(),
            buttons: Vec::new(),
            header: None,
            footer: None,
        }
    }

    /// Adds a button: its `id` (returned when tapped) and `title`.
    pub fn button(mut self, id: impl Into<String>, title: impl Into<String>) -> Self {
        self.buttons.push(ReplyButton {
            id: id.into(),
            title: title.into(),
        });
        self
    }

    /// A header text (at most 60 characters).
    pub fn header(mut self, text: impl Into<String>) -> Self {
        self.header = Some(text.into());
        self
    }

    /// A footer text (at most 60 characters).
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(text.into());
        self
    }

    /// The body text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The buttons, in order.
    pub fn buttons(&self) -> &[ReplyButton] {
        &self.buttons
    }

    /// The header text, if any.
    pub fn header_text(&self) -> Option<&str> {
        self.header.as_deref()
    }

    /// The footer text, if any.
    pub fn footer_text(&self) -> Option<&str> {
        self.footer.as_deref()
    }

    /// WhatsApp's limits: `body` 1 to 1024 characters, 1 to 3 `buttons`, each `id` 1 to 256
    /// and `title` 1 to 20 characters, ids and titles unique, `header` and `footer` at most 60.
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        text(&root.field("body"), &self.body, MAX_BODY)?;
        let at = root.field("buttons");
        min_items(&at, self.buttons.len(), 1)?;
        max_items(&at, self.buttons.len(), MAX_REPLY_BUTTONS)?;
        for (i, button) in self.buttons.iter().enumerate() {
            let item = at.index(i);
            text(&item.field("id"), &button.id, MAX_BUTTON_ID)?;
            text(&item.field("title"), &button.title, MAX_BUTTON_TITLE)?;
            let earlier = &self.buttons[..i];
            if earlier.iter().any(|b| b.id == button.id) {
                return Err(not_unique(&item.field("id"), "id"));
            }
            if earlier.iter().any(|b| b.title == button.title) {
                return Err(not_unique(&item.field("title"), "title"));
            }
        }
        header_footer(self.header.as_deref(), self.footer.as_deref())
    }
}

/// One row of a [`Section`]: the id your webhook gets back when it is chosen, a title and an
/// optional description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Row {
    /// The id (at most 200 characters, unique in the list), returned when chosen.
    pub id: String,
    /// The title (at most 24 characters).
    pub title: String,
    /// The description (at most 72 characters).
    pub description: Option<String>,
}

/// A section of a [`List`]: an optional title (required when the list has several sections)
/// and its rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    title: Option<String>,
    rows: Vec<Row>,
}

impl Section {
    /// A section titled `title` (at most 24 characters).
    pub fn new(title: impl Into<String>) -> Self {
        Section {
            title: Some(title.into()),
            rows: Vec::new(),
        }
    }

    /// A section without a title (only for a list of one section).
    pub fn untitled() -> Self {
        Section::default()
    }

    /// Adds a row without a description.
    pub fn row(mut self, id: impl Into<String>, title: impl Into<String>) -> Self {
        self.rows.push(Row {
            id: id.into(),
            title: title.into(),
            description: None,
        });
        self
    }

    /// Adds a row with a description.
    pub fn row_described(
        mut self,
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        self.rows.push(Row {
            id: id.into(),
            title: title.into(),
            description: Some(description.into()),
        });
        self
    }

    /// The title, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The rows, in order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
}

/// A list: a body, the text of the button that opens it, and sections of rows (at most 10
/// rows in all), with an optional header text and footer.
///
/// ```
/// use waba::{Message, Section};
///
/// let list = Message::list("Pick a dish and we will start cooking.", "Show dishes")
///     .section(
///         Section::new("Pizza")
///             .row_described("pizza-margherita", "Margherita", "Tomato, mozzarella, basil")
///             .row("pizza-funghi", "Funghi"),
///     )
///     .section(Section::new("Salads").row("salad-caesar", "Caesar salad"))
///     .header("Our menu");
/// assert!(list.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    body: String,
    button: String,
    sections: Vec<Section>,
    header: Option<String>,
    footer: Option<String>,
}

impl List {
    /// A list with `body` (at most 4096 characters) opened by a button labelled `button` (at
    /// most 20 characters); add sections with [`section`](Self::section).
    pub fn new(body: impl Into<String>, button: impl Into<String>) -> Self {
        List {
            body: body.into(),
            button: button.into(),
            sections: Vec::new(),
            header: None,
            footer: None,
        }
    }

    /// Adds a section.
    pub fn section(mut self, section: Section) -> Self {
        self.sections.push(section);
        self
    }

    /// A header text (at most 60 characters).
    pub fn header(mut self, text: impl Into<String>) -> Self {
        self.header = Some(text.into());
        self
    }

    /// A footer text (at most 60 characters).
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(text.into());
        self
    }

    /// The body text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The text of the button that opens the list.
    pub fn button_text(&self) -> &str {
        &self.button
    }

    /// The sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The header text, if any.
    pub fn header_text(&self) -> Option<&str> {
        self.header.as_deref()
    }

    /// The footer text, if any.
    pub fn footer_text(&self) -> Option<&str> {
        self.footer.as_deref()
    }

    /// WhatsApp's limits: `body` 1 to 4096 characters, `button` 1 to 20, 1 to 10 `sections`
    /// each with at least one row and a `title` (at most 24) when there are several, at most
    /// 10 rows in all, each row's `id` 1 to 200 characters and unique, `title` 1 to 24,
    /// `description` at most 72; `header` and `footer` at most 60.
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        text(&root.field("body"), &self.body, MAX_LIST_BODY)?;
        text(&root.field("button"), &self.button, MAX_LIST_BUTTON)?;
        let at = root.field("sections");
        min_items(&at, self.sections.len(), 1)?;
        max_items(&at, self.sections.len(), MAX_SECTIONS)?;
        let several = self.sections.len() > 1;
        let mut ids: Vec<&str> = Vec::new();
        for (i, section) in self.sections.iter().enumerate() {
            let s = at.index(i);
            let title = s.field("title");
            match &section.title {
                Some(t) => text(&title, t, MAX_SECTION_TITLE)?,
                None if several => return Err(required_when_several(&title)),
                None => {}
            }
            let rows = s.field("rows");
            min_items(&rows, section.rows.len(), 1)?;
            for (j, row) in section.rows.iter().enumerate() {
                let r = rows.index(j);
                text(&r.field("id"), &row.id, MAX_ROW_ID)?;
                if ids.contains(&row.id.as_str()) {
                    return Err(not_unique(&r.field("id"), "id"));
                }
                ids.push(&row.id);
                text(&r.field("title"), &row.title, MAX_ROW_TITLE)?;
                if let Some(d) = &row.description {
                    max_length(&r.field("description"), d, MAX_ROW_DESCRIPTION)?;
                }
            }
        }
        max_total(&at, ids.len(), MAX_ROWS, "rows")?;
        header_footer(self.header.as_deref(), self.footer.as_deref())
    }
}

/// A call-to-action URL button: a body and a button labelled `display_text` that opens an
/// `https` URL, with an optional header text and footer.
///
/// ```
/// use waba::Message;
///
/// let cta = Message::cta_url(
///     "Your tickets are ready.",
///     "Open tickets",
///     "https://www.example.com/tickets/10234",
/// );
/// assert!(cta.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtaUrl {
    body: String,
    display_text: String,
    url: String,
    header: Option<String>,
    footer: Option<String>,
}

impl CtaUrl {
    /// A button labelled `display_text` (at most 20 characters) that opens `url` (`https`),
    /// under `body` (at most 1024 characters).
    pub fn new(
        body: impl Into<String>,
        display_text: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        CtaUrl {
            body: body.into(),
            display_text: display_text.into(),
            url: url.into(),
            header: None,
            footer: None,
        }
    }

    /// A header text (at most 60 characters).
    pub fn header(mut self, text: impl Into<String>) -> Self {
        self.header = Some(text.into());
        self
    }

    /// A footer text (at most 60 characters).
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(text.into());
        self
    }

    /// The body text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The button's label.
    pub fn display_text(&self) -> &str {
        &self.display_text
    }

    /// The URL the button opens.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The header text, if any.
    pub fn header_text(&self) -> Option<&str> {
        self.header.as_deref()
    }

    /// The footer text, if any.
    pub fn footer_text(&self) -> Option<&str> {
        self.footer.as_deref()
    }

    /// WhatsApp's limits: `body` 1 to 1024 characters, `display_text` 1 to 20, `url` an
    /// `https://` URL with a host, `header` and `footer` at most 60.
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        text(&root.field("body"), &self.body, MAX_BODY)?;
        text(
            &root.field("display_text"),
            &self.display_text,
            MAX_CTA_DISPLAY_TEXT,
        )?;
        let url = root.field("url");
        let host = self
            .url
            .strip_prefix("https://")
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
        match host {
            Some(host) if !host.is_empty() && !self.url.contains(char::is_whitespace) => {}
            _ => return Err(fail(&url, "must be an https:// URL with a host")),
        }
        header_footer(self.header.as_deref(), self.footer.as_deref())
    }
}

/// A location pin: coordinates in degrees, and an optional name and address.
///
/// ```
/// use waba::Message;
///
/// let pin = Message::location(52.520008, 13.404954)
///     .name("Example Store Berlin")
///     .address("Alexanderplatz 1, 10178 Berlin");
/// assert!(pin.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

impl Location {
    /// A pin at `latitude` (−90 to 90) and `longitude` (−180 to 180).
    pub fn new(latitude: f64, longitude: f64) -> Self {
        Location {
            latitude,
            longitude,
            name: None,
            address: None,
        }
    }

    /// The place's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The place's address.
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// The latitude in degrees.
    pub fn latitude(&self) -> f64 {
        self.latitude
    }

    /// The longitude in degrees.
    pub fn longitude(&self) -> f64 {
        self.longitude
    }

    /// The name, if given.
    pub fn name_text(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The address, if given.
    pub fn address_text(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// The coordinates' ranges: `latitude` −90 to 90, `longitude` −180 to 180 (finite).
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        for (name, value, limit) in [
            ("latitude", self.latitude, 90.0),
            ("longitude", self.longitude, 180.0),
        ] {
            if !value.is_finite() || !(-limit..=limit).contains(&value) {
                return Err(fail(
                    &root.field(name),
                    format_args!("is {value}, it must be between -{limit} and {limit}"),
                ));
            }
        }
        Ok(())
    }
}

/// An emoji reaction to a message, or the removal of an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    message_id: String,
    emoji: String,
}

impl Reaction {
    /// Reacts with `emoji` to the message `message_id`.
    pub fn new(message_id: impl Into<String>, emoji: impl Into<String>) -> Self {
        Reaction {
            message_id: message_id.into(),
            emoji: emoji.into(),
        }
    }

    /// Removes the reaction sent earlier to the message `message_id`.
    pub fn removal(message_id: impl Into<String>) -> Self {
        Reaction::new(message_id, "")
    }

    /// The id of the message reacted to.
    pub fn message_id(&self) -> &str {
        &self.message_id
    }

    /// The emoji; empty for a removal.
    pub fn emoji(&self) -> &str {
        &self.emoji
    }

    /// Whether this removes an earlier reaction.
    pub fn is_removal(&self) -> bool {
        self.emoji.is_empty()
    }

    /// `message_id` is not empty.
    pub fn check(&self) -> Result<(), ValidationError> {
        min_length(&Path::Root.field("message_id"), self.message_id.trim(), 1)
    }
}

/// A phone number of a [`Contact`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContactPhone {
    /// The number as shown.
    pub phone: String,
    /// Its kind: `CELL`, `HOME`, `WORK`, … .
    pub kind: Option<String>,
    /// Its WhatsApp id, when it is on WhatsApp (adds a "Message" button to the card).
    pub wa_id: Option<String>,
}

/// An email address of a [`Contact`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContactEmail {
    /// The address.
    pub email: String,
    /// Its kind: `HOME`, `WORK`.
    pub kind: Option<String>,
}

/// A web address of a [`Contact`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContactUrl {
    /// The URL.
    pub url: String,
    /// Its kind: `HOME`, `WORK`.
    pub kind: Option<String>,
}

/// A contact card, as WhatsApp's `contacts` message carries it: the name (required as shown,
/// `formatted_name`), first and last name, phones, emails, web addresses, company and job
/// title, birthday.
///
/// ```
/// use waba::{Contact, Message};
///
/// let anna = Contact::new("Anna Schmidt")
///     .first_name("Anna")
///     .last_name("Schmidt")
///     .phone("+49 151 98765432", Some("CELL"), Some("4915198765432"))
///     .email("anna.schmidt@example.com", Some("WORK"))
///     .org("Example GmbH", Some("Customer Success"))
///     .birthday("1990-04-23");
/// let message = Message::contacts([anna]);
/// assert!(message.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    formatted_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
    phones: Vec<ContactPhone>,
    emails: Vec<ContactEmail>,
    urls: Vec<ContactUrl>,
    company: Option<String>,
    title: Option<String>,
    birthday: Option<String>,
}

impl Contact {
    /// A card with the full name as shown.
    pub fn new(formatted_name: impl Into<String>) -> Self {
        Contact {
            formatted_name: formatted_name.into(),
            first_name: None,
            last_name: None,
            phones: Vec::new(),
            emails: Vec::new(),
            urls: Vec::new(),
            company: None,
            title: None,
            birthday: None,
        }
    }

    /// The first name.
    pub fn first_name(mut self, name: impl Into<String>) -> Self {
        self.first_name = Some(name.into());
        self
    }

    /// The last name.
    pub fn last_name(mut self, name: impl Into<String>) -> Self {
        self.last_name = Some(name.into());
        self
    }

    /// Adds a phone number with its kind (`CELL`, `HOME`, `WORK`, …) and WhatsApp id.
    pub fn phone(mut self, phone: &str, kind: Option<&str>, wa_id: Option<&str>) -> Self {
        self.phones.push(ContactPhone {
            phone: phone.to_string(),
            kind: kind.map(str::to_string),
            wa_id: wa_id.map(str::to_string),
        });
        self
    }

    /// Adds an email address with its kind (`HOME`, `WORK`).
    pub fn email(mut self, email: &str, kind: Option<&str>) -> Self {
        self.emails.push(ContactEmail {
            email: email.to_string(),
            kind: kind.map(str::to_string),
        });
        self
    }

    /// Adds a web address with its kind (`HOME`, `WORK`).
    pub fn url(mut self, url: &str, kind: Option<&str>) -> Self {
        self.urls.push(ContactUrl {
            url: url.to_string(),
            kind: kind.map(str::to_string),
        });
        self
    }

    /// The company and the job title.
    pub fn org(mut self, company: &str, title: Option<&str>) -> Self {
        self.company = Some(company.to_string());
        self.title = title.map(str::to_string);
        self
    }

    /// The birthday, `YYYY-MM-DD`.
    pub fn birthday(mut self, date: &str) -> Self {
        self.birthday = Some(date.to_string());
        self
    }

    /// The full name as shown.
    pub fn formatted_name(&self) -> &str {
        &self.formatted_name
    }

    /// The first name, if given.
    pub fn first_name_text(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// The last name, if given.
    pub fn last_name_text(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// The phone numbers.
    pub fn phones(&self) -> &[ContactPhone] {
        &self.phones
    }

    /// The email addresses.
    pub fn emails(&self) -> &[ContactEmail] {
        &self.emails
    }

    /// The web addresses.
    pub fn urls(&self) -> &[ContactUrl] {
        &self.urls
    }

    /// The company, if given.
    pub fn company(&self) -> Option<&str> {
        self.company.as_deref()
    }

    /// The job title, if given.
    pub fn job_title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The birthday, if given.
    pub fn birthday_date(&self) -> Option<&str> {
        self.birthday.as_deref()
    }

    /// Checks the card found at `at` (`contacts[i]`): a `name.formatted_name`, a `birthday`
    /// written `YYYY-MM-DD`.
    fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError> {
        let name = at.field("name");
        min_length(&name.field("formatted_name"), self.formatted_name.trim(), 1)?;
        if let Some(date) = &self.birthday
            && !waba_runtime::check::is_date(date.as_bytes())
        {
            return Err(fail(&at.field("birthday"), "must be a date YYYY-MM-DD"));
        }
        Ok(())
    }
}

/// The cards of a `contacts` message: at least one, each checked by [`Contact`]'s rules.
pub(crate) fn check_contacts(contacts: &[Contact]) -> Result<(), ValidationError> {
    let at = Path::Root.field("contacts");
    min_items(&at, contacts.len(), 1)?;
    for (i, contact) in contacts.iter().enumerate() {
        contact.check_at(&at.index(i))?;
    }
    Ok(())
}

/// The body of a location request: 1 to 1024 characters.
pub(crate) fn check_location_request(body: &str) -> Result<(), ValidationError> {
    text(&Path::Root.field("body"), body, MAX_BODY)
}

impl Message {
    /// Reply buttons with `body`; add buttons with [`Buttons::button`], then turn it into a
    /// message with `.into()` or [`Message::from`].
    pub fn buttons(body: impl Into<String>) -> Buttons {
        Buttons::new(body)
    }

    /// A list with `body` opened by a button labelled `button`; add sections with
    /// [`List::section`].
    pub fn list(body: impl Into<String>, button: impl Into<String>) -> List {
        List::new(body, button)
    }

    /// A call-to-action URL button (see [`CtaUrl::new`]).
    pub fn cta_url(
        body: impl Into<String>,
        display_text: impl Into<String>,
        url: impl Into<String>,
    ) -> CtaUrl {
        CtaUrl::new(body, display_text, url)
    }

    /// A location pin (see [`Location::new`]).
    pub fn location(latitude: f64, longitude: f64) -> Location {
        Location::new(latitude, longitude)
    }

    /// Asks the user to share their location, with `body` (at most 1024 characters).
    pub fn location_request(body: impl Into<String>) -> Message {
        Message::new(MessageContent::LocationRequest { body: body.into() })
    }

    /// Reacts with `emoji` to the message `message_id`.
    pub fn reaction(message_id: impl Into<String>, emoji: impl Into<String>) -> Message {
        Message::new(MessageContent::Reaction(Reaction::new(message_id, emoji)))
    }

    /// Removes the reaction sent earlier to the message `message_id`.
    pub fn remove_reaction(message_id: impl Into<String>) -> Message {
        Message::new(MessageContent::Reaction(Reaction::removal(message_id)))
    }

    /// One or more contact cards.
    pub fn contacts(contacts: impl IntoIterator<Item = Contact>) -> Message {
        Message::new(MessageContent::Contacts(contacts.into_iter().collect()))
    }
}

macro_rules! into_message {
    ($($ty:ident => $variant:ident, $capability:ident;)*) => {
        $(
            impl From<$ty> for Message {
                fn from(content: $ty) -> Self {
                    Message::new(MessageContent::$variant(content))
                }
            }

            impl $ty {
                /// The capability sending it needs.
                pub fn needs(&self) -> Vec<Capability> {
                    vec![Capability::$capability]
                }
            }
        )*
    };
}

into_message! {
    Buttons => Buttons, ReplyButtons;
    List => List, List;
    CtaUrl => CtaUrl, CtaUrl;
    Location => Location, Location;
    Reaction => Reaction, Reaction;
}
