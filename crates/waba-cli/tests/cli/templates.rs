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
