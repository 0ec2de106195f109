//! The desk360 adapter of the neutral API: the documented text and template sends built
//! through `waba::Client`, the shared neutral messages, the message ids, errors, and the five
//! documented webhook payloads as neutral events.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::runtime::webhook::WebhookError;
use waba::{
    Capability, Client, ConfigError, Contact, Content, Error, Event, HeaderMap, Media, MediaKind,
    Message, Provider, Sent, Status, Template, Webhook,
};
use waba_workspace_tests::{request_example, response_example, spec};

use super::{TEXT, TO, media, recording, seen_json, snapshot, template};
use crate::desk360::{INTEGRATION, TOKEN, bearer, documented_parts, parts, recording_mock};

/// The documented examples' recipient.
const RECIPIENT: &str = "+905555555555";

fn path(tail: &str) -> String {
    format!("/v1/integrations/{INTEGRATION}/conversations/{tail}")
}

/// A neutral client with a token, pointed at `server`.
fn client(server: &MockServer) -> Client {
    Client::builder(Provider::Desk360)
        .token(TOKEN)
        .integration_id(INTEGRATION)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

fn answer(op: &str) -> Value {
    response_example("desk360", op, "200")
}

/// The shared template with Desk360's numeric ids: template 75, its translation with
/// language_id 2 (variables header-1, body-1, body-2 in the document's template list).
fn numeric_template() -> Template {
    Template::new("75")
        .language("2")
        .body(template().body_parameters().to_vec())
}

/// Sends `template` to `to` and returns the JSON body Desk360 saw.
async fn template_body(to: &str, template: &Template) -> Value {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("templates/send"),
        &answer("send_whatsapp_template"),
    );
    let sent = client(&server).send_template(to, template).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(sent.message_id(), Some("gBEGkFBXUQRnAglW0luHY8xsrFk"));
    seen_json(&seen)
}

#[tokio::test]
async fn the_documented_text_send_is_built_through_the_neutral_api() {
    let example = request_example("desk360", "send_whatsapp_text_message", "doc");
    assert_eq!(example, json!({"to": RECIPIENT, "text": "Hello!"}));
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("messages"),
        &answer("send_whatsapp_text_message"),
    );
    let sent = client(&server)
        .send_text(RECIPIENT, "Hello!")
        .await
        .unwrap();
    mock.assert_async().await;
    // The text-message form, sent as multipart as in every sample of the document.
    let got = parts(&seen);
    assert_eq!(
        got,
        documented_parts(&[("to", RECIPIENT), ("text", "Hello!")], "", 0)
    );
    assert_eq!(sent.message_id(), Some("gBEGkFBXUQRnAgnoOJ1ESPKBwME"));
    snapshot("desk360", "send_whatsapp_text_message__doc", &got);
}

/// The `without_attachment` example without `header-1`: a neutral template has body
/// parameters only (its header is media, which Desk360 takes as an uploaded file). The `doc`
/// example carries an attachment file, which the neutral API cannot express at all.
#[tokio::test]
async fn the_documented_template_send_is_built_through_the_neutral_api() {
    let mut expected = request_example("desk360", "send_whatsapp_template", "without_attachment");
    let parameters = expected["destinations"][0]["parameters"]
        .as_object_mut()
        .expect("parameters");
    assert_eq!(parameters.remove("header-1"), Some(json!("Header 1")));
    let neutral = Template::new("1").language("1").body(["Body 1", "Body 2"]);
    let body = template_body(RECIPIENT, &neutral).await;
    assert_eq!(body, expected);
    snapshot(
        "desk360",
        "send_whatsapp_template__without_attachment",
        &body,
    );
}

/// Sends `message` to `to` through a recording mock of the send at `tail` answering the
/// documented answer of `op`; the JSON body it saw.
async fn sent_body(tail: &str, op: &str, to: &str, message: &Message) -> (Value, Sent) {
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(&server, &path(tail), &answer(op));
    let sent = client(&server)
        .send(to, message)
        .await
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    mock.assert_async().await;
    assert_eq!(
        sent.message_id(),
        answer(op)["message_id"].as_str(),
        "{op}: the documented message id"
    );
    (seen_json(&seen), sent)
}

