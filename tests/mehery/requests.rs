//! Every request example of `specs/mehery.yaml` is built through the typed API, compared as
//! JSON with the spec's example, sent to a mock server that matches method, path, both
//! credential headers and JSON body, and snapshotted.

use httpmock::MockServer;
use serde_json::Value;
use waba_mehery::mock::MockServerExt;
use waba_mehery::types::{
    self, CommonMsgContactCard, CommonMsgLocation, OutBoundMsgContactAddress,
    OutBoundMsgContactEmail, OutBoundMsgContactName, OutBoundMsgContactOrg,
    OutBoundMsgContactPhone, OutBoundMsgContactSocial, OutBoundMsgContactUrl, OutBoundMsgMedia,
    TmplElement, TmplElementType,
};
use waba_mehery::{Message, OutBoundContact, StringOrNumber};

use super::{ID, KEY, client, snapshot};
use waba_workspace_tests::{request_example, request_example_names, schema_example};

const CHANNEL: &str = "91SERVICENUMBER";

/// The recipient of the document's example, placeholders as printed.
fn doc_to() -> OutBoundContact {
    OutBoundContact::new()
        .with_contact_id("string")
        .with_email("string")
        .with_phone("string")
        .with_name("string")
}

fn doc_media() -> OutBoundMsgMedia {
    OutBoundMsgMedia::link("http(s)://the-url", Some("your-video-caption"))
        .with_filename("your-video-caption")
}

/// The typed reproduction of each `send_message` example.
fn typed(name: &str) -> Message {
    match name {
        "doc_text" => Message::text(CHANNEL, doc_to(), "your-text-message-content"),
        "doc_buttons" => Message::buttons(
            CHANNEL,
            doc_to(),
            "your-text-message-content",
            [TmplElement::new("string")
                .with_code("occupation")
                .with_desc("What occupation you have")
                .with_label("Occupation")
                .with_phone("+91 9988776655")
                .with_type(TmplElementType::QuickReply)
                .with_url("http://url")],
        ),
        "doc_template" => {
            let mut m = Message::template(CHANNEL, doc_to(), "FEEDBACK", "en_US")
                .with_template_data("amount", 10)
                .with_template_data("currency", "INR");
            if let Message::Template { template, .. } = &mut m {
                template.id = Some("60d236c6142e53561cb7716c".into());
                template.linked = Some("string".into());
            }
            m
        }
        "doc_image" => Message::image(CHANNEL, doc_to(), doc_media()),
        "doc_video" => Message::video(CHANNEL, doc_to(), doc_media()),
        "doc_audio" => Message::audio(CHANNEL, doc_to(), doc_media()),
        "doc_document" => Message::document(CHANNEL, doc_to(), doc_media()),
        "doc_location" => {
            let mut location = CommonMsgLocation::at(12.90909, 6.90808).unwrap();
            location.address = Some("1 Hacker Way, Menlo Park, CA, 94025".into());
            location.name = Some("Main Building".into());
            location.url = Some("Location URL".into());
            Message::location(CHANNEL, doc_to(), location)
        }
        "doc_contacts" => Message::contacts(
            CHANNEL,
            doc_to(),
            [CommonMsgContactCard::new(
                vec![OutBoundMsgContactAddress::new(
                    "Menlo Park",
                    "United States",
                    "us",
                    "CA",
                    "1 Hacker Way",
                    "HOME", // The document prints the zip code as a number.
                    StringOrNumber::from(94025_i64),
                )],
                "string",
                vec![OutBoundMsgContactEmail::new("test@whatsapp.com", "WORK")],
                vec![OutBoundMsgContactSocial::new(
                    "FACEBOOK",
                    "https://www.facebook.com",
                )],
                OutBoundMsgContactName::new("John", "John Smith", "Smith"),
                OutBoundMsgContactOrg::new("WhatsApp", "Design", "Manager"),
                vec![OutBoundMsgContactPhone::new(
                    "+1 (940) 555-1234",
                    "HOME",
                    StringOrNumber::from(16505551234_i64),
                )],
                vec![OutBoundMsgContactUrl::new(
                    "WORK",
                    "https://www.facebook.com",
                )],
            )],
        ),
        "whatsapp_text" => Message::text(
            "wa360:919988776655",
            OutBoundContact::phone("919812345678"),
            "Your order 10234 has shipped.",
        ),
        other => panic!("example `{other}` of send_message has no typed reproduction in this test"),
    }
}

