//! `multipart/form-data` bodies for the operations progenitor cannot generate.
//!
//! The body is built in memory as bytes (RFC 7578), so a request can be cloned and retried,
//! and tests can read it back part by part.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;

/// A file part: bytes, a file name and a MIME type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's bytes.
    pub bytes: Bytes,
    /// The file name sent in `Content-Disposition`.
    pub file_name: String,
    /// The part's `Content-Type`, e.g. `image/jpeg`.
    pub mime_type: String,
}

impl FilePart {
    /// A file part from its bytes, file name and MIME type.
    pub fn new(
        bytes: impl Into<Bytes>,
        file_name: impl Into<String>,
        mime_type: impl Into<String>,
    ) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: file_name.into(),
            mime_type: mime_type.into(),
        }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A multipart form being built.
#[derive(Debug)]
pub struct Form {
    boundary: String,
    body: BytesMut,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

/// Quotes a name for `Content-Disposition` as browsers do: `"` and line breaks escaped.
fn quote(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

impl Form {
    /// An empty form with a fresh boundary.
    pub fn new() -> Self {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let a = h.finish();
        h.write_u64(a);
        let b = h.finish();
        Form {
            boundary: format!("waba-{a:016x}{b:016x}"),
            body: BytesMut::new(),
        }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The `Content-Type` header value for this form.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn head(&mut self, name: &str) {
        self.body.put_slice(b"--");
        self.body.put_slice(self.boundary.as_bytes());
        self.body
            .put_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.body.put_slice(quote(name).as_bytes());
        self.body.put_slice(b"\"");
    }

    /// Adds a text field. Strings go as they are, numbers and booleans as their JSON text,
    /// `null` is left out, objects and arrays go as JSON.
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = match serde_json::to_value(value)? {
            serde_json::Value::Null => return Ok(()),
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        self.head(name);
        self.body.put_slice(b"\r\n\r\n");
        self.body.put_slice(text.as_bytes());
        self.body.put_slice(b"\r\n");
        Ok(())
    }

    /// Adds a JSON value under bracketed names, the way PHP and Laravel read nested form
    /// fields: an object's members as `name[key]`, an array of scalars as repeated `name[]`
    /// parts, an array holding objects or arrays as `name[0][key]`, `name[1][key]`, …; scalars
    /// as [`Form::text`] sends them. `null` and empty objects or arrays send nothing.
    pub fn bracketed(&mut self, name: &str, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::Object(members) => {
                for (key, member) in members {
                    self.bracketed(&format!("{name}[{key}]"), member);
                }
            }
            Value::Array(items) => {
                let scalars = items
                    .iter()
                    .all(|i| !matches!(i, Value::Object(_) | Value::Array(_)));
                for (i, item) in items.iter().enumerate() {
                    if scalars {
                        self.bracketed(&format!("{name}[]"), item);
                    } else {
                        self.bracketed(&format!("{name}[{i}]"), item);
                    }
                }
            }
            Value::String(s) => self.raw_text(name, s),
            other => self.raw_text(name, &other.to_string()),
        }
    }

    fn raw_text(&mut self, name: &str, text: &str) {
        self.head(name);
        self.body.put_slice(b"\r\n\r\n");
        self.body.put_slice(text.as_bytes());
        self.body.put_slice(b"\r\n");
    }

    /// Adds a file part.
    pub fn file(&mut self, name: &str, file: &FilePart) {
        self.head(name);
        self.body.put_slice(b"; filename=\"");
        self.body.put_slice(quote(&file.file_name).as_bytes());
        self.body.put_slice(b"\"\r\nContent-Type: ");
        let mime = if file.mime_type.is_empty() {
            "application/octet-stream"
        } else {
            &file.mime_type
        };
        self.body
            .put_slice(mime.replace(['\r', '\n'], "").as_bytes());
        self.body.put_slice(b"\r\n\r\n");
        self.body.put_slice(&file.bytes);
        self.body.put_slice(b"\r\n");
    }

    /// The finished body.
    pub fn finish(mut self) -> Bytes {
        self.body.put_slice(b"--");
        self.body.put_slice(self.boundary.as_bytes());
        self.body.put_slice(b"--\r\n");
        self.body.freeze()
    }
}

/// The JSON body of a form sent without files, written straight from the typed fields (no
/// `serde_json::Value` in between). A field is left out exactly where [`view_field`] leaves it
/// out of the view: `null`, and an empty array of a field that is not required. The generated
/// code adds the fields in the order of their names, the order of the view's keys.
#[derive(Debug)]
pub struct JsonFields {
    buf: Vec<u8>,
}

impl Default for JsonFields {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonFields {
    /// An empty object.
    pub fn new() -> Self {
        let mut buf = Vec::with_capacity(256);
        buf.push(b'{');
        JsonFields { buf }
    }

    /// Adds a field.
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        required: bool,
    ) -> Result<(), serde_json::Error> {
        let mark = self.buf.len();
        if mark > 1 {
            self.buf.push(b',');
        }
        serde_json::to_writer(&mut self.buf, name)?;
        self.buf.push(b':');
        let start = self.buf.len();
        if let Err(e) = serde_json::to_writer(&mut self.buf, value) {
            self.buf.truncate(mark);
            return Err(e);
        }
        let written = &self.buf[start..];
        if !required && (written == b"null" || written == b"[]") {
            self.buf.truncate(mark);
        }
        Ok(())
    }

    /// The finished body.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(b'}');
        self.buf
    }
}

/// Adds a text field to the JSON view of a form: the view is what the form is checked
/// against (the spec's schema) before sending, and the body sent when an operation sends its
/// form as JSON. `null` is left out, and so is an empty array of a field that is not required.
pub fn view_field<T: Serialize + ?Sized>(
    view: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: &T,
    required: bool,
) -> Result<(), serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
    if required || !empty {
        view.insert(name.to_string(), value);
    }
    Ok(())
}

