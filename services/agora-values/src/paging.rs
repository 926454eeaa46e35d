//! Which page of a listing a client asked for: the defaults and bounds every listing shares,
//! in one place. The specs' `Page` and `PerPage` parameters (specs/common.yaml) state the
//! same numbers; the contract layer refuses what lies outside them before a use case runs.

/// A page number (from 1) and a page size (1 to [`Paging::MAX_PER_PAGE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Default for Paging {
    /// The first page, of the default size.
    fn default() -> Self {
        Self::new(None, None)
    }
}

impl Paging {
    pub const DEFAULT_PER_PAGE: u32 = 20;
    pub const MAX_PER_PAGE: u32 = 100;
    pub const MAX_PAGE: u32 = 100_000;

    /// The page a query's optional `page` and `per_page` name, defaulted and bounded.
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Self {
        Self {
            page: page.unwrap_or(1).clamp(1, Self::MAX_PAGE),
            per_page: per_page
                .unwrap_or(Self::DEFAULT_PER_PAGE)
                .clamp(1, Self::MAX_PER_PAGE),
        }
    }

    /// How many items come before this page.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// The numbers as a listing's body reports them (the specs' `int32`).
    pub fn as_i32(&self) -> (i32, i32) {
        let int32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        (int32(self.page), int32(self.per_page))
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            Paging::new(None, None),
            Paging {
                page: 1,
                per_page: 20
            }
        );
        assert_eq!(
            Paging::new(Some(0), Some(0)),
            Paging {
                page: 1,
                per_page: 1
            }
        );
        let huge = Paging::new(Some(u32::MAX), Some(u32::MAX));
        assert_eq!((huge.page, huge.per_page), (100_000, 100));
        assert_eq!(Paging::new(Some(3), Some(10)).offset(), 20);
        assert_eq!(huge.as_i32(), (100_000, 100));
    }
}
