//! Every request example of `specs/dialog360.yaml` (the document's own and one per message
//! type) is built through the typed API, sent to a mock server that matches method, path,
//! `D360-API-KEY` header and JSON body, and snapshotted.

use httpmock::MockServer;
use serde_json::json;
use waba_dialog360::MediaSource;
use waba_dialog360::mock::MockServerExt;
use waba_dialog360::types::{
    self, Contact, CtaUrlParameters, InteractiveBody, InteractiveCtaUrlAction, InteractiveFooter,
    InteractiveHeader, InteractiveLocationRequestAction, InteractiveObject, Message,
    MessagesRequest, MessagingProduct, RecipientType,
};

use super::{KEY, client, snapshot};
use waba_workspace_tests::{request_example, request_example_names, response_example};

const TO: &str = "4915112345678";
const WAMID: &str = "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBCNkQ3RkI3QjI4NDg1QzFBAA==";

fn with_recipient_type(mut m: Message) -> Message {
    match &mut m {
        Message::Text { recipient_type, .. } => *recipient_type = Some(RecipientType::Individual),
        _ => unreachable!("only text examples set recipient_type"),
    }
    m
}

/// The typed reproduction of each `send_message` example.
fn typed(name: &str) -> MessagesRequest {
    let m = match name {
        "doc_cloud_text" => with_recipient_type(Message::text(TO, "Hello, dear customer!")),
        "text" => with_recipient_type(Message::text(
            TO,
            "Your order 10234 has shipped and arrives on Thursday.",
        )),
        "text_with_preview" => Message::Text {
            to: TO.into(),
            text: types::TextObject::new(
                "Track your parcel at https://www.example.com/track/10234",
            )
            .with_preview_url(true),
            biz_opaque_callback_data: None,
            context: None,
            messaging_product: MessagingProduct::Whatsapp,
            recipient_type: None,
        },
        "image_by_id" => Message::image(
            TO,
            MediaSource::Id("1283746510293847".into()),
            Some("Your receipt"),
        ),
        "image_by_link" => Message::image(
            TO,
            MediaSource::Link("https://www.example.com/images/product-42.jpg".into()),
            Some("The jacket you asked about"),
        ),
        "video" => Message::video(
            TO,
            MediaSource::Link("https://www.example.com/videos/setup-guide.mp4".into()),
            Some("How to set up your router"),
        ),
        "audio" => Message::audio(TO, MediaSource::Id("2093847561029384".into())),
        "document" => Message::document(
            TO,
            MediaSource::Link("https://www.example.com/invoices/INV-2024-0117.pdf".into()),
            Some("INV-2024-0117.pdf"),
            Some("Invoice for January"),
        ),
        "sticker" => Message::sticker(TO, MediaSource::Id("7364518290736451".into())),
        "location" => Message::location(
            TO,
            52.520008,
            13.404954,
            Some("Example Store Berlin"),
            Some("Alexanderplatz 1, 10178 Berlin"),
        ),
        "contacts" => Message::contacts(
            TO,
            [Contact::new("Anna Schmidt")
                .names(Some("Anna"), Some("Schmidt"))
                .phone("+49 151 98765432", Some("CELL"), Some("4915198765432"))
                .email("anna.schmidt@example.com", Some("WORK"))
                .org("Example GmbH", Some("Customer Success"))
                .birthday("1990-04-23")],
        ),
        "reaction" => Message::reaction(TO, WAMID, "👍"),
        // Every template example is built in `templates.rs`.
        name if name.starts_with("template_") => return super::templates::typed(name),
        "interactive_buttons" => {
            let mut m = Message::reply_buttons(
                TO,
                "When should we deliver your order?",
                [("slot-morning", "Morning"), ("slot-evening", "Evening")],
            );
            if let Message::Interactive {
                interactive: InteractiveObject::Button { header, footer, .. },
                ..
            } = &mut m
            {
                *header = Some(InteractiveHeader::Text {
                    text: "Delivery time".try_into().unwrap(),
                    sub_text: None,
                });
                *footer = Some(InteractiveFooter::new("Example Store"));
            }
            m
        }
        "interactive_list" => {
            Message::list(TO, "Pick a dish and we will start cooking.", "Show dishes")
                .header_text("Our menu")
                .footer("Delivery in 30 minutes")
                .section("Pizza")
                .row(
                    "pizza-margherita",
                    "Margherita",
                    Some("Tomato, mozzarella, basil"),
                )
                .row(
                    "pizza-funghi",
                    "Funghi",
                    Some("Tomato, mozzarella, mushrooms"),
                )
                .section("Salads")
                .row("salad-caesar", "Caesar salad", None)
                .build()
                .unwrap()
        }
        "interactive_cta_url" => interactive(InteractiveObject::CtaUrl {
            header: None,
            footer: None,
            body: InteractiveBody::new("Your tickets are ready."),
            action: InteractiveCtaUrlAction::new(CtaUrlParameters::new(
                "Open tickets",
                "https://www.example.com/tickets/10234",
            )),
        }),
        "interactive_location_request" => interactive(InteractiveObject::LocationRequestMessage {
            body: InteractiveBody::new("Share your location so we can find the nearest store."),
            action: InteractiveLocationRequestAction::new(),
        }),
        "reply_with_context" => {
            with_recipient_type(Message::text(TO, "Yes, this item is back in stock."))
                .reply_to(WAMID)
                .with_callback_data("ticket-8841")
        }
        "mark_as_read" => return MessagesRequest::mark_as_read_typing(WAMID),
        other => return super::interactive::typed(other),
    };
    MessagesRequest::Message(m)
}
fn interactive(interactive: InteractiveObject) -> Message {
    Message::Interactive {
        to: TO.into(),
        interactive,
        biz_opaque_callback_data: None,
        context: None,
        messaging_product: MessagingProduct::Whatsapp,
        recipient_type: None,
    }
}

