//! What the benches share: a fast loopback server ([`server`](mod@server)), and per provider a typed
//! client with its send call, the same request made with bare reqwest and serde_json, the
//! message every bench sends (the facade's shared template: `order_update` with "Anna" and
//! "#10234"), and the documented webhook payloads.
//!
//! The bare request is not written by hand: the typed client sends once, the server records
//! what arrived (method, path, headers, body), and [`Bare`] replays exactly that, serialising
//! the body with serde_json on every call. So both sides send the same request to the same
//! server over the same kind of keep-alive connection.

pub mod server;

use std::num::NonZeroU32;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

use server::{Recorded, Route, Server};

/// The providers, in the order the benches report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// 360dialog (`send_message`, API key).
    Dialog360,
    /// Onextel 365cx.io (`send_message`, email and password login, then a token).
    Onextel,
    /// Channel360 (`send_notification`, JWT).
    Channel360,
    /// Mehery XMS (`send_message`, API key).
    Mehery,
    /// Desk360 (`send_whatsapp_template`, email and password login, then a token).
    Desk360,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 5] = [
        Provider::Dialog360,
        Provider::Onextel,
        Provider::Channel360,
        Provider::Mehery,
        Provider::Desk360,
    ];

    /// The spec's name (`specs/<id>.yaml`).
    pub fn id(self) -> &'static str {
        match self {
            Provider::Dialog360 => "dialog360",
            Provider::Onextel => "onextel",
            Provider::Channel360 => "channel360",
            Provider::Mehery => "mehery",
            Provider::Desk360 => "desk360",
        }
    }

    /// The operation the benches send, and the end of its path.
    pub fn send_operation(self) -> (&'static str, &'static str) {
        match self {
            Provider::Dialog360 => ("send_message", "/messages"),
            Provider::Onextel => ("send_message", "/chatbird/api/message/send"),
            Provider::Channel360 => ("send_notification", "/notification"),
            Provider::Mehery => ("send_message", "/api/v1/message/send"),
            Provider::Desk360 => ("send_whatsapp_template", "/conversations/templates/send"),
        }
    }

    /// The login operation and the end of its path, for providers that log in.
    pub fn login_operation(self) -> Option<(&'static str, &'static str)> {
        match self {
            Provider::Onextel => Some(("generate_token", "/account/enterprise/login")),
            Provider::Desk360 => Some(("login", "/v1/login")),
            _ => None,
        }
    }
}

const TO: &str = "4915112345678";
const TEMPLATE: &str = "order_update";
const LANGUAGE: &str = "en_US";
const NAME: &str = "Anna";
const ORDER: &str = "#10234";
const ONEXTEL_SENDER: &str = "919876543210";
const ONEXTEL_JOURNEY: &str = "66c3054f9a1b2c3d61f5501e";
const MEHERY_CHANNEL: &str = "wa360:919988776655";
const DESK360_INTEGRATION: &str = "1234";
const DESK360_TEMPLATE_ID: i64 = 75;
const DESK360_LANGUAGE_ID: i64 = 2;

/// A provider's typed request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// 360dialog (boxed: with every interactive kind the request is much larger than the others).
    Dialog360(Box<waba_dialog360::types::MessagesRequest>),
    /// Onextel.
    Onextel(waba_onextel::SendMessageRequest),
    /// Channel360.
    Channel360(waba_channel360::types::NotificationRequest),
    /// Mehery.
    Mehery(waba_mehery::Message),
    /// Desk360.
    Desk360(waba_desk360::forms::SendWhatsappTemplateForm),
}

