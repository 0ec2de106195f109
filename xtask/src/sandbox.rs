//! The sandbox's data (`crates/waba-sandbox/src/generated/<provider>.json`): what the local
//! server of `waba sandbox` needs to serve a provider's API from its spec, read here so that
//! the server itself never parses YAML.
//!
//! Per provider: the credential a call must carry (API-key header, bearer token, or a token
//! issued by the login operation of `x-waba-login`), what refuses a token
//! (`x-waba-token-refused`), the error component and its message pointers (`x-waba-error`),
//! the documented error examples with their status, every operation (id, method, path
//! template, security, request body component and content type, the shape of a form body,
//! the documented success status and example, request examples) and every documented webhook
//! payload with the provider's webhook secret convention.
//!
//! The status of an error example under a `4XX`/`5XX` range is the one its summary names
//! (`HTTP 401, ...`), else 400 or 500.

use serde_json::{Map, Value, json};

use crate::spec::{Spec, ref_name};

/// Where the generated file of `provider` goes, relative to the workspace root.
pub fn path(provider: &str) -> std::path::PathBuf {
    std::path::PathBuf::from("crates/waba-sandbox/src/generated").join(format!("{provider}.json"))
}

/// The sandbox data of one spec, as pretty JSON (deterministic: keys sorted, lists in spec
/// order).
pub fn generate(root: &std::path::Path, provider: &str, spec: &Spec) -> Result<String, String> {
    let doc = &spec.json;
    // The JSON form sorts keys; named examples keep the spec's order, read from the YAML.
    let text =
        std::fs::read_to_string(root.join(&spec.path)).map_err(|e| format!("cannot read: {e}"))?;
    let mut yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("not valid YAML: {e}"))?;
    yaml.apply_merge()
        .map_err(|e| format!("bad YAML merge key: {e}"))?;
    let schemas = spec.schemas();
    let label = doc
        .pointer("/x-waba-client/label")
        .and_then(Value::as_str)
        .unwrap_or(provider);

    let credentials = credentials(doc)?;
    let error = error_component(&schemas);
    let mut operations = Vec::new();
    for (path, method, op) in spec.operations() {
        operations.push(operation(&yaml, &schemas, &path, &method, op)?);
    }
    let webhooks = webhooks(&yaml, doc, &schemas);

    let out = json!({
        "provider": provider,
        "label": label,
        "credentials": credentials,
        "error": error,
        "operations": operations,
        "webhooks": webhooks,
    });
    let mut text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// The schemes of the first alternative of the global `security`: each a header a call must
/// carry (optional ones left out), with the login and token-refusal rules.
fn credentials(doc: &Value) -> Result<Value, String> {
    let mut out = Vec::new();
    let first = doc
        .pointer("/security/0")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for name in first.keys() {
        let scheme = doc
            .pointer(&format!("/components/securitySchemes/{name}"))
            .ok_or_else(|| format!("security scheme `{name}` is not defined"))?;
        if scheme.get("x-waba-optional") == Some(&Value::Bool(true)) {
            continue;
        }
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let (header, prefix) = match kind {
            "apiKey" if scheme.get("in").and_then(Value::as_str) == Some("header") => (
                scheme
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                "",
            ),
            "http"
                if scheme
                    .get("scheme")
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
            {
                ("authorization".to_string(), "Bearer ")
            }
            _ => {
                return Err(format!(
                    "security scheme `{name}`: the sandbox serves header API keys and bearer tokens only"
                ));
            }
        };
        let login = scheme.get("x-waba-login").map(|l| {
            json!({
                "operation": l.get("operation"),
                "token": l.get("token"),
            })
        });
        let refused = scheme
            .get("x-waba-token-refused")
            .cloned()
            .unwrap_or_else(|| json!({"statuses": [401]}));
        out.push(json!({
            "scheme": name,
            "header": header,
            "prefix": prefix,
            "login": login,
            "refused": refused,
        }));
    }
    Ok(Value::Array(out))
}

/// The error component (the one with `x-waba-error`) and its message pointers.
fn error_component(schemas: &Value) -> Value {
    let Some(map) = schemas.as_object() else {
        return Value::Null;
    };
    for (name, schema) in map {
        if let Some(rule) = schema.get("x-waba-error") {
            let message = match rule.get("message") {
                Some(Value::String(s)) => vec![Value::String(s.clone())],
                Some(Value::Array(list)) => list.clone(),
                _ => Vec::new(),
            };
            return json!({"component": name, "message": message, "fields": rule.get("fields")});
        }
    }
    Value::Null
}

