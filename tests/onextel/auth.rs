//! Tokens: login on first use, reuse, one new login when the token is refused (also under many
//! concurrent calls), failed logins as typed errors that are never retried, and no credential
//! or token in `Debug` or errors.

use httpmock::MockServer;
use serde_json::json;
use waba_onextel::mock::MockServerExt;
use waba_onextel::{Client, ErrorKind, SendMessageRequest, Template};

use super::{EMAIL, PASSWORD, TOKEN, client, login, sent_answer};

fn message() -> SendMessageRequest {
    SendMessageRequest::new(
        "919876543210",
        "919812345678",
        "66c3054f9a1b2c3d61f5501e",
        Template::new("order_confirmation"),
    )
}

/// How the provider refuses a token inside a 200 answer.
fn token_refused_body() -> serde_json::Value {
    json!({"message": {"code": 1403, "message": "Invalid or expired token"}, "status": false})
}

#[tokio::test]
async fn the_first_call_logs_in_and_later_calls_reuse_the_token() {
    let server = MockServer::start_async().await;
    let login = login(&server, TOKEN);
    let send = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", TOKEN);
        then.into_inner().status(200).json_body(sent_answer());
    });
    let client = client(&server);
    assert_eq!(
        login.calls_async().await,
        0,
        "nothing is sent before the first call"
    );
    client.send(&message()).await.unwrap();
    client.send(&message()).await.unwrap();
    client.clone().send(&message()).await.unwrap();
    assert_eq!(
        login.calls_async().await,
        1,
        "one login for three calls and a clone"
    );
    assert_eq!(send.calls_async().await, 3);
}

/// Logs in with `t-old`, then the provider refuses `t-old` (`refusal`) and the next login
/// hands out `t-new`. Returns the number of logins after the refusal and the result.
async fn expire_and_send(refusal: impl Fn(httpmock::Then) -> httpmock::Then, calls: usize) {
    let server = MockServer::start_async().await;
    let first_login = login(&server, "t-old");
    let old_ok = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", "t-old");
        then.into_inner().status(200).json_body(sent_answer());
    });
    let client = client(&server);
    client.send(&message()).await.unwrap();
    assert_eq!(first_login.calls_async().await, 1);
    first_login.delete_async().await;
    old_ok.delete_async().await;

    // The token expires: the provider refuses it from now on.
    let refused = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", "t-old");
        refusal(then.into_inner());
    });
    let new_login = login(&server, "t-new");
    let accepted = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", "t-new");
        then.into_inner().status(200).json_body(sent_answer());
    });
    let sends = (0..calls).map(|_| {
        let (client, message) = (client.clone(), message());
        tokio::spawn(async move { client.send(&message).await })
    });
    for send in sends {
        let sent = send.await.unwrap().expect("sent after logging in again");
        assert_eq!(sent.message_id(), Some("669e5778a8f5d50aad723e7c"));
    }
    assert_eq!(
        new_login.calls_async().await,
        1,
        "exactly one new login for {calls} call(s)"
    );
    assert!((1..=calls).contains(&refused.calls_async().await));
    assert_eq!(accepted.calls_async().await, calls);
}

#[tokio::test]
async fn a_token_refused_with_http_401_is_replaced_by_one_new_login() {
    expire_and_send(|then| then.status(401).json_body(token_refused_body()), 1).await;
}

#[tokio::test]
async fn a_token_refused_inside_a_200_body_is_replaced_by_one_new_login() {
    expire_and_send(|then| then.status(200).json_body(token_refused_body()), 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_on_an_expired_token_log_in_once() {
    expire_and_send(|then| then.status(200).json_body(token_refused_body()), 50).await;
}

#[tokio::test]
async fn a_token_refused_again_after_the_new_login_is_an_error_not_a_loop() {
    let server = MockServer::start_async().await;
    let login = login(&server, TOKEN);
    let refused = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", TOKEN);
        then.into_inner()
            .status(200)
            .json_body(token_refused_body());
    });
    let err = client(&server).send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.error_body().and_then(|b| b.code()), Some(1403));
    // The rules read the 200 body as a refused token: the message was not sent.
    assert!(err.is_auth_refused(), "{err:?}");
    assert!(err.is_not_sent() && !err.is_outcome_unknown(), "{err:?}");
    assert!(!err.is_rate_limited());
    assert_eq!(login.calls_async().await, 2, "the first login and one more");
    assert_eq!(refused.calls_async().await, 2);
}

#[tokio::test]
async fn calling_the_login_directly_sends_no_token_and_a_refusal_does_not_log_in_again() {
    let server = MockServer::start_async().await;
    let refused = server.generate_token(|when, then| {
        when.into_inner().header_missing("authentication-token");
        then.into_inner().status(401).json_body(json!({"message": {"code": 1403, "message": "Login failed! wrong email id and password combination"}, "status": false}));
    });
    let form = waba_onextel::LoginForm::new(EMAIL, "wrong");
    let err = client(&server).generate_token(&form).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.error_body().unwrap().is_login_failed());
    assert_eq!(
        refused.calls_async().await,
        1,
        "no login around the login, no retry"
    );
}

