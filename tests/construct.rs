//! Client construction generated from the specs: a user's own `reqwest::Client`, plain HTTP
//! only with the explicit opt-in, every documented server by name, an existing token instead
//! of a login, and the spec's retry rules.

use httpmock::MockServer;
use serde_json::json;
use waba_runtime::BuildError;

/// A `reqwest::Client` of the user's with a default header the mock server requires (as a
/// proxy or a gateway in front of the provider would).
fn users_client() -> reqwest::Client {
    waba_runtime::install_crypto_provider();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-gateway", "users-client".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_users_client_is_used_and_the_credentials_still_go_on_every_request() {
    let server = MockServer::start_async().await;
    let channels = server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/config/channels")
            .header("x-gateway", "users-client")
            .header("x-api-key", "key-1")
            .header("x-api-id", "id-1")
            // progenitor's `api-version` header, which no provider documents, is never sent.
            .header_missing("api-version");
        then.status(200).json_body(json!({"results": []}));
    });
    let client = waba_mehery::Client::builder("key-1")
        .api_id("id-1")
        .base_url(server.base_url())
        .http_client(users_client())
        .build()
        .unwrap();
    client.list_channels(None, None).await.unwrap();
    client.clone().list_channels(None, None).await.unwrap();
    assert_eq!(channels.calls_async().await, 2);

    // Without the user's client the gateway header is missing: the mock above does not match.
    let plain = waba_mehery::Client::builder("key-1")
        .api_id("id-1")
        .base_url(server.base_url())
        .build()
        .unwrap();
    assert!(plain.list_channels(None, None).await.is_err());
    assert_eq!(channels.calls_async().await, 2);
}

#[tokio::test]
async fn a_users_client_carries_the_login_and_the_token_it_obtained() {
    use waba_onextel::mock::MockServerExt;
    let server = MockServer::start_async().await;
    let login = server.generate_token(|when, then| {
        when.into_inner()
            .header("x-gateway", "users-client")
            .header_missing("authentication-token")
            .form_urlencoded_tuple("email", "ops@example.com")
            .form_urlencoded_tuple("password", "pw")
            .form_urlencoded_tuple("longTermToken", "true");
        let mut answer = waba_workspace_tests::response_example("onextel", "generate_token", "200");
        answer["response"]["token"] = json!("tok-1");
        then.into_inner().status(200).json_body(answer);
    });
    let send = server.send_message(|when, then| {
        when.into_inner()
            .header("x-gateway", "users-client")
            .header("authentication-token", "tok-1")
            .header_missing("api-version");
        then.into_inner()
            .status(200)
            .json_body(waba_workspace_tests::response_example(
                "onextel",
                "send_message",
                "200",
            ));
    });
    let client = waba_onextel::Client::builder("ops@example.com", "pw")
        .long_term_token(true)
        .base_url(server.base_url())
        .http_client(users_client())
        .build()
        .unwrap();
    let message = waba_onextel::SendMessageRequest::new(
        "919876543210",
        "919812345678",
        "66c3054f9a1b2c3d61f5501e",
        waba_onextel::Template::new("order_confirmation"),
    );
    client.send(&message).await.unwrap();
    client.send(&message).await.unwrap();
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(send.calls_async().await, 2);
}

#[tokio::test]
async fn an_existing_token_is_sent_without_a_login_also_through_a_users_client() {
    use waba_onextel::mock::MockServerExt;
    let server = MockServer::start_async().await;
    let login = server.generate_token(|when, then| {
        when.into_inner();
        then.into_inner().status(500);
    });
    let send = server.send_message(|when, then| {
        when.into_inner()
            .header("x-gateway", "users-client")
            .header("authentication-token", "long-term-token");
        then.into_inner()
            .status(200)
            .json_body(waba_workspace_tests::response_example(
                "onextel",
                "send_message",
                "200",
            ));
    });
    let client = waba_onextel::Client::builder_with_token("long-term-token")
        .base_url(server.base_url())
        .http_client(users_client())
        .build()
        .unwrap();
    let message = waba_onextel::SendMessageRequest::new(
        "919876543210",
        "919812345678",
        "66c3054f9a1b2c3d61f5501e",
        waba_onextel::Template::new("order_confirmation"),
    );
    client.send(&message).await.unwrap();
    assert_eq!(send.calls_async().await, 1);
    assert_eq!(login.calls_async().await, 0, "no login was attempted");
    assert!(matches!(
        waba_onextel::Client::with_token(""),
        Err(BuildError::Missing(_))
    ));
}

/// Builds each provider's client for `url`, with or without the opt-in.
fn build_all(url: &str, allow: bool) -> Vec<(&'static str, Result<String, BuildError>)> {
    macro_rules! one {
        ($name:literal, $builder:expr) => {{
            let mut b = $builder.base_url(url);
            if allow {
                b = b.allow_insecure_http();
            }
            ($name, b.build().map(|c| c.base_url().to_string()))
        }};
    }
    vec![
        one!("dialog360", waba_dialog360::Client::builder("k")),
        one!("onextel", waba_onextel::Client::builder("e", "p")),
        one!("channel360", waba_channel360::Client::builder("jwt", "org")),
        one!("mehery", waba_mehery::Client::builder("k")),
        one!("desk360", waba_desk360::Client::builder("e", "p")),
    ]
}

