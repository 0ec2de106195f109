//! `waba sandbox` as a process: the real binary on `--port 0`, the printed URLs given to each
//! provider's client crate and to plain reqwest over TCP, the control endpoints driven as a
//! test would drive them. The documented examples and answers are read from the specs
//! (`waba-workspace-tests`), not from the sandbox's generated data.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use waba_workspace_tests::{operation, spec};

/// A running `waba sandbox`, killed when dropped.
struct Running {
    child: Child,
    urls: BTreeMap<String, String>,
    control: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// Starts the binary with `args` after `sandbox --port 0` and reads `lines` printed lines.
    fn start(args: &[&str], lines: usize) -> Running {
        waba_runtime::install_crypto_provider();
        let mut child = Command::new(env!("CARGO_BIN_EXE_waba"))
            .args(["sandbox", "--port", "0", "--until-stdin-closes"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the waba binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut urls = BTreeMap::new();
        for _ in 0..lines {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a line");
            let (id, url) = line
                .trim_end()
                .split_once(' ')
                .unwrap_or_else(|| panic!("`P URL` expected, got {line:?}"));
            urls.insert(id.to_string(), url.to_string());
        }
        let any = urls.values().next().expect("one url").clone();
        let control = any[..any.rfind('/').expect("a provider segment")].to_string();
        Running {
            child,
            urls,
            control,
        }
    }

    fn all() -> Running {
        Running::start(&[], 5)
    }

    fn url(&self, provider: &str) -> &str {
        &self.urls[provider]
    }

    async fn requests(&self) -> Vec<Value> {
        let answer = reqwest::get(format!("{}/_sandbox/requests", self.control))
            .await
            .expect("requests");
        answer.json::<Vec<Value>>().await.expect("JSON list")
    }

    async fn control(&self, name: &str, body: Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/_sandbox/{name}", self.control))
            .json(&body)
            .send()
            .await
            .expect("control endpoint answers")
    }

    async fn count(&self, provider: &str, op: &str) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|r| r["provider"] == provider && r["operation"] == op)
            .count()
    }
}

// ------------------------------------------------------------------ the command line

#[test]
fn prints_one_line_per_chosen_provider_and_serves_only_those() {
    let running = Running::start(&["--provider", "desk360", "--provider", "onextel"], 2);
    let ids: Vec<&String> = running.urls.keys().collect();
    assert_eq!(ids, ["desk360", "onextel"]);
    for (id, url) in &running.urls {
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with(&format!("/{id}")),
            "{url}"
        );
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let answer = reqwest::get(format!("{}/dialog360/messages", running.control))
            .await
            .unwrap();
        assert_eq!(answer.status(), 404);
        let body: Value = answer.json().await.unwrap();
        assert!(
            body["sandbox_error"]
                .as_str()
                .unwrap()
                .contains("/dialog360"),
            "{body}"
        );
        assert_eq!(body["served"], json!(["/onextel", "/desk360"]));
    });
}

#[test]
fn an_unknown_provider_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(["sandbox", "--provider", "whatsapp"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown provider `whatsapp`") && err.contains("dialog360"),
        "{err}"
    );
}

#[test]
fn a_port_in_use_is_a_failure_that_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(["sandbox", "--port", &port])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no URL is printed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("waba sandbox: sandbox server:"), "{err}");
}

