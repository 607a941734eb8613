//! The site's identity (header, footer, titles) and its images: the emblem in the
//! header and each organisation's seal on its letters.

use std::sync::Arc;

use gongkai_domain::site::{ImageKind, RawSiteIdentity, SiteIdentity, check_image};
use gongkai_store::site as store;
use serde_json::json;

use crate::{Actor, App, AppError, AppResult};

/// An image the site keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteImage {
    /// 网站标志 (often the national emblem) beside the site's name in the header.
    Emblem,
    /// An organisation's seal (印章), printed on its letters; by organisation slug.
    Seal(String),
}

impl SiteImage {
    fn label(&self) -> &'static str {
        match self {
            Self::Emblem => "网站标志",
            Self::Seal(_) => "印章图片",
        }
    }
}

/// An image's bytes, as stored.
#[derive(Debug, Clone)]
pub struct ImageFile {
    pub kind: ImageKind,
    pub bytes: Vec<u8>,
    /// When it was last replaced, for cache validation.
    pub updated_at: String,
}

/// What every page shows of the site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub identity: SiteIdentity,
    /// When the emblem was last replaced (a version for its URL), if there is one.
    pub emblem: Option<String>,
}

impl App {
    /// What the header, footer and titles show; the default until an administrator
    /// names the site. Read on every page, so kept in memory.
    pub async fn site(&self) -> AppResult<Arc<Site>> {
        self.site_cache
            .get_or_load(async {
                let mut c = self.store.conn().await?;
                let identity = store::identity(&mut c).await?.unwrap_or_default();
                let emblem = store::image(&mut c, EMBLEM).await?.map(|i| i.updated_at);
                AppResult::Ok(Site { identity, emblem })
            })
            .await
    }

    /// Sets the site's identity (platform administrators).
    pub async fn set_site_identity(&self, actor: &Actor, raw: &RawSiteIdentity) -> AppResult<()> {
        if !actor.is_platform_admin() {
            return Err(AppError::Forbidden("网站信息须由平台管理员设置".into()));
        }
        let identity = raw.parse()?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_identity(&mut tx, &identity).await?;
        tx.record(
            self.audit(
                actor,
                "site.set_identity",
                "site",
                None,
                None,
                json!(identity),
            ),
            Some(site_changed()),
        )
        .await?;
        tx.commit().await?;
        self.site_cache.clear();
        Ok(())
    }

    /// Replaces an image: the emblem (platform administrators) or an organisation's
    /// seal (its administrators).
    pub async fn set_site_image(
        &self,
        actor: &Actor,
        which: &SiteImage,
        bytes: &[u8],
    ) -> AppResult<()> {
        let (name, org_id) = self.image_slot(actor, which).await?;
        let kind = check_image("image", bytes)?;
        let key = format!("image{}", crate::sha256_hex_bytes(bytes));
        self.blobs
            .put(&key, bytes)
            .await
            .map_err(|e| AppError::Internal(format!("无法保存图片：{e}")))?;
        let mut tx = self.store.begin(self.now()).await?;
        store::set_image(&mut tx, &name, &key, kind).await?;
        tx.record(
            self.audit(
                actor,
                "site.set_image",
                "image",
                None,
                org_id,
                json!({ "name": name, "bytes": bytes.len(), "type": kind.content_type() }),
            ),
            Some(site_changed()),
        )
        .await?;
        tx.commit().await?;
        self.site_cache.clear();
        Ok(())
    }

    /// Removes an image (the same people who may set it).
    pub async fn remove_site_image(&self, actor: &Actor, which: &SiteImage) -> AppResult<()> {
        let (name, org_id) = self.image_slot(actor, which).await?;
        let mut tx = self.store.begin(self.now()).await?;
        if !store::remove_image(&mut tx, &name).await? {
            return Err(AppError::NotFound(format!("尚未上传{}", which.label())));
        }
        tx.record(
            self.audit(
                actor,
                "site.remove_image",
                "image",
                None,
                org_id,
                json!({ "name": name }),
            ),
            Some(site_changed()),
        )
        .await?;
        tx.commit().await?;
        self.site_cache.clear();
        Ok(())
    }

    /// An image's bytes, or `None` when none was uploaded. Public: the emblem is on
    /// every page and a seal is printed on public reply letters.
    pub async fn site_image(&self, which: &SiteImage) -> AppResult<Option<ImageFile>> {
        let name = match which {
            SiteImage::Emblem => EMBLEM.to_owned(),
            SiteImage::Seal(slug) => match self.org_tree().await?.by_slug(slug) {
                Some(o) => format!("org/{}/seal", o.id),
                None => return Ok(None),
            },
        };
        let mut c = self.store.conn().await?;
        let Some(img) = store::image(&mut c, &name).await? else {
            return Ok(None);
        };
        let bytes = self
            .blobs
            .get(&img.blob_key)
            .await
            .map_err(|e| AppError::Internal(format!("无法读取图片：{e}")))?
            .ok_or_else(|| AppError::Internal(format!("图片文件缺失：{name}")))?;
        Ok(Some(ImageFile {
            kind: img.kind,
            bytes,
            updated_at: img.updated_at,
        }))
    }

    /// The stored name of an image, and its organisation, after checking that the
    /// actor may change it.
    async fn image_slot(
        &self,
        actor: &Actor,
        which: &SiteImage,
    ) -> AppResult<(String, Option<i64>)> {
        match which {
            SiteImage::Emblem => {
                if !actor.is_platform_admin() {
                    return Err(AppError::Forbidden("网站标志须由平台管理员设置".into()));
                }
                Ok((EMBLEM.into(), None))
            }
            SiteImage::Seal(slug) => {
                let tree = self.org_tree().await?;
                let org = tree
                    .by_slug(slug)
                    .ok_or_else(|| AppError::NotFound(format!("没有网址标识为“{slug}”的机构")))?;
                if !actor.may_administer(&tree.ancestry_ids(org.id)) {
                    return Err(AppError::Forbidden(
                        "印章图片须由本机关或上级的单位管理员设置".into(),
                    ));
                }
                Ok((format!("org/{}/seal", org.id), Some(org.id)))
            }
        }
    }
}

const EMBLEM: &str = "site/emblem";

/// Every public page shows the identity, so its change moves the page cache on.
fn site_changed() -> gongkai_store::NewEvent {
    gongkai_store::NewEvent {
        kind: "site.changed",
        entity_type: "site",
        entity_id: None,
        org_id: None,
        payload: json!({}),
    }
}
