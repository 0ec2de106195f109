//! The mehery adapter of the neutral API: documented `send_message` bodies reproduced
//! through `waba::Client`, the shared neutral messages, the message id of the documented
//! receipt, errors, and the documented `receive_notifications` payload (and variations of
//! it, one per message type and status code) as neutral events.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::runtime::webhook::WebhookError;
use waba::{
    Capability, Client, ConfigError, Content, Error, Event, HeaderMap, InboundMessage, Media,
    MediaKind, Message, OtherEvent, Provider, Setting, Status, StatusUpdate, Template, Webhook,
};
use waba_workspace_tests::{request_example, request_example_names, schema_example, spec};

use super::{TEXT, TO, media, recording, report, seen_json, snapshot, template};

const KEY: &str = "test-mehery-key-7f3a";
const ID: &str = "test-mehery-id-c41e";
/// The channel of the shared messages (the document's channel id format).
const CHANNEL: &str = "wa360:919988776655";
/// The channel of the document's `send_message` example.
const DOC_CHANNEL: &str = "91SERVICENUMBER";
const PATH: &str = "/api/v1/message/send";
/// The document's callback verification token.
const TOKEN: &str = "s1agenttoken$$$";
/// The id of the document's send receipt (`data.id` of `ApiResponse«OutBoundReciept»`).
const RECEIPT_ID: &str = "gBEGkYiEB1VXAglK1ZEqA1YKPrU";

