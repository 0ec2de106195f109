//! The dialog360 adapter of the neutral API: the spec's `send_message` examples rebuilt through
//! `waba::Client`, the shared neutral messages, the message id of the documented answer, errors,
//! and every documented webhook payload as neutral events.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::runtime::webhook::WebhookError;
use waba::{
    Capability, Client, Contact, Content, Error, Event, HeaderMap, Media, MediaKind, Message,
    Provider, RetryPolicy, Section, Sent, Status, Template, Webhook,
};
use waba_workspace_tests::{
    operation, request_example, request_example_names, schema_example, spec,
};

use super::{TEXT, TO, media, recording, seen_json, snapshot, template};

const P: &str = "dialog360";
const KEY: &str = "test-d360-key-7f3a9c";
/// The `wamid` of the spec's documented answer `message_accepted`.
const WAMID: &str = "wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjQ1RkE2QjdBOEM5RDBFMUYyAA==";

fn client(server: &MockServer) -> Client {
    Client::builder(Provider::Dialog360)
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// The documented answer to a message (`send_message` 200, example `message_accepted`).
fn accepted() -> Value {
    let op = operation(&spec(P), "send_message");
    let value = op["responses"]["200"]["content"]["application/json"]["examples"]
        ["message_accepted"]["value"]
        .clone();
    assert!(
        !value.is_null(),
        "the spec has the example message_accepted"
    );
    value
}

/// A neutral message.
enum Neutral {
    Text(String),
    Template(Template),
    Media(Media),
    /// Any other neutral message, sent with `Client::send`.
    Message(Message),
}

async fn send(client: &Client, to: &str, message: &Neutral) -> Result<Sent, Error> {
    match message {
        Neutral::Text(body) => client.send_text(to, body).await,
        Neutral::Template(t) => client.send_template(to, t).await,
        Neutral::Media(m) => client.send_media(to, m).await,
        Neutral::Message(m) => client.send(to, m).await,
    }
}

/// Sends `message` to a recording mock answering the documented answer; the body it saw.
async fn body_of(to: &str, message: &Neutral) -> (Value, Sent) {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording(&server, "POST", "/messages", 200, accepted());
    let sent = send(&client(&server), to, message)
        .await
        .unwrap_or_else(|e| panic!("sent: {e}"));
    mock.assert_async().await;
    (seen_json(&seen), sent)
}

/// The `send_message` examples the neutral API cannot express, and why.
const NOT_EXPRESSIBLE: &[(&str, &str)] = &[
    (
        "text_with_preview",
        "the neutral text has no link preview switch",
    ),
    (
        "image_by_id",
        "neutral media is by URL, not by uploaded media id",
    ),
    ("audio", "neutral media is by URL, not by uploaded media id"),
    (
        "sticker",
        "stickers are only received; and it is by media id",
    ),
    (
        "template_currency_datetime",
        "neutral body parameters are text only",
    ),
    // Template kinds beyond text, media headers, quick replies and URL suffixes.
    ("template_header_text", "neutral headers are media only"),
    (
        "template_header_video",
        "neutral media is by URL, not by uploaded media id",
    ),
    ("template_header_location", "neutral headers are media only"),
    (
        "template_named_parameters",
        "neutral body parameters are positional text",
    ),
    (
        "template_date_time_fields",
        "neutral body parameters are text only",
    ),
    ("template_copy_code", "no neutral copy-code button"),
    ("template_authentication", "no neutral one-time password"),
    ("template_flow", "no neutral flow button"),
    ("template_catalog", "no neutral catalog button"),
    ("template_multi_product", "no neutral multi-product button"),
    ("template_carousel_media", "no neutral carousel"),
    ("template_carousel_product", "no neutral carousel"),
    (
        "template_limited_time_offer",
        "no neutral limited-time offer",
    ),
    (
        "reply_with_context",
        "no neutral callback data (the reply context is: `reply_to`)",
    ),
    (
        "mark_as_read",
        "a read receipt with a typing indicator, which `Client::mark_read` does not show",
    ),
    // The basic and interactive sends added for the whole Cloud API.
    (
        "video_by_id",
        "neutral media is by URL, not by uploaded media id",
    ),
    (
        "document_by_id",
        "neutral media is by URL, not by uploaded media id",
    ),
    ("sticker_by_link", "stickers are only received"),
    (
        "text_without_type",
        "the neutral text is always sent with `type`",
    ),
    (
        "mark_as_read_only",
        "a read receipt, not a message: `Client::mark_read` (its own test)",
    ),
    (
        "interactive_buttons_image_header",
        "neutral interactive headers are text only",
    ),
    (
        "interactive_buttons_video_header",
        "neutral interactive headers are text only",
    ),
    (
        "interactive_buttons_document_header",
        "neutral interactive headers are text only",
    ),
    ("interactive_flow", "no neutral interactive message"),
    ("interactive_product", "no neutral interactive message"),
    ("interactive_product_list", "no neutral interactive message"),
    ("interactive_catalog", "no neutral interactive message"),
    (
        "interactive_order_details",
        "no neutral interactive message",
    ),
    ("interactive_order_status", "no neutral interactive message"),
    (
        "interactive_order_details_simplified",
        "no neutral interactive message",
    ),
    (
        "interactive_call_permission_request",
        "no neutral interactive message",
    ),
    ("text_to_group", "no neutral group recipient"),
];

/// The documented examples the neutral API can express, as neutral messages with the
/// example's values (recipient `4915112345678` in every example).
fn documented() -> Vec<(&'static str, Neutral)> {
    vec![
        (
            "doc_cloud_text",
            Neutral::Text("Hello, dear customer!".into()),
        ),
        (
            "text",
            Neutral::Text("Your order 10234 has shipped and arrives on Thursday.".into()),
        ),
        (
            "image_by_link",
            Neutral::Media(
                Media::image("https://www.example.com/images/product-42.jpg")
                    .caption("The jacket you asked about"),
            ),
        ),
        (
            "video",
            Neutral::Media(
                Media::video("https://www.example.com/videos/setup-guide.mp4")
                    .caption("How to set up your router"),
            ),
        ),
        (
            "document",
            Neutral::Media(
                Media::document("https://www.example.com/invoices/INV-2024-0117.pdf")
                    .caption("Invoice for January")
                    .file_name("INV-2024-0117.pdf"),
            ),
        ),
        (
            "audio_by_link",
            Neutral::Media(Media::audio("https://www.example.com/audio/welcome.ogg")),
        ),
        (
            "template_text_params",
            Neutral::Template(
                Template::new("order_confirmation")
                    .language("en_US")
                    .body(["Anna", "10234"]),
            ),
        ),
        (
            "template_media_header",
            Neutral::Template(
                Template::new("spring_sale")
                    .language("de")
                    .header(Media::image(
                        "https://www.example.com/images/spring-sale.jpg",
                    ))
                    .body(["Anna"]),
            ),
        ),
        (
            "template_header_document",
            Neutral::Template(
                Template::new("invoice_ready")
                    .language("de")
                    .header(
                        Media::document("https://www.example.com/invoices/INV-2024-0117.pdf")
                            .file_name("INV-2024-0117.pdf"),
                    )
                    .body(["INV-2024-0117"]),
            ),
        ),
        (
            "template_buttons",
            Neutral::Template(
                Template::new("delivery_update")
                    .language("en_US")
                    .body(["10234"])
                    .quick_reply("RESCHEDULE_10234")
                    .url_suffix("track/10234"),
            ),
        ),
        (
            "location",
            Neutral::Message(
                Message::location(52.520008, 13.404954)
                    .name("Example Store Berlin")
                    .address("Alexanderplatz 1, 10178 Berlin")
                    .into(),
            ),
        ),
        (
            "contacts",
            Neutral::Message(Message::contacts([Contact::new("Anna Schmidt")
                .first_name("Anna")
                .last_name("Schmidt")
                .phone("+49 151 98765432", Some("CELL"), Some("4915198765432"))
                .email("anna.schmidt@example.com", Some("WORK"))
                .org("Example GmbH", Some("Customer Success"))
                .birthday("1990-04-23")])),
        ),
        (
            "reaction",
            Neutral::Message(Message::reaction(RECEIVED, "\u{1F44D}")),
        ),
        (
            "reaction_removal",
            Neutral::Message(Message::remove_reaction(RECEIVED)),
        ),
        (
            "interactive_buttons",
            Neutral::Message(
                Message::buttons("When should we deliver your order?")
                    .button("slot-morning", "Morning")
                    .button("slot-evening", "Evening")
                    .header("Delivery time")
                    .footer("Example Store")
                    .into(),
            ),
        ),
        (
            "interactive_list",
            Neutral::Message(
                Message::list("Pick a dish and we will start cooking.", "Show dishes")
                    .section(
                        Section::new("Pizza")
                            .row_described(
                                "pizza-margherita",
                                "Margherita",
                                "Tomato, mozzarella, basil",
                            )
                            .row_described(
                                "pizza-funghi",
                                "Funghi",
                                "Tomato, mozzarella, mushrooms",
                            ),
                    )
                    .section(Section::new("Salads").row("salad-caesar", "Caesar salad"))
                    .header("Our menu")
                    .footer("Delivery in 30 minutes")
                    .into(),
            ),
        ),
        (
            "interactive_cta_url",
            Neutral::Message(
                Message::cta_url(
                    "Your tickets are ready.",
                    "Open tickets",
                    "https://www.example.com/tickets/10234",
                )
                .into(),
            ),
        ),
        (
            "interactive_location_request",
            Neutral::Message(Message::location_request(
                "Share your location so we can find the nearest store.",
            )),
        ),
    ]
}

/// The received message the spec's reaction, reply and read examples name.
const RECEIVED: &str = "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBCNkQ3RkI3QjI4NDg1QzFBAA==";

#[tokio::test]
async fn documented_send_bodies_are_reproduced_by_the_neutral_api() {
    for (name, message) in documented() {
        // The neutral recipient may carry a `+`; 360dialog's examples have none.
        let (body, _) = body_of("+4915112345678", &message).await;
        assert_eq!(
            body,
            request_example(P, "send_message", name),
            "send_message example `{name}`"
        );
        snapshot(P, &format!("send_message__{name}"), &body);
    }
}

#[test]
fn every_send_message_example_is_reproduced_or_said_to_be_inexpressible() {
    let mut listed: Vec<&str> = documented().iter().map(|(name, _)| *name).collect();
    listed.extend(NOT_EXPRESSIBLE.iter().map(|(name, _)| *name));
    listed.sort_unstable();
    let mut names = request_example_names(P, "send_message");
    names.sort();
    assert_eq!(names, listed);
}

#[tokio::test]
async fn the_shared_text() {
    let (body, _) = body_of(TO, &Neutral::Text(TEXT.into())).await;
    assert_eq!(body["to"], "4915112345678", "digits only, no `+`");
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["recipient_type"], "individual");
    assert_eq!(body["type"], "text");
    assert_eq!(body["text"], json!({"body": TEXT}));
    snapshot(P, "shared__text", &body);
}

