//! Gazette issues: an organisation that runs a gazette publishes each issue with its
//! numbers, date, table of contents and e-edition PDF; publishing writes the issue and
//! its leaf in the log in one transaction.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::gazette::issue::{check_sequence, parse_toc};
use gongkai_domain::gazette::leaf::IssueLeaf;
use gongkai_domain::invalid::single_line;
use gongkai_domain::role::Role;
use gongkai_store::gazettes::{self as store, Article, Issue, NewIssue};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::keys::sm3_hex;
use crate::{Actor, App, AppError, AppResult, AttachmentUpload};

/// Who publishes an organisation's gazette issues.
const EDITORS: [Role; 2] = [Role::DisclosureOfficer, Role::DisclosureHead];

/// An issue as staff enter it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IssueInput {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub total_number: String,
    #[serde(default)]
    pub published_on: String,
    /// The contents in the form of [`gongkai_domain::gazette::issue::TOC_HINT`].
    #[serde(default)]
    pub toc: String,
    /// Each article's text as printed, one per line of the contents (back issues);
    /// empty to take the text of the documents the contents name.
    #[serde(default)]
    pub texts: Vec<String>,
}

/// A line of the contents as readers see it, with its document where one is public.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub section: String,
    pub title: String,
    pub doc_number: String,
    pub page: Option<u32>,
    /// (org slug, 索引号) of the public document.
    pub document: Option<(String, String)>,
}

/// An article found in the gazette, with the issue it is in.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleHit {
    pub year: i32,
    pub number: u32,
    pub title: String,
    pub doc_number: String,
    pub section: String,
    /// Up to 60 characters of the text around the first word, when it is in the text.
    pub passage: String,
}