/// Adds file parts to the JSON view of a form, each as its file name (a string, as the spec's
/// `format: binary` fields are): one file as a string, several as an array of strings.
pub fn view_files<'a>(
    view: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    files: impl IntoIterator<Item = &'a FilePart>,
    array: bool,
) {
    let mut names = files
        .into_iter()
        .map(|f| serde_json::Value::String(f.file_name.clone()));
    if array {
        view.insert(name.to_string(), serde_json::Value::Array(names.collect()));
    } else if let Some(first) = names.next() {
        view.insert(name.to_string(), first);
    }
}

/// One part read back from a multipart body (for tests and webhook receivers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of the part.
    pub name: String,
    /// The `filename`, for file parts.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub body: Bytes,
}

/// Splits a multipart body into its parts; `None` when it is not well formed.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?;
    let boundary = boundary.trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, delimiter.as_bytes())?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..header_end]).ok()?;
        rest = &rest[header_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes())?;
        let content = Bytes::copy_from_slice(&rest[..end]);
        rest = &rest[end + 2 + delimiter.len()..];
        let mut name = None;
        let mut file_name = None;
        let mut part_type = None;
        for line in headers.split("\r\n") {
            let (key, value) = line.split_once(':')?;
            if key.eq_ignore_ascii_case("content-disposition") {
                for attr in value.split(';').map(str::trim) {
                    if let Some(v) = attr.strip_prefix("name=") {
                        name = Some(v.trim_matches('"').to_string());
                    } else if let Some(v) = attr.strip_prefix("filename=") {
                        file_name = Some(v.trim_matches('"').to_string());
                    }
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                part_type = Some(value.trim().to_string());
            }
        }
        parts.push(Part {
            name: name?,
            file_name,
            content_type: part_type,
            body: content,
        });
    }
}

/// For mock servers (the generated `mock` helpers of multipart operations): true when a
/// request body carries the form field `name` with `value`, sent the way the generated client
/// sends it (`brackets`: nested values under bracketed names). In a multipart body, the text
/// parts of the field (`name`, or `name[...]` with `brackets`) must be exactly those the value
/// gives, in order; `null` or an empty value means the field is absent. A form sent as JSON
/// (`x-waba-json-without-files`, no file attached) must have `value` under `name`.
pub fn body_has_field<T: Serialize + ?Sized>(
    content_type: &str,
    body: &[u8],
    name: &str,
    value: &T,
    brackets: bool,
) -> bool {
    let Ok(value) = serde_json::to_value(value) else {
        return false;
    };
    if is_json(content_type) {
        let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(body) else {
            return false;
        };
        return match fields.get(name) {
            Some(sent) => *sent == value,
            None => value.is_null(),
        };
    }
    let Some(actual) = parse(content_type, body) else {
        return false;
    };
    let mut form = Form::new();
    if brackets {
        form.bracketed(name, &value);
    } else if form.text(name, &value).is_err() {
        return false;
    }
    let expected_type = form.content_type();
    let Some(expected) = parse(&expected_type, &form.finish()) else {
        return false;
    };
    let nested = format!("{name}[");
    let sent = actual
        .iter()
        .filter(|p| p.file_name.is_none() && (p.name == name || p.name.starts_with(&nested)))
        .map(|p| (&p.name, &p.body));
    sent.eq(expected.iter().map(|p| (&p.name, &p.body)))
}

