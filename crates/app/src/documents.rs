//! Documents: entering them, the source-disclosure workflow, validity and relations.

use chrono::Datelike;
use gongkai_domain::Invalid;
use gongkai_domain::attribute::{Attribute, AttributeDecision};
use gongkai_domain::document::{DocumentFields, RawDocument};
use gongkai_domain::index_number::IndexNumber;
use gongkai_domain::invalid::multi_line;
use gongkai_domain::org::IndexCode;
use gongkai_domain::publication::{PublicationClock, clock_start, publication_clock};
use gongkai_domain::role::Role;
use gongkai_domain::validity::{Relation, Validity};
use gongkai_domain::workflow::{Action, State};
use gongkai_store::attachments::{self, Attachment};
use gongkai_store::audit::{self, AuditRecord};
use gongkai_store::documents::{self, DocQuery, Document, DocumentSummary, Related};
use gongkai_store::orgs::Org;
use gongkai_store::{AnyConnection, NewEvent};
use serde_json::json;

use crate::sanitize::sanitize_body;
use crate::tree::OrgTree;
use gongkai_domain::notification::NotificationKind;

use crate::pii_review::{PiiReview, document_subject, file_detections};
use crate::{Actor, App, AppError, AppResult};

/// Who confirms the personal data in a document before it goes out: those who review,
/// sign off and keep the disclosure records.
pub(crate) const PII_REVIEWERS: [Role; 4] = [
    Role::Reviewer,
    Role::Approver,
    Role::DisclosureOfficer,
    Role::DisclosureHead,
];

/// A workflow step as a form or the API sends it.
#[derive(Debug, Clone)]
pub struct ActionInput {
    pub action: Action,
    /// Required to return or withdraw, and for a yearly re-review.
    pub reason: String,
    /// The reviewer's corrected attribute, if they change the drafter's proposal.
    pub decision: Option<AttributeDecision>,
    /// Re-review only: convert the document to 主动公开.
    pub convert: bool,
}

impl ActionInput {
    pub fn new(action: Action) -> Self {
        Self {
            action,
            reason: String::new(),
            decision: None,
            convert: false,
        }
    }
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = reason.into();
        self
    }
}

/// Everything the staff page of a document shows.
#[derive(Debug, Clone)]
pub struct DocumentView {
    pub doc: Document,
    pub org: Org,
    pub coissuers: Vec<(i64, String, String)>,
    pub related: Vec<Related>,
    pub attachments: Vec<Attachment>,
    pub trail: Vec<AuditRecord>,
    pub clock: Option<PublicationClock>,
    /// Workflow actions the viewing actor may take now.
    pub allowed: Vec<Action>,
}

/// The event every document change emits. Followers (the search index, page
/// caches, webhooks) re-read the document; the payload carries what they need to
/// route it, and the state the document is in (webhooks tell public changes only).
pub(crate) fn doc_event(kind: &'static str, doc: &Document, ancestry: &[i64]) -> NewEvent {
    event_of(
        kind,
        doc.id,
        &doc.index_number,
        doc.org_id,
        ancestry,
        doc.state,
    )
}

/// The event of a document moving from its state to `to`.
pub(crate) fn state_event(doc: &Document, to: State, ancestry: &[i64]) -> NewEvent {
    let mut ev = doc_event("document.state_changed", doc, ancestry);
    ev.payload["to"] = json!(to);
    ev
}

pub(crate) fn event_of(
    kind: &'static str,
    id: i64,
    index_number: &str,
    org_id: i64,
    ancestry: &[i64],
    state: State,
) -> NewEvent {
    NewEvent {
        kind,
        entity_type: "document",
        entity_id: Some(id),
        org_id: Some(org_id),
        payload: json!({
            "id": id,
            "index_number": index_number,
            "org_ancestry": ancestry,
            "state": state,
        }),
    }
}

fn forbidden(action: Action, doc: &Document) -> AppError {
    let roles: Vec<&str> = action
        .required_roles(doc.state)
        .iter()
        .map(|r| r.label())
        .collect();
    if roles.is_empty() {
        AppError::Forbidden(format!(
            "文件当前状态为“{}”，不能“{}”",
            doc.state.label(),
            action.label()
        ))
    } else {
        AppError::Forbidden(format!(
            "“{}”须由本机关的{}进行",
            action.label(),
            roles.join("或")
        ))
    }
}

