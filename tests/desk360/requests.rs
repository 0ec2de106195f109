//! Every request example of `specs/desk360.yaml` is built through the typed API and compared
//! with the spec's example (JSON as JSON; a form through the JSON view the client checks),
//! sent to a mock server, compared with what the document sends (multipart part by part, as in
//! its cURL samples) and snapshotted.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba_desk360::forms::{
    BulkSendWhatsappTemplateForm, MarkWhatsappMessagesReadForm, SendWhatsappMediaMessageForm,
    SendWhatsappTemplateForm, SendWhatsappTextMessageForm,
};
use waba_desk360::mock::MockServerExt;
use waba_desk360::types::{
    Contact, ContactAddress, ContactEmail, ContactMessage, ContactName, ContactOrg, ContactPhone,
    ContactUrl, InteractiveFooter, InteractiveHeader, InteractiveMessage, LocationMessage,
    LocationRequestMessage, LoginRequest, MediaLink,
};
use waba_desk360::{FilePart, types};
use waba_workspace_tests::{request_example, request_example_names, response_example};

use super::{INTEGRATION, bearer, client, documented_parts, parts, recording_mock, snapshot};

const TO: &str = "+905555555555";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0 a small jpeg";

fn answer(op: &str) -> Value {
    response_example("desk360", op, "200")
}

fn path(tail: &str) -> String {
    format!("/v1/integrations/{INTEGRATION}/conversations/{tail}")
}

fn test_image() -> FilePart {
    FilePart::new(JPEG, "test_image.jpg", "image/jpeg")
}

fn template_form() -> SendWhatsappTemplateForm {
    SendWhatsappTemplateForm::new(1, 1).to(
        TO,
        [
            ("header-1", "Header 1"),
            ("body-1", "Body 1"),
            ("body-2", "Body 2"),
        ],
    )
}

/// The JSON view of a template form, as the spec's examples write forms (files by name).
fn template_view(form: &SendWhatsappTemplateForm) -> Value {
    let mut view = json!({
        "template_id": form.template_id,
        "language_id": form.language_id,
        "destinations": form.destinations,
    });
    if let Some(file) = &form.attachment {
        view["attachment"] = json!(file.file_name);
    }
    view
}

#[tokio::test]
async fn login_sends_the_documented_body() {
    let expected = request_example("desk360", "login", "doc");
    let body = LoginRequest::new("abc@example.com", "YOUR_PASSWORD");
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let server = MockServer::start_async().await;
    let token: types::LoginResponse = serde_json::from_value(answer("login")).unwrap();
    let mock = server.login(|when, then| {
        when.into_inner().json_body(expected.clone());
        then.ok(&token);
    });
    let got = client(&server).login(&body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(got.access_token, token.access_token);
    snapshot("login__doc", &expected);
}

#[tokio::test]
async fn a_template_with_attachment_goes_as_multipart_with_bracketed_names() {
    let expected = request_example("desk360", "send_whatsapp_template", "doc");
    let form = template_form().with_attachment(test_image());
    assert_eq!(template_view(&form), expected);
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("templates/send"),
        &answer("send_whatsapp_template"),
    );
    let sent = client(&server)
        .send_whatsapp_template(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(sent.message_id, "gBEGkFBXUQRnAglW0luHY8xsrFk");
    let got = parts(&seen);
    // The document's cURL sample, field by field.
    let documented = documented_parts(
        &[
            ("template_id", "1"),
            ("language_id", "1"),
            ("destinations[0][phone]", "+905555555555"),
            ("destinations[0][parameters][header-1]", "Header 1"),
            ("destinations[0][parameters][body-1]", "Body 1"),
            ("destinations[0][parameters][body-2]", "Body 2"),
            ("attachment", "@test_image.jpg"),
        ],
        "image/jpeg",
        JPEG.len(),
    );
    assert_eq!(got, documented);
    snapshot("send_whatsapp_template__doc", &got);
}

#[tokio::test]
async fn a_template_without_attachment_goes_as_json() {
    let expected = request_example("desk360", "send_whatsapp_template", "without_attachment");
    let form = template_form();
    assert_eq!(template_view(&form), expected);
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(path("templates/send"))
            .header("authorization", bearer())
            .header("content-type", "application/json")
            .json_body(expected.clone());
        then.status(200).json_body(answer("send_whatsapp_template"));
    });
    client(&server)
        .send_whatsapp_template(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    snapshot("send_whatsapp_template__without_attachment", &expected);
}