#[tokio::test]
async fn every_send_message_example_is_reproduced_sent_and_snapshotted() {
    let names = request_example_names("mehery", "send_message");
    assert!(
        names.len() >= 10,
        "expected an example per message type, found {names:?}"
    );
    let answer: types::ApiResponseOutBoundRecieptObject = serde_json::from_value(schema_example(
        "mehery",
        "ApiResponse_OutBoundReciept_object_",
    ))
    .unwrap();
    for name in names {
        let expected = request_example("mehery", "send_message", &name);
        let body = typed(&name);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            expected,
            "example `{name}`"
        );

        let server = MockServer::start_async().await;
        let mock = server.send_message(|when, then| {
            when.into_inner()
                .header("x-api-key", KEY)
                .header("x-api-id", ID)
                .json_body(expected.clone());
            then.success(200, &answer);
        });
        let sent = client(&server)
            .send(body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        mock.assert_async().await;
        assert_eq!(sent.status(), 200);
        assert_eq!(sent.message_id(), Some("gBEGkYiEB1VXAglK1ZEqA1YKPrU"));
        snapshot(&format!("send_message__{name}"), &expected);
    }
}

/// Sends `body` to `op` on a mock that answers with the schema example `answer`, checking
/// path, credentials and body; snapshots the body.
async fn reproduce(op: &str, path: &str, name: &str, body: Value, answer: &str) -> Value {
    let expected = request_example("mehery", op, name);
    assert_eq!(body, expected, "{op} example `{name}`");
    let answer = schema_example("mehery", answer);
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(path)
            .header("x-api-key", KEY)
            .header("x-api-id", ID)
            .json_body(expected.clone());
        then.status(200).json_body(answer.clone());
    });
    let c = client(&server);
    let got = match op {
        "set_webhook" => to_value(&*c.set_webhook(&from_value(&body)).await.unwrap()),
        "update_contact_lang_prefs" => to_value(
            &*c.update_contact_lang_prefs(&from_value(&body))
                .await
                .unwrap(),
        ),
        "push_customer_data" => to_value(&*c.push_customer_data(&from_value(&body)).await.unwrap()),
        "push_customer_event" => {
            to_value(&*c.push_customer_event(&from_value(&body)).await.unwrap())
        }
        "close_session" => to_value(&*c.close_session(&from_value(&body)).await.unwrap()),
        "get_session_messages" => {
            to_value(&*c.get_session_messages(&from_value(&body)).await.unwrap())
        }
        "resolve_session" => to_value(&*c.resolve_session(&from_value(&body)).await.unwrap()),
        "route_session" => to_value(&*c.route_session(&from_value(&body)).await.unwrap()),
        other => panic!("no call for {other}"),
    };
    mock.assert_async().await;
    snapshot(&format!("{op}__{name}"), &expected);
    got
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// The typed body, re-read as the operation's body type, so a test cannot pass a body the
/// typed API would not produce.
fn from_value<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

#[tokio::test]
async fn the_configuration_contact_and_analytics_examples_are_sent_as_documented() {
    let webhook = types::WebhookUrlRequest::new("https://www.example.com/webhook");
    let app = reproduce(
        "set_webhook",
        "/api/v1/config/webhook",
        "doc",
        to_value(&webhook),
        "ApiResponse_ClientApp_object_",
    )
    .await;
    assert_eq!(app["data"]["webhook"], "string");

    let prefs = types::ContactPrefsUpdate::new("fb:12121212121", "en_US");
    reproduce(
        "update_contact_lang_prefs",
        "/api/v1/contact/prefs/lang",
        "doc",
        to_value(&prefs),
        "ApiResultsMetaCompactResponse_InBoundEvent_object_",
    )
    .await;

    let link = || types::DigitalObjectLink::new("string", "string", "string");
    let data =
        types::DigitalObjectDto::new(serde_json::Map::new(), "string", vec![link()], "string");
    reproduce(
        "push_customer_data",
        "/api/v1/data/push",
        "doc",
        to_value(&data),
        "ApiResponse_DigitalObjectDto_object_",
    )
    .await;

    let event = types::DigitalEventDto::new(
        "CUSTOMER_CREATED", // The document sends the id as a number.
        StringOrNumber::from(1234567_i64),
        vec![link()],
    );
    let stored = reproduce(
        "push_customer_event",
        "/api/v1/event/push",
        "doc",
        to_value(&event),
        "ApiResponse_DigitalEventDto_object_",
    )
    .await;
    assert_eq!(stored["data"]["id"], 1234567);
}