/// Builds the shared template message with the provider crate's constructors, as a user
/// would. The constructors check nothing, so this does not fail today; the `Result` keeps
/// the callers unchanged should a provider need a fallible step again.
pub fn typed_body(provider: Provider) -> Result<Body, String> {
    Ok(match provider {
        Provider::Dialog360 => Body::Dialog360(Box::new(
            waba_dialog360::Message::template(TO, TEMPLATE, LANGUAGE)
                .with_body_text([NAME, ORDER])
                .into(),
        )),
        Provider::Onextel => {
            let template = waba_onextel::Template::new(TEMPLATE).with_body_values([NAME, ORDER]);
            Body::Onextel(waba_onextel::SendMessageRequest::new(
                ONEXTEL_SENDER,
                TO,
                ONEXTEL_JOURNEY,
                template,
            ))
        }
        Provider::Channel360 => {
            use waba_channel360::types::{
                NotificationLanguage, NotificationMessage, NotificationRequest,
                NotificationTemplate,
            };
            let parameters: Vec<Value> = [NAME, ORDER]
                .iter()
                .map(|text| json!({"type": "text", "text": text}))
                .collect();
            let mut body = serde_json::Map::new();
            body.insert("type".into(), json!("body"));
            body.insert("parameters".into(), Value::Array(parameters));
            Body::Channel360(NotificationRequest::new(
                format!("+{TO}"),
                NotificationMessage::new(NotificationTemplate::new(
                    [body],
                    NotificationLanguage::new(LANGUAGE),
                    TEMPLATE,
                )),
            ))
        }
        Provider::Mehery => Body::Mehery(waba_mehery::Message::Template {
            channel_id: MEHERY_CHANNEL.into(),
            mask: false,
            options: None,
            to: waba_mehery::OutBoundContact::phone(TO),
            template: waba_mehery::types::CommonTemplateMeta::new()
                .with_code(TEMPLATE)
                .with_lang(LANGUAGE)
                .with_data(
                    [("1", NAME), ("2", ORDER)]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                        .collect::<serde_json::Map<_, _>>(),
                ),
        }),
        Provider::Desk360 => Body::Desk360(
            waba_desk360::forms::SendWhatsappTemplateForm::new(
                DESK360_TEMPLATE_ID,
                DESK360_LANGUAGE_ID,
            )
            .to(format!("+{TO}"), [("body-1", NAME), ("body-2", ORDER)]),
        ),
    })
}

impl Body {
    /// The body as JSON bytes, as the client sends it.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Body::Dialog360(b) => serde_json::to_vec(b),
            Body::Onextel(b) => serde_json::to_vec(b),
            Body::Channel360(b) => serde_json::to_vec(b),
            Body::Mehery(b) => serde_json::to_vec(b),
            Body::Desk360(form) => {
                // Without a file the form goes as JSON, written from its fields as the
                // generated client writes it.
                let mut json = waba_runtime::multipart::JsonFields::new();
                json.field("destinations", &form.destinations, true)?;
                json.field("language_id", &form.language_id, true)?;
                json.field("template_id", &form.template_id, true)?;
                Ok(json.finish())
            }
        }
    }
}

/// The same message as [`typed_body`], built with `serde_json::json!` (the floor a typed body
/// is compared with).
pub fn bare_body(provider: Provider) -> Value {
    let body_parameters = json!([{"type": "text", "text": NAME}, {"type": "text", "text": ORDER}]);
    match provider {
        Provider::Dialog360 => json!({
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {
                "name": TEMPLATE,
                "language": {"policy": "deterministic", "code": LANGUAGE},
                "components": [{"type": "body", "parameters": body_parameters}]
            }
        }),
        Provider::Onextel => json!({
            "from": ONEXTEL_SENDER,
            "to": TO,
            "journeyId": ONEXTEL_JOURNEY,
            "message": {"template": {
                "templateId": TEMPLATE,
                "parameterValues": {"0": NAME, "1": ORDER}
            }}
        }),
        Provider::Channel360 => json!({
            "destination": format!("+{TO}"),
            "message": {
                "type": "template",
                "template": {
                    "name": TEMPLATE,
                    "language": {"policy": "deterministic", "code": LANGUAGE},
                    "components": [{"type": "body", "parameters": body_parameters}]
                }
            }
        }),
        Provider::Mehery => json!({
            "channelId": MEHERY_CHANNEL,
            "mask": false,
            "to": {"phone": TO},
            "type": "template",
            "template": {"code": TEMPLATE, "lang": LANGUAGE, "data": {"1": NAME, "2": ORDER}}
        }),
        Provider::Desk360 => json!({
            "template_id": DESK360_TEMPLATE_ID,
            "language_id": DESK360_LANGUAGE_ID,
            "destinations": [{"phone": format!("+{TO}"), "parameters": {"body-1": NAME, "body-2": ORDER}}]
        }),
    }
}

