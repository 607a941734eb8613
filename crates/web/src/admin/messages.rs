//! 网民留言 in the back office: the lists with their reply clocks (the queue to take up,
//! due soon, overdue, the 19号 veto risk), the message page with the actions the viewer
//! may take, and the deployment's reply time.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::{AppError, MessageFilter, MessageRow, MessageView};
use gongkai_domain::Invalid;
use gongkai_domain::interaction::message::{MessageAction, RefusalReason};
use serde::Deserialize;

use super::{flash, staff_layout};
use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::extract::{Form, Path, Query};
use crate::form::{Choice, choices, coded, field_error};
use crate::layout::{Ctx, Layout};
use crate::respond::{clock_class, render};
use crate::util::enc;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    f: String,
    #[serde(default)]
    done: String,
}

#[derive(askama::Template)]
#[template(path = "admin/messages.html")]
struct ListPage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    filter: MessageFilter,
    filters: [MessageFilter; 6],
    rows: Vec<MessageRow>,
    /// The reply-time setting, for the platform administrator.
    reply_workdays: Option<u32>,
    errors: Vec<Invalid>,
}

impl ListPage {
    fn class(&self, r: &MessageRow) -> &'static str {
        clock_class(r.clock.status)
    }
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    q: ListQuery,
    errors: Vec<Invalid>,
) -> Result<Response, PageError> {
    let filter = MessageFilter::parse(&q.f);
    let rows = state.app.staff_messages(&staff.actor, filter).await?;
    let reply_workdays = if staff.actor.is_platform_admin() {
        Some(state.app.message_reply_workdays().await?)
    } else {
        None
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(ListPage {
            layout: staff_layout(ctx, staff, "网民留言").crumb("网民留言", ""),
            csrf: staff.csrf.clone(),
            flash: flash(&q.done),
            filter,
            filters: MessageFilter::ALL,
            rows,
            reply_workdays,
            errors,
        }),
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_page(&state, &ctx, &staff, q, Vec::new()).await
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    reply_workdays: String,
}

pub async fn settings(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    match state
        .app
        .set_message_reply_workdays(&staff.actor, &f.reply_workdays)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/messages?done=saved").into_response()),
        Err(AppError::Invalid(e)) => list_page(&state, &ctx, &staff, ListQuery::default(), e).await,
        Err(e) => Err(e.into()),
    }
}

/// What an action's form posts.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reply: String,
    #[serde(default)]
    public_title: String,
    #[serde(default)]
    public_body: String,
}

#[derive(askama::Template)]
#[template(path = "admin/message.html")]
struct MessagePage {
    layout: Layout,
    csrf: String,
    flash: &'static str,
    v: MessageView,
    clock_class: &'static str,
    /// The form last posted, kept when it was refused.
    f: ActForm,
    errors: Vec<Invalid>,
    refused: String,
    units: Vec<Choice>,
    reasons: Vec<Choice>,
}

impl MessagePage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn may(&self, a: MessageAction) -> bool {
        self.v.actions.contains(&a)
    }
}

/// A form sent back: what was posted, and why it was not taken.
#[derive(Default)]
struct Posted {
    f: ActForm,
    errors: Vec<Invalid>,
    refused: String,
}

async fn message_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    number: &str,
    posted: Posted,
    done: &str,
) -> Result<Response, PageError> {
    let Posted {
        mut f,
        errors,
        refused,
    } = posted;
    let v = state.app.message_view(&staff.actor, number).await?;
    if f.public_title.is_empty() && f.public_body.is_empty() {
        f.public_title = v.public_title.clone();
        f.public_body = v.public_body.clone();
    }
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if !refused.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let page = MessagePage {
        layout: staff_layout(ctx, staff, &format!("留言 {}", v.tracking_number))
            .crumb("网民留言", "/admin/messages")
            .crumb(v.tracking_number.clone(), ""),
        csrf: staff.csrf.clone(),
        flash: flash(done),
        clock_class: clock_class(v.clock.status),
        units: choices(v.dispatch_to.iter().cloned(), &f.to),
        reasons: coded(
            RefusalReason::ALL,
            RefusalReason::as_str,
            RefusalReason::label,
            &f.reason,
        ),
        v,
        f,
        errors,
        refused,
    };
    Ok((status, render(page)).into_response())
}

pub async fn view(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(number): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    message_page(&state, &ctx, &staff, &number, Posted::default(), &q.done).await
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    staff: Staff,
    Path(number): Path<String>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    staff.check_csrf(&f.csrf)?;
    let app = &state.app;
    let a = &staff.actor;
    let action: Option<MessageAction> = f.action.trim().parse().ok();
    let result = match action {
        Some(MessageAction::Dispatch) => app.dispatch_message(a, &number, &f.to, &f.note).await,
        Some(MessageAction::Refuse) => app.refuse_message(a, &number, &f.reason, &f.note).await,
        Some(MessageAction::Reply) => app.reply_message(a, &number, &f.reply).await,
        Some(MessageAction::SendBack) => app.send_back_message(a, &number, &f.note).await,
        Some(MessageAction::Return) => app.return_message_reply(a, &number, &f.note).await,
        Some(MessageAction::Approve) => app.approve_message_reply(a, &number).await,
        Some(MessageAction::Publish) => {
            app.publish_message(a, &number, &f.public_title, &f.public_body)
                .await
        }
        Some(MessageAction::Unpublish) => app.unpublish_message(a, &number).await,
        Some(MessageAction::Submit) | None => Err(AppError::Invalid(vec![Invalid::new(
            "action",
            "未知的操作",
        )])),
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/admin/messages/{}?done=acted", enc(&number))).into_response(),
        ),
        Err(AppError::Invalid(errors)) => {
            let p = Posted {
                f,
                errors,
                refused: String::new(),
            };
            message_page(&state, &ctx, &staff, &number, p, "").await
        }
        Err(AppError::Conflict(refused)) => {
            let p = Posted {
                f,
                errors: Vec::new(),
                refused,
            };
            message_page(&state, &ctx, &staff, &number, p, "").await
        }
        Err(e) => Err(e.into()),
    }
}
