//! How an application enters: submitted online from a portal, or registered by staff
//! with the receipt date Art.31 gives its channel.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::application::{
    Applicant, ApplicantInput, Channel, ClockEvent, RequestInput, Status, StepDetail, reply_clock,
};
use gongkai_store::applications::{self as store, NewApplication, NewStep};
use serde::Serialize;
use serde_json::json;

use super::HANDLERS;
use crate::{Actor, App, AppError, AppResult, AttachmentUpload, random_token, sha256_hex};

/// What an applicant is given once: the tracking number and the secret query code.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub tracking_number: String,
    pub query_code: String,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// The identity key that counts an applicant's applications without reading them.
fn applicant_key(a: &Applicant) -> String {
    sha256_hex(&format!("{}\u{1f}{}", a.id_kind.as_str(), a.id_number))
}

/// 8 characters an applicant can type from a receipt: no 0/O, 1/I/L.
pub(crate) fn query_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let hex = random_token(8);
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let b = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            ALPHABET[usize::from(b) % ALPHABET.len()] as char
        })
        .collect()
}

impl App {
    /// An online application from an organisation's portal (Art.29). The platform
    /// confirms receipt at once, so the receipt date is today (Art.31(三)).
    pub async fn submit_application(
        &self,
        org_slug: &str,
        applicant: &ApplicantInput,
        request: &RequestInput,
        ip: &str,
    ) -> AppResult<Receipt> {
        let tree = self.org_tree().await?;
        let org = tree
            .by_slug(org_slug)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let actor = Actor {
            user: None,
            grants: Vec::new(),
            ip: ip.to_owned(),
            via: crate::Via::Session,
        };
        let intake = Intake {
            org_id: org.id,
            channel: Channel::Online,
            received_on: self.today(),
            applicant,
            request,
            scans: &[],
        };
        self.register_inner(&actor, intake).await
    }

    /// Staff register an application received in person, by post, fax or e-mail, with
    /// the receipt date Art.31 gives for that channel. The organisation is named by its
    /// slug, as on the portal.
    #[allow(clippy::too_many_arguments)] // what a registration form holds, each typed
    pub async fn register_application(
        &self,
        actor: &Actor,
        org_slug: &str,
        channel: Channel,
        received_on: NaiveDate,
        applicant: &ApplicantInput,
        request: &RequestInput,
        scans: &[AttachmentUpload],
    ) -> AppResult<Receipt> {
        let tree = self.org_tree().await?;
        let org_id = tree
            .by_slug(org_slug.trim())
            .map(|o| o.id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let ancestry = tree.ancestry_ids(org_id);
        if !actor.holds_any(&HANDLERS, &ancestry) {
            return Err(AppError::Forbidden(
                "登记政府信息公开申请须具有本机关“信息公开专员”或“信息公开机构负责人”角色".into(),
            ));
        }
        let received_on =
            gongkai_domain::application::intake::receipt_date(received_on, self.today())?;
        let intake = Intake {
            org_id,
            channel,
            received_on,
            applicant,
            request,
            scans,
        };
        self.register_inner(actor, intake).await
    }

    async fn register_inner(&self, actor: &Actor, intake: Intake<'_>) -> AppResult<Receipt> {
        let Intake {
            org_id,
            channel,
            received_on,
            applicant,
            request,
            scans,
        } = intake;
        let mut problems = Vec::new();
        let applicant = applicant.parse().map_err(|e| problems.extend(e)).ok();
        let request = request.parse().map_err(|e| problems.extend(e)).ok();
        let files = super::files::check_all(self, scans)
            .map_err(|e| match e {
                AppError::Invalid(v) => problems.extend(
                    v.into_iter()
                        .map(|x| gongkai_domain::Invalid::new("scan", x.message)),
                ),
                other => problems.push(gongkai_domain::Invalid::new("scan", other.to_string())),
            })
            .ok();
        let (Some(applicant), Some(request), Some(files)) = (applicant, request, files) else {
            return Err(AppError::Invalid(problems));
        };
        // The bytes first, the records in the transaction; a failed transaction takes
        // the bytes back.
        for (f, up) in files.iter().zip(scans) {
            self.blobs
                .put(&f.key, &up.bytes)
                .await
                .map_err(|e| AppError::Internal(format!("保存附件失败：{e}")))?;
        }
        let result = self
            .register_records(
                actor,
                org_id,
                channel,
                received_on,
                &applicant,
                &request,
                &files,
            )
            .await;
        if result.is_err() {
            for f in &files {
                let _ = self.blobs.delete(&f.key).await;
            }
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    async fn register_records(
        &self,
        actor: &Actor,
        org_id: i64,
        channel: Channel,
        received_on: NaiveDate,
        applicant: &gongkai_domain::application::Applicant,
        request: &gongkai_domain::application::InformationRequest,
        files: &[crate::attachments::StoredFile],
    ) -> AppResult<Receipt> {
        let tree = self.org_tree().await?;
        let org = tree
            .get(org_id)
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
        let code = query_code();
        let key = applicant_key(applicant);
        let handlers = self.holders(&[org_id], &HANDLERS).await?;
        let mut tx = self.store.begin(self.now()).await?;
        let serial = store::next_serial(&mut tx, org_id, received_on.year()).await?;
        let tracking = format!("{}-{}-{serial:05}", org.slug, received_on.year());
        let created_by = match actor.user_id() {
            Some(id) => Some(id),
            None if actor.via == crate::Via::Cli => Some(self.author(&mut tx, actor).await?),
            None => None,
        };
        let id = store::insert(
            &mut tx,
            &NewApplication {
                org_id,
                tracking_number: &tracking,
                query_code_hash: &sha256_hex(&code),
                channel,
                received_on,
                status: Status::Registered,
                applicant,
                applicant_key: &key,
                request,
                created_by,
            },
        )
        .await?;
        let detail = StepDetail::Register { channel };
        store::add_step(
            &mut tx,
            &NewStep {
                application_id: id,
                on_date: received_on,
                status_after: Status::Registered,
                detail: &detail,
                actor: &self.step_actor(actor),
            },
        )
        .await?;
        self.record_application(
            &mut tx,
            actor,
            "application.register",
            id,
            org_id,
            json!({ "channel": channel.as_str(), "tracking_number": tracking }),
        )
        .await?;
        self.notify(
            &mut tx,
            actor,
            &handlers,
            gongkai_domain::notification::NotificationKind::NewApplication,
            &format!("新申请 {tracking}：{}", request.headline_short(30)),
            &gongkai_domain::notification::Target::Application(tracking.clone()),
        )
        .await?;
        for f in files {
            self.record_case_file(
                &mut tx,
                actor,
                (id, org_id),
                gongkai_domain::application::CaseFileKind::Received,
                f,
            )
            .await?;
        }
        tx.commit().await?;
        let clock = reply_clock(
            &self.calendar(),
            &[ClockEvent::Received(received_on)],
            self.clock_settings(),
            received_on,
        );
        Ok(Receipt {
            tracking_number: tracking,
            query_code: code,
            received_on,
            due_on: clock.due_on,
        })
    }
}

/// What an application arrives with.
struct Intake<'a> {
    org_id: i64,
    channel: Channel,
    received_on: NaiveDate,
    applicant: &'a ApplicantInput,
    request: &'a RequestInput,
    /// The letter and its enclosures, scanned.
    scans: &'a [AttachmentUpload],
}