async fn failed_login(status: u16) {
    let server = MockServer::start_async().await;
    let failure = waba_workspace_tests::request_example_names("onextel", "generate_token");
    assert_eq!(failure, ["login"]);
    let body = json!({
        "message": {"code": 1403, "message": "Login failed! wrong email id and password combination"},
        "status": false
    });
    let login = server.generate_token(|when, then| {
        when.into_inner().form_urlencoded_tuple("email", EMAIL);
        then.into_inner().status(status).json_body(body.clone());
    });
    let send = crate::answer_everything(&server, 200);
    let client = client(&server);
    let err = client.send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
    assert_eq!(err.operation(), "send_message");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(
        err.body().map(|b| serde_json::from_slice(b).unwrap()),
        Some(body)
    );
    assert!(err.is_auth_refused() && err.is_not_sent(), "{err:?}");
    let auth = err.auth_error().expect("the typed login error");
    assert_eq!(auth.code, Some(1403));
    assert_eq!(err.to_string(), "send_message failed to authenticate");
    assert_eq!(
        std::error::Error::source(&err).map(ToString::to_string),
        Some(
            "the login was refused: Login failed! wrong email id and password combination (code 1403)"
                .to_string()
        )
    );
    assert_eq!(
        login.calls_async().await,
        1,
        "a failed login is not retried"
    );
    // `send` also matches the login request, so it counts exactly the one login.
    assert_eq!(
        send.calls_async().await,
        0,
        "nothing is sent without a token"
    );

    // The next call tries again (once), and still sends nothing without a token.
    let again = client.send(&message()).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Auth);
    assert_eq!(login.calls_async().await, 2);
}

#[tokio::test]
async fn a_login_refused_inside_a_200_body_is_a_typed_auth_error_never_retried() {
    failed_login(200).await;
}

#[tokio::test]
async fn a_login_refused_with_http_401_is_a_typed_auth_error_never_retried() {
    failed_login(401).await;
}

#[tokio::test]
async fn a_login_answered_503_is_not_retried_either() {
    let server = MockServer::start_async().await;
    let login = server.generate_token(|_, then| {
        then.into_inner()
            .status(503)
            .header("retry-after", "0")
            .body("");
    });
    let err = client(&server).send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(login.calls_async().await, 1);
}

#[tokio::test]
async fn credentials_and_tokens_never_appear_in_debug_or_errors() {
    const SECRET_EMAIL: &str = "secret-mailbox-7781@example.com";
    const SECRET_PASSWORD: &str = "pw-SECRET-3391";
    const SECRET_TOKEN: &str = "tok-SECRET-5523";
    let server = MockServer::start_async().await;
    let mut answer = super::login_answer(SECRET_TOKEN);
    answer["response"]["token"] = json!(SECRET_TOKEN);
    server.generate_token(|when, then| {
        when.into_inner()
            .form_urlencoded_tuple("password", SECRET_PASSWORD);
        then.into_inner().status(200).json_body(answer.clone());
    });
    server.send_message(|when, then| {
        when.into_inner()
            .header("authentication-token", SECRET_TOKEN);
        then.into_inner().status(200).json_body(
            json!({"message": "Journey not found", "code": 101, "status": false, "data": null}),
        );
    });
    let builder = Client::builder(SECRET_EMAIL, SECRET_PASSWORD).base_url(server.base_url());
    let client = builder.clone().build().unwrap();
    let err = client.send(&message()).await.unwrap_err();
    assert_eq!(
        err.error_body().map(|b| b.is_journey_not_found()),
        Some(true)
    );
    let form = waba_onextel::LoginForm::new(SECRET_EMAIL, SECRET_PASSWORD);
    let login = client.generate_token(&form).await.unwrap();
    assert_eq!(login.response.token.expose(), SECRET_TOKEN);

    let printed = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{form:?}"),
        format!("{login:?}"),
        format!("{:?}", client.runtime()),
    ];
    for text in printed {
        for secret in [SECRET_EMAIL, SECRET_PASSWORD, SECRET_TOKEN] {
            assert!(!text.contains(secret), "`{secret}` shown in {text}");
        }
    }

    // A failed login's error does not show the credentials either.
    let refusing = MockServer::start_async().await;
    refusing.generate_token(|_, then| {
        then.into_inner().status(200).json_body(json!({"message": {"code": 1403, "message": "Login failed! wrong email id and password combination"}, "status": false}));
    });
    let err = Client::builder(SECRET_EMAIL, SECRET_PASSWORD)
        .base_url(refusing.base_url())
        .build()
        .unwrap()
        .send(&message())
        .await
        .unwrap_err();
    for text in [format!("{err:?}"), err.to_string()] {
        for secret in [SECRET_EMAIL, SECRET_PASSWORD] {
            assert!(!text.contains(secret), "`{secret}` shown in {text}");
        }
    }
}

#[test]
fn empty_credentials_are_refused_when_building() {
    let err = Client::builder("", PASSWORD).build().unwrap_err();
    assert_eq!(err.to_string(), "the 365cx.io login `email` is required");
    let err = Client::builder(EMAIL, "").build().unwrap_err();
    assert_eq!(err.to_string(), "the 365cx.io login `password` is required");
}