/// For mock servers: true when a multipart body has a file part named `part` (as the client
/// names it: `name`, or `name[]` for a list of files under bracketed names) whose file name is
/// `file_name`.
pub fn body_has_file(content_type: &str, body: &[u8], part: &str, file_name: &str) -> bool {
    let quoted = quote(file_name);
    parse(content_type, body).is_some_and(|parts| {
        parts
            .iter()
            .any(|p| p.name == part && p.file_name.as_deref() == Some(quoted.as_str()))
    })
}

fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_reads_back_part_by_part() {
        let mut form = Form::new();
        form.text("messaging_product", "whatsapp").unwrap();
        form.text("count", &3).unwrap();
        form.text("skipped", &Option::<String>::None).unwrap();
        form.file(
            "file",
            &FilePart::new(&b"\x89PNG\r\n--x"[..], "a \"b\".png", "image/png"),
        );
        let content_type = form.content_type();
        let body = form.finish();
        let parts = parse(&content_type, &body).expect("well formed");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].name, "messaging_product");
        assert_eq!(&parts[0].body[..], b"whatsapp");
        assert_eq!(&parts[1].body[..], b"3");
        assert_eq!(parts[2].file_name.as_deref(), Some("a %22b%22.png"));
        assert_eq!(parts[2].content_type.as_deref(), Some("image/png"));
        assert_eq!(&parts[2].body[..], b"\x89PNG\r\n--x");
    }

    #[test]
    fn nested_values_get_bracketed_names() {
        let mut form = Form::new();
        let value = serde_json::json!({
            "destinations": [{"phone": "+905555555555", "parameters": {"header-1": "Header 1", "body-1": "Body 1"}}],
            "message_ids": ["a", "b"],
            "template_id": 1,
            "flag": true,
            "skipped": null,
            "nested": [[1, 2]],
        });
        for (name, v) in value.as_object().unwrap() {
            form.bracketed(name, v);
        }
        let content_type = form.content_type();
        let body = form.finish();
        let parts: Vec<(String, String)> = parse(&content_type, &body)
            .expect("well formed")
            .into_iter()
            .map(|p| (p.name, String::from_utf8(p.body.to_vec()).unwrap()))
            .collect();
        let expected = [
            ("destinations[0][parameters][body-1]", "Body 1"),
            ("destinations[0][parameters][header-1]", "Header 1"),
            ("destinations[0][phone]", "+905555555555"),
            ("flag", "true"),
            ("message_ids[]", "a"),
            ("message_ids[]", "b"),
            ("nested[0][]", "1"),
            ("nested[0][]", "2"),
            ("template_id", "1"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(parts, expected);
    }

    #[test]
    fn the_json_view_leaves_out_what_serde_would_skip_and_names_files() {
        let mut view = serde_json::Map::new();
        view_field(&mut view, "to", "+905555555555", true).unwrap();
        view_field(&mut view, "none", &Option::<u8>::None, false).unwrap();
        view_field(&mut view, "empty", &Vec::<u8>::new(), false).unwrap();
        view_field(&mut view, "empty_required", &Vec::<u8>::new(), true).unwrap();
        let file = FilePart::new(&b"x"[..], "a.png", "image/png");
        view_files(&mut view, "one", Some(&file), false);
        view_files(&mut view, "absent", None, false);
        view_files(&mut view, "many", [&file, &file], true);
        assert_eq!(
            serde_json::Value::Object(view),
            serde_json::json!({"to": "+905555555555", "empty_required": [], "one": "a.png", "many": ["a.png", "a.png"]})
        );
    }

    #[test]
    fn the_json_body_is_the_json_view_written_directly() {
        #[derive(Serialize)]
        struct Destination {
            phone: &'static str,
            parameters: std::collections::BTreeMap<&'static str, &'static str>,
        }
        let destinations = vec![Destination {
            phone: "+905555555555",
            parameters: [("body-1", "Anna \"A\"")].into_iter().collect(),
        }];
        let none = Option::<u8>::None;
        let empty = Vec::<u8>::new();
        let mut view = serde_json::Map::new();
        let mut json = JsonFields::new();
        for required in [true, false] {
            let suffix = if required { "_required" } else { "" };
            for (name, value) in [
                ("destinations", &destinations as &dyn erased::Field),
                ("none", &none),
                ("empty", &empty),
                ("template_id", &75i64),
            ] {
                let name = format!("{name}{suffix}");
                value.view(&mut view, &name, required);
                value.write(&mut json, &name, required);
            }
        }
        let written: serde_json::Value = serde_json::from_slice(&json.finish()).unwrap();
        assert_eq!(written, serde_json::Value::Object(view));
        assert_eq!(JsonFields::new().finish(), b"{}");
    }

    /// Both writers over one list of differently typed fields.
    mod erased {
        pub trait Field {
            fn view(
                &self,
                view: &mut serde_json::Map<String, serde_json::Value>,
                name: &str,
                required: bool,
            );
            fn write(&self, json: &mut super::JsonFields, name: &str, required: bool);
        }
        impl<T: serde::Serialize> Field for T {
            fn view(
                &self,
                view: &mut serde_json::Map<String, serde_json::Value>,
                name: &str,
                required: bool,
            ) {
                super::view_field(view, name, self, required).unwrap();
            }
            fn write(&self, json: &mut super::JsonFields, name: &str, required: bool) {
                json.field(name, self, required).unwrap();
            }
        }
    }

    #[test]
    fn two_forms_have_different_boundaries() {
        assert_ne!(Form::new().boundary(), Form::new().boundary());
    }

    #[test]
    fn a_mock_finds_the_fields_and_files_a_client_sends() {
        let mut form = Form::new();
        let destinations =
            serde_json::json!([{"phone": "+90555", "parameters": {"body-1": "Anna"}}]);
        form.bracketed("destinations", &destinations);
        form.bracketed("message_ids", &serde_json::json!(["a", "b"]));
        form.text("template_id", &7).unwrap();
        form.file(
            "attachments[]",
            &FilePart::new(&b"x"[..], "in \"voice\".pdf", "application/pdf"),
        );
        let content_type = form.content_type();
        let body = form.finish();
        let has = |name: &str, value: serde_json::Value, brackets: bool| {
            body_has_field(&content_type, &body, name, &value, brackets)
        };
        assert!(has("destinations", destinations.clone(), true));
        assert!(has("message_ids", serde_json::json!(["a", "b"]), true));
        assert!(has("template_id", serde_json::json!(7), false));
        assert!(has("absent", serde_json::Value::Null, true));
        // Another value, another order, a missing element: no match.
        assert!(!has("message_ids", serde_json::json!(["b", "a"]), true));
        assert!(!has("message_ids", serde_json::json!(["a"]), true));
        assert!(!has("template_id", serde_json::json!(8), false));
        assert!(!has(
            "destinations",
            serde_json::json!([{"phone": "+90555"}]),
            true
        ));
        assert!(body_has_file(
            &content_type,
            &body,
            "attachments[]",
            "in \"voice\".pdf"
        ));
        assert!(!body_has_file(
            &content_type,
            &body,
            "attachments",
            "in \"voice\".pdf"
        ));
        assert!(!body_has_file(
            &content_type,
            &body,
            "attachments[]",
            "other.pdf"
        ));
        // The same fields sent as JSON.
        let json = br#"{"template_id": 7, "message_ids": ["a", "b"]}"#;
        assert!(body_has_field(
            "application/json",
            json,
            "template_id",
            &7,
            false
        ));
        assert!(body_has_field(
            "application/json",
            json,
            "message_ids",
            &["a", "b"],
            true
        ));
        assert!(!body_has_field(
            "application/json",
            json,
            "template_id",
            &8,
            false
        ));
        assert!(!body_has_file(
            "application/json",
            json,
            "attachments[]",
            "x.pdf"
        ));
    }

    #[test]
    fn garbage_is_not_a_form() {
        assert!(parse("multipart/form-data; boundary=abc", b"nothing here").is_none());
        assert!(parse("text/plain", b"--abc\r\n").is_none());
    }
}
