//! The back office: login, the dashboard with the statutory clocks, documents and
//! their workflow, organisations, users, the working-day calendar, one's account.
//! Every form carries the session's CSRF token.

mod account;
mod applications;

pub use applications::{REGISTER_HEADER, register_rows};
mod calendar;
mod catalogs;
mod consultations;
mod dashboard;
mod docs;
mod gazette;
mod inspection;
mod interpretations;
mod letters;
mod login;
mod media;
mod messages;
mod notifications;
mod orgs;
mod participation;
mod pii;
mod rectifications;
mod reports;
mod services;
mod site;
mod users;
mod villages;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;
use crate::auth::Staff;
use crate::layout::{Ctx, Layout};

pub fn routes(state: &AppState) -> Router<AppState> {
    let upload_limit = state.app.config().max_upload_bytes + 64 * 1024;
    Router::new()
        .route(
            "/admin",
            get(|| async { axum::response::Redirect::permanent("/admin/") }),
        )
        .route("/admin/login", get(login::form).post(login::submit))
        .route("/admin/logout", post(login::logout))
        .route("/admin/", get(dashboard::page))
        .route("/admin/docs", get(docs::list))
        .route("/admin/docs/new", get(docs::new_form).post(docs::create))
        .route("/admin/docs/{id}", get(docs::view))
        .route(
            "/admin/docs/{id}/edit",
            get(docs::edit_form).post(docs::update),
        )
        .route("/admin/docs/{id}/act", post(docs::act))
        .route(
            "/admin/docs/word",
            post(docs::from_word).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/docs/{id}/validity", post(docs::validity))
        .route("/admin/docs/{id}/relate", post(docs::relate))
        .route(
            "/admin/docs/{id}/interpret",
            get(interpretations::new_form).post(interpretations::create),
        )
        .route(
            "/admin/docs/{id}/interpretation",
            get(interpretations::edit_form).post(interpretations::update),
        )
        .route(
            "/admin/docs/{id}/interpretation/confirm",
            post(interpretations::confirm),
        )
        .route(
            "/admin/docs/{id}/attachments",
            post(docs::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/admin/docs/{id}/pii",
            get(pii::document).post(pii::decide_document),
        )
        .route("/admin/villages", get(villages::index))
        .route(
            "/admin/villages/lists",
            post(villages::create).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/villages/schedule", post(villages::schedule))
        .route("/admin/villages/lists/{id}", get(villages::view))
        .route(
            "/admin/villages/lists/{id}/pii",
            post(pii::decide_village_list),
        )
        .route(
            "/admin/villages/lists/{id}/publish",
            post(villages::publish),
        )
        .route("/admin/villages/lists/{id}/remove", post(villages::remove))
        .route("/admin/services", get(services::list))
        .route(
            "/admin/services/import",
            post(services::import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/admin/services/new",
            get(services::new_form).post(services::create),
        )
        .route("/admin/services/{id}", get(services::view))
        .route(
            "/admin/services/{id}/edit",
            get(services::edit_form).post(services::edit),
        )
        .route("/admin/services/{id}/pii", post(pii::decide_service))
        .route(
            "/admin/services/{id}/files",
            post(services::add_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/services/{id}/files/{file}", get(services::file))
        .route(
            "/admin/services/{id}/files/{file}/remove",
            post(services::remove_file),
        )
        .route("/admin/attachments/{id}", get(docs::download))
        .route(
            "/admin/attachments/{id}/delete",
            post(docs::delete_attachment),
        )
        .route("/admin/applications", get(applications::list))
        .route(
            "/admin/applications/register.csv",
            get(applications::register_csv),
        )
        .route(
            "/admin/applications/register.xlsx",
            get(applications::register_xlsx),
        )
        .route(
            "/admin/applications/new",
            get(applications::new_form)
                .post(applications::register)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/applications/{id}", get(applications::view))
        .route("/admin/applications/{id}/act", post(applications::act))
        .route(
            "/admin/applications/{id}/files",
            post(applications::add_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/admin/applications/{id}/files/{file}",
            get(applications::file),
        )
        .route(
            "/admin/applications/{id}/files/{file}/remove",
            post(applications::remove_file),
        )
        .route(
            "/admin/applications/{id}/letters/{kind}",
            get(letters::page),
        )
        .route(
            "/admin/applications/{id}/letters/{kind}/pdf",
            get(letters::pdf),
        )
        .route("/admin/messages", get(messages::list))
        .route("/admin/messages/settings", post(messages::settings))
        .route("/admin/messages/{number}", get(messages::view))
        .route("/admin/messages/{number}/act", post(messages::act))
        .route("/admin/consultations", get(consultations::list))
        .route(
            "/admin/consultations/new",
            get(consultations::new_form).post(consultations::create),
        )
        .route("/admin/consultations/{id}", get(consultations::view))
        .route(
            "/admin/consultations/{id}/edit",
            get(consultations::edit_form).post(consultations::update),
        )
        .route("/admin/consultations/{id}/act", post(consultations::act))
        .route(
            "/admin/consultations/{id}/files",
            post(consultations::add_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/admin/consultations/{id}/files/{file}",
            get(consultations::file),
        )
        .route(
            "/admin/consultations/{id}/files/{file}/remove",
            post(consultations::remove_file),
        )
        .route(
            "/admin/surveys",
            get(participation::surveys).post(participation::create_survey),
        )
        .route("/admin/surveys/{id}", get(participation::survey))
        .route(
            "/admin/surveys/{id}/results.xlsx",
            get(participation::survey_xlsx),
        )
        .route(
            "/admin/hearings",
            get(participation::hearings).post(participation::record_hearing),
        )
        .route(
            "/admin/proposals",
            get(participation::proposals).post(participation::register_proposal),
        )
        .route(
            "/admin/proposals/{id}",
            get(participation::proposal).post(participation::reply_proposal),
        )
        .route(
            "/admin/concerns",
            get(participation::concerns).post(participation::record_concern),
        )
        .route("/admin/concerns/{id}", post(participation::respond))
        .route(
            "/admin/gazette",
            get(gazette::view)
                .post(gazette::publish)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/admin/letters", get(letters::templates))
        .route("/admin/letters/{org}/{kind}", post(letters::save))
        .route("/admin/reports", get(reports::index))
        .route(
            "/admin/reports/{org}/{year}",
            get(reports::view).post(reports::save),
        )
        .route(
            "/admin/reports/{org}/{year}/publish",
            post(reports::publish),
        )
        .route(
            "/admin/reports/{org}/{year}/report.xlsx",
            get(reports::xlsx),
        )
        .route("/admin/catalogs", get(catalogs::list))
        .route(
            "/admin/catalogs/import",
            post(catalogs::import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/admin/catalogs/import/confirm",
            post(catalogs::import_confirm),
        )
        .route("/admin/catalogs/derive", post(catalogs::derive))
        .route("/admin/catalogs/domains", post(catalogs::add_domain))
        .route("/admin/catalogs/{id}", get(catalogs::view))
        .route("/admin/catalogs/{id}/act", post(catalogs::act))
        .route("/admin/catalogs/{id}/remove", post(catalogs::remove))
        .route("/admin/catalogs/{id}/link", post(catalogs::link))
        .route(
            "/admin/catalogs/{id}/item",
            get(catalogs::item_form).post(catalogs::item_save),
        )
        .route(
            "/admin/catalogs/{id}/export.xlsx",
            get(catalogs::export_xlsx),
        )
        .route("/admin/catalogs/{id}/export.csv", get(catalogs::export_csv))
        .route("/admin/orgs", get(orgs::list))
        .route("/admin/orgs/new", get(orgs::new_form).post(orgs::create))
        .route("/admin/orgs/{id}", get(orgs::edit_form).post(orgs::update))
        .route(
            "/admin/orgs/{id}/seal",
            get(site::seal)
                .post(site::upload_seal)
                .layer(DefaultBodyLimit::max(IMAGE_LIMIT)),
        )
        .route("/admin/orgs/{id}/seal/remove", post(site::remove_seal))
        .route("/admin/site", get(site::page).post(site::save))
        .route(
            "/admin/site/emblem",
            post(site::upload_emblem).layer(DefaultBodyLimit::max(IMAGE_LIMIT)),
        )
        .route("/admin/site/emblem/remove", post(site::remove_emblem))
        .route("/admin/users", get(users::list))
        .route("/admin/users/new", get(users::new_form).post(users::create))
        .route("/admin/users/{id}", get(users::view))
        .route("/admin/users/{id}/profile", post(users::profile))
        .route("/admin/users/{id}/password", post(users::password))
        .route("/admin/users/{id}/grant", post(users::grant))
        .route("/admin/users/{id}/revoke", post(users::revoke))
        .route("/admin/notifications", get(notifications::list))
        .route("/admin/notifications/{id}", get(notifications::open))
        .route(
            "/admin/notifications/read-all",
            post(notifications::read_all),
        )
        .route("/admin/media", get(media::list).post(media::open))
        .route("/admin/media/{id}", post(media::change))
        .route("/admin/inspection", get(inspection::page))
        .route("/admin/inspection/points", post(inspection::set_points))
        .route("/admin/inspection/save", post(inspection::save))
        .route("/admin/inspection/kinds", post(inspection::set_kinds))
        .route("/admin/inspections/{id}", get(inspection::saved))
        .route(
            "/admin/inspections/{id}/report.xlsx",
            get(inspection::saved_xlsx),
        )
        .route(
            "/admin/inspections/{id}/report.pdf",
            get(inspection::saved_pdf),
        )
        .route(
            "/admin/rectifications/{id}",
            get(rectifications::view).post(rectifications::act),
        )
        .route(
            "/admin/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        .route("/admin/webhooks/{id}", get(webhooks::view))
        .route("/admin/webhooks/{id}/active", post(webhooks::set_active))
        .route(
            "/admin/webhooks/{id}/deliveries/{delivery}/redeliver",
            post(webhooks::redeliver),
        )
        .route("/admin/account/mail", post(account::mail))
        .route("/admin/calendar", get(calendar::page).post(calendar::load))
        .route("/admin/calendar/notice", post(calendar::notice))
        .route("/admin/account", get(account::page))
        .route("/admin/account/password", post(account::password))
        .route("/admin/account/tokens", post(account::create_token))
        .route(
            "/admin/account/tokens/{id}/revoke",
            post(account::revoke_token),
        )
}

/// An emblem or seal upload, with room for the form around it.
const IMAGE_LIMIT: usize = gongkai_domain::site::MAX_IMAGE_BYTES + 64 * 1024;

/// Those organisations as (id, name) options of a select.
pub fn org_options(tree: &gongkai_app::OrgTree, ids: &[i64]) -> Vec<(String, String)> {
    ids.iter()
        .filter_map(|id| tree.get(*id))
        .map(|o| (o.id.to_string(), o.name.clone()))
        .collect()
}

/// The layout of a back-office page.
pub fn staff_layout(ctx: &Ctx, staff: &Staff, title: &str) -> Layout {
    Layout::new(ctx, title)
        .crumb("工作台", "/admin/")
        .staff(staff.bar())
}

/// Confirmation messages after a redirect, by code, so no text from the URL is echoed.
pub fn flash(code: &str) -> &'static str {
    match code {
        "created" => "已保存。",
        "saved" => "修改已保存。",
        "acted" => "操作已完成。",
        "validity" => "有效性已变更。",
        "related" => "关联已更新。",
        "uploaded" => "附件已上传。",
        "deleted" => "附件已删除。",
        "password" => "密码已修改，其他登录会话已退出。",
        "granted" => "角色已授予。",
        "revoked" => "角色已收回。",
        "loaded" => "节假日安排已载入。",
        "token_revoked" => "接口令牌已撤销。",
        "image_saved" => "图片已上传。",
        "image_removed" => "图片已删除。",
        "pii" => "个人信息的处理已确认。",
        "published" => "已公开。",
        "imported" => "已导入。",
        _ => "",
    }
}

/// The session's CSRF token where the body is not a form (an upload) or is only it.
#[derive(serde::Deserialize, Debug, Default)]
pub struct CsrfQuery {
    #[serde(default, rename = "_csrf")]
    pub csrf: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    pub done: String,
}