#[tokio::test]
async fn the_shared_template() {
    let (body, _) = body_of(TO, &Neutral::Template(template())).await;
    assert_eq!(body["to"], "4915112345678");
    assert_eq!(body["type"], "template");
    let t = &body["template"];
    assert_eq!(t["name"], "order_update");
    assert_eq!(
        t["language"],
        json!({"code": "en_US", "policy": "deterministic"})
    );
    assert_eq!(
        t["components"],
        json!([{"type": "body", "parameters": [
            {"type": "text", "text": "Anna"},
            {"type": "text", "text": "#10234"}
        ]}]),
        "one body component, parameters {{{{1}}}}, {{{{2}}}} in order"
    );
    snapshot(P, "shared__template", &body);
}

#[tokio::test]
async fn the_shared_media() {
    for m in media() {
        let kind = m.kind().as_str();
        let (body, _) = body_of(TO, &Neutral::Media(m.clone())).await;
        assert_eq!(body["to"], "4915112345678");
        assert_eq!(body["type"], kind);
        assert_eq!(body[kind]["link"], m.url(), "{kind}: by link");
        match m.caption_text() {
            Some(caption) => assert_eq!(body[kind]["caption"], caption, "{kind}"),
            None => assert!(body[kind].get("caption").is_none(), "{kind}"),
        }
        snapshot(P, &format!("shared__media_{kind}"), &body);
    }
}

