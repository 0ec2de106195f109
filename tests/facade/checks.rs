//! The checks `Client::send` runs for every provider before any request: the recipient (a
//! phone number normalised to its digits and written in the provider's form, or Channel360's
//! app user id), and WhatsApp's own limits (text 1 to 4096 characters, captions at most 1024,
//! media links `https`). Each refusal names the neutral field and reaches no server.

use httpmock::Mock;
use httpmock::MockServer;
use serde_json::Value;
use waba::{Client, Error, Media, Message, Provider, RetryPolicy, Template};
use waba_workspace_tests::{operation, response_example, schema_example, spec};

use super::{Seen, TO, recording, seen_json, template};

const ALL: [Provider; 5] = [
    Provider::Dialog360,
    Provider::Onextel,
    Provider::Channel360,
    Provider::Mehery,
    Provider::Desk360,
];
/// The providers that send free text.
const TEXT: [Provider; 4] = [
    Provider::Dialog360,
    Provider::Channel360,
    Provider::Mehery,
    Provider::Desk360,
];
/// The providers that send media by URL, with a caption.
const MEDIA: [Provider; 3] = [Provider::Dialog360, Provider::Channel360, Provider::Mehery];
/// The providers that send a template's header media.
const HEADER_MEDIA: [Provider; 3] = [Provider::Dialog360, Provider::Onextel, Provider::Channel360];

/// Channel360's organisation and the app user of a conversation (the spec's examples).
const ORG: &str = "659039655cf56a8df0c8908";
const APP_USER: &str = "5e7a1b2c3d4e5f6a7b8c9d0e";
const INTEGRATION: &str = "42";
const MEHERY_SEND: &str = "/api/v1/message/send";
const ONEXTEL_SEND: &str = "/chatbird/api/message/send";

fn client(provider: Provider, server: &MockServer) -> Client {
    let builder = Client::builder(provider)
        .base_url(server.base_url())
        .retry(RetryPolicy::none());
    let builder = match provider {
        Provider::Dialog360 => builder.api_key("D360-KEY"),
        Provider::Onextel => builder
            .email(crate::onextel::EMAIL)
            .password(crate::onextel::PASSWORD)
            .sender("919876543210")
            .journey_id("66c3054f9a1b2c3d61f5501e"),
        Provider::Channel360 => builder.token("jwt").org_id(ORG),
        Provider::Mehery => builder.api_key("KEY").channel_id("wa360:919988776655"),
        Provider::Desk360 => builder.token("desk-token").integration_id(INTEGRATION),
        other => panic!("no test settings for {other}"),
    };
    builder.build().expect("client builds")
}

/// The documented success answer of 360dialog's `send_message`.
fn dialog360_accepted() -> Value {
    operation(&spec("dialog360"), "send_message")["responses"]["200"]["content"]["application/json"]
        ["examples"]["message_accepted"]["value"]
        .clone()
}

fn mehery_receipt() -> Value {
    schema_example("mehery", "ApiResponse_OutBoundReciept_object_")
}

/// A template each provider can send (Desk360 names templates and languages by number).
fn template_for(provider: Provider) -> Template {
    match provider {
        Provider::Desk360 => Template::new("75").language("2").body(["Anna", "#10234"]),
        _ => template(),
    }
}

/// A recording mock of `provider`'s template send (and Onextel's login), the JSON pointer of
/// the recipient in its body, and the form the provider writes `+4915112345678` in.
fn template_route(
    provider: Provider,
    server: &MockServer,
) -> (Mock<'_>, Seen, &'static str, &'static str) {
    let (path, status, answer, pointer, form) = match provider {
        Provider::Dialog360 => (
            "/messages".to_string(),
            200,
            dialog360_accepted(),
            "/to",
            "4915112345678",
        ),
        Provider::Onextel => {
            crate::onextel::login(server, crate::onextel::TOKEN);
            (
                ONEXTEL_SEND.to_string(),
                200,
                crate::onextel::sent_answer(),
                "/to",
                "4915112345678",
            )
        }
        Provider::Channel360 => (
            format!("/v1.1/org/{ORG}/notification"),
            201,
            channel360_answer("send_notification", "201", "doc_sent"),
            "/destination",
            "+4915112345678",
        ),
        Provider::Mehery => (
            MEHERY_SEND.to_string(),
            200,
            mehery_receipt(),
            "/to/phone",
            "4915112345678",
        ),
        Provider::Desk360 => (
            format!("/v1/integrations/{INTEGRATION}/conversations/templates/send"),
            200,
            response_example("desk360", "send_whatsapp_template", "200"),
            "/destinations/0/phone",
            "+4915112345678",
        ),
        other => panic!("no route for {other}"),
    };
    let (mock, seen) = recording(server, "POST", &path, status, answer);
    (mock, seen, pointer, form)
}