#[tokio::test]
async fn the_session_examples_are_sent_as_documented() {
    let session = types::SessionStatusClose::new("61f3810a02e14c0877fc1a32");
    for (op, path, answer) in [
        (
            "close_session",
            "/api/v1/session/close",
            "ApiResultsMetaCompactResponse_InBoundEvent_object_",
        ),
        (
            "get_session_messages",
            "/api/v1/session/messages",
            "ApiResultsMetaCompactResponse_ChatMessageDTO_object_",
        ),
        (
            "resolve_session",
            "/api/v1/session/resolve",
            "ApiResultsMetaCompactResponse_InBoundEvent_object_",
        ),
    ] {
        let got = reproduce(op, path, "doc", to_value(&session), answer).await;
        assert_eq!(got["status"], 200, "{op}");
    }

    let routing = types::SessionQueueAssignment::new(
        serde_json::Map::new(),
        "external_bot",
        "61f3810a02e14c0877fc1a32",
    )
    .with_agent("external_bot")
    .with_skills(vec!["dental".to_string(), "ortho".to_string()])
    .with_team("external_bot");
    reproduce(
        "route_session",
        "/api/v1/session/routing",
        "doc",
        to_value(&routing),
        "ApiResultsMetaCompactResponse_InBoundEvent_object_",
    )
    .await;
}

#[tokio::test]
async fn the_get_operations_send_their_query_and_read_the_documented_answers() {
    let server = MockServer::start_async().await;
    let channels = schema_example("mehery", "ApiResultsMetaCompactResponse_MsgChannel_object_");
    // The document names the parameter `sabdnox` in its table and `sandbox` in its prose:
    // the helper sends both.
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/config/channels")
            .header("x-api-key", KEY)
            .header("x-api-id", ID)
            .query_param("sabdnox", "true")
            .query_param("sandbox", "true");
        then.status(200).json_body(channels.clone());
    });
    let vars = schema_example("mehery", "ApiResponse_CompanyVarsConfigDoc_object_");
    let vars_mock = server.list_global_vars(|when, then| {
        when.channel_id("wa360:919988776655");
        then.ok(&serde_json::from_value(vars.clone()).unwrap());
    });
    let hsm = schema_example("mehery", "ApiResponse_HSMTemplateDoc_object_");
    let hsm_mock = server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/config/tmpl/hsm")
            .query_param("channelId", "wa360:919988776655")
            .query_param_missing("channelStatus");
        then.status(200).json_body(hsm.clone());
    });
    let c = client(&server);
    let got = c.list_channels_with_sandbox(true).await.unwrap();
    let channel = &got.results[0];
    assert_eq!(channel.channel_id.as_deref(), Some("wa360:918828218374"));
    // `lane` is a string in the schema and a number in the document's example.
    assert_eq!(channel.lane.as_ref().unwrap().as_str(), "919999998888");
    assert_eq!(
        channel.contact_type,
        Some(waba_mehery::open_enums::ContactType::Whatsapp)
    );
    let got_vars = c
        .list_global_vars(Some("wa360:919988776655"))
        .await
        .unwrap();
    assert_eq!(got_vars.results.len(), 1);
    assert_eq!(got_vars.results[0].key.as_deref(), Some("string"));
    assert_eq!(got_vars.results[0].disabled, Some(true));
    let got_hsm = c
        .list_hsm_templates(Some("wa360:919988776655"), None)
        .await
        .unwrap();
    assert_eq!(got_hsm.results.len(), 1);
    list.assert_async().await;
    vars_mock.assert_async().await;
    hsm_mock.assert_async().await;
}

#[test]
fn every_request_example_in_the_spec_is_covered_here() {
    // A new example in the spec must get a typed reproduction above.
    let covered = [
        "send_message",
        "set_webhook",
        "update_contact_lang_prefs",
        "push_customer_data",
        "push_customer_event",
        "close_session",
        "get_session_messages",
        "resolve_session",
        "route_session",
    ];
    waba_workspace_tests::assert_request_examples_covered("mehery", &covered);
    for id in covered.iter().filter(|id| **id != "send_message") {
        assert_eq!(
            request_example_names("mehery", id),
            ["doc"],
            "`{id}`: a new example needs a reproduction above"
        );
    }
    for name in request_example_names("mehery", "send_message") {
        let _ = typed(&name);
    }
}