#[test]
fn without_the_flag_a_closed_standard_input_does_not_stop_it() {
    // A server started in the background (`waba sandbox &` in a script) has its standard
    // input closed from the start.
    let child = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(["sandbox", "--port", "0", "--provider", "mehery"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed when the test ends, passed or not.
    let mut running = Running {
        child,
        urls: BTreeMap::new(),
        control: String::new(),
    };
    let mut line = String::new();
    BufReader::new(running.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("mehery http://127.0.0.1:"), "{line}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        running.child.try_wait().unwrap().is_none(),
        "the sandbox stopped on its own"
    );
}

#[test]
fn closing_standard_input_stops_the_sandbox() {
    let mut running = Running::all();
    drop(running.child.stdin.take());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running after stdin closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ------------------------------------------------------------------ every documented operation

/// The path of an operation with every path parameter set to its documented example.
fn fill_path(spec: &Value, path: &str, op: &Value) -> String {
    let mut params: Vec<Value> = spec["paths"][path]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    params.extend(op["parameters"].as_array().cloned().unwrap_or_default());
    let mut out = path.to_string();
    for p in params {
        if p["in"] == "path" {
            let name = p["name"].as_str().unwrap();
            let value = match &p["example"] {
                Value::String(s) => s.clone(),
                Value::Null => "x1".to_string(),
                other => other.to_string(),
            };
            out = out.replace(&format!("{{{name}}}"), &value);
        }
    }
    out
}

/// Resolves `$ref`s.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => resolve(
            spec,
            &spec["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        ),
        None => schema,
    }
}

/// Whether the property at `name` of `schema` (or its items) is a file.
fn is_file(spec: &Value, schema: &Value) -> bool {
    let s = resolve(spec, schema);
    s["format"] == "binary" || (s["type"] == "array" && is_file(spec, &s["items"]))
}

/// A form's fields as the clients send them: bracketed names, files as file parts.
fn flatten(
    spec: &Value,
    schema: &Value,
    prefix: &str,
    value: &Value,
    out: &mut Vec<(String, Value, bool)>,
) {
    let schema = resolve(spec, schema);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}[{k}]")
                };
                let child = if schema["properties"][k].is_null() {
                    &schema["additionalProperties"]
                } else {
                    &schema["properties"][k]
                };
                if is_file(spec, child) {
                    match v {
                        Value::Array(files) => {
                            for f in files {
                                out.push((format!("{name}[]"), f.clone(), true));
                            }
                        }
                        _ => out.push((name, v.clone(), true)),
                    }
                } else {
                    flatten(spec, child, &name, v, out);
                }
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                flatten(spec, &schema["items"], &format!("{prefix}[{i}]"), v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone(), false)),
    }
}

fn multipart(fields: &[(String, Value, bool)]) -> (String, Vec<u8>) {
    let boundary = "sandbox-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value, file) in fields {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        if *file {
            body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{text}\"\r\nContent-Type: application/octet-stream\r\n\r\nfile bytes\r\n").as_bytes(),
            );
        } else {
            body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{text}\r\n")
                    .as_bytes(),
            );
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Every documented success example of an operation's 2xx answer (the component's example
/// when the answer has none).
fn documented_answers(spec: &Value, op: &Value) -> (u16, Vec<Value>) {
    let (code, response) = op["responses"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.starts_with('2'))
        .expect("a 2xx answer");
    let status = code.parse().unwrap_or(200);
    let Some((_, media)) = response["content"]
        .as_object()
        .and_then(|c| c.iter().next())
    else {
        return (status, vec![]);
    };
    let mut answers = Vec::new();
    if let Some(e) = media.get("example") {
        answers.push(e.clone());
    }
    for e in media["examples"].as_object().into_iter().flatten() {
        answers.push(e.1["value"].clone());
    }
    if answers.is_empty() && !resolve(spec, &media["schema"])["example"].is_null() {
        answers.push(resolve(spec, &media["schema"])["example"].clone());
    }
    (status, answers)
}

