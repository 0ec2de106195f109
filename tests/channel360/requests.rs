//! Every request example of `specs/channel360.yaml` is built through the typed API, compared
//! as JSON with the spec's example, sent to a mock server that checks method, canonical path
//! (with the organisation id given once to the client), the Bearer JWT and the body, and
//! snapshotted.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba_channel360::forms::{IngestTemplateForm, UploadFileForm};
use waba_channel360::open_enums::{
    ButtonType, ComponentFormat, ComponentType, TagType, TemplateCategory, WebhookTrigger,
};
use waba_channel360::types::{
    ComponentExample, ComponentExampleSlot, NotificationLanguage, NotificationMessage,
    NotificationRequest, NotificationTemplate, TemplateButton, TemplateComponent, TemplateCreate,
    TemplateTag, TemplateTags, TemplateUpdate, WebhookCreate,
};
use waba_channel360::{FilePart, ReplyMessage, TemplateTagSlot};
use waba_runtime::multipart;
use waba_workspace_tests::{request_example, request_example_names};

use super::{BEARER, ORG, client, response_examples, snapshot};

const APP_USER: &str = "5e7a1b2c3d4e5f6a7b8c9d0e";

fn component(
    type_: ComponentType,
    format: Option<ComponentFormat>,
    text: Option<&str>,
) -> TemplateComponent {
    let mut component = TemplateComponent::new(type_);
    component.format = format;
    component.text = text.map(str::to_string);
    component
}

fn tag(index: Option<u64>, type_: TagType) -> TemplateTag {
    let mut tag = TemplateTag::new(type_);
    tag.index = index.and_then(std::num::NonZeroU64::new);
    tag
}

/// Tags whose head and body hold the given tags, in the shape the document sends.
fn tags(head: Vec<TemplateTag>, body: Vec<TemplateTag>) -> TemplateTags {
    TemplateTags::new()
        .with_head(TemplateTagSlot::from_tags(head))
        .with_body(TemplateTagSlot::from_tags(body))
}

fn create(
    name: &str,
    description: &str,
    namespace: &str,
    language: &str,
    category: TemplateCategory,
    components: Vec<TemplateComponent>,
    tags: Option<TemplateTags>,
) -> TemplateCreate {
    let mut template = TemplateCreate::new(category, components, language, name)
        .with_description(description)
        .with_namespace(namespace)
        .with_enabled(true);
    template.tags = tags;
    template
}

/// The typed reproduction of each `create_template` example.
fn typed_create(name: &str) -> TemplateCreate {
    use TemplateCategory::{AccountUpdate, AlertUpdate, Marketing};
    let no_tags = || Some(tags(vec![], vec![]));
    match name {
        "doc_without_tags" => create(
            "hello_peter_test",
            "1234",
            "default",
            "en_US",
            AccountUpdate,
            vec![
                component(
                    ComponentType::Header,
                    Some(ComponentFormat::Text),
                    Some("1234"),
                ),
                component(ComponentType::Body, None, Some("1234")),
                component(ComponentType::Footer, None, Some("1234")),
            ],
            None,
        ),
        "doc_image_quick_reply_buttons" => create(
            "est_example_with_image_and_buttons",
            "this is a internal description",
            "channel_test_template",
            "en",
            AlertUpdate,
            vec![],
            no_tags(),
        ),
        "doc_text_with_tags" => create(
            "test_text_with_tags_button_api_2",
            "Test in API",
            "default",
            "en",
            AlertUpdate,
            vec![],
            no_tags(),
        ),
        "doc_image_with_tags" => create(
            "test_image_with_tags_api_2",
            "Test in API",
            "default",
            "en",
            AlertUpdate,
            vec![],
            no_tags(),
        ),
        "doc_text_tags_quick_reply_buttons" => create(
            "ci_test_text_tags_qr_buttons",
            "Automated Test Template",
            "default",
            "en",
            AlertUpdate,
            vec![],
            no_tags(),
        ),
        "doc_image_tags_cta_buttons" => {
            let mut image = tag(None, TagType::Image);
            image.url = Some("https://channel360-template-tags.s3.af-south-1.amazonaws.com/2023-01-03T08%3A32%3A22.190Z-MEng-Engineering-Hero-1200x600.jpeg".into());
            create(
                "ci_test_image_tags_cta_buttons",
                "Automated Test Template",
                "default",
                "en",
                AlertUpdate,
                vec![],
                Some(tags(vec![image], vec![])),
            )
        }
        "doc_video" => {
            let mut header = component(ComponentType::Header, Some(ComponentFormat::Video), None);
            header.example = Some(ComponentExampleSlot::ComponentExample(ComponentExample::new()
.with_header_url(vec!["https://channel360-template-tags.s3.af-south-1.amazonaws.com/Zendesk+Overview+Demo.mp4".into()])));
            let mut body = component(
                ComponentType::Body,
                None,
                Some("Hi {{1}}, watch this video"),
            );
            body.example = Some(ComponentExampleSlot::ComponentExample(
                ComponentExample::new().with_body_text(vec!["John".into()]),
            ));
            let mut buttons = component(ComponentType::Buttons, None, None);
            buttons.buttons = vec![TemplateButton::new("Looks Good", ButtonType::QuickReply)];
            let mut video = tag(Some(1), TagType::Video);
            video.url = Some("https://channel360-template-tags.s3.af-south-1.amazonaws.com/2024-02-08T14%3A21%3A52.234Z-TEST%20VIDEO.mp4".into());
            let mut first_name = tag(Some(1), TagType::SubscriberField);
            first_name.feilds = Some("firstName".into());
            create(
                "example_of_a_video_template",
                "Channel Mobile video template example",
                "default",
                "en_US",
                Marketing,
                vec![header, body, buttons],
                Some(tags(vec![video], vec![first_name])),
            )
        }
        other => panic!("example `{other}` of create_template has no typed reproduction"),
    }
}

