//! Short ways to build replies and tags, and to read the document's object-or-array answers.
//! Everything here builds or reads the generated types; they can also be used directly.

use crate::types::{ManyTemplateTags, TemplateTag, TemplateTagSlot, UploadedFile};

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