/// Logs in through the documented login example and returns the header to send.
async fn credential(http: &reqwest::Client, base: &str, provider: &str) -> (String, String) {
    match provider {
        "dialog360" => ("D360-API-KEY".into(), "any-key".into()),
        "mehery" => ("x-api-key".into(), "any-key".into()),
        "channel360" => ("authorization".into(), "Bearer any.jwt.value".into()),
        "onextel" => {
            let login = waba_workspace_tests::request_example("onextel", "generate_token", "login");
            let answer: Value = http
                .post(format!("{base}/account/enterprise/login"))
                .form(&login)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let token = answer["response"]["token"]
                .as_str()
                .expect("a token")
                .to_string();
            ("authentication-token".into(), token)
        }
        "desk360" => {
            let op = operation(&spec("desk360"), "login");
            let login = op["requestBody"]["content"]["application/json"]["examples"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()["value"]
                .clone();
            let answer: Value = http
                .post(format!("{base}/v1/login"))
                .json(&login)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let token = answer["access_token"].as_str().expect("a token");
            ("authorization".into(), format!("Bearer {token}"))
        }
        other => panic!("{other}"),
    }
}

/// A body's content type and bytes.
type Encoded = (String, Vec<u8>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_request_example_gets_the_documented_answer() {
    let running = Running::all();
    let http = reqwest::Client::new();
    let mut sent = 0;
    for provider in ["dialog360", "onextel", "channel360", "mehery", "desk360"] {
        let spec = spec(provider);
        let base = running.url(provider).to_string();
        let (header, value) = credential(&http, &base, provider).await;
        for (path, item) in spec["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let Some(id) = op["operationId"].as_str() else {
                    continue;
                };
                let url = format!("{base}{}", fill_path(&spec, path, op));
                let (status, answers) = documented_answers(&spec, op);
                let mut bodies: Vec<(String, Option<Encoded>)> = Vec::new();
                match op["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                {
                    None => bodies.push(("no body".into(), None)),
                    Some((media, content)) => {
                        let mut examples: Vec<(String, Value)> = content["examples"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(n, e)| (n.clone(), e["value"].clone()))
                            .collect();
                        if examples.is_empty() {
                            let example = resolve(&spec, &content["schema"])["example"].clone();
                            assert!(!example.is_null(), "{provider} {id}: no request example");
                            examples.push(("schema example".into(), example));
                        }
                        for (name, example) in examples {
                            let body = match media.as_str() {
                                "application/json" => (
                                    "application/json".to_string(),
                                    example.to_string().into_bytes(),
                                ),
                                "application/x-www-form-urlencoded" => {
                                    let pairs: Vec<String> = example
                                        .as_object()
                                        .unwrap()
                                        .iter()
                                        .map(|(k, v)| {
                                            let v = v
                                                .as_str()
                                                .map(str::to_string)
                                                .unwrap_or(v.to_string());
                                            format!("{k}={}", v.replace('@', "%40"))
                                        })
                                        .collect();
                                    (media.clone(), pairs.join("&").into_bytes())
                                }
                                "multipart/form-data" => {
                                    let mut fields = Vec::new();
                                    flatten(&spec, &content["schema"], "", &example, &mut fields);
                                    multipart(&fields)
                                }
                                other => panic!("{provider} {id}: {other}"),
                            };
                            bodies.push((name, Some(body)));
                        }
                    }
                }
                for (name, body) in bodies {
                    let mut request = http
                        .request(method.to_uppercase().parse().unwrap(), &url)
                        .header(header.as_str(), value.as_str());
                    if let Some((content_type, bytes)) = body {
                        request = request.header("content-type", content_type).body(bytes);
                    }
                    let answer = request.send().await.unwrap();
                    let got = answer.status().as_u16();
                    let text = answer.text().await.unwrap();
                    assert_eq!(got, status, "{provider} {id} ({name}): {text}");
                    if !answers.is_empty() && text.starts_with(['{', '[']) {
                        let mut body: Value = serde_json::from_str(&text).unwrap();
                        // A login's token is the one the sandbox issued.
                        if let Some(t) = body.pointer_mut("/response/token") {
                            *t = answers[0]["response"]["token"].clone();
                        }
                        if id == "login" {
                            body["access_token"] = answers[0]["access_token"].clone();
                        }
                        assert!(
                            answers.contains(&body),
                            "{provider} {id} ({name}): {body} is not a documented answer"
                        );
                    }
                    sent += 1;
                }
            }
        }
    }
    assert!(sent >= 130, "only {sent} requests sent");
}

// ------------------------------------------------------------------ typed clients

