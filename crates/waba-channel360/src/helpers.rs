//! Short ways to build replies and tags, and to read the document's object-or-array answers.
//! Everything here builds or reads the generated types; they can also be used directly.

use crate::types::{
    FileReply, ImageReply, ManyTemplateTags, ReplyMessage, TemplateTag, TemplateTagSlot, TextReply,
    UploadedFile, VideoReply,
};

impl ReplyMessage {
    /// A text reply (not empty). Like every constructor here, it checks nothing: the reply is
    /// checked against the spec once, when it is sent.
    pub fn text(text: impl Into<String>) -> ReplyMessage {
        ReplyMessage::TextReply(TextReply::new(text))
    }

    /// An image at a public `http(s)` URL, with the text shown with it.
    pub fn image(media_url: impl Into<String>, alt_text: impl Into<String>) -> ReplyMessage {
        ReplyMessage::ImageReply(ImageReply::new(alt_text, media_url))
    }

    /// A file (for example a PDF) at a public `http(s)` URL, with the text shown with it.
    pub fn file(media_url: impl Into<String>, alt_text: impl Into<String>) -> ReplyMessage {
        ReplyMessage::FileReply(FileReply::new(alt_text, media_url))
    }

    /// A video at a public `http(s)` URL, with the text shown with it.
    pub fn video(media_url: impl Into<String>, alt_text: impl Into<String>) -> ReplyMessage {
        ReplyMessage::VideoReply(VideoReply::new(alt_text, media_url))
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
