//! Errors: provider answers typed with status, headers and raw body; bad input refused before
//! sending; unexpected answers kept; the JWT never printed.

use httpmock::MockServer;
use serde_json::json;
use waba_channel360::open_enums::{TemplateCategory, WebhookTrigger};
use waba_channel360::types::{TemplateCreate, WebhookCreate};
use waba_channel360::{BuildError, Client, ErrorKind, ReplyMessage};

use super::{BEARER, JWT, ORG, client};

#[tokio::test]
async fn an_error_answer_is_typed_and_keeps_status_headers_and_body() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET")
            .path(format!("/v1.1/org/{ORG}/templates/missing"))
            .header("authorization", BEARER);
        then.status(404)
            .header("x-request-id", "r-7")
            .json_body(json!({"message": "Template not found"}));
    });
    let err = client(&server).get_template("missing").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.operation(), "get_template");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r-7");
    let body = err.error_body().expect("a JSON object parses");
    assert_eq!(body["message"], "Template not found");
    assert!(err.to_string().contains("Template not found"), "{err}");
}

#[tokio::test]
async fn a_non_json_error_keeps_its_raw_body() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("DELETE").path("/v1.1/templates/t-1");
        then.status(401).body("Unauthorized");
    });
    let err = client(&server).delete_template("t-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.error_body().is_none());
    assert_eq!(err.body(), Some(&b"Unauthorized"[..]));
}

#[tokio::test]
async fn an_answer_that_is_not_the_documented_shape_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET")
            .path(format!("/v1.1/org/{ORG}/organization"));
        then.status(200).json_body(json!({"users": true}));
    });
    let err = client(&server).get_organization().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.body(), Some(&br#"{"users":true}"#[..]));
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    assert!(waba_channel360::types::TemplateCreateName::try_from("Hello World").is_err());

    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let c = client(&server);
    // Replies are built without a check; the send refuses what the spec forbids, naming it.
    for (reply, path) in [
        (ReplyMessage::image("not a url", "alt"), "mediaUrl"),
        (
            ReplyMessage::file("https://example.org/a.pdf", ""),
            "altText",
        ),
        (ReplyMessage::text(""), "text"),
    ] {
        let err = c.send_reply("app-user", &reply).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{path}: {err}");
        assert_eq!(
            err.validation().map(|v| v.path.as_str()),
            Some(path),
            "{err}"
        );
    }
    // A trigger this crate does not know is refused on the way out.
    let hook = WebhookCreate::new(
        "https://example.com/hook",
        vec![WebhookTrigger::Other("message:unknown".into())],
    );
    let err = c.create_webhook(&hook).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(err.validation().unwrap().path, "triggers[0]");
    // The same trigger twice, and no trigger at all.
    for triggers in [
        vec![
            WebhookTrigger::ConversationRead,
            WebhookTrigger::ConversationRead,
        ],
        vec![],
    ] {
        let hook = WebhookCreate::new("https://example.com/hook", triggers);
        let err = c.create_webhook(&hook).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert_eq!(err.validation().unwrap().path, "triggers");
    }
    // A category outside the documented ones.
    let template = TemplateCreate::new(
        TemplateCategory::Other("SPAM".into()),
        vec![],
        "en",
        "order_update",
    );
    let err = c.create_template(&template).await.unwrap_err();
    assert_eq!(err.validation().unwrap().path, "category");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn current_whatsapp_categories_are_accepted_for_a_new_template() {
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let c = client(&server);
    for category in [TemplateCategory::Utility, TemplateCategory::Authentication] {
        let template = TemplateCreate::new(category, vec![], "en", "order_update");
        // The mock answers 200 without a body, which is not a template: what matters here is
        // that the request was not refused and reached the server.
        let err = c.create_template(&template).await.unwrap_err();
        assert_ne!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    }
    assert_eq!(any.calls_async().await, 2);
}

#[test]
fn the_client_needs_a_jwt_and_an_organisation_and_never_shows_the_jwt() {
    assert!(matches!(Client::new("", ORG), Err(BuildError::Missing(_))));
    assert!(matches!(Client::new(JWT, " "), Err(BuildError::Missing(_))));
    assert!(matches!(
        Client::builder(JWT, ORG)
            .base_url("http://example.com")
            .build(),
        Err(BuildError::InsecureBaseUrl { .. })
    ));
    let builder = Client::builder(JWT, ORG);
    let c = builder.clone().build().unwrap();
    let shown = format!("{builder:?} {c:?}");
    assert!(!shown.contains(JWT), "{shown}");
    assert!(shown.contains(ORG), "{shown}");
}

#[tokio::test]
async fn a_constructor_takes_any_string_and_the_send_refuses_what_the_spec_forbids() {
    // Constructors and setters check nothing (one `?`, at the send): a constrained string the
    // spec refuses is stored as given and refused before the request leaves, naming the field.
    use waba_channel360::types::{
        NotificationLanguage, NotificationMessage, NotificationRequest, NotificationTemplate,
    };
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let c = client(&server);
    let template = || {
        NotificationMessage::new(NotificationTemplate::new(
            vec![],
            NotificationLanguage::new("en_US"),
            "order_update",
        ))
    };
    // The destination must be `+` and 7 to 15 digits.
    let request = NotificationRequest::new("4915112345678", template());
    assert_eq!(request.destination.as_str(), "4915112345678");
    let err = c.send_notification(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(err.validation().unwrap().path, "destination");
    // The template name must not be empty.
    let request = NotificationRequest::new(
        "+4915112345678",
        NotificationMessage::new(NotificationTemplate::new(
            vec![],
            NotificationLanguage::new("en_US"),
            "",
        )),
    );
    let err = c.send_notification(&request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(err.validation().unwrap().path, "message.template.name");
    assert_eq!(any.calls_async().await, 0);
}