fn client(server: &MockServer, channel: &str) -> Client {
    Client::builder(Provider::Mehery)
        .api_key(KEY)
        .api_id(ID)
        .channel_id(channel)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// The documented success answer of `send_message` (the receipt schema's example: the
/// operation prints none of its own).
fn receipt() -> Value {
    schema_example("mehery", "ApiResponse_OutBoundReciept_object_")
}

/// Sends through the neutral API to a recording mock and returns the body it saw.
async fn body_of<F, Fut>(channel: &str, send: F) -> Value
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<waba::Sent, Error>>,
{
    let server = MockServer::start_async().await;
    let (mock, seen) = recording(&server, "POST", PATH, 200, receipt());
    send(client(&server, channel)).await.expect("sent");
    assert_eq!(mock.calls(), 1);
    seen_json(&seen)
}

/// The recipient the documented examples are sent to: they fill `to.phone` with the
/// placeholder "string", which the neutral API refuses before sending (not a phone number).
const DOC_PHONE: &str = "+919812345678";
/// The media link the documented examples are sent with: they show the placeholder
/// `http(s)://the-url`, which the neutral API refuses (not an https URL).
const DOC_LINK: &str = "https://example.com/the-url";

/// The document's example as the neutral API writes it: the example fills `contactId`,
/// `email`, `name` and `phone` of `to` with placeholders, the neutral recipient is a phone
/// number, so only `to.phone` can be reproduced, with [`DOC_PHONE`]'s digits; a media
/// `link` placeholder is [`DOC_LINK`].
fn with_phone_only(mut example: Value) -> Value {
    assert_eq!(
        example["to"]["phone"], "string",
        "the documented placeholder"
    );
    example["to"] = json!({ "phone": DOC_PHONE.trim_start_matches('+') });
    for kind in ["image", "video", "audio", "document"] {
        if let Some(link) = example.pointer_mut(&format!("/{kind}/link")) {
            assert_eq!(*link, "http(s)://the-url", "the documented placeholder");
            *link = json!(DOC_LINK);
        }
    }
    example
}

// ---------------------------------------------------------------------------------------
// 1. Documented bodies.

/// Every `send_message` example is reproduced below or named here as not expressible, so a
/// new example in the spec must be looked at.
#[test]
fn every_documented_send_example_is_reproduced_or_named_as_not_expressible() {
    let mut names = request_example_names("mehery", "send_message");
    names.sort();
    let mut covered = vec![
        // Reproduced (doc_* with the recipient reduced to its phone, doc_template in part).
        "doc_audio",
        "doc_document",
        "doc_image",
        "doc_template",
        "doc_text",
        "doc_video",
        "whatsapp_text",
        // Reproduced without the location's `url`, which the neutral location has not.
        "doc_location",
        // Reproduced as reply buttons and as a call-to-action URL button, each with the
        // element's properties that its button type uses.
        "doc_buttons",
        // Not expressible: Mehery's contact card requires every field (addresses, ims, org,
        // …) where the neutral card has few.
        "doc_contacts",
    ];
    covered.sort();
    assert_eq!(names, covered);
}

#[tokio::test]
async fn the_documented_whatsapp_text_is_reproduced_exactly() {
    let example = request_example("mehery", "send_message", "whatsapp_text");
    let body = body_of("wa360:919988776655", |c| async move {
        c.send_text("+919812345678", "Your order 10234 has shipped.")
            .await
    })
    .await;
    assert_eq!(body, example);
    snapshot("mehery", "send_message__whatsapp_text", &body);
}

#[tokio::test]
async fn the_documented_location_is_reproduced_without_its_url() {
    let mut example = with_phone_only(request_example("mehery", "send_message", "doc_location"));
    let location = example["location"].as_object_mut().unwrap();
    assert_eq!(location.remove("url"), Some(json!("Location URL")));
    let message: Message = Message::location(12.90909, 6.90808)
        .name("Main Building")
        .address("1 Hacker Way, Menlo Park, CA, 94025")
        .into();
    let body = body_of(
        DOC_CHANNEL,
        |c| async move { c.send(DOC_PHONE, &message).await },
    )
    .await;
    assert_eq!(body, example);
    snapshot("mehery", "send_message__doc_location_without_url", &body);
}

#[tokio::test]
async fn the_documented_text_is_reproduced_with_a_phone_recipient() {
    let example = request_example("mehery", "send_message", "doc_text");
    let body = body_of(DOC_CHANNEL, |c| async move {
        c.send_text(DOC_PHONE, "your-text-message-content").await
    })
    .await;
    assert_eq!(body, with_phone_only(example));
    snapshot("mehery", "send_message__doc_text", &body);
}

#[tokio::test]
async fn the_documented_media_are_reproduced_with_a_phone_recipient() {
    for (name, kind) in [
        ("doc_image", MediaKind::Image),
        ("doc_video", MediaKind::Video),
        ("doc_audio", MediaKind::Audio),
        ("doc_document", MediaKind::Document),
    ] {
        let example = request_example("mehery", "send_message", name);
        let url = DOC_LINK;
        let media = match kind {
            MediaKind::Image => Media::image(url),
            MediaKind::Video => Media::video(url),
            MediaKind::Audio => Media::audio(url),
            _ => Media::document(url),
        }
        .caption("your-video-caption")
        .file_name("your-video-caption");
        let body = body_of(DOC_CHANNEL, |c| async move {
            c.send_media(DOC_PHONE, &media).await
        })
        .await;
        assert_eq!(body, with_phone_only(example), "{name}");
        snapshot("mehery", &format!("send_message__{name}"), &body);
    }
}

/// The document's template carries named data (`amount: 10`, `currency: INR`), a template
/// `id` and `linked`; the neutral template has positional parameters and only a reference
/// and a language. `code`, `lang` and the envelope are reproduced; the two values go under
/// the keys "1" and "2" (as strings), and `id`/`linked` are not sent.
#[tokio::test]
async fn the_documented_template_is_reproduced_in_code_lang_and_envelope() {
    let example = request_example("mehery", "send_message", "doc_template");
    let data = &example["template"]["data"];
    let values = [
        data["amount"].to_string(),
        data["currency"].as_str().unwrap().to_string(),
    ];
    let t = Template::new(example["template"]["code"].as_str().unwrap())
        .language(example["template"]["lang"].as_str().unwrap())
        .body(values);
    let body = body_of(DOC_CHANNEL, |c| async move {
        c.send_template(DOC_PHONE, &t).await
    })
    .await;

    let mut expected = with_phone_only(example);
    let template = expected["template"].as_object_mut().unwrap();
    template.remove("id");
    template.remove("linked");
    template.insert("data".into(), json!({"1": "10", "2": "INR"}));
    assert_eq!(body, expected);
    assert_eq!(body["template"]["code"], "FEEDBACK");
    assert_eq!(body["template"]["lang"], "en_US");
    snapshot("mehery", "send_message__doc_template", &body);
}

/// The document's text with buttons, its recipient reduced to the phone (as
/// [`with_phone_only`]) and its one element checked to be the documented one.
fn doc_buttons() -> Value {
    let example = with_phone_only(request_example("mehery", "send_message", "doc_buttons"));
    assert_eq!(
        example["options"]["buttons"],
        json!([{
            "code": "occupation",
            "desc": "What occupation you have",
            "label": "Occupation",
            "name": "string",
            "phone": "+91 9988776655",
            "type": "QUICK_REPLY",
            "url": "http://url"
        }]),
        "the documented element"
    );
    example
}

/// The document's element is a `QUICK_REPLY` with a `code` and a `label`, plus a `desc`, a
/// `phone` (for `PHONE_NUMBER` elements) and a `url` (for `URL` elements) that a reply button
/// has no use for; its required `name` is the placeholder "string", which the adapter fills
/// with the button's id. The rest of the body is the document's.
#[tokio::test]
async fn the_documented_buttons_are_reproduced_as_a_reply_button() {
    let mut expected = doc_buttons();
    expected["options"]["buttons"] = json!([{
        "type": "QUICK_REPLY",
        "code": "occupation",
        "label": "Occupation",
        "name": "occupation"
    }]);
    let message: Message = Message::buttons("your-text-message-content")
        .button("occupation", "Occupation")
        .into();
    let body = body_of(
        DOC_CHANNEL,
        |c| async move { c.send(DOC_PHONE, &message).await },
    )
    .await;
    assert_eq!(body, expected);
    snapshot("mehery", "send_message__doc_buttons_as_reply_button", &body);
}

/// The same document example as a call-to-action URL button: one `URL` element with the
/// display text as `label` (and as the required `name`) and the link as `url` (the
/// document's placeholder `http://url` is not an https link, which the neutral API refuses,
/// so [`DOC_LINK`] stands in for it); no `code`, `desc` or `phone`.
#[tokio::test]
async fn the_documented_buttons_are_reproduced_as_a_call_to_action_url_button() {
    let mut expected = doc_buttons();
    expected["options"]["buttons"] = json!([{
        "type": "URL",
        "label": "Occupation",
        "name": "Occupation",
        "url": "https://example.com/the-url"
    }]);
    let message: Message =
        Message::cta_url("your-text-message-content", "Occupation", DOC_LINK).into();
    let body = body_of(
        DOC_CHANNEL,
        |c| async move { c.send(DOC_PHONE, &message).await },
    )
    .await;
    assert_eq!(body, expected);
    snapshot("mehery", "send_message__doc_buttons_as_cta_url", &body);
}

// ---------------------------------------------------------------------------------------
// 2. The shared neutral messages.

#[tokio::test]
async fn the_shared_text_goes_to_the_phone_without_plus_on_the_configured_channel() {
    let body = body_of(CHANNEL, |c| async move { c.send_text(TO, TEXT).await }).await;
    assert_eq!(body["type"], "text");
    assert_eq!(body["channelId"], CHANNEL);
    assert_eq!(body["to"], json!({"phone": "4915112345678"}));
    assert_eq!(body["text"], json!({"body": TEXT}));
    assert_eq!(body["mask"], false);
    snapshot("mehery", "shared__text", &body);
}

#[tokio::test]
async fn the_shared_template_sends_code_lang_and_positional_data() {
    let body = body_of(CHANNEL, |c| async move {
        c.send_template(TO, &template()).await
    })
    .await;
    assert_eq!(body["type"], "template");
    assert_eq!(body["to"], json!({"phone": "4915112345678"}));
    assert_eq!(
        body["template"],
        json!({"code": "order_update", "lang": "en_US", "data": {"1": "Anna", "2": "#10234"}})
    );
    snapshot("mehery", "shared__template", &body);
}

#[tokio::test]
async fn a_template_without_language_or_parameters_sends_only_the_code() {
    let t = Template::new("order_update");
    let body = body_of(CHANNEL, |c| async move { c.send_template(TO, &t).await }).await;
    assert_eq!(body["template"], json!({"code": "order_update"}));
}

#[tokio::test]
async fn each_shared_media_goes_by_link_under_its_kind() {
    for m in media() {
        let kind = m.kind().as_str();
        let sent = m.clone();
        let body = body_of(CHANNEL, |c| async move { c.send_media(TO, &sent).await }).await;
        assert_eq!(body["type"], kind);
        assert_eq!(body["to"], json!({"phone": "4915112345678"}));
        assert_eq!(body[kind]["link"], m.url());
        match m.caption_text() {
            Some(caption) => assert_eq!(body[kind]["caption"], caption),
            None => assert!(body[kind].get("caption").is_none()),
        }
        assert!(body[kind].get("filename").is_none());
        for other in ["image", "video", "audio", "document", "text"] {
            if other != kind {
                assert!(body.get(other).is_none(), "{kind}: no `{other}`");
            }
        }
        snapshot("mehery", &format!("shared__media_{kind}"), &body);
    }
}

#[tokio::test]
async fn a_file_name_is_sent_as_filename_on_every_kind() {
    for m in [
        Media::image("https://example.com/cat.jpg"),
        Media::video("https://example.com/clip.mp4"),
        Media::audio("https://example.com/note.ogg").caption("A note"),
        Media::document("https://example.com/invoice.pdf"),
    ] {
        let m = m.file_name("file.bin");
        let kind = m.kind().as_str();
        let body = body_of(CHANNEL, |c| async move { c.send_media(TO, &m).await }).await;
        assert_eq!(body[kind]["filename"], "file.bin", "{kind}");
    }
}

#[tokio::test]
async fn three_reply_buttons_go_in_order_as_quick_replies_on_a_text() {
    let message: Message = Message::buttons("When should we deliver your order?")
        .button("slot-morning", "Morning")
        .button("slot-evening", "Evening")
        .button("slot-night", "Night")
        .into();
    let body = body_of(CHANNEL, |c| async move { c.send(TO, &message).await }).await;
    assert_eq!(
        body,
        json!({
            "channelId": CHANNEL,
            "mask": false,
            "to": {"phone": "4915112345678"},
            "type": "text",
            "text": {"body": "When should we deliver your order?"},
            "options": {"buttons": [
                {"type": "QUICK_REPLY", "code": "slot-morning", "label": "Morning", "name": "slot-morning"},
                {"type": "QUICK_REPLY", "code": "slot-evening", "label": "Evening", "name": "slot-evening"},
                {"type": "QUICK_REPLY", "code": "slot-night", "label": "Night", "name": "slot-night"}
            ]}
        })
    );
    snapshot("mehery", "shared__buttons", &body);
}

#[tokio::test]
async fn a_call_to_action_url_is_one_url_button_on_a_text() {
    let message: Message = Message::cta_url(
        "Your tickets are ready.",
        "Open tickets",
        "https://www.example.com/tickets/10234",
    )
    .into();
    let body = body_of(CHANNEL, |c| async move { c.send(TO, &message).await }).await;
    assert_eq!(
        body,
        json!({
            "channelId": CHANNEL,
            "mask": false,
            "to": {"phone": "4915112345678"},
            "type": "text",
            "text": {"body": "Your tickets are ready."},
            "options": {"buttons": [{
                "type": "URL",
                "label": "Open tickets",
                "name": "Open tickets",
                "url": "https://www.example.com/tickets/10234"
            }]}
        })
    );
    snapshot("mehery", "shared__cta_url", &body);
}

// ---------------------------------------------------------------------------------------
// 3. The message id.

#[tokio::test]
async fn the_documented_receipt_gives_its_message_id() {
    let server = MockServer::start_async().await;
    let (_mock, _seen) = recording(&server, "POST", PATH, 200, receipt());
    let sent = client(&server, CHANNEL).send_text(TO, TEXT).await.unwrap();
    assert_eq!(sent.provider(), Provider::Mehery);
    assert_eq!(sent.message_id(), Some(RECEIPT_ID));
    assert_eq!(sent.response()["statusKey"], "SUCCESS");
}

#[tokio::test]
async fn a_receipt_with_only_results_gives_the_first_id() {
    let server = MockServer::start_async().await;
    let answer = json!({"status": 200, "results": [{"id": "m-77"}]});
    let (_mock, _seen) = recording(&server, "POST", PATH, 201, answer);
    let sent = client(&server, CHANNEL).send_text(TO, TEXT).await.unwrap();
    assert_eq!(sent.message_id(), Some("m-77"));
}

#[tokio::test]
async fn the_credentials_go_in_x_api_key_and_x_api_id() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(PATH)
            .header("x-api-key", KEY)
            .header("x-api-id", ID);
        then.status(200).json_body(receipt());
    });
    client(&server, CHANNEL).send_text(TO, TEXT).await.unwrap();
    assert_eq!(mock.calls(), 1);
}