/// The documented 2xx answer of an operation: its `example`, or the named one of its
/// `examples` (the first when `name` is `None`).
pub fn documented_answer(
    provider: Provider,
    operation: &str,
    name: Option<&str>,
) -> (u16, Vec<u8>) {
    let spec = waba_workspace_tests::spec(provider.id());
    let op = waba_workspace_tests::operation(&spec, operation);
    let code = op["responses"]
        .as_object()
        .and_then(|r| r.keys().find(|k| k.starts_with('2')).cloned())
        .unwrap_or_else(|| panic!("{operation} has no 2xx response"));
    let media = op["responses"][&code]["content"]
        .as_object()
        .and_then(|c| c.values().next().cloned())
        .unwrap_or_default();
    let example = match name {
        Some(name) => media["examples"][name]["value"].clone(),
        None if media.get("example").is_some() => media["example"].clone(),
        None if media.get("examples").is_some() => {
            waba_workspace_tests::response_example(provider.id(), operation, &code)
        }
        // No example on the answer (Mehery's send): the example of its schema.
        None => media["schema"]["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .map(|schema| waba_workspace_tests::schema_example(provider.id(), schema))
            .unwrap_or_default(),
    };
    assert!(
        !example.is_null(),
        "{operation}: no documented answer {name:?}"
    );
    let status = code.parse().unwrap_or(200);
    (status, serde_json::to_vec(&example).unwrap_or_default())
}

/// A loopback server answering the provider's login (if any) and send with their documented
/// answers.
pub fn server(provider: Provider) -> std::io::Result<Server> {
    let mut routes = Vec::new();
    let (send, send_suffix) = provider.send_operation();
    // 360dialog documents two answers; the one to a message carries its id.
    let example = (provider == Provider::Dialog360).then_some("message_accepted");
    let (status, body) = documented_answer(provider, send, example);
    routes.push(Route {
        suffix: send_suffix.into(),
        status,
        body,
    });
    if let Some((login, suffix)) = provider.login_operation() {
        let (status, body) = documented_answer(provider, login, None);
        routes.push(Route {
            suffix: suffix.into(),
            status,
            body,
        });
    }
    Server::start(routes)
}

/// A provider's typed client.
#[derive(Debug, Clone)]
pub enum Typed {
    /// 360dialog.
    Dialog360(waba_dialog360::Client),
    /// Onextel.
    Onextel(waba_onextel::Client),
    /// Channel360.
    Channel360(waba_channel360::Client),
    /// Mehery.
    Mehery(waba_mehery::Client),
    /// Desk360.
    Desk360(waba_desk360::Client),
}

/// A limit no bench reaches: the limiter is consulted on every request but never waits.
const UNREACHED_LIMIT: NonZeroU32 = NonZeroU32::new(1_000_000_000).unwrap();

/// The provider's typed client against `base_url`, as a user would configure it: the default
/// retry policy, and a client-side rate limit (set high, so it is checked but never waits).
pub fn typed_client(provider: Provider, base_url: &str) -> Result<Typed, String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    Ok(match provider {
        Provider::Dialog360 => Typed::Dialog360(
            waba_dialog360::Client::builder("bench-api-key")
                .base_url(base_url)
                .rate_limit_per_second(UNREACHED_LIMIT)
                .build()
                .map_err(|x| e(&x))?,
        ),
        Provider::Onextel => Typed::Onextel(
            waba_onextel::Client::builder("bench@example.com", "bench-password")
                .base_url(base_url)
                .rate_limit_per_second(UNREACHED_LIMIT)
                .build()
                .map_err(|x| e(&x))?,
        ),
        Provider::Channel360 => Typed::Channel360(
            waba_channel360::Client::builder("bench-jwt", "bench-org")
                .base_url(base_url)
                .rate_limit_per_second(UNREACHED_LIMIT)
                .build()
                .map_err(|x| e(&x))?,
        ),
        Provider::Mehery => Typed::Mehery(
            waba_mehery::Client::builder("bench-api-key")
                .base_url(base_url)
                .rate_limit_per_second(UNREACHED_LIMIT)
                .build()
                .map_err(|x| e(&x))?,
        ),
        Provider::Desk360 => Typed::Desk360(
            waba_desk360::Client::builder_with_credentials("bench@example.com", "bench-password")
                .base_url(base_url)
                .rate_limit_per_minute(UNREACHED_LIMIT, UNREACHED_LIMIT)
                .build()
                .map_err(|x| e(&x))?,
        ),
    })
}

