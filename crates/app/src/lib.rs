//! Gongkai's use cases.
//!
//! Each public method of [`App`] is one action a user can take: it checks the actor's
//! roles, applies the domain rules, and runs one store transaction that writes the
//! change together with its audit entry and event. The web layer and the CLI call
//! these and nothing below them for writes.

mod actor;
mod applications;
mod attachments;
mod auth;
mod blobs;
mod calendar;
mod catalog_compliance;
pub mod catalog_import;
pub mod catalog_xlsx;
mod catalogs;
mod channels;
mod clock;
mod clocks;
mod consultations;
pub mod csv;
mod digest;
mod documents;
mod error;
pub mod gazette;
mod import;
mod inspection;
mod interpretations;
mod letters;
mod mail;
mod media;
mod messages;
mod notifications;
pub mod open_data;
mod orgs;
mod participation;
pub mod pii_review;
pub mod pii_scan;
mod public;
mod rectifications;
mod reports;
mod sanitize;
mod search;
mod service_import;
pub mod services;
mod site;
mod tasks;
pub mod testing;
mod tree;
mod ttl_cache;
mod users;
pub mod villages;
mod webhooks;
pub mod word;
pub mod worker;

use std::sync::{Arc, RwLock};

use gongkai_domain::calendar::WorkCalendar;
use gongkai_store::Store;

pub use actor::{Actor, Via};
pub use applications::{ApplicationView, Receipt, StepInput, StepView, Tracking};
pub use attachments::{AttachmentUpload, MAX_UPLOAD_BYTES_DEFAULT};
pub use auth::{NewSession, constant_time_eq, random_token, sha256_hex, sha256_hex_bytes};
pub use blobs::{BlobStore, InDatabase, LocalDir, Moved};
pub use calendar::NoticeReading;
pub use catalog_compliance::{ContentCheck, CoverageRow, ItemCompliance};
pub use catalog_import::{
    AreaChoice, AreaMapping, AreaPreview, AreaStatus, ImportPreview, Imported,
};
pub use catalogs::{CatalogView, PublishedCatalog};
pub use channels::{DocFeed, FEED_ENTRIES, OrgFeed, SITEMAP_IDS};
pub use clock::{Clock, ManualClock, SystemClock};
pub use clocks::{DocClock, OrgClockSummary};
pub use consultations::{CommentReceipt, CommentView, ConsultationSummary, ConsultationView};
pub use digest::{Digest, DigestRun};
pub use documents::{ActionInput, DocumentView};
pub use error::{AppError, AppResult};
pub use import::{BatchReport, ImportBatch, ImportRecord};
pub use inspection::{Inspection, UnitResult};
pub use interpretations::InterpretationTasks;
pub use letters::{Letter, TemplateView, cn_date};
pub use mail::Mailer;
pub use media::{MediaAccount, MediaChangeInput};
pub use messages::{
    MessageAlerts, MessageFilter, MessageReceipt, MessageRow, MessageTracking, MessageView,
    PublicExchange, UnitStats,
};
pub use notifications::NotificationView;
pub use open_data::OpenDataset;
pub use orgs::RawOrg;
pub use participation::{
    ConcernInput, ConcernView, HearingInput, HearingView, ProposalInput, ProposalView, ReplyInput,
    ResponseInput, SurveyInput, SurveyView,
};
pub use public::{AnnualReportEntry, PublicDocument};
pub use rectifications::{RectificationView, RectifyInput, SavedInspection, Trend};
pub use reports::{PublishedReport, ReportDraft};
pub use sanitize::{escape_html, sanitize_body};
pub use search::{SearchHit, SearchPage, SearchStatus};
pub use site::{ImageFile, Site, SiteImage};
pub use tasks::Task;
pub use tree::OrgTree;
pub use users::MIN_PASSWORD_CHARS;
pub use webhooks::{
    AttemptResult, DeliveryView, RawWebhook, WebhookDetail, WebhookRun, WebhookView,
};

/// The records the use cases hand out, as the layers above name them (they do not
/// depend on the store).
pub mod model {
    pub use gongkai_store::attachments::Attachment;
    pub use gongkai_store::audit::AuditRecord;
    pub use gongkai_store::catalogs::Catalog;
    pub use gongkai_store::consultations::ConsultationFile;
    pub use gongkai_store::documents::{
        After, DocQuery, Document, DocumentSummary, Order, PublicPage, Related,
    };
    pub use gongkai_store::gazette_log::{Entry, TreeHead};
    pub use gongkai_store::inspections::{
        Run as InspectionRun, SavedFinding, StepRecord, UnitScore,
    };
    pub use gongkai_store::interpretations::{Interpretation, Pair as InterpretationPair};
    pub use gongkai_store::orgs::Org;
    pub use gongkai_store::parse_instant;
    pub use gongkai_store::users::{ApiToken, Grant, User};
    pub use gongkai_store::webhooks::{Attempt, Delivery, Webhook};
}

/// Settings an operator may change.
#[derive(Debug, Clone)]
pub struct Config {
    pub max_upload_bytes: usize,
    /// Absolute lifetime of a login session.
    pub session_hours: i64,
    /// Where the gazette log's signing keys are kept (outside the database); without
    /// it nothing can be appended to the log.
    pub gazette_keys: Option<std::path::PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_upload_bytes: MAX_UPLOAD_BYTES_DEFAULT,
            session_hours: 12,
            gazette_keys: None,
        }
    }
}

/// The application: storage, time, the working-day calendar and attachment storage.
/// Cheap to clone.
#[derive(Clone)]
pub struct App {
    /// Private: the layers above reach the data through the use cases only.
    store: Store,
    clock: Arc<dyn Clock>,
    calendar: Arc<RwLock<Arc<WorkCalendar>>>,
    blobs: Arc<dyn BlobStore>,
    config: Config,
    search: Option<Arc<gongkai_search::SearchIndex>>,
    tree_cache: Arc<ttl_cache::TtlCache<OrgTree>>,
    site_cache: Arc<ttl_cache::TtlCache<Site>>,
    /// The last audit of the gazette log on this node.
    gazette_audit: Arc<RwLock<Option<gazette::Audit>>>,
    /// Whether this node holds the worker lease.
    worker: Arc<worker::WorkerState>,
}

impl App {
    /// Builds the application over a migrated store and loads the calendar years
    /// staff added on top of the built-in ones.
    pub async fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        blobs: Arc<dyn BlobStore>,
        config: Config,
    ) -> AppResult<App> {
        let app = App {
            store,
            clock,
            calendar: Arc::new(RwLock::new(Arc::new(WorkCalendar::builtin()))),
            blobs,
            config,
            search: None,
            tree_cache: Arc::default(),
            site_cache: Arc::default(),
            gazette_audit: Arc::default(),
            worker: worker::new_state(),
        };
        app.refresh_calendar().await?;
        Ok(app)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today's date in China.
    pub fn today(&self) -> chrono::NaiveDate {
        gongkai_domain::china_time::china_date(self.now())
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether the database answers, for `/healthz`.
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }

    /// Attaches a search index, which [`App::follow_events`] keeps up to date.
    pub fn with_search(mut self, index: Arc<gongkai_search::SearchIndex>) -> App {
        self.search = Some(index);
        self
    }
}
