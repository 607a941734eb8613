//! Each table's records, read as the portal shows them: public documents with their
//! personal data masked unless a reviewer kept it, the catalogs' published versions,
//! published service guides masked like their pages, and published reports.

use gongkai_domain::channels::open_data::Table;
use gongkai_domain::channels::paths;
use gongkai_domain::pii::review::public_text;
use gongkai_store::{documents, pii_decisions};

use super::sink::{Sink, Written};
use crate::services::ServiceQuery;
use crate::{App, AppResult};

/// Documents read per batch.
const BATCH: i64 = 1000;

impl App {
    /// A table's two files.
    pub(super) async fn write_table(&self, table: Table) -> AppResult<Written> {
        let mut sink = Sink::new(table)?;
        match table {
            Table::Documents => self.document_records(&mut sink).await?,
            Table::Catalogs => self.catalog_records(&mut sink).await?,
            Table::Services => self.service_records(&mut sink).await?,
            Table::Statistics => self.statistics_records(&mut sink).await?,
        }
        sink.finish()
    }

    async fn document_records(&self, sink: &mut Sink) -> AppResult<()> {
        let tree = self.org_tree().await?;
        let mut after = 0;
        loop {
            let mut c = self.store.conn().await?;
            let ids = documents::public_ids(&mut c, after, BATCH).await?;
            let Some(last) = ids.last().copied() else {
                return Ok(());
            };
            after = last;
            let mut docs = documents::get_many(&mut c, &ids).await?;
            docs.sort_by_key(|d| d.id);
            let subjects: Vec<String> = ids
                .iter()
                .map(|id| crate::pii_review::document_subject(*id))
                .collect();
            let decisions = pii_decisions::of_many(&mut c, &subjects).await?;
            for d in docs {
                let Some(org) = tree.get(d.org_id) else {
                    continue;
                };
                let kept = decisions
                    .get(&crate::pii_review::document_subject(d.id))
                    .map_or(&[][..], Vec::as_slice);
                sink.push(&[
                    d.index_number.clone(),
                    org.slug.clone(),
                    public_text(&d.title, kept),
                    d.doc_number
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    d.written_on.to_string(),
                    d.published_on.map(|p| p.to_string()).unwrap_or_default(),
                    d.topic.clone(),
                    d.category.clone().unwrap_or_default(),
                    d.column.as_str().to_owned(),
                    d.validity.as_str().to_owned(),
                    public_text(&d.summary, kept),
                    public_text(&d.body, kept),
                    d.index_number.clone(),
                    paths::document(&org.slug, &d.index_number),
                ])?;
            }
        }
    }

    async fn catalog_records(&self, sink: &mut Sink) -> AppResult<()> {
        let tree = self.org_tree().await?;
        for org in tree.all() {
            for cat in self.published_catalogs(org.id).await? {
                for i in &cat.items {
                    sink.push(&[
                        org.slug.clone(),
                        cat.domain.clone(),
                        cat.version.to_string(),
                        cat.published_at.clone(),
                        i.id.clone(),
                        i.first.clone(),
                        i.second.clone(),
                        i.third.clone(),
                        i.content.clone(),
                        i.basis.clone(),
                        i.time_limit.clone(),
                        i.subject.clone(),
                        i.channels_label(),
                        i.audience_label(),
                        i.method_label(),
                        i.levels_label(),
                        cat.content_of(&i.id).len().to_string(),
                        paths::catalog(&org.slug, cat.id),
                    ])?;
                }
            }
        }
        Ok(())
    }

    async fn service_records(&self, sink: &mut Sink) -> AppResult<()> {
        for v in self.public_services(&ServiceQuery::default()).await? {
            let s = &v.service;
            let f = &s.fields;
            let themes: Vec<&str> = v.themes.iter().map(|t| t.label()).collect();
            sink.push(&[
                s.id.to_string(),
                v.org.slug.clone(),
                f.code.clone(),
                f.name.clone(),
                f.audience.map(|a| a.label()).unwrap_or_default().to_owned(),
                themes.join("、"),
                f.basis.clone(),
                f.office.clone(),
                f.steps.clone(),
                f.materials.clone(),
                f.mistakes.clone(),
                f.fees.clone(),
                f.fee_basis.clone(),
                f.time_limit.clone(),
                f.place.clone(),
                f.hours.clone(),
                f.phone.clone(),
                f.complaint_phone.clone(),
                f.online_url.clone(),
                f.approved_on.map(|d| d.to_string()).unwrap_or_default(),
                s.published_on.map(|d| d.to_string()).unwrap_or_default(),
                v.files.len().to_string(),
                paths::service(&v.org.slug, s.id),
            ])?;
        }
        Ok(())
    }

    async fn statistics_records(&self, sink: &mut Sink) -> AppResult<()> {
        let tree = self.org_tree().await?;
        for org in tree.all() {
            for (year, _) in self.published_report_years(org.id).await? {
                let report = self.published_report(org.id, year).await?.report;
                let url = paths::annual_report(&org.slug, year);
                for f in report.figures() {
                    sink.push(&[
                        org.slug.clone(),
                        year.to_string(),
                        report.format.label().to_owned(),
                        f.section.to_owned(),
                        f.table,
                        f.row,
                        f.column,
                        f.value,
                        url.clone(),
                    ])?;
                }
            }
        }
        Ok(())
    }
}
