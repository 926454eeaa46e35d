//! Listing: filters, sort order and paging, and the cache key of a page.

use agora_values::Paging;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    PriceAsc,
    PriceDesc,
    Newest,
    Name,
    /// Best text-search match first; the default when searching.
    Relevance,
}

impl Sort {
    fn key(self) -> &'static str {
        match self {
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
            Sort::Name => "name",
            Sort::Relevance => "relevance",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductQuery {
    pub q: Option<String>,
    pub category_id: Option<Uuid>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub sort: Sort,
    pub paging: Paging,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("must not be greater than max_price")]
    PriceRange,
    #[error("must not be blank")]
    BlankSearch,
}

impl ProductQuery {
    pub fn new(
        q: Option<&str>,
        category_id: Option<Uuid>,
        min_price: Option<u64>,
        max_price: Option<u64>,
        sort: Option<Sort>,
        paging: Paging,
    ) -> Result<Self, (&'static str, QueryError)> {
        let clamp = |p: u64| i64::try_from(p).unwrap_or(i64::MAX);
        let (min_price, max_price) = (min_price.map(clamp), max_price.map(clamp));
        if let (Some(lo), Some(hi)) = (min_price, max_price)
            && lo > hi
        {
            return Err(("min_price", QueryError::PriceRange));
        }
        let q = match q.map(str::trim) {
            Some("") => return Err(("q", QueryError::BlankSearch)),
            other => other.map(str::to_owned),
        };
        let sort = sort.unwrap_or(if q.is_some() {
            Sort::Relevance
        } else {
            Sort::Newest
        });
        Ok(Self {
            q,
            category_id,
            min_price,
            max_price,
            sort,
            paging,
        })
    }

    /// A stable, unambiguous key for the page this query asks for.
    pub fn cache_key(&self) -> String {
        let opt = |v: Option<String>| v.unwrap_or_default();
        format!(
            "q={}&c={}&min={}&max={}&s={}&p={}&n={}",
            opt(self
                .q
                .as_ref()
                .map(|q| q.replace('%', "%25").replace('&', "%26"))),
            opt(self.category_id.map(|c| c.to_string())),
            opt(self.min_price.map(|p| p.to_string())),
            opt(self.max_price.map(|p| p.to_string())),
            self.sort.key(),
            self.paging.page,
            self.paging.per_page
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        let q = ProductQuery::new(None, None, None, None, None, Paging::default()).unwrap();
        assert_eq!(
            (q.paging.page, q.paging.per_page, q.sort, q.paging.offset()),
            (1, 20, Sort::Newest, 0)
        );
        let q = ProductQuery::new(
            Some(" shirt "),
            None,
            None,
            None,
            None,
            Paging::new(Some(3), Some(10)),
        )
        .unwrap();
        assert_eq!(
            (q.q.as_deref(), q.sort, q.paging.offset()),
            (Some("shirt"), Sort::Relevance, 20)
        );
        assert_eq!(
            ProductQuery::new(None, None, Some(5), Some(4), None, Paging::default())
                .unwrap_err()
                .0,
            "min_price"
        );
    }

    #[test]
    fn different_queries_have_different_cache_keys() {
        let a =
            ProductQuery::new(Some("a&s=name"), None, None, None, None, Paging::default()).unwrap();
        let b = ProductQuery::new(
            Some("a"),
            None,
            None,
            None,
            Some(Sort::Name),
            Paging::default(),
        )
        .unwrap();
        assert_ne!(a.cache_key(), b.cache_key());
    }
}
