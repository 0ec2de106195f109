//! `waba webhook parse`: every documented webhook payload of every provider (the specs'
//! payload examples, `x-waba-examples` and `x-webhooks` examples) gives its events; secrets
//! are checked; malformed bodies are refused.

use serde_json::Value;
use waba::{Provider, Webhook};

use waba_workspace_tests::{documented_webhooks, mehery_webhook};

use crate::{schema_example, waba};

/// Every webhook payload the specs document: provider, a name, the body.
fn documented() -> Vec<(Provider, String, Value)> {
    documented_webhooks()
        .into_iter()
        .map(|(id, name, body)| (id.parse().expect("a provider id"), name, body))
        .collect()
}

fn id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One object or a list of them, as a list.
fn items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(list) => list.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    }
}

/// The events a payload holds, read from its JSON as the provider documents it: the kind
/// (`message`, `status`, `other`) and the message id of each.
fn expected(provider: Provider, body: &Value) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut lists = |value: &Value| {
        for m in items(&value["messages"]) {
            out.push(("message".to_string(), id(&m["id"])));
        }
        for s in items(&value["statuses"]) {
            out.push(("status".to_string(), id(&s["id"])));
        }
        for _ in items(&value["errors"]) {
            out.push(("other".to_string(), None));
        }
        for _ in items(&value["events"])
            .into_iter()
            .chain(items(&value["actions"]))
        {
            out.push(("other".to_string(), None));
        }
    };
    match provider {
        Provider::Dialog360 if body.get("entry").is_some() => {
            let mut other = 0;
            let mut template_statuses = 0;
            for entry in items(&body["entry"]) {
                for change in items(&entry["changes"]) {
                    if change["field"] == "messages" {
                        lists(&change["value"]);
                    } else if change["field"] == "message_template_status_update"
                        && change["value"].get("event").is_some()
                    {
                        template_statuses += 1;
                    } else {
                        other += 1;
                    }
                }
            }
            out.extend((0..other).map(|_| ("other".to_string(), None)));
            out.extend((0..template_statuses).map(|_| ("template_status".to_string(), None)));
        }
        Provider::Onextel => out.push(("status".into(), id(&body["context"]["id"]))),
        _ => lists(body),
    }
    out.sort();
    out
}

/// `value` without object members that are `null` or `{}` (a typed payload leaves out an
/// absent value and an empty free-form object).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && v.as_object().is_none_or(|o| !o.is_empty()))
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn parse(provider: Provider, body: &Value, extra: &[&str]) -> crate::Run {
    let mut args = vec![
        "webhook",
        "parse",
        "--provider",
        provider.id(),
        "--allow-unauthenticated",
    ];
    args.extend_from_slice(extra);
    waba(&args, &[], &serde_json::to_vec(body).unwrap())
}

