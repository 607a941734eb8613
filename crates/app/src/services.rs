//! 办事服务公开: service items and their guides, kept by the organisation that handles
//! them; published only with their basis and time limit and with their personal data
//! confirmed; the completeness of each guide and organisation; the 1-working-day rule
//! for changed guides; the public's search by life and business event; the import of
//! an existing list from .xlsx.

use chrono::NaiveDate;
use gongkai_domain::Invalid;
use gongkai_domain::invalid::{Problems, multi_line, single_line};
use gongkai_domain::pii::review::{in_text, public_text};
use gongkai_domain::role::Role;
use gongkai_domain::service::{Audience, Element, Guide, Theme, lines, publish_by, published_late};
use gongkai_store::NewEvent;
use gongkai_store::orgs::Org;
use gongkai_store::services::{self as store, NewFile, Service, ServiceFields, ServiceFile};
use serde::Deserialize;
use serde_json::json;

use crate::pii_review::{PiiReview, file_detections, service_subject};
use crate::tree::OrgTree;
use crate::{Actor, App, AppError, AppResult, AttachmentUpload};

/// Who keeps a service's guide: the drafting staff and the disclosure staff of the
/// organisation that handles it.
const EDITORS: [Role; 3] = [Role::Drafter, Role::DisclosureOfficer, Role::DisclosureHead];

/// The roles of a file offered with a service, and how the page names them.
pub const FILE_ROLES: [(&str, &str); 3] = [
    ("form", "申请表格"),
    ("sample", "示范文本"),
    ("mistakes", "常见错误示例"),
];

pub fn file_role_label(role: &str) -> &'static str {
    FILE_ROLES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or("附件", |(_, l)| *l)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServiceInput {
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub audience: String,
    /// Theme codes or labels.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub office: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub mistakes: String,
    #[serde(default)]
    pub fees: String,
    #[serde(default)]
    pub fee_basis: String,
    #[serde(default)]
    pub time_limit: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub complaint_phone: String,
    #[serde(default)]
    pub online_url: String,
    /// The date the guide (or its change) was approved.
    #[serde(default)]
    pub approved_on: String,
}

/// A service with what its pages show.
#[derive(Debug, Clone)]
pub struct ServiceView {
    pub service: Service,
    pub org: Org,
    pub themes: Vec<Theme>,
    pub steps: Vec<String>,
    pub materials: Vec<String>,
    pub files: Vec<ServiceFile>,
    pub missing: Vec<Element>,
    /// The last day the approved guide could be published on time.
    pub publish_by: Option<NaiveDate>,
    /// Published later than 1 working day after its approval.
    pub late: bool,
}

/// Per organisation: how many guides, how many complete, and the elements missing most.
#[derive(Debug, Clone)]
pub struct Completeness {
    pub org: Org,
    pub total: usize,
    pub complete: usize,
    pub missing: Vec<(Element, usize)>,
}

/// What the public filters services by.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServiceQuery {
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
}

fn fields_guide(f: &ServiceFields, files: &[ServiceFile]) -> Guide {
    Guide {
        basis: f.basis.clone(),
        office: f.office.clone(),
        steps: lines(&f.steps),
        materials: lines(&f.materials),
        mistakes: f.mistakes.clone(),
        sample_files: files
            .iter()
            .filter(|x| x.role == "sample" || x.role == "mistakes")
            .count(),
        fees: f.fees.clone(),
        fee_basis: f.fee_basis.clone(),
        time_limit: f.time_limit.clone(),
        place: f.place.clone(),
        hours: f.hours.clone(),
        phone: f.phone.clone(),
        complaint_phone: f.complaint_phone.clone(),
    }
}

fn themes_of(f: &ServiceFields) -> Vec<Theme> {
    f.themes
        .split_whitespace()
        .filter_map(Theme::read)
        .collect()
}

fn service_event(id: i64, org_id: i64) -> NewEvent {
    NewEvent {
        kind: "service.changed",
        entity_type: "service",
        entity_id: Some(id),
        org_id: Some(org_id),
        payload: json!({ "id": id }),
    }
}