#[tokio::test]
async fn every_send_message_example_is_reproduced_sent_and_snapshotted() {
    let names = request_example_names("dialog360", "send_message");
    assert!(
        names.len() >= 22,
        "expected an example per message type, found {names:?}"
    );
    let answer: types::SendMessageResponse =
        serde_json::from_value(response_example("dialog360", "send_message", "200")).unwrap();
    for name in names {
        let expected = request_example("dialog360", "send_message", &name);
        let body = typed(&name);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            expected,
            "example `{name}`"
        );

        let server = MockServer::start_async().await;
        let mock = server.send_message(|when, then| {
            when.into_inner()
                .header("d360-api-key", KEY)
                .json_body(expected.clone());
            then.ok(&answer);
        });
        let sent = client(&server)
            .send(body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        mock.assert_async().await;
        assert_eq!(sent.status(), 200);
        assert_eq!(sent.message_id(), answer.message_id());
        snapshot(&format!("send_message__{name}"), &expected);
    }
}

#[tokio::test]
async fn the_on_premise_example_goes_to_v1_messages() {
    let expected = request_example(
        "dialog360",
        "send_message_on_premise",
        "doc_on_premise_text",
    );
    let body = types::OnPremiseMessage::new(TO, types::OutboundMessageType::Text)
        .with_recipient_type(RecipientType::Individual)
        .with_text(types::TextObject::new("Hello from Example Store!"));
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST").path("/v1/messages").header("d360-api-key", KEY).json_body(expected.clone());
        then.status(201).json_body(json!({"messages": [{"id": "gBGGSFcCNEOPAgkO_KJ55r4w_ww"}], "meta": {"api_status": "stable", "version": "2.45.2"}}));
    });
    let sent = client(&server)
        .send_message_on_premise(&body)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(sent.messages[0].id, "gBGGSFcCNEOPAgkO_KJ55r4w_ww");
    snapshot("send_message_on_premise__doc_on_premise_text", &expected);
}

#[tokio::test]
async fn both_documented_webhook_configurations_are_sent_as_documented() {
    for name in ["doc_url_only", "doc_basic_auth"] {
        let expected = request_example("dialog360", "set_webhook", name);
        let mut config = types::WebhookConfig::new("https://example.com/whatsapp/webhook");
        if name == "doc_basic_auth" {
            config.headers.insert(
                "Authorization".into(),
                "Basic dGVzdHVzZXI6dGVzdHBhc3M=".into(),
            );
        }
        assert_eq!(serde_json::to_value(&config).unwrap(), expected, "{name}");
        let server = MockServer::start_async().await;
        let mock = server.set_webhook(|when, then| {
            when.into_inner()
                .header("d360-api-key", KEY)
                .json_body(expected.clone());
            then.success(200, &config);
        });
        let answer = client(&server).set_webhook(&config).await.unwrap();
        mock.assert_async().await;
        assert_eq!(answer.url, config.url);
        snapshot(&format!("set_webhook__{name}"), &expected);
    }
}

