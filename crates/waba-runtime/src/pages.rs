//! Pagination by the `Link` header: a list operation takes a `page` (from 1) and names the
//! next page in its answer's `Link` header (`<https://…/v1/items?page=2>; rel=next`); on the
//! last page there is no such link. [`Pages`] follows them; the generated clients return one
//! from the methods the spec names with `x-waba-pages`.

use std::future::Future;
use std::num::NonZeroU64;
use std::pin::Pin;

use progenitor_client::ResponseValue;
use reqwest::header::{HeaderMap, LINK};

/// One page being fetched.
pub type PageFuture<'a, T, E> =
    Pin<Box<dyn Future<Output = Result<ResponseValue<Vec<T>>, E>> + Send + 'a>>;
type Fetch<'a, T, E> = Box<dyn FnMut(NonZeroU64) -> PageFuture<'a, T, E> + Send + 'a>;

/// The pages of a list operation, fetched one at a time as the `Link` headers lead: `E` is
/// the provider crate's error (Desk360's `client.integrations()` returns one).
pub struct Pages<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    next: Option<NonZeroU64>,
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Pages<'a, T, E> {
    /// Pages starting at `first`, each read by `fetch`.
    pub fn new(
        first: NonZeroU64,
        fetch: impl FnMut(NonZeroU64) -> PageFuture<'a, T, E> + Send + 'a,
    ) -> Self {
        Pages {
            fetch: Box::new(fetch),
            next: Some(first),
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, E>> {
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
    pub async fn all(mut self) -> Result<Vec<T>, E> {
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

/// The same answer with its body mapped (a page's list newtype to its items).
pub fn map<A, B>(answer: ResponseValue<A>, f: impl FnOnce(A) -> B) -> ResponseValue<B> {
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