/// Parses a guide's fields, every problem named.
fn parse_fields(input: &ServiceInput) -> Result<ServiceFields, Vec<Invalid>> {
    let mut p = Problems::default();
    let name = p.text(single_line("name", "事项名称", &input.name, true, 100));
    let code = p.text(single_line("code", "事项编码", &input.code, false, 60));
    let audience = p.choice::<Audience>("audience", "请选择服务对象", &input.audience);
    let mut themes = Vec::new();
    for t in input
        .themes
        .iter()
        .flat_map(|t| t.split([' ', '、', ',', '，', ';', '；']))
    {
        if t.trim().is_empty() {
            continue;
        }
        match Theme::read(t) {
            Some(th) if !themes.contains(&th) => themes.push(th),
            Some(_) => {}
            None => p.push(Invalid::new(
                "themes",
                format!("未知的办事主题“{}”", t.trim()),
            )),
        }
    }
    let long =
        |p: &mut Problems, field, label, v: &str| p.text(multi_line(field, label, v, false, 4000));
    let short =
        |p: &mut Problems, field, label, v: &str| p.text(single_line(field, label, v, false, 200));
    let basis = long(&mut p, "basis", "办理依据", &input.basis);
    let steps = long(&mut p, "steps", "基本流程", &input.steps);
    let materials = long(&mut p, "materials", "申请材料", &input.materials);
    let mistakes = long(&mut p, "mistakes", "常见错误示例", &input.mistakes);
    let office = short(&mut p, "office", "受理单位", &input.office);
    let fees = short(&mut p, "fees", "收费标准", &input.fees);
    let fee_basis = short(&mut p, "fee_basis", "收费依据", &input.fee_basis);
    let time_limit = short(&mut p, "time_limit", "办理时限", &input.time_limit);
    let place = short(&mut p, "place", "办事地点", &input.place);
    let hours = short(&mut p, "hours", "办理时间", &input.hours);
    let phone = short(&mut p, "phone", "咨询电话", &input.phone);
    let complaint_phone = short(
        &mut p,
        "complaint_phone",
        "监督投诉电话",
        &input.complaint_phone,
    );
    let online_url = short(&mut p, "online_url", "网上办理地址", &input.online_url);
    if !online_url.is_empty()
        && !online_url.starts_with("https://")
        && !online_url.starts_with("http://")
    {
        p.push(Invalid::new(
            "online_url",
            "网上办理地址须以 http:// 或 https:// 开头",
        ));
    }
    let approved_on = match input.approved_on.trim() {
        "" => None,
        v => crate::participation::date("approved_on", "批准日期", v)
            .map_err(|e| p.push(e))
            .ok(),
    };
    if !p.is_empty() {
        return Err(p.0);
    }
    Ok(ServiceFields {
        code,
        name,
        audience,
        themes: themes
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        basis,
        office,
        steps,
        materials,
        mistakes,
        fees,
        fee_basis,
        time_limit,
        place,
        hours,
        phone,
        complaint_phone,
        online_url,
        approved_on,
    })
}

impl App {
    fn service_view_of(
        &self,
        s: Service,
        tree: &OrgTree,
        files: Vec<ServiceFile>,
    ) -> Option<ServiceView> {
        let org = tree.get(s.org_id)?.clone();
        let cal = self.calendar();
        let guide = fields_guide(&s.fields, &files);
        let late = match (s.fields.approved_on, s.published_on) {
            (Some(a), Some(p)) => published_late(&cal, a, p),
            _ => false,
        };
        Some(ServiceView {
            themes: themes_of(&s.fields),
            steps: guide.steps.clone(),
            materials: guide.materials.clone(),
            missing: guide.missing(),
            publish_by: s.fields.approved_on.map(|a| publish_by(&cal, a)),
            late,
            org,
            files,
            service: s,
        })
    }

    async fn load_service(&self, id: i64) -> AppResult<(Service, Vec<ServiceFile>)> {
        let mut c = self.store.conn().await?;
        let s = store::get(&mut c, id)
            .await?
            .ok_or_else(|| AppError::NotFound("服务事项不存在".into()))?;
        let files = store::files(&mut c, &[id]).await?;
        Ok((s, files))
    }

    async fn service_pii(&self, s: &Service, files: &[ServiceFile]) -> AppResult<PiiReview> {
        let f = &s.fields;
        let mut found = in_text("基本流程", &f.steps);
        found.extend(in_text("申请材料", &f.materials));
        found.extend(in_text("常见错误示例", &f.mistakes));
        found.extend(in_text("办理依据", &f.basis));
        let mut in_files = Vec::new();
        for file in files {
            let bytes = self.file_bytes(&file.storage_key).await?;
            in_files.extend(file_detections(&file.filename, &bytes));
        }
        let decisions = self.pii_decisions(&service_subject(s.id)).await?;
        Ok(PiiReview::new(&found, &in_files, &decisions))
    }

