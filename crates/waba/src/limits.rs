//! WhatsApp's own limits on text, templates and media, the same for every provider: every
//! message ends at WhatsApp, whichever provider carries it. [`Client::send`](crate::Client::send)
//! checks the recipient (see [`RecipientKind`](crate::RecipientKind)) and runs
//! [`Message::check`], which calls the checks here, before it calls the provider, so a
//! message WhatsApp would refuse is refused with
//! [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming the neutral field, and
//! nothing is sent. A provider's own, narrower limits are still checked by its adapter and
//! its crate.
//!
//! Lengths count characters (Unicode scalar values), as WhatsApp's reference counts them.
//! Sources: Meta's Cloud API reference (text `body` at most 4096 characters, media `caption`
//! at most 1024, template text parameters at most 32768, at most 10 template buttons) and
//! 360dialog's document (media links are public HTTPS URLs).

use waba_runtime::check::{Path, ValidationError, fail, max_items, max_length, min_length};

use crate::{Backend, Media, Message, Template, TemplateButton};

/// The most characters of a text message's body.
pub const MAX_TEXT: usize = 4096;

/// The most characters of a media caption.
pub const MAX_CAPTION: usize = 1024;

/// The most characters of a template's text parameter.
pub const MAX_TEMPLATE_PARAMETER: usize = 32768;

/// The most buttons of a template (WhatsApp numbers them 0 to 9).
pub const MAX_TEMPLATE_BUTTONS: usize = 10;

/// The most characters of a file name: not a WhatsApp limit but the common file system one
/// (the recipient's phone saves the file under it).
pub const MAX_FILE_NAME: usize = 255;

impl Template {
    /// Checks WhatsApp's limits of a template (see [`Message::check`]); fields are named
    /// `template.…`.
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        let at = root.field("template");
        not_blank(&at.field("reference"), self.reference())?;
        if let Some(language) = self.language_code() {
            not_blank(&at.field("language"), language)?;
        }
        let body = at.field("body");
        for (i, parameter) in self.body_parameters().iter().enumerate() {
            let at = body.index(i);
            not_blank(&at, parameter)?;
            max_length(&at, parameter, MAX_TEMPLATE_PARAMETER)?;
        }
        if let Some(header) = self.header_media() {
            let at = at.field("header");
            https_link(&at.field("link"), header.url())?;
            if header.caption_text().is_some() {
                return Err(fail(
                    &at.field("caption"),
                    "must not be given: a template header has no caption",
                ));
            }
            if let Some(name) = header.file_name_text() {
                file_name(&at.field("file_name"), name)?;
            }
        }
        let buttons = at.field("buttons");
        max_items(&buttons, self.buttons().len(), MAX_TEMPLATE_BUTTONS)?;
        for (i, button) in self.buttons().iter().enumerate() {
            match button {
                TemplateButton::QuickReply(value) | TemplateButton::UrlSuffix(value) => {
                    not_blank(&buttons.index(i), value)?;
                }
                #[allow(unreachable_patterns)]
                _ => {}
            }
        }
        Ok(())
    }
}

impl Media {
    /// Checks WhatsApp's limits of a media message (see [`Message::check`]); fields are
    /// named `media.…`.
    pub fn check(&self) -> Result<(), ValidationError> {
        let root = Path::Root;
        let at = root.field("media");
        https_link(&at.field("link"), self.url())?;
        if let Some(caption) = self.caption_text() {
            max_length(&at.field("caption"), caption, MAX_CAPTION)?;
        }
        if let Some(name) = self.file_name_text() {
            file_name(&at.field("file_name"), name)?;
        }
        Ok(())
    }
}

/// What [`Client::send`](crate::Client::send) checks before it calls `backend`: the recipient
/// as the backend's [`RecipientKind`](crate::RecipientKind) says, then [`Message::check`]
/// (which runs the checks below for text, templates and media).
/// Returns what the backend is given as `to`.
pub(crate) fn checked(
    backend: &dyn Backend,
    to: &str,
    message: &Message,
) -> Result<String, ValidationError> {
    let to = backend.recipient_kind(message).check(to)?;
    message.check()?;
    Ok(to)
}

/// A text message's body: 1 to 4096 characters, not only whitespace.
pub(crate) fn text_body(body: &str) -> Result<(), ValidationError> {
    let root = Path::Root;
    let text = root.field("text");
    let at = text.field("body");
    min_length(&at, body, 1)?;
    max_length(&at, body, MAX_TEXT)?;
    not_blank(&at, body)
}

fn not_blank(at: &Path<'_>, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(fail(at, "is empty (or only whitespace)"));
    }
    Ok(())
}

/// An absolute `https` URL with a host. The URL is never repeated in the error: it may carry
/// a signature or token.
fn https_link(at: &Path<'_>, link: &str) -> Result<(), ValidationError> {
    not_blank(at, link)?;
    if link.chars().any(char::is_whitespace) {
        return Err(fail(
            at,
            "contains whitespace: encode it in the URL (%20) or trim it",
        ));
    }
    let url = reqwest::Url::parse(link)
        .map_err(|e| fail(at, format_args!("is not an absolute https URL ({e})")))?;
    if url.scheme() != "https" {
        return Err(fail(
            at,
            format_args!(
                "is a `{}:` URL: media links must be https (https://…)",
                url.scheme()
            ),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fail(at, "has no host: give an absolute https URL"));
    }
    Ok(())
}

/// A file name shown to the recipient: not empty, at most 255 characters, no path separator
/// or control character.
fn file_name(at: &Path<'_>, name: &str) -> Result<(), ValidationError> {
    not_blank(at, name)?;
    max_length(at, name, MAX_FILE_NAME)?;
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '/' | '\\') || c.is_control())
    {
        return Err(fail(
            at,
            format_args!(
                "contains {c:?}: a file name has no path separators or control characters"
            ),
        ));
    }
    Ok(())
}

