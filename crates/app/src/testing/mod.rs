//! A county over a fresh store, at a fixed time, for the tests of this crate and of
//! the crates above it (web, cli). Not used by the running program.

pub mod catalog_rows;
pub mod catalog_tables;
pub mod docx;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gongkai_domain::document::RawDocument;
use gongkai_domain::role::Role;
use gongkai_store::testing::{TestDb, fresh_stores};

use crate::{Actor, App, Config, LocalDir, ManualClock, RawOrg, Via};

/// Every test account's password.
pub const PASSWORD: &str = "correct horse battery";

/// 2026-03-02 10:00 China time, a Monday.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0)
        .single()
        .expect("valid instant")
}

/// 10:00 China time on `date`.
pub fn at(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(2, 0, 0).expect("valid time"))
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("YYYY-MM-DD")
}

pub fn raw_org(level: &str, name: &str, slug: &str, code: &str) -> RawOrg {
    RawOrg {
        level: level.into(),
        name: name.into(),
        slug: slug.into(),
        index_code: code.into(),
        ..Default::default()
    }
}

/// A proactive document in category a20-01.
pub fn raw_doc(title: &str, number: &str, written: &str) -> RawDocument {
    RawDocument {
        title: title.into(),
        doc_number: number.into(),
        written_on: written.into(),
        topic: "zhzw".into(),
        category: "a20-01".into(),
        body: "<p>正文</p>".into(),
        attribute: "proactive".into(),
        ..Default::default()
    }
}

/// A document decided not to be disclosed because it holds personal data (条例 Art.15):
/// never public, never in a search, a feed or an export.
pub fn private_doc(title: &str, written: &str) -> RawDocument {
    RawDocument {
        attribute: "not_disclosed".into(),
        legal_ground: "personal_privacy".into(),
        attribute_reason: "含个人信息".into(),
        ..raw_doc(title, "", written)
    }
}

/// A citizen applying: 王晓明, with a valid resident ID card and a phone number.
pub fn applicant() -> gongkai_domain::application::ApplicantInput {
    gongkai_domain::application::ApplicantInput {
        kind: "natural_person".into(),
        name: "王晓明".into(),
        id_kind: "resident_card".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800000000".into(),
        ..Default::default()
    }
}

/// A request for the information titled `title`, on paper by post.
pub fn request(title: &str) -> gongkai_domain::application::RequestInput {
    gongkai_domain::application::RequestInput {
        title: title.into(),
        delivery_form: "paper".into(),
        delivery_way: "post".into(),
        ..Default::default()
    }
}

/// 云溪县 with a department, a township and a village, and no users yet.
pub struct TestCounty {
    pub app: App,
    pub clock: Arc<ManualClock>,
    /// The backend, for assertion messages.
    pub label: &'static str,
    /// Where the app keeps its blobs, to see what is stored and what was removed.
    pub blobs: Arc<LocalDir>,
    /// 云溪县人民政府 (`yunxi`).
    pub county: i64,
    /// 县财政局 (`czj`).
    pub dept: i64,
    /// 青石镇人民政府 (`qingshi`).
    pub town: i64,
    /// 青石村 (`qingshi-cun`).
    pub village: i64,
}

impl TestCounty {
    /// One county per configured backend (SQLite always; PostgreSQL when
    /// `GONGKAI_TEST_DATABASE_URL` is set).
    pub async fn all() -> Vec<TestCounty> {
        let mut out = Vec::new();
        for db in fresh_stores().await.expect("fresh stores") {
            out.push(Self::new(db, Config::default()).await);
        }
        out
    }