fn channel360_answer(operation_id: &str, code: &str, name: &str) -> Value {
    operation(&spec("channel360"), operation_id)["responses"][code]["content"]["application/json"]
        ["examples"][name]["value"]
        .clone()
}

/// A recording mock of `provider`'s text or media send, and the recipient to send to (the app
/// user id for Channel360, whose text and media are replies in a conversation).
fn reply_route(
    provider: Provider,
    media: bool,
    server: &MockServer,
) -> (Mock<'_>, Seen, &'static str) {
    let (path, answer, to) = match provider {
        Provider::Dialog360 => ("/messages".to_string(), dialog360_accepted(), TO),
        Provider::Channel360 => (
            format!("/v1.1/org/{ORG}/whatsapp/appuser/{APP_USER}/reply"),
            if media {
                channel360_answer("send_reply", "200", "doc_image")
            } else {
                Value::Null // a text reply is answered without a body
            },
            APP_USER,
        ),
        Provider::Mehery => (MEHERY_SEND.to_string(), mehery_receipt(), TO),
        Provider::Desk360 => (
            format!("/v1/integrations/{INTEGRATION}/conversations/messages"),
            response_example("desk360", "send_whatsapp_text_message", "200"),
            TO,
        ),
        other => panic!("{other} sends no text or media"),
    };
    let (mock, seen) = recording(server, "POST", &path, 200, answer);
    (mock, seen, to)
}

/// Whether the body a server received carries `text` whole: as a JSON string value, or in a
/// multipart form (Desk360's text form).
fn received(seen: &Seen, text: &str) -> bool {
    let (content_type, body) = seen.lock().unwrap().clone().expect("a request was seen");
    if content_type.starts_with("application/json") {
        fn has(value: &Value, text: &str) -> bool {
            match value {
                Value::String(s) => s == text,
                Value::Array(items) => items.iter().any(|v| has(v, text)),
                Value::Object(map) => map.values().any(|v| has(v, text)),
                _ => false,
            }
        }
        has(&serde_json::from_slice(&body).expect("JSON"), text)
    } else {
        let text = text.as_bytes();
        body.windows(text.len()).any(|w| w == text)
    }
}

/// Sends `message` to `to` through `provider` with a server that answers everything, and
/// asserts it is refused naming `path` (and saying `says`, when given) with 0 requests.
async fn assert_refused(provider: Provider, to: &str, message: &Message, path: &str, says: &str) {
    let server = MockServer::start_async().await;
    let everything = crate::answer_everything(&server, 200);
    let err = client(provider, &server)
        .send(to, message)
        .await
        .expect_err("refused");
    match &err {
        Error::InvalidArgument { provider: p, error } => {
            assert_eq!(*p, provider);
            assert_eq!(error.path, path, "{provider}, to {to:?}: {err}");
            assert!(error.message.contains(says), "{provider}: {err}");
        }
        other => panic!("{provider}, to {to:?}: expected InvalidArgument at {path}, got {other:?}"),
    }
    assert_eq!(
        everything.calls_async().await,
        0,
        "{provider}, to {to:?}: nothing sent"
    );
}

#[tokio::test]
async fn what_is_not_a_phone_number_is_refused_naming_to_for_every_provider() {
    for provider in ALL {
        let message = Message::from(template_for(provider));
        for (to, says) in [
            ("abc", "contains 'a'"),
            ("+49 151", "has 5 digits, at least 7 required"),
            ("", "has no digits"),
            ("0151 12345678", "starts with 0"),
            ("+49 151 12345678901", "has 16 digits, at most 15 allowed"),
        ] {
            assert_refused(provider, to, &message, "to", says).await;
        }
    }
}

