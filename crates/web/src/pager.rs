//! Pagination: page numbers from the query string, and the links below a list.

pub const PER_PAGE: i64 = 20;

pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// (number, href, is current)
    pub links: Vec<(i64, String, bool)>,
}

/// Parses `page` leniently: anything that is not a positive number is page 1.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000)
}

pub fn offset(page: i64) -> i64 {
    (page - 1) * PER_PAGE
}

impl Pager {
    /// `base` is the list URL with any other query parameters, e.g. `/x/?org=3`.
    pub fn new(base: &str, page: i64, total: i64) -> Self {
        Self::with_page_size(base, page, total, PER_PAGE)
    }

    pub fn with_page_size(base: &str, page: i64, total: i64, per_page: i64) -> Self {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let sep = if base.contains('?') { '&' } else { '?' };
        let href = |n: i64| format!("{base}{sep}page={n}");
        let from = (page - 3).max(1);
        let to = (page + 3).min(pages);
        Self {
            page,
            pages,
            total,
            prev: (page > 1).then(|| href((page - 1).min(pages))),
            next: (page < pages).then(|| href(page + 1)),
            links: (from..=to).map(|n| (n, href(n), n == page)).collect(),
        }
    }
    pub fn show(&self) -> bool {
        self.pages > 1 || self.page > 1
    }
}
