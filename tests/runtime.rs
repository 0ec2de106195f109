//! The shared runtime beyond the fault matrix: tokens (single flight, one re-login, no retry of
//! failed logins) and the shared rate limiter. Redaction in log lines is in `logs.rs`, a test
//! binary of its own so that its global subscriber sees every span.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use httpmock::MockServer;
use reqwest::header::HeaderName;
use serde_json::json;
use waba_runtime::auth::BoxFuture;
use waba_runtime::{AuthError, ErrorKind, Runtime, Token, TokenSource};

/// Hands out `tokens` in order (the last one repeatedly), counting logins. Only the first token
/// expires (after `lifetime`): a later one lasting for the rest of a test keeps the count of
/// logins independent of how fast this machine runs the test.
#[derive(Debug)]
struct Source {
    logins: AtomicUsize,
    tokens: Vec<&'static str>,
    lifetime: Option<Duration>,
    fail: bool,
}

impl Source {
    fn new(tokens: Vec<&'static str>, lifetime: Option<Duration>) -> Arc<Self> {
        Arc::new(Source {
            logins: AtomicUsize::new(0),
            tokens,
            lifetime,
            fail: false,
        })
    }

    fn logins(&self) -> usize {
        self.logins.load(Ordering::SeqCst)
    }
}

impl TokenSource for Source {
    fn fetch(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move {
            let n = self.logins.fetch_add(1, Ordering::SeqCst);
            // A login takes a while, so concurrent callers really do overlap with it.
            tokio::time::sleep(Duration::from_millis(30)).await;
            if self.fail {
                return Err(AuthError {
                    code: Some(1403),
                    ..AuthError::new("invalid email or password")
                });
            }
            let value = self.tokens[n.min(self.tokens.len() - 1)];
            Ok(Token {
                value: value.into(),
                expires_at: self.lifetime.filter(|_| n == 0).map(|l| Instant::now() + l),
            })
        })
    }
}

fn runtime(source: Arc<Source>) -> Runtime {
    Runtime::builder("test")
        .token(source, HeaderName::from_static("authentication-token"), "")
        .build()
}

/// What a generated method does around one GET.
async fn call(rt: &Runtime, http: &reqwest::Client, url: &str) -> Result<u16, waba_runtime::Error> {
    rt.authorize("get_thing").await?;
    let mut request = http.get(url).build().unwrap();
    rt.prepare(&mut request, "get_thing")
        .await
        .map_err(|e| waba_runtime::Error::auth("get_thing", e))?;
    let response = rt
        .execute(http, request, "get_thing")
        .await
        .map_err(|e| waba_runtime::Error::transport("get_thing", e))?;
    Ok(response.status().as_u16())
}

fn http() -> reqwest::Client {
    waba_runtime::ClientConfig::new("http://127.0.0.1")
        .build()
        .unwrap()
        .1
}