/// The typed reproduction of each `send_reply` example.
fn typed_reply(name: &str) -> ReplyMessage {
    match name {
        "doc_file" => ReplyMessage::file("https://www.w3.org/dummy.pdf", "Here is a pdf attached"),
        "doc_image" => ReplyMessage::image(
            "https://example.org/test.png",
            "Here is an image attached to the message",
        ),
        "doc_text" => ReplyMessage::text("Hello World"),
        "doc_video" => ReplyMessage::video(
            "https://videoLink.mp4",
            "Here is an video attached to the message",
        ),
        other => panic!("example `{other}` of send_reply has no typed reproduction"),
    }
}

fn typed_notification(name: &str) -> NotificationRequest {
    assert_eq!(
        name, "doc_template",
        "send_notification example without reproduction"
    );
    NotificationRequest::new(
        "+27618982358",
        NotificationMessage::new(NotificationTemplate::new(
            vec![],
            NotificationLanguage::new("en_US"),
            "none_button_test",
        )),
    )
}

fn typed_update(name: &str) -> TemplateUpdate {
    assert!(matches!(name, "doc_update" | "doc_update_csv"), "{name}");
    TemplateUpdate::new(
        TemplateTags::new()
            .with_head(TemplateTagSlot::empty())
            .with_body(TemplateTagSlot::empty()),
    )
}

fn typed_webhook(name: &str) -> WebhookCreate {
    assert_eq!(
        name, "doc_all_triggers",
        "create_webhook example without reproduction"
    );
    WebhookCreate::new(
        "https://41-216-203-43.ngrok-free.app/webhook",
        vec![
            WebhookTrigger::NotificationDeliveryChannel,
            WebhookTrigger::NotificationDeliveryUser,
            WebhookTrigger::NotificationDeliveryFailure,
            WebhookTrigger::ConversationRead,
            WebhookTrigger::MessageAppMaker,
            WebhookTrigger::MessageAppUser,
        ],
    )
}

/// A mock for `method path` that requires the Bearer JWT and, if given, the JSON body.
fn expect<'a>(
    server: &'a MockServer,
    method: &str,
    path: &str,
    body: Option<&Value>,
    status: u16,
    answer: Option<&Value>,
) -> httpmock::Mock<'a> {
    server.mock(|when, then| {
        let mut when = when
            .method(method)
            .path(path)
            .header("authorization", BEARER);
        if let Some(body) = body {
            when = when.json_body(body.clone());
        }
        let _ = when;
        let then = then.status(status);
        if let Some(answer) = answer {
            then.json_body(answer.clone());
        }
    })
}

