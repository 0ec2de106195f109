//! The onextel adapter of the neutral API: the documented send bodies built through
//! `waba::Client`, the shared neutral messages, the message id, errors, and the documented
//! delivery event as a neutral status update.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::{
    Capability, Client, Error, Event, HeaderMap, Media, Provider, Status, Template, Webhook,
};
use waba_workspace_tests::{request_example, request_example_names, schema_example};

use super::{TEXT, TO, media, recording, seen_json, snapshot, template};
use crate::onextel::{EMAIL, PASSWORD, TOKEN, login, sent_answer};

const SEND: &str = "/chatbird/api/message/send";
/// The documented examples' sender, recipient, journey and callback URL.
const FROM: &str = "919876543210";
const RECIPIENT: &str = "919812345678";
const JOURNEY: &str = "66c3054f9a1b2c3d61f5501e";
const CALLBACK: &str = "https://example.com/onextel/delivery";
/// The message id of the documented success answer (`data.id`).
const MESSAGE_ID: &str = "669e5778a8f5d50aad723e7c";

/// A neutral client with the documented examples' settings, pointed at `server`.
fn client(server: &MockServer) -> Client {
    Client::builder(Provider::Onextel)
        .email(EMAIL)
        .password(PASSWORD)
        .sender(FROM)
        .journey_id(JOURNEY)
        .callback_url(CALLBACK)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// Sends `template` to `to` through the neutral client and returns the body the provider saw.
async fn sent_body(to: &str, template: &Template) -> Value {
    let server = MockServer::start_async().await;
    let login = login(&server, TOKEN);
    let (mock, seen) = recording(&server, "POST", SEND, 200, sent_answer());
    let sent = client(&server)
        .send_template(to, template)
        .await
        .expect("sent");
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(sent.message_id(), Some(MESSAGE_ID));
    seen_json(&seen)
}

/// A documented example without what the neutral API cannot express: `deptId` and `metaData`
/// (no neutral setting or field), and the buttons' `text` (the neutral buttons carry only a
/// payload or URL suffix; the text is optional: "as passed in the template").
fn expressible(name: &str) -> Value {
    let mut example = request_example("onextel", "send_message", name);
    let top = example.as_object_mut().expect("an object");
    assert!(top.remove("deptId").is_some(), "{name} has a deptId");
    assert!(top.remove("metaData").is_some(), "{name} has metaData");
    if let Some(buttons) = example
        .pointer_mut("/message/template/buttons")
        .and_then(Value::as_array_mut)
    {
        for button in buttons {
            button.as_object_mut().expect("a button").remove("text");
        }
    }
    example
}

/// The neutral message of each documented example the neutral API can express. Not
/// expressible: `carousel` (no neutral carousel), and of `text_variables_header_buttons` the
/// dynamic header's `headerParameterValues` (neutral headers are media) and the third,
/// PHONE_NUMBER button (neutral buttons are quick replies and URL suffixes); see
/// `the_header_variables_example_is_expressible_without_its_header_values_and_phone_button`.
fn neutral(name: &str) -> Template {
    match name {
        "text" => Template::new("order_confirmation"),
        "media" => Template::new("product_launch").header(
            Media::image("https://www.example.com/images/launch-banner.jpg")
                .file_name("launch-banner.jpg"),
        ),
        "media_variables_buttons" => Template::new("invoice_ready")
            .body(["INV-2024-0117"])
            .header(
                Media::document("https://www.example.com/invoices/INV-2024-0117.pdf")
                    .file_name("INV-2024-0117.pdf"),
            )
            .url_suffix("pay/INV-2024-0117")
            .quick_reply("INVOICE_HELP"),
        "text_variables_header_buttons" => Template::new("order_shipped")
            .body(["Anna"])
            .url_suffix("track/10234")
            .quick_reply("CONTACT_SUPPORT"),
        other => panic!("no neutral message for `{other}`"),
    }
}

#[tokio::test]
async fn the_documented_sends_are_built_through_the_neutral_api() {
    let names = request_example_names("onextel", "send_message");
    assert_eq!(names.len(), 5, "{names:?}");
    for name in ["text", "media", "media_variables_buttons"] {
        assert!(names.iter().any(|n| n == name), "{name}");
        let body = sent_body(RECIPIENT, &neutral(name)).await;
        assert_eq!(body, expressible(name), "example `{name}`");
        snapshot("onextel", &format!("send_message__{name}"), &body);
    }
}

#[tokio::test]
async fn the_header_variables_example_is_expressible_without_its_header_values_and_phone_button() {
    let name = "text_variables_header_buttons";
    let mut expected = expressible(name);
    let template = expected["message"]["template"]
        .as_object_mut()
        .expect("template");
    assert_eq!(
        template.remove("headerParameterValues"),
        Some(json!({"0": "10234"}))
    );
    let buttons = template["buttons"].as_array_mut().expect("buttons");
    assert_eq!(
        buttons.pop(),
        Some(json!({"type": "PHONE_NUMBER", "payload": "+911204567890"}))
    );
    let body = sent_body(RECIPIENT, &neutral(name)).await;
    assert_eq!(body, expected);
    snapshot("onextel", &format!("send_message__{name}"), &body);
}

#[tokio::test]
async fn the_shared_template_goes_to_the_bare_number_with_positional_values() {
    let body = sent_body(TO, &template()).await;
    assert_eq!(body["to"], "4915112345678", "no `+`");
    assert_eq!(body["from"], FROM);
    assert_eq!(body["journeyId"], JOURNEY);
    assert_eq!(body["callbackUrl"], CALLBACK);
    assert_eq!(body["message"]["template"]["templateId"], "order_update");
    // "0 maps value for variable 1 and 1 maps value for variable 2".
    assert_eq!(
        body["message"]["template"]["parameterValues"],
        json!({"0": "Anna", "1": "#10234"})
    );
    assert!(
        !body.to_string().contains("en_US"),
        "the template id fixes the language: {body}"
    );
    snapshot("onextel", "shared__template", &body);
}

#[tokio::test]
async fn header_media_kinds_and_buttons_in_order() {
    let template = Template::new("clip_ready")
        .header(Media::video("https://example.com/clip.mp4"))
        .quick_reply("YES")
        .url_suffix("watch/7")
        .quick_reply("NO");
    let body = sent_body(TO, &template).await;
    assert_eq!(
        body["message"]["template"],
        json!({
            "templateId": "clip_ready",
            "media": {"type": "VIDEO", "url": "https://example.com/clip.mp4"},
            "buttons": [
                {"type": "QUICK_REPLY", "payload": "YES"},
                {"type": "URL", "payload": "watch/7"},
                {"type": "QUICK_REPLY", "payload": "NO"}
            ]
        })
    );
}

#[tokio::test]
async fn without_a_callback_url_none_is_sent() {
    let server = MockServer::start_async().await;
    login(&server, TOKEN);
    let (_mock, seen) = recording(&server, "POST", SEND, 200, sent_answer());
    let client = Client::builder(Provider::Onextel)
        .email(EMAIL)
        .password(PASSWORD)
        .sender("+919876543210")
        .journey_id(JOURNEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send_template(TO, &template()).await.unwrap();
    let body = seen_json(&seen);
    assert!(body.get("callbackUrl").is_none(), "{body}");
    assert_eq!(body["from"], FROM, "the sender is sent without `+`");
}

#[tokio::test]
async fn the_message_id_is_the_documented_data_id_and_the_token_is_sent() {
    let server = MockServer::start_async().await;
    login(&server, TOKEN);
    let answer = sent_answer();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(SEND)
            .header("authentication-token", TOKEN);
        then.status(200).json_body(answer.clone());
    });
    let sent = client(&server)
        .send_template(TO, &template())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(sent.provider(), Provider::Onextel);
    assert_eq!(sent.message_id(), Some("669e5778a8f5d50aad723e7c"));
    // The typed answer as JSON (its `"message": null` is not kept).
    assert_eq!(sent.response()["data"], answer["data"]);
    assert_eq!(sent.response()["code"], 100);
}