#[tokio::test]
async fn a_bulk_template_sends_parameters_once() {
    let expected = request_example("desk360", "bulk_send_whatsapp_template", "doc");
    let form = BulkSendWhatsappTemplateForm::new(
        1,
        1,
        [
            ("header-1", "Header 1"),
            ("body-1", "Body 1"),
            ("body-2", "Body 2"),
        ],
    )
    .to(TO)
    .with_attachment(test_image());
    let view = json!({
        "template_id": form.template_id,
        "language_id": form.language_id,
        "destinations": form.destinations,
        "parameters": form.parameters,
        "attachment": form.attachment.as_ref().map(|f| &f.file_name),
    });
    assert_eq!(view, expected);
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("templates/send/bulk"),
        &answer("bulk_send_whatsapp_template"),
    );
    let sent = client(&server)
        .bulk_send_whatsapp_template(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(sent.phones, [TO]);
    let got = parts(&seen);
    let documented = documented_parts(
        &[
            ("template_id", "1"),
            ("language_id", "1"),
            ("destinations[0][phone]", "+905555555555"),
            ("parameters[header-1]", "Header 1"),
            ("parameters[body-1]", "Body 1"),
            ("parameters[body-2]", "Body 2"),
            ("attachment", "@test_image.jpg"),
        ],
        "image/jpeg",
        JPEG.len(),
    );
    assert_eq!(got, documented);
    snapshot("bulk_send_whatsapp_template__doc", &got);
}

#[tokio::test]
async fn a_text_message_goes_as_a_form() {
    let expected = request_example("desk360", "send_whatsapp_text_message", "doc");
    let form = SendWhatsappTextMessageForm::new(TO, "Hello!");
    assert_eq!(json!({"to": form.to, "text": form.text}), expected);
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("messages"),
        &answer("send_whatsapp_text_message"),
    );
    let c = client(&server);
    c.send_whatsapp_text_message(INTEGRATION, &form)
        .await
        .unwrap();
    let got = parts(&seen);
    assert_eq!(
        got,
        documented_parts(&[("to", TO), ("text", "Hello!")], "", 0)
    );
    // The shortcut sends the same form.
    c.send_text(INTEGRATION, TO, "Hello!").await.unwrap();
    assert_eq!(parts(&seen), got);
    mock.assert_calls_async(2).await;
    snapshot("send_whatsapp_text_message__doc", &got);
}

#[tokio::test]
async fn media_go_as_attachments_parts() {
    let expected = request_example("desk360", "send_whatsapp_media_message", "doc");
    let bytes = b"%PDF-1.4 a file".to_vec();
    let form = SendWhatsappMediaMessageForm::new(
        TO,
        [FilePart::new(
            bytes.clone(),
            "file",
            "application/octet-stream",
        )],
    );
    let names: Vec<_> = form.attachments.iter().map(|f| &f.file_name).collect();
    assert_eq!(json!({"to": form.to, "attachments": names}), expected);
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("messages/medias"),
        &answer("send_whatsapp_media_message"),
    );
    let sent = client(&server)
        .send_whatsapp_media_message(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        sent.medias["images"][0].media_id.as_deref(),
        Some("cae26b43-1463-44f5-9a81-f4119afbf6d9")
    );
    let got = parts(&seen);
    assert_eq!(
        got,
        documented_parts(
            &[("to", TO), ("attachments[]", "@file")],
            "application/octet-stream",
            bytes.len()
        )
    );
    snapshot("send_whatsapp_media_message__doc", &got);
}

