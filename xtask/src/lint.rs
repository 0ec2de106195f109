//! `cargo xtask lint`: checks a spec before anything is generated from it.
//!
//! - the document is OpenAPI 3.0.3;
//! - every operation has a snake_case `operationId` and a description;
//! - every operation fits what progenitor can generate (one request media type, one success
//!   response, one error schema), so the generator never panics on a spec that passed;
//! - every `example` and `examples` value (and every `x-waba-examples` value of a component
//!   schema) validates against its own schema, with the interpreter of `schema.rs` (the
//!   clients run the checks generated from the same schemas, `checks.rs`; `tests/agreement.rs`
//!   proves the two agree).

use crate::schema::SchemaSet;
use serde_json::Value;

use crate::spec::{Spec, ref_name, request_content};

/// Marks a component string enum as open: generated with an `Other(String)` variant.
pub const OPEN_ENUM: &str = "x-waba-open-enum";

/// Marks a component string (or object) schema as a secret: generated as `waba_runtime::Secret`
/// (`waba_runtime::SecretJson` for an object), sent as the plain value but never printed.
pub const SECRET: &str = "x-waba-secret";

/// On a 2xx response: `{pointer, equals}`; a body whose JSON value at `pointer` equals `equals`
/// is a failure, returned as an error although the HTTP status says success.
pub const FAILURE_WHEN: &str = "x-waba-failure-when";
/// Marks a component as a string the provider may send as a JSON number: generated as
/// `waba_runtime::StringOrNumber`.
pub const STRING_OR_NUMBER: &str = "x-waba-string-or-number";
/// Named examples of a component schema (`name: value`), for schemas that are not a request or
/// response body (webhook payloads); each is validated like an `example`.
pub const EXAMPLES: &str = "x-waba-examples";

/// Lints one spec; returns every problem found, each naming the spec and the place.
pub fn lint(spec: &Spec) -> Vec<String> {
    let mut problems = Vec::new();
    let file = spec.path.display().to_string();
    let mut say = |msg: String| problems.push(format!("{file}: {msg}"));

    match spec.json.get("openapi").and_then(Value::as_str) {
        Some("3.0.3") => {}
        other => say(format!("`openapi` must be \"3.0.3\", found {other:?}")),
    }
    for key in ["title", "version", "description"] {
        if spec
            .json
            .pointer(&format!("/info/{key}"))
            .and_then(Value::as_str)
            .is_none()
        {
            say(format!("`info.{key}` is missing"));
        }
    }

    let mut seen = std::collections::BTreeSet::new();
    for (path, method, op) in spec.operations() {
        let at = format!("{} {path}", method.to_uppercase());
        let id = op.get("operationId").and_then(Value::as_str);
        match id {
            None => say(format!("{at}: no `operationId`; every operation needs one")),
            Some(id) if !is_snake_case(id) => {
                say(format!("{at}: operationId `{id}` must be snake_case"))
            }
            Some(id) if !seen.insert(id.to_string()) => {
                say(format!("{at}: operationId `{id}` is used twice"))
            }
            Some(_) => {}
        }
        let label = id
            .map(|i| format!("operation `{i}` ({at})"))
            .unwrap_or(at.clone());
        if op
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(|d| d.trim().is_empty())
        {
            say(format!("{label}: no `description`"));
        }
        for problem in shape_problems(op) {
            say(format!("{label}: {problem}"));
        }
        let shared = spec.json["paths"][&path]["parameters"].as_array();
        let own = op.get("parameters").and_then(Value::as_array);
        for param in shared.into_iter().chain(own).flatten() {
            if let Some(problem) = client_parameter_problem(param) {
                say(format!("{label}: {problem}"));
            }
        }
        for (code, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if response.get(crate::wrapper::MAY_BE_EMPTY).is_some()
                && (!code.starts_with('2')
                    || response.pointer("/content/application~1json").is_none()
                    || request_content(op).is_some_and(|c| c.contains_key("multipart/form-data")))
            {
                say(format!(
                    "{label}: `{}` belongs on the 2xx JSON response of a non-multipart operation",
                    crate::wrapper::MAY_BE_EMPTY
                ));
            }
        }
    }

    let schemas = spec.schemas();
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        if schema.get(SECRET).is_some()
            && (schema.get(SECRET) != Some(&Value::Bool(true))
                || !matches!(
                    schema.get("type").and_then(Value::as_str),
                    Some("string" | "object")
                )
                || schema.get("enum").is_some())
        {
            say(format!(
                "schema `{name}`: `{SECRET}` must be `true`, on a `type: string` or `type: object` schema without `enum`"
            ));
        }
        if schema.get(OPEN_ENUM).is_some() {
            let ok = schema.get("type").and_then(Value::as_str) == Some("string")
                && schema
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| {
                        !e.is_empty() && e.iter().all(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                    });
            if !ok {
                say(format!(
                    "schema `{name}`: `{OPEN_ENUM}` needs `type: string` and a non-empty `enum` of strings"
                ));
            }
        }
    }

    for (name, schema) in schemas.as_object().into_iter().flatten() {
        if schema.get(STRING_OR_NUMBER).is_some() {
            let branches: Vec<&str> = ["anyOf", "oneOf"]
                .iter()
                .filter_map(|k| schema.get(*k).and_then(Value::as_array))
                .flatten()
                .filter_map(|b| b.get("type").and_then(Value::as_str))
                .collect();
            if !(branches.contains(&"string") && branches.contains(&"number")) {
                say(format!(
                    "schema `{name}`: `{STRING_OR_NUMBER}` needs an `anyOf` of `type: string` and `type: number`"
                ));
            }
        }
    }

    for (name, schema) in schemas.as_object().into_iter().flatten() {
        for problem in crate::items::lint(name, schema, &schemas) {
            say(problem);
        }
    }

    // Clients match patterns with generated matchers of a subset of regular expressions.
    for problem in crate::pattern::spec_problems(&spec.json) {
        say(problem);
    }

    let set = match SchemaSet::from_components(&schemas) {
        Ok(set) => set,
        Err(e) => {
            say(format!("components.schemas: {e}"));
            return problems;
        }
    };
    for (place, schema, example) in examples(spec) {
        if let Err(e) = set.validate_inline(schema, example) {
            say(format!("{place}: example does not match its schema: {e}"));
        }
    }
    // The content of a tagged union's examples, against the component its tag maps to.
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        for (place, component, example) in crate::items::tagged_examples(name, schema) {
            let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{component}") });
            if let Err(e) = set.validate_inline(&schema, example) {
                say(format!(
                    "{place}: example does not match `{component}`: {e}"
                ));
            }
        }
    }
    problems
}