#[tokio::test]
async fn the_documented_location_send_is_built_through_the_neutral_api() {
    let message = Message::location(37.758056, -122.425332)
        .name("Facebook HQ")
        .address("1 Hacker Way, Menlo Park, CA 94025")
        .into();
    let (body, _) = sent_body(
        "messages/locations",
        "send_whatsapp_location_message",
        RECIPIENT,
        &message,
    )
    .await;
    assert_eq!(
        body,
        request_example("desk360", "send_whatsapp_location_message", "doc")
    );
    snapshot("desk360", "send_whatsapp_location_message__doc", &body);
}

#[tokio::test]
async fn the_documented_location_request_is_built_through_the_neutral_api() {
    let message = Message::location_request("<i>Send Location</i>");
    let (body, _) = sent_body(
        "messages/interactive/location-request",
        "send_whatsapp_location_request_message",
        RECIPIENT,
        &message,
    )
    .await;
    assert_eq!(
        body,
        request_example("desk360", "send_whatsapp_location_request_message", "doc")
    );
    snapshot(
        "desk360",
        "send_whatsapp_location_request_message__doc",
        &body,
    );
}

/// The document's buttons have an image header, which neutral buttons cannot carry (their
/// header is text): the body, footer and buttons are compared, and a text header is sent
/// as `{type: text, text}`.
#[tokio::test]
async fn the_documented_interactive_send_is_built_through_the_neutral_api() {
    let buttons = Message::buttons("<p>Hello</p>")
        .button("ID 1.1", "Button 1")
        .button("ID 1.2", "Button 2")
        .button("ID 1.3", "Button 3")
        .footer("<b>Bye</b>");
    let (body, _) = sent_body(
        "messages/interactive",
        "send_whatsapp_interactive_message",
        RECIPIENT,
        &buttons.clone().into(),
    )
    .await;
    let mut expected = request_example("desk360", "send_whatsapp_interactive_message", "doc");
    let header = expected.as_object_mut().unwrap().remove("header");
    assert_eq!(header.unwrap()["type"], "image", "the documented header");
    assert_eq!(body, expected);
    snapshot(
        "desk360",
        "send_whatsapp_interactive_message__doc_without_header",
        &body,
    );

    let (body, _) = sent_body(
        "messages/interactive",
        "send_whatsapp_interactive_message",
        TO,
        &buttons.header("Delivery time").into(),
    )
    .await;
    assert_eq!(body["to"], TO);
    assert_eq!(
        body["header"],
        json!({"type": "text", "text": "Delivery time"})
    );
    snapshot(
        "desk360",
        "send_whatsapp_interactive_message__text_header",
        &body,
    );
}

/// The document's card has `addresses`, which the neutral card does not carry; the rest is
/// compared.
#[tokio::test]
async fn the_documented_contact_send_is_built_through_the_neutral_api() {
    let card = Contact::new("John Smith")
        .first_name("John")
        .last_name("Smith")
        .birthday("2012-08-18")
        .email("test@whatsapp.com", Some("WORK"))
        .org("WhatsApp", Some("Manager"))
        .phone("+1 (650) 555-1234", Some("WORK"), Some("16505551234"))
        .url("https://www.facebook.com", Some("WORK"));
    let (body, _) = sent_body(
        "messages/contacts",
        "send_whatsapp_contact_message",
        RECIPIENT,
        &Message::contacts([card]),
    )
    .await;
    let mut expected = request_example("desk360", "send_whatsapp_contact_message", "doc");
    let documented = expected["contacts"][0].as_object_mut().unwrap();
    assert!(documented.remove("addresses").is_some());
    // The neutral card has no department.
    let org = documented["org"].as_object_mut().unwrap();
    assert_eq!(org.remove("department"), Some(json!("Design")));
    assert_eq!(body, expected);
    snapshot(
        "desk360",
        "send_whatsapp_contact_message__doc_without_addresses",
        &body,
    );
}