/// The id of a message (`reply_to`): not empty, no whitespace.
pub(crate) fn message_id(at: &Path<'_>, id: &str) -> Result<(), ValidationError> {
    not_blank(at, id)?;
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(fail(at, "contains whitespace: a message id has none"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Media;

    fn refused(message: impl Into<Message>) -> (String, String) {
        let e = message.into().check().expect_err("refused");
        (e.path, e.message)
    }

    #[test]
    fn text_is_1_to_4096_characters_counted_as_characters() {
        assert!(Message::text("é".repeat(MAX_TEXT)).check().is_ok());
        assert_eq!(
            refused(Message::text("é".repeat(MAX_TEXT + 1))),
            (
                "text.body".into(),
                "is 4097 characters long, at most 4096 allowed".into()
            )
        );
        assert_eq!(
            refused(Message::text("")),
            (
                "text.body".into(),
                "is 0 characters long, at least 1 required".into()
            )
        );
        assert_eq!(refused(Message::text(" \n ")).0, "text.body");
    }

    #[test]
    fn a_caption_is_at_most_1024_characters() {
        let image = |n| Media::image("https://example.com/cat.jpg").caption("ß".repeat(n));
        assert!(Message::from(image(MAX_CAPTION)).check().is_ok());
        assert_eq!(
            refused(image(MAX_CAPTION + 1)),
            (
                "media.caption".into(),
                "is 1025 characters long, at most 1024 allowed".into()
            )
        );
    }

    #[test]
    fn media_links_are_absolute_https_urls() {
        assert!(
            Message::from(Media::document("https://example.com/a%20b.pdf?sig=1"))
                .check()
                .is_ok()
        );
        for link in [
            "http://example.com/cat.jpg",
            "ftp://example.com/cat.jpg",
            "//example.com/cat.jpg",
            "/cat.jpg",
            "example.com/cat.jpg",
            "https://",
            "https://example.com/a cat.jpg",
            " https://example.com/cat.jpg",
            "",
            "http(s)://example.com/cat.jpg",
        ] {
            let (path, message) = refused(Media::image(link));
            assert_eq!(path, "media.link", "{link:?}: {message}");
        }
        let (_, message) = refused(Media::image("http://example.com/cat.jpg?token=s3cr3t"));
        assert_eq!(
            message,
            "is a `http:` URL: media links must be https (https://…)"
        );
    }

    #[test]
    fn file_names_are_sane() {
        let doc = |name: &str| Media::document("https://example.com/x").file_name(name);
        assert!(Message::from(doc("Rechnung März.pdf")).check().is_ok());
        for name in ["", "  ", "../etc/passwd", "a\\b.pdf", "a\nb.pdf"] {
            assert_eq!(refused(doc(name)).0, "media.file_name", "{name:?}");
        }
        assert!(
            Message::from(doc(&"a".repeat(MAX_FILE_NAME)))
                .check()
                .is_ok()
        );
        assert_eq!(
            refused(doc(&"a".repeat(MAX_FILE_NAME + 1))).0,
            "media.file_name"
        );
    }

    #[test]
    fn template_fields_are_named_by_their_neutral_path() {
        let good = || {
            Template::new("order_update")
                .language("en_US")
                .body(["Anna"])
        };
        assert!(Message::from(good()).check().is_ok());
        let cases = [
            (Template::new(" "), "template.reference"),
            (good().language(""), "template.language"),
            (good().body(["Anna", ""]), "template.body[1]"),
            (
                good().body(["x".repeat(MAX_TEMPLATE_PARAMETER + 1)]),
                "template.body[0]",
            ),
            (
                good().header(Media::image("http://example.com/a.jpg")),
                "template.header.link",
            ),
            (
                good().header(Media::image("https://example.com/a.jpg").caption("c")),
                "template.header.caption",
            ),
            (
                good().header(Media::document("https://example.com/a.pdf").file_name("a/b")),
                "template.header.file_name",
            ),
            (
                good().quick_reply("YES").url_suffix(""),
                "template.buttons[1]",
            ),
        ];
        for (template, path) in cases {
            assert_eq!(refused(template).0, path);
        }
        let eleven = (0..11).fold(good(), |t, i| t.quick_reply(format!("B{i}")));
        assert_eq!(
            refused(eleven),
            (
                "template.buttons".into(),
                "has 11 items, at most 10 allowed".into()
            )
        );
        let ten = (0..10).fold(good(), |t, i| t.quick_reply(format!("B{i}")));
        assert!(Message::from(ten).check().is_ok());
        let longest = good().body(["x".repeat(MAX_TEMPLATE_PARAMETER)]);
        assert!(Message::from(longest).check().is_ok());
    }

    #[test]
    fn a_reply_to_id_is_an_id() {
        assert!(Message::text("hi").reply_to("wamid.HBgL").check().is_ok());
        assert_eq!(refused(Message::text("hi").reply_to("")).0, "reply_to");
        assert_eq!(
            refused(Message::text("hi").reply_to("wamid. x")).0,
            "reply_to"
        );
    }
}
