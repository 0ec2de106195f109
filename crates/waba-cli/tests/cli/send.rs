//! `waba send`: text through two providers, a template, media, `--json`, and every exit code.

use std::time::{Duration, Instant};

use httpmock::MockServer;
use serde_json::{Value, json};

use crate::{answer, only_json, recorder, schema_example, waba};

const KEY: &str = "test-d360-key-5c1e9b";
const TO: &str = "+4915112345678";

/// The documented answer to a 360dialog message (`message_accepted`).
fn accepted() -> Value {
    answer("dialog360", "send_message", "200", Some("message_accepted"))
}

/// The 360dialog environment: the provider, its key and the mock's URL.
fn d360_vars(server: &MockServer) -> Vec<(&'static str, String)> {
    vec![
        ("WABA_PROVIDER", "dialog360".into()),
        ("WABA_DIALOG360_API_KEY", KEY.into()),
        ("WABA_DIALOG360_BASE_URL", server.base_url()),
    ]
}

fn refs<'a>(vars: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    vars.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A mock of 360dialog's `POST /messages` answering `status` with `body`, recording bodies.
fn messages<'a>(
    server: &'a MockServer,
    status: u16,
    body: &str,
) -> (httpmock::Mock<'a>, crate::Bodies) {
    let (bodies, record) = recorder();
    let body = body.to_string();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path("/messages")
            .header("D360-API-KEY", KEY)
            .is_true(record);
        then.status(status)
            .header("content-type", "application/json")
            .body(body);
    });
    (mock, bodies)
}

#[test]
fn text_through_360dialog_prints_the_message_id_and_sends_the_documented_body() {
    let server = MockServer::start();
    let (mock, bodies) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(
        &["send", "text", "--to", TO, "Your order has shipped"],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        accepted()["messages"][0]["id"].as_str().unwrap()
    );
    assert_eq!(mock.calls(), 1);
    let body = only_json(&bodies);
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["to"], "4915112345678");
    assert_eq!(body["type"], "text");
    assert_eq!(body["text"]["body"], "Your order has shipped");
}

