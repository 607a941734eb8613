//! Files attached to documents: checked by size, name and content, stored in the
//! blob store, recorded in the database.

use gongkai_domain::Invalid;
use gongkai_domain::workflow::Action;
use gongkai_store::attachments::{self, Attachment, NewAttachment};
use serde_json::json;

use crate::auth::random_token;
use crate::{Actor, App, AppError, AppResult};

/// 50 MiB: scanned gazettes and budget tables are large; anything bigger belongs elsewhere.
pub const MAX_UPLOAD_BYTES_DEFAULT: usize = 50 * 1024 * 1024;

pub struct AttachmentUpload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Accepted file types: extension, MIME type, and the leading bytes the content must have.
const TYPES: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF-"),
    ("ofd", "application/ofd", b"PK\x03\x04"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    ("zip", "application/zip", b"PK\x03\x04"),
    (
        "doc",
        "application/msword",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    (
        "xls",
        "application/vnd.ms-excel",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    (
        "wps",
        "application/vnd.ms-works",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    (
        "et",
        "application/vnd.ms-excel",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    ("jpg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("jpeg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    // Recordings of interpretations, press conferences and interviews.
    ("mp3", "audio/mpeg", b"ID3"),
    ("mp4", "video/mp4", b""),
    ("m4a", "audio/mp4", b""),
];

/// ISO base media files (MP4, M4A) carry their signature after a 4-byte box length.
fn iso_media(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(b"ftyp")
}

/// MP3 without an ID3 tag starts with a frame sync.
fn mp3_frame(bytes: &[u8]) -> bool {
    bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0
}

/// Keeps only the last path component, drops control characters, bounds the length.
fn clean_filename(name: &str) -> Result<String, Invalid> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base: String = base.chars().filter(|c| !c.is_control()).collect();
    if base.is_empty() || base.starts_with('.') {
        return Err(Invalid::new("file", "附件文件名无效"));
    }
    if base.chars().count() > 120 {
        return Err(Invalid::new("file", "附件文件名过长（最多120个字）"));
    }
    Ok(base)
}

fn detect(filename: &str, bytes: &[u8]) -> Result<&'static str, Invalid> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, mime, magic)) = TYPES.iter().find(|(e, _, _)| *e == ext) else {
        let allowed: Vec<&str> = TYPES.iter().map(|t| t.0).collect();
        return Err(Invalid::new(
            "file",
            format!("不支持“.{ext}”类型的附件，可上传：{}", allowed.join("、")),
        ));
    };
    let fits = match ext.as_str() {
        "mp4" | "m4a" => iso_media(bytes),
        "mp3" => bytes.starts_with(magic) || mp3_frame(bytes),
        _ => bytes.starts_with(magic),
    };
    if !fits {
        return Err(Invalid::new(
            "file",
            format!("附件内容与扩展名“.{ext}”不符，请检查文件"),
        ));
    }
    Ok(mime)
}

/// An uploaded file that passed the checks and is in the blob store, not yet recorded.
pub(crate) struct StoredFile {
    pub filename: String,
    pub mime: &'static str,
    pub sha: String,
    pub key: String,
    pub size: usize,
}

impl App {
    /// Checks an upload — size, name, content against its extension — and puts its
    /// bytes in the blob store under a fresh key. Every file users upload comes here.
    pub(crate) async fn store_file(&self, up: &AttachmentUpload) -> AppResult<StoredFile> {
        let stored = self.check_file(up)?;
        self.blobs
            .put(&stored.key, &up.bytes)
            .await
            .map_err(|e| AppError::Internal(format!("保存附件失败：{e}")))?;
        Ok(stored)
    }

    /// The checks of [`App::store_file`] alone, to refuse a batch before storing any.
    pub(crate) fn check_file(&self, up: &AttachmentUpload) -> AppResult<StoredFile> {
        if up.bytes.len() > self.config().max_upload_bytes {
            return Err(AppError::TooLarge(format!(
                "附件过大：最大{}MB",
                self.config().max_upload_bytes / (1024 * 1024)
            )));
        }
        if up.bytes.is_empty() {
            return Err(Invalid::new("file", "附件为空").into());
        }
        let filename = clean_filename(&up.filename)?;
        let mime = detect(&filename, &up.bytes)?;
        Ok(StoredFile {
            filename,
            mime,
            sha: crate::sha256_hex_bytes(&up.bytes),
            key: random_token(16),
            size: up.bytes.len(),
        })
    }

    /// Attaches a file to the document with this 索引号; returns the attachment's number.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        index_number: &str,
        up: AttachmentUpload,
    ) -> AppResult<i64> {
        let (doc, ancestry) = self
            .document_for_action(actor, index_number, Action::Edit)
            .await?;
        let document_id = doc.id;
        let StoredFile {
            filename,
            mime,
            sha,
            key,
            ..
        } = self.store_file(&up).await?;
        let result = async {
            let mut tx = self.store.begin(self.now()).await?;
            let created_by = self.author(&mut tx, actor).await?;
            let id = attachments::insert(
                &mut tx,
                &NewAttachment {
                    document_id,
                    filename: &filename,
                    content_type: mime,
                    size_bytes: up.bytes.len() as i64,
                    sha256: &sha,
                    storage_key: &key,
                    created_by,
                },
            )
            .await?;
            tx.record(
                self.audit(
                    actor,
                    "document.attach",
                    "document",
                    Some(document_id),
                    Some(doc.org_id),
                    json!({ "attachment_id": id, "filename": filename, "size": up.bytes.len() }),
                ),
                Some(crate::documents::doc_event(
                    "document.attachment_changed",
                    &doc,
                    &ancestry,
                )),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, AppError>(id)
        }
        .await;
        if result.is_err() {
            // The record did not land: do not leave the bytes behind either.
            let _ = self.blobs.delete(&key).await;
        }
        result
    }

    pub async fn remove_attachment(&self, actor: &Actor, attachment_id: i64) -> AppResult<()> {
        let mut c = self.store.conn().await?;
        let a = attachments::get(&mut c, attachment_id)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?;
        let index_number = gongkai_store::documents::get(&mut c, a.document_id)
            .await?
            .ok_or_else(|| AppError::NotFound("附件不存在".into()))?
            .index_number;
        drop(c);
        let (doc, ancestry) = self
            .document_for_action(actor, &index_number, Action::Edit)
            .await?;
        let mut tx = self.store.begin(self.now()).await?;
        attachments::delete(&mut tx, attachment_id).await?;
        tx.record(
            self.audit(
                actor,
                "document.detach",
                "document",
                Some(doc.id),
                Some(doc.org_id),
                json!({ "attachment_id": attachment_id, "filename": a.filename }),
            ),
            Some(crate::documents::doc_event(
                "document.attachment_changed",
                &doc,
                &ancestry,
            )),
        )
        .await?;
        tx.commit().await?;
        // Bytes go after the record: a crash in between leaves an orphan file, never a
        // record without its file.
        let _ = self.blobs.delete(&a.storage_key).await;
        Ok(())
    }

    /// The bytes of an attachment, if `public` only when its document is public.
    pub(crate) async fn attachment_bytes(&self, a: &Attachment) -> AppResult<Vec<u8>> {
        self.file_bytes(&a.storage_key).await
    }

    /// The bytes stored under `key`.
    pub(crate) async fn file_bytes(&self, key: &str) -> AppResult<Vec<u8>> {
        self.blobs
            .get(key)
            .await
            .map_err(|e| AppError::Internal(format!("读取附件失败：{e}")))?
            .ok_or_else(|| AppError::NotFound("附件文件缺失".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_paths_and_controls() {
        assert_eq!(
            clean_filename("C:\\Users\\x\\通知.pdf").unwrap(),
            "通知.pdf"
        );
        assert_eq!(clean_filename("../../etc/passwd").unwrap(), "passwd");
        assert!(clean_filename("../").is_err());
        assert!(clean_filename(".htaccess").is_err());
    }

    #[test]
    fn content_must_match_extension() {
        assert_eq!(detect("a.pdf", b"%PDF-1.7 ...").unwrap(), "application/pdf");
        assert!(detect("a.pdf", b"<html>").is_err());
        assert!(detect("a.exe", b"MZ").is_err());
        assert!(detect("a.PNG", b"\x89PNG\r\n\x1a\nxxxx").is_ok());
    }
}
