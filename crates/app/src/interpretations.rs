//! 政策解读 (DOMAIN §14): interpretations drafted with their policy, signed off with it
//! and published in the same transaction, and kept under review when the policy changes.

use gongkai_domain::Invalid;
use gongkai_domain::document::{Column, RawDocument};
use gongkai_domain::interpretation::{self, Details, Material, RawDetails};
use gongkai_domain::invalid::multi_line;
use gongkai_domain::workflow::{Action, State};
use gongkai_store::attachments;
use gongkai_store::documents::{self, Document, DocumentSummary};
use gongkai_store::interpretations::{self, Interpretation, Pair};
use serde_json::json;

use crate::documents::doc_event;
use crate::{Actor, App, AppError, AppResult};

/// What the officer's dashboard shows of interpretations.
#[derive(Debug, Clone, Default)]
pub struct InterpretationTasks {
    /// Published interpretations whose policy was amended, repealed, lapsed or rewritten.
    pub to_review: Vec<Pair>,
    /// Published policies marked as needing an interpretation that have none published.
    pub policies_without: Vec<DocumentSummary>,
}

fn not_found() -> AppError {
    AppError::NotFound("文件不存在".into())
}

impl App {
    /// Drafts an interpretation of the policy with 索引号 `policy_index`, issued by
    /// `org_id`: the policy's own organisation, a co-issuer, or a unit under it that
    /// drafted the policy (谁起草、谁解读). The document and its tie are one transaction.
    pub async fn create_interpretation(
        &self,
        actor: &Actor,
        policy_index: &str,
        org_id: i64,
        raw: &RawDocument,
        raw_details: &RawDetails,
    ) -> AppResult<String> {
        // A department interprets the government's published policy it drafted even
        // where it may not see the government's drafts.
        let policy = match self.document_of(actor, policy_index).await {
            Err(AppError::NotFound(m)) => self
                .public_document(policy_index)
                .await?
                .map(|p| p.doc)
                .ok_or(AppError::NotFound(m))?,
            other => other?,
        };
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let ancestry = tree.ancestry_ids(org_id);
        if !actor.holds_any(Action::Submit.required_roles(State::Draft), &ancestry) {
            return Err(AppError::Forbidden(format!(
                "您不是“{}”的起草人或信息公开专员，不能起草政策解读",
                org.name
            )));
        }
        let mut c = self.store.conn().await?;
        let coissuers = documents::coissuers(&mut c, policy.id).await?;
        drop(c);
        self.check_interpretable(&policy).await?;
        let drafted_here = org_id == policy.org_id
            || coissuers.iter().any(|(id, _, _)| *id == org_id)
            || (org.level == gongkai_domain::org::OrgLevel::Department
                && ancestry.contains(&policy.org_id));
        if !drafted_here {
            return Err(Invalid::new(
                "org_id",
                format!(
                    "“谁起草、谁解读”：解读应由《{}》的发文机关、联合发文机关或其起草部门发布",
                    policy.title
                ),
            )
            .into());
        }
        let details = Details::parse(raw_details)?;
        let mut raw = raw.clone();
        raw.column = Column::Interpretation.as_str().into();
        raw.attribute = "proactive".into();
        raw.needs_interpretation = String::new();
        if raw.topic.trim().is_empty() {
            raw.topic = policy.topic.clone();
        }
        let f = self.prepare(&tree, org, &raw)?;
        let mut tx = self.store.begin(self.now()).await?;
        let (id, index_number) = self
            .insert_draft(&mut tx, actor, org, &ancestry, &f, &[])
            .await?;
        interpretations::insert(&mut tx, id, policy.id, policy.version, &details).await?;
        tx.record(
            self.audit(
                actor,
                "interpretation.create",
                "document",
                Some(id),
                Some(org_id),
                json!({ "policy": policy.index_number, "form": details.form, "policy_version": policy.version }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(index_number)
    }

    /// Only a policy on its way to publication, or published, is interpreted, and an
    /// interpretation is not interpreted again.
    async fn check_interpretable(&self, policy: &Document) -> AppResult<()> {
        let mut c = self.store.conn().await?;
        if interpretations::get(&mut c, policy.id).await?.is_some() {
            return Err(Invalid::new("policy", "政策解读本身不能再被解读").into());
        }
        if !policy.decision.attribute.is_public()
            || matches!(policy.state, State::Withdrawn | State::Archived)
        {
            return Err(Invalid::new(
                "policy",
                format!(
                    "《{}》{}，不作政策解读",
                    policy.title,
                    if policy.decision.attribute.is_public() {
                        format!("已{}", policy.state.label().trim_start_matches('已'))
                    } else {
                        "不主动公开".to_owned()
                    }
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Whether `doc` may now be tied to `policy` as its interpretation (plain text form):
    /// false when it already is; refused when it interprets another policy or the policy
    /// cannot be interpreted. Read before the transaction that ties them.
    pub(crate) async fn check_tie(&self, doc: &Document, policy: &Document) -> AppResult<bool> {
        let mut c = self.store.conn().await?;
        let current = interpretations::get(&mut c, doc.id).await?;
        drop(c);
        match current {
            Some(i) if i.policy_id == policy.id => Ok(false),
            Some(_) => {
                Err(Invalid::new("other", "一篇解读只解读一份政策文件，请先取消原有关联").into())
            }
            None => {
                self.check_interpretable(policy).await?;
                Ok(true)
            }
        }
    }

    /// Changes the form, Q&A or event of an interpretation; who may edit its text may.
    pub async fn edit_interpretation(
        &self,
        actor: &Actor,
        index_number: &str,
        raw: &RawDetails,
    ) -> AppResult<()> {
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, Action::Edit)
            .await?;
        Action::Edit.next_state(doc.state, doc.decision.attribute, false)?;
        let details = Details::parse(raw)?;
        let mut c = self.store.conn().await?;
        let before = interpretations::get(&mut c, doc.id)
            .await?
            .ok_or_else(|| Invalid::new("form", "该文件不是政策解读"))?;
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        interpretations::update(&mut tx, doc.id, &details).await?;
        tx.record(
            self.audit(
                actor,
                "interpretation.edit",
                "document",
                Some(doc.id),
                Some(doc.org_id),
                json!({ "form_before": before.details.form, "form": details.form, "qa": details.qa.len() }),
            ),
            Some(doc_event("document.updated", &doc, &ancestry)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The disclosure officer confirms that an interpretation still stands for its
    /// policy as the policy now is (text and validity), or says how it was handled.
    pub async fn confirm_interpretation(
        &self,
        actor: &Actor,
        index_number: &str,
        note: &str,
    ) -> AppResult<()> {
        let (doc, _) = self
            .document_for_action(actor, index_number, Action::SetValidity)
            .await?;
        let note = multi_line("note", "复核意见", note, true, 1000)?;
        let mut c = self.store.conn().await?;
        let i = interpretations::get(&mut c, doc.id)
            .await?
            .ok_or_else(|| Invalid::new("note", "该文件不是政策解读"))?;
        let policy = documents::get(&mut c, i.policy_id)
            .await?
            .ok_or_else(not_found)?;
        drop(c);
        let mut tx = self.store.begin(self.now()).await?;
        interpretations::mark_reviewed(&mut tx, doc.id, policy.validity, policy.version).await?;
        tx.record(
            self.audit(
                actor,
                "interpretation.confirm",
                "document",
                Some(doc.id),
                Some(doc.org_id),
                json!({ "note": note, "policy_validity": policy.validity, "policy_version": policy.version }),
            ),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tie of a document to its policy, if it is an interpretation.
    pub async fn interpretation_of(&self, document_id: i64) -> AppResult<Option<Interpretation>> {
        let mut c = self.store.conn().await?;
        Ok(interpretations::get(&mut c, document_id).await?)
    }

    /// Every interpretation of a policy, in any state, for staff who may see the policy.
    pub async fn interpretations_of_policy(
        &self,
        actor: &Actor,
        policy_index: &str,
    ) -> AppResult<Vec<Pair>> {
        let policy = self.document_of(actor, policy_index).await?;
        let mut c = self.store.conn().await?;
        Ok(interpretations::of_policy(&mut c, policy.id).await?)
    }

    /// Published pairs that documents `ids` belong to, for public pages and search.
    pub async fn public_interpretation_pairs(&self, ids: &[i64]) -> AppResult<Vec<Pair>> {
        let mut c = self.store.conn().await?;
        Ok(interpretations::public_pairs(&mut c, ids).await?)
    }

    /// The dashboard's interpretation lists over the organisations the actor sees.
    pub async fn interpretation_tasks(&self, actor: &Actor) -> AppResult<InterpretationTasks> {
        let orgs = self.visible_org_ids(actor).await?;
        let mut c = self.store.conn().await?;
        Ok(InterpretationTasks {
            to_review: interpretations::to_review(&mut c, &orgs).await?,
            policies_without: interpretations::policies_without(&mut c, &orgs).await?,
        })
    }

    /// Checks the sign-off rules that tie a document to interpretations before `action`
    /// moves it to `to`, and returns the interpretations to publish with it.
    pub(crate) async fn interpretation_rules(
        &self,
        doc: &Document,
        action: Action,
        to: State,
    ) -> AppResult<Vec<Document>> {
        let mut c = self.store.conn().await?;
        let own = interpretations::get(&mut c, doc.id).await?;
        if let Some(i) = &own {
            match action {
                Action::Submit => {
                    let m = self.material(&mut c, doc, i).await?;
                    let lacking = interpretation::missing(i.details.form, &m);
                    if !lacking.is_empty() {
                        return Err(Invalid::new(
                            "form",
                            format!("{}还缺少：{}", i.details.form.label(), lacking.join("、")),
                        )
                        .into());
                    }
                }
                Action::Approve => {
                    let policy = documents::get(&mut c, i.policy_id)
                        .await?
                        .ok_or_else(not_found)?;
                    if policy.state != State::Published {
                        return Err(Invalid::new(
                            "action",
                            format!(
                                "同步审签：本解读随《{}》一并签发，请在该文件签发时一同发布",
                                policy.title
                            ),
                        )
                        .into());
                    }
                    Self::check_version(i, &policy)?;
                }
                _ => {}
            }
            return Ok(Vec::new());
        }
        if action != Action::Approve {
            return Ok(Vec::new());
        }
        let pairs = interpretations::of_policy(&mut c, doc.id).await?;
        let ready: Vec<i64> = pairs
            .iter()
            .filter(|p| p.interpretation.state == State::PendingApproval)
            .map(|p| p.interpretation.id)
            .collect();
        let published = pairs
            .iter()
            .any(|p| p.interpretation.state == State::Published);
        if doc.needs_interpretation && ready.is_empty() && !published {
            let where_they_are: Vec<String> = pairs
                .iter()
                .map(|p| {
                    format!(
                        "《{}》{}",
                        p.interpretation.title,
                        p.interpretation.state.label()
                    )
                })
                .collect();
            return Err(Invalid::new(
                "action",
                if where_they_are.is_empty() {
                    "本文件须同步解读：请先起草政策解读，并经审核、保密审查后与本文件一并签发"
                        .to_owned()
                } else {
                    format!(
                        "本文件须同步解读：政策解读须先通过审核和保密审查（{}）",
                        where_they_are.join("；")
                    )
                },
            )
            .into());
        }
        if to != State::Published {
            return Ok(Vec::new());
        }
        let docs = documents::get_many(&mut c, &ready).await?;
        for d in &docs {
            let i = interpretations::get(&mut c, d.id)
                .await?
                .ok_or_else(not_found)?;
            Self::check_version(&i, doc)?;
        }
        Ok(docs)
    }

    /// An interpretation signed off against an earlier text of its policy would explain
    /// words no longer there.
    fn check_version(i: &Interpretation, policy: &Document) -> AppResult<()> {
        if i.policy_version != policy.version {
            return Err(Invalid::new(
                "action",
                format!(
                    "《{}》在解读起草后已修改（第{}稿→第{}稿），请信息公开专员确认解读仍然适用后再签发",
                    policy.title, i.policy_version, policy.version
                ),
            )
            .into());
        }
        Ok(())
    }

    async fn material(
        &self,
        c: &mut gongkai_store::AnyConnection,
        doc: &Document,
        i: &Interpretation,
    ) -> AppResult<Material> {
        let files = attachments::of_document(c, doc.id).await?;
        let text = gongkai_search::html_to_text(&doc.body);
        Ok(Material {
            body_chars: text.trim().chars().count(),
            qa_pairs: i.details.qa.len(),
            images: files
                .iter()
                .filter(|a| a.content_type.starts_with("image/"))
                .count(),
            recordings: files
                .iter()
                .filter(|a| {
                    a.content_type.starts_with("audio/") || a.content_type.starts_with("video/")
                })
                .count(),
            held_on: i.details.held_on.is_some(),
        })
    }

    /// Publishes in `tx` the interpretations carried by their policy's sign-off.
    pub(crate) async fn publish_carried(
        &self,
        tx: &mut gongkai_store::Tx,
        actor: &Actor,
        policy: &Document,
        carried: &[Document],
    ) -> AppResult<()> {
        let tree = self.org_tree().await?;
        let today = self.today();
        for d in carried {
            if !documents::transition(
                tx,
                d.id,
                State::PendingApproval,
                State::Published,
                Some(today),
            )
            .await?
            {
                return Err(AppError::Conflict(
                    "政策解读的状态已被他人更改，请刷新后重试".into(),
                ));
            }
            tx.record(
                self.audit(
                    actor,
                    "document.approve",
                    "document",
                    Some(d.id),
                    Some(d.org_id),
                    json!({ "from": d.state, "to": State::Published, "with_policy": policy.index_number }),
                ),
                Some(crate::documents::state_event(
                    d,
                    State::Published,
                    &tree.ancestry_ids(d.org_id),
                )),
            )
            .await?;
        }
        Ok(())
    }
}
