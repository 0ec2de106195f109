//! The sandbox used directly from a Rust test, without the binary.

use waba_sandbox::{Options, Provider, Sandbox};

#[tokio::test]
async fn a_sandbox_serves_the_chosen_providers_records_and_stops() {
    let sandbox = Sandbox::start(Options {
        providers: vec![Provider::Mehery, Provider::Dialog360, Provider::Mehery],
        port: 0,
    })
    .await
    .expect("starts");
    assert_eq!(sandbox.providers(), [Provider::Dialog360, Provider::Mehery]);
    assert_eq!(sandbox.base_url(Provider::Desk360), None);
    let base = sandbox.base_url(Provider::Mehery).expect("served");
    assert_eq!(base, format!("http://{}/mehery", sandbox.addr()));

    waba_runtime::install_crypto_provider();
    let answer = reqwest::Client::new()
        .get(format!("{base}/api/v1/config/channels"))
        .header("x-api-key", "k")
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status(), 200);
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].provider, Some(Provider::Mehery));
    assert_eq!(requests[0].operation.as_deref(), Some("list_channels"));
    assert_eq!(requests[0].headers["x-api-key"], "<redacted>");

    let addr = sandbox.addr();
    sandbox.stop().await.expect("stops");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[test]
fn provider_ids_parse_and_unknown_ones_are_named() {
    for p in Provider::ALL {
        assert_eq!(p.id().parse::<Provider>(), Ok(p));
    }
    let err = "whatsapp".parse::<Provider>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown provider `whatsapp` (known: dialog360, onextel, channel360, mehery, desk360)"
    );
}