#[tokio::test]
async fn a_reply_is_the_documented_context() {
    let message = Message::text("Yes, this item is back in stock.").reply_to(RECEIVED);
    let (body, _) = body_of(TO, &Neutral::Message(message)).await;
    // The documented reply, without the callback data the neutral API has no field for.
    let mut documented = request_example(P, "send_message", "reply_with_context");
    documented
        .as_object_mut()
        .unwrap()
        .remove("biz_opaque_callback_data")
        .expect("the example has callback data");
    assert_eq!(body, documented);
    snapshot(P, "send_message__reply_with_context", &body);
}

#[tokio::test]
async fn every_new_content_carries_the_reply_context() {
    for (name, message) in documented() {
        let Neutral::Message(message) = message else {
            continue;
        };
        let (body, _) = body_of(TO, &Neutral::Message(message.reply_to(RECEIVED))).await;
        assert_eq!(
            body["context"],
            json!({"message_id": RECEIVED}),
            "{name}: {body}"
        );
        let mut without = body.clone();
        without.as_object_mut().unwrap().remove("context");
        assert_eq!(
            without,
            request_example(P, "send_message", name),
            "{name}: only the context is added"
        );
    }
}

#[tokio::test]
async fn mark_read_sends_the_documented_read_receipt() {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording(&server, "POST", "/messages", 200, json!({"success": true}));
    client(&server).mark_read(RECEIVED).await.expect("marked");
    mock.assert_async().await;
    let body = seen_json(&seen);
    assert_eq!(
        body,
        request_example(P, "send_message", "mark_as_read_only")
    );
    snapshot(P, "send_message__mark_as_read_only", &body);
}

