//! The webhook server of `waba` (feature `server`) over real TCP sockets, with reqwest as the
//! provider: every documented webhook payload of every provider, the statuses of refused and
//! malformed requests, Mehery's contact-info answer, and deduplication under 50 concurrent
//! posts, in memory and in a real Redis (`WABA_TEST_REDIS_URL`).

mod dedup;
mod routes;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use waba::server::{Delivery, WebhookServer, WebhookServerBuilder};
use waba::{Provider, Webhook};

/// The secrets the tests register for each provider.
pub const HEADER_SECRET: &str = "Basic dGVzdHVzZXI6dGVzdHBhc3M=";
pub const DESK360_SECRET: &str = "desk360-hook-secret";
pub const URL_TOKEN: &str = "a-long-random-url-token";
pub const VERIFY_TOKEN: &str = "s1agenttoken$$$";

/// `provider`'s webhook with its secret, and how a genuine request carries it: headers and
/// the query string.
pub fn webhook(provider: Provider) -> (Webhook, Vec<(&'static str, &'static str)>, &'static str) {
    let builder = Webhook::builder(provider);
    let (builder, headers, query) = match provider {
        Provider::Dialog360 => (
            builder.require_header("Authorization", HEADER_SECRET),
            vec![("authorization", HEADER_SECRET)],
            "",
        ),
        Provider::Desk360 => (
            builder.require_header("X-Hook-Secret", DESK360_SECRET),
            vec![("x-hook-secret", DESK360_SECRET)],
            "",
        ),
        Provider::Mehery => (
            builder.verify_token(VERIFY_TOKEN),
            vec![("x-verify-token", VERIFY_TOKEN)],
            "",
        ),
        _ => (
            builder.url_token(URL_TOKEN),
            vec![],
            "?token=a-long-random-url-token",
        ),
    };
    (builder.build().expect("a secret"), headers, query)
}

/// A server listening on `127.0.0.1:0`, recording what its handler receives.
pub struct Running {
    pub addr: SocketAddr,
    pub server: WebhookServer,
    pub seen: Arc<Mutex<Vec<Delivery>>>,
    task: JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Running {
    /// Starts `builder` with a handler that records each delivery.
    pub async fn start(builder: WebhookServerBuilder) -> Running {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        let server = builder
            .handler(move |delivery: Delivery| {
                let record = record.clone();
                async move { record.lock().unwrap().push(delivery) }
            })
            .build()
            .expect("server");
        Running::serve(server, seen).await
    }

    /// Serves an already built server.
    pub async fn serve(server: WebhookServer, seen: Arc<Mutex<Vec<Delivery>>>) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let serving = server.clone();
        let task = tokio::spawn(async move {
            serving.serve(listener).await.expect("serve");
        });
        Running {
            addr,
            server,
            seen,
            task,
        }
    }

    /// The URL of `provider`'s route.
    pub fn url(&self, provider: Provider, query: &str) -> String {
        format!("http://{}/webhooks/{}{query}", self.addr, provider.id())
    }

    /// Waits for the handler, then takes what it received.
    pub async fn take(&self) -> Vec<Delivery> {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.server.idle())
            .await
            .expect("the handler calls finish");
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// The provider side: a plain reqwest client.
pub fn provider_client() -> reqwest::Client {
    waba_runtime::install_crypto_provider();
    reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("reqwest client")
}

/// POSTs `body` as the provider would, with its secret.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> reqwest::Response {
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("an answer")
}