#[tokio::test]
async fn read_receipts_go_as_message_ids_parts() {
    let expected = request_example("desk360", "mark_whatsapp_messages_read", "doc");
    let form = MarkWhatsappMessagesReadForm::new(TO, ["ABEGkFMIcyRoAgo-sGaD-H6MgPEt"]);
    assert_eq!(
        json!({"to": form.to, "message_ids": form.message_ids}),
        expected
    );
    let server = MockServer::start_async().await;
    let (mock, seen) = recording_mock(
        &server,
        &path("messages/reads"),
        &answer("mark_whatsapp_messages_read"),
    );
    let read = client(&server)
        .mark_whatsapp_messages_read(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(read.message_ids.len(), 2);
    let got = parts(&seen);
    assert_eq!(
        got,
        documented_parts(
            &[
                ("to", TO),
                ("message_ids[]", "ABEGkFMIcyRoAgo-sGaD-H6MgPEt")
            ],
            "",
            0
        )
    );
    snapshot("mark_whatsapp_messages_read__doc", &got);
}

/// A JSON operation: the typed body equals the example, the mock matches it, the answer parses.
macro_rules! json_op {
    ($test:ident, $op:ident, $body:expr) => {
        #[tokio::test]
        async fn $test() {
            let op = stringify!($op);
            let expected = request_example("desk360", op, "doc");
            let body = $body;
            assert_eq!(serde_json::to_value(&body).unwrap(), expected, "{op}");
            let server = MockServer::start_async().await;
            let sent: types::MessageSent = serde_json::from_value(answer(op)).unwrap();
            let mock = server.$op(|when, then| {
                when.integration_id(INTEGRATION)
                    .into_inner()
                    .header("authorization", bearer())
                    .json_body(expected.clone());
                then.ok(&sent);
            });
            let got = client(&server).$op(INTEGRATION, &body).await.unwrap();
            mock.assert_async().await;
            assert_eq!(got.message_id, sent.message_id);
            snapshot(&format!("{op}__doc"), &expected);
        }
    };
}

json_op!(
    a_location_is_sent_as_json,
    send_whatsapp_location_message,
    LocationMessage::new(
        TO,
        37.758056,
        -122.425332,
        Some("Facebook HQ"),
        Some("1 Hacker Way, Menlo Park, CA 94025"),
    )
);

json_op!(
    a_location_request_is_sent_as_json,
    send_whatsapp_location_request_message,
    LocationRequestMessage::new(TO, "<i>Send Location</i>")
);

json_op!(
    reply_buttons_with_image_header_and_footer_are_sent_as_json,
    send_whatsapp_interactive_message,
    {
        let mut m = InteractiveMessage::reply_buttons(
            TO,
            "<p>Hello</p>",
            [
                ("ID 1.1", "Button 1"),
                ("ID 1.2", "Button 2"),
                ("ID 1.3", "Button 3"),
            ],
        );
        m.header = Some(InteractiveHeader::Image {
            image: MediaLink::new(
                "https://fastly.picsum.photos/id/879/200/300.jpg?hmac=07llkorYxtpw0EwxaeqFKPC5woveWVLykQVnIOyiwd8",
            ),
        });
        m.footer = Some(InteractiveFooter::new("<b>Bye</b>"));
        m
    }
);

json_op!(
    a_contact_card_is_sent_as_json,
    send_whatsapp_contact_message,
    ContactMessage::new(
        vec![
            Contact::new(ContactName::new("John", "John Smith", "Smith"))
                .with_addresses(vec![
                    ContactAddress::new()
                        .with_city("Menlo Park")
                        .with_country("United States")
                        .with_country_code("us")
                        .with_state("CA")
                        .with_street("1 Hacker Way")
                        .with_type("HOME")
                        .with_zip("94025")
                ])
                .with_birthday("2012-08-18")
                .with_emails(vec![
                    ContactEmail::new()
                        .with_email("test@whatsapp.com")
                        .with_type("WORK")
                ])
                .with_org(
                    ContactOrg::new()
                        .with_company("WhatsApp")
                        .with_department("Design")
                        .with_title("Manager")
                )
                .with_phones(vec![
                    ContactPhone::new()
                        .with_phone("+1 (650) 555-1234")
                        .with_type("WORK")
                        .with_wa_id("16505551234")
                ])
                .with_urls(vec![
                    ContactUrl::new()
                        .with_url("https://www.facebook.com")
                        .with_type("WORK")
                ])
        ],
        TO
    )
);

#[test]
fn every_request_example_in_the_spec_is_covered_here() {
    // A new example in the spec must get a typed reproduction above.
    let covered: &[(&str, &[&str])] = &[
        ("login", &["doc"]),
        ("send_whatsapp_template", &["doc", "without_attachment"]),
        ("bulk_send_whatsapp_template", &["doc"]),
        ("send_whatsapp_text_message", &["doc"]),
        ("send_whatsapp_media_message", &["doc"]),
        ("mark_whatsapp_messages_read", &["doc"]),
        ("send_whatsapp_location_message", &["doc"]),
        ("send_whatsapp_location_request_message", &["doc"]),
        ("send_whatsapp_interactive_message", &["doc"]),
        ("send_whatsapp_contact_message", &["doc"]),
    ];
    let ids: Vec<&str> = covered.iter().map(|(id, _)| *id).collect();
    waba_workspace_tests::assert_request_examples_covered("desk360", &ids);
    for (id, reproduced) in covered {
        let mut names = request_example_names("desk360", id);
        names.sort();
        let mut reproduced: Vec<String> = reproduced.iter().map(|s| s.to_string()).collect();
        reproduced.sort();
        assert_eq!(names, reproduced, "examples of `{id}`");
    }
}

#[tokio::test]
async fn the_typed_mock_of_a_multipart_operation_matches_the_form_as_sent() {
    // `server.send_whatsapp_template(..)`: generated for the multipart operation, matching its
    // path, its fields under bracketed names and the file part.
    let form = template_form().with_attachment(test_image());
    let sent_answer = types::MessageSent::new("gBEGkFBXUQRnAglW0luHY8xsrFk");
    let server = MockServer::start_async().await;
    let mock = server.send_whatsapp_template(|when, then| {
        when.integration_id(INTEGRATION)
            .template_id(&1)
            .language_id(&1)
            .destinations(&form.destinations)
            .attachment("test_image.jpg");
        then.ok(&sent_answer);
    });
    let sent = client(&server)
        .send_whatsapp_template(INTEGRATION, &form)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(sent.message_id, sent_answer.message_id);

    // Without a file the form goes as JSON; the same field matchers read it.
    let json_mock = server.send_whatsapp_template(|when, then| {
        when.template_id(&1).destinations(&form.destinations);
        then.ok(&sent_answer);
    });
    client(&server)
        .send_whatsapp_template(INTEGRATION, &template_form())
        .await
        .unwrap();
    json_mock.assert_async().await;

    // Another value of a field, or another file name, does not match.
    let server = MockServer::start_async().await;
    let other_id = server.send_whatsapp_template(|when, then| {
        when.template_id(&2);
        then.ok(&sent_answer);
    });
    let other_file = server.send_whatsapp_template(|when, then| {
        when.attachment("another.jpg");
        then.ok(&sent_answer);
    });
    let refused = client(&server)
        .send_whatsapp_template(INTEGRATION, &form)
        .await;
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(other_id.calls_async().await, 0);
    assert_eq!(other_file.calls_async().await, 0);
}