fn answer_of(operation: &str, name: &str) -> Value {
    response_examples(operation)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{operation} has no answer example `{name}`"))
}

#[tokio::test]
async fn every_create_template_example_is_reproduced_sent_and_snapshotted() {
    let names = request_example_names("channel360", "create_template");
    assert_eq!(names.len(), 7, "seven documented create shapes: {names:?}");
    for name in names {
        let expected = request_example("channel360", "create_template", &name);
        let body = typed_create(&name);
        assert_eq!(serde_json::to_value(&body).unwrap(), expected, "{name}");
        let server = MockServer::start_async().await;
        let answer = answer_of("create_template", &name);
        let path = format!("/v1.1/org/{ORG}/whatsapp/templates");
        let mock = expect(&server, "POST", &path, Some(&expected), 200, Some(&answer));
        let created = client(&server).create_template(&body).await.unwrap();
        mock.assert_async().await;
        assert_eq!(created.name, body.name.to_string(), "{name}");
        snapshot(&format!("create_template__{name}"), &expected);
    }
}

#[tokio::test]
async fn every_reply_example_is_reproduced_sent_and_snapshotted() {
    let names = request_example_names("channel360", "send_reply");
    assert_eq!(names.len(), 4, "text, image, file, video: {names:?}");
    for name in names {
        let expected = request_example("channel360", "send_reply", &name);
        let body = typed_reply(&name);
        assert_eq!(serde_json::to_value(&body).unwrap(), expected, "{name}");
        let server = MockServer::start_async().await;
        let path = format!("/v1.1/org/{ORG}/whatsapp/appuser/{APP_USER}/reply");
        // The text reply answers "No content"; the media replies answer JSON.
        let answer = (name != "doc_text").then(|| answer_of("send_reply", &name));
        let mock = expect(
            &server,
            "POST",
            &path,
            Some(&expected),
            200,
            answer.as_ref(),
        );
        let replied = client(&server).send_reply(APP_USER, &body).await.unwrap();
        mock.assert_async().await;
        match (&*replied, &answer) {
            (None, None) => {}
            (Some(r), Some(a)) => {
                assert_eq!(
                    r.message.id,
                    a["message"]["_id"].as_str().unwrap(),
                    "{name}"
                )
            }
            (got, want) => panic!("{name}: got {got:?}, documented {want:?}"),
        }
        snapshot(&format!("send_reply__{name}"), &expected);
    }
}

#[tokio::test]
async fn the_notification_example_is_reproduced_sent_and_snapshotted() {
    for name in request_example_names("channel360", "send_notification") {
        let expected = request_example("channel360", "send_notification", &name);
        let body = typed_notification(&name);
        assert_eq!(serde_json::to_value(&body).unwrap(), expected);
        let server = MockServer::start_async().await;
        let answer = answer_of("send_notification", "doc_sent");
        let path = format!("/v1.1/org/{ORG}/notification");
        let mock = expect(&server, "POST", &path, Some(&expected), 201, Some(&answer));
        let sent = client(&server).send_notification(&body).await.unwrap();
        mock.assert_async().await;
        assert_eq!(sent.status(), 201);
        assert_eq!(sent.notification.id, "143d860c5f45c9674687");
        snapshot(&format!("send_notification__{name}"), &expected);
    }
}

#[tokio::test]
async fn both_update_examples_are_reproduced_sent_and_snapshotted() {
    let names = request_example_names("channel360", "update_template");
    assert_eq!(names.len(), 2);
    for name in names {
        let expected = request_example("channel360", "update_template", &name);
        let body = typed_update(&name);
        assert_eq!(serde_json::to_value(&body).unwrap(), expected, "{name}");
        let server = MockServer::start_async().await;
        let answer = answer_of("update_template", &name);
        let mock = expect(
            &server,
            "PUT",
            "/v1.1/templates/912537239744385",
            Some(&expected),
            200,
            Some(&answer),
        );
        let updated = client(&server)
            .update_template("912537239744385", &body)
            .await
            .unwrap();
        mock.assert_async().await;
        assert_eq!(
            updated.message_template_id.as_deref(),
            Some("912537239744385")
        );
        snapshot(&format!("update_template__{name}"), &expected);
    }
}

