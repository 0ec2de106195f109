//! `waba templates`: 360dialog's documented list through its typed client, pages followed;
//! a provider without a list is refused.

use httpmock::MockServer;
use serde_json::json;

use crate::{answer, waba};

#[test]
fn dialog360_templates_as_json_lines_every_page() {
    let server = MockServer::start();
    let mut first = answer("dialog360", "list_templates", "2XX", None);
    let documented = first["waba_templates"].as_array().unwrap().clone();
    // The documented page, said to be the first of two; the second holds one more template.
    first["total"] = json!(documented.len() + 1);
    let second = json!({"count": 1, "offset": documented.len(), "total": documented.len() + 1,
        "waba_templates": [{"name": "welcome", "language": "fr", "category": "MARKETING",
            "status": "pending"}]});
    let offset = documented.len().to_string();
    let page_two = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/configs/templates")
            .query_param("offset", offset.as_str());
        then.status(200).json_body(second.clone());
    });
    let page_one = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/configs/templates")
            .query_param_missing("offset");
        then.status(200).json_body(first.clone());
    });
    let url = server.base_url();
    let run = waba(
        &["templates", "--json"],
        &[
            ("WABA_PROVIDER", "dialog360"),
            ("WABA_DIALOG360_API_KEY", "test-key"),
            ("WABA_DIALOG360_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!((page_one.calls(), page_two.calls()), (1, 1));
    let lines = run.json_lines();
    let listed: Vec<(String, String, String, String)> = lines
        .iter()
        .map(|l| {
            assert_eq!(l["provider"], "dialog360");
            assert_eq!(l["reference"], l["name"]);
            (
                l["name"].as_str().unwrap().to_string(),
                l["language"].as_str().unwrap().to_string(),
                l["status"].as_str().unwrap().to_string(),
                l["category"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, String, String)> = documented
        .iter()
        .chain(second["waba_templates"].as_array().unwrap())
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap().to_string();
            (s("name"), s("language"), s("status"), s("category"))
        })
        .collect();
    expected.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(listed_sorted, expected);
    assert_eq!(
        lines[0]["template"]["components"],
        documented[0]["components"]
    );
}

#[test]
fn onextel_has_no_template_list_exit_3() {
    let run = waba(
        &["templates"],
        &[
            ("WABA_PROVIDER", "onextel"),
            ("WABA_ONEXTEL_EMAIL", "ops@example.com"),
            ("WABA_ONEXTEL_PASSWORD", "test-password"),
            ("WABA_ONEXTEL_SENDER", "919876543210"),
            ("WABA_ONEXTEL_JOURNEY_ID", "66c3054f9a1b2c3d61f5501e"),
        ],
        b"",
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("no way to list templates"), "{run:?}");
}

#[test]
fn desk360_one_line_per_translation_sent_by_template_id_and_language_id() {
    let server = MockServer::start();
    let documented = answer("desk360", "list_whatsapp_templates", "200", None);
    let mock = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/integrations/42/conversations/templates")
            .header("authorization", "Bearer test-desk360-token");
        then.status(200).json_body(documented.clone());
    });
    let url = server.base_url();
    let run = waba(
        &["templates", "--integration-id", "42"],
        &[
            ("WABA_PROVIDER", "desk360"),
            ("WABA_DESK360_TOKEN", "test-desk360-token"),
            ("WABA_DESK360_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(mock.calls(), 1, "one page: the answer names no next page");
    let mut expected = Vec::new();
    for template in documented.as_array().unwrap() {
        for translation in template["translations"].as_array().unwrap() {
            expected.push(json!([
                template["id"].to_string(),
                template["name"],
                translation["language_id"].to_string(),
                translation["language"],
            ]));
        }
    }
    assert!(expected.len() > 1, "the example has several translations");
    let listed: Vec<_> = run
        .json_lines()
        .iter()
        .map(|l| json!([l["reference"], l["name"], l["language"], l["language_name"]]))
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn channel360_documented_answer_of_one_template() {
    let server = MockServer::start();
    let documented = answer("channel360", "list_templates", "200", Some("doc_list"));
    server.mock(|when, then| {
        when.method("GET")
            .path("/v1.1/org/659039655cf56a8df0c8908/templates/list");
        then.status(200).json_body(documented.clone());
    });
    let url = server.base_url();
    let run = waba(
        &["templates"],
        &[
            ("WABA_PROVIDER", "channel360"),
            ("WABA_CHANNEL360_TOKEN", "test-jwt"),
            ("WABA_CHANNEL360_ORG_ID", "659039655cf56a8df0c8908"),
            ("WABA_CHANNEL360_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    for (listed, documented_key) in [
        ("reference", "name"),
        ("language", "language"),
        ("status", "status"),
        ("category", "category"),
    ] {
        assert_eq!(lines[0][listed], documented[documented_key], "{listed}");
    }
}

#[test]
fn a_refused_list_is_exit_4_naming_the_provider() {
    let server = MockServer::start();
    let refusal = answer(
        "dialog360",
        "list_templates",
        "4XX",
        Some("invalid_api_key"),
    );
    server.mock(|when, then| {
        when.method("GET").path("/v1/configs/templates");
        then.status(401).json_body(refusal.clone());
    });
    let url = server.base_url();
    let run = waba(
        &["templates"],
        &[
            ("WABA_PROVIDER", "dialog360"),
            ("WABA_DIALOG360_API_KEY", "test-wrong-key"),
            ("WABA_DIALOG360_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("360dialog"), "{run:?}");
    assert!(
        run.stderr.contains(refusal["error"].as_str().unwrap()),
        "{run:?}"
    );
    assert!(!run.stderr.contains("test-wrong-key"), "{run:?}");
}

#[test]
fn mehery_templates_of_the_configured_channel_by_code() {
    let server = MockServer::start();
    let mut doc = crate::schema_example("mehery", "HSMTemplateDoc");
    doc["code"] = json!("ORDER_UPDATE");
    doc["name"] = json!("Order update");
    doc["lang"] = json!("en_US");
    doc["approved"] = json!([
        {"channelId": "wa360:111", "status": "REJECTED", "templateId": "t-1"},
        {"channelId": "wa360:919988776655", "status": "APPROVED", "templateId": "t-2"}
    ]);
    let mock = server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/config/tmpl/hsm")
            .query_param("channelId", "wa360:919988776655");
        then.status(200)
            .json_body(json!({"results": [doc.clone()]}));
    });
    let url = server.base_url();
    let run = waba(
        &["templates", "--json"],
        &[
            ("WABA_PROVIDER", "mehery"),
            ("WABA_MEHERY_API_KEY", "test-key"),
            ("WABA_MEHERY_CHANNEL_ID", "wa360:919988776655"),
            ("WABA_MEHERY_BASE_URL", &url),
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(mock.calls(), 1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert_eq!(lines[0]["reference"], "ORDER_UPDATE");
    assert_eq!(lines[0]["name"], "Order update");
    assert_eq!(lines[0]["language"], "en_US");
    assert_eq!(
        lines[0]["status"], "APPROVED",
        "the configured channel's approval"
    );
    assert_eq!(lines[0]["category"], doc["category"]);
}
