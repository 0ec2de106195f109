//! The channel360 adapter of the neutral API: the spec's `send_notification` and `send_reply`
//! examples rebuilt through `waba::Client`, the shared neutral messages, the message ids of the
//! documented answers, errors, and webhooks (none documented, so refused as unsupported).

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::{
    Capability, Client, Error, Media, MediaKind, Provider, RetryPolicy, Sent, Template, Webhook,
    WebhookCheck,
};
use waba_workspace_tests::{operation, request_example, request_example_names, spec};

use super::{TEXT, TO, media, recording, seen_json, snapshot, template};

const P: &str = "channel360";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";
/// The organisation (the spec's `orgId` example).
const ORG: &str = "659039655cf56a8df0c8908";
/// The app user of a conversation (the spec's `appUser` example).
const APP_USER: &str = "5e7a1b2c3d4e5f6a7b8c9d0e";

fn client(server: &MockServer) -> Client {
    Client::builder(Provider::Channel360)
        .token(JWT)
        .org_id(ORG)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn notification_path() -> String {
    format!("/v1.1/org/{ORG}/notification")
}

fn reply_path(app_user: &str) -> String {
    format!("/v1.1/org/{ORG}/whatsapp/appuser/{app_user}/reply")
}

/// A named example of an operation's answer with status `code`.
fn answer(operation_id: &str, code: &str, name: &str) -> Value {
    let op = operation(&spec(P), operation_id);
    let value =
        op["responses"][code]["content"]["application/json"]["examples"][name]["value"].clone();
    assert!(
        !value.is_null(),
        "{operation_id} has no {code} example {name}"
    );
    value
}

/// The documented answer to a notification.
fn notification_sent() -> Value {
    answer("send_notification", "201", "doc_sent")
}

/// Sends `template` to a recording mock answering the documented notification answer.
async fn notification_of(to: &str, template: &Template) -> (Value, Sent) {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording(
        &server,
        "POST",
        &notification_path(),
        201,
        notification_sent(),
    );
    let sent = client(&server)
        .send_template(to, template)
        .await
        .unwrap_or_else(|e| panic!("sent: {e}"));
    mock.assert_async().await;
    (seen_json(&seen), sent)
}

/// A neutral reply: text or media.
enum Reply {
    Text(String),
    Media(Media),
}

/// Sends `reply` to `app_user` through a recording mock answering `status` with `answer`.
async fn reply_of(app_user: &str, reply: &Reply, answer: Value) -> (Value, Sent) {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording(&server, "POST", &reply_path(app_user), 200, answer);
    let client = client(&server);
    let sent = match reply {
        Reply::Text(body) => client.send_text(app_user, body).await,
        Reply::Media(m) => client.send_media(app_user, m).await,
    }
    .unwrap_or_else(|e| panic!("sent: {e}"));
    mock.assert_async().await;
    (seen_json(&seen), sent)
}

/// Each `send_reply` example as a neutral message with the example's values, and the
/// documented answer to it (none for text: "No content").
fn documented_replies() -> Vec<(&'static str, Reply, Value)> {
    vec![
        ("doc_text", Reply::Text("Hello World".into()), Value::Null),
        (
            "doc_image",
            Reply::Media(
                Media::image("https://example.org/test.png")
                    .caption("Here is an image attached to the message"),
            ),
            answer("send_reply", "200", "doc_image"),
        ),
        (
            // The neutral document is Channel360's `file`.
            "doc_file",
            Reply::Media(
                Media::document("https://www.w3.org/dummy.pdf").caption("Here is a pdf attached"),
            ),
            answer("send_reply", "200", "doc_file"),
        ),
        (
            "doc_video",
            Reply::Media(
                Media::video("https://videoLink.mp4")
                    .caption("Here is an video attached to the message"),
            ),
            answer("send_reply", "200", "doc_video"),
        ),
    ]
}

#[tokio::test]
async fn the_documented_notification_is_reproduced_by_the_neutral_api() {
    // The document's example: destination +27618982358, template none_button_test in en_US,
    // no parameters (`components: []`). The neutral recipient may come without `+`.
    for to in ["27618982358", "+27618982358"] {
        let (body, _) =
            notification_of(to, &Template::new("none_button_test").language("en_US")).await;
        let expected = request_example(P, "send_notification", "doc_template");
        assert_eq!(body, expected, "to {to}");
        snapshot(P, "send_notification__doc_template", &body);
    }
}

#[tokio::test]
async fn the_documented_replies_are_reproduced_by_the_neutral_api() {
    for (name, reply, answer) in documented_replies() {
        let (body, _) = reply_of(APP_USER, &reply, answer).await;
        assert_eq!(
            body,
            request_example(P, "send_reply", name),
            "send_reply example `{name}`"
        );
        snapshot(P, &format!("send_reply__{name}"), &body);
    }
}

#[test]
fn every_send_example_is_reproduced() {
    assert_eq!(
        request_example_names(P, "send_notification"),
        ["doc_template"]
    );
    let mut names = request_example_names(P, "send_reply");
    names.sort();
    let mut reproduced: Vec<&str> = documented_replies().iter().map(|(n, ..)| *n).collect();
    reproduced.sort_unstable();
    assert_eq!(names, reproduced);
}

#[tokio::test]
async fn the_shared_text_is_a_reply_to_the_app_user_as_given() {
    // `to` is the conversation's app user id, passed through unchanged (here the shared phone
    // number, as the neutral test gives it; the mock's path proves it was not rewritten).
    let (body, sent) = reply_of(TO, &Reply::Text(TEXT.into()), Value::Null).await;
    assert_eq!(body, json!({"text": TEXT}));
    assert_eq!(sent.message_id(), None);
    snapshot(P, "shared__text", &body);
}

#[tokio::test]
async fn the_shared_template_is_a_notification() {
    let (body, _) = notification_of(TO, &template()).await;
    assert_eq!(body["destination"], "+4915112345678", "E.164 with `+`");
    assert_eq!(body["message"]["type"], "template");
    let t = &body["message"]["template"];
    assert_eq!(t["name"], "order_update");
    assert_eq!(
        t["language"],
        json!({"policy": "deterministic", "code": "en_US"})
    );
    // A reading: the document shows `components` only as []; WhatsApp's body component.
    assert_eq!(
        t["components"],
        json!([{"type": "body", "parameters": [
            {"type": "text", "text": "Anna"},
            {"type": "text", "text": "#10234"}
        ]}])
    );
    snapshot(P, "shared__template", &body);
}

#[tokio::test]
async fn header_media_and_buttons_are_whatsapp_components() {
    // A reading (see the adapter): header, body, then one button component per button.
    let t = Template::new("order_update")
        .language("en_US")
        .header(Media::document("https://example.com/invoice.pdf").file_name("invoice.pdf"))
        .body(["Anna"])
        .quick_reply("TRACK_10234")
        .url_suffix("orders/10234");
    let (body, _) = notification_of(TO, &t).await;
    assert_eq!(
        body["message"]["template"]["components"],
        json!([
            {"type": "header", "parameters": [{"type": "document", "document":
                {"link": "https://example.com/invoice.pdf", "filename": "invoice.pdf"}}]},
            {"type": "body", "parameters": [{"type": "text", "text": "Anna"}]},
            {"type": "button", "sub_type": "quick_reply", "index": 0,
             "parameters": [{"type": "payload", "payload": "TRACK_10234"}]},
            {"type": "button", "sub_type": "url", "index": 1,
             "parameters": [{"type": "text", "text": "orders/10234"}]}
        ])
    );
    snapshot(P, "reading__template_header_buttons", &body);

    let image = Template::new("spring_sale")
        .language("de")
        .header(Media::image("https://example.com/sale.jpg"));
    let (body, _) = notification_of(TO, &image).await;
    assert_eq!(
        body["message"]["template"]["components"],
        json!([{"type": "header", "parameters": [{"type": "image", "image":
            {"link": "https://example.com/sale.jpg"}}]}])
    );
}

#[tokio::test]
async fn the_shared_media() {
    for m in media() {
        let kind = m.kind();
        if kind == MediaKind::Audio {
            continue; // unsupported, see below
        }
        let expected_type = match kind {
            MediaKind::Document => "file",
            other => other.as_str(),
        };
        let (body, _) = reply_of(
            APP_USER,
            &Reply::Media(m.clone()),
            answer("send_reply", "200", "doc_image"),
        )
        .await;
        assert_eq!(
            body,
            json!({"type": expected_type, "mediaUrl": m.url(), "altText": m.caption_text().unwrap()}),
            "{kind}: the caption is the altText"
        );
        snapshot(P, &format!("shared__media_{kind}"), &body);
    }
}

#[tokio::test]
async fn the_message_id_is_the_documented_id() {
    let (_, sent) = notification_of(TO, &template()).await;
    assert_eq!(sent.provider(), Provider::Channel360);
    assert_eq!(
        sent.message_id(),
        Some("143d860c5f45c9674687"),
        "notification._id"
    );
    assert_eq!(sent.response(), &notification_sent());

    let expected_ids = [
        ("doc_text", None),
        ("doc_image", Some("662f89b15833c2b5bc9ae96e")),
        ("doc_file", Some("edf85dfg2h82d5f2d93s")),
        ("doc_video", Some("662f89b15833c2b5bc9ae96e")),
    ];
    for ((name, reply, answer), (id_name, id)) in documented_replies().into_iter().zip(expected_ids)
    {
        assert_eq!(name, id_name);
        let (_, sent) = reply_of(APP_USER, &reply, answer.clone()).await;
        assert_eq!(sent.message_id(), id, "{name}: message._id");
        assert_eq!(
            sent.response(),
            &answer,
            "{name}: the whole answer (null for no content)"
        );
    }
}

#[tokio::test]
async fn the_jwt_and_organisation_are_sent() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(notification_path())
            .header("authorization", format!("Bearer {JWT}"));
        then.status(201).json_body(notification_sent());
    });
    client(&server)
        .send_template(TO, &template())
        .await
        .expect("sent");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn an_error_answer_keeps_status_and_raw_body() {
    // No error body is documented; the spec's illustrative one.
    let body =
        operation(&spec(P), "send_notification")["responses"]["4XX"]["content"]["application/json"]
            ["examples"]["illustrative"]["value"]
            .clone();
    assert_eq!(body, json!({"message": "Unauthorized"}));
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.any_request();
        then.status(401)
            .header("x-request-id", "req-1")
            .json_body(body.clone());
    });
    let client = client(&server);
    for err in [
        client.send_template(TO, &template()).await.unwrap_err(),
        client.send_text(APP_USER, TEXT).await.unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::Request {
                    provider: Provider::Channel360,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
        assert_eq!(err.headers().unwrap()["x-request-id"], "req-1");
        let raw: Value = serde_json::from_slice(err.body().expect("raw body")).unwrap();
        assert_eq!(raw, body);
    }
}