#[tokio::test]
async fn a_header_document_keeps_its_file_name_and_buttons_are_indexed_in_order() {
    let t = Template::new("invoice_ready")
        .language("en_US")
        .header(Media::document("https://example.com/invoice.pdf").file_name("invoice.pdf"))
        .quick_reply("PAY")
        .quick_reply("LATER")
        .url_suffix("inv/77");
    let (body, _) = body_of(TO, &Neutral::Template(t)).await;
    assert_eq!(
        body["template"]["components"],
        json!([
            {"type": "header", "parameters": [{"type": "document", "document":
                {"link": "https://example.com/invoice.pdf", "filename": "invoice.pdf"}}]},
            {"type": "button", "sub_type": "quick_reply", "index": 0,
             "parameters": [{"type": "payload", "payload": "PAY"}]},
            {"type": "button", "sub_type": "quick_reply", "index": 1,
             "parameters": [{"type": "payload", "payload": "LATER"}]},
            {"type": "button", "sub_type": "url", "index": 2,
             "parameters": [{"type": "text", "text": "inv/77"}]}
        ])
    );
}

#[tokio::test]
async fn the_message_id_is_the_wamid_of_the_documented_answer() {
    let (_, sent) = body_of(TO, &Neutral::Text(TEXT.into())).await;
    assert_eq!(sent.provider(), Provider::Dialog360);
    assert_eq!(sent.message_id(), Some(WAMID));
    assert_eq!(sent.response(), &accepted());
}

#[tokio::test]
async fn the_api_key_is_sent_in_its_header() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path("/messages")
            .header("d360-api-key", KEY);
        then.status(200).json_body(accepted());
    });
    client(&server).send_text(TO, TEXT).await.expect("sent");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_documented_error_answer_keeps_status_and_raw_body() {
    let errors = &operation(&spec(P), "send_message")["responses"]["4XX"]["content"]["application/json"]
        ["examples"];
    for (name, status) in [
        ("meta_invalid_parameter", 400),
        ("invalid_api_key", 401),
        ("rate_limited", 400),
    ] {
        let answer = errors[name]["value"].clone();
        assert!(!answer.is_null(), "error example {name}");
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method("POST").path("/messages");
            then.status(status)
                .header("x-request-id", "req-1")
                .json_body(answer.clone());
        });
        let err = client(&server).send_text(TO, TEXT).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Request {
                    provider: Provider::Dialog360,
                    ..
                }
            ),
            "{name}: {err:?}"
        );
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{name}");
        assert_eq!(err.headers().unwrap()["x-request-id"], "req-1");
        let raw: Value = serde_json::from_slice(err.body().expect("raw body")).unwrap();
        assert_eq!(raw, answer, "{name}");
    }
}

