//! Pagination: the helper follows the `Link` header page by page until there is none.

use httpmock::MockServer;
use serde_json::json;

use super::{INTEGRATION, bearer, client};

#[tokio::test]
async fn three_pages_are_read_by_following_the_link_header() {
    let server = MockServer::start_async().await;
    let link = |page: u32| {
        format!(
            "<{}/v1/integrations?page={page}>; rel=next",
            server.base_url()
        )
    };
    let pages: Vec<_> = (1..=3)
        .map(|page| {
            let next = (page < 3).then(|| link(page + 1));
            server.mock(move |when, then| {
                when.method("GET")
                    .path("/v1/integrations")
                    .query_param("page", page.to_string())
                    .header("authorization", bearer());
                let then = then.status(200).json_body(json!([
                    {"id": page * 10 + 1, "display_name": format!("Shop {page}a")},
                    {"id": page * 10 + 2, "name": format!("Shop {page}b")},
                ]));
                if let Some(next) = next {
                    then.header("Link", next);
                }
            })
        })
        .collect();
    let all = client(&server).integrations().all().await.unwrap();
    let ids: Vec<i64> = all.iter().map(|i| i.id).collect();
    assert_eq!(ids, [11, 12, 21, 22, 31, 32]);
    for page in &pages {
        assert_eq!(page.calls_async().await, 1);
    }

    // Page by page, the same walk ends after the third page.
    let c = client(&server);
    let mut walk = c.integrations();
    let mut seen = 0;
    while let Some(page) = walk.next_page().await {
        assert_eq!(page.unwrap().len(), 2);
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[tokio::test]
async fn templates_are_paginated_too_and_an_error_ends_the_walk() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/integrations/{INTEGRATION}/conversations/templates");
    let first = server.mock(|when, then| {
        when.path(path.clone()).query_param("page", "1");
        then.status(200)
            .header(
                "Link",
                format!("<{}{path}?page=2>; rel=\"next\"", server.base_url()),
            )
            .json_body(waba_workspace_tests::response_example(
                "desk360",
                "list_whatsapp_templates",
                "200",
            ));
    });
    let second = server.mock(|when, then| {
        when.path(path.clone()).query_param("page", "2");
        then.status(404).json_body(
            json!({"error": {"code": "model_not_found_exception", "message": "Not found."}}),
        );
    });
    let c = client(&server);
    let mut walk = c.whatsapp_templates(INTEGRATION);
    let page = walk.next_page().await.unwrap().unwrap();
    assert_eq!(
        page[0].translations[1].variables,
        ["header-1", "body-1", "body-2"]
    );
    let err = walk.next_page().await.unwrap().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(walk.next_page().await.is_none());
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
}