async fn concurrently(rt: &Runtime, url: &str, n: usize) -> Vec<u16> {
    let http = http();
    let calls = (0..n).map(|_| {
        let (rt, http, url) = (rt.clone(), http.clone(), url.to_string());
        tokio::spawn(async move { call(&rt, &http, &url).await.unwrap() })
    });
    let mut out = Vec::new();
    for c in calls {
        out.push(c.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_calls_on_an_expired_token_log_in_once() {
    let server = MockServer::start_async().await;
    let old = server.mock(|when, then| {
        when.header("authentication-token", "t-old");
        then.status(200);
    });
    let new = server.mock(|when, then| {
        when.header("authentication-token", "t-new");
        then.status(200);
    });
    let source = Source::new(vec!["t-old", "t-new"], Some(Duration::from_millis(100)));
    let rt = runtime(source.clone());
    let url = server.url("/thing");
    assert_eq!(concurrently(&rt, &url, 1).await, [200]);
    assert_eq!(source.logins(), 1);
    tokio::time::sleep(Duration::from_millis(150)).await; // the token expires
    let statuses = concurrently(&rt, &url, 100).await;
    assert!(statuses.iter().all(|s| *s == 200));
    assert_eq!(
        source.logins(),
        2,
        "exactly one login for the hundred calls"
    );
    assert_eq!(old.calls_async().await, 1);
    assert_eq!(new.calls_async().await, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_causes_one_new_login_and_every_call_succeeds() {
    let server = MockServer::start_async().await;
    let refused = server.mock(|when, then| {
        when.header("authentication-token", "t-1");
        then.status(401)
            .json_body(json!({"status": false, "message": "token expired"}));
    });
    let accepted = server.mock(|when, then| {
        when.header("authentication-token", "t-2");
        then.status(200);
    });
    let source = Source::new(vec!["t-1", "t-2", "t-3"], None);
    let rt = runtime(source.clone());
    let statuses = concurrently(&rt, &server.url("/thing"), 100).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(source.logins(), 2, "one first login, one after the refusal");
    // Calls that sent the old token before the new login are resent once; the others wait for
    // the login and go out with the new token straight away.
    let refused = refused.calls_async().await;
    assert!((1..=100).contains(&refused), "{refused}");
    assert_eq!(accepted.calls_async().await, 100);
}

/// With retries off the request copy is still kept for the one new login after a refused
/// token, and only for it: the resent request is not copied again.
#[tokio::test]
async fn without_retries_a_refused_token_still_causes_one_new_login() {
    let server = MockServer::start_async().await;
    let refused = server.mock(|when, then| {
        when.header("authentication-token", "t-1").path("/thing");
        then.status(401);
    });
    let accepted = server.mock(|when, then| {
        when.header("authentication-token", "t-2").path("/thing");
        then.status(200);
    });
    let source = Source::new(vec!["t-1", "t-2"], None);
    let rt = Runtime::builder("test")
        .retry(waba_runtime::RetryPolicy::none())
        .token(
            source.clone(),
            HeaderName::from_static("authentication-token"),
            "",
        )
        .build();
    let http = http();
    let url = server.url("/thing");
    assert_eq!(call(&rt, &http, &url).await.unwrap(), 200);
    assert_eq!(source.logins(), 2);
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(accepted.calls_async().await, 1);
    // A refused token again after the new login is the answer: no third login, no resend.
    let again = server.mock(|when, then| {
        when.header("authentication-token", "t-2").path("/other");
        then.status(401);
    });
    assert_eq!(call(&rt, &http, &server.url("/other")).await.unwrap(), 401);
    assert_eq!(
        again.calls_async().await,
        2,
        "sent, refused, one new login, sent again"
    );
    assert_eq!(source.logins(), 3);
}

/// Rules of a provider that refuses a token inside a 200 body (`"code": 1403`).
#[derive(Debug)]
struct InBodyRefusal;

impl waba_runtime::RetryRules for InBodyRefusal {
    fn wants_body(&self, _operation: &str, status: reqwest::StatusCode) -> bool {
        status.is_success()
    }
    fn is_auth_failure(&self, attempt: &waba_runtime::retry::Attempt<'_>) -> bool {
        attempt
            .body
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
            .is_some_and(|v| v["code"] == 1403)
    }
}

#[tokio::test]
async fn a_token_refused_inside_a_200_body_causes_one_new_login() {
    let server = MockServer::start_async().await;
    let refused = server.mock(|when, then| {
        when.header("authentication-token", "t-1");
        then.status(200)
            .json_body(json!({"status": false, "code": 1403}));
    });
    let accepted = server.mock(|when, then| {
        when.header("authentication-token", "t-2");
        then.status(200).json_body(json!({"status": true}));
    });
    let source = Source::new(vec!["t-1", "t-2"], None);
    let rt = Runtime::builder("test")
        .rules(InBodyRefusal)
        .token(
            source.clone(),
            HeaderName::from_static("authentication-token"),
            "",
        )
        .build();
    assert_eq!(call(&rt, &http(), &server.url("/x")).await.unwrap(), 200);
    assert_eq!(source.logins(), 2);
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(accepted.calls_async().await, 1);
}

#[tokio::test]
async fn a_token_refused_twice_is_not_logged_in_a_third_time() {
    let server = MockServer::start_async().await;
    let refused = crate::answer_everything(&server, 401);
    let source = Source::new(vec!["a", "b", "c"], None);
    let rt = runtime(source.clone());
    let status = call(&rt, &http(), &server.url("/x")).await.unwrap();
    assert_eq!(status, 401);
    assert_eq!(source.logins(), 2);
    assert_eq!(refused.calls_async().await, 2);
}

#[tokio::test]
async fn a_failed_login_is_a_typed_error_and_is_never_retried() {
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let source = Arc::new(Source {
        logins: AtomicUsize::new(0),
        tokens: vec![],
        lifetime: None,
        fail: true,
    });
    let rt = runtime(source.clone());
    let err = call(&rt, &http(), &server.url("/x")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.auth_error().and_then(|a| a.code), Some(1403));
    // The login error is the source: each level says its own part once.
    assert_eq!(err.to_string(), "get_thing failed to authenticate");
    assert_eq!(
        std::error::Error::source(&err).map(ToString::to_string),
        Some("invalid email or password (code 1403)".to_string())
    );
    assert_eq!(source.logins(), 1, "a failed login is not retried");
    assert_eq!(
        any.calls_async().await,
        0,
        "nothing is sent without a token"
    );
}

#[tokio::test]
async fn the_rate_limiter_is_shared_by_clones_of_a_client() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET").path("/v1/configs/webhook");
        then.status(200)
            .json_body(json!({"url": "https://example.com/hook"}));
    });
    let build = || {
        waba_dialog360::Client::builder("k")
            .base_url(server.base_url())
            .rate_limit_per_second(std::num::NonZeroU32::new(1).unwrap())
            .build()
            .unwrap()
    };
    let client = build();
    let clone = client.clone();
    client.get_webhook().await.unwrap();
    // The clone shares the one-per-second budget the first call used up: it has to wait.
    let waited = tokio::time::timeout(Duration::from_millis(300), clone.get_webhook()).await;
    assert!(
        waited.is_err(),
        "the clone was not held back by the shared limiter"
    );
    // A separately built client has its own budget.
    let other = tokio::time::timeout(Duration::from_millis(300), build().get_webhook()).await;
    assert!(matches!(other, Ok(Ok(_))));
}

#[tokio::test]
async fn remembered_headers_keep_the_latest_value_seen() {
    let server = MockServer::start_async().await;
    let remaining = HeaderName::from_static("x-ratelimit-remaining");
    let limit = HeaderName::from_static("x-ratelimit-limit");
    let rt = Runtime::builder("test")
        .remember_headers([remaining.clone(), limit.clone()])
        .build();
    assert_eq!(rt.last_header(&remaining), None, "nothing seen yet");
    server.mock(|when, then| {
        when.path("/first");
        then.status(200)
            .header("X-RateLimit-Limit", "60")
            .header("X-RateLimit-Remaining", "58");
    });
    server.mock(|when, then| {
        when.path("/second");
        then.status(404).header("X-RateLimit-Remaining", "57");
    });
    let http = http();
    assert_eq!(call(&rt, &http, &server.url("/first")).await.unwrap(), 200);
    assert_eq!(rt.last_header(&remaining).unwrap(), "58");
    // An error answer counts too; a header it lacks keeps its earlier value.
    assert_eq!(call(&rt, &http, &server.url("/second")).await.unwrap(), 404);
    assert_eq!(rt.last_header(&remaining).unwrap(), "57");
    assert_eq!(rt.clone().last_header(&limit).unwrap(), "60");
    // Headers nobody asked for are not kept.
    assert_eq!(
        rt.last_header(&HeaderName::from_static("content-length")),
        None
    );
}

/// A GET the way the generated methods send it: built by a closure that the runtime calls
/// again, instead of copying the request, only when it sends the request a second time. The
/// first request says `x-attempt: first`, every rebuilt one `x-attempt: rebuilt`; returns the
/// status and how many times the request was built again.
async fn call_rebuilding(rt: &Runtime, http: &reqwest::Client, url: &str) -> (u16, usize) {
    let rebuilt = AtomicUsize::new(0);
    let build = |attempt: &str| http.get(url).header("x-attempt", attempt).build().ok();
    let rebuild = || {
        rebuilt.fetch_add(1, Ordering::SeqCst);
        build("rebuilt")
    };
    rt.authorize::<()>("get_thing").await.unwrap();
    let mut request = build("first").unwrap();
    rt.prepare(&mut request, "get_thing").await.unwrap();
    let response = rt
        .execute_rebuilding(http, request, "get_thing", &rebuild)
        .await
        .unwrap();
    (response.status().as_u16(), rebuilt.load(Ordering::SeqCst))
}

fn rebuilding_runtime(source: Arc<Source>) -> Runtime {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-client",
        reqwest::header::HeaderValue::from_static("mine"),
    );
    Runtime::builder("test")
        .token(source, HeaderName::from_static("authentication-token"), "")
        .request_headers(headers)
        .retry(waba_runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            ..Default::default()
        })
        .build()
}