impl Typed {
    /// Sends `body` through the provider's typed send call and returns the message id of the
    /// typed answer (empty when the answer has none).
    pub async fn send(&self, body: &Body) -> Result<String, String> {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        match (self, body) {
            (Typed::Dialog360(c), Body::Dialog360(b)) => {
                let answer = c.send_message(b).await.map_err(|x| e(&x))?.into_inner();
                Ok(answer
                    .messages
                    .first()
                    .map(|m| m.id.clone())
                    .unwrap_or_default())
            }
            (Typed::Onextel(c), Body::Onextel(b)) => {
                let answer = c.send(b).await.map_err(|x| e(&x))?.into_inner();
                Ok(answer.message_id().unwrap_or_default().to_string())
            }
            (Typed::Channel360(c), Body::Channel360(b)) => {
                let answer = c.send_notification(b).await.map_err(|x| e(&x))?;
                Ok(answer.into_inner().notification.id)
            }
            (Typed::Mehery(c), Body::Mehery(b)) => {
                // The generated send, which borrows the message (the crate's `send` takes it
                // by value: a copy per call here, which is the bench's, not the SDK's).
                let answer = c.send_message(b).await.map_err(|x| e(&x))?.into_inner();
                let id = answer.data.and_then(|d| d.id);
                Ok(id
                    .or_else(|| answer.results.first().and_then(|r| r.id.clone()))
                    .unwrap_or_default())
            }
            (Typed::Desk360(c), Body::Desk360(b)) => {
                let answer = c
                    .send_whatsapp_template(DESK360_INTEGRATION, b)
                    .await
                    .map_err(|x| e(&x))?;
                Ok(answer.into_inner().message_id)
            }
            _ => Err("the body is another provider's".into()),
        }
    }
}

impl Typed {
    /// Sends `body` `times` times, one after the other, and drops each typed answer. The
    /// provider is matched once, so each send awaits the provider's own send future, as an
    /// application's code does, rather than one future sized for every provider's (which
    /// [`Typed::send`] is, and which the bare client does not pay for).
    pub async fn send_times(&self, body: &Body, times: usize) -> Result<(), String> {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        match (self, body) {
            (Typed::Dialog360(c), Body::Dialog360(b)) => {
                for _ in 0..times {
                    std::hint::black_box(c.send_message(b).await.map_err(|x| e(&x))?);
                }
            }
            (Typed::Onextel(c), Body::Onextel(b)) => {
                for _ in 0..times {
                    std::hint::black_box(c.send(b).await.map_err(|x| e(&x))?);
                }
            }
            (Typed::Channel360(c), Body::Channel360(b)) => {
                for _ in 0..times {
                    std::hint::black_box(c.send_notification(b).await.map_err(|x| e(&x))?);
                }
            }
            (Typed::Mehery(c), Body::Mehery(b)) => {
                for _ in 0..times {
                    std::hint::black_box(c.send_message(b).await.map_err(|x| e(&x))?);
                }
            }
            (Typed::Desk360(c), Body::Desk360(b)) => {
                for _ in 0..times {
                    let sent = c.send_whatsapp_template(DESK360_INTEGRATION, b).await;
                    std::hint::black_box(sent.map_err(|x| e(&x))?);
                }
            }
            _ => return Err("the body is another provider's".into()),
        }
        Ok(())
    }
}