/// The status an error example stands for: the response's own status, else `HTTP NNN` in the
/// example's summary, else the range's first status.
fn example_status(key: &str, summary: Option<&str>) -> Option<u16> {
    if let Ok(status) = key.parse::<u16>() {
        return Some(status);
    }
    if let Some(summary) = summary
        && let Some(at) = summary.find("HTTP ")
        && let Some(digits) = summary.get(at + 5..at + 8)
        && let Ok(status) = digits.parse::<u16>()
    {
        return Some(status);
    }
    match key {
        "4XX" => Some(400),
        "5XX" => Some(500),
        _ => None,
    }
}

/// A response's or body's example: `example`, else the first of `examples`, else the
/// component's `example`.
fn content_example(content: &Value, schemas: &Value, order: &[String]) -> Option<Value> {
    if let Some(example) = content.get("example") {
        return Some(example.clone());
    }
    if let Some((_, first)) = content
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|m| in_order(m, order).into_iter().next())
    {
        return first.get("value").cloned();
    }
    let name = content.get("schema").and_then(ref_name)?;
    schemas.get(name)?.get("example").cloned()
}

/// The keys of the YAML mapping at `path`, in the document's order.
fn yaml_order(yaml: &serde_yaml::Value, path: &[&str]) -> Vec<String> {
    let mut at = yaml;
    for key in path {
        match at.get(*key) {
            Some(v) => at = v,
            None => return Vec::new(),
        }
    }
    at.as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The named examples of `map`, in `order` (the spec's), then any others by name.
fn in_order<'a>(map: &'a Map<String, Value>, order: &[String]) -> Vec<(&'a String, &'a Value)> {
    let mut list: Vec<(&String, &Value)> = map.iter().collect();
    list.sort_by_key(|(name, _)| order.iter().position(|o| o == *name).unwrap_or(usize::MAX));
    list
}

fn operation(
    yaml: &serde_yaml::Value,
    schemas: &Value,
    path: &str,
    method: &str,
    op: &Value,
) -> Result<Value, String> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{method} {path}: no operationId"))?;
    let public = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);

    // Request body.
    let mut body = Value::Null;
    if let Some(content) = crate::spec::request_content(op)
        && let Some((media, item)) = content.iter().next()
    {
        let component = item.get("schema").and_then(ref_name);
        let order = yaml_order(
            yaml,
            &[
                "paths",
                path,
                method,
                "requestBody",
                "content",
                media,
                "examples",
            ],
        );
        let examples: Vec<Value> = match item.get("examples").and_then(Value::as_object) {
            Some(map) => in_order(map, &order)
                .into_iter()
                .map(|(name, e)| json!({"name": name, "value": e.get("value")}))
                .collect(),
            None => item
                .get("example")
                .map(|v| vec![json!({"name": "example", "value": v})])
                .unwrap_or_default(),
        };
        let form = if media == "application/json" {
            Value::Null
        } else {
            component
                .and_then(|c| schemas.get(c))
                .map(|s| shape(s, schemas, 0))
                .unwrap_or(Value::Null)
        };
        body = json!({
            "content_type": media,
            "component": component,
            "required": item.get("required").or(op.pointer("/requestBody/required")).and_then(Value::as_bool).unwrap_or(false),
            "form": form,
            "json_without_files": op.get("x-waba-json-without-files").and_then(Value::as_bool).unwrap_or(false),
            "examples": examples,
        });
    }

    // Responses.
    let mut success = Value::Null;
    let mut errors = Vec::new();
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (key, response) in responses {
            let content = response.get("content").and_then(Value::as_object);
            if key.starts_with('2') && success.is_null() {
                let status = key.parse::<u16>().unwrap_or(200);
                let (content_type, example) = match content.and_then(|c| c.iter().next()) {
                    Some((media, c)) => {
                        let order = yaml_order(
                            yaml,
                            &[
                                "paths",
                                path,
                                method,
                                "responses",
                                key,
                                "content",
                                media,
                                "examples",
                            ],
                        );
                        (
                            Value::String(media.clone()),
                            content_example(c, schemas, &order).unwrap_or(Value::Null),
                        )
                    }
                    None => (Value::Null, Value::Null),
                };
                success =
                    json!({"status": status, "content_type": content_type, "example": example});
            } else if !key.starts_with('2') {
                let Some(c) = content.and_then(|c| c.get("application/json")) else {
                    continue;
                };
                if let Some(map) = c.get("examples").and_then(Value::as_object) {
                    let order = yaml_order(
                        yaml,
                        &[
                            "paths",
                            path,
                            method,
                            "responses",
                            key,
                            "content",
                            "application/json",
                            "examples",
                        ],
                    );
                    for (name, e) in in_order(map, &order) {
                        let summary = e.get("summary").and_then(Value::as_str);
                        if let (Some(status), Some(value)) =
                            (example_status(key, summary), e.get("value"))
                        {
                            errors.push(json!({"name": name, "status": status, "body": value}));
                        }
                    }
                } else if let Some(value) = c.get("example")
                    && let Some(status) = example_status(key, None)
                {
                    errors.push(json!({"name": key, "status": status, "body": value}));
                }
            }
        }
    }
    let query: Vec<&str> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    Ok(json!({
        "id": id,
        "method": method.to_ascii_uppercase(),
        "path": path,
        "public": public,
        "query": query,
        "body": body,
        "success": success,
        "errors": errors,
    }))
}