/// The request examples of an operation: its named examples, else its `example`, else its
/// component's `example`.
fn body_examples(provider: &str, op: &str) -> Vec<(String, Value)> {
    let spec = spec(provider);
    let op = operation(&spec, op);
    let content = op["requestBody"]["content"].as_object().unwrap();
    let media = content.values().next().unwrap();
    if let Some(map) = media["examples"].as_object() {
        return map
            .iter()
            .map(|(n, e)| (n.clone(), e["value"].clone()))
            .collect();
    }
    let example = if media["example"].is_null() {
        resolve(&spec, &media["schema"])["example"].clone()
    } else {
        media["example"].clone()
    };
    assert!(!example.is_null(), "no request example");
    vec![("example".to_string(), example)]
}

/// Sends every request example of a JSON operation through the typed client method.
macro_rules! send_each {
    ($provider:literal, $client:expr, $op:ident, $ty:ty $(, $arg:expr)*) => {{
        for (name, example) in body_examples($provider, stringify!($op)) {
            let body: $ty = serde_json::from_value(example)
                .unwrap_or_else(|e| panic!("{} {name}: {e}", stringify!($op)));
            $client
                .$op($($arg,)* &body)
                .await
                .unwrap_or_else(|e| panic!("{} {name}: {e}", stringify!($op)));
        }
    }};
}

