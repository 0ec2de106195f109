//! Send bodies and answers that other public Cloud API projects wrote for their tests and docs
//! (`shared/realworld/cloud-api/requests/` and `responses/`, outside the repository): every
//! request reads into `MessagesRequest`, writes back to the same JSON (nulls aside), passes the
//! pre-send check and reaches a mock server exactly as written; every answer reads into
//! `SendMessageResponse`.

use std::path::{Path, PathBuf};

use httpmock::MockServer;
use serde_json::Value;
use waba_dialog360::types::{MessagesRequest, SendMessageResponse};

use super::{KEY, client};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/realworld/cloud-api"
);

fn files(dir: &str) -> Vec<(String, Value)> {
    let dir = Path::new(CORPUS).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, json)
        })
        .collect()
}

/// `value` without object members that are null (the round trip may drop them).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn every_realworld_request_round_trips_passes_the_check_and_is_sent_as_written() {
    let requests = files("requests");
    assert!(requests.len() >= 15, "found {} requests", requests.len());
    let responses = files("responses");
    let answer = |name: &str| {
        responses
            .iter()
            .find(|(n, _)| n.contains(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no response file for {name}"))
    };
    let (accepted, read) = (answer("send_message_success"), answer("mark_as_read"));
    let mut kinds = std::collections::BTreeSet::new();
    for (name, json) in requests {
        let request: MessagesRequest = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("{name}: not read into MessagesRequest: {e}"));
        let back = serde_json::to_value(&request).unwrap();
        assert_eq!(
            back,
            without_nulls(&json),
            "{name}: written back differently"
        );

        crate::spec_schemas("dialog360")
            .validate("MessagesRequest", &back)
            .unwrap_or_else(|e| panic!("{name}: refused by the spec: {e}"));
        waba_dialog360::Check::check(&request)
            .unwrap_or_else(|e| panic!("{name}: refused by the generated check: {e}"));
        request
            .check_limits()
            .unwrap_or_else(|e| panic!("{name}: refused by the limits: {e}"));

        let is_read_receipt = matches!(request, MessagesRequest::MarkAsRead(_));
        kinds.insert(match &request {
            MessagesRequest::Message(m) => serde_json::to_value(m).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string(),
            MessagesRequest::MarkAsRead(_) => "read receipt".into(),
            MessagesRequest::TextMessageWithoutType(_) => "text without type".into(),
            other => panic!("a request shape this test does not know: {other:?}"),
        });
        let server = MockServer::start_async().await;
        let mock = server.mock(|when, then| {
            when.method("POST")
                .path("/messages")
                .header("d360-api-key", KEY)
                .json_body(json.clone());
            then.status(200).json_body(if is_read_receipt {
                read.clone()
            } else {
                accepted.clone()
            });
        });
        let sent = client(&server)
            .send(request)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        mock.assert_async().await;
        if is_read_receipt {
            assert_eq!(sent.success, Some(true), "{name}");
        } else {
            assert_eq!(sent.message_id(), Some("wamid.ID"), "{name}");
        }
    }
    // The corpus covers text, image, interactive, template and read receipts.
    for kind in ["text", "image", "interactive", "template", "read receipt"] {
        assert!(kinds.contains(kind), "no {kind} request read: {kinds:?}");
    }
}

#[test]
fn every_realworld_answer_reads_into_the_typed_answer() {
    let responses = files("responses");
    assert!(responses.len() >= 2, "found {} responses", responses.len());
    for (name, json) in responses {
        let answer: SendMessageResponse = serde_json::from_value(json.clone())
            .unwrap_or_else(|e| panic!("{name}: not read into SendMessageResponse: {e}"));
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            without_nulls(&json),
            "{name}: written back differently"
        );
        match answer.success {
            Some(success) => assert!(success, "{name}"),
            None => {
                assert_eq!(
                    answer.message_id(),
                    json["messages"][0]["id"].as_str(),
                    "{name}"
                );
                assert_eq!(
                    answer.wa_id(),
                    json["contacts"][0]["wa_id"].as_str(),
                    "{name}"
                );
                assert!(answer.message_id().is_some(), "{name}");
            }
        }
    }
}