/// The document with this 索引号, or "not found".
async fn load(c: &mut AnyConnection, index_number: &str) -> AppResult<Document> {
    documents::by_index_number(c, index_number.trim())
        .await?
        .ok_or_else(|| AppError::NotFound("文件不存在".into()))
}

impl App {
    /// Loads a document and checks the actor may take `action` on it in its current state.
    pub(crate) async fn document_for_action(
        &self,
        actor: &Actor,
        index_number: &str,
        action: Action,
    ) -> AppResult<(Document, Vec<i64>)> {
        let mut c = self.store.conn().await?;
        let doc = load(&mut c, index_number).await?;
        drop(c);
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(doc.org_id);
        if !actor.may_view(&ancestry) {
            return Err(AppError::NotFound("文件不存在".into()));
        }
        if !actor.holds_any(action.required_roles(doc.state), &ancestry) {
            return Err(forbidden(action, &doc));
        }
        Ok((doc, ancestry))
    }

    /// Checks and cleans fields against the issuing organisation.
    pub(crate) fn prepare(
        &self,
        tree: &OrgTree,
        org: &Org,
        raw: &RawDocument,
    ) -> AppResult<DocumentFields> {
        let mut f = DocumentFields::parse(raw)?;
        if let Some(cat) = f.category
            && !cat.applies_to(org.level, tree.government_level(org))
        {
            return Err(Invalid::new(
                "category",
                format!(
                    "“{}”不适用于{}（{}）",
                    cat.title,
                    org.name,
                    org.level.label()
                ),
            )
            .into());
        }
        if f.written_on > self.today() {
            return Err(Invalid::new("written_on", "成文日期不能晚于今天").into());
        }
        f.body = sanitize_body(&f.body);
        Ok(f)
    }

    pub(crate) fn check_coissuers(
        tree: &OrgTree,
        org_id: i64,
        coissuers: &[i64],
    ) -> AppResult<Vec<i64>> {
        let mut out: Vec<i64> = Vec::new();
        for &c in coissuers {
            if c == org_id || out.contains(&c) {
                continue;
            }
            if tree.get(c).is_none() {
                return Err(Invalid::new("coissuers", "联合发文机关不存在").into());
            }
            out.push(c);
        }
        Ok(out)
    }

    /// Inserts a draft with its 索引号 issued in `tx`, on the record; returns its id and 索引号.
    pub(crate) async fn insert_draft(
        &self,
        tx: &mut gongkai_store::Tx,
        actor: &Actor,
        org: &Org,
        ancestry: &[i64],
        f: &DocumentFields,
        coissuers: &[i64],
    ) -> AppResult<(i64, String)> {
        let code = IndexCode::parse(&org.index_code).map_err(|e| AppError::Internal(e.message))?;
        let year = f.written_on.year();
        let created_by = self.author(tx, actor).await?;
        let serial = documents::next_index_serial(tx, org.id, year).await?;
        let index_number = IndexNumber::new(code, year, serial).to_string();
        let id = documents::insert(
            tx,
            &documents::NewDocument {
                org_id: org.id,
                index_number: &index_number,
                fields: f,
                created_by,
                state: State::Draft,
                published_on: None,
                validity: Validity::Valid,
                source_key: None,
            },
        )
        .await?;
        documents::set_coissuers(tx, id, coissuers).await?;
        let doc = documents::get(tx, id)
            .await?
            .ok_or_else(|| AppError::Internal("新文件读取失败".into()))?;
        tx.record(
            self.audit(
                actor,
                "document.create",
                "document",
                Some(id),
                Some(org.id),
                json!({ "title": f.title, "index_number": index_number, "attribute": f.decision.attribute }),
            ),
            Some(doc_event("document.created", &doc, ancestry)),
        )
        .await?;
        Ok((id, index_number))
    }

    /// Enters a new document as a draft, with its 索引号 issued in the same transaction;
    /// returns the 索引号, by which the document is known from then on.
    pub async fn create_document(
        &self,
        actor: &Actor,
        org_id: i64,
        raw: &RawDocument,
        coissuers: &[i64],
    ) -> AppResult<String> {
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let ancestry = tree.ancestry_ids(org_id);
        if !actor.holds_any(Action::Submit.required_roles(State::Draft), &ancestry) {
            return Err(AppError::Forbidden(format!(
                "您不是“{}”的起草人或信息公开专员，不能录入文件",
                org.name
            )));
        }
        let f = self.prepare(&tree, org, raw)?;
        let coissuers = Self::check_coissuers(&tree, org_id, coissuers)?;
        let mut tx = self.store.begin(self.now()).await?;
        let (_, index_number) = self
            .insert_draft(&mut tx, actor, org, &ancestry, &f, &coissuers)
            .await?;
        tx.commit().await?;
        Ok(index_number)
    }