/// How a form field reads: the types a form's text becomes in JSON before the body is
/// checked (`string`, `integer`, `number`, `boolean`, `file`, `object` with `properties`,
/// `map` with `values`, `array` with `items`), with `maxBytes` on files.
fn shape(schema: &Value, schemas: &Value, depth: usize) -> Value {
    if depth > 16 {
        return json!({"type": "string"});
    }
    if let Some(name) = ref_name(schema) {
        return match schemas.get(name) {
            Some(s) => shape(s, schemas, depth + 1),
            None => json!({"type": "string"}),
        };
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            // Branches' properties together: a form field's text reads the same way whichever
            // branch it belongs to.
            let mut merged = Map::new();
            let mut first = None;
            for branch in list {
                let s = shape(branch, schemas, depth + 1);
                if let Some(props) = s.get("properties").and_then(Value::as_object) {
                    for (k, v) in props {
                        merged.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                } else if first.is_none() {
                    first = Some(s);
                }
            }
            if !merged.is_empty() {
                return json!({"type": "object", "properties": merged});
            }
            return first.unwrap_or_else(|| json!({"type": "string"}));
        }
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("");
    match ty {
        "object" => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                let mut out = Map::new();
                for (k, v) in props {
                    out.insert(k.clone(), shape(v, schemas, depth + 1));
                }
                json!({"type": "object", "properties": out})
            } else {
                let values = match schema.get("additionalProperties") {
                    Some(v @ Value::Object(_)) => shape(v, schemas, depth + 1),
                    _ => json!({"type": "string"}),
                };
                json!({"type": "map", "values": values})
            }
        }
        "array" => {
            let items = schema
                .get("items")
                .map(|i| shape(i, schemas, depth + 1))
                .unwrap_or_else(|| json!({"type": "string"}));
            json!({"type": "array", "items": items})
        }
        "string" if schema.get("format").and_then(Value::as_str) == Some("binary") => {
            json!({"type": "file", "maxBytes": schema.get("x-waba-max-bytes")})
        }
        "integer" | "number" | "boolean" => json!({"type": ty}),
        _ => json!({"type": "string"}),
    }
}