#[tokio::test]
async fn journey_not_found_is_a_request_error_keeping_status_and_body() {
    let documented = waba_workspace_tests::spec("onextel")["x-error-responses"]["4XX"]["content"]
        ["application/json"]["examples"]["journey_not_found"]["value"]
        .clone();
    assert_eq!(documented["code"], 101);
    for status in [200, 400] {
        let server = MockServer::start_async().await;
        login(&server, TOKEN);
        let (mock, _) = recording(&server, "POST", SEND, status, documented.clone());
        let err = client(&server)
            .send_template(TO, &template())
            .await
            .unwrap_err();
        assert_eq!(mock.calls_async().await, 1);
        assert!(matches!(err, Error::Request { .. }), "{err:?}");
        assert_eq!(err.provider(), Some(Provider::Onextel));
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let raw: Value = serde_json::from_slice(err.body().expect("raw body")).unwrap();
        assert_eq!(raw, documented);
        assert!(super::report(&err).contains("Journey not found"), "{err}");
        // A refusal that is not about the token (in a 200 or a 400 body): the provider read it.
        assert_eq!(err.kind(), waba::ErrorKind::Rejected, "{err:?}");
    }
}

#[tokio::test]
async fn refused_arguments_send_nothing() {
    // 365cx.io's own fields, and WhatsApp's limits the client checks for every provider
    // (neutral field names).
    let cases = [
        (Template::new(""), "template.reference"),
        (
            Template::new("t").header(Media::audio("https://example.com/a.ogg")),
            "message.template.media.type",
        ),
        (
            Template::new("t").header(Media::image("https://example.com/a.jpg").caption("c")),
            "template.header.caption",
        ),
        (
            Template::new("t").header(Media::image("")),
            "template.header.link",
        ),
    ];
    for (template, path) in cases {
        let server = MockServer::start_async().await;
        let everything = crate::answer_everything(&server, 200);
        let err = client(&server)
            .send_template(TO, &template)
            .await
            .unwrap_err();
        match &err {
            Error::InvalidArgument { provider, error } => {
                assert_eq!(*provider, Provider::Onextel);
                assert_eq!(error.path, path, "{error}");
            }
            other => panic!("expected InvalidArgument for {path}, got {other:?}"),
        }
        assert_eq!(everything.calls_async().await, 0, "{path}: nothing sent");
    }
    // An empty recipient is refused too.
    let server = MockServer::start_async().await;
    let everything = crate::answer_everything(&server, 200);
    let err = client(&server)
        .send_template("+", &template())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    assert_eq!(everything.calls_async().await, 0);
}