fn first_answer(provider: &str, op: &str) -> Value {
    let spec = spec(provider);
    let (_, answers) = documented_answers(&spec, &operation(&spec, op));
    answers.into_iter().next().expect("a documented answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_clients_send_the_documented_examples_and_read_the_documented_answers() {
    let running = Running::all();

    // 360dialog: every `send_message` example, through the typed request.
    let d360 = waba_dialog360::Client::builder("any-key")
        .base_url(running.url("dialog360"))
        .build()
        .unwrap();
    let examples = body_examples("dialog360", "send_message");
    assert!(examples.len() > 40);
    let documented: Vec<Value> = documented_answers(
        &spec("dialog360"),
        &operation(&spec("dialog360"), "send_message"),
    )
    .1;
    for (name, example) in &examples {
        let body: waba_dialog360::types::MessagesRequest =
            serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sent = d360
            .send_message(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_inner();
        let sent = serde_json::to_value(sent).unwrap();
        assert!(documented.contains(&sent), "{name}: {sent}");
    }

    send_each!(
        "dialog360",
        d360,
        create_template,
        waba_dialog360::types::TemplateCreate
    );
    send_each!(
        "dialog360",
        d360,
        set_webhook,
        waba_dialog360::types::WebhookConfig
    );
    send_each!(
        "dialog360",
        d360,
        send_message_on_premise,
        waba_dialog360::types::OnPremiseMessage
    );

    // Onextel: every `send_message` example, after the client's own login.
    let onextel = waba_onextel::Client::builder("ops@example.com", "correct-horse-battery-staple")
        .base_url(running.url("onextel"))
        .build()
        .unwrap();
    let answer = first_answer("onextel", "send_message");
    for (name, example) in body_examples("onextel", "send_message") {
        let body: waba_onextel::types::SendMessageRequest =
            serde_json::from_value(example).unwrap();
        let sent = onextel
            .send_message(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(sent.into_inner()).unwrap()["data"]["id"],
            answer["data"]["id"],
            "{name}"
        );
    }

    send_each!(
        "onextel",
        onextel,
        live_agent_satisfaction_rating,
        waba_onextel::types::SatisfactionRating
    );

    // Channel360: every reply and notification example.
    let c360 = waba_channel360::Client::builder("any.jwt.value", "659039655cf56a8df0c8908")
        .base_url(running.url("channel360"))
        .build()
        .unwrap();
    for (name, example) in body_examples("channel360", "send_notification") {
        let body: waba_channel360::types::NotificationRequest =
            serde_json::from_value(example).unwrap();
        let sent = c360
            .send_notification(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(sent.into_inner()).unwrap(),
            first_answer("channel360", "send_notification"),
            "{name}"
        );
    }
    for (name, example) in body_examples("channel360", "send_reply") {
        let body: waba_channel360::types::ReplyMessage = serde_json::from_value(example).unwrap();
        c360.send_reply("5f3e1b2c9d8a7b6c5d4e3f21", &body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    send_each!(
        "channel360",
        c360,
        create_webhook,
        waba_channel360::types::WebhookCreate
    );
    send_each!(
        "channel360",
        c360,
        create_template,
        waba_channel360::types::TemplateCreate
    );
    send_each!(
        "channel360",
        c360,
        update_template,
        waba_channel360::types::TemplateUpdate,
        "tmpl-1"
    );

    // Mehery: every `send_message` example.
    let mehery = waba_mehery::Client::builder("any-key")
        .base_url(running.url("mehery"))
        .build()
        .unwrap();
    for (name, example) in body_examples("mehery", "send_message") {
        let body: waba_mehery::types::Message = serde_json::from_value(example).unwrap();
        mehery
            .send_message(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    send_each!(
        "mehery",
        mehery,
        set_webhook,
        waba_mehery::types::WebhookUrlRequest
    );
    send_each!(
        "mehery",
        mehery,
        update_contact_lang_prefs,
        waba_mehery::types::ContactPrefsUpdate
    );
    send_each!(
        "mehery",
        mehery,
        push_customer_data,
        waba_mehery::types::DigitalObjectDto
    );
    send_each!(
        "mehery",
        mehery,
        push_customer_event,
        waba_mehery::types::DigitalEventDto
    );
    send_each!(
        "mehery",
        mehery,
        close_session,
        waba_mehery::types::SessionStatusClose
    );
    send_each!(
        "mehery",
        mehery,
        get_session_messages,
        waba_mehery::types::SessionStatusClose
    );
    send_each!(
        "mehery",
        mehery,
        resolve_session,
        waba_mehery::types::SessionStatusClose
    );
    send_each!(
        "mehery",
        mehery,
        route_session,
        waba_mehery::types::SessionQueueAssignment
    );

    // Desk360: a multipart text send and the JSON sends, after the client's own login.
    let desk360 = waba_desk360::Client::builder("ops@example.com", "secret")
        .base_url(running.url("desk360"))
        .without_rate_limit()
        .build()
        .unwrap();
    let sent = desk360
        .send_text("11", "+905555555555", "Hello!")
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(sent.into_inner()).unwrap(),
        first_answer("desk360", "send_whatsapp_text_message")
    );
    send_each!(
        "desk360",
        desk360,
        send_whatsapp_location_message,
        waba_desk360::types::LocationMessage,
        "11"
    );
    send_each!(
        "desk360",
        desk360,
        send_whatsapp_contact_message,
        waba_desk360::types::ContactMessage,
        "11"
    );
    send_each!(
        "desk360",
        desk360,
        send_whatsapp_interactive_message,
        waba_desk360::types::InteractiveMessage,
        "11"
    );
    send_each!(
        "desk360",
        desk360,
        send_whatsapp_location_request_message,
        waba_desk360::types::LocationRequestMessage,
        "11"
    );
    // Multipart forms through the typed methods.
    let jpeg =
        || waba_runtime::multipart::FilePart::new(&b"\xff\xd8 jpeg"[..], "photo.jpg", "image/jpeg");
    let uploaded = d360
        .upload_media(&waba_dialog360::forms::UploadMediaForm::new(jpeg()).with_type("image/jpeg"))
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(uploaded.into_inner()).unwrap(),
        first_answer("dialog360", "upload_media")
    );
    desk360
        .send_whatsapp_media_message(
            "11",
            &waba_desk360::forms::SendWhatsappMediaMessageForm::new(
                "+905555555555",
                [jpeg(), jpeg()],
            ),
        )
        .await
        .unwrap();
    desk360
        .mark_as_read("11", "+905555555555", ["wamid.1", "wamid.2"])
        .await
        .unwrap();

    // The operations without a body, through the typed methods.
    d360.get_webhook().await.unwrap();
    d360.delete_template("order_confirmation").await.unwrap();
    d360.retrieve_media("1283746510293847").await.unwrap();
    d360.delete_media("1283746510293847").await.unwrap();
    c360.get_organization().await.unwrap();
    c360.list_templates(None, None).await.unwrap();
    c360.get_template("order_update").await.unwrap();
    c360.list_webhooks().await.unwrap();
    c360.delete_webhook("w1").await.unwrap();
    c360.delete_template("t1").await.unwrap();
    c360.get_user_organizations("u1").await.unwrap();
    mehery.list_channels(None, None).await.unwrap();
    mehery.list_global_vars(None).await.unwrap();
    mehery.list_hsm_templates(None, None).await.unwrap();
    desk360.list_whatsapp_templates("11", None).await.unwrap();
    desk360.get_whatsapp_media("11", "m1").await.unwrap();

    let requests = running.requests().await;
    let text = requests
        .iter()
        .find(|r| r["operation"] == "send_whatsapp_text_message")
        .expect("the text send was recorded");
    assert_eq!(
        text["body"],
        json!({"to": "+905555555555", "text": "Hello!"})
    );
    assert!(
        text["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("multipart/form-data")
    );
}

// ------------------------------------------------------------------ checks

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_body_is_a_400_in_the_documented_shape_naming_the_field() {
    let running = Running::all();
    let http = reqwest::Client::new();

    // 360dialog, JSON: Meta's error object, message naming the field.
    let answer = http
        .post(format!("{}/messages", running.url("dialog360")))
        .header("D360-API-KEY", "k")
        .json(
            &json!({"messaging_product": "whatsapp", "to": "4915112345678", "type": "image",
                      "image": {"id": "1283746510293847", "link": "https://example.com/a.jpg"}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["type"], "OAuthException", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`image`"),
        "{body}"
    );

    // Mehery: the field is also in the error's field list.
    let answer = http
        .post(format!("{}/api/v1/message/send", running.url("mehery")))
        .header("x-api-key", "k")
        .json(&json!({"channelId": "wa360:919988776655", "to": {"phone": "919988776655"}, "type": "text", "text": {"body": "hi"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "mask", "{body}");

    // Desk360, multipart: a required field left out, and a file over its size limit is not
    // read as valid either (the field named).
    let (header, token) = credential(&http, running.url("desk360"), "desk360").await;
    let (content_type, bytes) = multipart(&[("text".into(), json!("Hi"), false)]);
    let answer = http
        .post(format!(
            "{}/v1/integrations/11/conversations/messages",
            running.url("desk360")
        ))
        .header(header.as_str(), token.as_str())
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["message"], "`to` is required", "{body}");
    assert_eq!(body["error"]["code"], "failed_validation");

    // Nothing invalid reaches the documented answer: the typed client refuses before sending
    // and the sandbox recorded only what plain reqwest sent.
    let ops: Vec<Value> = running
        .requests()
        .await
        .iter()
        .map(|r| r["operation"].clone())
        .collect();
    assert_eq!(
        ops,
        json!([
            "send_message",
            "send_message",
            "login",
            "send_whatsapp_text_message"
        ])
        .as_array()
        .unwrap()
        .clone()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_credentials_are_refused_in_the_documented_shape_and_redacted_in_the_log() {
    let running = Running::all();
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{}/v1/configs/webhook", running.url("dialog360")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    let body: Value = answer.json().await.unwrap();
    // A documented 401 shape (Meta's error object), its message naming the header.
    assert_eq!(body["error"]["type"], "OAuthException", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("d360-api-key"),
        "{body}"
    );

    // Bearer without a token.
    let answer = http
        .get(format!(
            "{}/v1.1/org/x/organization",
            running.url("channel360")
        ))
        .header("authorization", "Bearer ")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);

    // With the key: the key never shows in the log.
    http.get(format!("{}/v1/configs/webhook", running.url("dialog360")))
        .header("D360-API-KEY", "very-secret-key")
        .send()
        .await
        .unwrap();
    let log = running.requests().await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[2]["headers"]["d360-api-key"], "<redacted>");
    assert!(
        !serde_json::to_string(&log)
            .unwrap()
            .contains("very-secret-key")
    );
    let cleared = http
        .delete(format!("{}/_sandbox/requests", running.control))
        .send()
        .await
        .unwrap();
    assert!(cleared.status().is_success());
    assert!(running.requests().await.is_empty());
}

// ------------------------------------------------------------------ logins

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_log_in_again_after_the_tokens_expire() {
    let running = Running::all();

    let onextel = waba_onextel::Client::builder("ops@example.com", "correct-horse-battery-staple")
        .base_url(running.url("onextel"))
        .build()
        .unwrap();
    let (_, example) = body_examples("onextel", "send_message").remove(0);
    let body: waba_onextel::types::SendMessageRequest = serde_json::from_value(example).unwrap();
    onextel.send_message(&body).await.unwrap();
    onextel.send_message(&body).await.unwrap();
    assert_eq!(running.count("onextel", "generate_token").await, 1);

    let desk360 = waba_desk360::Client::builder("ops@example.com", "secret")
        .base_url(running.url("desk360"))
        .without_rate_limit()
        .build()
        .unwrap();
    desk360.list_integrations(None).await.unwrap();
    assert_eq!(running.count("desk360", "login").await, 1);

    let expired = running.control("expire-tokens", json!({})).await;
    assert_eq!(expired.json::<Value>().await.unwrap()["expired"], 2);

    onextel.send_message(&body).await.unwrap();
    desk360.list_integrations(None).await.unwrap();
    assert_eq!(running.count("onextel", "generate_token").await, 2);
    assert_eq!(running.count("desk360", "login").await, 2);
    // The refused call, then the same call with the new token.
    assert_eq!(running.count("onextel", "send_message").await, 4);
    assert_eq!(running.count("desk360", "list_integrations").await, 3);

    // A token the sandbox never issued is refused with the provider's token-refused answer.
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/chatbird/api/message/send",
            running.url("onextel")
        ))
        .header("authentication-token", "made-up")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    let refused: Value = answer.json().await.unwrap();
    assert_eq!(refused["status"], false);
    assert_eq!(refused["message"]["code"], 1403);
}

// ------------------------------------------------------------------ overrides

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_retry_after_is_waited_out_then_the_call_succeeds() {
    let running = Running::all();
    let answer = running
        .control(
            "overrides",
            json!({"provider": "dialog360", "operation": "list_templates", "retry_after": 1}),
        )
        .await;
    assert!(answer.status().is_success());
    let client = waba_dialog360::Client::builder("k")
        .base_url(running.url("dialog360"))
        .build()
        .unwrap();
    let started = Instant::now();
    let list = client.list_templates(None, None, None, None).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        serde_json::to_value(list.into_inner()).unwrap()["total"],
        first_answer("dialog360", "list_templates")["total"]
    );
    assert_eq!(running.count("dialog360", "list_templates").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delay_beyond_the_timeout_leaves_the_outcome_unknown() {
    let running = Running::all();
    running
        .control(
            "overrides",
            json!({"provider": "mehery", "operation": "send_message", "delay_ms": 2000}),
        )
        .await;
    let client = waba_mehery::Client::builder("k")
        .base_url(running.url("mehery"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let (_, example) = body_examples("mehery", "send_message").remove(0);
    let body: waba_mehery::types::Message = serde_json::from_value(example).unwrap();
    let err = client.send_message(&body).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err}");
    assert!(err.is_timeout(), "{err}");
    // Never sent twice.
    assert_eq!(running.count("mehery", "send_message").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_documented_error_override_is_the_clients_typed_error() {
    let running = Running::all();
    let bad = running
        .control(
            "overrides",
            json!({"provider": "dialog360", "operation": "send_message", "status": 418}),
        )
        .await;
    assert_eq!(
        bad.status(),
        400,
        "a status with no documented example is refused"
    );
    running
        .control("overrides", json!({"provider": "dialog360", "operation": "send_message", "error": "meta_user_facing"}))
        .await;
    let client = waba_dialog360::Client::builder("k")
        .base_url(running.url("dialog360"))
        .retry(waba_runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let message = waba_dialog360::Message::text("4915112345678", "Hello");
    let err = client.send(message.clone()).await.unwrap_err();
    assert_eq!(err.kind(), waba_runtime::ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let spec = spec("dialog360");
    let documented = &operation(&spec, "send_message")["responses"]["4XX"]["content"]["application/json"]
        ["examples"]["meta_user_facing"]["value"];
    assert_eq!(
        serde_json::from_slice::<Value>(err.body().unwrap()).unwrap(),
        *documented
    );
    assert!(err.error_body().is_some(), "the typed error body");
    // The override was for one request: the next send succeeds.
    client.send(message.clone()).await.unwrap();
}

// ------------------------------------------------------------------ webhooks

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliver_posts_documented_payloads_with_the_secret_headers() {
    use waba::server::{Delivery, WebhookServer};
    use waba::{Provider, Webhook};

    let running = Running::all();
    let seen: Arc<Mutex<Vec<Delivery>>> = Arc::default();
    let record = seen.clone();
    let server = WebhookServer::builder()
        .webhook(
            Webhook::builder(Provider::Mehery)
                .verify_token("mehery-verify-token")
                .build()
                .unwrap(),
        )
        .webhook(
            Webhook::builder(Provider::Dialog360)
                .require_header("Authorization", "Basic dGVzdHVzZXI6dGVzdHBhc3M=")
                .build()
                .unwrap(),
        )
        .handler(move |d: Delivery| {
            let record = record.clone();
            async move { record.lock().unwrap().push(d) }
        })
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let serving = server.clone();
    let task = tokio::spawn(async move { serving.serve(listener).await.unwrap() });

    // Mehery: the verification token in `x-verify-token`.
    let answer = running
        .control(
            "deliver",
            json!({"provider": "mehery", "payload": "receive_notifications.doc",
                   "url": format!("http://{addr}/webhooks/mehery"),
                   "headers": {"x-verify-token": "mehery-verify-token"}}),
        )
        .await;
    assert_eq!(answer.status(), 200, "{:?}", answer.text().await);
    // A wrong token: the receiver's refusal is the answer.
    let answer = running
        .control(
            "deliver",
            json!({"provider": "mehery", "payload": "receive_notifications.doc",
                   "url": format!("http://{addr}/webhooks/mehery"),
                   "headers": {"x-verify-token": "wrong"}}),
        )
        .await;
    assert!(
        answer.status() == 401 || answer.status() == 403,
        "{}",
        answer.status()
    );
    // Without a token Mehery's delivery is refused before anything is sent.
    let answer = running
        .control(
            "deliver",
            json!({"provider": "mehery", "url": format!("http://{addr}/webhooks/mehery")}),
        )
        .await;
    assert_eq!(answer.status(), 400);

    // 360dialog: the registered header echoed; the default payload is the first documented.
    let answer = running
        .control(
            "deliver",
            json!({"provider": "dialog360", "url": format!("http://{addr}/webhooks/dialog360"),
                   "headers": {"Authorization": "Basic dGVzdHVzZXI6dGVzdHBhc3M="}}),
        )
        .await;
    assert_eq!(answer.status(), 200);

    tokio::time::timeout(Duration::from_secs(10), server.idle())
        .await
        .unwrap();
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let mehery_body: Value = serde_json::from_slice(
        &seen
            .iter()
            .find(|d| d.provider == Provider::Mehery)
            .expect("a Mehery event")
            .body,
    )
    .unwrap();
    let spec = spec("mehery");
    assert_eq!(
        mehery_body,
        spec["x-webhooks"]["receive_notifications"]["post"]["requestBody"]["content"]["application/json"]
            ["examples"]["doc"]["value"]
    );
    let d360_body: Value = serde_json::from_slice(
        &seen
            .iter()
            .find(|d| d.provider == Provider::Dialog360)
            .expect("a 360dialog event")
            .body,
    )
    .unwrap();
    assert_eq!(
        d360_body,
        waba_workspace_tests::schema_example("dialog360", "CloudWebhook")
    );
    task.abort();
}
