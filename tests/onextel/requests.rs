//! Every request example of `specs/onextel.yaml` is built through the typed API, compared as
//! JSON with the example, sent to a mock server that matches method, path, token header and
//! body, and snapshotted.

use httpmock::MockServer;
use waba_onextel::mock::MockServerExt;
use waba_onextel::types::LoginForm;
use waba_onextel::{Button, CarouselCard, Media, SatisfactionRating, SendMessageRequest, Template};
use waba_workspace_tests::{request_example, request_example_names};

use super::{EMAIL, PASSWORD, TOKEN, client, login, sent_answer, snapshot};

const FROM: &str = "919876543210";
const TO: &str = "919812345678";
const JOURNEY: &str = "66c3054f9a1b2c3d61f5501e";
const CALLBACK: &str = "https://example.com/onextel/delivery";

fn message(template: Template) -> SendMessageRequest {
    SendMessageRequest::new(FROM, TO, JOURNEY, template)
}

fn with_common(m: SendMessageRequest, dept: &str, tags: [&str; 3]) -> SendMessageRequest {
    m.with_dept_id(dept)
        .with_callback_url(CALLBACK)
        .with_tags(tags)
}

/// The typed reproduction of each `send_message` example.
fn typed(name: &str) -> SendMessageRequest {
    let diwali = ["diwali-campaign", "segment-a", "batch-17"];
    match name {
        "text" => with_common(
            message(Template::new("order_confirmation")),
            "sales",
            diwali,
        ),
        "text_variables_header_buttons" => with_common(
            message(
                Template::new("order_shipped")
                    .with_header_values(["10234"])
                    .with_body_values(["Anna"])
                    .with_button(Button::url("track/10234").with_text("Track order"))
                    .with_button(Button::quick_reply("CONTACT_SUPPORT").with_text("Talk to us"))
                    .with_button(Button::phone_number("+911204567890").with_text("Call us")),
            ),
            "sales",
            diwali,
        ),
        "media" => with_common(
            message(
                Template::new("product_launch").with_media(
                    Media::image("https://www.example.com/images/launch-banner.jpg")
                        .with_file_name("launch-banner.jpg"),
                ),
            ),
            "marketing",
            ["launch", "segment-b", "batch-18"],
        ),
        "media_variables_buttons" => with_common(
            message(
                Template::new("invoice_ready")
                    .with_body_values(["INV-2024-0117"])
                    .with_media(
                        Media::document("https://www.example.com/invoices/INV-2024-0117.pdf")
                            .with_file_name("INV-2024-0117.pdf"),
                    )
                    .with_button(Button::url("pay/INV-2024-0117").with_text("Pay now"))
                    .with_button(Button::quick_reply("INVOICE_HELP").with_text("Need help")),
            ),
            "billing",
            ["invoices", "january", "batch-19"],
        ),
        "carousel" => message(Template::carousel(
            "spring_collection",
            [
                CarouselCard::new(Media::image("https://www.example.com/images/jacket.jpg"))
                    .with_button(Button::url("products/jacket")),
                CarouselCard::new(Media::image("https://www.example.com/images/sneakers.jpg"))
                    .with_button(Button::url("products/sneakers")),
                CarouselCard::new(Media::video("https://www.example.com/videos/backpack.mp4"))
                    .with_button(Button::quick_reply("MORE_BACKPACKS")),
            ],
        )),
        other => panic!("no typed reproduction of send_message example `{other}`"),
    }
}

#[tokio::test]
async fn every_send_message_example_is_reproduced_sent_and_snapshotted() {
    let names = request_example_names("onextel", "send_message");
    assert_eq!(
        names.len(),
        5,
        "one example per documented send shape: {names:?}"
    );
    let answer = sent_answer();
    for name in names {
        let expected = request_example("onextel", "send_message", &name);
        let body = typed(&name);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            expected,
            "example `{name}`"
        );

        let server = MockServer::start_async().await;
        let login = login(&server, TOKEN);
        let mock = server.send_message(|when, then| {
            when.into_inner()
                .header("authentication-token", TOKEN)
                .header("content-type", "application/json")
                .json_body(expected.clone());
            then.into_inner().status(200).json_body(answer.clone());
        });
        let sent = client(&server)
            .send(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        mock.assert_async().await;
        login.assert_async().await;
        assert_eq!(sent.status(), 200);
        assert_eq!(sent.message_id(), Some("669e5778a8f5d50aad723e7c"));
        snapshot(&format!("send_message__{name}"), &expected);
    }
}

