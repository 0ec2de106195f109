//! Deduplication: one payload posted 50 times at once is handled once per event, with the
//! in-memory store on one instance and with one real Redis shared by two instances; a store
//! that fails follows the documented choice.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::task::JoinSet;
use waba::server::{
    DedupStore, MemoryStore, OnStoreError, RedisStore, StoreError, StoreFuture, WebhookServer,
    dedup_key,
};
use waba::{Event, Provider};
use waba_workspace_tests::{schema_example, spec};

use super::{Running, post, provider_client, webhook};

/// A 360dialog body with messages, statuses and an error (no key: always delivered), and the
/// first message and status repeated inside the body.
fn payload() -> Value {
    let mut body = spec("dialog360")["components"]["schemas"]["CloudWebhook"]["x-waba-examples"]
        ["several_items"]
        .clone();
    let value = &mut body["entry"][0]["changes"][0]["value"];
    let message = value["messages"][0].clone();
    value["messages"].as_array_mut().unwrap().push(message);
    let status = schema_example("dialog360", "MessageStatus");
    let mut read = status.clone();
    read["status"] = json!("read");
    value["statuses"] = json!([status.clone(), status, read]);
    body
}

/// Each event's key (or its JSON when it has none) and how often the handler ran for it.
fn counts(events: impl IntoIterator<Item = Event>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for event in events {
        let key = dedup_key(&event).unwrap_or_else(|| format!("unkeyed {}", event.to_json()));
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

/// Posts `body` 50 times at once, spread over `servers`; every answer must be 200.
async fn post_50_at_once(servers: &[&Running], body: &Value) {
    let client = provider_client();
    let (_, headers, _) = webhook(Provider::Dialog360);
    let body = serde_json::to_vec(body).unwrap();
    let mut posts = JoinSet::new();
    for i in 0..50 {
        let url = servers[i % servers.len()].url(Provider::Dialog360, "");
        let (client, headers, body) = (client.clone(), headers.clone(), body.clone());
        posts.spawn(async move { post(&client, &url, &headers, body).await.status() });
    }
    while let Some(status) = posts.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
}

/// What the handlers must have run: each keyed event once, each unkeyed event once per post.
fn assert_once_per_event(handled: Vec<Event>, body: &Value) {
    let (hook, _, _) = webhook(Provider::Dialog360);
    let parsed = hook.parse(&serde_json::to_vec(body).unwrap()).unwrap();
    let keyed: usize = counts(parsed.iter().cloned())
        .keys()
        .filter(|k| !k.starts_with("unkeyed"))
        .count();
    assert!(keyed >= 4, "the payload has messages and statuses: {keyed}");
    let handled = counts(handled);
    let mut expected = HashMap::new();
    for (key, n) in counts(parsed) {
        expected.insert(
            key.clone(),
            if key.starts_with("unkeyed") {
                50 * n
            } else {
                1
            },
        );
    }
    assert_eq!(handled, expected);
}

#[tokio::test]
async fn fifty_concurrent_posts_to_one_instance_run_the_handler_once_per_event_in_memory() {
    let body = payload();
    let running = Running::start(
        WebhookServer::builder()
            .webhook(webhook(Provider::Dialog360).0)
            .store(MemoryStore::default()),
    )
    .await;
    post_50_at_once(&[&running], &body).await;
    let handled = running.take().await.into_iter().map(|d| d.event).collect();
    assert_once_per_event(handled, &body);
}

/// The Redis the tests use: `WABA_TEST_REDIS_URL`. In CI (`CI` or `WABA_REQUIRE_REDIS` set)
/// its absence fails the test; elsewhere the test is skipped with a message.
async fn redis(prefix: &str) -> Option<RedisStore> {
    let Ok(url) = std::env::var("WABA_TEST_REDIS_URL") else {
        if std::env::var_os("CI").is_some() || std::env::var_os("WABA_REQUIRE_REDIS").is_some() {
            panic!("WABA_TEST_REDIS_URL is not set: CI must run the Redis tests (see .ci/run)");
        }
        eprintln!(
            "skipped: set WABA_TEST_REDIS_URL=redis://127.0.0.1:<port> to run the Redis tests"
        );
        return None;
    };
    let store = RedisStore::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("Redis at WABA_TEST_REDIS_URL: {e}"));
    Some(store.prefix(prefix))
}

/// A prefix no earlier run used, so that keys left in Redis do not count.
fn fresh_prefix(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("waba-test:{test}:{}:{nanos}:", std::process::id())
}

#[tokio::test]
async fn fifty_concurrent_posts_to_two_instances_sharing_redis_run_the_handler_once_per_event() {
    let prefix = fresh_prefix("two-instances");
    let Some(first_store) = redis(&prefix).await else {
        return;
    };
    // Two instances: each its own connection to the same Redis and key prefix.
    let second_store = redis(&prefix).await.expect("Redis");
    let body = payload();
    let first = Running::start(
        WebhookServer::builder()
            .webhook(webhook(Provider::Dialog360).0)
            .store(first_store),
    )
    .await;
    let second = Running::start(
        WebhookServer::builder()
            .webhook(webhook(Provider::Dialog360).0)
            .store(second_store),
    )
    .await;
    post_50_at_once(&[&first, &second], &body).await;
    let mut handled: Vec<Event> = first.take().await.into_iter().map(|d| d.event).collect();
    let on_first = handled.len();
    handled.extend(second.take().await.into_iter().map(|d| d.event));
    assert!(
        on_first > 0 && handled.len() > on_first,
        "both instances handled posts"
    );
    assert_once_per_event(handled, &body);
}

#[tokio::test]
async fn redis_sets_each_key_once_with_its_time_to_live() {
    let prefix = fresh_prefix("ttl");
    let Some(store) = redis(&prefix).await else {
        return;
    };
    assert!(
        store
            .first_seen("k", Duration::from_millis(300))
            .await
            .unwrap()
    );
    assert!(
        !store
            .first_seen("k", Duration::from_millis(300))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        store
            .first_seen("k", Duration::from_secs(60))
            .await
            .unwrap(),
        "expired"
    );
}

#[tokio::test]
async fn an_unreachable_redis_is_an_error_without_the_url() {
    // A port nothing listens on (bound, then closed).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = RedisStore::connect(&format!("redis://:hunter2@127.0.0.1:{port}"))
        .await
        .expect_err("nothing listens there");
    let text = err.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("redis://"),
        "{text}"
    );
}