// ---------------------------------------------------------------------------------------
// 4. Errors.

fn error_example(name: &str) -> Value {
    let spec = spec("mehery");
    spec["paths"][PATH]["post"]["responses"]["4XX"]["content"]["application/json"]["examples"][name]
        ["value"]
        .clone()
}

#[tokio::test]
async fn an_error_answer_keeps_status_and_raw_body() {
    for (name, status) in [("unauthorized", 401), ("validation", 400)] {
        let server = MockServer::start_async().await;
        let answer = error_example(name);
        let (_mock, _seen) = recording(&server, "POST", PATH, status, answer.clone());
        let err = client(&server, CHANNEL)
            .send_text(TO, TEXT)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Request {
                    provider: Provider::Mehery,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let raw: Value = serde_json::from_slice(err.body().expect("raw body")).unwrap();
        assert_eq!(raw, answer);
    }
}

fn assert_invalid(err: Error, path: &str) {
    match err {
        Error::InvalidArgument {
            provider: Provider::Mehery,
            error,
        } => assert_eq!(error.path, path),
        other => panic!("expected InvalidArgument at {path}, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_arguments_send_nothing() {
    let server = MockServer::start_async().await;
    let (mock, _seen) = recording(&server, "POST", PATH, 200, receipt());
    let c = client(&server, CHANNEL);
    // WhatsApp's limits, checked by the client for every provider: neutral field names.
    assert_invalid(c.send_text("+", TEXT).await.unwrap_err(), "to");
    assert_invalid(c.send_text(TO, "  ").await.unwrap_err(), "text.body");
    assert_invalid(
        c.send_template(TO, &Template::new(" ")).await.unwrap_err(),
        "template.reference",
    );
    assert_invalid(
        c.send_media(TO, &Media::video("")).await.unwrap_err(),
        "media.link",
    );
    assert_eq!(mock.calls(), 0);
}

#[tokio::test]
async fn template_header_media_and_buttons_are_unsupported_and_send_nothing() {
    let server = MockServer::start_async().await;
    let (mock, _seen) = recording(&server, "POST", PATH, 200, receipt());
    let c = client(&server, CHANNEL);
    let header = template().header(Media::image("https://example.com/h.jpg"));
    let err = c.send_template(TO, &header).await.unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.capability),
        Some(Capability::TemplateHeaderMedia)
    );
    let buttons = template().quick_reply("yes");
    let err = c.send_template(TO, &buttons).await.unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.capability),
        Some(Capability::TemplateButtons)
    );
    assert_eq!(mock.calls(), 0);
}