#[test]
fn positional_values_map_variable_one_to_key_zero() {
    let template = Template::new("t").with_body_values(["Anna", "10234", "Thursday"]);
    let values = template.parameter_values.as_ref().unwrap();
    assert_eq!(
        serde_json::to_value(values).unwrap(),
        serde_json::json!({"0": "Anna", "1": "10234", "2": "Thursday"})
    );
    assert_eq!(values.variable(1), Some("Anna"));
    assert_eq!(values.variable(3), Some("Thursday"));
    assert_eq!(values.variable(0), None);
    assert_eq!(
        values.to_ordered(),
        [Some("Anna"), Some("10234"), Some("Thursday")]
    );
}

#[tokio::test]
async fn the_login_is_form_encoded_as_documented() {
    let expected = request_example("onextel", "generate_token", "login");
    let form = LoginForm::new(EMAIL, PASSWORD);
    assert_eq!(serde_json::to_value(&form).unwrap(), expected);

    let server = MockServer::start_async().await;
    let exact = server.mock(|when, then| {
        when.method("POST")
            .path("/account/enterprise/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=ops%40example.com&password=correct-horse-battery-staple");
        then.status(200).json_body(super::login_answer(TOKEN));
    });
    let answer = client(&server).generate_token(&form).await.unwrap();
    exact.assert_async().await;
    assert_eq!(answer.response.token.expose(), TOKEN);
    assert_eq!(answer.response.u_id, Some(100));
    snapshot("generate_token__login", &expected);
}

#[tokio::test]
async fn a_long_term_token_is_asked_for_when_configured() {
    let server = MockServer::start_async().await;
    let login = server.mock(|when, then| {
        when.method("POST")
            .path("/account/enterprise/login")
            .form_urlencoded_tuple("email", EMAIL)
            .form_urlencoded_tuple("password", PASSWORD)
            .form_urlencoded_tuple("longTermToken", "true");
        then.status(200).json_body(super::login_answer(TOKEN));
    });
    let send = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", TOKEN);
        then.into_inner().status(200).json_body(sent_answer());
    });
    let client = waba_onextel::Client::builder(EMAIL, PASSWORD)
        .base_url(server.base_url())
        .long_term_token(true)
        .build()
        .unwrap();
    client.send(&typed("text")).await.unwrap();
    login.assert_async().await;
    send.assert_async().await;
}

#[tokio::test]
async fn the_rating_example_is_reproduced_sent_and_snapshotted() {
    let expected = request_example("onextel", "live_agent_satisfaction_rating", "rating");
    let body = SatisfactionRating::new("66f0c1d2e3a4b5c6d7e8f901", TO, 5);
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let server = MockServer::start_async().await;
    let login = login(&server, TOKEN);
    let mock = server.live_agent_satisfaction_rating(|when, then| {
        when.into_inner()
            .header("authentication-token", TOKEN)
            .json_body(expected.clone());
        then.ok();
    });
    let answer = client(&server)
        .live_agent_satisfaction_rating(&body)
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    mock.assert_async().await;
    login.assert_async().await;
    snapshot("live_agent_satisfaction_rating__rating", &expected);
}

#[test]
fn every_request_example_in_the_spec_is_covered_here() {
    // A new example in the spec must get a typed reproduction above.
    let covered = [
        "send_message",
        "generate_token",
        "live_agent_satisfaction_rating",
    ];
    waba_workspace_tests::assert_request_examples_covered("onextel", &covered);
    for name in request_example_names("onextel", "send_message") {
        let _ = typed(&name);
    }
    assert_eq!(
        request_example_names("onextel", "generate_token"),
        ["login"]
    );
    assert_eq!(
        request_example_names("onextel", "live_agent_satisfaction_rating"),
        ["rating"]
    );
}