#[tokio::test]
async fn the_webhook_example_is_reproduced_sent_and_snapshotted() {
    for name in request_example_names("channel360", "create_webhook") {
        let expected = request_example("channel360", "create_webhook", &name);
        let body = typed_webhook(&name);
        assert_eq!(serde_json::to_value(&body).unwrap(), expected);
        let server = MockServer::start_async().await;
        let path = format!("/v1.1/org/{ORG}/webhooks");
        let mock = expect(
            &server,
            "POST",
            &path,
            Some(&expected),
            200,
            Some(&json!({})),
        );
        let created = client(&server).create_webhook(&body).await.unwrap();
        mock.assert_async().await;
        assert!(created.is_empty());
        snapshot(&format!("create_webhook__{name}"), &expected);
    }
}

use waba_workspace_tests::Seen;

fn recording(server: &MockServer, path: String, answer: Value) -> (httpmock::Mock<'_>, Seen) {
    let (seen, record) = waba_workspace_tests::recorder();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(path)
            .header("authorization", BEARER)
            .is_true(record);
        then.status(200).json_body(answer);
    });
    (mock, seen)
}

/// Checks the one `file` part of a multipart body and returns a snapshot of it.
fn check_file_part(seen: &Seen, file_name: &str, mime: &str, bytes: &[u8]) -> Value {
    let (content_type, body) = seen.lock().unwrap().clone().expect("request seen");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = multipart::parse(&content_type, &body).expect("well-formed multipart");
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some(file_name));
    assert_eq!(parts[0].content_type.as_deref(), Some(mime));
    assert_eq!(&parts[0].body[..], bytes);
    json!([{
        "name": parts[0].name,
        "file_name": parts[0].file_name,
        "content_type": parts[0].content_type,
        "bytes": parts[0].body.len(),
    }])
}

#[tokio::test]
async fn both_upload_examples_are_sent_as_multipart_file_parts() {
    // The document's examples name the file of the `file` part; the bytes are ours.
    let names = request_example_names("channel360", "upload_file");
    assert_eq!(names.len(), 2);
    for name in names {
        let example = request_example("channel360", "upload_file", &name);
        let file_name = example["file"].as_str().unwrap();
        let mime = if file_name.ends_with(".png") {
            "image/png"
        } else {
            "image/webp"
        };
        let bytes: Vec<u8> = format!("bytes of {file_name}").into_bytes();
        let server = MockServer::start_async().await;
        let (mock, seen) = recording(
            &server,
            "/v1.1/templates/upload".into(),
            answer_of("upload_file", &name),
        );
        let form = UploadFileForm::new(FilePart::new(bytes.clone(), file_name, mime));
        let uploaded = client(&server).upload_file(&form).await.unwrap();
        mock.assert_async().await;
        let parts = check_file_part(&seen, file_name, mime, &bytes);
        assert_eq!(
            uploaded.uploaded_files.files()[0].originalname.as_deref(),
            Some(file_name)
        );
        snapshot(&format!("upload_file__{name}"), &parts);
    }
}

#[tokio::test]
async fn the_ingest_example_is_sent_as_a_multipart_file_part_to_the_organisation() {
    for name in request_example_names("channel360", "ingest_template") {
        let example = request_example("channel360", "ingest_template", &name);
        let file_name = example["file"].as_str().unwrap();
        let bytes = b"name,language\ntest_file,en_US\n".to_vec();
        let server = MockServer::start_async().await;
        let path = format!("/v1.1/org/{ORG}/whatsapp/templates/ingest");
        let (mock, seen) = recording(&server, path, answer_of("ingest_template", "doc_ingested"));
        let form = IngestTemplateForm::new(FilePart::new(bytes.clone(), file_name, "text/csv"));
        let ingested = client(&server).ingest_template(&form).await.unwrap();
        mock.assert_async().await;
        let parts = check_file_part(&seen, file_name, "text/csv", &bytes);
        assert_eq!(ingested.message_templates.templates()[0].name, "test_file");
        snapshot(&format!("ingest_template__{name}"), &parts);
    }
}