#[tokio::test]
async fn a_request_is_built_again_only_when_sent_again() {
    let server = MockServer::start_async().await;
    let ok = server.mock(|when, then| {
        when.header("x-attempt", "first");
        then.status(200);
    });
    let rt = rebuilding_runtime(Source::new(vec!["t-1"], None));
    for _ in 0..3 {
        assert_eq!(
            call_rebuilding(&rt, &http(), &server.url("/thing")).await,
            (200, 0)
        );
    }
    assert_eq!(ok.calls_async().await, 3);
}

#[tokio::test]
async fn a_retried_request_is_built_again_with_the_client_headers_and_the_token() {
    let server = MockServer::start_async().await;
    let unavailable = server.mock(|when, then| {
        when.header("x-attempt", "first");
        then.status(503);
    });
    let retried = server.mock(|when, then| {
        when.header("x-attempt", "rebuilt")
            .header("x-client", "mine")
            .header("authentication-token", "t-1");
        then.status(200);
    });
    let source = Source::new(vec!["t-1"], None);
    let rt = rebuilding_runtime(source.clone());
    let answer = call_rebuilding(&rt, &http(), &server.url("/thing")).await;
    assert_eq!(answer, (200, 1));
    assert_eq!(unavailable.calls_async().await, 1);
    assert_eq!(retried.calls_async().await, 1);
    assert_eq!(source.logins(), 1);
}

#[tokio::test]
async fn a_request_whose_token_was_refused_is_built_again_with_the_new_token() {
    let server = MockServer::start_async().await;
    let refused = server.mock(|when, then| {
        when.header("x-attempt", "first")
            .header("authentication-token", "t-1");
        then.status(401);
    });
    let accepted = server.mock(|when, then| {
        when.header("x-attempt", "rebuilt")
            .header("x-client", "mine")
            .header("authentication-token", "t-2");
        then.status(200);
    });
    let source = Source::new(vec!["t-1", "t-2"], None);
    let rt = rebuilding_runtime(source.clone());
    let answer = call_rebuilding(&rt, &http(), &server.url("/thing")).await;
    assert_eq!(answer, (200, 1));
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(accepted.calls_async().await, 1);
    assert_eq!(source.logins(), 2);
}