#[tokio::test]
async fn a_formatted_phone_number_is_sent_in_each_providers_form() {
    for provider in ALL {
        for to in [
            "+49 (151) 123-45678",
            "0049.151.123.456.78",
            "4915112345678",
        ] {
            let server = MockServer::start_async().await;
            let (mock, seen, pointer, form) = template_route(provider, &server);
            client(provider, &server)
                .send_template(to, &template_for(provider))
                .await
                .unwrap_or_else(|e| panic!("{provider}, to {to:?}: {e}"));
            assert_eq!(mock.calls_async().await, 1, "{provider}, to {to:?}");
            let body = seen_json(&seen);
            assert_eq!(
                body.pointer(pointer),
                Some(&Value::from(form)),
                "{provider}, to {to:?}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn text_of_4096_characters_is_sent_and_4097_refused_for_every_provider_that_sends_text() {
    // Characters, not bytes: each `é` is two bytes.
    let longest = "é".repeat(4096);
    for provider in TEXT {
        let server = MockServer::start_async().await;
        let (mock, seen, to) = reply_route(provider, false, &server);
        client(provider, &server)
            .send_text(to, &longest)
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        assert_eq!(mock.calls_async().await, 1, "{provider}");
        assert!(
            received(&seen, &longest),
            "{provider}: the whole text arrived"
        );

        let too_long = Message::text(format!("{longest}é"));
        let says = "is 4097 characters long, at most 4096 allowed";
        assert_refused(provider, to, &too_long, "text.body", says).await;
        assert_refused(provider, to, &Message::text(""), "text.body", "at least 1").await;
    }
}

#[tokio::test]
async fn a_caption_of_1024_characters_is_sent_and_1025_refused_for_every_provider_with_captions() {
    let longest = "ß".repeat(1024);
    let image = |caption: String| Media::image("https://example.com/cat.jpg").caption(caption);
    for provider in MEDIA {
        let server = MockServer::start_async().await;
        let (mock, seen, to) = reply_route(provider, true, &server);
        client(provider, &server)
            .send_media(to, &image(longest.clone()))
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        assert_eq!(mock.calls_async().await, 1, "{provider}");
        assert!(
            received(&seen, &longest),
            "{provider}: the whole caption arrived"
        );

        let too_long = Message::from(image(format!("{longest}ß")));
        let says = "is 1025 characters long, at most 1024 allowed";
        assert_refused(provider, to, &too_long, "media.caption", says).await;
    }
}

#[tokio::test]
async fn a_media_link_that_is_not_https_is_refused_for_every_provider_that_sends_media() {
    for provider in MEDIA {
        let to = if provider == Provider::Channel360 {
            APP_USER
        } else {
            TO
        };
        for link in ["http://example.com/cat.jpg", "example.com/cat.jpg", ""] {
            let media = Message::from(Media::image(link).caption("A cat"));
            assert_refused(provider, to, &media, "media.link", "").await;
        }
        let plain = Message::from(Media::image("http://example.com/cat.jpg").caption("A cat"));
        assert_refused(provider, to, &plain, "media.link", "must be https").await;
    }
    for provider in HEADER_MEDIA {
        let header = template().header(Media::image("http://example.com/banner.jpg"));
        let says = "must be https";
        assert_refused(provider, TO, &header.into(), "template.header.link", says).await;
    }
}

#[tokio::test]
async fn channel360_text_goes_to_the_app_user_id_as_an_id() {
    // An id, not a phone number: "abc" is a well-formed id and is sent as it is.
    for app_user in [APP_USER, "abc"] {
        let server = MockServer::start_async().await;
        let path = format!("/v1.1/org/{ORG}/whatsapp/appuser/{app_user}/reply");
        let (mock, seen) = recording(&server, "POST", &path, 200, Value::Null);
        client(Provider::Channel360, &server)
            .send_text(&format!(" {app_user} "), "Hello")
            .await
            .unwrap_or_else(|e| panic!("{app_user}: {e}"));
        assert_eq!(
            mock.calls_async().await,
            1,
            "{app_user}: trimmed, in the path"
        );
        assert_eq!(seen_json(&seen), serde_json::json!({"text": "Hello"}));
    }
    // Whitespace inside (a formatted phone number has some) or characters of a path are not
    // an id; nor is nothing.
    let text = Message::text("Hello");
    for to in ["5e7a1b2c 3d4e5f6a", "+49 (151) 123-45678", "a/b", ""] {
        assert_refused(Provider::Channel360, to, &text, "to", "").await;
    }
    let media = Message::from(Media::image("https://example.com/cat.jpg").caption("A cat"));
    assert_refused(
        Provider::Channel360,
        "5e7a 1b2c",
        &media,
        "to",
        "whitespace",
    )
    .await;
}
