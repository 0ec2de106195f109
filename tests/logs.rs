//! No secret appears in `Debug`, `Display` or log lines. A test binary of its own: a global
//! tracing subscriber sees every span, which a thread-scoped one racing with other tests does
//! not reliably do.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use waba_workspace_tests::server::{Action, ScriptedServer};

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_appears_in_debug_display_or_log_lines() {
    const KEY: &str = "SECRET-d360-key-9b1e77";
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber of this binary");

    // Not httpmock: its server logs the requests it receives, headers included, into the
    // same subscriber. The scripted server logs nothing.
    let limited = || Action::json(429, r#"{"error": "slow down"}"#).header("retry-after", "0");
    let success = Action::json(
        200,
        r#"{"messaging_product": "whatsapp", "contacts": [], "messages": [{"id": "wamid.1"}]}"#,
    );
    let server = ScriptedServer::start_with_default(vec![limited(), limited()], success).await;
    let builder = waba_dialog360::Client::builder(KEY)
        .base_url(server.base_url())
        .retry(waba_runtime::RetryPolicy {
            max_attempts: 2,
            max_elapsed: Duration::from_secs(5),
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
        });
    let client = builder.clone().build().unwrap();
    let message = waba_dialog360::Message::text("4915112345678", "hi");
    let err = client.send(message.clone()).await.unwrap_err();
    assert_eq!(err.attempts(), 2, "the 429 was retried once");
    client.send(message).await.unwrap();

    // The webhook server: refused, malformed and accepted requests log no secret.
    const HOOK: &str = "Basic SECRET-hook-4c2a";
    const TOKEN: &str = "SECRET-url-token-5d3b";
    let webhook = waba::Webhook::builder(waba::Provider::Dialog360)
        .require_header("Authorization", HOOK)
        .url_token(TOKEN)
        .build()
        .unwrap();
    let hook_server = waba::server::WebhookServer::builder()
        .webhook(webhook.clone())
        .handler(|_| async {})
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/dialog360",
        listener.local_addr().unwrap()
    );
    tokio::spawn(hook_server.clone().serve(listener));
    let provider = reqwest::Client::new();
    for (auth, query, body, expected) in [
        ("Basic d3Jvbmc=", TOKEN, "{}", 403),
        (HOOK, "wrong", "{}", 403),
        (HOOK, TOKEN, "not json", 400),
        (
            HOOK,
            TOKEN,
            r#"{"object":"whatsapp_business_account","entry":[]}"#,
            200,
        ),
    ] {
        let answer = provider
            .post(format!("{url}?token={query}"))
            .header("authorization", auth)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), expected, "{body}");
    }
    let hook_texts = [format!("{webhook:?}"), format!("{hook_server:?}")];

    let secret = waba_runtime::Secret::new(KEY);
    let texts = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{err}"),
        format!("{err:?}"),
        format!("{secret:?}"),
        format!("{:?}", client.http()),
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap(),
    ];
    for text in texts.iter().chain(&hook_texts) {
        assert!(!text.contains(KEY), "secret leaked in: {text}");
        assert!(!text.contains("SECRET-hook"), "secret leaked in: {text}");
        assert!(!text.contains(TOKEN), "secret leaked in: {text}");
    }
    let log = &texts[6];
    assert!(log.contains("webhook refused"), "{log}");
    assert!(log.contains("webhook body malformed"), "{log}");
    assert!(log.contains("waba.request"), "{log}");
    assert!(
        log.contains("operation=\"send_message\"") || log.contains("operation=send_message"),
        "{log}"
    );
    assert!(
        log.contains("status=429") && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains("retrying"), "{log}");
}
