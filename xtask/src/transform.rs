//! What the xtask hands to progenitor, and what it keeps for its own generator.
//!
//! Progenitor builds requests and types. The xtask keeps the response contract (every error
//! keeps status, headers and the raw body) and what progenitor cannot generate (multipart
//! bodies, open enums). To that end it derives two documents from a spec:
//!
//! - the *client* document: multipart operations removed, 2xx JSON responses turned into
//!   `application/octet-stream` (progenitor then returns the raw bytes, which the generated
//!   wrapper parses itself), error responses removed (progenitor then returns the whole
//!   response), and `format: date`/`date-time`/`uuid` dropped so no chrono/uuid dependency is
//!   pulled in (the runtime validator still checks those formats before sending);
//! - the *mock* document: only multipart operations removed, so httpmock helpers keep typed
//!   bodies.

use serde_json::{Value, json};

use crate::spec::{METHODS, ref_name, request_content};

/// How an operation's success response is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// JSON into the named component.
    Json(String),
    /// Raw bytes, streamed.
    Binary,
    /// No body.
    Empty,
}

/// What the wrapper generator needs to know of one operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The success status code as written (`200`, `201`, `2XX`).
    pub success_code: String,
    /// How the success body is read.
    pub success: Success,
    /// The component of the error body, if the spec names one.
    pub error: Option<String>,
    /// The request body's component, if any.
    pub body: Option<String>,
    /// The request body's media type, if any.
    pub media: Option<String>,
    /// `x-waba-failure-when` of the success response: the JSON pointer and the JSON text of
    /// the value that marks a failure inside a 2xx body.
    pub failure_when: Option<(String, String)>,
    /// The whole operation object.
    pub raw: Value,
    /// Path-level parameters merged with the operation's.
    pub parameters: Vec<Value>,
}

impl Operation {
    /// True when the xtask, not progenitor, generates this operation.
    pub fn is_multipart(&self) -> bool {
        self.media.as_deref() == Some("multipart/form-data")
    }
}

/// The operations of a spec, in document order.
pub fn operations(spec: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let responses = op.get("responses").and_then(Value::as_object);
            let (success_code, success) = responses
                .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
                .map(|(code, response)| (code.clone(), success_kind(response)))
                .unwrap_or_else(|| ("200".to_string(), Success::Empty));
            let failure_when = responses
                .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
                .and_then(|(_, response)| response.get(crate::lint::FAILURE_WHEN))
                .and_then(|when| {
                    Some((
                        when.get("pointer")?.as_str()?.to_string(),
                        when.get("equals")?.to_string(),
                    ))
                });
            let error = responses.and_then(|r| {
                r.iter()
                    .filter(|(code, _)| !code.starts_with('2'))
                    .find_map(|(_, response)| {
                        response
                            .pointer("/content/application~1json/schema")
                            .and_then(ref_name)
                            .map(str::to_string)
                    })
            });
            let (media, body) = match request_content(op).and_then(|c| c.iter().next()) {
                Some((media, content)) => (
                    Some(media.clone()),
                    content.get("schema").and_then(ref_name).map(str::to_string),
                ),
                None => (None, None),
            };
            let mut parameters = shared.clone();
            for p in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                parameters.retain(|q| q.get("name") != p.get("name") || q.get("in") != p.get("in"));
                parameters.push(p.clone());
            }
            out.push(Operation {
                id,
                method: method.to_string(),
                path: path.clone(),
                success_code,
                success,
                error,
                body,
                media,
                failure_when,
                raw: op.clone(),
                parameters,
            });
        }
    }
    out
}

fn success_kind(response: &Value) -> Success {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Success::Empty;
    };
    match content
        .get("application/json")
        .and_then(|c| c.get("schema"))
        .and_then(ref_name)
    {
        Some(name) => Success::Json(name.to_string()),
        None if content.is_empty() => Success::Empty,
        None => Success::Binary,
    }
}

/// The document progenitor generates the mock helpers from.
pub fn mock_document(spec: &Value) -> Value {
    let mut doc = spec.clone();
    for_each_operation(&mut doc, |op| !is_multipart(op));
    strip_formats(&mut doc);
    crate::items::point_arrays_at_items(&mut doc);
    doc
}

/// The document progenitor generates the client from.
pub fn client_document(spec: &Value) -> Value {
    let mut doc = spec.clone();
    for_each_operation(&mut doc, |op| {
        if is_multipart(op) {
            return false;
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            responses.retain(|code, _| code.starts_with('2'));
            for response in responses.values_mut() {
                if response.pointer("/content/application~1json").is_some() {
                    response["content"] = json!({
                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                    });
                }
            }
        }
        true
    });
    strip_formats(&mut doc);
    crate::items::point_arrays_at_items(&mut doc);
    doc
}

fn is_multipart(op: &Value) -> bool {
    request_content(op).is_some_and(|c| c.contains_key("multipart/form-data"))
}

/// Keeps the operations for which `keep` returns true (it may edit them); drops path items left
/// without operations.
fn for_each_operation(doc: &mut Value, mut keep: impl FnMut(&mut Value) -> bool) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get_mut(method)
                && !keep(op)
            {
                item.remove(method);
            }
        }
    }
    paths.retain(|_, item| METHODS.iter().any(|m| item.get(*m).is_some()));
}

/// Drops string formats that would make typify use chrono or uuid types.
fn strip_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| matches!(f, "date" | "date-time" | "uuid"))
            {
                map.remove("format");
            }
            map.values_mut().for_each(strip_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_formats),
        _ => {}
    }
}