/// A store that is down.
struct Down;

impl DedupStore for Down {
    fn first_seen<'a>(&'a self, _: &'a str, _: Duration) -> StoreFuture<'a> {
        Box::pin(async { Err(StoreError::new("down for the test")) })
    }
}

#[tokio::test]
async fn a_failing_store_is_a_503_by_default_or_delivers_when_told() {
    let client = provider_client();
    let (hook, headers, _) = webhook(Provider::Dialog360);
    let body = serde_json::to_vec(&schema_example("dialog360", "CloudWebhook")).unwrap();

    let retry = Running::start(
        WebhookServer::builder()
            .webhook(hook.clone())
            .shared_store(Arc::new(Down)),
    )
    .await;
    let url = retry.url(Provider::Dialog360, "");
    assert_eq!(
        post(&client, &url, &headers, body.clone()).await.status(),
        503
    );
    assert!(retry.take().await.is_empty());

    let deliver = Running::start(
        WebhookServer::builder()
            .webhook(hook)
            .store(Down)
            .on_store_error(OnStoreError::Deliver),
    )
    .await;
    let url = deliver.url(Provider::Dialog360, "");
    assert_eq!(
        post(&client, &url, &headers, body.clone()).await.status(),
        200
    );
    assert_eq!(post(&client, &url, &headers, body).await.status(), 200);
    assert_eq!(deliver.take().await.len(), 2, "unchecked: both delivered");
}
