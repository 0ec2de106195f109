//! Building a neutral client from a builder or environment variables: required settings are
//! named with their variable, settings meant for another provider are refused, secrets never
//! show.

use std::collections::HashMap;

use waba::{Client, ConfigError, Error, Need, Provider, Setting, Webhook};

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

/// Every provider's documented variables, enough to build its client.
fn full_environment(provider: Provider) -> Vec<(&'static str, &'static str)> {
    let mut env = vec![("WABA_PROVIDER", provider.id())];
    env.extend(match provider {
        Provider::Dialog360 => vec![("WABA_DIALOG360_API_KEY", "secret-d360")],
        Provider::Onextel => vec![
            ("WABA_ONEXTEL_EMAIL", "ops@example.com"),
            ("WABA_ONEXTEL_PASSWORD", "secret-pw"),
            ("WABA_ONEXTEL_SENDER", "919876543210"),
            ("WABA_ONEXTEL_JOURNEY_ID", "66c3054f9a1b2c3d61f5501e"),
        ],
        Provider::Channel360 => vec![
            ("WABA_CHANNEL360_TOKEN", "secret-jwt"),
            ("WABA_CHANNEL360_ORG_ID", "659039655cf56a8df0c8908"),
        ],
        Provider::Mehery => vec![
            ("WABA_MEHERY_API_KEY", "secret-key"),
            ("WABA_MEHERY_API_ID", "secret-id"),
            ("WABA_MEHERY_CHANNEL_ID", "wa360:919988776655"),
        ],
        Provider::Desk360 => vec![
            ("WABA_DESK360_EMAIL", "ops@example.com"),
            ("WABA_DESK360_PASSWORD", "secret-pw"),
            ("WABA_DESK360_INTEGRATION_ID", "42"),
        ],
        other => panic!("no environment for {other}"),
    });
    env
}