/// Every documented webhook payload: the request examples of `x-webhooks`, and the `example`
/// and `x-waba-examples` of the components a webhook parser reads (`x-waba-json-read`), with
/// the secret convention: `x-verify-token` when the spec declares that header on its
/// webhooks (Mehery), else the headers the user registered, echoed.
fn webhooks(yaml: &serde_yaml::Value, doc: &Value, schemas: &Value) -> Value {
    let mut payloads = Vec::new();
    let mut secret_header: Option<String> = None;
    if let Some(hooks) = doc.get("x-webhooks").and_then(Value::as_object) {
        for (hook, item) in hooks {
            for method in crate::spec::METHODS {
                let Some(op) = item.get(method) else {
                    continue;
                };
                for p in op
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if p.get("in").and_then(Value::as_str) == Some("header")
                        && let Some(name) = p.get("name").and_then(Value::as_str)
                    {
                        secret_header = Some(name.to_ascii_lowercase());
                    }
                }
                let Some(content) = crate::spec::request_content(op) else {
                    continue;
                };
                for (media, item) in content {
                    let component = item.get("schema").and_then(ref_name);
                    if let Some(map) = item.get("examples").and_then(Value::as_object) {
                        let order = yaml_order(
                            yaml,
                            &[
                                "x-webhooks",
                                hook,
                                method,
                                "requestBody",
                                "content",
                                media,
                                "examples",
                            ],
                        );
                        for (name, e) in in_order(map, &order) {
                            payloads.push(json!({
                                "name": format!("{hook}.{name}"),
                                "component": component,
                                "body": e.get("value"),
                            }));
                        }
                    } else if let Some(e) = item.get("example") {
                        payloads.push(json!({"name": hook, "component": component, "body": e}));
                    }
                }
            }
        }
    }
    if let Some(map) = schemas.as_object() {
        for (name, schema) in map {
            if schema.get("x-waba-json-read") != Some(&Value::Bool(true)) {
                continue;
            }
            if let Some(e) = schema.get("example") {
                payloads.push(json!({"name": name, "component": name, "body": e}));
            }
            if let Some(examples) = schema.get("x-waba-examples").and_then(Value::as_object) {
                let order = yaml_order(yaml, &["components", "schemas", name, "x-waba-examples"]);
                for (example, e) in in_order(examples, &order) {
                    payloads.push(json!({
                        "name": format!("{name}.{example}"),
                        "component": name,
                        "body": e,
                    }));
                }
            }
        }
    }
    let secret = match secret_header {
        Some(header) => json!({"kind": "verify_token", "header": header}),
        None => json!({"kind": "echo"}),
    };
    json!({"secret": secret, "payloads": payloads})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(provider: &str) -> Value {
        let root = crate::workspace_root();
        let spec = Spec::load(
            &root,
            &std::path::PathBuf::from(format!("specs/{provider}.yaml")),
        )
        .unwrap();
        serde_json::from_str(&generate(&root, provider, &spec).unwrap()).unwrap()
    }

    fn op<'a>(data: &'a Value, id: &str) -> &'a Value {
        data["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
    }

    #[test]
    fn a_login_its_token_and_what_refuses_it_are_in_the_data() {
        let onextel = data("onextel");
        let credential = &onextel["credentials"][0];
        assert_eq!(credential["header"], "authentication-token");
        assert_eq!(credential["prefix"], "");
        assert_eq!(
            credential["login"],
            json!({"operation": "generate_token", "token": "/response/token"})
        );
        assert_eq!(credential["refused"]["statuses"], json!([401, 403]));
        assert_eq!(op(&onextel, "generate_token")["public"], true);
        assert_eq!(op(&onextel, "send_message")["public"], false);
        // The login form's fields as JSON types, for the form's text.
        assert_eq!(
            op(&onextel, "generate_token")["body"]["form"]["properties"]["longTermToken"],
            json!({"type": "boolean"})
        );
        let desk360 = data("desk360");
        assert_eq!(desk360["credentials"][0]["header"], "authorization");
        assert_eq!(desk360["credentials"][0]["prefix"], "Bearer ");
        assert_eq!(desk360["credentials"][0]["login"]["token"], "/access_token");
    }

    #[test]
    fn answers_keep_the_spec_s_order_and_error_examples_their_status() {
        let d360 = data("dialog360");
        // `message_accepted` is the first named example in the spec (`marked_as_read` sorts
        // first by name).
        let send = op(&d360, "send_message");
        assert_eq!(send["success"]["status"], 200);
        assert!(send["success"]["example"]["messages"].is_array(), "{send}");
        let statuses: Vec<(String, u64)> = send["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["status"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(statuses.contains(&("invalid_api_key".into(), 401)));
        assert!(statuses.contains(&("meta_invalid_parameter".into(), 400)));
        assert!(statuses.contains(&("whatsapp_unavailable".into(), 502)));
        assert_eq!(d360["webhooks"]["secret"], json!({"kind": "echo"}));
        // Mehery: answers documented on the component, the verification token header.
        let mehery = data("mehery");
        assert!(!op(&mehery, "list_channels")["success"]["example"].is_null());
        assert_eq!(
            mehery["webhooks"]["secret"],
            json!({"kind": "verify_token", "header": "x-verify-token"})
        );
        assert_eq!(mehery["error"]["fields"]["list"], "/errors");
    }

    #[test]
    fn an_error_example_stands_for_the_status_its_summary_names() {
        assert_eq!(
            example_status("4XX", Some("HTTP 401, invalid API key")),
            Some(401)
        );
        assert_eq!(
            example_status("4XX", Some("Meta error passed through")),
            Some(400)
        );
        assert_eq!(example_status("5XX", None), Some(500));
        assert_eq!(example_status("404", Some("HTTP 401")), Some(404));
    }
}