#[tokio::test]
async fn arguments_360dialog_refuses_are_invalid_and_nothing_is_sent() {
    let long = "x".repeat(4097);
    let header_audio = Template::new("t")
        .language("en_US")
        .header(Media::audio("https://example.com/a.ogg"));
    let header_caption = Template::new("t")
        .language("en_US")
        .header(Media::image("https://example.com/a.jpg").caption("no"));
    let mut eleven = Template::new("t").language("en_US");
    for i in 0..11 {
        eleven = eleven.quick_reply(format!("B{i}"));
    }
    let cases = vec![
        ("text.body", TO, Neutral::Text(long)),
        ("text.body", TO, Neutral::Text(String::new())),
        ("to", "+", Neutral::Text(TEXT.into())),
        (
            "template.language.code",
            TO,
            Neutral::Template(Template::new("t")),
        ),
        (
            "template.components[0].parameters[0]",
            TO,
            Neutral::Template(header_audio),
        ),
        // WhatsApp's limits, checked by the client for every provider: neutral field names.
        (
            "template.header.caption",
            TO,
            Neutral::Template(header_caption),
        ),
        ("template.buttons", TO, Neutral::Template(eleven)),
        (
            "media.caption",
            TO,
            Neutral::Media(Media::image("https://example.com/a.jpg").caption("c".repeat(1025))),
        ),
    ];
    for (path, to, message) in cases {
        let server = MockServer::start_async().await;
        let mock = crate::answer_everything(&server, 200);
        let err = send(&client(&server), to, &message).await.unwrap_err();
        match &err {
            Error::InvalidArgument { provider, error } => {
                assert_eq!(*provider, Provider::Dialog360);
                assert_eq!(error.path, path, "{err}");
            }
            other => panic!("{path}: expected InvalidArgument, got {other:?}"),
        }
        assert_eq!(mock.calls_async().await, 0, "{path}: nothing sent");
    }
}

#[tokio::test]
async fn a_caption_on_audio_is_unsupported_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let mock = crate::answer_everything(&server, 200);
    let err = client(&server)
        .send_media(TO, &Media::audio("https://example.com/a.ogg").caption("no"))
        .await
        .unwrap_err();
    let unsupported = err.unsupported().expect("unsupported");
    assert_eq!(
        unsupported.capability,
        Capability::Caption(MediaKind::Audio)
    );
    assert_eq!(mock.calls_async().await, 0);
}

// ------------------------------------------------------------------------------ webhooks