#[tokio::test]
async fn desk360s_own_limits_still_apply_after_the_neutral_ones() {
    // WhatsApp takes button ids of up to 256 characters; Desk360 documents at most 200.
    let server = MockServer::start_async().await;
    let anything = crate::answer_everything(&server, 200);
    let buttons = Message::buttons("Pick").button("x".repeat(201), "A");
    let message: Message = buttons.into();
    assert!(message.check().is_ok(), "within WhatsApp's limits");
    let err = client(&server).send(TO, &message).await.unwrap_err();
    match &err {
        Error::InvalidArgument { provider, error } => {
            assert_eq!(*provider, Provider::Desk360);
            assert_eq!(error.path, "buttons[0].id", "{err}");
        }
        other => panic!("{other:?}"),
    }
    // A card without first and last name: Desk360 requires both.
    let err = client(&server)
        .send(TO, &Message::contacts([Contact::new("Anna")]))
        .await
        .unwrap_err();
    match &err {
        Error::InvalidArgument { error, .. } => {
            assert_eq!(error.path, "contacts[0].name.first_name", "{err}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(anything.calls_async().await, 0, "nothing sent");
}

#[tokio::test]
async fn the_shared_text_goes_with_plus_in_the_text_form() {
    let server = MockServer::start_async().await;
    let (_mock, seen) = recording_mock(
        &server,
        &path("messages"),
        &answer("send_whatsapp_text_message"),
    );
    client(&server)
        .send_text("4915112345678", TEXT)
        .await
        .unwrap();
    let got = parts(&seen);
    assert_eq!(
        got,
        documented_parts(&[("to", TO), ("text", TEXT)], "", 0),
        "`to` gets its `+`"
    );
    snapshot("desk360", "shared__text", &got);
}

#[tokio::test]
async fn the_shared_template_with_numeric_ids_keys_parameters_body_n() {
    let body = template_body(TO, &numeric_template()).await;
    assert_eq!(body["template_id"], 75);
    assert_eq!(body["language_id"], 2);
    assert_eq!(body["destinations"][0]["phone"], TO);
    assert_eq!(
        body["destinations"][0]["parameters"],
        json!({"body-1": "Anna", "body-2": "#10234"})
    );
    snapshot("desk360", "shared__template", &body);
}

#[tokio::test]
async fn a_template_without_parameters_sends_no_parameters_object() {
    let body = template_body(TO, &Template::new("75").language("1")).await;
    assert_eq!(
        body,
        json!({"template_id": 75, "language_id": 1, "destinations": [{"phone": TO}]})
    );
}

#[tokio::test]
async fn the_shared_template_as_is_is_refused_before_sending() {
    // `order_update` is a name and `en_US` a code; Desk360 takes numeric ids.
    let cases = [
        (TO, template(), "template_id"),
        (TO, Template::new("75").language("en_US"), "language_id"),
        (TO, Template::new("75"), "language_id"),
        // Too short for a phone number: the client's check, the same for every provider.
        (
            "0049151",
            Template::new("75").language("1").body(["x"]),
            "to",
        ),
    ];
    for (to, template, path) in cases {
        let server = MockServer::start_async().await;
        let everything = crate::answer_everything(&server, 200);
        let err = client(&server)
            .send_template(to, &template)
            .await
            .unwrap_err();
        match &err {
            Error::InvalidArgument { provider, error } => {
                assert_eq!(*provider, Provider::Desk360);
                assert_eq!(error.path, path, "{error}");
            }
            other => panic!("{path}: expected InvalidArgument, got {other:?}"),
        }
        assert_eq!(everything.calls_async().await, 0, "{path}: nothing sent");
    }
}

#[tokio::test]
async fn refused_text_arguments_send_nothing() {
    for (to, text, path) in [
        ("12", "hi", "to"),
        (TO, "", "text.body"),
        (TO, &"x".repeat(4097)[..], "text.body"),
    ] {
        let server = MockServer::start_async().await;
        let everything = crate::answer_everything(&server, 200);
        let err = client(&server).send_text(to, text).await.unwrap_err();
        match &err {
            Error::InvalidArgument { error, .. } => assert_eq!(error.path, path, "{error}"),
            other => panic!("expected InvalidArgument for {path}, got {other:?}"),
        }
        assert_eq!(everything.calls_async().await, 0);
    }
}

#[tokio::test]
async fn media_header_media_and_buttons_are_unsupported_and_send_nothing() {
    let server = MockServer::start_async().await;
    let everything = crate::answer_everything(&server, 200);
    let client = client(&server);
    for m in media() {
        let err = client.send_media(TO, &m).await.unwrap_err();
        assert_eq!(
            err.unsupported().map(|u| u.capability),
            Some(Capability::Media(m.kind()))
        );
    }
    let err = client
        .send_template(
            TO,
            &numeric_template().header(Media::image("https://example.com/cat.jpg")),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.capability),
        Some(Capability::TemplateHeaderMedia)
    );
    let err = client
        .send_template(TO, &numeric_template().quick_reply("YES"))
        .await
        .unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.capability),
        Some(Capability::TemplateButtons)
    );
    assert_eq!(everything.calls_async().await, 0);
}