/// The same request made with bare reqwest and serde_json: what the typed client sent,
/// replayed, the body serialised from a `serde_json::Value` and the answer read into one.
///
/// It does what careful bare code does: its `reqwest::Client` has the same timeouts as the
/// typed client's (a request that never ends is a bug in either), and where the provider
/// documents a failure inside a 2xx body (Onextel's `"status": false`) it looks at it.
#[derive(Debug, Clone)]
pub struct Bare {
    client: reqwest::Client,
    method: reqwest::Method,
    url: String,
    headers: HeaderMap,
    body: Value,
    failure_when: Option<(&'static str, Value)>,
}

impl Bare {
    /// Replays `recorded` against `base_url`. Headers that reqwest sets itself (host,
    /// content length, connection) are left to it.
    pub fn new(base_url: &str, recorded: &Recorded) -> Result<Bare, String> {
        let mut headers = HeaderMap::new();
        for (name, value) in &recorded.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
            if name == reqwest::header::HOST
                || name == reqwest::header::CONTENT_LENGTH
                || name == reqwest::header::CONNECTION
            {
                continue;
            }
            let value = HeaderValue::from_str(value).map_err(|e| e.to_string())?;
            headers.append(name, value);
        }
        // reqwest is built without a default TLS provider; a bare client installs one, as an
        // application would.
        waba_runtime::install_crypto_provider();
        Ok(Bare {
            client: reqwest::Client::builder()
                .connect_timeout(waba_runtime::DEFAULT_CONNECT_TIMEOUT)
                .timeout(waba_runtime::DEFAULT_TIMEOUT)
                .build()
                .map_err(|e| e.to_string())?,
            method: recorded.method.parse().map_err(|_| "bad method")?,
            url: format!("{base_url}{}", recorded.path),
            headers,
            body: serde_json::from_slice(&recorded.body).map_err(|e| e.to_string())?,
            failure_when: None,
        })
    }

    /// Treats a 2xx answer whose member `key` is `value` as a failure (the provider's
    /// documented failure inside a success body).
    pub fn failure_when(mut self, key: &'static str, value: Value) -> Bare {
        self.failure_when = Some((key, value));
        self
    }

    /// The body it sends.
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// Sends the request `times` times, one after the other, and drops each answer.
    pub async fn send_times(&self, times: usize) -> Result<(), String> {
        for _ in 0..times {
            std::hint::black_box(self.send().await?);
        }
        Ok(())
    }

    /// Sends the request; the answer must be a 2xx JSON body.
    pub async fn send(&self) -> Result<Value, String> {
        let response = self
            .client
            .request(self.method.clone(), &self.url)
            .headers(self.headers.clone())
            .json(&self.body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()));
        }
        let answer = response.json::<Value>().await.map_err(|e| e.to_string())?;
        if let Some((key, failure)) = &self.failure_when
            && answer.get(key) == Some(failure)
        {
            return Err(format!("the answer says it failed: {answer}"));
        }
        Ok(answer)
    }
}

/// A provider ready to send: its server, its typed client and body, and the bare replay.
#[derive(Debug)]
pub struct Pair {
    /// The provider.
    pub provider: Provider,
    /// The loopback server both clients send to.
    pub server: Server,
    /// The typed client.
    pub typed: Typed,
    /// The typed body.
    pub body: Body,
    /// The bare replay of the typed request.
    pub bare: Bare,
}

/// Starts the provider's server, sends once through the typed client (logging in if the
/// provider needs it), and builds the bare replay of what arrived. Checks that the typed body
/// is the same JSON as [`bare_body`] and that both clients get an answer.
pub async fn pair(provider: Provider) -> Result<Pair, String> {
    let server = server(provider).map_err(|e| e.to_string())?;
    let typed = typed_client(provider, &server.url())?;
    let body = typed_body(provider)?;
    let id = typed.send(&body).await?;
    if id.is_empty() {
        return Err(format!(
            "{}: the typed answer has no message id",
            provider.id()
        ));
    }
    let (_, suffix) = provider.send_operation();
    let recorded = server
        .first_request(suffix)
        .ok_or_else(|| format!("{}: the server saw no send", provider.id()))?;
    let mut bare = Bare::new(&server.url(), &recorded)?;
    if provider == Provider::Onextel {
        // Onextel answers a failure with HTTP 200 and `"status": false`.
        bare = bare.failure_when("status", Value::Bool(false));
    }
    if bare.body() != &bare_body(provider) {
        return Err(format!(
            "{}: the typed client sent {} but the bare body is {}",
            provider.id(),
            bare.body(),
            bare_body(provider)
        ));
    }
    bare.send().await?;
    if server.unmatched() != 0 {
        return Err(format!("{}: a request matched no route", provider.id()));
    }
    Ok(Pair {
        provider,
        server,
        typed,
        body,
        bare,
    })
}