#[tokio::test]
async fn reads_and_deletes_use_the_canonical_paths() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    let list = server.mock(|when, then| {
        when.method("GET")
            .path(format!("/v1.1/org/{ORG}/templates/list"))
            .query_param("enabled", "true")
            .query_param("filter", "configured")
            .header("authorization", BEARER);
        then.status(200)
            .json_body(answer_of("list_templates", "doc_list"));
    });
    let get = expect(
        &server,
        "GET",
        &format!("/v1.1/org/{ORG}/templates/demowithpicture"),
        None,
        200,
        Some(&answer_of("get_template", "doc_image_header")),
    );
    let delete = expect(
        &server,
        "DELETE",
        "/v1.1/templates/912537239744385",
        None,
        200,
        Some(&json!({})),
    );
    let org = expect(
        &server,
        "GET",
        &format!("/v1.1/org/{ORG}/organization"),
        None,
        200,
        Some(&answer_of("get_organization", "doc_organization")),
    );
    let user_orgs = expect(
        &server,
        "GET",
        "/v1.1/users/5683253235608f002390f036/organization",
        None,
        200,
        Some(&answer_of(
            "get_user_organizations",
            "doc_user_organizations",
        )),
    );
    let hooks = expect(
        &server,
        "GET",
        &format!("/v1.1/org/{ORG}/webhooks"),
        None,
        200,
        Some(&answer_of("list_webhooks", "doc_webhooks")),
    );
    let delete_hook = expect(
        &server,
        "DELETE",
        &format!("/v1.1/org/{ORG}/webhooks/69390n980c76ff6d887r7"),
        None,
        200,
        Some(&json!({})),
    );

    let listed = c
        .list_templates(
            Some(true),
            Some(waba_channel360::types::TemplateFilter::Configured),
        )
        .await
        .unwrap();
    assert_eq!(listed.templates()[0].name, "order_shipped");
    assert_eq!(
        c.get_template("demowithpicture").await.unwrap().name,
        "demowithpicture"
    );
    c.delete_template("912537239744385").await.unwrap();
    assert_eq!(c.get_organization().await.unwrap().name, "Some Staging");
    assert_eq!(
        c.get_user_organizations("5683253235608f002390f036")
            .await
            .unwrap()
            .organizations()
            .len(),
        1
    );
    assert_eq!(
        c.list_webhooks().await.unwrap()["conversation"].id,
        "69390n980c76ff6d887r7"
    );
    c.delete_webhook("69390n980c76ff6d887r7").await.unwrap();
    for mock in [list, get, delete, org, user_orgs, hooks, delete_hook] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn another_organisation_is_addressed_through_with_org_id() {
    let server = MockServer::start_async().await;
    let other = expect(
        &server,
        "GET",
        "/v1.1/org/other-org-42/organization",
        None,
        200,
        Some(&answer_of("get_organization", "doc_organization")),
    );
    let c = client(&server);
    let org = c.with_org_id("other-org-42");
    assert_eq!(org.org_id(), "other-org-42");
    assert_eq!(c.org_id(), ORG);
    org.get_organization().await.unwrap();
    other.assert_async().await;
}

#[test]
fn every_request_example_in_the_spec_is_covered_here() {
    let covered = [
        "send_notification",
        "create_template",
        "update_template",
        "upload_file",
        "ingest_template",
        "create_webhook",
        "send_reply",
    ];
    waba_workspace_tests::assert_request_examples_covered("channel360", &covered);
    for name in request_example_names("channel360", "create_template") {
        let _ = typed_create(&name);
    }
    for name in request_example_names("channel360", "send_reply") {
        let _ = typed_reply(&name);
    }
}

#[tokio::test]
async fn the_typed_upload_mock_matches_the_file_part() {
    use waba_channel360::mock::MockServerExt;
    let answer: waba_channel360::types::UploadResponse = serde_json::from_value(answer_of(
        "upload_file",
        &request_example_names("channel360", "upload_file")[0],
    ))
    .unwrap();
    let server = MockServer::start_async().await;
    let other = server.upload_file(|when, then| {
        when.file("another.png");
        then.ok(&answer);
    });
    let mock = server.upload_file(|when, then| {
        when.file("logo.png");
        then.ok(&answer);
    });
    let form = UploadFileForm::new(FilePart::new(&b"\x89PNG"[..], "logo.png", "image/png"));
    client(&server).upload_file(&form).await.unwrap();
    mock.assert_async().await;
    assert_eq!(other.calls_async().await, 0);
}