    pub async fn new(db: TestDb, config: Config) -> TestCounty {
        let clock = Arc::new(ManualClock::new(start()));
        let blobs = Arc::new(LocalDir::new(
            std::env::temp_dir().join(format!("gk-test-blobs-{}", crate::random_token(6))),
        ));
        let app = App::new(db.store, clock.clone(), blobs.clone(), config)
            .await
            .expect("app");
        let cli = Actor::cli();
        let mut county = raw_org("county", "云溪县人民政府", "yunxi", "11350999MB0012345X");
        county.office = "云溪县人民政府办公室".into();
        county.address = "云溪县城关镇政府路1号".into();
        county.phone = "0599-1234567".into();
        county.postcode = "350999".into();
        county.email = "gk@yunxi.example.cn".into();
        let county = app.create_org(&cli, None, &county).await.expect("county");
        let dept = app
            .create_org(
                &cli,
                Some(county),
                &raw_org("department", "县财政局", "czj", "11350999MB0012346X"),
            )
            .await
            .expect("department");
        let town = app
            .create_org(
                &cli,
                Some(county),
                &raw_org(
                    "township",
                    "青石镇人民政府",
                    "qingshi",
                    "11350999MB0012347X",
                ),
            )
            .await
            .expect("township");
        let village = app
            .create_org(
                &cli,
                Some(town),
                &raw_org(
                    "village",
                    "青石村村民委员会",
                    "qingshi-cun",
                    "11350999MB0012348X",
                ),
            )
            .await
            .expect("village");
        TestCounty {
            app,
            clock,
            label: db.label,
            blobs,
            county,
            dept,
            town,
            village,
        }
    }

    /// The user `name` (created on first use) with `roles` added, as an actor.
    pub async fn user(&self, name: &str, roles: &[(Role, i64)], platform_admin: bool) -> Actor {
        let cli = Actor::cli();
        let id = match self.app.user_by_name(name).await.expect("user lookup") {
            Some((u, _)) => u.id,
            None => self
                .app
                .create_user(&cli, name, name, PASSWORD, platform_admin)
                .await
                .expect("create user"),
        };
        for (role, org) in roles {
            self.app
                .grant_role(&cli, id, *org, *role)
                .await
                .expect("grant");
        }
        let (u, g) = self
            .app
            .user_by_id(id)
            .await
            .expect("user")
            .expect("user exists");
        Actor::user(u, g, "127.0.0.1", Via::Session)
    }

    /// The user `name` holding `role` in `org`.
    pub async fn actor(&self, name: &str, role: Role, org: i64) -> Actor {
        self.user(name, &[(role, org)], false).await
    }
}

/// The four people who carry a document from draft to sign-off in one organisation.
pub struct Signers {
    pub drafter: Actor,
    pub reviewer: Actor,
    pub secrecy: Actor,
    pub approver: Actor,
}

impl TestCounty {
    /// Users `drafter`, `reviewer`, `secrecy` and `approver` holding those roles in `org`.
    pub async fn signers(&self, org: i64) -> Signers {
        Signers {
            drafter: self.actor("drafter", Role::Drafter, org).await,
            reviewer: self.actor("reviewer", Role::Reviewer, org).await,
            secrecy: self.actor("secrecy", Role::SecrecyReviewer, org).await,
            approver: self.actor("approver", Role::Approver, org).await,
        }
    }
}

impl Signers {
    /// Takes the document with 索引号 `index` from 草稿 through the first `steps`
    /// sign-offs (4: all of them).
    pub async fn advance(&self, app: &App, index: &str, steps: usize) {
        use gongkai_domain::workflow::Action;
        let path = [
            (&self.drafter, Action::Submit),
            (&self.reviewer, Action::Review),
            (&self.secrecy, Action::SecrecyClear),
            (&self.approver, Action::Approve),
        ];
        for (who, action) in path.into_iter().take(steps) {
            app.act(who, index, crate::ActionInput::new(action))
                .await
                .unwrap_or_else(|e| panic!("{action:?}: {e}"));
        }
    }
}

/// The latest `n` audit entries whose action starts with `prefix`, for tests that check
/// what was recorded.
pub async fn recent_audit(
    app: &App,
    prefix: Option<&str>,
    n: i64,
) -> Vec<gongkai_store::audit::AuditRecord> {
    let mut c = app.store.conn().await.expect("connection");
    gongkai_store::audit::recent(&mut c, prefix, n)
        .await
        .expect("audit log")
}

/// A one-sheet .xlsx of plain rows, for import tests.
pub fn xlsx_of(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("workbook")
}