#[tokio::test]
async fn text_and_media_are_unsupported_and_send_nothing() {
    let server = MockServer::start_async().await;
    let everything = crate::answer_everything(&server, 200);
    let client = client(&server);
    let err = client.send_text(TO, TEXT).await.unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.capability),
        Some(Capability::Text)
    );
    for m in media() {
        let err = client.send_media(TO, &m).await.unwrap_err();
        assert_eq!(
            err.unsupported().map(|u| u.capability),
            Some(Capability::Media(m.kind()))
        );
    }
    assert_eq!(everything.calls_async().await, 0);
}

fn events(body: &Value) -> Result<Vec<Event>, Error> {
    Webhook::builder(Provider::Onextel)
        .allow_unauthenticated()
        .build()
        .expect("opted out")
        .events(&HeaderMap::new(), &serde_json::to_vec(body).unwrap())
}

fn status_update(body: &Value) -> waba::StatusUpdate {
    let mut events = events(body).expect("events");
    assert_eq!(events.len(), 1, "{events:?}");
    match events.remove(0) {
        Event::Status(update) => update,
        other => panic!("expected a status update, got {other:?}"),
    }
}

#[test]
fn the_documented_delivery_event_is_a_status_update() {
    let example = schema_example("onextel", "DeliveryEvent");
    let update = status_update(&example);
    assert_eq!(update.provider, Provider::Onextel);
    assert_eq!(update.message_id, "669e5778a8f5d50aad723e7c");
    assert_eq!(update.status, Status::Delivered);
    assert_eq!(update.recipient.as_deref(), Some("919812345678"));
    assert_eq!(update.timestamp, Some(1721652345));
    // The sample's error object (code "0", "Failed Retry") rides on a DELIVERED event: the
    // message did not fail, so no error is reported.
    assert_eq!(example["error"]["code"], "0");
    assert_eq!(update.error, None);
}

#[test]
fn every_documented_status_maps_and_failures_carry_the_error() {
    let mut example = schema_example("onextel", "DeliveryEvent");
    for (wire, status) in [
        ("SENT", Status::Sent),
        ("DELIVERED", Status::Delivered),
        ("READ", Status::Read),
        ("DELETED", Status::Other("DELETED".into())),
    ] {
        example["event"]["status"] = json!(wire);
        assert_eq!(status_update(&example).status, status, "{wire}");
    }
    example["event"]["status"] = json!("FAILED");
    example["error"] = schema_example("onextel", "EventError");
    let update = status_update(&example);
    assert_eq!(update.status, Status::Failed);
    let error = update.error.expect("the error of a failed message");
    assert_eq!(error.code.as_deref(), Some("131026"));
    assert_eq!(error.message.as_deref(), Some("Message undeliverable"));
    example["timestamp"] = json!("1721652399");
    assert_eq!(status_update(&example).timestamp, Some(1721652399));
}

#[test]
fn no_secret_is_documented_so_a_verify_token_is_refused_and_a_url_token_checked() {
    let err = Webhook::builder(Provider::Onextel)
        .verify_token("s3cret")
        .build()
        .unwrap_err();
    assert!(matches!(err, waba::ConfigError::NotUsed { .. }), "{err:?}");
    let err = Webhook::builder(Provider::Onextel).build().unwrap_err();
    assert!(
        matches!(err, waba::ConfigError::Unauthenticated { .. }),
        "{err:?}"
    );

    let webhook = Webhook::builder(Provider::Onextel)
        .url_token("s3cret/token")
        .build()
        .expect("a URL token");
    let headers = HeaderMap::new();
    for (query, missing) in [
        (None, true),
        (Some("other=1"), true),
        (Some("token=s3cret"), false),
    ] {
        let err = webhook.verify(&headers, query).unwrap_err();
        assert!(
            matches!(&err, Error::WebhookRefused { error, .. } if error.is_missing_secret() == missing),
            "{query:?}: {err:?}"
        );
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }
    webhook
        .verify(&headers, Some("a=b&token=s3cret%2Ftoken"))
        .expect("the percent-encoded token");
    // `events` has no query string: a URL token configured refuses it.
    assert!(webhook.events(&headers, b"{}").is_err());
}

#[test]
fn malformed_bodies_are_webhook_errors() {
    for body in [&b"not json"[..], b"[]", br#"{"event": {"status": "SENT"}}"#] {
        let err = Webhook::builder(Provider::Onextel)
            .allow_unauthenticated()
            .build()
            .expect("opted out")
            .events(&HeaderMap::new(), body)
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::WebhookMalformed {
                    provider: Provider::Onextel,
                    ..
                }
            ),
            "{}: {err:?}",
            String::from_utf8_lossy(body)
        );
    }
}