    /// The review of a service's personal data, for those who keep its guide.
    pub(crate) async fn service_review(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(Service, PiiReview)> {
        let (s, files) = self.load_service(id).await?;
        self.must_keep(actor, s.org_id, &EDITORS, "确认办事指南中的个人信息")
            .await?;
        let review = self.service_pii(&s, &files).await?;
        Ok((s, review))
    }

    /// Saves a guide (a new one when `id` is None); with `publish`, publishes it too,
    /// which needs its basis and time limit and every personal datum confirmed. A
    /// published guide is only changed by publishing the change.
    pub async fn save_service(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: &ServiceInput,
        publish: bool,
    ) -> AppResult<i64> {
        let tree = self.org_tree().await?;
        let fields = parse_fields(input).map_err(AppError::Invalid)?;
        let (org_id, before) = match id {
            Some(id) => {
                let (s, files) = self.load_service(id).await?;
                (s.org_id, Some((s, files)))
            }
            None => (crate::participation::org_of(&tree, &input.org)?.id, None),
        };
        self.must_keep(actor, org_id, &EDITORS, "编辑办事指南")
            .await?;
        let was_published = before
            .as_ref()
            .is_some_and(|(s, _)| s.published_on.is_some());
        if was_published && !publish {
            return Err(Invalid::new(
                "publish",
                "已公开的办事指南修改后须直接发布（按批准日期起1个工作日内更新）",
            )
            .into());
        }
        let files = before.as_ref().map(|(_, f)| f.clone()).unwrap_or_default();
        if publish {
            let blocking: Vec<&str> = fields_guide(&fields, &files)
                .missing()
                .into_iter()
                .filter(|e| e.blocks_publication())
                .map(|e| e.label())
                .collect();
            if !blocking.is_empty() {
                return Err(Invalid::new(
                    "publish",
                    format!("缺少{}，办事指南不能发布", blocking.join("、")),
                )
                .into());
            }
            if fields.approved_on.is_none() {
                return Err(Invalid::new("approved_on", "发布办事指南须填写批准日期").into());
            }
            if fields.approved_on.is_some_and(|a| a > self.today()) {
                return Err(Invalid::new("approved_on", "批准日期不能晚于今天").into());
            }
            // The guide as it would be published, with the files it already has.
            let candidate = Service {
                id: id.unwrap_or(0),
                org_id,
                fields: fields.clone(),
                published_on: None,
            };
            self.service_pii(&candidate, &files).await?.ensure_clear()?;
        }
        let mut tx = self.store.begin(self.now()).await?;
        let sid = match id {
            Some(id) => {
                store::update(&mut tx, id, &fields).await?;
                id
            }
            None => store::insert(&mut tx, org_id, &fields).await?,
        };
        if publish {
            store::publish(&mut tx, sid, self.today()).await?;
        }
        tx.record(
            self.audit(
                actor,
                if publish {
                    "service.publish"
                } else {
                    "service.save"
                },
                "service",
                Some(sid),
                Some(org_id),
                json!({
                    "name": fields.name,
                    "approved_on": fields.approved_on,
                    "changed": was_published,
                }),
            ),
            Some(service_event(sid, org_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(sid)
    }

    /// Adds a form, sample or example of common mistakes to a guide not yet published.
    pub async fn add_service_file(
        &self,
        actor: &Actor,
        id: i64,
        role: &str,
        up: &AttachmentUpload,
    ) -> AppResult<i64> {
        let (s, _) = self.load_service(id).await?;
        self.must_keep(actor, s.org_id, &EDITORS, "上传办事指南附件")
            .await?;
        let role = FILE_ROLES
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(r, _)| *r)
            .ok_or_else(|| Invalid::new("role", "请选择附件类别"))?;
        let f = self.store_file(up).await?;
        let result = async {
            let mut tx = self.store.begin(self.now()).await?;
            let file = store::add_file(
                &mut tx,
                &NewFile {
                    service_id: id,
                    role,
                    filename: &f.filename,
                    content_type: f.mime,
                    size_bytes: i64::try_from(f.size).unwrap_or(i64::MAX),
                    sha256: &f.sha,
                    storage_key: &f.key,
                },
            )
            .await?;
            tx.record(
                self.audit(
                    actor,
                    "service.add_file",
                    "service",
                    Some(id),
                    Some(s.org_id),
                    json!({ "file": file, "filename": f.filename, "role": role }),
                ),
                Some(service_event(id, s.org_id)),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, AppError>(file)
        }
        .await;
        if result.is_err() {
            let _ = self.blobs.delete(&f.key).await;
        }
        // A published guide with a new file: its personal data is reviewed before the
        // public sees the file, which stays staff-only until then.
        result
    }

    /// Removes a file from a guide.
    pub async fn remove_service_file(&self, actor: &Actor, id: i64, file: i64) -> AppResult<()> {
        let (s, _) = self.load_service(id).await?;
        self.must_keep(actor, s.org_id, &EDITORS, "删除办事指南附件")
            .await?;
        let mut tx = self.store.begin(self.now()).await?;
        let key = store::remove_file(&mut tx, id, file)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        tx.record(
            self.audit(
                actor,
                "service.remove_file",
                "service",
                Some(id),
                Some(s.org_id),
                json!({ "file": file }),
            ),
            Some(service_event(id, s.org_id)),
        )
        .await?;
        tx.commit().await?;
        let _ = self.blobs.delete(&key).await;
        Ok(())
    }

    /// A service with its originals and review, for staff who may see its organisation.
    pub async fn service_view(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(ServiceView, PiiReview, bool)> {
        let (s, files) = self.load_service(id).await?;
        let tree = self.org_tree().await?;
        let ancestry = tree.ancestry_ids(s.org_id);
        if !actor.may_view(&ancestry) {
            return Err(AppError::NotFound("服务事项不存在".into()));
        }
        let may_edit = actor.holds_any(&EDITORS, &ancestry);
        let review = self.service_pii(&s, &files).await?;
        let view = self
            .service_view_of(s, &tree, files)
            .ok_or_else(|| AppError::NotFound("服务事项不存在".into()))?;
        Ok((view, review, may_edit))
    }

    /// The services of the organisations the actor may see.
    pub async fn staff_services(&self, actor: &Actor) -> AppResult<Vec<ServiceView>> {
        let ids = self.visible_org_ids(actor).await?;
        self.services_of(&ids, false).await
    }

    async fn services_of(&self, org_ids: &[i64], published: bool) -> AppResult<Vec<ServiceView>> {
        let tree = self.org_tree().await?;
        let mut c = self.store.conn().await?;
        let services = store::of_orgs(&mut c, org_ids, published).await?;
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        let mut files = store::files(&mut c, &ids).await?;
        drop(c);
        Ok(services
            .into_iter()
            .filter_map(|s| {
                let mine: Vec<ServiceFile> =
                    files.extract_if(.., |f| f.service_id == s.id).collect();
                self.service_view_of(s, &tree, mine)
            })
            .collect())
    }

    /// The guides of the actor's organisations published later than 1 working day after
    /// their approval (the dashboard's list).
    pub async fn late_guides(&self, actor: &Actor) -> AppResult<Vec<ServiceView>> {
        Ok(self
            .staff_services(actor)
            .await?
            .into_iter()
            .filter(|v| v.late)
            .collect())
    }

    /// Completeness per organisation of the guides given.
    pub fn service_completeness(views: &[ServiceView]) -> Vec<Completeness> {
        let mut out: Vec<Completeness> = Vec::new();
        for v in views {
            let i = match out.iter().position(|c| c.org.id == v.org.id) {
                Some(i) => i,
                None => {
                    out.push(Completeness {
                        org: v.org.clone(),
                        total: 0,
                        complete: 0,
                        missing: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let c = &mut out[i];
            c.total += 1;
            if v.missing.is_empty() {
                c.complete += 1;
            }
            for e in &v.missing {
                match c.missing.iter_mut().find(|(x, _)| x == e) {
                    Some((_, n)) => *n += 1,
                    None => c.missing.push((*e, 1)),
                }
            }
        }
        for c in &mut out {
            c.missing.sort_by_key(|(e, n)| (std::cmp::Reverse(*n), *e));
        }
        out
    }

    /// Published services matching the public's filter, their text masked.
    pub async fn public_services(&self, q: &ServiceQuery) -> AppResult<Vec<ServiceView>> {
        let tree = self.org_tree().await?;
        let org_ids: Vec<i64> = match q.org.as_deref().filter(|s| !s.is_empty()) {
            Some(slug) => tree
                .by_slug(slug)
                .map(|o| tree.subtree_ids(o.id))
                .ok_or_else(|| AppError::NotFound("机构不存在".into()))?,
            None => tree.all().iter().map(|o| o.id).collect(),
        };
        let audience = q
            .audience
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::parse::<Audience>)
            .transpose()?;
        let theme = match q.theme.as_deref().filter(|s| !s.is_empty()) {
            Some(t) => Some(
                Theme::read(t)
                    .ok_or_else(|| Invalid::new("theme", format!("未知的办事主题“{t}”")))?,
            ),
            None => None,
        };
        let words: Vec<String> =
            q.q.as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
        let mut out = Vec::new();
        for v in self.services_of(&org_ids, true).await? {
            let f = &v.service.fields;
            if audience.is_some_and(|a| f.audience != Some(a)) {
                continue;
            }
            if theme.is_some_and(|t| !v.themes.contains(&t)) {
                continue;
            }
            let hay = format!(
                "{} {} {} {} {}",
                f.name, f.code, f.office, v.org.name, f.materials
            )
            .to_lowercase();
            if !words.iter().all(|w| hay.contains(w)) {
                continue;
            }
            out.push(self.masked(v).await?);
        }
        Ok(out)
    }

    /// A service's free text as the public reads it.
    async fn masked(&self, mut v: ServiceView) -> AppResult<ServiceView> {
        let kept = self.pii_decisions(&service_subject(v.service.id)).await?;
        let f = &mut v.service.fields;
        for t in [
            &mut f.steps,
            &mut f.materials,
            &mut f.mistakes,
            &mut f.basis,
        ] {
            *t = public_text(t, &kept);
        }
        v.steps = lines(&f.steps);
        v.materials = lines(&f.materials);
        Ok(v)
    }

    /// A published service for the public.
    pub async fn public_service(&self, id: i64) -> AppResult<ServiceView> {
        let (s, files) = self.load_service(id).await?;
        if s.published_on.is_none() {
            return Err(AppError::NotFound("服务事项不存在".into()));
        }
        let tree = self.org_tree().await?;
        let v = self
            .service_view_of(s, &tree, files)
            .ok_or_else(|| AppError::NotFound("服务事项不存在".into()))?;
        self.masked(v).await
    }

    /// A file of a service: for the public when the guide is published and its personal
    /// data decided; for staff who may see the organisation always.
    pub async fn service_file(
        &self,
        actor: Option<&Actor>,
        id: i64,
        file: i64,
    ) -> AppResult<(ServiceFile, Vec<u8>)> {
        let (s, files) = self.load_service(id).await?;
        match actor {
            Some(a) => {
                self.service_view(a, id).await?;
            }
            None => {
                if s.published_on.is_none()
                    || self.service_pii(&s, &files).await?.ensure_clear().is_err()
                {
                    return Err(AppError::NotFound("附件不存在".into()));
                }
            }
        }
        let f = files
            .into_iter()
            .find(|f| f.id == file)
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        let bytes = self.file_bytes(&f.storage_key).await?;
        Ok((f, bytes))
    }

    /// Imports an organisation's existing service list from .xlsx as drafts: every row
    /// checked, every problem reported with its row, and nothing imported when any row
    /// is wrong or a name is already there.
    pub async fn import_services(&self, actor: &Actor, org: &str, xlsx: &[u8]) -> AppResult<usize> {
        let tree = self.org_tree().await?;
        let org_id = crate::participation::org_of(&tree, org)?.id;
        self.must_keep(actor, org_id, &EDITORS, "导入办事指南")
            .await?;
        let sheets = crate::catalog_xlsx::sheets(xlsx)
            .map_err(|e| AppError::Invalid(vec![Invalid::new("file", e)]))?;
        let (inputs, mut problems) = crate::service_import::read(&sheets);
        let mut c = self.store.conn().await?;
        let existing: Vec<String> = store::of_orgs(&mut c, &[org_id], false)
            .await?
            .into_iter()
            .map(|s| s.fields.name)
            .collect();
        drop(c);
        let mut parsed = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (row, input) in &inputs {
            match parse_fields(input) {
                Ok(f) => {
                    if existing.contains(&f.name) {
                        problems.push(format!("第{row}行：本机构已有服务事项“{}”", f.name));
                    } else if seen.contains(&f.name) {
                        problems.push(format!("第{row}行：服务事项“{}”在表中重复", f.name));
                    }
                    seen.push(f.name.clone());
                    parsed.push(f);
                }
                Err(es) => {
                    for e in es {
                        problems.push(format!("第{row}行：{}", e.message));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(
                problems
                    .into_iter()
                    .map(|p| Invalid::new("rows", p))
                    .collect(),
            ));
        }
        let mut tx = self.store.begin(self.now()).await?;
        for f in &parsed {
            store::insert(&mut tx, org_id, f).await?;
        }
        tx.record(
            self.audit(
                actor,
                "service.import",
                "organisation",
                Some(org_id),
                Some(org_id),
                json!({ "imported": parsed.len() }),
            ),
            Some(service_event(org_id, org_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(parsed.len())
    }
}
