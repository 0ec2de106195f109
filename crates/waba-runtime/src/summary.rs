//! Where a provider's error body keeps its message and code (`x-waba-error` on the error
//! component): the generated [`crate::ProviderError`] implementations read them through an
//! [`ErrorSummary`].

use serde_json::Value;

/// A list of per-field errors inside an error body (`x-waba-error.fields`).
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors {
    /// JSON pointer of the array.
    pub list: &'static str,
    /// Pointer, within an element, of the field's name.
    pub field: &'static str,
    /// Pointers, within an element, of its text: the first string found.
    pub text: &'static [&'static str],
}

/// Where an error body says what went wrong: JSON pointers, the first one found wins.
#[derive(Debug, Clone, Copy)]
pub struct ErrorSummary {
    /// The message (a string).
    pub message: &'static [&'static str],
    /// The provider's code (a number or a string).
    pub code: &'static [&'static str],
    /// A subcode narrowing the code down.
    pub subcode: &'static [&'static str],
    /// Per-field errors, listed after the message.
    pub fields: Option<FieldErrors>,
}

fn first<'a>(value: &'a Value, pointers: &[&str]) -> Option<&'a Value> {
    pointers
        .iter()
        .filter_map(|p| value.pointer(p))
        .find(|v| !v.is_null())
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl ErrorSummary {
    /// The message alone: the first string at one of [`ErrorSummary::message`].
    pub fn reason(&self, body: &Value) -> Option<String> {
        self.message
            .iter()
            .filter_map(|p| body.pointer(p))
            .find_map(|v| v.as_str().map(str::to_string))
    }

    /// The numeric code, if the body has one.
    pub fn code(&self, body: &Value) -> Option<i64> {
        first(body, self.code).and_then(Value::as_i64)
    }

    /// One line: `message (code C, subcode S)`, with the per-field errors after the message
    /// (`message (field: text; …)`), or `None` when the body says nothing.
    pub fn summary(&self, body: &Value) -> Option<String> {
        let fields: Vec<String> = self
            .fields
            .and_then(|f| Some((f, body.pointer(f.list)?.as_array()?)))
            .into_iter()
            .flat_map(|(f, items)| {
                items.iter().filter_map(move |item| {
                    let said = first(item, f.text).and_then(text)?;
                    Some(match item.pointer(f.field).and_then(Value::as_str) {
                        Some(field) => format!("{field}: {said}"),
                        None => said,
                    })
                })
            })
            .collect();
        let head = self.reason(body);
        let codes = match (
            first(body, self.code).and_then(text),
            first(body, self.subcode).and_then(text),
        ) {
            (Some(code), Some(sub)) => Some(format!("code {code}, subcode {sub}")),
            (Some(code), None) => Some(format!("code {code}")),
            _ => None,
        };
        let detail = match (codes, fields.is_empty()) {
            (Some(codes), true) => Some(codes),
            (Some(codes), false) => Some(format!("{codes}; {}", fields.join("; "))),
            (None, false) => Some(fields.join("; ")),
            (None, true) => None,
        };
        match (head, detail) {
            (Some(head), Some(detail)) => Some(format!("{head} ({detail})")),
            (Some(head), None) => Some(head),
            (None, Some(_)) if !fields.is_empty() => Some(fields.join("; ")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const META: ErrorSummary = ErrorSummary {
        message: &["/error/message", "/error/error_data/details", "/error"],
        code: &["/error/code"],
        subcode: &["/error/error_subcode"],
        fields: None,
    };

    const FIELDS: ErrorSummary = ErrorSummary {
        message: &["/message", "/error"],
        code: &[],
        subcode: &[],
        fields: Some(FieldErrors {
            list: "/errors",
            field: "/field",
            text: &["/description", "/code"],
        }),
    };

    #[test]
    fn message_code_and_subcode_make_one_line() {
        let body =
            json!({"error": {"message": "Bad value", "code": 131009, "error_subcode": 2494010}});
        assert_eq!(
            META.summary(&body).as_deref(),
            Some("Bad value (code 131009, subcode 2494010)")
        );
        assert_eq!(META.code(&body), Some(131009));
        assert_eq!(META.reason(&body).as_deref(), Some("Bad value"));
        let details = json!({"error": {"code": 100, "error_data": {"details": "Param x"}}});
        assert_eq!(
            META.summary(&details).as_deref(),
            Some("Param x (code 100)")
        );
        let plain = json!({"error": "Rate limit"});
        assert_eq!(META.summary(&plain).as_deref(), Some("Rate limit"));
        assert_eq!(META.summary(&json!({"other": 1})), None);
    }

    #[test]
    fn field_errors_follow_the_message_or_stand_alone() {
        let body = json!({"message": "Invalid", "errors": [
            {"field": "to", "description": "required"}, {"code": "E2"}, {"field": "x"}]});
        assert_eq!(
            FIELDS.summary(&body).as_deref(),
            Some("Invalid (to: required; E2)")
        );
        let alone = json!({"errors": [{"field": "to", "description": "required"}]});
        assert_eq!(FIELDS.summary(&alone).as_deref(), Some("to: required"));
        assert_eq!(FIELDS.summary(&json!({"errors": []})), None);
    }
}
