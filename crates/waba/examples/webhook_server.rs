//! A webhook receiver for every provider: `cargo run --example webhook_server`.
//!
//! Listens on `WABA_LISTEN` (default `127.0.0.1:8080`) and serves `POST /webhooks/<provider>`
//! (`dialog360`, `onextel`, `channel360`, `mehery`, `desk360`) for each provider whose secret
//! is set (`WABA_<P>_WEBHOOK_HEADER` as `Name: value`, `WABA_<P>_WEBHOOK_TOKEN` for the URL's
//! `token` query parameter, `WABA_MEHERY_VERIFY_TOKEN`), or for every provider when
//! `WABA_ALLOW_UNAUTHENTICATED=1` (with a warning). Deduplicates in memory, or in Redis when
//! `WABA_REDIS_URL` is set. Prints each event it handles as one JSON line on standard output;
//! everything else goes to standard error.
//!
//! The setup is `waba::server::WebhookServer::from_vars` (tested over TCP in the workspace
//! tests); this file only adds the printing handler and the listener.

use std::io::Write;

use waba::server::{Delivery, WebhookServer};

#[tokio::main]
async fn main() {
    // WARN and above from waba (refused requests, malformed bodies, the opt-out) on stderr.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::WARN)
        .init();
    if let Err(e) = run().await {
        eprintln!("webhook_server: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let setup = WebhookServer::from_vars(|name| std::env::var(name).ok()).await?;
    for (provider, error) in &setup.skipped {
        eprintln!("not serving /webhooks/{}: {error}", provider.id());
    }
    for (provider, authenticated) in &setup.served {
        let note = if *authenticated {
            ""
        } else {
            "  (WITHOUT a secret: WABA_ALLOW_UNAUTHENTICATED=1)"
        };
        eprintln!("serving POST /webhooks/{}{note}", provider.id());
    }
    let server = setup
        .builder
        .handler(|delivery: Delivery| async move {
            // One line per event; the lock keeps lines whole.
            let line = delivery.event.to_json().to_string();
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        })
        .build()?;
    let listener = tokio::net::TcpListener::bind(setup.listen).await?;
    eprintln!(
        "listening on http://{} (deduplication: {})",
        listener.local_addr()?,
        setup.store
    );
    server.serve(listener).await?;
    Ok(())
}