fn events(body: &Value) -> Vec<Event> {
    Webhook::builder(Provider::Dialog360)
        .allow_unauthenticated()
        .build()
        .expect("opted out")
        .events(&HeaderMap::new(), &serde_json::to_vec(body).unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The documented Cloud API envelope (`CloudWebhook` example) with `value` replaced.
fn envelope(value: Value) -> Value {
    let mut body = schema_example(P, "CloudWebhook");
    body["entry"][0]["changes"][0]["value"] = value;
    body
}

/// The documented envelope carrying one inbound message.
fn with_message(message: Value) -> Value {
    let mut body = schema_example(P, "CloudWebhook");
    body["entry"][0]["changes"][0]["value"]["messages"] = json!([message]);
    body
}

/// The documented envelope carrying one status.
fn with_status(status: Value) -> Value {
    envelope(json!({"messaging_product": "whatsapp", "statuses": [status]}))
}

fn only_message(events: Vec<Event>) -> waba::InboundMessage {
    match <[Event; 1]>::try_from(events) {
        Ok([Event::Message(m)]) => m,
        other => panic!("expected one message, got {other:?}"),
    }
}

fn only_status(events: Vec<Event>) -> waba::StatusUpdate {
    match <[Event; 1]>::try_from(events) {
        Ok([Event::Status(s)]) => s,
        other => panic!("expected one status, got {other:?}"),
    }
}

#[test]
fn the_documented_cloud_webhook_is_a_text_message() {
    let m = only_message(events(&schema_example(P, "CloudWebhook")));
    assert_eq!(m.provider, Provider::Dialog360);
    assert_eq!(m.sender, "4915112345678");
    assert_eq!(
        m.message_id.as_deref(),
        Some("wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBCNkQ3RkI3QjI4NDg1QzFBAA==")
    );
    assert_eq!(m.timestamp, Some(1718031234));
    assert_eq!(
        m.content,
        Content::Text {
            body: "Is the jacket available in size M?".into()
        }
    );
}

#[test]
fn the_documented_on_premise_webhook_is_a_text_message() {
    let m = only_message(events(&schema_example(P, "OnPremiseWebhook")));
    assert_eq!(m.sender, "4915112345678");
    assert_eq!(
        m.message_id.as_deref(),
        Some("ABGGSRURIWVCAgo-sI2t3f9Fx0ai")
    );
    assert_eq!(m.timestamp, Some(1718031234));
    assert_eq!(
        m.content,
        Content::Text {
            body: "Hello!".into()
        }
    );
}

#[test]
fn the_documented_statuses_are_status_updates() {
    // WebhookChange (delivered), WebhookValue (read) and MessageStatus (delivered, billing).
    let mut change_body = schema_example(P, "CloudWebhook");
    change_body["entry"][0]["changes"] = json!([schema_example(P, "WebhookChange")]);
    let cases = [
        (change_body, Status::Delivered, 1718031300),
        (
            envelope(schema_example(P, "WebhookValue")),
            Status::Read,
            1718031400,
        ),
        (
            with_status(schema_example(P, "MessageStatus")),
            Status::Delivered,
            1718031300,
        ),
    ];
    for (body, status, timestamp) in cases {
        let s = only_status(events(&body));
        assert_eq!(s.provider, Provider::Dialog360);
        assert_eq!(s.message_id, WAMID, "the id `Sent::message_id` returned");
        assert_eq!(s.status, status);
        assert_eq!(s.recipient.as_deref(), Some("4915112345678"));
        assert_eq!(s.timestamp, Some(timestamp));
        assert_eq!(s.error, None);
    }
}

#[test]
fn a_failed_status_carries_the_documented_error() {
    let mut status = schema_example(P, "MessageStatus");
    status["status"] = json!("failed");
    status["errors"] = json!([schema_example(P, "WhatsAppError")]);
    let s = only_status(events(&with_status(status)));
    assert_eq!(s.status, Status::Failed);
    let error = s.error.expect("the error");
    assert_eq!(error.code.as_deref(), Some("131047"));
    assert_eq!(error.message.as_deref(), Some("Re-engagement message"));
}

#[test]
fn other_statuses_keep_their_spelling() {
    let mut status = schema_example(P, "MessageStatus");
    status["status"] = json!("deleted");
    let s = only_status(events(&with_status(status)));
    assert_eq!(s.status, Status::Other("deleted".into()));
}

#[test]
fn the_documented_inbound_media_is_media_with_its_id() {
    let m = only_message(events(&with_message(schema_example(P, "InboundMessage"))));
    assert_eq!(
        m.content,
        Content::Media {
            kind: MediaKind::Image,
            id: Some("1283746510293847".into()),
            url: None,
            mime_type: Some("image/jpeg".into()),
            caption: Some("Is this one available?".into()),
            file_name: None,
        }
    );
}

/// An inbound message of `kind` whose content object is the spec's example of `schema`.
fn inbound(kind: &str, schema: &str) -> Value {
    let mut message =
        json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234", "type": kind});
    message[kind] = schema_example(P, schema);
    message
}

#[test]
fn documented_inbound_kinds_become_neutral_content() {
    let mut document = inbound("document", "InboundMedia");
    document["document"]["filename"] = json!("invoice.pdf");
    let cases = [
        (
            inbound("location", "InboundLocation"),
            Content::Location {
                latitude: 52.520008,
                longitude: 13.404954,
                name: Some("Alexanderplatz".into()),
                address: None,
            },
        ),
        (
            inbound("button", "InboundButton"),
            Content::TemplateQuickReply {
                payload: "RESCHEDULE_10234".into(),
                text: Some("Reschedule".into()),
            },
        ),
        (
            inbound("interactive", "InboundInteractive"),
            Content::ButtonReply {
                id: "slot-morning".into(),
                title: Some("Morning".into()),
            },
        ),
        (
            json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234",
                   "type": "interactive", "interactive": {"type": "list_reply",
                   "list_reply": schema_example(P, "ListReply")}}),
            Content::ListReply {
                id: "pizza-margherita".into(),
                title: Some("Margherita".into()),
                description: Some("Tomato, mozzarella, basil".into()),
            },
        ),
        (
            document,
            Content::Media {
                kind: MediaKind::Document,
                id: Some("1283746510293847".into()),
                url: None,
                mime_type: Some("image/jpeg".into()),
                caption: Some("Is this one available?".into()),
                file_name: Some("invoice.pdf".into()),
            },
        ),
    ];
    for (message, expected) in cases {
        let m = only_message(events(&with_message(message)));
        assert_eq!(m.sender, "4915112345678");
        assert_eq!(m.message_id.as_deref(), Some("wamid.IN"));
        assert_eq!(m.content, expected);
    }
}