#[tokio::test]
async fn the_webhook_configuration_is_read_back() {
    let server = MockServer::start_async().await;
    let stored = json!({"url": "https://example.com/whatsapp/webhook", "headers": {"Authorization": "Basic dGVzdHVzZXI6dGVzdHBhc3M="}});
    let mock = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/configs/webhook")
            .header("d360-api-key", KEY);
        then.status(200).json_body(stored.clone());
    });
    let config = client(&server).get_webhook().await.unwrap();
    mock.assert_async().await;
    assert_eq!(serde_json::to_value(&*config).unwrap(), stored);
}

#[tokio::test]
async fn templates_are_created_listed_and_deleted() {
    let expected = request_example("dialog360", "create_template", "order_confirmation");
    use waba_dialog360::open_enums::{TemplateButtonKind, TemplateCategory, TemplateComponentKind};
    let component = |type_: TemplateComponentKind, text: &str| {
        types::TemplateComponentDefinition::new(type_).with_text(text)
    };
    let mut body_text = component(
        TemplateComponentKind::Body,
        "Hi {{1}}, thank you for your order {{2}}. We will let you know when it ships.",
    );
    body_text.example = Some(
        types::TemplateComponentExample::new()
            .with_body_text(vec![vec!["Anna".into(), "10234".into()]]),
    );
    let body = types::TemplateCreate::new(
        TemplateCategory::Utility,
        vec![
            body_text,
            component(TemplateComponentKind::Footer, "Example Store"),
            types::TemplateComponentDefinition::new(TemplateComponentKind::Buttons).with_buttons(
                vec![
                    types::TemplateButtonDefinition::new(TemplateButtonKind::Url)
                        .with_text("Track order")
                        .with_url("https://www.example.com/track/{{1}}")
                        .with_example(vec!["https://www.example.com/track/10234".to_string()]),
                ],
            ),
        ],
        "en_US",
        "order_confirmation",
    )
    .with_allow_category_change(true);
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let server = MockServer::start_async().await;
    let created = response_example("dialog360", "create_template", "2XX");
    let create = server.mock(|when, then| {
        when.method("POST")
            .path("/v1/configs/templates")
            .header("d360-api-key", KEY)
            .json_body(expected.clone());
        then.status(201).json_body(created.clone());
    });
    let listed = response_example("dialog360", "list_templates", "2XX");
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/configs/templates")
            .query_param("limit", "50")
            .query_param("offset", "0");
        then.status(200).json_body(listed.clone());
    });
    let delete = server.mock(|when, then| {
        when.method("DELETE")
            .path("/v1/configs/templates/order_confirmation");
        then.status(200)
            .json_body(json!({"meta": {"success": true, "http_code": 200}}));
    });
    let c = client(&server);
    let t = c.create_template(&body).await.unwrap();
    assert_eq!(t.name, "order_confirmation");
    let all = c
        .list_templates(None, Some(50), Some(0), None)
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&*all).unwrap()["waba_templates"],
        listed["waba_templates"]
    );
    c.delete_template("order_confirmation").await.unwrap();
    create.assert_async().await;
    list.assert_async().await;
    delete.assert_async().await;
    snapshot("create_template__order_confirmation", &expected);
}

#[test]
fn every_request_example_in_the_spec_is_covered_here() {
    // A new example in the spec must get a typed reproduction above.
    let covered = [
        "send_message",
        "send_message_on_premise",
        "set_webhook",
        "create_template",
    ];
    waba_workspace_tests::assert_request_examples_covered("dialog360", &covered);
    for name in request_example_names("dialog360", "send_message") {
        let _ = typed(&name);
    }
}

/// With `json-checks` (the workspace tests turn it on) a request type reads from JSON: a job
/// queue that stores each typed message as JSON gets back the message it stored, field for
/// field, for every message type of the spec's examples.
#[test]
fn with_json_checks_a_stored_message_reads_back_as_it_was_built() {
    for name in request_example_names("dialog360", "send_message") {
        let built = typed(&name);
        let stored = serde_json::to_string(&built).unwrap();
        let restored: MessagesRequest =
            serde_json::from_str(&stored).unwrap_or_else(|e| panic!("example `{name}`: {e}"));
        assert_eq!(
            serde_json::to_value(&restored).unwrap(),
            request_example("dialog360", "send_message", &name),
            "example `{name}`"
        );
        assert!(
            waba_runtime::check::Check::check(&restored).is_ok(),
            "example `{name}`: the restored message is still valid"
        );
    }
}
