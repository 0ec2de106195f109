//! The sandbox used directly from a Rust test, without the binary.

use waba_sandbox::{Options, Override, Provider, Sandbox};

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

    // Overrides from Rust: checked against the spec, applied to the next request.
    let mut teapot = Override::new(Provider::Mehery, "list_channels");
    teapot.status = Some(418);
    let refused = sandbox.add_override(teapot).unwrap_err();
    assert!(
        refused.contains("no error example with status 418"),
        "{refused}"
    );
    assert!(
        sandbox
            .add_override(Override::new(Provider::Desk360, "login"))
            .unwrap_err()
            .contains("not served")
    );
    let mut unauthorized = Override::new(Provider::Mehery, "list_channels");
    unauthorized.status = Some(401);
    sandbox.add_override(unauthorized).unwrap();
    let get = || async {
        reqwest::Client::new()
            .get(format!("{base}/api/v1/config/channels"))
            .header("x-api-key", "k")
            .send()
            .await
            .expect("answers")
            .status()
    };
    assert_eq!(get().await, 401);
    assert_eq!(get().await, 200);
    assert_eq!(sandbox.expire_tokens(None), 0);
    sandbox.clear_requests();
    assert!(sandbox.requests().is_empty());

    let addr = sandbox.addr();
    sandbox.stop().await.expect("stops");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[test]
fn provider_ids_parse_and_unknown_ones_are_named() {
    for p in Provider::ALL {
        assert_eq!(p.id().parse::<Provider>().ok(), Some(p));
    }
    let err = "whatsapp".parse::<Provider>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown provider `whatsapp` (expected one of dialog360, onextel, channel360, mehery, desk360)"
    );
}

#[test]
fn providers_are_their_ids_in_json_to_the_letter() {
    let o = Override::new(Provider::Desk360, "login");
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["provider"], "desk360");
    assert_eq!(serde_json::from_value::<Override>(json).unwrap(), o);
    for other in ["Desk360", "360dialog", "whatsapp"] {
        let json = serde_json::json!({"provider": other, "operation": "login"});
        let err = serde_json::from_value::<Override>(json).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "unknown provider `{other}` (known: dialog360, onextel, channel360, mehery, desk360)"
            )),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_custom_provider_has_no_spec_and_is_not_served() {
    let sandbox = Sandbox::start(Options {
        providers: vec![Provider::Custom("mine"), Provider::Onextel],
        port: 0,
    })
    .await
    .expect("starts");
    assert_eq!(sandbox.providers(), [Provider::Onextel]);
    assert_eq!(sandbox.base_url(Provider::Custom("mine")), None);
    sandbox.stop().await.expect("stops");
}
