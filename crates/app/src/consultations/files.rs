//! The files published with a consultation: the draft and its explanation as uploaded
//! (Word, PDF) and other material, downloadable from the notice.

use gongkai_store::consultations::{self as store, ConsultationFile, NewFile};
use serde_json::json;

use crate::{Actor, App, AppError, AppResult, AttachmentUpload};

impl App {
    /// Adds a file to a consultation (its runners, until the feedback is published).
    pub async fn add_consultation_file(
        &self,
        actor: &Actor,
        id: i64,
        up: &AttachmentUpload,
    ) -> AppResult<i64> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        if c.feedback_published_at.is_some() {
            return Err(AppError::Conflict(
                "采纳情况反馈已发布，不能再添加附件".into(),
            ));
        }
        let f = self.store_file(up).await?;
        let result = async {
            let mut tx = self.store.begin(self.now()).await?;
            let file = store::add_file(
                &mut tx,
                &NewFile {
                    consultation_id: id,
                    filename: &f.filename,
                    content_type: f.mime,
                    size_bytes: i64::try_from(f.size).unwrap_or(i64::MAX),
                    sha256: &f.sha,
                    storage_key: &f.key,
                },
            )
            .await?;
            self.record_consultation(
                &mut tx,
                actor,
                "consultation.add_file",
                (id, c.org_id),
                json!({ "file": file, "filename": f.filename }),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, AppError>(file)
        }
        .await;
        if result.is_err() {
            let _ = self.blobs.delete(&f.key).await;
        }
        result
    }

    /// Removes a file from a consultation not yet announced; once the public has seen
    /// it, it stays.
    pub async fn remove_consultation_file(
        &self,
        actor: &Actor,
        id: i64,
        file: i64,
    ) -> AppResult<()> {
        let c = self.load_consultation(id).await?;
        self.must_run(actor, c.org_id).await?;
        if c.published_at.is_some() {
            return Err(AppError::Conflict(
                "征集公告已发布，随公告公开的附件不能删除".into(),
            ));
        }
        let mut tx = self.store.begin(self.now()).await?;
        let key = store::remove_file(&mut tx, id, file)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        self.record_consultation(
            &mut tx,
            actor,
            "consultation.remove_file",
            (id, c.org_id),
            json!({ "file": file }),
        )
        .await?;
        tx.commit().await?;
        let _ = self.blobs.delete(&key).await;
        Ok(())
    }

    /// A file of an announced consultation, for anyone; of any consultation for staff
    /// who may see it.
    pub async fn consultation_file(
        &self,
        actor: Option<&Actor>,
        id: i64,
        file: i64,
    ) -> AppResult<(ConsultationFile, Vec<u8>)> {
        match actor {
            Some(a) => {
                self.consultation_view(a, id).await?;
            }
            None => {
                self.public_consultation(None, id).await?;
            }
        }
        let mut c = self.store.conn().await?;
        let f = store::files(&mut c, id)
            .await?
            .into_iter()
            .find(|f| f.id == file)
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        let bytes = self
            .blobs
            .get(&f.storage_key)
            .await
            .map_err(|e| AppError::Internal(format!("读取附件失败：{e}")))?
            .ok_or_else(|| AppError::Internal(format!("附件{}的内容缺失", f.id)))?;
        Ok((f, bytes))
    }
}
