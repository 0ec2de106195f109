//! Short ways to build replies and tags, and to read the document's object-or-array answers.
//! Everything here builds or reads the generated types; they can also be used directly.

use crate::types::{
    AltText, FileReply, FileReplyType, ImageReply, ImageReplyType, ManyTemplateTags, MediaUrl,
    ReplyMessage, TemplateTag, TemplateTagSlot, TextReply, UploadedFile, VideoReply,
    VideoReplyType,
};

/// A constructor argument that breaks a documented limit: which field, and why.
pub type InvalidArgument = waba_runtime::check::ValidationError;

fn invalid(path: &str, why: impl std::fmt::Display) -> InvalidArgument {
    InvalidArgument {
        path: path.to_string(),
        message: why.to_string(),
    }
}

fn media(media_url: &str, alt_text: &str) -> Result<(MediaUrl, AltText), InvalidArgument> {
    Ok((
        media_url.try_into().map_err(|e| invalid("mediaUrl", e))?,
        alt_text.try_into().map_err(|e| invalid("altText", e))?,
    ))
}

impl ReplyMessage {
    /// A text reply (not empty).
    pub fn text(text: &str) -> Result<ReplyMessage, InvalidArgument> {
        Ok(ReplyMessage::TextReply(TextReply {
            text: text.try_into().map_err(|e| invalid("text", e))?,
        }))
    }

    /// An image at a public `http(s)` URL, with the text shown with it.
    pub fn image(media_url: &str, alt_text: &str) -> Result<ReplyMessage, InvalidArgument> {
        let (media_url, alt_text) = media(media_url, alt_text)?;
        Ok(ReplyMessage::ImageReply(ImageReply {
            type_: ImageReplyType::Image,
            media_url,
            alt_text,
        }))
    }

    /// A file (for example a PDF) at a public `http(s)` URL, with the text shown with it.
    pub fn file(media_url: &str, alt_text: &str) -> Result<ReplyMessage, InvalidArgument> {
        let (media_url, alt_text) = media(media_url, alt_text)?;
        Ok(ReplyMessage::FileReply(FileReply {
            type_: FileReplyType::File,
            media_url,
            alt_text,
        }))
    }

    /// A video at a public `http(s)` URL, with the text shown with it.
    pub fn video(media_url: &str, alt_text: &str) -> Result<ReplyMessage, InvalidArgument> {
        let (media_url, alt_text) = media(media_url, alt_text)?;
        Ok(ReplyMessage::VideoReply(VideoReply {
            type_: VideoReplyType::Video,
            media_url,
            alt_text,
        }))
    }
}

impl TemplateTagSlot {
    /// The shape the document sends: no tag as `[]`, one tag as an object, several as an
    /// array.
    pub fn from_tags(mut tags: Vec<TemplateTag>) -> TemplateTagSlot {
        if tags.len() == 1
            && let Some(tag) = tags.pop()
        {
            return TemplateTagSlot::TemplateTag(tag);
        }
        TemplateTagSlot::ManyTemplateTags(ManyTemplateTags(tags))
    }

    /// No tag: `[]`.
    pub fn empty() -> TemplateTagSlot {
        TemplateTagSlot::from_tags(Vec::new())
    }
}

/// JSON `null`, a missing key and the string "null" all mean "not set" in upload answers.
fn present(value: &Option<crate::types::NullableText>) -> Option<&str> {
    value
        .as_ref()
        .and_then(|v| v.0.as_deref())
        .filter(|s| *s != "null")
}

impl UploadedFile {
    /// The stored `Content-Disposition`, if any (the string "null" reads as none).
    pub fn content_disposition(&self) -> Option<&str> {
        present(&self.content_disposition)
    }

    /// The stored `Content-Encoding`, if any (the string "null" reads as none).
    pub fn content_encoding(&self) -> Option<&str> {
        present(&self.content_encoding)
    }

    /// The server-side encryption, if any (JSON `null` and the string "null" read as none).
    pub fn server_side_encryption(&self) -> Option<&str> {
        present(&self.server_side_encryption)
    }
}
