//! Files on a case: a letter scanned when it is registered, material received later,
//! and the information released with the reply. The same checks as document
//! attachments; received files are personal data (handlers only); released files reach
//! the applicant through tracking once the reply is made, and nobody else.

use gongkai_domain::Invalid;
use gongkai_domain::application::{CaseFileKind, Status};
use gongkai_store::Tx;
use gongkai_store::case_files::{self as store, CaseFile, NewCaseFile};
use serde_json::json;

use super::{Case, HANDLERS};
use crate::attachments::StoredFile;
use crate::{Actor, App, AppError, AppResult, AttachmentUpload};

impl App {
    /// Adds a file to the case with this tracking number (its handlers, until it is
    /// archived); returns the file's number.
    pub async fn add_case_file(
        &self,
        actor: &Actor,
        tracking_number: &str,
        kind: CaseFileKind,
        up: &AttachmentUpload,
    ) -> AppResult<i64> {
        let case = self.handled_case(actor, tracking_number).await?;
        if case.a.status == Status::Archived {
            return Err(AppError::Conflict("申请已归档，不能再添加材料".into()));
        }
        let stored = self.store_file(up).await?;
        let result = async {
            let mut tx = self.store.begin(self.now()).await?;
            let id = self
                .record_case_file(&mut tx, actor, (case.a.id, case.a.org_id), kind, &stored)
                .await?;
            tx.commit().await?;
            Ok::<_, AppError>(id)
        }
        .await;
        if result.is_err() {
            let _ = self.blobs.delete(&stored.key).await;
        }
        result
    }

    /// Records a stored file on the application `(id, org_id)`, with its audit entry,
    /// in `tx`.
    pub(crate) async fn record_case_file(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        (application_id, org_id): (i64, i64),
        kind: CaseFileKind,
        f: &StoredFile,
    ) -> AppResult<i64> {
        let created_by = match actor.user_id() {
            Some(id) => Some(id),
            None if actor.via == crate::Via::Cli => Some(self.author(tx, actor).await?),
            None => None,
        };
        let id = store::insert(
            tx,
            &NewCaseFile {
                application_id,
                kind,
                filename: &f.filename,
                content_type: f.mime,
                size_bytes: f.size as i64,
                sha256: &f.sha,
                storage_key: &f.key,
                created_by,
            },
        )
        .await?;
        self.record_application(
            tx,
            actor,
            "application.add_file",
            application_id,
            org_id,
            json!({ "file_id": id, "kind": kind.as_str(), "filename": f.filename, "size": f.size }),
        )
        .await?;
        Ok(id)
    }

    /// Removes a file from the case (its handlers, until it is archived).
    pub async fn remove_case_file(
        &self,
        actor: &Actor,
        tracking_number: &str,
        file_id: i64,
    ) -> AppResult<()> {
        let case = self.handled_case(actor, tracking_number).await?;
        if case.a.status == Status::Archived {
            return Err(AppError::Conflict("申请已归档，材料不能删除".into()));
        }
        let file = self.file_of(&case, file_id).await?;
        let mut tx = self.store.begin(self.now()).await?;
        store::delete(&mut tx, file.id).await?;
        self.record_application(
            &mut tx,
            actor,
            "application.remove_file",
            case.a.id,
            case.a.org_id,
            json!({ "file_id": file.id, "filename": file.filename }),
        )
        .await?;
        tx.commit().await?;
        let _ = self.blobs.delete(&file.storage_key).await;
        Ok(())
    }

    /// The files of a case, for its handlers.
    pub async fn case_files(
        &self,
        actor: &Actor,
        tracking_number: &str,
    ) -> AppResult<Vec<CaseFile>> {
        let case = self.handled_case(actor, tracking_number).await?;
        let mut c = self.store.conn().await?;
        Ok(store::of_application(&mut c, case.a.id).await?)
    }

    /// A file of a case and its bytes, for its handlers.
    pub async fn case_file(
        &self,
        actor: &Actor,
        tracking_number: &str,
        file_id: i64,
    ) -> AppResult<(CaseFile, Vec<u8>)> {
        let case = self.handled_case(actor, tracking_number).await?;
        let file = self.file_of(&case, file_id).await?;
        let bytes = self.file_bytes(&file.storage_key).await?;
        Ok((file, bytes))
    }

    /// A released file and its bytes, for the applicant: the tracking number and query
    /// code open it once the reply is made. Anything else is "not found".
    pub async fn tracked_file(
        &self,
        tracking_number: &str,
        code: &str,
        file_id: i64,
    ) -> AppResult<(CaseFile, Vec<u8>)> {
        let case = self.tracked_case(tracking_number, code).await?;
        let file = self
            .released_files(&case)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("文件不存在".into()))?;
        let bytes = self.file_bytes(&file.storage_key).await?;
        Ok((file, bytes))
    }

    /// The files the applicant may download now.
    pub(crate) async fn released_files(&self, case: &Case) -> AppResult<Vec<CaseFile>> {
        let mut c = self.store.conn().await?;
        Ok(store::of_application(&mut c, case.a.id)
            .await?
            .into_iter()
            .filter(|f| f.kind.visible_to_applicant(case.a.status))
            .collect())
    }

    /// The case, if `actor` handles it (others learn nothing of it).
    async fn handled_case(&self, actor: &Actor, tracking_number: &str) -> AppResult<Case> {
        let case = self.load_case(tracking_number).await?;
        let tree = self.org_tree().await?;
        if !actor.holds_any(&HANDLERS, &tree.ancestry_ids(case.a.org_id)) {
            return Err(AppError::NotFound("申请不存在".into()));
        }
        Ok(case)
    }

    async fn file_of(&self, case: &Case, file_id: i64) -> AppResult<CaseFile> {
        let mut c = self.store.conn().await?;
        store::of_application(&mut c, case.a.id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("文件不存在".into()))
    }
}

/// Checks every file of a batch before any is stored, so a bad one refuses them all.
pub(crate) fn check_all(
    app: &App,
    files: &[AttachmentUpload],
) -> Result<Vec<StoredFile>, AppError> {
    let mut out = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        out.push(app.check_file(f).map_err(|e| {
            match e {
                AppError::Invalid(v) => AppError::Invalid(
                    v.into_iter()
                        .map(|x| Invalid::new(x.field, format!("第{}个文件：{}", i + 1, x.message)))
                        .collect(),
                ),
                other => other,
            }
        })?);
    }
    Ok(out)
}