#[test]
fn every_documented_payload_gives_its_events_as_json_lines() {
    let payloads = documented();
    assert!(payloads.len() > 40, "{}", payloads.len());
    for (provider, name, body) in payloads {
        let run = parse(provider, &body, &[]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let lines = run.json_lines();
        assert!(!lines.is_empty(), "{name}: no event");
        let mut seen: Vec<(String, Option<String>)> = lines
            .iter()
            .map(|l| {
                assert_eq!(l["provider"], provider.id(), "{name}");
                (
                    l["event"].as_str().unwrap().to_string(),
                    id(&l["message_id"]),
                )
            })
            .collect();
        seen.sort();
        assert_eq!(seen, expected(provider, &body), "{name}: {}", run.stdout);
        // And exactly what the library's neutral parse gives, field for field.
        let library: Vec<Value> = Webhook::builder(provider)
            .allow_unauthenticated()
            .build()
            .unwrap()
            .parse(&serde_json::to_vec(&body).unwrap())
            .unwrap()
            .iter()
            .map(|e| e.to_json())
            .collect();
        assert_eq!(lines, library, "{name}");
    }
}

#[test]
fn every_documented_payload_as_the_providers_typed_payload() {
    let mut payloads = documented();
    payloads.push((
        Provider::Mehery,
        "contact_info".into(),
        mehery_webhook("contact_info"),
    ));
    for (provider, name, body) in payloads {
        let run = parse(provider, &body, &["--typed"]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let lines = run.json_lines();
        assert_eq!(lines.len(), 1, "{name}: one payload");
        assert_eq!(
            without_nulls(&lines[0]),
            without_nulls(&body),
            "{name}: the typed payload holds the whole body"
        );
    }
}

#[test]
fn mehery_contact_info_call_has_no_neutral_events_exit_3() {
    let run = parse(Provider::Mehery, &mehery_webhook("contact_info"), &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("contact-info"), "{run:?}");
}

const HEADER: &str = "Authorization: Basic dGVzdHVzZXI6dGVzdHBhc3M=";

#[test]
fn the_echoed_header_is_checked_a_wrong_or_missing_one_is_exit_3_naming_it() {
    let body = serde_json::to_vec(&schema_example("dialog360", "CloudWebhook")).unwrap();
    let vars = [("WABA_DIALOG360_WEBHOOK_HEADER", HEADER)];
    let args = ["webhook", "parse", "--provider", "dialog360"];

    let right = waba(&[&args[..], &["--header", HEADER]].concat(), &vars, &body);
    assert_eq!(right.code, 0, "{right:?}");
    assert_eq!(right.json_lines().len(), 1);

    let wrong = waba(
        &[
            &args[..],
            &["--header", "Authorization: Basic d3Jvbmc6c2VjcmV0"],
        ]
        .concat(),
        &vars,
        &body,
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");
    assert!(
        wrong.stderr.to_ascii_lowercase().contains("authorization"),
        "{wrong:?}"
    );
    assert!(
        !wrong.stderr.contains("dGVzdHVzZXI6dGVzdHBhc3M="),
        "{wrong:?}"
    );
    assert!(!wrong.stderr.contains("d3Jvbmc6c2VjcmV0"), "{wrong:?}");
    assert!(wrong.stdout.is_empty());

    let missing = waba(&args, &vars, &body);
    assert_eq!(missing.code, 3, "{missing:?}");
    assert!(
        missing
            .stderr
            .to_ascii_lowercase()
            .contains("authorization"),
        "{missing:?}"
    );
}

#[test]
fn meherys_verify_token_and_a_url_token_are_checked() {
    let body = serde_json::to_vec(&mehery_webhook("receive_notifications")).unwrap();
    let vars = [
        ("WABA_PROVIDER", "mehery"),
        ("WABA_MEHERY_VERIFY_TOKEN", "test-verify-token-3e1$"),
    ];
    let right = waba(
        &[
            "webhook",
            "parse",
            "--header",
            "x-verify-token: test-verify-token-3e1$",
        ],
        &vars,
        &body,
    );
    assert_eq!(right.code, 0, "{right:?}");
    let wrong = waba(
        &["webhook", "parse", "--header", "x-verify-token: guess"],
        &vars,
        &body,
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");
    assert!(wrong.stderr.contains("x-verify-token"), "{wrong:?}");

    let body = serde_json::to_vec(&schema_example("onextel", "DeliveryEvent")).unwrap();
    let vars = [("WABA_ONEXTEL_WEBHOOK_TOKEN", "a long/random token+")];
    let args = ["webhook", "parse", "--provider", "onextel"];
    let right = waba(
        &[&args[..], &["--url-token", "a long/random token+"]].concat(),
        &vars,
        &body,
    );
    assert_eq!(right.code, 0, "{right:?}");
    let wrong = waba(
        &[&args[..], &["--url-token", "a long/random token"]].concat(),
        &vars,
        &body,
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");
    assert!(wrong.stderr.contains("token"), "{wrong:?}");
    assert!(!wrong.stderr.contains("random"), "{wrong:?}");
    let missing = waba(&args, &vars, &body);
    assert_eq!(missing.code, 3, "{missing:?}");
}

#[test]
fn no_secret_configured_is_exit_2_unless_allowed() {
    let body = serde_json::to_vec(&schema_example("onextel", "DeliveryEvent")).unwrap();
    let run = waba(&["webhook", "parse", "--provider", "onextel"], &[], &body);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("WABA_ONEXTEL_WEBHOOK_TOKEN"), "{run:?}");
    let run = waba(
        &["webhook", "parse", "--provider", "onextel"],
        &[("WABA_ALLOW_UNAUTHENTICATED", "1")],
        &body,
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_malformed_body_is_exit_3_with_the_reason() {
    for provider in [
        Provider::Dialog360,
        Provider::Onextel,
        Provider::Mehery,
        Provider::Desk360,
    ] {
        for (body, typed) in [
            (&b"{\"entry\": [oops"[..], false),
            (b"[]", false),
            (b"{\"entry\": [oops", true),
        ] {
            let mut args = vec![
                "webhook",
                "parse",
                "--provider",
                provider.id(),
                "--allow-unauthenticated",
            ];
            if typed {
                args.push("--typed");
            }
            let run = waba(&args, &[], body);
            assert_eq!(run.code, 3, "{provider:?} {typed}: {run:?}");
            assert!(run.stderr.contains("malformed"), "{provider:?}: {run:?}");
            assert!(run.stdout.is_empty());
        }
    }
}

#[test]
fn channel360_documents_no_webhook_exit_3() {
    for typed in [false, true] {
        let mut args = vec![
            "webhook",
            "parse",
            "--provider",
            "channel360",
            "--allow-unauthenticated",
        ];
        if typed {
            args.push("--typed");
        }
        let run = waba(&args, &[], b"{}");
        assert_eq!(run.code, 3, "{run:?}");
    }
}
