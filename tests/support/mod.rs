//! Test support: reads the documented examples out of the specs, so tests compare what the
//! typed API builds with what the spec (and so the provider's document) shows.

pub mod server;

use std::path::PathBuf;

use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A spec as JSON, YAML merge keys applied.
pub fn spec(provider: &str) -> Value {
    let path = root().join("specs").join(format!("{provider}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    yaml.apply_merge().expect("merge keys apply");
    serde_json::to_value(yaml).expect("spec is JSON-compatible")
}

/// The operation object with this `operationId`.
pub fn operation(spec: &Value, id: &str) -> Value {
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            if op.get("operationId").and_then(Value::as_str) == Some(id) {
                return op.clone();
            }
        }
    }
    panic!("no operation `{id}` in the spec")
}

/// The named request-body example of an operation (first media type).
pub fn request_example(provider: &str, operation_id: &str, name: &str) -> Value {
    let op = operation(&spec(provider), operation_id);
    let content = op["requestBody"]["content"]
        .as_object()
        .expect("request body");
    let media = content.values().next().expect("one media type");
    let value = media["examples"][name]["value"].clone();
    assert!(
        !value.is_null(),
        "operation `{operation_id}` has no request example `{name}`"
    );
    value
}

/// The names of an operation's request-body examples.
pub fn request_example_names(provider: &str, operation_id: &str) -> Vec<String> {
    let op = operation(&spec(provider), operation_id);
    let content = op["requestBody"]["content"]
        .as_object()
        .expect("request body");
    let media = content.values().next().expect("one media type");
    media["examples"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Fails unless `covered` lists exactly the operations of `provider`'s spec whose request body
/// has named examples, so that a new example in the spec must get a typed reproduction.
pub fn assert_request_examples_covered(provider: &str, covered: &[&str]) {
    let spec = spec(provider);
    let mut with_examples: Vec<String> = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        for op in item.as_object().into_iter().flatten().map(|(_, v)| v) {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let has_examples = op["requestBody"]["content"]
                .as_object()
                .is_some_and(|c| c.values().any(|m| m.get("examples").is_some()));
            if has_examples {
                with_examples.push(id.to_string());
            }
        }
    }
    with_examples.sort();
    let mut listed: Vec<String> = covered.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        with_examples, listed,
        "{provider}: the operations with request examples (left) must each be reproduced by a test (right)"
    );
}

/// The example of a response (by status code) of an operation: the `example`, or the first of
/// `examples`.
pub fn response_example(provider: &str, operation_id: &str, code: &str) -> Value {
    let op = operation(&spec(provider), operation_id);
    let media = op["responses"][code]["content"]
        .as_object()
        .and_then(|c| c.values().next().cloned())
        .unwrap_or_else(|| panic!("operation `{operation_id}` has no response {code} content"));
    if let Some(example) = media.get("example") {
        return example.clone();
    }
    media["examples"]
        .as_object()
        .and_then(|m| m.values().next())
        .map(|e| e["value"].clone())
        .unwrap_or_else(|| panic!("operation `{operation_id}` response {code} has no example"))
}

/// The `example` of a component schema.
pub fn schema_example(provider: &str, schema: &str) -> Value {
    let spec = spec(provider);
    let example = &spec["components"]["schemas"][schema]["example"];
    assert!(!example.is_null(), "schema `{schema}` has no example");
    example.clone()
}

/// Every webhook payload the specs document, as `(provider id, name, body)`: 360dialog's
/// `CloudWebhook` and `OnPremiseWebhook` examples and `x-waba-examples`, its `WebhookChange`,
/// `WebhookValue` and `MessageStatus` examples (and each `WebhookChange` `x-waba-examples`)
/// inside the documented `CloudWebhook` envelope, Desk360's `WebhookPayload` `x-waba-examples`,
/// Onextel's `DeliveryEvent` example and Mehery's `receive_notifications` webhook.
pub fn documented_webhooks() -> Vec<(&'static str, String, Value)> {
    let mut out = Vec::new();
    let d360 = spec("dialog360");
    let schemas = &d360["components"]["schemas"];
    for name in ["CloudWebhook", "OnPremiseWebhook"] {
        out.push(("dialog360", name.into(), schema_example("dialog360", name)));
    }
    for (name, example) in schemas["CloudWebhook"]["x-waba-examples"]
        .as_object()
        .expect("CloudWebhook x-waba-examples")
    {
        out.push(("dialog360", format!("CloudWebhook/{name}"), example.clone()));
    }
    // A change, a value and a status are documented alone: each inside the documented envelope.
    let envelope = schema_example("dialog360", "CloudWebhook");
    let in_change = |change: Value| {
        let mut body = envelope.clone();
        body["entry"][0]["changes"] = Value::Array(vec![change]);
        body
    };
    let in_value = |value: Value| {
        let mut body = envelope.clone();
        body["entry"][0]["changes"][0]["value"] = value;
        body
    };
    out.push((
        "dialog360",
        "WebhookChange".into(),
        in_change(schema_example("dialog360", "WebhookChange")),
    ));
    out.push((
        "dialog360",
        "WebhookValue".into(),
        in_value(schema_example("dialog360", "WebhookValue")),
    ));
    out.push((
        "dialog360",
        "MessageStatus".into(),
        in_value(serde_json::json!({"messaging_product": "whatsapp",
            "statuses": [schema_example("dialog360", "MessageStatus")]})),
    ));
    for (field, example) in schemas["WebhookChange"]["x-waba-examples"]
        .as_object()
        .expect("WebhookChange x-waba-examples")
    {
        out.push((
            "dialog360",
            format!("WebhookChange/{field}"),
            in_change(example.clone()),
        ));
    }
    for (name, example) in
        spec("desk360")["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]
            .as_object()
            .expect("WebhookPayload x-waba-examples")
    {
        out.push(("desk360", format!("WebhookPayload/{name}"), example.clone()));
    }
    out.push((
        "onextel",
        "DeliveryEvent".into(),
        schema_example("onextel", "DeliveryEvent"),
    ));
    out.push((
        "mehery",
        "receive_notifications".into(),
        mehery_webhook("receive_notifications"),
    ));
    out
}

/// The `doc` example of one of Mehery's `x-webhooks` (`receive_notifications`,
/// `contact_info`).
pub fn mehery_webhook(name: &str) -> Value {
    let value = spec("mehery")["x-webhooks"][name]["post"]["requestBody"]["content"]
        ["application/json"]["examples"]["doc"]["value"]
        .clone();
    assert!(
        !value.is_null(),
        "mehery x-webhooks `{name}`: no doc example"
    );
    value
}

/// The content type and body of the last request a recording mock matched.
pub type Seen = std::sync::Arc<std::sync::Mutex<Option<(String, Vec<u8>)>>>;

/// A matcher for `when.is_true(..)` that accepts every request and records its content type
/// and body in the returned [`Seen`].
pub fn recorder() -> (
    Seen,
    impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static,
) {
    let seen = Seen::default();
    let record = seen.clone();
    let matcher = move |req: &httpmock::HttpMockRequest| {
        let content_type = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        *record.lock().unwrap() = Some((content_type, req.body_vec()));
        true
    };
    (seen, matcher)
}
