//! Media: multipart upload checked part by part, metadata, download with the host rewrite,
//! delete.

use httpmock::MockServer;
use serde_json::json;
use waba_dialog360::forms::UploadMediaForm;
use waba_dialog360::{ErrorKind, FilePart};
use waba_runtime::multipart;

use super::{KEY, client};

#[tokio::test]
async fn upload_sends_the_file_and_fields_as_multipart() {
    let server = MockServer::start_async().await;
    let (seen, record) = waba_workspace_tests::recorder();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path("/media")
            .header("d360-api-key", KEY)
            .is_true(record);
        then.status(200)
            .json_body(json!({"id": "4490709327384033"}));
    });
    let png: Vec<u8> = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    let form = UploadMediaForm::new(FilePart::new(png.clone(), "receipt.png", "image/png"))
        .with_type("image/png");
    let answer = client(&server).upload_media(&form).await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.id, "4490709327384033");

    let (content_type, body) = seen.lock().unwrap().clone().expect("request seen");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = multipart::parse(&content_type, &body).expect("well-formed multipart");
    let names: Vec<_> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["file", "messaging_product", "type"]);
    assert_eq!(parts[0].file_name.as_deref(), Some("receipt.png"));
    assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(&parts[0].body[..], &png[..]);
    assert_eq!(&parts[1].body[..], b"whatsapp");
    assert_eq!(parts[1].file_name, None);
    assert_eq!(&parts[2].body[..], b"image/png");
}

#[tokio::test]
async fn media_is_looked_up_downloaded_from_the_360dialog_host_and_deleted() {
    let server = MockServer::start_async().await;
    let lookaside = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1037543291543636&ext=1721380121&hash=ATuRTKXWakpcJd2nHkOa4pAcHKdPXyo4Ddwe6YPnM06ihw";
    let info = server.mock(|when, then| {
        when.method("GET")
            .path("/1037543291543636")
            .header("d360-api-key", KEY);
        then.status(200).json_body(json!({
            "messaging_product": "whatsapp", "url": lookaside, "mime_type": "image/jpeg",
            "sha256": "d2bf6aabb5b4fdc9b4c6e6e1b37d2c7c3fe7e1e1d55f0f8c0b7c5d9e6a0e1f2a",
            "file_size": 303833, "id": "1037543291543636"
        }));
    });
    let download = server.mock(|when, then| {
        when.method("GET")
            .path("/whatsapp_business/attachments/")
            .query_param("mid", "1037543291543636")
            .query_param("ext", "1721380121")
            .query_param("hash", "ATuRTKXWakpcJd2nHkOa4pAcHKdPXyo4Ddwe6YPnM06ihw")
            .header("d360-api-key", KEY);
        then.status(200)
            .header("content-type", "image/jpeg")
            .body([0xff, 0xd8, 0xff, 0xe0]);
    });
    let delete = server.mock(|when, then| {
        when.method("DELETE").path("/1037543291543636");
        then.status(200).json_body(json!({"success": true}));
    });
    let c = client(&server);
    let meta = c.retrieve_media("1037543291543636").await.unwrap();
    let url = meta.url.clone().unwrap();
    let stream = c.download_media_url(&url).await.unwrap();
    let bytes = waba_runtime::response::collect(stream.into_inner())
        .await
        .unwrap();
    assert_eq!(&bytes[..], &[0xff, 0xd8, 0xff, 0xe0]);
    assert_eq!(
        c.delete_media("1037543291543636").await.unwrap().success,
        Some(true)
    );
    info.assert_async().await;
    download.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn a_url_that_is_not_a_media_url_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let c = client(&server);
    for url in [
        "https://lookaside.fbsbx.com/other/path?mid=1",
        "not a url",
        "https://lookaside.fbsbx.com/whatsapp_business/attachments/?ext=1",
    ] {
        let Err(err) = c.download_media_url(url).await else {
            panic!("{url} was accepted")
        };
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{url}");
    }
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn the_typed_upload_mock_matches_the_file_and_fields() {
    use waba_dialog360::mock::MockServerExt;
    use waba_dialog360::types::MediaUploadResponse;
    let form = UploadMediaForm::new(FilePart::new(&b"\x89PNG"[..], "receipt.png", "image/png"))
        .with_type("image/png");
    let server = MockServer::start_async().await;
    let other = server.upload_media(|when, then| {
        when.file("another.png");
        then.ok(&MediaUploadResponse::new("1"));
    });
    let mock = server.upload_media(|when, then| {
        when.file("receipt.png")
            .messaging_product("whatsapp")
            .type_("image/png");
        then.ok(&MediaUploadResponse::new("4490709327384033"));
    });
    let answer = client(&server).upload_media(&form).await.unwrap();
    mock.assert_async().await;
    assert_eq!(other.calls_async().await, 0);
    assert_eq!(answer.id, "4490709327384033");
}