#[test]
fn kinds_without_a_neutral_form_keep_their_raw_json() {
    // Reactions, orders, contacts, edits and deletions have neutral forms (events.rs).
    let flow = json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234",
        "type": "interactive", "interactive": {"type": "nfm_reply",
        "nfm_reply": schema_example(P, "NfmReply")}});
    let unknown = json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234",
        "type": "hologram", "hologram": {"depth": 3}});
    for (message, kind) in [
        (inbound("system", "InboundSystem"), "system"),
        (flow, "interactive"),
        (unknown, "hologram"),
    ] {
        let m = only_message(events(&with_message(message.clone())));
        assert_eq!(
            m.content,
            Content::Other {
                kind: Some(kind.into()),
                raw: message
            }
        );
    }
}

/// The header value 360dialog echoes: the document's Basic-auth example of `set_webhook`.
fn registered_authorization() -> String {
    request_example(P, "set_webhook", "doc_basic_auth")["headers"]["Authorization"]
        .as_str()
        .expect("a header value")
        .to_string()
}

#[test]
fn the_echoed_header_is_checked_before_the_body() {
    let expected = registered_authorization();
    let webhook = Webhook::builder(Provider::Dialog360)
        .require_header("Authorization", expected.as_str())
        .build()
        .expect("a secret");
    let malformed = b"not json";

    let err = webhook.events(&HeaderMap::new(), malformed).unwrap_err();
    assert!(
        matches!(&err, Error::WebhookRefused { error: WebhookError::MissingHeader { name }, .. } if name == "authorization"),
        "{err:?}"
    );

    let mut wrong = HeaderMap::new();
    wrong.insert("authorization", "Basic d3Jvbmc6d3Jvbmc=".parse().unwrap());
    let err = webhook.events(&wrong, malformed).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::WebhookRefused {
                error: WebhookError::WrongSecret { .. },
                ..
            }
        ),
        "{err:?}"
    );

    let mut right = HeaderMap::new();
    right.insert("authorization", expected.parse().unwrap());
    let err = webhook.events(&right, malformed).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::WebhookMalformed {
                provider: Provider::Dialog360,
                ..
            }
        ),
        "{err:?}"
    );

    let body = serde_json::to_vec(&schema_example(P, "CloudWebhook")).unwrap();
    assert_eq!(webhook.events(&right, &body).expect("accepted").len(), 1);
}

#[test]
fn malformed_bodies_are_webhook_errors() {
    for body in [&b"not json"[..], b"[]", b"{\"object\": 1, \"entry\": 2}"] {
        let err = Webhook::builder(Provider::Dialog360)
            .allow_unauthenticated()
            .build()
            .expect("opted out")
            .events(&HeaderMap::new(), body)
            .unwrap_err();
        assert!(
            matches!(&err, Error::WebhookMalformed { .. }),
            "{}: {err:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn an_error_not_tied_to_a_message_is_another_event_with_its_json() {
    // Cloud API `value.errors`: the business account's own error, not a message's.
    let error =
        json!({"code": 131000, "title": "Something went wrong", "message": "Something went wrong"});
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "errors": [error]
        }}]}]
    });
    let events = Webhook::builder(Provider::Dialog360)
        .allow_unauthenticated()
        .build()
        .expect("opted out")
        .events(&HeaderMap::new(), body.to_string().as_bytes())
        .expect("a documented envelope");
    assert_eq!(events.len(), 1, "{events:?}");
    let Event::Other(other) = &events[0] else {
        panic!("expected another event, got {:?}", events[0]);
    };
    assert_eq!(other.provider, Provider::Dialog360);
    assert_eq!(other.kind.as_deref(), Some("error"));
    assert_eq!(other.raw["code"], 131000);
    assert_eq!(other.raw["title"], "Something went wrong");
}

