//! The path of the field a failed read stopped at, found from the error's position in the JSON
//! text instead of a second, path-tracking read.
//!
//! A path-tracking deserializer (such as `serde_path_to_error`) is generic over the type it
//! reads, so every generated type gets one more copy of its whole deserializer, only to explain
//! failures. serde_json already reports where in the text a read failed, and what was being read
//! there follows from the text alone: this module walks the text up to that position, which is
//! the same code for every type.

/// Where serde_json's error `error` happened in `text`, as a path of keys and indices
/// (`entry[0].changes[1].value`; empty at the root, or when the error has no position).
///
/// serde_json's position is just after the last character it consumed: after the value a type
/// refused (so the path names that value), before an object or array whose kind was refused,
/// or after the closing `}` of an object a field was missing from (so the path names the
/// object, as the error's "missing field" does).
pub(crate) fn path_of_error(text: &str, error: &serde_json::Error) -> String {
    if error.line() == 0 {
        return String::new();
    }
    let start = text
        .split_inclusive('\n')
        .take(error.line() - 1)
        .map(str::len)
        .sum::<usize>();
    path_at(text, (start + error.column()).min(text.len()))
}

/// serde_json's message for `error` without its ` at line L column C` suffix.
pub(crate) fn message_of_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

enum Frame {
    /// An object: the key of the member being read (`None` before the first key), and
    /// whether the next string is a key.
    Object { key: Option<String>, want_key: bool },
    /// An array: the index of the element being read.
    Array { index: usize },
}

/// The path of the value being read after the first `at` bytes of `text`.
fn path_at(text: &str, at: usize) -> String {
    let bytes = &text.as_bytes()[..at];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let (string, end) = read_string(bytes, i + 1);
                if let Some(Frame::Object { key, want_key }) = stack.last_mut()
                    && *want_key
                {
                    *key = Some(string);
                    *want_key = false;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    render(&stack)
}

/// The string whose text starts at `from` (after its opening quote), unescaped as far as a
/// path needs, and the index just after its closing quote (or the end).
fn read_string(bytes: &[u8], from: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                match bytes[i + 1] {
                    b'u' => {
                        let hex = bytes
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        let c = hex
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                            .unwrap_or(char::REPLACEMENT_CHARACTER);
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        i += 6;
                        continue;
                    }
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    other => out.push(other),
                }
                i += 2;
                continue;
            }
            other => out.push(other),
        }
        i += 1;
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        entry: Vec<Entry>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Entry {
        id: String,
        #[serde(default)]
        changes: Vec<Change>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Change {
        field: String,
        value: Value,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Value {
        count: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn explain(text: &str) -> (String, String) {
        let e = serde_json::from_str::<Body>(text).unwrap_err();
        (path_of_error(text, &e), message_of_error(&e))
    }

    #[test]
    fn a_refused_value_is_named_by_its_path() {
        let (path, message) = explain(
            r#"{"entry":[{"id":"1"},{"id":"2","changes":[{"field":"a","value":{"count":"x"}}]}]}"#,
        );
        assert_eq!(path, "entry[1].changes[0].value.count");
        assert_eq!(message, r#"invalid type: string "x", expected u32"#);
    }

    #[test]
    fn a_refused_object_or_array_is_named_before_it_is_read() {
        let (path, message) = explain(r#"{"entry":[{"id":{"no":1}}]}"#);
        assert_eq!(path, "entry[0].id");
        assert_eq!(message, "invalid type: map, expected a string");
        let (path, _) = explain(
            r#"{"entry":[{"id":"1","changes":[{"field":"f","value":{"count":1,"tags":[1]}}]}]}"#,
        );
        assert_eq!(path, "entry[0].changes[0].value.tags[0]");
    }

    #[test]
    fn a_missing_field_is_named_at_its_object() {
        let (path, message) = explain(
            "{\n  \"entry\": [\n    {\"id\": \"1\", \"changes\": [{\"value\": {\"count\": 1}}]}\n  ]\n}",
        );
        assert_eq!(path, "entry[0].changes[0]");
        assert_eq!(message, "missing field `field`");
        let (path, message) = explain("{}");
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("", "missing field `entry`")
        );
    }

    #[test]
    fn keys_with_escapes_and_strings_with_brackets_do_not_confuse_the_walk() {
        let text =
            r#"{"entry":[{"id":"a]}[,\"{","changes":[{"field":"x\u0041","value":{"count":-1}}]}]}"#;
        let (path, _) = explain(text);
        assert_eq!(path, "entry[0].changes[0].value.count");
        assert_eq!(path_at(r#"{"a\"b":"#, 8), r#"a"b"#);
        assert_eq!(path_at(r#"{"a\u00e9":"#, 11), "a\u{e9}");
    }

    #[test]
    fn an_error_without_a_position_has_the_root_path() {
        let e = serde_json::from_value::<Body>(serde_json::json!({"entry": 1})).unwrap_err();
        assert_eq!(path_of_error("", &e), "");
        assert_eq!(
            message_of_error(&e),
            "invalid type: integer `1`, expected a sequence"
        );
    }
}