#[test]
fn plain_http_to_another_host_needs_allow_insecure_http() {
    for (provider, result) in build_all("http://mock-provider:8080", false) {
        let err = result.expect_err(provider);
        assert!(
            matches!(err, BuildError::InsecureBaseUrl { .. }),
            "{provider}: {err}"
        );
        assert!(
            err.to_string().contains("allow_insecure_http()"),
            "{provider}: the error names the setting: {err}"
        );
    }
    for (provider, result) in build_all("http://mock-provider:8080/", true) {
        assert_eq!(
            result.expect(provider),
            "http://mock-provider:8080",
            "{provider}"
        );
    }
    for (provider, result) in build_all("http://127.0.0.1:8080", false) {
        assert!(result.is_ok(), "{provider}: loopback needs no opt-in");
    }
    for (provider, result) in build_all("ftp://mock-provider", true) {
        assert!(
            matches!(result, Err(BuildError::InvalidBaseUrl { .. })),
            "{provider}: the opt-in is for http only"
        );
    }
}

#[test]
fn every_documented_server_is_reachable_by_name() {
    use waba_dialog360 as d;
    let names: Vec<&str> = d::SERVERS.iter().map(|s| s.name).collect();
    assert_eq!(names, ["cloud", "on_premise", "sandbox"]);
    for server in d::SERVERS {
        let client = d::Client::builder("k")
            .server(server.name)
            .expect(server.name)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), server.url);
    }
    assert!(d::Client::builder("k").server("staging").is_none());
    let by_method = |b: d::ClientBuilder| b.build().unwrap().base_url().to_string();
    assert_eq!(
        by_method(d::Client::builder("k").sandbox()),
        d::SANDBOX_API_URL
    );
    assert_eq!(
        by_method(d::Client::builder("k").on_premise()),
        "https://waba.360dialog.io"
    );
    assert_eq!(
        by_method(d::Client::builder("k").sandbox().cloud()),
        "https://waba-v2.360dialog.io"
    );
    assert_eq!(d::Client::new("k").unwrap().base_url(), d::DEFAULT_SERVER);

    // The single-server providers: the default is the spec's server, under its old name too.
    assert_eq!(
        waba_mehery::Client::new("k").unwrap().base_url(),
        waba_mehery::MEHERY_API_URL
    );
    assert_eq!(waba_mehery::MEHERY_API_URL, "https://api.mehery.xyz/xms");
    assert_eq!(waba_onextel::BASE_URL, "https://365cx.io");
    assert_eq!(waba_channel360::API_URL, "https://www.channel360.co.za");
    assert_eq!(waba_desk360::API_URL, "https://public-api.desk360.com");
    for (provider, servers) in [
        ("onextel", waba_onextel::SERVERS),
        ("channel360", waba_channel360::SERVERS),
        ("mehery", waba_mehery::SERVERS),
        ("desk360", waba_desk360::SERVERS),
    ] {
        assert_eq!(servers.len(), 1, "{provider}");
    }
}

#[test]
fn missing_credentials_and_client_parameters_are_named() {
    let err = waba_dialog360::Client::new("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the 360dialog `D360-API-KEY` key is required"
    );
    let err = waba_channel360::Client::new("jwt", " ").unwrap_err();
    assert_eq!(err.to_string(), "the Channel360 `orgId` is required");
    let err = waba_channel360::Client::new("", "org").unwrap_err();
    assert_eq!(err.to_string(), "the Channel360 bearer token is required");
    let err = waba_mehery::Client::builder("k")
        .api_id("")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a non-empty Mehery `x-api-id` key is required"
    );
    let err = waba_desk360::Client::with_credentials("e", "").unwrap_err();
    assert_eq!(err.to_string(), "the Desk360 login `password` is required");
}

#[tokio::test]
async fn the_specs_retry_rules_apply_a_360dialog_rate_limit_400_is_sent_again() {
    use waba_dialog360::mock::MockServerExt;
    let server = MockServer::start_async().await;
    let limited = server.mock(|when, then| {
        when.method("GET").path("/v1/configs/webhook");
        then.status(400)
            .json_body(json!({"error": "You have exceeded the endpoint Rate Limit"}));
    });
    let client = waba_dialog360::Client::builder("k")
        .base_url(server.base_url())
        .retry(waba_dialog360::RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .build()
        .unwrap();
    assert!(client.get_webhook().await.is_err());
    assert_eq!(
        limited.calls_async().await,
        3,
        "every attempt of the policy"
    );

    // `x-waba-retry: false`: a media lookup is never sent twice, even when rate limited.
    let media = server.retrieve_media(|when, then| {
        when.into_inner();
        then.into_inner()
            .status(400)
            .json_body(json!({"error": "You have exceeded the endpoint Rate Limit"}));
    });
    assert!(client.retrieve_media("123").await.is_err());
    assert_eq!(media.calls_async().await, 1);
}

#[test]
fn no_builder_or_client_shows_a_credential_in_debug() {
    let shown = [
        format!(
            "{:?}",
            waba_onextel::Client::builder_with_token("TOKEN-SECRET").http_client(users_client())
        ),
        format!(
            "{:?}",
            waba_onextel::Client::builder("EMAIL-SECRET", "PW-SECRET")
        ),
        format!(
            "{:?}",
            waba_onextel::Client::builder_with_token("TOKEN-SECRET")
                .http_client(users_client())
                .build()
                .unwrap()
                .runtime()
        ),
        format!(
            "{:?}",
            waba_mehery::Client::builder("KEY-SECRET")
                .api_id("ID-SECRET")
                .http_client(users_client())
                .build()
                .unwrap()
                .runtime()
        ),
        format!(
            "{:?}",
            waba_desk360::Client::builder("EMAIL-SECRET", "PW-SECRET")
        ),
    ];
    for text in shown {
        assert!(!text.contains("SECRET"), "{text}");
    }
}
