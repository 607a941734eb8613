//! The portal's public addresses of what the channels announce, written once for
//! every channel that points back at the portal (webhooks, open data).

/// A public document's page, addressed by its 索引号.
pub fn document(org_slug: &str, index_number: &str) -> String {
    format!("/{org_slug}/xxgk/doc/{index_number}")
}

/// A gazette issue's page.
pub fn gazette_issue(org_slug: &str, year: i32, number: u32) -> String {
    format!("/{org_slug}/gb/{year}/{number}")
}

/// An annual report's page.
pub fn annual_report(org_slug: &str, year: i32) -> String {
    format!("/{org_slug}/xxgk/nb/{year}")
}

/// One published standard catalog (标准目录) on its organisation's catalog page.
pub fn catalog(org_slug: &str, catalog_id: i64) -> String {
    format!("/{org_slug}/xxgk/bzml#ml-{catalog_id}")
}

/// A published service guide's page.
pub fn service(org_slug: &str, id: i64) -> String {
    format!("/{org_slug}/bsfw/{id}")
}