#[test]
fn every_provider_builds_from_its_documented_variables() {
    for provider in Provider::ALL {
        let env = full_environment(provider);
        let client = Client::from_vars(vars(&env)).expect("client builds");
        assert_eq!(client.provider(), provider);
        assert_eq!(client.capabilities(), provider.capabilities());
        // Each variable is the one `Setting::env_var` names.
        for (name, _) in &env[1..] {
            assert!(
                provider
                    .settings()
                    .iter()
                    .any(|(s, _)| &s.env_var(provider) == name),
                "{name}"
            );
        }
        let shown = format!("{client:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}

#[test]
fn a_missing_setting_is_named_with_its_variable() {
    for provider in Provider::ALL {
        let env = full_environment(provider);
        for dropped in 1..env.len() {
            let mut partial = env.clone();
            let (name, _) = partial.remove(dropped);
            let optional = provider
                .settings()
                .iter()
                .any(|(s, need)| s.env_var(provider) == name && *need == Need::Optional);
            if optional {
                Client::from_vars(vars(&partial)).expect("an optional setting may be missing");
                continue;
            }
            let err = Client::from_vars(vars(&partial)).expect_err(name);
            let text = err.to_string();
            match err {
                ConfigError::Missing {
                    provider: p,
                    setting,
                } => {
                    assert_eq!(p, provider);
                    assert_eq!(setting.env_var(provider), name);
                    assert!(text.contains(name), "{text}");
                }
                // Desk360: dropping the email or password leaves no way to log in.
                ConfigError::MissingLogin {
                    provider: Provider::Desk360,
                } => {
                    assert!(name.ends_with("EMAIL") || name.ends_with("PASSWORD"));
                    assert!(text.contains("WABA_DESK360_TOKEN"), "{text}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

#[test]
fn desk360_takes_a_token_instead_of_a_login() {
    let client = Client::from_vars(vars(&[
        ("WABA_PROVIDER", "desk360"),
        ("WABA_DESK360_TOKEN", "secret-token"),
        ("WABA_DESK360_INTEGRATION_ID", "42"),
    ]))
    .expect("token is enough");
    assert_eq!(client.provider(), Provider::Desk360);
}

#[test]
fn a_setting_meant_for_another_provider_is_refused() {
    let err = Client::builder(Provider::Dialog360)
        .api_key("k")
        .org_id("659039655cf56a8df0c8908")
        .build()
        .expect_err("org id is Channel360's");
    assert!(matches!(
        err,
        ConfigError::NotUsed {
            provider: Provider::Dialog360,
            setting: Setting::OrgId
        }
    ));
}

#[test]
fn the_provider_variable_is_checked() {
    assert!(matches!(
        Client::from_vars(vars(&[])),
        Err(ConfigError::NoProvider)
    ));
    let err = Client::from_vars(vars(&[("WABA_PROVIDER", "twilio")])).expect_err("unknown");
    assert!(matches!(&err, ConfigError::UnknownProvider(p) if p == "twilio"));
    assert!(err.to_string().contains("dialog360"), "{err}");
    assert_eq!(
        "360dialog".parse::<Provider>().ok(),
        Some(Provider::Dialog360)
    );
    assert_eq!("MEHERY".parse::<Provider>().ok(), Some(Provider::Mehery));
}

#[test]
fn the_builder_never_shows_secrets() {
    let builder = Client::builder(Provider::Mehery)
        .api_key("secret-key")
        .api_id("secret-id")
        .channel_id("wa360:919988776655");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("wa360:919988776655"), "{shown}");
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    let err = Client::builder(Provider::Dialog360)
        .api_key("k")
        .base_url("http://example.com")
        .build()
        .expect_err("plain http to a remote host");
    assert!(matches!(
        err,
        ConfigError::Build {
            provider: Provider::Dialog360,
            ..
        }
    ));
}

#[test]
fn mehery_webhooks_need_the_verify_token_and_others_refuse_it() {
    let headers = waba::HeaderMap::new();
    let err = Webhook::builder(Provider::Mehery)
        .build()
        .expect_err("no token configured");
    assert!(matches!(
        err,
        ConfigError::Missing {
            provider: Provider::Mehery,
            setting: Setting::VerifyToken
        }
    ));
    let err = Webhook::builder(Provider::Dialog360)
        .verify_token("t")
        .build()
        .expect_err("360dialog has no verify token");
    assert!(matches!(err, ConfigError::NotUsed { .. }));

    let webhook = Webhook::from_vars(vars(&[
        ("WABA_PROVIDER", "mehery"),
        ("WABA_MEHERY_VERIFY_TOKEN", "secret-token"),
    ]))
    .expect("webhook settings");
    assert_eq!(webhook.provider(), Provider::Mehery);
    assert!(!format!("{webhook:?}").contains("secret"));
    // The token is checked before the body is read.
    let err = webhook
        .events(&headers, b"not json")
        .expect_err("no header");
    assert!(matches!(
        err,
        Error::WebhookRefused {
            error: waba::runtime::webhook::WebhookError::MissingHeader { .. },
            ..
        }
    ));
}

#[test]
fn a_webhook_without_a_secret_is_refused_when_built_unless_opted_out() {
    for provider in Provider::ALL {
        let err = Webhook::from_vars(vars(&[("WABA_PROVIDER", provider.id())]))
            .expect_err("no secret configured");
        assert_eq!(err.provider(), Some(provider), "{err}");
        let open = Webhook::from_vars(vars(&[
            ("WABA_PROVIDER", provider.id()),
            ("WABA_ALLOW_UNAUTHENTICATED", "1"),
        ]))
        .expect("opted out");
        assert!(!open.is_authenticated());
    }
    // Each provider's secret from its variables.
    let webhook = Webhook::from_vars(vars(&[
        ("WABA_PROVIDER", "dialog360"),
        (
            "WABA_DIALOG360_WEBHOOK_HEADER",
            "Authorization: Basic c2VjcmV0LXZhbHVl",
        ),
    ]))
    .expect("a header");
    assert!(webhook.is_authenticated());
    assert!(!format!("{webhook:?}").contains("c2VjcmV0"));
    let mut headers = waba::HeaderMap::new();
    headers.insert("authorization", "Basic c2VjcmV0LXZhbHVl".parse().unwrap());
    webhook
        .verify(&headers, None)
        .expect("the registered header");

    let err = Webhook::from_vars(vars(&[
        ("WABA_PROVIDER", "desk360"),
        ("WABA_DESK360_WEBHOOK_HEADER", "no colon here"),
    ]))
    .expect_err("not `Name: value`");
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                setting: Setting::WebhookHeader,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("no colon"), "{err}");

    let err = Webhook::from_vars(vars(&[
        ("WABA_PROVIDER", "onextel"),
        ("WABA_ONEXTEL_WEBHOOK_HEADER", "Authorization: x"),
    ]))
    .expect_err("Onextel echoes no header");
    assert!(matches!(err, ConfigError::NotUsed { .. }), "{err:?}");

    let webhook = Webhook::from_vars(vars(&[
        ("WABA_PROVIDER", "onextel"),
        ("WABA_ONEXTEL_WEBHOOK_TOKEN", "url-secret"),
    ]))
    .expect("a URL token");
    webhook
        .verify(&waba::HeaderMap::new(), Some("token=url-secret"))
        .expect("the token");
}

#[test]
fn a_required_header_with_an_invalid_name_is_a_config_error() {
    let err = Webhook::builder(Provider::Dialog360)
        .require_header("bad header", "secret-value")
        .build()
        .expect_err("not a header name");
    assert!(
        matches!(&err, ConfigError::InvalidHeaderName { name, .. } if name == "bad header"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[test]
fn plain_http_to_another_host_is_refused_unless_allowed_for_every_provider() {
    for provider in Provider::ALL {
        let base = format!("WABA_{}_BASE_URL", provider.id().to_ascii_uppercase());
        let mut env = full_environment(provider);
        env.push((base.as_str(), "http://mock-provider:8080"));
        let builder = || waba::ClientBuilder::from_vars(vars(&env)).unwrap();
        let err = builder().build().expect_err(provider.id());
        assert!(
            matches!(
                &err,
                ConfigError::Build {
                    error: waba_runtime::BuildError::InsecureBaseUrl { .. },
                    ..
                }
            ),
            "{provider:?}: {err}"
        );
        builder()
            .allow_insecure_http()
            .http_client(reqwest::Client::new())
            .build()
            .unwrap_or_else(|e| panic!("{provider:?}: {e}"));
    }
}
