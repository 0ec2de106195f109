//! Rate limits (429 with Retry-After, the counters, the default client-side limit) and the
//! documented constraints, enforced before anything is sent.

use std::time::{Duration, Instant};

use httpmock::MockServer;
use waba_desk360::forms::{MarkWhatsappMessagesReadForm, SendWhatsappMediaMessageForm};
use waba_desk360::types::{
    Contact, ContactMessage, ContactName, InteractiveButton, InteractiveMessage,
};
use waba_desk360::{Client, ErrorKind, FilePart, RateLimit, RetryPolicy};
use waba_workspace_tests::server::{Action, ScriptedServer};

use super::{INTEGRATION, TOKEN, client};

const TO: &str = "+905555555555";
const LIMITED: &str =
    r#"{"error": {"code": "too_many_requests_exception", "message": "Too Many Attempts."}}"#;

fn scripted_client(server: &ScriptedServer, retry: Option<RetryPolicy>) -> Client {
    let mut b = Client::builder_with_token(TOKEN)
        .base_url(server.base_url())
        .without_rate_limit();
    if let Some(policy) = retry {
        b = b.retry(policy);
    }
    b.build().unwrap()
}

#[tokio::test]
async fn a_429_is_waited_out_and_retried_and_the_counters_are_readable() {
    let server = ScriptedServer::start(vec![
        Action::json(429, LIMITED)
            .header("Retry-After", "1")
            .header("X-RateLimit-Limit", "60")
            .header("X-RateLimit-Remaining", "0"),
        Action::json(200, r#"{"message_id": "gBEGkFBXUQRnAgnoOJ1ESPKBwME"}"#)
            .header("X-RateLimit-Limit", "60")
            .header("X-RateLimit-Remaining", "58"),
    ])
    .await;
    let c = scripted_client(&server, None);
    assert_eq!(c.rate_limit(), None, "nothing seen yet");
    let started = Instant::now();
    // A POST: a 429 means it was refused, so it is resent.
    let sent = c.send_text(INTEGRATION, TO, "Hello!").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(sent.message_id, "gBEGkFBXUQRnAgnoOJ1ESPKBwME");
    assert_eq!(server.requests(), 2);
    assert_eq!(
        c.rate_limit(),
        Some(RateLimit {
            limit: 60,
            remaining: 58
        })
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_configured_bound_is_returned_at_once() {
    let server =
        ScriptedServer::start(vec![Action::json(429, LIMITED).header("Retry-After", "2")]).await;
    let policy = RetryPolicy {
        max_elapsed: Duration::from_secs(1),
        ..RetryPolicy::default()
    };
    let c = scripted_client(&server, Some(policy));
    let started = Instant::now();
    let err = c.list_integrations(None).await.unwrap_err();
    // Waiting out the 2 s would have taken at least that long (a generous bound: a loaded
    // machine must not make this fail).
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(
        err.error_body()
            .map(|b| b.error.code.to_string())
            .as_deref(),
        Some("too_many_requests_exception")
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_default_limit_lets_a_burst_of_ten_through_then_holds_back() {
    let server = MockServer::start_async().await;
    crate::answer_everything(&server, 200);
    let c = Client::builder_with_token(TOKEN)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let started = Instant::now();
    for _ in 0..10 {
        c.get_whatsapp_media(INTEGRATION, "m").await.unwrap();
    }
    // Held back one by one, ten requests would take at least 10.8 s; the bound is generous so
    // that a loaded machine does not make this fail.
    assert!(started.elapsed() < Duration::from_secs(6));
    // 50 a minute: the eleventh waits about 1.2 s for its slot.
    let eleventh = tokio::time::timeout(
        Duration::from_millis(500),
        c.clone().get_whatsapp_media(INTEGRATION, "m"),
    )
    .await;
    assert!(eleventh.is_err(), "the eleventh request was not held back");
}

/// Runs `call` against a server that answers everything and checks it was refused before
/// sending, naming `path`.
async fn refused<F, Fut, T>(path: &str, call: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, waba_desk360::Error>>,
    T: std::fmt::Debug,
{
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let err = call(client(&server)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(
        err.validation().map(|v| v.path.as_str()),
        Some(path),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0, "{path}: nothing was sent");
}

fn buttons(n: usize) -> Vec<InteractiveButton> {
    (0..n)
        .map(|i| InteractiveButton::new(format!("id-{i}").as_str(), format!("Button {i}").as_str()))
        .collect()
}

#[tokio::test]
async fn documented_constraints_are_enforced_before_sending() {
    // Numbers start with + and a country code.
    refused("to", |c| async move {
        c.send_text(INTEGRATION, "905555555555", "Hi").await
    })
    .await;
    // Text ≤ 4096.
    let long = "a".repeat(4097);
    refused("text", |c| async move {
        c.send_text(INTEGRATION, TO, &long).await
    })
    .await;
    // ≤ 10 buttons (the generated type cannot stop an eleventh; the client does).
    let mut message = InteractiveMessage::reply_buttons(TO, "Pick one", [("a", "A")]);
    message.buttons = buttons(11);
    refused("buttons", |c| async move {
        c.send_whatsapp_interactive_message(INTEGRATION, &message)
            .await
    })
    .await;
    // At most 5 media of 20 MB.
    let file = |n: usize| FilePart::new(vec![0u8; n], "photo.jpg", "image/jpeg");
    let six = SendWhatsappMediaMessageForm::new(TO, (0..6).map(|_| file(10)));
    refused("attachments", |c| async move {
        c.send_whatsapp_media_message(INTEGRATION, &six).await
    })
    .await;
    let big = SendWhatsappMediaMessageForm::new(TO, [file(10), file(20 * 1024 * 1024 + 1)]);
    refused("attachments[1]", |c| async move {
        c.send_whatsapp_media_message(INTEGRATION, &big).await
    })
    .await;
    // Birthday as Y-m-d.
    let card = ContactMessage::new(
        vec![
            Contact::new(ContactName::new("John", "John Smith", "Smith"))
                .with_birthday("18.08.2012"),
        ],
        TO,
    );
    refused("contacts[0].birthday", |c| async move {
        c.send_whatsapp_contact_message(INTEGRATION, &card).await
    })
    .await;
    // A read receipt needs ids.
    let read = MarkWhatsappMessagesReadForm::new(TO, Vec::<String>::new());
    refused("message_ids", |c| async move {
        c.mark_whatsapp_messages_read(INTEGRATION, &read).await
    })
    .await;
}

#[tokio::test]
async fn convenience_constructors_check_nothing_and_the_send_refuses_naming_the_field() {
    use waba_desk360::types::{
        InteractiveFooterText, InteractiveHeaderText, InteractiveMessageBody,
    };
    let long_id = "i".repeat(201);
    let cases = [
        (
            InteractiveMessage::reply_buttons(TO, "x", [("a", "A title of 21 chars!!")]),
            "buttons[0].title",
        ),
        (
            InteractiveMessage::reply_buttons(TO, "x", [(long_id.as_str(), "A")]),
            "buttons[0].id",
        ),
        (
            InteractiveMessage::reply_buttons(TO, "x", Vec::<(&str, &str)>::new()),
            "buttons",
        ),
        (
            InteractiveMessage::reply_buttons("+0123", "x", [("a", "A")]),
            "to",
        ),
    ];
    for (message, path) in cases {
        refused(path, |c| async move {
            c.send_whatsapp_interactive_message(INTEGRATION, &message)
                .await
        })
        .await;
    }
    assert!(InteractiveMessageBody::try_from("b".repeat(1025)).is_err());
    assert!(InteractiveHeaderText::try_from("h".repeat(61)).is_err());
    assert!(InteractiveFooterText::try_from("f".repeat(61)).is_err());
    assert!(InteractiveFooterText::try_from("f".repeat(60)).is_ok());
}