#[tokio::test]
async fn arguments_channel360_refuses_are_invalid_and_nothing_is_sent() {
    let mut eleven = Template::new("t").language("en_US");
    for i in 0..11 {
        eleven = eleven.quick_reply(format!("B{i}"));
    }
    let header_audio = Template::new("t")
        .language("en_US")
        .header(Media::audio("https://example.com/a.ogg"));
    let header_caption = Template::new("t")
        .language("en_US")
        .header(Media::image("https://example.com/a.jpg").caption("no"));
    // Channel360's own fields, and WhatsApp's limits the client checks for every provider
    // (the recipient, the reference, buttons, header caption, text and link: neutral names).
    let templates = [
        ("to", "not a number", template()),
        ("to", "+0123", template()),
        ("message.template.language.code", TO, Template::new("t")),
        (
            "template.reference",
            TO,
            Template::new("").language("en_US"),
        ),
        ("template.buttons", TO, eleven),
        (
            "message.template.components[0].parameters[0]",
            TO,
            header_audio,
        ),
        ("template.header.caption", TO, header_caption),
    ];
    let replies = [
        ("text.body", APP_USER, Reply::Text(String::new())),
        ("to", " ", Reply::Text(TEXT.into())),
        (
            "altText",
            APP_USER,
            Reply::Media(Media::image("https://example.org/test.png")),
        ),
        (
            "media.link",
            APP_USER,
            Reply::Media(Media::image("ftp://example.org/test.png").caption("c")),
        ),
    ];
    let server = MockServer::start_async().await;
    let mock = crate::answer_everything(&server, 200);
    let client = client(&server);
    let mut errors = Vec::new();
    for (path, to, t) in templates {
        errors.push((path, client.send_template(to, &t).await.unwrap_err()));
    }
    for (path, to, reply) in replies {
        let err = match reply {
            Reply::Text(body) => client.send_text(to, &body).await,
            Reply::Media(m) => client.send_media(to, &m).await,
        }
        .unwrap_err();
        errors.push((path, err));
    }
    for (path, err) in errors {
        match &err {
            Error::InvalidArgument { provider, error } => {
                assert_eq!(*provider, Provider::Channel360);
                assert_eq!(error.path, path, "{err}");
            }
            other => panic!("{path}: expected InvalidArgument, got {other:?}"),
        }
    }
    assert_eq!(mock.calls_async().await, 0, "nothing sent");
}

