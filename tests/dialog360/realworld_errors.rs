//! The error files of the real-world Cloud API corpus (`shared/realworld/cloud-api/errors`,
//! listed in its MANIFEST.tsv), read into the typed error bodies with every field kept, and
//! served by a mock server to check that the client reports them typed.
//!
//! Kinds: `error` is a whole Graph error body (`{"error": {...}}`); `error-inner` is the inner
//! object only, either a Graph error (`MetaError`) or the error object of a webhook
//! (`WhatsAppError`, with `title` and `href`); `error-legacy` is an On-Premise webhook body
//! whose status failed, read as `OnPremiseWebhook`.

use std::path::PathBuf;

use httpmock::MockServer;
use serde_json::Value;
use waba_dialog360::types::{ErrorResponse, MetaError, OnPremiseWebhook, WhatsAppError};
use waba_dialog360::{ErrorKind, Message};

use super::client;

fn corpus() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/realworld/cloud-api"
    ))
}

/// `(file, kind)` of every MANIFEST row whose kind starts with `error`.
fn error_files() -> Vec<(String, String)> {
    let manifest = std::fs::read_to_string(corpus().join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let (file, kind) = (*cols.first()?, *cols.get(4)?);
            kind.starts_with("error")
                .then(|| (file.to_string(), kind.to_string()))
        })
        .collect()
}

fn read(file: &str) -> Value {
    let text =
        std::fs::read_to_string(corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Reads `json` as `T` and writes it back; the two must be the same JSON.
fn lossless<T: serde::de::DeserializeOwned + serde::Serialize>(json: &Value) -> Result<T, String> {
    let typed: T = serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    if &back == json {
        Ok(typed)
    } else {
        Err(format!("written back as {back}"))
    }
}

/// Serves `body` as an HTTP `status` answer to `send_message` and checks that the client's
/// error carries it typed, field by field as in the raw JSON.
async fn served_typed(file: &str, body: &Value, status: u16) {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(status).json_body(body.clone());
    });
    let err = client(&server)
        .send(Message::text("4915112345678", "hello"))
        .await
        .expect_err("an error answer");
    assert_eq!(err.kind(), ErrorKind::Api, "{file}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{file}");
    let typed = err
        .error_body()
        .unwrap_or_else(|| panic!("{file}: not typed"));
    assert!(
        matches!(typed, ErrorResponse::MetaErrorResponse(_)),
        "{file}: {typed:?}"
    );
    let raw = &body["error"];
    assert_eq!(typed.code(), raw["code"].as_i64(), "{file}: code");
    assert_eq!(
        typed.subcode(),
        raw["error_subcode"].as_i64(),
        "{file}: subcode"
    );
    assert_eq!(typed.message(), raw["message"].as_str(), "{file}: message");
    assert_eq!(
        typed.user_title(),
        raw["error_user_title"].as_str(),
        "{file}: title"
    );
    assert_eq!(
        typed.user_message(),
        raw["error_user_msg"].as_str(),
        "{file}: user msg"
    );
    assert_eq!(
        typed.fbtrace_id(),
        raw["fbtrace_id"].as_str(),
        "{file}: fbtrace_id"
    );
    assert_eq!(
        typed.is_transient(),
        raw["is_transient"].as_bool(),
        "{file}: is_transient"
    );
    assert_eq!(
        typed.details(),
        raw.pointer("/error_data/details").and_then(Value::as_str),
        "{file}: details"
    );
    assert!(
        typed.code().is_some() && typed.fbtrace_id().is_some(),
        "{file}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!("code {}", raw["code"])),
        "{file}: the error's sentence names the code: {text}"
    );
}

#[tokio::test]
async fn every_real_world_error_is_typed_with_every_field_kept() {
    let files = error_files();
    let count = |k: &str| files.iter().filter(|(_, kind)| kind == k).count();
    assert!(count("error") >= 1, "{files:?}");
    assert!(count("error-inner") >= 1, "{files:?}");
    for (file, kind) in &files {
        let json = read(file);
        match kind.as_str() {
            "error" => {
                let typed =
                    lossless::<ErrorResponse>(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert!(
                    matches!(typed, ErrorResponse::MetaErrorResponse(_)),
                    "{file}: {typed:?}"
                );
                served_typed(file, &json, 401).await;
            }
            // A Graph error has `type` / `fbtrace_id`; a webhook error has `title` / `href`.
            "error-inner" if json.get("title").is_some() || json.get("href").is_some() => {
                lossless::<WhatsAppError>(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
            }
            "error-inner" => {
                lossless::<MetaError>(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
                // Wrapped as the Graph API sends it, it is a whole error answer.
                let body = serde_json::json!({ "error": json });
                lossless::<ErrorResponse>(&body).unwrap_or_else(|e| panic!("{file}: {e}"));
                served_typed(file, &body, 400).await;
            }
            "error-legacy" => {
                // An On-Premise webhook body whose message failed: the failure is typed.
                let typed: OnPremiseWebhook =
                    serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{file}: {e}"));
                let raw = &json["statuses"][0];
                let status = typed.statuses[0]
                    .parsed()
                    .unwrap_or_else(|| panic!("{file}: the status is not typed"));
                assert_eq!(Some(status.id.as_str()), raw["id"].as_str(), "{file}");
                let error = status.errors[0]
                    .parsed()
                    .unwrap_or_else(|| panic!("{file}: the status error is not typed"));
                let raw_error = &raw["errors"][0];
                assert_eq!(Some(error.code), raw_error["code"].as_i64(), "{file}");
                assert_eq!(
                    error.title.as_deref(),
                    raw_error["title"].as_str(),
                    "{file}"
                );
                assert_eq!(error.href.as_deref(), raw_error["href"].as_str(), "{file}");
                // Each error object of the body reads losslessly on its own.
                lossless::<WhatsAppError>(raw_error).unwrap_or_else(|e| panic!("{file}: {e}"));
            }
            other => panic!("{file}: unknown error kind `{other}`"),
        }
    }
}