#[tokio::test]
async fn documented_errors_are_request_errors_keeping_status_and_body() {
    let examples =
        &spec("desk360")["x-error-responses"]["4XX"]["content"]["application/json"]["examples"];
    for (name, status) in [("doc_failed_validation", 422), ("not_found", 404)] {
        let documented = examples[name]["value"].clone();
        let server = MockServer::start_async().await;
        let (mock, _) = recording(
            &server,
            "POST",
            &path("templates/send"),
            status,
            documented.clone(),
        );
        let err = client(&server)
            .send_template(TO, &numeric_template())
            .await
            .unwrap_err();
        assert_eq!(mock.calls_async().await, 1, "{name}: sent once");
        assert!(matches!(err, Error::Request { .. }), "{name}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let raw: Value = serde_json::from_slice(err.body().expect("raw body")).unwrap();
        assert_eq!(raw, documented, "{name}");
        let message = documented["error"]["message"].as_str().unwrap();
        assert!(super::report(&err).contains(message), "{name}: {err}");
    }
}

#[tokio::test]
async fn an_email_and_password_log_in_and_send_the_bearer_token() {
    let server = MockServer::start_async().await;
    let login = server.mock(|when, then| {
        when.method("POST")
            .path("/v1/login")
            .json_body(json!({"email": "agent@example.com", "password": "pw"}));
        then.status(200)
            .json_body(json!({"access_token": TOKEN, "token_type": "Bearer"}));
    });
    let (send, _) = recording_mock(
        &server,
        &path("messages"),
        &answer("send_whatsapp_text_message"),
    );
    let client = Client::builder(Provider::Desk360)
        .email("agent@example.com")
        .password("pw")
        .integration_id(INTEGRATION)
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send_text(TO, TEXT).await.unwrap();
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(send.calls_async().await, 1, "sent with {}", bearer());
}

#[test]
fn the_login_is_a_token_or_an_email_and_password() {
    let builder = || Client::builder(Provider::Desk360).integration_id(INTEGRATION);
    assert!(matches!(
        builder().email("a@example.com").build(),
        Err(ConfigError::MissingLogin { .. })
    ));
    assert!(matches!(
        builder().build(),
        Err(ConfigError::MissingLogin { .. })
    ));
    assert!(matches!(
        builder()
            .token(TOKEN)
            .email("a@example.com")
            .password("pw")
            .build(),
        Err(ConfigError::Invalid { .. })
    ));
    assert!(builder().token(TOKEN).build().is_ok());
}

fn payload(name: &str) -> Value {
    let value =
        spec("desk360")["components"]["schemas"]["WebhookPayload"]["x-waba-examples"][name].clone();
    assert!(!value.is_null(), "no webhook example `{name}`");
    value
}

fn events(value: &Value) -> Vec<Event> {
    Webhook::builder(Provider::Desk360)
        .allow_unauthenticated()
        .build()
        .expect("opted out")
        .events(&HeaderMap::new(), &serde_json::to_vec(value).unwrap())
        .expect("events")
}

fn message(name: &str) -> waba::InboundMessage {
    let mut events = events(&payload(name));
    assert_eq!(events.len(), 1, "{name}: {events:?}");
    match events.remove(0) {
        Event::Message(message) => {
            assert_eq!(message.provider, Provider::Desk360);
            assert_eq!(message.sender, "90xxxxxxxxxx", "{name}");
            message
        }
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn the_five_documented_payloads_are_neutral_events() {
    let names: Vec<String> =
        spec("desk360")["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
    assert_eq!(
        names,
        ["contact", "location", "media", "status_update", "text"]
    );

    let text = message("text");
    assert_eq!(
        text.message_id.as_deref(),
        Some("ABEGkFMIcyRoAgo-sGaD-H6MgPEt")
    );
    assert_eq!(text.timestamp, Some(1630913975));
    assert_eq!(
        text.content,
        Content::Text {
            body: "Hello".into()
        }
    );

    let location = message("location");
    assert_eq!(
        location.message_id.as_deref(),
        Some("ABEGkFBXUQRnAgo6cHkZc1yy0dAx")
    );
    assert_eq!(location.timestamp, Some(1700052659));
    assert_eq!(
        location.content,
        Content::Location {
            latitude: 38.9806263495,
            longitude: -131.9428612257,
            name: Some("Main Street Beach".into()),
            address: Some("Main Street Beach, Santa Cruz, CA".into()),
        }
    );

    let contact = message("contact");
    assert_eq!(contact.timestamp, Some(1700052797));
    // Every field of the card is checked in events.rs.
    match &contact.content {
        Content::Contacts(cards) => {
            assert_eq!(cards.len(), 1);
            assert_eq!(cards[0].formatted_name.as_deref(), Some("Kerry Fisher"));
        }
        other => panic!("{other:?}"),
    }

    let media = message("media");
    assert_eq!(
        media.message_id.as_deref(),
        Some("ABEGkFBXUQRnAgo6xTEQCONO2nW9")
    );
    assert_eq!(media.timestamp, Some(1689756449));
    assert_eq!(
        media.content,
        Content::Media {
            kind: MediaKind::Image,
            id: Some("83518734-56a9-4b51-8372-93f1432cfa9b".into()),
            url: Some("https://path/to/file/9oCtWHWxkv4E0PQhtHA4uW4NRinIROKCO8NEae5p.jpeg".into()),
            mime_type: Some("image/jpeg".into()),
            caption: None,
            file_name: Some("9oCtWHWxkv4E0PQhtHA4uW4NRinIROKCO8NEae5p.jpeg".into()),
        }
    );

    let mut status = events(&payload("status_update"));
    assert_eq!(status.len(), 1);
    match status.remove(0) {
        Event::Status(update) => {
            assert_eq!(update.provider, Provider::Desk360);
            // The id a send answered with (`message_id`).
            assert_eq!(update.message_id, "gBEGkFBXUQRnAglM82HET_hbwJs");
            assert_eq!(update.status, Status::Delivered);
            assert_eq!(update.recipient.as_deref(), Some("90xxxxxxxxxx"));
            assert_eq!(update.timestamp, None);
            assert_eq!(update.error, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn statuses_and_unknown_kinds_map() {
    let mut body = payload("status_update");
    for (wire, status) in [
        ("read", Status::Read),
        ("sent", Status::Sent),
        ("failed", Status::Failed),
        ("deleted", Status::Other("deleted".into())),
    ] {
        body["statuses"]["status"] = json!(wire);
        match &events(&body)[..] {
            [Event::Status(update)] => assert_eq!(update.status, status, "{wire}"),
            other => panic!("{wire}: {other:?}"),
        }
    }
    let mut body = payload("text");
    body["messages"]["type"] = json!("interactive");
    body["messages"]["interactive"] = json!({"button_reply": {"id": "ID 1.1"}});
    match &events(&body)[..] {
        [Event::Message(m)] => assert_eq!(
            m.content,
            Content::Other {
                kind: Some("interactive".into()),
                raw: body["messages"].clone()
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_echoed_header_is_checked_before_the_body_is_read() {
    let webhook = Webhook::builder(Provider::Desk360)
        .require_header("Authorization", "hook-secret")
        .build()
        .expect("a secret");
    let err = webhook.events(&HeaderMap::new(), b"not json").unwrap_err();
    assert!(
        matches!(
            err,
            Error::WebhookRefused {
                error: WebhookError::MissingHeader { .. },
                ..
            }
        ),
        "{err:?}"
    );
    let mut headers = HeaderMap::new();
    headers.insert("authorization", "other".parse().unwrap());
    let err = webhook.events(&headers, b"not json").unwrap_err();
    assert!(
        matches!(
            err,
            Error::WebhookRefused {
                error: WebhookError::WrongSecret { .. },
                ..
            }
        ),
        "{err:?}"
    );
    headers.insert("authorization", "hook-secret".parse().unwrap());
    let body = serde_json::to_vec(&payload("text")).unwrap();
    assert_eq!(webhook.events(&headers, &body).unwrap().len(), 1);
}

#[test]
fn malformed_bodies_are_webhook_errors() {
    for body in [
        &b"not json"[..],
        b"[]",
        b"{}",
        br#"{"messages": {"id": "x"}}"#,
    ] {
        let err = Webhook::builder(Provider::Desk360)
            .allow_unauthenticated()
            .build()
            .expect("opted out")
            .events(&HeaderMap::new(), body)
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::WebhookMalformed {
                    provider: Provider::Desk360,
                    ..
                }
            ),
            "{}: {err:?}",
            String::from_utf8_lossy(body)
        );
    }
}
