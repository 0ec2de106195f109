//! Pagination: list operations take a `page` (from 1, 20 objects a page) and name the next
//! page in the `Link` header (`<https://…/v1/integrations?page=2>; rel=next`); on the last
//! page there is no such link. [`Pages`] follows them.

use std::future::Future;
use std::num::NonZeroU64;
use std::pin::Pin;

use reqwest::header::{HeaderMap, LINK};

use crate::types::{Integration, WhatsAppTemplate};
use crate::{Client, Error, ResponseValue};

type PageFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<ResponseValue<Vec<T>>, Error>> + Send + 'a>>;
type Fetch<'a, T> = Box<dyn FnMut(NonZeroU64) -> PageFuture<'a, T> + Send + 'a>;

/// The pages of a list operation, fetched one at a time as the `Link` headers lead.
///
/// ```no_run
/// # async fn demo(client: waba_desk360::Client) -> Result<(), waba_desk360::Error> {
/// let mut pages = client.integrations();
/// while let Some(page) = pages.next_page().await {
///     for integration in page? {
///         println!("{}", integration.id);
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<'a, T> {
    fetch: Fetch<'a, T>,
    next: Option<NonZeroU64>,
}

impl<T> std::fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<'a, T> Pages<'a, T> {
    /// Pages starting at `first`, each read by `fetch`.
    pub fn new(
        first: NonZeroU64,
        fetch: impl FnMut(NonZeroU64) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        Pages {
            fetch: Box::new(fetch),
            next: Some(first),
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error>> {
        let page = self.next.take()?;
        match (self.fetch)(page).await {
            Ok(answer) => {
                // A link back to this page or an earlier one would loop: it ends the walk.
                self.next = next_page(answer.headers()).filter(|n| *n > page);
                Some(Ok(answer.into_inner()))
            }
            Err(e) => Some(Err(e)),
        }
    }

    /// Every item of every remaining page.
    pub async fn all(mut self) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page().await {
            out.extend(page?);
        }
        Ok(out)
    }
}

/// The page number of the `rel=next` link of a `Link` header, if any.
pub fn next_page(headers: &HeaderMap) -> Option<NonZeroU64> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().replace(' ', "");
                p.eq_ignore_ascii_case("rel=next") || p.eq_ignore_ascii_case("rel=\"next\"")
            });
            if !is_next {
                return None;
            }
            let url = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let url = reqwest::Url::parse(url).ok()?;
            let page = url.query_pairs().find(|(k, _)| k == "page")?.1;
            page.parse().ok()
        })
}

impl Client {
    /// Every integration, page by page (`list_integrations`).
    pub fn integrations(&self) -> Pages<'_, Integration> {
        Pages::new(NonZeroU64::MIN, move |page| {
            Box::pin(async move {
                let answer = self.list_integrations(Some(page)).await?;
                Ok(map(answer, |list| list.0))
            })
        })
    }

    /// Every WhatsApp template of an integration, page by page (`list_whatsapp_templates`).
    pub fn whatsapp_templates<'a>(
        &'a self,
        integration_id: &'a str,
    ) -> Pages<'a, WhatsAppTemplate> {
        Pages::new(NonZeroU64::MIN, move |page| {
            Box::pin(async move {
                let answer = self
                    .list_whatsapp_templates(integration_id, Some(page))
                    .await?;
                Ok(map(answer, |list| list.0))
            })
        })
    }
}

fn map<A, B>(answer: ResponseValue<A>, f: impl FnOnce(A) -> B) -> ResponseValue<B> {
    let status = answer.status();
    let headers = answer.headers().clone();
    ResponseValue::new(f(answer.into_inner()), status, headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(LINK, value.parse().unwrap());
        h
    }

    #[test]
    fn the_next_link_is_read_in_the_documented_and_the_standard_spelling() {
        let doc = link("<https://public-api.desk360.com/v1/integrations?page=2>; rel=next");
        assert_eq!(next_page(&doc).map(NonZeroU64::get), Some(2));
        let standard = link(
            r#"<https://x/v1/a?page=1>; rel="prev", <https://x/v1/a?per=20&page=3>; rel="next""#,
        );
        assert_eq!(next_page(&standard).map(NonZeroU64::get), Some(3));
        assert_eq!(next_page(&link("<https://x/v1/a?page=1>; rel=prev")), None);
        assert_eq!(next_page(&link("<https://x/v1/a>; rel=next")), None);
        assert_eq!(next_page(&HeaderMap::new()), None);
    }
}
