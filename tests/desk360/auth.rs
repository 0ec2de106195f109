//! Login on first use, one new login when the token is refused, no retry of a refused login,
//! and a client built from an existing token.

use httpmock::MockServer;
use serde_json::json;
use waba_desk360::{Client, ErrorExt, ErrorKind};

use super::{INTEGRATION, TOKEN, bearer, client};

const EMAIL: &str = "agent@example.com";
const PASSWORD: &str = "correct horse battery staple";

fn credentials_client(server: &MockServer) -> Client {
    Client::builder_with_credentials(EMAIL, PASSWORD)
        .base_url(server.base_url())
        .without_rate_limit()
        .build()
        .unwrap()
}

fn login_mock<'a>(
    server: &'a MockServer,
    status: u16,
    body: serde_json::Value,
) -> httpmock::Mock<'a> {
    server.mock(|when, then| {
        when.method("POST")
            .path("/v1/login")
            .json_body(json!({"email": EMAIL, "password": PASSWORD}));
        then.status(status).json_body(body);
    })
}

fn list_mock<'a>(server: &'a MockServer, token: &str, status: u16) -> httpmock::Mock<'a> {
    let body = if status == 200 {
        json!([{"id": 11, "display_name": "Shop"}])
    } else {
        json!({"error": {"code": "unauthenticated", "message": "Unauthenticated."}})
    };
    server.mock(|when, then| {
        when.method("GET")
            .path("/v1/integrations")
            .header("authorization", format!("Bearer {token}"));
        then.status(status).json_body(body);
    })
}

#[tokio::test]
async fn the_client_logs_in_once_on_first_use_and_sends_the_bearer_token() {
    let server = MockServer::start_async().await;
    let login = login_mock(
        &server,
        200,
        json!({"access_token": "T1", "token_type": "Bearer"}),
    );
    let list = list_mock(&server, "T1", 200);
    let c = credentials_client(&server);
    assert_eq!(
        login.calls_async().await,
        0,
        "building the client sends nothing"
    );
    for _ in 0..3 {
        let page = c.clone().list_integrations(None).await.unwrap();
        assert_eq!(page.0[0].id, 11);
    }
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(list.calls_async().await, 3);
}

#[tokio::test]
async fn a_refused_token_is_replaced_by_one_new_login() {
    let server = MockServer::start_async().await;
    let first_login = login_mock(&server, 200, json!({"access_token": "T1"}));
    let accepted = list_mock(&server, "T1", 200);
    let c = credentials_client(&server);
    c.list_integrations(None).await.unwrap();
    // The token expires: Desk360 now refuses T1 and a login hands out T2.
    first_login.delete_async().await;
    accepted.delete_async().await;
    let refused = list_mock(&server, "T1", 401);
    let second_login = login_mock(&server, 200, json!({"access_token": "T2"}));
    let fresh = list_mock(&server, "T2", 200);
    let page = c.list_integrations(None).await.unwrap();
    assert_eq!(page.0.len(), 1);
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(second_login.calls_async().await, 1);
    assert_eq!(fresh.calls_async().await, 1);
    // And the new token is kept.
    c.list_integrations(None).await.unwrap();
    assert_eq!(second_login.calls_async().await, 1);
    assert_eq!(fresh.calls_async().await, 2);
}

#[tokio::test]
async fn a_wrong_password_is_a_typed_error_and_is_never_retried() {
    let server = MockServer::start_async().await;
    let login = login_mock(
        &server,
        401,
        json!({"error": {"code": "invalid_credentials", "message": "These credentials do not match our records.", "doc_url": "https://docs.desk360.com/api"}}),
    );
    let list = list_mock(&server, "T1", 200);
    let err = credentials_client(&server)
        .list_integrations(None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.operation(), "list_integrations");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(err.is_login_refused());
    let body = err.desk360_error().expect("the error body parses");
    assert_eq!(
        body.error.message,
        "These credentials do not match our records."
    );
    assert_eq!(body.error.code.to_string(), "invalid_credentials");
    assert!(!err.to_string().contains(PASSWORD));
    assert!(!format!("{err:?}").contains(PASSWORD));
    assert_eq!(
        login.calls_async().await,
        1,
        "a refused login is not retried"
    );
    assert_eq!(
        list.calls_async().await,
        0,
        "nothing is sent without a token"
    );
}

#[tokio::test]
async fn a_locked_account_is_not_retried_even_with_retry_after() {
    let server = MockServer::start_async().await;
    let login = server.mock(|when, then| {
        when.method("POST").path("/v1/login");
        then.status(429)
            .header("Retry-After", "1")
            .json_body(json!({"error": {"code": "too_many_requests_exception", "message": "Too many login attempts."}}));
    });
    let err = credentials_client(&server)
        .send_text(INTEGRATION, "+905555555555", "Hello!")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert!(err.is_login_refused());
    assert_eq!(login.calls_async().await, 1);
}

#[tokio::test]
async fn a_client_from_a_token_never_logs_in() {
    let server = MockServer::start_async().await;
    let login = server.mock(|when, then| {
        when.path("/v1/login");
        then.status(200).json_body(json!({"access_token": "other"}));
    });
    let refused = server.mock(|when, then| {
        when.path("/v1/integrations")
            .header("authorization", bearer());
        then.status(401).json_body(
            json!({"error": {"code": "unauthenticated", "message": "Unauthenticated."}}),
        );
    });
    let err = client(&server).list_integrations(None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(login.calls_async().await, 0);
    assert!(!format!("{:?}", client(&server)).contains(TOKEN));
    let builder = Client::builder_with_credentials(EMAIL, PASSWORD);
    assert!(!format!("{builder:?}").contains(PASSWORD));
}
