//! Attachment bytes in the database (several nodes): content-addressed and stored once,
//! a key never pointing at other content, and the move of a local directory verified by
//! hash against the records. On every backend (the tables exist on both).

use gongkai_app::testing::*;
use gongkai_app::{BlobStore, InDatabase, Moved};
use gongkai_store::testing::fresh_stores;

#[tokio::test]
async fn blobs_in_the_database_are_stored_once_and_read_back() {
    for db in fresh_stores().await.unwrap() {
        let blobs = InDatabase::new(db.store.clone());
        blobs.put("k1", b"same content").await.unwrap();
        blobs.put("k2", b"same content").await.unwrap();
        assert_eq!(
            blobs.get("k1").await.unwrap().as_deref(),
            Some(&b"same content"[..])
        );
        // The same key with other content is refused; the first stays.
        assert!(
            blobs.put("k1", b"other content").await.is_err(),
            "{}",
            db.label
        );
        blobs.delete("k1").await.unwrap();
        assert_eq!(blobs.get("k1").await.unwrap(), None);
        assert_eq!(
            blobs.get("k2").await.unwrap().as_deref(),
            Some(&b"same content"[..]),
            "still named by k2"
        );
        blobs.delete("k2").await.unwrap();
        assert_eq!(blobs.get("k2").await.unwrap(), None);
    }
}

#[tokio::test]
async fn moving_a_directory_verifies_each_file_against_its_record() {
    for c in TestCounty::all().await {
        let s = c.signers(c.county).await;
        let raw = raw_doc("附件迁移", "", "2026-02-27");
        let index = c
            .app
            .create_document(&s.drafter, c.county, &raw, &[])
            .await
            .unwrap();
        let pdf = b"%PDF-1.4\n% move me\n%%EOF\n".to_vec();
        c.app
            .add_attachment(
                &s.drafter,
                &index,
                gongkai_app::AttachmentUpload {
                    filename: "a.pdf".into(),
                    bytes: pdf.clone(),
                },
            )
            .await
            .unwrap();
        let doc = c.app.document_view(&s.drafter, &index).await.unwrap();
        let key = doc.attachments[0].storage_key.clone();
        let mut tampered = pdf.clone();
        tampered.push(b'x');
        assert!(matches!(
            c.app.move_blob_to_database(&key, &tampered).await.unwrap(),
            Moved::HashMismatch { .. }
        ));
        assert_eq!(
            c.app.move_blob_to_database(&key, &pdf).await.unwrap(),
            Moved::Copied,
            "{}",
            c.label
        );
        assert_eq!(
            c.app.move_blob_to_database(&key, &pdf).await.unwrap(),
            Moved::AlreadyThere,
            "a rerun resumes"
        );
        // A file no record names is moved as it is.
        assert_eq!(
            c.app.move_blob_to_database("orphan01", b"x").await.unwrap(),
            Moved::Copied
        );
    }
}