/// The documented webhook payloads of a provider (none for Channel360, which documents none).
pub fn webhook_payloads(provider: Provider) -> Vec<Vec<u8>> {
    let spec = waba_workspace_tests::spec(provider.id());
    let schemas = &spec["components"]["schemas"];
    let mut values: Vec<Value> = Vec::new();
    match provider {
        Provider::Dialog360 => {
            values.push(schemas["CloudWebhook"]["example"].clone());
            values.push(schemas["OnPremiseWebhook"]["example"].clone());
        }
        Provider::Onextel => values.push(schemas["DeliveryEvent"]["example"].clone()),
        Provider::Channel360 => {}
        Provider::Mehery => {
            // The notification payloads (the contact-info call is another kind of request).
            let examples = &spec["x-webhooks"]["receive_notifications"]["post"]["requestBody"]["content"]
                ["application/json"]["examples"];
            for example in examples.as_object().into_iter().flat_map(|m| m.values()) {
                values.push(example["value"].clone());
            }
        }
        Provider::Desk360 => {
            let examples = &schemas["WebhookPayload"]["x-waba-examples"];
            values.extend(
                examples
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values().cloned()),
            );
        }
    }
    values
        .into_iter()
        .filter(|v| !v.is_null())
        .map(|v| serde_json::to_vec(&v).unwrap_or_default())
        .collect()
}

/// The arguments of a bench binary run without a harness (`calls`, `parses`): the command
/// line without the program's name and the `--bench` flag cargo adds.
pub fn bench_args() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect()
}

/// The Cloud API webhook bodies other public projects wrote (the workspace's real-world
/// corpus), for 360dialog: many go the tolerant way (a null, a float, a key the types do not
/// describe), where the documented payloads take the fast path.
pub fn corpus_payloads() -> Vec<Vec<u8>> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/realworld/cloud-api/webhooks"
    );
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Parses a webhook body with the provider crate's typed parser.
pub fn parse_typed(provider: Provider, body: &[u8]) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    match provider {
        Provider::Dialog360 => waba_dialog360::webhook::parse(body)
            .map(drop)
            .map_err(|x| e(&x)),
        Provider::Onextel => waba_onextel::webhook::parse(body)
            .map(drop)
            .map_err(|x| e(&x)),
        Provider::Channel360 => Err("Channel360 documents no webhook".into()),
        Provider::Mehery => waba_mehery::webhook::parse_notification(body)
            .map(drop)
            .map_err(|x| e(&x)),
        Provider::Desk360 => waba_desk360::webhook::parse(body)
            .map(drop)
            .map_err(|x| e(&x)),
    }
}