    /// Changes a document's content: drafts by their drafters; afterwards corrections by
    /// the disclosure office, which cannot change the attribute (that takes review).
    pub async fn edit_document(
        &self,
        actor: &Actor,
        index_number: &str,
        raw: &RawDocument,
        coissuers: &[i64],
    ) -> AppResult<()> {
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, Action::Edit)
            .await?;
        let id = doc.id;
        Action::Edit.next_state(doc.state, doc.decision.attribute, false)?;
        let tree = self.org_tree().await?;
        let org = tree
            .get(doc.org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let f = self.prepare(&tree, org, raw)?;
        if doc.state != State::Draft && f.decision != doc.decision {
            return Err(Invalid::new(
                "attribute",
                format!(
                    "文件已{}，公开属性只能经审核或年度复核变更",
                    doc.state.label()
                ),
            )
            .into());
        }
        let coissuers = Self::check_coissuers(&tree, doc.org_id, coissuers)?;
        let mut changed = Vec::new();
        if f.title != doc.title {
            changed.push("title");
        }
        if f.doc_number != doc.doc_number {
            changed.push("doc_number");
        }
        if f.written_on != doc.written_on {
            changed.push("written_on");
        }
        if f.body != doc.body {
            changed.push("body");
        }
        if f.summary != doc.summary {
            changed.push("summary");
        }
        if f.decision != doc.decision {
            changed.push("attribute");
        }
        if f.needs_interpretation != doc.needs_interpretation {
            changed.push("needs_interpretation");
        }
        let text_changed = changed
            .iter()
            .any(|c| matches!(*c, "title" | "doc_number" | "body"));
        if f.topic.code != doc.topic
            || f.category.map(|c| c.code) != doc.category.as_deref()
            || f.column != doc.column
        {
            changed.push("classification");
        }
        let mut tx = self.store.begin(self.now()).await?;
        documents::update_fields(&mut tx, id, &f).await?;
        if text_changed {
            // Interpretations written for the earlier text are listed for review.
            documents::bump_version(&mut tx, id).await?;
        }
        documents::set_coissuers(&mut tx, id, &coissuers).await?;
        tx.record(
            self.audit(
                actor,
                "document.edit",
                "document",
                Some(id),
                Some(doc.org_id),
                json!({ "changed": changed, "state": doc.state }),
            ),
            Some(doc_event("document.updated", &doc, &ancestry)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes one workflow step (submit, review, secrecy clearance, sign-off, return,
    /// withdraw, reopen, yearly re-review).
    pub async fn act(
        &self,
        actor: &Actor,
        index_number: &str,
        input: ActionInput,
    ) -> AppResult<State> {
        let action = input.action;
        if matches!(action, Action::Edit | Action::SetValidity) {
            return Err(Invalid::new("action", "该操作须通过编辑或有效性表单进行").into());
        }
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, action)
            .await?;
        let id = doc.id;
        let reason = multi_line("reason", "理由", &input.reason, false, 1000)?;
        if (action.needs_reason() || action == Action::Rereview) && reason.is_empty() {
            return Err(
                Invalid::new("reason", format!("“{}”须填写理由或意见", action.label())).into(),
            );
        }
        let mut decision = doc.decision.clone();
        if action == Action::Review
            && let Some(d) = input.decision
        {
            decision = d;
        }
        if action == Action::Rereview && input.convert {
            if doc.decision.attribute.is_public() {
                return Err(Invalid::new("convert", "该文件已是主动公开").into());
            }
            decision = AttributeDecision::proactive();
        }
        let to = action.next_state(doc.state, decision.attribute, input.convert)?;
        let today = self.today();
        let published_on = (to == State::Published).then_some(today);
        if to == State::Published && doc.decision.attribute.is_public() {
            let mut c = self.store.conn().await?;
            let files = attachments::of_document(&mut c, id).await?;
            drop(c);
            self.document_pii(&doc, &files).await?.ensure_clear()?;
        }
        let told = self.told_of_move(&doc, to).await?;
        let carried = self.interpretation_rules(&doc, action, to).await?;

        let mut tx = self.store.begin(self.now()).await?;
        if decision != doc.decision {
            documents::set_decision(&mut tx, id, &decision).await?;
        }
        if to != doc.state
            && !documents::transition(&mut tx, id, doc.state, to, published_on).await?
        {
            return Err(AppError::Conflict(
                "文件状态已被他人更改，请刷新后重试".into(),
            ));
        }
        // 同步发布: the interpretations signed off with their policy go out with it.
        self.publish_carried(&mut tx, actor, &doc, &carried).await?;
        if action == Action::Rereview && input.convert {
            // Art.26: published within 20 working days of the change.
            documents::set_proactive_since(&mut tx, id, today).await?;
        }
        let decided_this_year = (action == Action::Approve && !decision.attribute.is_public())
            || action == Action::Rereview;
        if decided_this_year {
            documents::set_rereviewed(&mut tx, id, today.year()).await?;
        }
        let mut detail = json!({
            "from": doc.state,
            "to": to,
            "reason": reason,
        });
        if decision != doc.decision {
            detail["attribute_before"] = json!(doc.decision);
            detail["attribute_after"] = json!(decision);
        }
        if action == Action::Rereview {
            detail["convert"] = json!(input.convert);
        }
        tx.record(
            self.audit(
                actor,
                &format!("document.{}", action.as_str()),
                "document",
                Some(id),
                Some(doc.org_id),
                detail,
            ),
            Some(state_event(&doc, to, &ancestry)),
        )
        .await?;
        if let Some((kind, to_whom, title)) = told {
            let target = gongkai_domain::notification::Target::Document(doc.index_number.clone());
            self.notify(&mut tx, actor, &to_whom, kind, &title, &target)
                .await?;
        }
        tx.commit().await?;
        Ok(to)
    }

    /// Who hears of a document's move to `to`: the holders of the next sign-off, or
    /// the person who entered it when it comes back or is published.
    async fn told_of_move(
        &self,
        doc: &Document,
        to: State,
    ) -> AppResult<Option<(NotificationKind, Vec<gongkai_store::users::User>, String)>> {
        use gongkai_domain::role::Role;
        let next = match to {
            State::PendingReview => Some((Role::Reviewer, "待审核")),
            State::PendingSecrecy => Some((Role::SecrecyReviewer, "待保密审查")),
            State::PendingApproval => Some((Role::Approver, "待签发")),
            _ => None,
        };
        if let Some((role, what)) = next {
            let who = self.holders(&[doc.org_id], &[role]).await?;
            return Ok(Some((
                NotificationKind::DocumentToSign,
                who,
                format!("{what}：{}", doc.title),
            )));
        }
        let (kind, what) = match to {
            State::Draft => (NotificationKind::DocumentReturned, "已退回修改"),
            State::Published => (NotificationKind::DocumentPublished, "已发布"),
            _ => return Ok(None),
        };
        let mut c = self.store.conn().await?;
        let author = gongkai_store::users::get(&mut c, doc.created_by)
            .await?
            .filter(|u| u.active);
        Ok(author.map(|u| (kind, vec![u], format!("{what}：{}", doc.title))))
    }

    /// Marks a document amended, repealed, lapsed or valid again. Amendment and repeal
    /// name the document that did it (by 索引号), which is linked both ways.
    pub async fn set_validity(
        &self,
        actor: &Actor,
        index_number: &str,
        validity: Validity,
        successor_index: &str,
        note: &str,
    ) -> AppResult<()> {
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, Action::SetValidity)
            .await?;
        let id = doc.id;
        Action::SetValidity.next_state(doc.state, doc.decision.attribute, false)?;
        let note = multi_line("note", "说明", note, false, 1000)?;
        let mut c = self.store.conn().await?;
        let successor = if validity.needs_successor() {
            let s = successor_index.trim();
            if s.is_empty() {
                return Err(Invalid::new(
                    "successor",
                    format!(
                        "标记为“{}”须填写修改或废止它的文件的索引号",
                        validity.label()
                    ),
                )
                .into());
            }
            let succ = documents::by_index_number(&mut c, s)
                .await?
                .ok_or_else(|| Invalid::new("successor", format!("索引号为“{s}”的文件不存在")))?;
            if succ.id == id {
                return Err(Invalid::new("successor", "文件不能修改或废止它自己").into());
            }
            Some(succ)
        } else {
            None
        };
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        documents::set_validity(&mut tx, id, validity).await?;
        if let Some(s) = &successor {
            let kind = if validity == Validity::Amended {
                Relation::Amends
            } else {
                Relation::Repeals
            };
            documents::add_relation(&mut tx, s.id, id, kind).await?;
        }
        if validity == Validity::Valid {
            // Valid again: the links that said otherwise no longer hold.
            for r in documents::relations(&mut tx, id, false).await? {
                if r.incoming && matches!(r.kind, Relation::Amends | Relation::Repeals) {
                    documents::remove_relation(&mut tx, r.doc.id, id, r.kind).await?;
                }
            }
        }
        tx.record(
            self.audit(
                actor,
                "document.set_validity",
                "document",
                Some(id),
                Some(doc.org_id),
                json!({ "from": doc.validity, "to": validity, "successor": successor.as_ref().map(|s| &s.index_number), "note": note }),
            ),
            Some(doc_event("document.updated", &doc, &ancestry)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links a document to another (an interpretation to its policy, or a related
    /// document), or unlinks it.
    pub async fn relate(
        &self,
        actor: &Actor,
        index_number: &str,
        other_index: &str,
        kind: Relation,
        link: bool,
    ) -> AppResult<()> {
        if matches!(kind, Relation::Amends | Relation::Repeals) {
            return Err(Invalid::new("relation", "修改、废止关系请通过“变更有效性”登记").into());
        }
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, Action::Edit)
            .await?;
        let id = doc.id;
        let mut c = self.store.conn().await?;
        let other = documents::by_index_number(&mut c, other_index.trim())
            .await?
            .ok_or_else(|| {
                Invalid::new(
                    "other",
                    format!("索引号为“{}”的文件不存在", other_index.trim()),
                )
            })?;
        drop(c);
        if other.id == id {
            return Err(Invalid::new("other", "文件不能关联它自己").into());
        }
        // The tie of an interpretation is read and checked before the transaction.
        let (untied, tied) = match (kind, link) {
            (Relation::Interprets, true) => (self.check_tie(&doc, &other).await?, false),
            (Relation::Interprets, false) => (
                false,
                self.interpretation_of(id)
                    .await?
                    .is_some_and(|i| i.policy_id == other.id),
            ),
            _ => (false, false),
        };
        let mut tx = self.store.begin(self.now()).await?;
        let changed = match (kind, link) {
            (Relation::Interprets, true) => {
                if untied {
                    let plain =
                        gongkai_domain::interpretation::Details::parse(&Default::default())?;
                    gongkai_store::interpretations::insert(
                        &mut tx,
                        id,
                        other.id,
                        other.version,
                        &plain,
                    )
                    .await?;
                }
                untied
            }
            (Relation::Interprets, false) => {
                tied && gongkai_store::interpretations::remove(&mut tx, id).await?
            }
            (_, true) => documents::add_relation(&mut tx, id, other.id, kind).await?,
            (_, false) => documents::remove_relation(&mut tx, id, other.id, kind).await?,
        };
        tx.record(
            self.audit(
                actor,
                if link {
                    "document.relate"
                } else {
                    "document.unrelate"
                },
                "document",
                Some(id),
                Some(doc.org_id),
                json!({ "kind": kind, "other": other.index_number, "changed": changed }),
            ),
            Some(doc_event("document.updated", &doc, &ancestry)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A document by its 索引号, for anyone who may see its organisation's records; the
    /// same "not found" otherwise, so that no answer tells the two apart.
    pub async fn document_of(&self, actor: &Actor, index_number: &str) -> AppResult<Document> {
        let mut c = self.store.conn().await?;
        let doc = load(&mut c, index_number).await?;
        drop(c);
        let tree = self.org_tree().await?;
        if !actor.may_view(&tree.ancestry_ids(doc.org_id)) {
            return Err(AppError::NotFound("文件不存在".into()));
        }
        Ok(doc)
    }

    /// The staff view of a document, for anyone who may see its organisation's records.
    pub async fn document_view(
        &self,
        actor: &Actor,
        index_number: &str,
    ) -> AppResult<DocumentView> {
        let mut c = self.store.conn().await?;
        let doc = load(&mut c, index_number).await?;
        let id = doc.id;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(doc.org_id);
        if !actor.may_view(&ancestry) {
            return Err(AppError::NotFound("文件不存在".into()));
        }
        let org = tree
            .get(doc.org_id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let coissuers = documents::coissuers(&mut c, id).await?;
        let related = documents::relations(&mut c, id, false).await?;
        let attachments = attachments::of_document(&mut c, id).await?;
        let trail = audit::of_entity(&mut c, "document", id).await?;
        let clock = (doc.state.in_progress() && doc.decision.attribute == Attribute::Proactive)
            .then(|| {
                let start = clock_start(doc.written_on, doc.proactive_since);
                publication_clock(&self.calendar(), start, self.today())
            });
        let allowed = Action::ALL
            .into_iter()
            .filter(|a| !matches!(a, Action::Edit | Action::SetValidity))
            .filter(|a| {
                let convert = *a == Action::Rereview;
                a.next_state(doc.state, doc.decision.attribute, convert)
                    .is_ok()
                    && actor.holds_any(a.required_roles(doc.state), &ancestry)
            })
            .collect();
        Ok(DocumentView {
            doc,
            org,
            coissuers,
            related,
            attachments,
            trail,
            clock,
            allowed,
        })
    }

    /// The personal data in a document: its title, summary and body, and the text of
    /// its attachments where it can be read.
    pub(crate) async fn document_pii(
        &self,
        doc: &Document,
        files: &[Attachment],
    ) -> AppResult<PiiReview> {
        use gongkai_domain::pii::review::in_text;
        let mut found = in_text("标题", &doc.title);
        found.extend(in_text("摘要", &doc.summary));
        found.extend(in_text("正文", &gongkai_search::html_to_text(&doc.body)));
        let mut in_files = Vec::new();
        for a in files {
            let bytes = self.attachment_bytes(a).await?;
            in_files.extend(file_detections(&a.filename, &bytes));
        }
        let decisions = self.pii_decisions(&document_subject(doc.id)).await?;
        Ok(PiiReview::new(&found, &in_files, &decisions))
    }

    /// The review of a document's personal data, for staff who may see it.
    pub async fn document_pii_review(
        &self,
        actor: &Actor,
        index_number: &str,
    ) -> AppResult<(PiiReview, bool)> {
        // With it, whether the actor may decide on it.
        let view = self.document_view(actor, index_number).await?;
        let tree = self.org_tree().await?;
        let may = actor.holds_any(&PII_REVIEWERS, &tree.ancestry_ids(view.doc.org_id));
        Ok((self.document_pii(&view.doc, &view.attachments).await?, may))
    }

    /// Whether the actor may edit the document now (for showing the edit button).
    pub fn may_edit(&self, actor: &Actor, view: &DocumentView, ancestry: &[i64]) -> bool {
        Action::Edit
            .next_state(view.doc.state, view.doc.decision.attribute, false)
            .is_ok()
            && actor.holds_any(Action::Edit.required_roles(view.doc.state), ancestry)
    }

    /// A page of the documents of organisations the actor may see. `org_ids` None means
    /// every organisation the actor may see.
    pub async fn staff_documents(
        &self,
        actor: &Actor,
        mut q: DocQuery,
    ) -> AppResult<(Vec<DocumentSummary>, i64)> {
        let visible = self.visible_org_ids(actor).await?;
        q.org_ids = Some(match q.org_ids.take() {
            None => visible,
            Some(ids) => ids.into_iter().filter(|i| visible.contains(i)).collect(),
        });
        q.public_only = false;
        let mut c = self.store.conn().await?;
        Ok(documents::list(&mut c, &q).await?)
    }

    /// Organisations whose internal records the actor may see.
    pub async fn visible_org_ids(&self, actor: &Actor) -> AppResult<Vec<i64>> {
        let tree = self.org_tree().await?;
        Ok(if actor.is_platform_admin() {
            tree.all().iter().map(|o| o.id).collect()
        } else {
            tree.held(actor, &Role::ALL)
        })
    }

    /// The bytes of an attachment for staff who may see the document.
    pub async fn staff_attachment(
        &self,
        actor: &Actor,
        attachment_id: i64,
    ) -> AppResult<(Attachment, Vec<u8>)> {
        let mut c = self.store.conn().await?;
        let a = attachments::get(&mut c, attachment_id)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        let doc = documents::get(&mut c, a.document_id)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        drop(c);
        self.document_view(actor, &doc.index_number).await?;
        let bytes = self.attachment_bytes(&a).await?;
        Ok((a, bytes))
    }
}