/// A client parameter must be a plain string path parameter: progenitor then takes it as
/// `&str`, which the generated client fills from its field (constraints would make it a
/// newtype).
fn client_parameter_problem(param: &Value) -> Option<String> {
    param.get(crate::wrapper::CLIENT_PARAMETER)?;
    let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
    let schema = param.get("schema").and_then(Value::as_object);
    let plain_string = schema.is_some_and(|s| {
        s.get("type").and_then(Value::as_str) == Some("string")
            && s.keys()
                .all(|k| matches!(k.as_str(), "type" | "description" | "example"))
    });
    if param.get("in").and_then(Value::as_str) != Some("path") || !plain_string {
        return Some(format!(
            "parameter `{name}`: `{}` needs a path parameter whose schema is a plain `type: string`",
            crate::wrapper::CLIENT_PARAMETER
        ));
    }
    None
}

pub(crate) fn is_snake_case(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What progenitor 0.15 cannot generate, said as what to change.
fn shape_problems(op: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(content) = request_content(op) {
        if content.len() != 1 {
            out.push(format!(
                "the request body has {} media types; give it exactly one (progenitor panics on more)",
                content.len()
            ));
        }
        for (media, body) in content {
            if body.get("encoding").is_some() {
                out.push(format!(
                    "request body `{media}` has an `encoding` block; remove it (progenitor panics on it)"
                ));
            }
            let schema = body.get("schema");
            if (media == "application/json" || media == "multipart/form-data")
                && schema.and_then(ref_name).is_none()
            {
                out.push(format!(
                    "request body `{media}` must be a `$ref` to a named component schema"
                ));
            }
        }
    }
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        out.push("no `responses`".into());
        return out;
    };
    let success: Vec<_> = responses.keys().filter(|k| k.starts_with('2')).collect();
    if success.len() != 1 {
        out.push(format!(
            "has {} success responses ({}); keep exactly one 2xx response (progenitor asserts one success type)",
            success.len(),
            success.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if responses.contains_key("default") {
        out.push("has a `default` response; use `4XX` and `5XX` with one shared error schema instead (progenitor panics on `default` beside a success code)".into());
    }
    let mut error_schemas = std::collections::BTreeSet::new();
    for (code, response) in responses {
        if let Some(when) = response.get(FAILURE_WHEN) {
            let pointer_ok = when
                .get("pointer")
                .and_then(Value::as_str)
                .is_some_and(|p| p.starts_with('/'));
            if !code.starts_with('2')
                || !pointer_ok
                || when.get("equals").is_none()
                || response.pointer("/content/application~1json").is_none()
            {
                out.push(format!(
                    "response {code}: `{FAILURE_WHEN}` belongs on a 2xx JSON response, as `{{pointer: /field, equals: <JSON value>}}`"
                ));
            }
        }
        if code.starts_with('2') {
            if let Some(content) = response.get("content").and_then(Value::as_object) {
                if content.len() > 1 {
                    out.push(format!("response {code} has several media types; keep one"));
                }
                if let Some(schema) = content
                    .get("application/json")
                    .and_then(|c| c.get("schema"))
                    && ref_name(schema).is_none()
                {
                    out.push(format!(
                        "response {code} must be a `$ref` to a named component schema"
                    ));
                }
            }
            continue;
        }
        let schema = response
            .pointer("/content/application~1json/schema")
            .map(|s| s.to_string())
            .unwrap_or_default();
        error_schemas.insert(schema);
    }
    if error_schemas.len() > 1 {
        out.push("error responses use different schemas; give every error response the same schema (progenitor asserts one error type)".into());
    }
    out
}

/// Every example in a spec with the schema it must match: (place, schema, example).
fn examples(spec: &Spec) -> Vec<(String, &Value, &Value)> {
    let mut out = Vec::new();
    if let Some(schemas) = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            schema_examples(&format!("schema `{name}`"), schema, &mut out);
        }
    }
    let mut places: Vec<(String, &Value)> = spec
        .operations()
        .into_iter()
        .map(|(path, method, op)| {
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or("?");
            (
                format!("operation `{id}` ({} {path})", method.to_uppercase()),
                op,
            )
        })
        .collect();
    // Calls the provider makes to the user's server (`x-webhooks`, OpenAPI 3.1's `webhooks`
    // under an extension name): their examples are checked like an operation's.
    for (name, item) in spec
        .json
        .get("x-webhooks")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            places.push((format!("webhook `{name}` ({})", method.to_uppercase()), op));
        }
    }
    for (at, op) in places {
        for param in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let pname = param.get("name").and_then(Value::as_str).unwrap_or("?");
            if let Some(schema) = param.get("schema") {
                let place = format!("{at} parameter `{pname}`");
                media_examples(&place, param, schema, &mut out);
                schema_examples(&place, schema, &mut out);
            }
        }
        if let Some(content) = request_content(op) {
            for (media, body) in content {
                if let Some(schema) = body.get("schema") {
                    media_examples(&format!("{at} request `{media}`"), body, schema, &mut out);
                }
            }
        }
        for (code, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (media, body) in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(schema) = body.get("schema") {
                    media_examples(
                        &format!("{at} response {code} `{media}`"),
                        body,
                        schema,
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

fn media_examples<'a>(
    place: &str,
    holder: &'a Value,
    schema: &'a Value,
    out: &mut Vec<(String, &'a Value, &'a Value)>,
) {
    if let Some(example) = holder.get("example") {
        out.push((place.to_string(), schema, example));
    }
    for (name, example) in holder
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(value) = example.get("value") {
            out.push((format!("{place} example `{name}`"), schema, value));
        }
    }
}

/// Examples on a schema and on every schema nested in it.
fn schema_examples<'a>(
    place: &str,
    schema: &'a Value,
    out: &mut Vec<(String, &'a Value, &'a Value)>,
) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    if let Some(example) = obj.get("example") {
        out.push((place.to_string(), schema, example));
    }
    for (name, example) in obj
        .get(EXAMPLES)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.push((format!("{place} example `{name}`"), schema, example));
    }
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            schema_examples(&format!("{place}.{name}"), sub, out);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = obj.get(key).filter(|s| s.is_object()) {
            schema_examples(&format!("{place}.{key}"), sub, out);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for (i, sub) in obj
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            schema_examples(&format!("{place}.{key}[{i}]"), sub, out);
        }
    }
}