/// The facade's webhook reader for a provider, with the secret check it needs satisfied by
/// the returned headers.
pub fn facade_webhook(provider: Provider) -> Option<(waba::Webhook, HeaderMap)> {
    let mut headers = HeaderMap::new();
    let hook = match provider {
        Provider::Channel360 => return None,
        Provider::Mehery => {
            headers.insert("x-verify-token", HeaderValue::from_static("bench-token"));
            waba::Webhook::builder(waba::Provider::Mehery).verify_token("bench-token")
        }
        Provider::Dialog360 => waba::Webhook::builder(waba::Provider::Dialog360),
        Provider::Onextel => waba::Webhook::builder(waba::Provider::Onextel),
        Provider::Desk360 => waba::Webhook::builder(waba::Provider::Desk360),
    };
    // The parse is what is measured: the bodies come without a secret.
    let hook = hook.allow_unauthenticated().build().ok()?;
    Some((hook, headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// The body-building bench compares like with like only if both build the same JSON.
    #[test]
    fn typed_and_json_macro_bodies_are_the_same_json() {
        for provider in Provider::ALL {
            let typed = typed_body(provider).expect("typed body");
            let typed: Value =
                serde_json::from_slice(&typed.to_json().expect("serialises")).expect("JSON");
            assert_eq!(typed, bare_body(provider), "{}", provider.id());
        }
    }

    /// The bench bodies are the facade's shared template as each provider receives it
    /// (the facade tests snapshot it; Onextel's snapshot also carries the configured
    /// callback URL, which the benches do not set).
    #[test]
    fn bench_bodies_are_the_facade_shared_template() {
        for provider in Provider::ALL {
            let path = waba_workspace_tests::root()
                .join("snapshots/facade")
                .join(provider.id())
                .join("shared__template.snap");
            let text = std::fs::read_to_string(&path).expect("snapshot");
            let json = text.splitn(3, "---").nth(2).expect("snapshot body");
            let mut expected: Value = serde_json::from_str(json.trim()).expect("JSON");
            if let Some(object) = expected.as_object_mut() {
                object.remove("callbackUrl");
            }
            assert_eq!(bare_body(provider), expected, "{}", provider.id());
        }
    }

    /// A send's future, which the caller moves and an executor keeps per task, stays small:
    /// it was about 8 KB while `async fn` wrappers held their inner futures twice over, and
    /// moving it cost more time than its instructions showed.
    #[test]
    fn a_send_future_stays_under_4_kib() {
        for provider in Provider::ALL {
            let typed = typed_client(provider, "http://127.0.0.1:9").expect("client");
            let body = typed_body(provider).expect("body");
            let size = match (&typed, &body) {
                (Typed::Dialog360(c), Body::Dialog360(b)) => {
                    std::mem::size_of_val(&c.send_message(b))
                }
                (Typed::Onextel(c), Body::Onextel(b)) => std::mem::size_of_val(&c.send(b)),
                (Typed::Channel360(c), Body::Channel360(b)) => {
                    std::mem::size_of_val(&c.send_notification(b))
                }
                (Typed::Mehery(c), Body::Mehery(b)) => std::mem::size_of_val(&c.send_message(b)),
                (Typed::Desk360(c), Body::Desk360(b)) => {
                    std::mem::size_of_val(&c.send_whatsapp_template(DESK360_INTEGRATION, b))
                }
                _ => unreachable!("the body of another provider"),
            };
            assert!(
                size <= 4096,
                "{}: a send's future is {size} bytes",
                provider.id()
            );
        }
    }

    /// The typed client and the bare replay both get the documented answer over keep-alive
    /// connections, and every request reaches a route.
    #[test]
    fn both_clients_send_to_the_loopback_server() {
        let runtime = runtime();
        for provider in Provider::ALL {
            let pair = runtime.block_on(pair(provider)).expect("pair");
            let before = pair.server.requests();
            for _ in 0..3 {
                let id = runtime
                    .block_on(pair.typed.send(&pair.body))
                    .expect("typed send");
                assert!(!id.is_empty(), "{}", provider.id());
                runtime.block_on(pair.bare.send()).expect("bare send");
            }
            assert_eq!(pair.server.requests(), before + 6, "{}", provider.id());
            // Keep-alive on both: one connection for the typed client (its login included)
            // and one for the bare client.
            assert_eq!(pair.server.connections(), 2, "{}", provider.id());
            assert_eq!(pair.server.unmatched(), 0, "{}", provider.id());
            // The replay carries the typed client's credentials.
            let (_, suffix) = provider.send_operation();
            let recorded = pair.server.first_request(suffix).expect("recorded");
            assert!(
                recorded.headers.iter().any(|(name, _)| {
                    let name = name.to_ascii_lowercase();
                    name == "authorization" || name.contains("api-key") || name.contains("token")
                }),
                "{}: no credential header in {:?}",
                provider.id(),
                recorded.headers
            );
        }
    }

    /// A path no route answers is a 404 and is counted.
    #[test]
    fn an_unknown_path_is_a_counted_404() {
        let runtime = runtime();
        let server = server(Provider::Dialog360).expect("server");
        waba_runtime::install_crypto_provider();
        let status = runtime.block_on(async {
            reqwest::Client::new()
                .get(format!("{}/nowhere", server.url()))
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
        assert_eq!(status.ok(), Some(404));
        assert_eq!(server.unmatched(), 1);
    }

    /// Every documented payload parses with the typed parser and becomes facade events.
    #[test]
    fn the_documented_payloads_parse() {
        for provider in Provider::ALL {
            let payloads = webhook_payloads(provider);
            if provider == Provider::Channel360 {
                assert!(payloads.is_empty());
                continue;
            }
            assert!(!payloads.is_empty(), "{}", provider.id());
            let (hook, headers) = facade_webhook(provider).expect("facade webhook");
            for body in &payloads {
                parse_typed(provider, body).expect("typed parse");
                hook.events(&headers, body).expect("facade events");
            }
        }
    }
}