#[tokio::test]
async fn audio_and_file_names_are_unsupported_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let mock = crate::answer_everything(&server, 200);
    let client = client(&server);
    let cases = [
        (
            Media::audio("https://example.com/note.ogg"),
            Capability::Media(MediaKind::Audio),
        ),
        (
            Media::document("https://www.w3.org/dummy.pdf")
                .caption("Here is a pdf attached")
                .file_name("dummy.pdf"),
            Capability::FileName(MediaKind::Document),
        ),
    ];
    for (m, capability) in cases {
        let err = client.send_media(APP_USER, &m).await.unwrap_err();
        let unsupported = err.unsupported().expect("unsupported");
        assert_eq!(unsupported.provider, Provider::Channel360);
        assert_eq!(unsupported.capability, capability);
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[test]
fn no_webhook_payload_is_documented_so_webhooks_are_unsupported() {
    let p = Provider::Channel360;
    assert!(!p.supports(Capability::InboundMessages));
    assert!(!p.supports(Capability::StatusUpdates));
    assert_eq!(p.webhook_check(), WebhookCheck::None);
    // Whatever arrives (a plausible body or garbage) is refused as unsupported, not parsed.
    for body in [
        &br#"{"trigger": "message:appUser", "messages": [{"text": "hi"}]}"#[..],
        b"not json",
    ] {
        let err = Webhook::builder(p)
            .url_token("a-long-random-url-token")
            .build()
            .expect("a URL token")
            .parse(body)
            .unwrap_err();
        let unsupported = err.unsupported().expect("unsupported");
        assert_eq!(unsupported.provider, Provider::Channel360);
        assert_eq!(unsupported.capability, Capability::StatusUpdates);
    }
}