/// Mehery's text has a body and buttons only: a header or a footer of reply buttons or of a
/// call-to-action URL is refused naming the neutral field, not dropped, and nothing is sent.
#[tokio::test]
async fn a_header_or_footer_of_buttons_is_refused_and_sends_nothing() {
    let server = MockServer::start_async().await;
    let (mock, _seen) = recording(&server, "POST", PATH, 200, receipt());
    let c = client(&server, CHANNEL);
    let buttons = || Message::buttons("Pick a slot").button("slot-morning", "Morning");
    let cta = || Message::cta_url("Your tickets", "Open", "https://example.com/t");
    let refused: [(Message, &str); 6] = [
        (buttons().header("Delivery time").into(), "header"),
        (buttons().footer("Example Store").into(), "footer"),
        (
            buttons().header("Delivery").footer("Store").into(),
            "header",
        ),
        (cta().header("Tickets").into(), "header"),
        (cta().footer("Example Store").into(), "footer"),
        (cta().header("Tickets").footer("Store").into(), "header"),
    ];
    for (message, field) in refused {
        let err = c.send(TO, &message).await.unwrap_err();
        assert!(err.is_not_sent(), "{err:?}");
        let text = report(&err);
        assert!(
            text.contains(&format!(
                "`{field}` has no place on Mehery, which carries no {field}"
            )),
            "{text}"
        );
        assert_invalid(err, field);
    }
    assert_eq!(mock.calls(), 0);
}

