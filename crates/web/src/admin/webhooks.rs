//! 推送订阅 (webhooks): an organisation's administrator registers a receiving address,
//! sees every delivery with the log of its attempts, sends one again, and stops or
//! resumes the webhook.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, RawWebhook, WebhookDetail, WebhookView};
use gongkai_domain::Invalid;
use gongkai_domain::channels::webhook::{
    DELIVERY_HEADER, MAX_ATTEMPTS, SIGNATURE_HEADER, TOPIC_HEADER, Topic,
};
use serde::Deserialize;

use super::{Done, flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Fields, Form, Path, Query};
use crate::layout::{Ctx, Layout};
use crate::respond::render;

#[derive(askama::Template)]
#[template(path = "admin/webhooks.html")]
struct ListPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    hooks: Vec<WebhookView>,
    orgs: Vec<(String, String)>,
    raw: RawWebhook,
    errors: Vec<Invalid>,
    topics: &'static [Topic],
}

#[derive(askama::Template)]
#[template(path = "admin/webhook.html")]
struct DetailPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    detail: WebhookDetail,
    /// Shown once, right after registration.
    secret: Option<String>,
    outcome: String,
    signature_header: &'static str,
    topic_header: &'static str,
    delivery_header: &'static str,
    max_attempts: i64,
}

impl ListPage {
    fn picked(&self, t: &Topic) -> bool {
        self.raw.topics.iter().any(|c| c == t.code())
    }
}

impl DetailPage {
    fn status_label(status: &str) -> &'static str {
        match status {
            "pending" => "待推送",
            "delivered" => "已送达",
            _ => "已放弃",
        }
    }
}

/// The organisations whose webhooks the staff member may set (by slug).
async fn administered(state: &AppState, staff: &Staff) -> Result<Vec<(String, String)>, PageError> {
    let tree = state.app.org_tree().await?;
    Ok(tree
        .all()
        .iter()
        .filter(|o| staff.actor.may_administer(&tree.ancestry_ids(o.id)))
        .map(|o| (o.slug.clone(), o.name.clone()))
        .collect())
}

async fn list_with(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    raw: RawWebhook,
    errors: Vec<Invalid>,
    done: &str,
) -> Result<Response, PageError> {
    let orgs = administered(state, staff).await?;
    if orgs.is_empty() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "推送订阅须由单位管理员设置。",
        ));
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(ListPage {
        layout: staff_layout(ctx, staff, "推送订阅").crumb("推送订阅", ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        hooks: state.app.webhooks(&staff.actor).await?,
        orgs,
        raw,
        errors,
        topics: &Topic::ALL,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    list_with(
        &state,
        &ctx,
        &staff,
        RawWebhook::default(),
        Vec::new(),
        &d.done,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    headers: HeaderMap,
    form: Fields,
) -> Result<Response, PageError> {
    staff.check_csrf(form.get("_csrf"))?;
    let raw = RawWebhook {
        org: form.get("org").to_owned(),
        url: form.get("url").to_owned(),
        topics: form.all("topics").into_iter().map(str::to_owned).collect(),
        note: form.get("note").to_owned(),
    };
    let own = vec![crate::util::origin(&headers)];
    match state.app.register_webhook(&staff.actor, &raw, &own).await {
        Ok((id, secret)) => {
            let detail = state.app.webhook(&staff.actor, id).await?;
            Ok(detail_page(
                &ctx,
                &staff,
                detail,
                Some(secret),
                String::new(),
                "created",
            ))
        }
        Err(AppError::Invalid(errors)) => list_with(&state, &ctx, &staff, raw, errors, "").await,
        Err(e) => Err(e.into()),
    }
}

fn detail_page(
    ctx: &Ctx,
    staff: &Staff,
    detail: WebhookDetail,
    secret: Option<String>,
    outcome: String,
    done: &str,
) -> Response {
    let title = format!("推送订阅 {}", detail.view.hook.id);
    render(DetailPage {
        layout: staff_layout(ctx, staff, &title)
            .crumb("推送订阅", "/admin/webhooks")
            .crumb(&title, ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        detail,
        secret,
        outcome,
        signature_header: SIGNATURE_HEADER,
        topic_header: TOPIC_HEADER,
        delivery_header: DELIVERY_HEADER,
        max_attempts: MAX_ATTEMPTS,
    })
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    let detail = state.app.webhook(&staff.actor, id).await?;
    Ok(detail_page(
        &ctx,
        &staff,
        detail,
        None,
        String::new(),
        &d.done,
    ))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    state
        .app
        .set_webhook_active(&staff.actor, id, f.active == "1")
        .await?;
    Ok(Redirect::to(&format!("/admin/webhooks/{id}?done=saved")).into_response())
}

/// Sends one delivery again now and shows how it went.
pub async fn redeliver(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path((id, delivery)): Path<(i64, i64)>,
    Form(f): Form<super::CsrfQuery>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let result = state.app.redeliver(&staff.actor, delivery).await?;
    let outcome = if result.delivered {
        format!("第{delivery}号推送已重新送达。")
    } else {
        format!("第{delivery}号推送重新发送失败：{}", result.error)
    };
    let detail = state.app.webhook(&staff.actor, id).await?;
    Ok(detail_page(&ctx, &staff, detail, None, outcome, ""))
}