/// The text around the first place `word` occurs in `body` (any case), or nothing.
fn passage(body: &str, word: &str) -> String {
    let lower = body.to_lowercase();
    let Some(at) = lower.find(&word.to_lowercase()) else {
        return String::new();
    };
    // Lower-casing keeps CJK and ASCII offsets; count characters to stay on boundaries.
    let before = lower[..at].chars().count();
    let chars: Vec<char> = body.chars().collect();
    let start = before.saturating_sub(20);
    let end = (before + 40).min(chars.len());
    let mut out: String = chars[start.min(chars.len())..end].iter().collect();
    out = out.replace(['\n', '\r'], " ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// An issue as readers see it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    pub org_slug: String,
    pub gazette_title: String,
    pub year: i32,
    pub number: u32,
    pub total_number: u32,
    pub published_on: NaiveDate,
    pub pdf_size: i64,
    pub pdf_sha256: String,
    pub pdf_sm3: String,
    /// The issue's position in the log.
    pub leaf_index: u64,
    pub articles: Vec<ArticleView>,
}

/// An issue that passed [`App::check_issue`].
struct Checked {
    org: gongkai_store::orgs::Org,
    title: String,
    year: i32,
    number: u32,
    total: u32,
    published_on: NaiveDate,
    articles: Vec<Article>,
}

/// What a generated e-edition prints.
#[derive(Debug, Clone)]
pub struct Edition {
    pub gazette_title: String,
    pub org_name: String,
    pub year: i32,
    pub number: u32,
    pub total_number: u32,
    pub published_on: NaiveDate,
    /// The position the issue takes in the log, printed in every page's footer.
    pub leaf_index: u64,
    pub articles: Vec<EditionArticle>,
}

#[derive(Debug, Clone)]
pub struct EditionArticle {
    pub section: String,
    pub title: String,
    pub doc_number: String,
    pub paragraphs: Vec<String>,
}

fn int<T: std::str::FromStr>(field: &'static str, label: &str, v: &str) -> Result<T, Invalid> {
    v.trim()
        .parse()
        .map_err(|_| Invalid::new(field, format!("{label}应为数字")))
}

impl App {
    /// Starts (or renames) an organisation's gazette: its administrator's decision.
    pub async fn set_gazette(&self, actor: &Actor, org_slug: &str, title: &str) -> AppResult<()> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug.trim())
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        if !actor.may_administer(&tree.ancestry_ids(org.id)) {
            return Err(AppError::Forbidden(
                "开办政府公报须由本机构管理员或平台管理员设置".into(),
            ));
        }
        let title = single_line("title", "公报名称", title, true, 50)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_gazette(&mut tx, org.id, &title).await?;
        tx.record(
            self.audit(
                actor,
                "gazette.set",
                "organisation",
                Some(org.id),
                Some(org.id),
                json!({ "title": title }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The title of the gazette the organisation runs, if it runs one.
    pub async fn gazette_title(&self, org_slug: &str) -> AppResult<Option<String>> {
        match self.gazette_org(org_slug).await {
            Ok((_, title)) => Ok(Some(title)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn gazette_org(&self, org_slug: &str) -> AppResult<(gongkai_store::orgs::Org, String)> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug.trim())
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let mut c = self.store.conn().await?;
        let title = store::gazette_title(&mut c, org.id)
            .await?
            .ok_or_else(|| AppError::NotFound("该机构未开办政府公报".into()))?;
        Ok((org, title))
    }

    /// Checks an issue against its gazette and the database: the editor's role, the
    /// numbers following the last issue, the contents naming documents that exist.
    async fn check_issue(
        &self,
        actor: &Actor,
        org_slug: &str,
        input: &IssueInput,
    ) -> AppResult<Checked> {
        let (org, title) = self.gazette_org(org_slug).await?;
        let tree = self.org_tree().await?;
        // Back issues are brought in by the operator at the console (`gongkai import gazette`).
        let operator = actor.via == crate::Via::Cli && actor.user.is_none();
        if !operator && !actor.holds_any(&EDITORS, &tree.ancestry_ids(org.id)) {
            return Err(AppError::Forbidden(
                "发布公报须由本机构的“信息公开专员”或“信息公开机构负责人”办理".into(),
            ));
        }
        let mut problems = Vec::new();
        let year: Option<i32> = int("year", "年度", &input.year)
            .map_err(|e| problems.push(e))
            .ok();
        let number: Option<u32> = int("number", "期号", &input.number)
            .map_err(|e| problems.push(e))
            .ok();
        let total: Option<u32> = int("total_number", "总期号", &input.total_number)
            .map_err(|e| problems.push(e))
            .ok();
        let published_on =
            gongkai_domain::china_time::parse_date("published_on", "出版日期", &input.published_on)
                .map_err(|e| problems.push(e))
                .ok();
        let toc = parse_toc(&input.toc).map_err(|e| problems.push(e)).ok();
        let (Some(year), Some(number), Some(total), Some(published_on), Some(toc)) =
            (year, number, total, published_on, toc)
        else {
            return Err(AppError::Invalid(problems));
        };
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        if !input.texts.is_empty() && input.texts.len() != toc.len() {
            return Err(Invalid::new(
                "toc",
                format!(
                    "目录有{}篇，正文有{}篇，应一一对应",
                    toc.len(),
                    input.texts.len()
                ),
            )
            .into());
        }
        let mut c = self.store.conn().await?;
        if store::issue(&mut c, org.id, year, number).await?.is_some() {
            return Err(AppError::Conflict(format!(
                "{year}年第{number}期已经发布，不能重复发布"
            )));
        }
        let last = store::issues(&mut c, org.id)
            .await?
            .first()
            .map(|i| (i.year, i.number, i.total_number));
        check_sequence(last, year, number, total, published_on)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        let mut articles = Vec::new();
        for (n, a) in toc.iter().enumerate() {
            let document = match &a.index_number {
                Some(index) => Some(
                    gongkai_store::documents::by_index_number(&mut c, index)
                        .await?
                        .ok_or_else(|| {
                            AppError::Invalid(vec![Invalid::new(
                                "toc",
                                format!("目录中“{}”的索引号“{index}”在本系统中不存在", a.title),
                            )])
                        })?,
                ),
                None => None,
            };
            // The text as printed: given with a back issue, else the document's own.
            let body = match (input.texts.get(n), &document) {
                (Some(t), _) if !t.trim().is_empty() => t.trim().to_owned(),
                (_, Some(d)) => gongkai_search::html_to_text(&d.body).trim().to_owned(),
                _ => String::new(),
            };
            // Printed and searched as the public reads it: personal data masked unless
            // the document's reviewer kept it.
            let kept = match &document {
                Some(d) => {
                    gongkai_store::pii_decisions::of(
                        &mut c,
                        &crate::pii_review::document_subject(d.id),
                    )
                    .await?
                }
                None => Vec::new(),
            };
            let body = gongkai_domain::pii::review::public_text(&body, &kept);
            articles.push(Article {
                section: a.section.clone(),
                title: a.title.clone(),
                doc_number: a.doc_number.clone(),
                document_id: document.map(|d| d.id),
                page: a.page,
                body,
            });
        }
        Ok(Checked {
            org,
            title,
            year,
            number,
            total,
            published_on,
            articles,
        })
    }

    /// What the e-edition of an issue prints, checked as publishing it would be, with
    /// the log position it will take, for typesetting before it is published.
    pub async fn gazette_edition(
        &self,
        actor: &Actor,
        org_slug: &str,
        input: &IssueInput,
    ) -> AppResult<Edition> {
        let k = self.check_issue(actor, org_slug, input).await?;
        let mut c = self.store.conn().await?;
        let leaf_index = gongkai_store::gazette_log::size(&mut c).await?;
        Ok(Edition {
            gazette_title: k.title,
            org_name: k.org.name,
            year: k.year,
            number: k.number,
            total_number: k.total,
            published_on: k.published_on,
            leaf_index,
            articles: k
                .articles
                .into_iter()
                .map(|a| EditionArticle {
                    section: a.section,
                    title: a.title,
                    doc_number: a.doc_number,
                    paragraphs: a
                        .body
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                })
                .collect(),
        })
    }

    /// Publishes an issue with its e-edition: writes the issue, its contents and its
    /// leaf in the log together. A generated edition prints its log position, so it
    /// names the position it expects (`expect_leaf`); if another issue took it
    /// meanwhile nothing is written and the edition must be set again.
    pub async fn publish_gazette_issue(
        &self,
        actor: &Actor,
        org_slug: &str,
        input: &IssueInput,
        pdf: &AttachmentUpload,
        expect_leaf: Option<u64>,
    ) -> AppResult<(i32, u32)> {
        let k = self.check_issue(actor, org_slug, input).await?;
        if !pdf.filename.to_ascii_lowercase().ends_with(".pdf") || !pdf.bytes.starts_with(b"%PDF-")
        {
            return Err(Invalid::new("pdf", "电子版应为PDF文件").into());
        }
        let Checked {
            org,
            year,
            number,
            total,
            published_on,
            articles,
            ..
        } = k;
        let stored = self.store_file(pdf).await?;
        let leaf = IssueLeaf {
            number,
            org: org.slug.clone(),
            pdf_sha256: stored.sha.clone(),
            pdf_sm3: sm3_hex(&pdf.bytes),
            published_on: published_on.to_string(),
            total_number: total,
            year,
        };
        let result = async {
            let mut tx = self.store.begin(self.now()).await?;
            let head = self.append_gazette_leaf(&mut tx, &leaf).await?;
            if let Some(want) = expect_leaf
                && head.tree_size - 1 != want
            {
                return Err(AppError::Conflict(
                    "生成电子版期间公报日志有了新条目，电子版页脚的日志位置已不准确，请重新发布".into(),
                ));
            }
            let id = store::insert_issue(
                &mut tx,
                &NewIssue {
                    org_id: org.id,
                    year,
                    number,
                    total_number: total,
                    published_on,
                    pdf_key: &stored.key,
                    pdf_size: i64::try_from(stored.size).unwrap_or(i64::MAX),
                    pdf_sha256: &leaf.pdf_sha256,
                    pdf_sm3: &leaf.pdf_sm3,
                    leaf_index: head.tree_size - 1,
                },
            )
            .await?;
            for (i, a) in articles.iter().enumerate() {
                store::add_article(&mut tx, id, i, a).await?;
            }
            tx.record(
                self.audit(actor, "gazette.publish", "gazette_issue", Some(id), Some(org.id), json!({ "year": year, "number": number, "total_number": total, "leaf_index": head.tree_size - 1 })),
                Some(gongkai_store::NewEvent {
                    kind: "gazette.published",
                    entity_type: "gazette_issue",
                    entity_id: Some(id),
                    org_id: Some(org.id),
                    payload: json!({ "id": id }),
                }),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        }
        .await;
        if let Err(e) = result {
            let _ = self.blobs.delete(&stored.key).await;
            return Err(e);
        }
        Ok((year, number))
    }

    async fn issue_view(
        &self,
        org: &gongkai_store::orgs::Org,
        title: &str,
        i: &Issue,
    ) -> AppResult<IssueView> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let mut articles = Vec::new();
        for a in store::articles(&mut c, i.id).await? {
            let document = match a.document_id {
                Some(d) => gongkai_store::documents::get(&mut c, d)
                    .await?
                    .filter(|d| {
                        d.state == gongkai_domain::workflow::State::Published
                            && d.decision.attribute.is_public()
                    })
                    .and_then(|d| tree.get(d.org_id).map(|o| (o.slug.clone(), d.index_number))),
                None => None,
            };
            articles.push(ArticleView {
                section: a.section,
                title: a.title,
                doc_number: a.doc_number,
                page: a.page,
                document,
            });
        }
        Ok(IssueView {
            org_slug: org.slug.clone(),
            gazette_title: title.to_owned(),
            year: i.year,
            number: i.number,
            total_number: i.total_number,
            published_on: i.published_on,
            pdf_size: i.pdf_size,
            pdf_sha256: i.pdf_sha256.clone(),
            pdf_sm3: i.pdf_sm3.clone(),
            leaf_index: i.leaf_index,
            articles,
        })
    }

    /// The gazette's title and every issue, newest first (contents included).
    pub async fn gazette(&self, org_slug: &str) -> AppResult<(String, Vec<IssueView>)> {
        let (org, title) = self.gazette_org(org_slug).await?;
        let mut c = self.store.conn().await?;
        let issues = store::issues(&mut c, org.id).await?;
        drop(c);
        let mut out = Vec::new();
        for i in &issues {
            out.push(self.issue_view(&org, &title, i).await?);
        }
        Ok((title, out))
    }

    /// One issue with its contents.
    pub async fn gazette_issue(
        &self,
        org_slug: &str,
        year: i32,
        number: u32,
    ) -> AppResult<IssueView> {
        let (org, title) = self.gazette_org(org_slug).await?;
        let mut c = self.store.conn().await?;
        let i = store::issue(&mut c, org.id, year, number)
            .await?
            .ok_or_else(|| AppError::NotFound("该期公报不存在".into()))?;
        drop(c);
        self.issue_view(&org, &title, &i).await
    }

    /// The gazettes the actor publishes issues of: (slug, title, the numbers the next
    /// issue takes this year: (year, number, total)).
    pub async fn editable_gazettes(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(String, String, (i32, u32, u32))>> {
        use chrono::Datelike;
        let tree = self.org_tree().await?;
        let year = self.today().year();
        let mut c = self.store.conn().await?;
        let mut out = Vec::new();
        for id in tree.held(actor, &EDITORS) {
            let Some(org) = tree.get(id) else { continue };
            let Some(title) = store::gazette_title(&mut c, id).await? else {
                continue;
            };
            let next = match store::issues(&mut c, id).await?.first() {
                Some(i) if i.year == year => (year, i.number + 1, i.total_number + 1),
                Some(i) => (year, 1, i.total_number + 1),
                None => (year, 1, 1),
            };
            out.push((org.slug.clone(), title, next));
        }
        Ok(out)
    }

    /// Articles of the gazette with every word of `text` in their title, 文号 or text,
    /// newest issue first, at most 200, each with a passage around the first word.
    pub async fn search_gazette(&self, org_slug: &str, text: &str) -> AppResult<Vec<ArticleHit>> {
        let (org, _) = self.gazette_org(org_slug).await?;
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '\u{3000}')
            .filter(|w| !w.is_empty())
            .take(5)
            .map(|w| w.chars().take(30).collect())
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.store.conn().await?;
        Ok(store::search_articles(&mut c, org.id, &words, 200)
            .await?
            .into_iter()
            .map(|(year, number, a)| ArticleHit {
                year,
                number,
                passage: passage(&a.body, &words[0]),
                title: a.title,
                doc_number: a.doc_number,
                section: a.section,
            })
            .collect())
    }

    /// An issue's e-edition.
    pub async fn gazette_pdf(&self, org_slug: &str, year: i32, number: u32) -> AppResult<Vec<u8>> {
        let (org, _) = self.gazette_org(org_slug).await?;
        let mut c = self.store.conn().await?;
        let i = store::issue(&mut c, org.id, year, number)
            .await?
            .ok_or_else(|| AppError::NotFound("该期公报不存在".into()))?;
        self.blobs
            .get(&i.pdf_key)
            .await
            .map_err(|e| AppError::Internal(format!("读取公报电子版失败：{e}")))?
            .ok_or_else(|| {
                AppError::Internal(format!("公报{}年第{}期的电子版缺失", i.year, i.number))
            })
    }

    /// The issues' side of the audit: every stored issue must be the leaf the log holds
    /// at its position, and its PDF must still hash to what was logged.
    pub(crate) async fn gazette_issue_audit(&self) -> AppResult<Vec<String>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let issues = store::all_issues(&mut c).await?;
        let mut problems = Vec::new();
        for i in issues {
            let name = format!("{}年第{}期", i.year, i.number);
            let slug = tree
                .get(i.org_id)
                .map(|o| o.slug.clone())
                .unwrap_or_default();
            let want = IssueLeaf {
                number: i.number,
                org: slug,
                pdf_sha256: i.pdf_sha256.clone(),
                pdf_sm3: i.pdf_sm3.clone(),
                published_on: i.published_on.to_string(),
                total_number: i.total_number,
                year: i.year,
            }
            .to_json();
            let logged =
                gongkai_store::gazette_log::entries(&mut c, i.leaf_index, i.leaf_index + 1).await?;
            if logged.first().map(|e| e.leaf.as_str()) != Some(want.as_str()) {
                problems.push(format!("公报{name}的记录与日志第{}条不符", i.leaf_index));
            }
            match self.blobs.get(&i.pdf_key).await {
                Ok(Some(bytes)) => {
                    if crate::sha256_hex_bytes(&bytes) != i.pdf_sha256
                        || sm3_hex(&bytes) != i.pdf_sm3
                    {
                        problems.push(format!("公报{name}的电子版已被改动（散列值与日志不符）"));
                    }
                }
                _ => problems.push(format!("公报{name}的电子版缺失")),
            }
        }
        Ok(problems)
    }
}