#[test]
fn a_client_needs_the_channel_id() {
    let err = Client::builder(Provider::Mehery)
        .api_key(KEY)
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Missing {
                provider: Provider::Mehery,
                setting: Setting::ChannelId
            }
        ),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 5. Webhooks.

/// The `doc` example of one of the spec's `x-webhooks`.
fn webhook_example(name: &str) -> Value {
    let spec = spec("mehery");
    let value =
        spec["x-webhooks"][name]["post"]["requestBody"]["content"]["application/json"]["examples"]
            ["doc"]["value"]
            .clone();
    assert!(!value.is_null(), "x-webhooks `{name}` has no `doc` example");
    value
}

fn headers(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-verify-token", token.parse().unwrap());
    headers
}

fn events_of(body: &Value) -> Result<Vec<Event>, Error> {
    Webhook::builder(Provider::Mehery)
        .verify_token(TOKEN)
        .build()
        .expect("a verify token")
        .events(&headers(TOKEN), &serde_json::to_vec(body).unwrap())
}

fn message(event: &Event) -> &InboundMessage {
    match event {
        Event::Message(m) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn status(event: &Event) -> &StatusUpdate {
    match event {
        Event::Status(s) => s,
        other => panic!("expected a status, got {other:?}"),
    }
}

fn malformed_reason(err: Error) -> String {
    match err {
        Error::WebhookMalformed {
            provider: Provider::Mehery,
            reason,
        } => reason,
        other => panic!("expected a malformed webhook, got {other:?}"),
    }
}

/// The document's notification with only its first message, its `type` set to `kind`.
fn one_message(kind: &str) -> Value {
    let doc = webhook_example("receive_notifications");
    let mut m = doc["messages"][0].clone();
    m["type"] = json!(kind);
    json!({"type": "messages", "messages": [m]})
}

/// The document's notification with only its status, the code set to `code`.
fn one_status(code: &str) -> Value {
    let doc = webhook_example("receive_notifications");
    let mut s = doc["statuses"][0].clone();
    s["status"] = json!(code);
    json!({"type": "statuses", "statuses": [s]})
}

#[test]
fn the_documented_notification_gives_message_status_session_event_and_action() {
    let doc = webhook_example("receive_notifications");
    let events = events_of(&doc).unwrap();
    assert_eq!(events.len(), 4, "{events:?}");

    let m = message(&events[0]);
    assert_eq!(m.provider, Provider::Mehery);
    assert_eq!(m.sender, "919988776655");
    assert_eq!(m.message_id.as_deref(), Some("1234567"));
    // 156753339076 is taken as milliseconds (see the adapter's reading).
    assert_eq!(m.timestamp, Some(156_753_339));
    assert_eq!(
        m.content,
        Content::Text {
            body: "your-text-message-content".into()
        }
    );

    let s = status(&events[1]);
    assert_eq!(s.provider, Provider::Mehery);
    assert_eq!(s.message_id, "1234567");
    assert_eq!(s.status, Status::Delivered);
    assert_eq!(s.recipient.as_deref(), Some("wa919988776655_918828218374"));
    assert_eq!(s.timestamp, Some(156_753_339));
    let error = s.error.as_ref().expect("the documented error is kept");
    assert_eq!(error.code.as_deref(), Some("470"));
    assert_eq!(
        error.message.as_deref(),
        Some(
            "Failed to send message because you are outside the support window for freeform \
             messages to this user. Please use a valid HSM notification or reconsider."
        )
    );

    // Session events and agent actions are neither messages nor statuses.
    let e = other(&events[2]);
    assert_eq!(e.provider, Provider::Mehery);
    assert_eq!(e.kind.as_deref(), Some("SESSION_ROUTED"));
    assert_eq!(e.raw, doc["events"][0]);

    let a = other(&events[3]);
    assert_eq!(a.kind.as_deref(), Some("SEND_INVOICE"));
    assert_eq!(a.raw, json!({"actionCode": "SEND_INVOICE"}));
}

fn other(event: &Event) -> &OtherEvent {
    match event {
        Event::Other(o) => o,
        other => panic!("expected another event, got {other:?}"),
    }
}

#[test]
fn each_media_type_gives_its_media() {
    for (kind, expected) in [
        ("image", MediaKind::Image),
        ("video", MediaKind::Video),
        ("audio", MediaKind::Audio),
        ("voice", MediaKind::Audio),
        ("document", MediaKind::Document),
    ] {
        let events = events_of(&one_message(kind)).unwrap();
        assert_eq!(events.len(), 1);
        let m = message(&events[0]);
        assert_eq!(m.sender, "919988776655");
        assert_eq!(
            m.content,
            Content::Media {
                kind: expected,
                id: Some("2121212".into()),
                url: Some("https://link-to-media-file-url".into()),
                mime_type: Some("video/mp4".into()),
                caption: Some("document-caption".into()),
                file_name: Some("document-filename".into()),
            },
            "{kind}"
        );
    }
}

#[test]
fn media_without_a_secure_link_gives_the_link() {
    let mut body = one_message("image");
    body["messages"][0]["image"]
        .as_object_mut()
        .unwrap()
        .remove("linkSecure");
    let events = events_of(&body).unwrap();
    let Content::Media { url, .. } = &message(&events[0]).content else {
        panic!("{events:?}")
    };
    assert_eq!(url.as_deref(), Some("http(s)://link-to-media-file-url"));
}

#[test]
fn a_location_gives_its_coordinates() {
    let events = events_of(&one_message("location")).unwrap();
    assert_eq!(
        message(&events[0]).content,
        Content::Location {
            latitude: 12.90909,
            longitude: 6.90808,
            name: Some("Main Building".into()),
            address: Some("1 Hacker Way, Menlo Park, CA, 94025".into()),
        }
    );
}

#[test]
fn system_unknown_and_empty_types_are_kept_raw() {
    for kind in ["system", "sticker"] {
        let body = one_message(kind);
        let events = events_of(&body).unwrap();
        assert_eq!(
            message(&events[0]).content,
            Content::Other {
                kind: Some(kind.into()),
                raw: body["messages"][0].clone()
            }
        );
    }
    // A known type whose content is missing.
    let mut body = one_message("image");
    body["messages"][0].as_object_mut().unwrap().remove("image");
    let events = events_of(&body).unwrap();
    assert_eq!(
        message(&events[0]).content,
        Content::Other {
            kind: Some("image".into()),
            raw: body["messages"][0].clone()
        }
    );
}

#[test]
fn each_status_code_gives_its_neutral_status() {
    for (code, expected) in [
        ("SENT", Status::Sent),
        ("DLVRD", Status::Delivered),
        ("READ", Status::Read),
        ("FAILD", Status::Failed),
        ("DELTD", Status::Other("DELTD".into())),
        ("QUEUED", Status::Other("QUEUED".into())),
    ] {
        let events = events_of(&one_status(code)).unwrap();
        assert_eq!(events.len(), 1);
        let s = status(&events[0]);
        assert_eq!(s.status, expected, "{code}");
        assert_eq!(s.message_id, "1234567");
    }
}

#[test]
fn a_failed_status_keeps_code_and_text_and_a_status_without_errors_has_none() {
    let events = events_of(&one_status("FAILD")).unwrap();
    let error = status(&events[0]).error.clone().unwrap();
    assert_eq!(error.code.as_deref(), Some("470"));
    assert!(error.message.unwrap().starts_with("Failed to send message"));

    let mut body = one_status("READ");
    body["statuses"][0]
        .as_object_mut()
        .unwrap()
        .remove("errors");
    let events = events_of(&body).unwrap();
    assert_eq!(status(&events[0]).error, None);
}

#[test]
fn millisecond_and_second_timestamps_both_give_seconds() {
    let mut body = one_status("SENT");
    body["statuses"][0]["timestamp"] = json!(1_696_600_000_123_i64);
    assert_eq!(
        status(&events_of(&body).unwrap()[0]).timestamp,
        Some(1_696_600_000)
    );
    body["statuses"][0]["timestamp"] = json!(1_696_600_000_i64);
    assert_eq!(
        status(&events_of(&body).unwrap()[0]).timestamp,
        Some(1_696_600_000)
    );
}

#[test]
fn contacts_and_meta_alone_give_no_events_and_an_empty_body_gives_none() {
    let doc = webhook_example("receive_notifications");
    let body = json!({"type": "messages", "contacts": doc["contacts"], "meta": doc["meta"]});
    assert_eq!(events_of(&body).unwrap(), vec![]);
    assert_eq!(events_of(&json!({})).unwrap(), vec![]);
}

#[test]
fn the_contact_info_call_is_refused_as_not_a_notification() {
    let err = events_of(&webhook_example("contact_info")).unwrap_err();
    let reason = malformed_reason(err);
    assert!(reason.contains("/api/v1/contact/info"), "{reason}");
    assert!(reason.contains("ContactInfoUpdate"), "{reason}");
}

#[test]
fn a_status_without_id_or_a_message_without_sender_is_malformed() {
    let mut body = one_status("SENT");
    body["statuses"][0].as_object_mut().unwrap().remove("id");
    assert!(malformed_reason(events_of(&body).unwrap_err()).contains("statuses[0]"));

    let mut body = one_message("text");
    body["messages"][0].as_object_mut().unwrap().remove("from");
    assert!(malformed_reason(events_of(&body).unwrap_err()).contains("messages[0]"));
}

#[test]
fn malformed_bodies_are_refused() {
    let webhook = Webhook::builder(Provider::Mehery)
        .verify_token(TOKEN)
        .build()
        .expect("a verify token");
    for body in [
        &b"not json"[..],
        b"[]",
        br#"{"messages": "not a list"}"#,
        br#"{"statuses": [{"id": "1", "timestamp": "yesterday"}]}"#,
    ] {
        let err = webhook.events(&headers(TOKEN), body).unwrap_err();
        malformed_reason(err);
    }
}

#[test]
fn the_verify_token_is_checked_before_the_body() {
    let webhook = Webhook::builder(Provider::Mehery)
        .verify_token(TOKEN)
        .build()
        .expect("a verify token");
    let body = b"not even json";
    let wrong = webhook.events(&headers("another-token"), body).unwrap_err();
    assert!(
        matches!(
            wrong,
            Error::WebhookRefused {
                error: WebhookError::WrongSecret { ref name },
                ..
            } if name == "x-verify-token"
        ),
        "{wrong:?}"
    );
    let missing = webhook.events(&HeaderMap::new(), body).unwrap_err();
    assert!(
        matches!(
            missing,
            Error::WebhookRefused {
                error: WebhookError::MissingHeader { ref name },
                ..
            } if name == "x-verify-token"
        ),
        "{missing:?}"
    );
    // A valid body with the wrong token is refused too.
    let doc = serde_json::to_vec(&webhook_example("receive_notifications")).unwrap();
    assert!(webhook.events(&headers("another-token"), &doc).is_err());
}

#[test]
fn a_webhook_without_a_verify_token_is_refused_when_built() {
    let err = Webhook::builder(Provider::Mehery).build().unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Missing {
                setting: Setting::VerifyToken,
                ..
            }
        ),
        "{err:?}"
    );
    // The explicit opt-out accepts any request.
    let doc = serde_json::to_vec(&webhook_example("receive_notifications")).unwrap();
    let open = Webhook::builder(Provider::Mehery)
        .allow_unauthenticated()
        .build()
        .expect("opted out");
    assert!(!open.events(&HeaderMap::new(), &doc).unwrap().is_empty());
}