#[test]
fn text_through_mehery_with_flags_overriding_variables() {
    let server = MockServer::start();
    let receipt = schema_example("mehery", "ApiResponse_OutBoundReciept_object_");
    let (bodies, record) = recorder();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path("/api/v1/message/send")
            .header("x-api-key", "flag-key")
            .is_true(record);
        then.status(200).json_body(receipt.clone());
    });
    let url = server.base_url();
    let run = waba(
        &[
            "send",
            "text",
            "--to",
            TO,
            "Hi from the command line",
            "--provider",
            "mehery",
            "--api-key",
            "flag-key",
            "--channel-id",
            "wa360:919988776655",
        ],
        &[
            ("WABA_PROVIDER", "dialog360"),
            ("WABA_MEHERY_API_KEY", "variable-key"),
            ("WABA_MEHERY_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), receipt["data"]["id"].as_str().unwrap());
    assert_eq!(
        mock.calls(),
        1,
        "the flag's key was sent, not the variable's"
    );
    let body = only_json(&bodies);
    assert_eq!(body["channelId"], "wa360:919988776655");
    assert_eq!(body["type"], "text");
    assert_eq!(body["text"]["body"], "Hi from the command line");
    assert_eq!(body["to"]["phone"], "4915112345678");
}

#[test]
fn a_template_with_body_values_header_media_and_quick_replies() {
    let server = MockServer::start();
    let (_mock, bodies) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(
        &[
            "send",
            "template",
            "--to",
            TO,
            "order_update",
            "--language",
            "en_US",
            "--body",
            "Anna",
            "--body",
            "#10234",
            "--header-media",
            "https://example.com/invoice.pdf",
            "--header-file-name",
            "invoice.pdf",
            "--quick-reply",
            "TRACK_10234",
        ],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    let body = only_json(&bodies);
    assert_eq!(body["type"], "template");
    let template = &body["template"];
    assert_eq!(template["name"], "order_update");
    assert_eq!(template["language"]["code"], "en_US");
    let components = template["components"].as_array().unwrap();
    let of = |kind: &str| {
        components
            .iter()
            .find(|c| c["type"] == kind)
            .unwrap_or_else(|| panic!("a {kind} component in {template}"))
    };
    assert_eq!(
        of("header")["parameters"][0],
        json!({"type": "document", "document": {"link": "https://example.com/invoice.pdf",
            "filename": "invoice.pdf"}})
    );
    assert_eq!(
        of("body")["parameters"],
        json!([{"type": "text", "text": "Anna"}, {"type": "text", "text": "#10234"}])
    );
    let button = of("button");
    assert_eq!(button["sub_type"], "quick_reply");
    assert_eq!(button["parameters"][0]["payload"], "TRACK_10234");
}

#[test]
fn media_with_caption_and_file_name_and_the_json_output() {
    let server = MockServer::start();
    let (_mock, bodies) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(
        &[
            "send",
            "media",
            "--to",
            TO,
            "--kind",
            "document",
            "https://example.com/invoice.pdf",
            "--caption",
            "Your invoice",
            "--file-name",
            "invoice.pdf",
            "--json",
        ],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    let body = only_json(&bodies);
    assert_eq!(body["type"], "document");
    assert_eq!(
        body["document"],
        json!({"link": "https://example.com/invoice.pdf", "caption": "Your invoice",
            "filename": "invoice.pdf"})
    );
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert_eq!(lines[0]["provider"], "dialog360");
    assert_eq!(lines[0]["message_id"], accepted()["messages"][0]["id"]);
    assert_eq!(
        lines[0]["response"],
        accepted(),
        "the provider's whole answer"
    );
}

// Exit code 2: usage and configuration.

#[test]
fn a_missing_setting_is_exit_2_naming_its_variable() {
    let run = waba(
        &["send", "text", "--to", TO, "hi"],
        &[("WABA_PROVIDER", "dialog360")],
        b"",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("WABA_DIALOG360_API_KEY"), "{run:?}");
    assert!(run.stdout.is_empty());
}

#[test]
fn no_provider_an_unknown_provider_and_a_flag_the_provider_does_not_use_are_exit_2() {
    let run = waba(&["send", "text", "--to", TO, "hi"], &[], b"");
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("WABA_PROVIDER"), "{run:?}");

    let run = waba(
        &["send", "text", "--to", TO, "hi", "--provider", "twilio"],
        &[],
        b"",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("unknown provider `twilio`"), "{run:?}");

    let run = waba(
        &["send", "text", "--to", TO, "hi", "--org-id", "o-1"],
        &[
            ("WABA_PROVIDER", "dialog360"),
            ("WABA_DIALOG360_API_KEY", KEY),
        ],
        b"",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("does not use a org id"), "{run:?}");
    assert!(!run.stderr.contains(KEY), "{run:?}");
}

#[test]
fn a_bad_flag_is_exit_2() {
    let server = MockServer::start();
    let vars = d360_vars(&server);
    for args in [
        &[
            "send",
            "media",
            "--to",
            TO,
            "--kind",
            "gif",
            "https://example.com/a.gif",
        ][..],
        &["send", "text", "--to", TO, "hi", "--timeout", "soon"][..],
        &["send", "text", "hi"][..],
        &[
            "send",
            "template",
            "--to",
            TO,
            "t",
            "--header-media",
            "https://example.com/file",
        ][..],
    ] {
        let run = waba(args, &refs(&vars), b"");
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

// Exit code 3: refused before sending.

#[test]
fn free_text_on_onextel_is_exit_3_and_nothing_is_sent() {
    let server = MockServer::start();
    let anything = server.mock(|_, then| {
        then.status(500);
    });
    let url = server.base_url();
    let run = waba(
        &["send", "text", "--to", TO, "hi"],
        &[
            ("WABA_PROVIDER", "onextel"),
            ("WABA_ONEXTEL_EMAIL", "ops@example.com"),
            ("WABA_ONEXTEL_PASSWORD", "test-password-91f2"),
            ("WABA_ONEXTEL_SENDER", "919876543210"),
            ("WABA_ONEXTEL_JOURNEY_ID", "66c3054f9a1b2c3d61f5501e"),
            ("WABA_ONEXTEL_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("does not support text message"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("test-password-91f2"), "{run:?}");
    assert_eq!(anything.calls(), 0, "not even a login");
}

#[test]
fn an_empty_text_is_exit_3_naming_the_field_and_nothing_is_sent() {
    let server = MockServer::start();
    let (mock, _bodies) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(&["send", "text", "--to", TO, ""], &refs(&vars), b"");
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("text.body"), "{run:?}");
    assert_eq!(mock.calls(), 0);
}

// Exit code 4: the provider answered with an error.

#[test]
fn a_documented_400_is_exit_4_with_the_providers_sentence_and_no_secret() {
    let server = MockServer::start();
    let refusal = answer(
        "dialog360",
        "send_message",
        "4XX",
        Some("meta_invalid_parameter"),
    );
    let (mock, _bodies) = messages(&server, 400, &refusal.to_string());
    let vars = d360_vars(&server);
    let run = waba(&["send", "text", "--to", TO, "hi"], &refs(&vars), b"");
    assert_eq!(run.code, 4, "{run:?}");
    assert_eq!(mock.calls(), 1, "a refused message is not sent again");
    let message = refusal["error"]["message"].as_str().unwrap();
    assert!(run.stderr.contains(message), "{run:?}");
    assert!(run.stderr.contains("400"), "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "one sentence: {run:?}");
    assert!(
        !run.stderr.contains(KEY) && !run.stdout.contains(KEY),
        "{run:?}"
    );
    assert!(run.stdout.is_empty());
}

// Exit code 5: the outcome is unknown.

#[test]
fn an_unreadable_200_is_exit_5_and_is_not_sent_again() {
    let server = MockServer::start();
    let (mock, _bodies) = messages(&server, 200, "<html>maintenance</html>");
    let vars = d360_vars(&server);
    let run = waba(&["send", "text", "--to", TO, "hi"], &refs(&vars), b"");
    assert_eq!(run.code, 5, "{run:?}");
    assert_eq!(mock.calls(), 1, "never sent twice");
    assert!(!run.stderr.is_empty());
    assert!(run.stdout.is_empty());
}

#[test]
fn an_answer_later_than_the_timeout_is_exit_5() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(200)
            .json_body(accepted())
            .delay(Duration::from_secs(5));
    });
    let vars = d360_vars(&server);
    let start = Instant::now();
    let run = waba(
        &["send", "text", "--to", TO, "hi", "--timeout", "300ms"],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(mock.calls(), 1, "never sent twice");
}

#[test]
fn reply_buttons_with_a_reply_context_through_360dialog() {
    let server = MockServer::start();
    let (mock, bodies) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(
        &[
            "send",
            "buttons",
            "--to",
            TO,
            "Did the parcel arrive?",
            "--button",
            "yes:Yes, thanks",
            "--button",
            "no:No: not yet",
            "--footer",
            "Order #10234",
            "--reply-to",
            "wamid.HBgLMTIzNDU2Nzg5MA==",
        ],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(mock.calls(), 1);
    let body = only_json(&bodies);
    assert_eq!(body["type"], "interactive");
    assert_eq!(body["context"]["message_id"], "wamid.HBgLMTIzNDU2Nzg5MA==");
    let interactive = &body["interactive"];
    assert_eq!(interactive["type"], "button");
    assert_eq!(interactive["body"]["text"], "Did the parcel arrive?");
    assert_eq!(interactive["footer"]["text"], "Order #10234");
    let buttons = interactive["action"]["buttons"].as_array().unwrap();
    let replies: Vec<(&str, &str)> = buttons
        .iter()
        .map(|b| {
            (
                b["reply"]["id"].as_str().unwrap(),
                b["reply"]["title"].as_str().unwrap(),
            )
        })
        .collect();
    // The title keeps everything after the first colon.
    assert_eq!(replies, [("yes", "Yes, thanks"), ("no", "No: not yet")]);
}

#[test]
fn a_button_without_an_id_is_exit_2_and_buttons_where_unsupported_are_exit_3() {
    let server = MockServer::start();
    let (mock, _) = messages(&server, 200, &accepted().to_string());
    let vars = d360_vars(&server);
    let run = waba(
        &["send", "buttons", "--to", TO, "Pick one", "--button", "Yes"],
        &refs(&vars),
        b"",
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("ID:TITLE"), "{run:?}");

    // Onextel sends templates only: reply buttons are refused before any request.
    let onextel = MockServer::start();
    let run = waba(
        &[
            "send", "buttons", "--to", TO, "Pick one", "--button", "y:Yes",
        ],
        &[
            ("WABA_PROVIDER", "onextel"),
            ("WABA_ONEXTEL_EMAIL", "ops@example.com"),
            ("WABA_ONEXTEL_PASSWORD", "pw-3d1f"),
            ("WABA_ONEXTEL_SENDER", "919988776655"),
            ("WABA_ONEXTEL_JOURNEY_ID", "journey-1"),
            ("WABA_ONEXTEL_BASE_URL", &onextel.base_url()),
        ],
        b"",
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("reply buttons"), "{run:?}");
    assert_eq!(mock.calls(), 0);
}
