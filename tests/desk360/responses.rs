//! Every documented response example parses into its type, through the client; errors keep
//! their typed body.

use httpmock::MockServer;
use waba_desk360::ErrorKind;
use waba_desk360::open_enums::ErrorCode;
use waba_desk360::types::{self, ErrorResponse};
use waba_runtime::response::collect;
use waba_workspace_tests::{operation, response_example, spec};

use super::{INTEGRATION, client};

#[test]
fn every_success_example_parses_into_its_type() {
    let spec = spec("desk360");
    let parse = |op: &str| response_example("desk360", op, "200");
    macro_rules! ok {
        ($op:expr, $v:expr) => {
            serde_json::from_value($v).unwrap_or_else(|e| panic!("{}: {e}", $op))
        };
    }
    let login: types::LoginResponse = ok!("login", parse("login"));
    assert_eq!(login.token_type.as_deref(), Some("Bearer"));
    let integrations: types::IntegrationList = ok!("list_integrations", parse("list_integrations"));
    assert_eq!(integrations.0[1].name.as_deref(), Some("YourIntegration2"));
    let templates: types::TemplateList =
        ok!("list_whatsapp_templates", parse("list_whatsapp_templates"));
    assert!(templates.0[0].translations[0].header_type.is_none());
    assert_eq!(
        templates.0[0].translations[1]
            .header_type
            .as_ref()
            .and_then(|h| h.label.as_deref()),
        Some("TEXT")
    );
    let bulk: types::BulkSent = ok!(
        "bulk_send_whatsapp_template",
        parse("bulk_send_whatsapp_template")
    );
    assert_eq!(bulk.phones, ["+905555555555"]);
    let media: types::MediaSent = ok!(
        "send_whatsapp_media_message",
        parse("send_whatsapp_media_message")
    );
    assert_eq!(
        media.medias["images"][0].name.as_deref(),
        Some("desk360.png")
    );
    let read: types::MessagesRead = ok!(
        "mark_whatsapp_messages_read",
        parse("mark_whatsapp_messages_read")
    );
    assert_eq!(read.message_ids.len(), 2);
    for op in [
        "send_whatsapp_template",
        "send_whatsapp_text_message",
        "send_whatsapp_location_message",
        "send_whatsapp_contact_message",
        "send_whatsapp_interactive_message",
        "send_whatsapp_location_request_message",
    ] {
        let sent: types::MessageSent = ok!(op, parse(op));
        assert!(sent.message_id.starts_with("gBEGkFBXUQRnAg"), "{op}");
    }
    // Every operation with a JSON success example was parsed above.
    let mut with_examples = 0;
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if op
                .pointer("/responses/200/content/application~1json/example")
                .is_some()
            {
                with_examples += 1;
            }
        }
    }
    assert_eq!(with_examples, 12);
}

#[tokio::test]
async fn lists_are_read_through_the_client() {
    let server = MockServer::start_async().await;
    let body = response_example("desk360", "list_whatsapp_templates", "200");
    server.mock(|when, then| {
        when.path(format!(
            "/v1/integrations/{INTEGRATION}/conversations/templates"
        ))
        .query_param("page", "2");
        then.status(200).json_body(body.clone());
    });
    let page = client(&server)
        .list_whatsapp_templates(INTEGRATION, Some(2.try_into().unwrap()))
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&*page).unwrap()[0]["id"], 75);
    assert_eq!(
        page.0[0].supported_languages[1].label.as_deref(),
        Some("Türkçe")
    );
}

#[tokio::test]
async fn media_is_downloaded_as_bytes() {
    let server = MockServer::start_async().await;
    let jpeg = b"\xff\xd8\xff\xe0 image bytes".to_vec();
    server.mock(|when, then| {
        when.method("GET").path(format!(
            "/v1/integrations/{INTEGRATION}/conversations/messages/medias/83518734-56a9-4b51-8372-93f1432cfa9b"
        ));
        then.status(200).header("content-type", "image/jpeg").body(jpeg.clone());
    });
    let media = client(&server)
        .get_whatsapp_media(INTEGRATION, "83518734-56a9-4b51-8372-93f1432cfa9b")
        .await
        .unwrap();
    let bytes = collect(media.into_inner()).await.unwrap();
    assert_eq!(&bytes[..], &jpeg[..]);
}

#[tokio::test]
async fn every_documented_error_keeps_its_typed_body() {
    let op = operation(&spec("desk360"), "send_whatsapp_location_message");
    let examples = op["responses"]["4XX"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(examples.len(), 3);
    for (name, example) in examples {
        let body = example["value"].clone();
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.path("/v1/integrations");
            then.status(422).json_body(body.clone());
        });
        let err = client(&server).list_integrations(None).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Api, "{name}");
        let typed: &ErrorResponse = err.error_body().expect("typed error body");
        assert_eq!(serde_json::to_value(typed).unwrap(), body, "{name}");
        assert!(
            !matches!(typed.error.code, ErrorCode::Other(_)),
            "{name}: a documented code"
        );
        assert!(err.to_string().contains(&typed.error.message), "{err}");
    }
}