/// The spec's `several_items` example of `CloudWebhook`: two messages (one with an integer
/// timestamp and a string quantity), a read status with per-message pricing, and a template
/// status change.
fn several_items() -> Value {
    spec(P)["components"]["schemas"]["CloudWebhook"]["x-waba-examples"]["several_items"].clone()
}

#[test]
fn a_body_with_several_items_gives_an_event_for_each() {
    let events = events(&several_items());
    assert_eq!(events.len(), 4, "{events:?}");
    let Event::Message(text) = &events[0] else {
        panic!("{events:?}")
    };
    assert!(
        matches!(&text.content, Content::Text { body } if body == "Is the jacket available in size M?")
    );
    // The integer timestamp is read like the string one.
    let Event::Message(order) = &events[1] else {
        panic!("{events:?}")
    };
    assert_eq!(order.timestamp, Some(1718031240));
    let Content::Order { items, .. } = &order.content else {
        panic!("{order:?}")
    };
    assert_eq!(items[0].quantity, Some(1));
    let Event::Status(status) = &events[2] else {
        panic!("{events:?}")
    };
    assert_eq!(status.status, Status::Read);
    let Event::TemplateStatus(change) = &events[3] else {
        panic!("{events:?}")
    };
    assert_eq!(change.status, waba::TemplateStatus::Approved);
    assert_eq!(change.template_name.as_deref(), Some("order_confirmation"));
}

#[test]
fn a_bad_item_is_an_other_event_with_its_raw_json_and_the_rest_is_delivered() {
    let mut body = several_items();
    // The first message loses its required `id`; the status gets an object as timestamp.
    let value = &mut body["entry"][0]["changes"][0]["value"];
    value["messages"][0].as_object_mut().unwrap().remove("id");
    value["statuses"][0]["timestamp"] = json!({"at": 1});
    let bad_message = value["messages"][0].clone();
    let bad_status = value["statuses"][0].clone();
    let events = events(&body);
    assert_eq!(events.len(), 4, "{events:?}");
    let Event::Other(message) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(message.kind.as_deref(), Some("unparsed_message"));
    assert_eq!(message.raw, bad_message);
    assert!(
        message
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("missing field `id`")),
        "{message:?}"
    );
    // The second message is still delivered.
    assert!(matches!(&events[1], Event::Message(m) if m.timestamp == Some(1718031240)));
    let Event::Other(status) = &events[2] else {
        panic!("{events:?}")
    };
    assert_eq!(status.kind.as_deref(), Some("unparsed_status"));
    assert_eq!(status.raw, bad_status);
    assert!(status.reason.is_some());
    assert!(matches!(&events[3], Event::TemplateStatus(_)), "{events:?}");
}

#[test]
fn every_documented_change_field_is_an_other_event_with_its_raw_change() {
    let examples = spec(P)["components"]["schemas"]["WebhookChange"]["x-waba-examples"].clone();
    let examples = examples.as_object().unwrap();
    assert!(examples.len() >= 15);
    // Template status updates are neutral events of their own (tests/facade/events.rs).
    for (field, change) in examples
        .iter()
        .filter(|(field, _)| *field != "message_template_status_update")
    {
        let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]});
        let events = events(&body);
        assert_eq!(events.len(), 1, "{field}");
        let Event::Other(other) = &events[0] else {
            panic!("{field}: {events:?}")
        };
        assert_eq!(other.kind.as_deref(), Some(field.as_str()));
        assert_eq!(&other.raw, change, "{field}");
        assert_eq!(other.reason, None, "{field}");
    }
    // A field nobody documents is kept the same way.
    let unknown = json!({"field": "hologram_update", "value": {"frames": 24}});
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [unknown]}]});
    let events = events(&body);
    assert!(
        matches!(&events[0], Event::Other(o) if o.kind.as_deref() == Some("hologram_update") && o.raw == unknown)
    );
}
