//! Each provider's route: documented payloads in, events and answers out; refused,
//! oversized and malformed requests; Mehery's contact-info call; the example's setup.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use waba::server::{Delivery, WebhookServer, dedup_key};
use waba::{Event, Provider};
use waba_workspace_tests::{documented_webhooks, mehery_webhook, schema_example, spec};

use super::{Running, post, provider_client, webhook};

/// Every webhook payload the specs document, by provider, with a name.
fn documented_payloads() -> Vec<(Provider, String, Value)> {
    documented_webhooks()
        .into_iter()
        .map(|(id, name, body)| (id.parse().expect("a provider id"), name, body))
        .collect()
}

fn all_routes() -> waba::server::WebhookServerBuilder {
    let mut builder = WebhookServer::builder();
    for provider in Provider::ALL {
        builder = builder.webhook(webhook(provider).0);
    }
    builder
}

fn sorted_json(events: impl IntoIterator<Item = Event>) -> Vec<String> {
    let mut out: Vec<String> = events
        .into_iter()
        .map(|e| e.to_json().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_documented_payload_gives_its_events_and_a_200() {
    let client = provider_client();
    let payloads = documented_payloads();
    assert!(payloads.len() > 40, "{}", payloads.len());
    for (provider, name, payload) in payloads {
        // A server per payload: the examples share message ids.
        let running = Running::start(all_routes()).await;
        let (hook, headers, query) = webhook(provider);
        let body = serde_json::to_vec(&payload).unwrap();
        let answer = post(
            &client,
            &running.url(provider, query),
            &headers,
            body.clone(),
        )
        .await;
        assert_eq!(answer.status(), 200, "{name}");
        assert_eq!(
            answer.bytes().await.unwrap().len(),
            0,
            "{name}: an empty 200"
        );

        let delivered = running.take().await;
        assert!(!delivered.is_empty(), "{name}: no event delivered");
        for d in &delivered {
            assert_eq!(d.provider, provider, "{name}");
            assert_eq!(
                &d.body[..],
                &body[..],
                "{name}: the raw body for the typed payload"
            );
        }
        // What the neutral parse of the same body gives, once per deduplication key.
        let mut keys = std::collections::HashSet::new();
        let expected = hook
            .parse(&body)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_iter()
            .filter(|e| dedup_key(e).is_none_or(|k| keys.insert(k)));
        assert_eq!(
            sorted_json(delivered.into_iter().map(|d| d.event)),
            sorted_json(expected),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_typed_payload_is_one_parse_of_the_delivered_body_away() {
    let running = Running::start(all_routes()).await;
    let (_, headers, _) = webhook(Provider::Dialog360);
    let body = serde_json::to_vec(&schema_example("dialog360", "CloudWebhook")).unwrap();
    let url = running.url(Provider::Dialog360, "");
    assert_eq!(
        post(&provider_client(), &url, &headers, body)
            .await
            .status(),
        200
    );
    let delivered = running.take().await;
    let payload = waba::dialog360::webhook::parse(&delivered[0].body).expect("typed payload");
    assert_eq!(payload.events().len(), 1);
}

#[tokio::test]
async fn channel360_documents_no_payload_so_its_json_is_one_other_event() {
    let running = Running::start(all_routes()).await;
    let body = json!({"trigger": "message:appUser", "messages": [{"text": "hi"}]});
    let url = running.url(Provider::Channel360, "?token=a-long-random-url-token");
    let answer = post(&provider_client(), &url, &[], body.to_string().into_bytes()).await;
    assert_eq!(answer.status(), 200);
    let delivered = running.take().await;
    assert_eq!(delivered.len(), 1);
    let Event::Other(other) = &delivered[0].event else {
        panic!("{:?}", delivered[0].event)
    };
    assert_eq!(other.raw, body);
    assert_eq!(other.kind, None);
}

#[tokio::test]
async fn missing_and_wrong_secrets_are_401_and_403_before_the_body_is_read() {
    let running = Running::start(all_routes()).await;
    let client = provider_client();
    for provider in Provider::ALL {
        let (_, headers, query) = webhook(provider);
        // A body that is not even JSON: the secret is checked first.
        let garbage = b"not json".to_vec();
        let missing = post(&client, &running.url(provider, ""), &[], garbage.clone()).await;
        assert_eq!(missing.status(), 401, "{provider}");
        let wrong_headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, _)| (*name, "wrong-secret"))
            .collect();
        let wrong_query = if query.is_empty() {
            ""
        } else {
            "?token=wrong-secret"
        };
        let wrong = post(
            &client,
            &running.url(provider, wrong_query),
            &wrong_headers,
            garbage.clone(),
        )
        .await;
        assert_eq!(wrong.status(), 403, "{provider}");
        // The right secret with the same body: now the body is read, and refused.
        let right = post(&client, &running.url(provider, query), &headers, garbage).await;
        assert_eq!(right.status(), 400, "{provider}");
    }
    assert!(running.take().await.is_empty());
}

#[tokio::test]
async fn malformed_bodies_are_400_and_oversized_ones_413() {
    let running = Running::start(all_routes().body_limit(4096)).await;
    let client = provider_client();
    for provider in [
        Provider::Dialog360,
        Provider::Onextel,
        Provider::Mehery,
        Provider::Desk360,
    ] {
        let (_, headers, query) = webhook(provider);
        let url = running.url(provider, query);
        for body in [&b"not json"[..], b"[]", br#"{"messages": "not a list"}"#] {
            let answer = post(&client, &url, &headers, body.to_vec()).await;
            assert_eq!(
                answer.status(),
                400,
                "{provider}: {}",
                String::from_utf8_lossy(body)
            );
        }
        let big = format!(r#"{{"padding": "{}"}}"#, "x".repeat(5000)).into_bytes();
        let answer = post(&client, &url, &headers, big).await;
        assert_eq!(answer.status(), 413, "{provider}");
    }
    // Without Content-Length (chunked), the limit holds too.
    let mut stream = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    let chunk = " ".repeat(3000);
    let request = format!(
        "POST /webhooks/dialog360 HTTP/1.1\r\nhost: localhost\r\nauthorization: {}\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n\
         {len:x}\r\n{chunk}\r\n{len:x}\r\n{chunk}\r\n0\r\n\r\n",
        super::HEADER_SECRET,
        len = chunk.len(),
    );
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // The default limit is documented as 1 MiB.
    assert_eq!(waba::server::DEFAULT_BODY_LIMIT, 1024 * 1024);
    assert!(running.take().await.is_empty());
}

#[tokio::test]
async fn mehery_contact_info_is_answered_with_the_function_result_in_the_documented_shape() {
    let documented = spec("mehery")["x-webhooks"]["contact_info"]["post"]["responses"]["200"]
        ["content"]["application/json"]["example"]
        .clone();
    let update: waba::mehery::types::ContactInfoUpdate =
        serde_json::from_value(documented.clone()).expect("the documented answer");
    let asked = std::sync::Arc::new(std::sync::Mutex::new(None));
    let record = asked.clone();
    let builder = all_routes().contact_info(move |contact: waba::mehery::types::InBoundContact| {
        *record.lock().unwrap() = Some(contact);
        let update = update.clone();
        async move { update }
    });
    let running = Running::start(builder).await;
    let (_, headers, _) = webhook(Provider::Mehery);
    let call = serde_json::to_vec(&mehery_webhook("contact_info")).unwrap();
    let url = running.url(Provider::Mehery, "");
    let answer = post(&provider_client(), &url, &headers, call.clone()).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let body: Value = answer.json().await.unwrap();
    // The documented example answer, field for field (`mobile` sent in the form it came in).
    assert_eq!(body, documented);
    let contact = asked
        .lock()
        .unwrap()
        .take()
        .expect("the function was called");
    assert_eq!(contact.csid.as_deref(), Some("91YOURNUMBER"));
    assert!(
        running.take().await.is_empty(),
        "a contact-info call is not an event"
    );

    // Its token is checked like any other call.
    let refused = post(&provider_client(), &url, &[], call).await;
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn mehery_contact_info_without_a_function_or_past_its_deadline_is_an_empty_update() {
    let call = serde_json::to_vec(&mehery_webhook("contact_info")).unwrap();
    let (_, headers, _) = webhook(Provider::Mehery);
    let running = Running::start(all_routes()).await;
    let url = running.url(Provider::Mehery, "");
    let answer = post(&provider_client(), &url, &headers, call.clone()).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.json::<Value>().await.unwrap(), json!({}));

    let slow = all_routes()
        .contact_info_deadline(Duration::from_millis(100))
        .contact_info(|_| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            waba::mehery::types::ContactInfoUpdate::default()
        });
    let running = Running::start(slow).await;
    let started = Instant::now();
    let answer = post(
        &provider_client(),
        &running.url(Provider::Mehery, ""),
        &headers,
        call,
    )
    .await;
    assert_eq!(answer.json::<Value>().await.unwrap(), json!({}));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_slow_handler_does_not_delay_the_answer() {
    let gate = std::sync::Arc::new(tokio::sync::Notify::new());
    let wait = gate.clone();
    let server = all_routes()
        .handler(move |_: Delivery| {
            let wait = wait.clone();
            async move { wait.notified().await }
        })
        .build()
        .unwrap();
    let running = Running::serve(server, Default::default()).await;
    let (_, headers, _) = webhook(Provider::Dialog360);
    let body = serde_json::to_vec(&schema_example("dialog360", "CloudWebhook")).unwrap();
    let started = Instant::now();
    let answer = post(
        &provider_client(),
        &running.url(Provider::Dialog360, ""),
        &headers,
        body,
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        running.server.pending(),
        1,
        "acknowledged, handler still running"
    );
    gate.notify_waiters();
    running.take().await;
    assert_eq!(running.server.pending(), 0);
}

#[tokio::test]
async fn a_full_queue_is_a_503_and_the_retry_is_handled() {
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let handled = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (wait, record) = (gate.clone(), handled.clone());
    let server = all_routes()
        .queue(1)
        .concurrency(1)
        .handler(move |d: Delivery| {
            let (wait, record) = (wait.clone(), record.clone());
            async move {
                let _ = wait.acquire().await.map(|p| p.forget());
                record.lock().unwrap().push(d.event);
            }
        })
        .build()
        .unwrap();
    let running = Running::serve(server, Default::default()).await;
    let client = provider_client();
    let (_, headers, _) = webhook(Provider::Dialog360);
    let url = running.url(Provider::Dialog360, "");
    let body = |id: &str| {
        let mut b = schema_example("dialog360", "CloudWebhook");
        b["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = json!(id);
        serde_json::to_vec(&b).unwrap()
    };
    // One running (blocked), one waiting: the queue is full.
    assert_eq!(
        post(&client, &url, &headers, body("wamid.1"))
            .await
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        post(&client, &url, &headers, body("wamid.2"))
            .await
            .status(),
        200
    );
    let full = post(&client, &url, &headers, body("wamid.3")).await;
    assert_eq!(full.status(), 503);
    gate.add_permits(10);
    running.server.idle().await;
    // The refused body was not recorded as seen: the provider's retry is handled.
    assert_eq!(
        post(&client, &url, &headers, body("wamid.3"))
            .await
            .status(),
        200
    );
    running.server.idle().await;
    assert_eq!(handled.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn the_example_setup_serves_providers_with_secrets_and_skips_the_others() {
    let vars = |name: &str| {
        match name {
            "WABA_LISTEN" => Some("127.0.0.1:0"),
            "WABA_DIALOG360_WEBHOOK_HEADER" => {
                Some("Authorization: Basic dGVzdHVzZXI6dGVzdHBhc3M=")
            }
            "WABA_MEHERY_VERIFY_TOKEN" => Some("s1agenttoken$$$"),
            "WABA_ONEXTEL_WEBHOOK_TOKEN" => Some("a-long-random-url-token"),
            _ => None,
        }
        .map(String::from)
    };
    let setup = WebhookServer::from_vars(vars).await.expect("setup");
    assert_eq!(setup.listen.port(), 0);
    assert_eq!(setup.store, "memory");
    let served: Vec<Provider> = setup.served.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        served,
        [Provider::Dialog360, Provider::Onextel, Provider::Mehery]
    );
    let skipped: Vec<Provider> = setup.skipped.iter().map(|(p, _)| *p).collect();
    assert_eq!(skipped, [Provider::Channel360, Provider::Desk360]);
    for (_, e) in &setup.skipped {
        assert!(e.to_string().contains("WABA_ALLOW_UNAUTHENTICATED"), "{e}");
    }
    let running = Running::start(setup.builder).await;
    let client = provider_client();
    let (_, headers, _) = webhook(Provider::Dialog360);
    let body = serde_json::to_vec(&schema_example("dialog360", "CloudWebhook")).unwrap();
    let url = running.url(Provider::Dialog360, "");
    assert_eq!(post(&client, &url, &headers, body).await.status(), 200);
    let delivered = running.take().await;
    let line = delivered[0].event.to_json();
    assert_eq!(line["event"], "message");
    assert_eq!(line["provider"], "dialog360");
    // A provider without a secret is not served.
    let url = running.url(Provider::Desk360, "");
    assert_eq!(post(&client, &url, &[], b"{}".to_vec()).await.status(), 404);

    // With the opt-out, every provider is served.
    let open = |name: &str| (name == "WABA_ALLOW_UNAUTHENTICATED").then(|| "1".to_string());
    let setup = WebhookServer::from_vars(open).await.expect("setup");
    assert_eq!(setup.served.len(), 5);
    assert!(setup.served.iter().all(|(_, authenticated)| !authenticated));
}
