//! JSON API v1, nested at `/api/v1`.
//!
//! Public reads of organisations and published 主动公开 documents; token-authenticated
//! writes of documents and their workflow. Every error is the JSON envelope of
//! [`crate::error::ErrorEnvelope`] with a stable machine `code` and a Chinese `message`.
//! The OpenAPI 3 document (`/api/v1/openapi.json`) is generated from the annotations
//! on the handlers in this module's files; `openapi.rs` lists them.

mod applications;
mod attachments;
mod catalogs;
mod consultations;
mod cursor;
mod documents;
mod gazette;
mod messages;
mod open_data;
mod openapi;
mod orgs;
mod participation;
mod reports;
mod schema;
mod search;
mod services;
mod types;
mod workflow;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gongkai_app::model::Document;
use gongkai_app::{Actor, AppError, OrgTree};

use crate::AppState;
use crate::auth::ApiCaller;
use crate::error::{ApiError, FieldError};

/// Every route of the API. Keep in step with the `paths(...)` of `openapi::ApiDoc`;
/// the integration tests check that each documented path is routed.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orgs", get(orgs::list))
        .route("/orgs/{slug}", get(orgs::show))
        .route("/documents", get(documents::list).post(documents::create))
        .route(
            "/documents/{index_number}",
            get(documents::show).put(documents::edit),
        )
        .route("/documents/{index_number}/actions", post(workflow::act))
        .route(
            "/documents/{index_number}/validity",
            post(workflow::set_validity),
        )
        .route(
            "/documents/{index_number}/relations",
            post(workflow::relate),
        )
        .route(
            "/applications",
            get(applications::list).post(applications::create),
        )
        .route("/applications/track", post(applications::track))
        .route("/applications/register", get(applications::register))
        .route("/applications/{tracking_number}", get(applications::show))
        .route(
            "/applications/{tracking_number}/actions",
            post(applications::act),
        )
        .route("/messages", get(messages::list).post(messages::create))
        .route("/messages/track", post(messages::track))
        .route("/messages/published", get(messages::published))
        .route("/messages/{tracking_number}", get(messages::show))
        .route("/messages/{tracking_number}/actions", post(messages::act))
        .route("/consultations", get(consultations::list))
        .route("/consultations/{id}", get(consultations::show))
        .route("/consultations/{id}/feedback", get(consultations::feedback))
        .route("/consultations/{id}/comments", post(consultations::comment))
        .route("/surveys", get(participation::surveys))
        .route("/surveys/{id}", get(participation::survey))
        .route("/surveys/{id}/answers", post(participation::answer))
        .route("/proposals", get(participation::proposals))
        .route("/proposals/{id}", get(participation::proposal))
        .route(
            "/documents/{index_number}/attachments",
            get(attachments::list).post(attachments::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    gongkai_app::MAX_UPLOAD_BYTES_DEFAULT + 64 * 1024,
                ),
            ),
        )
        .route("/services", get(services::list))
        .route("/services/{id}", get(services::show))
        .route("/gazette/log/sth", get(gazette::sth))
        .route("/gazette/log/sths", get(gazette::sths))
        .route("/gazette/log/entries", get(gazette::entries))
        .route("/gazette/log/proof", get(gazette::proof))
        .route("/gazette/log/consistency", get(gazette::consistency))
        .route("/gazette/keys", get(gazette::keys))
        .route("/reports/{org}/{year}", get(reports::show))
        .route("/reports/{org}/{year}/xlsx", get(reports::xlsx))
        .route("/catalogs", get(catalogs::list))
        .route(
            "/catalogs/import",
            post(catalogs::import).layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
        .route("/catalogs/derive", post(catalogs::derive))
        .route("/catalogs/{id}", get(catalogs::show))
        .route("/catalogs/{id}/actions", post(catalogs::act))
        .route("/catalogs/{id}/removals", post(catalogs::remove))
        .route("/catalogs/{id}/links", post(catalogs::link))
        .route("/catalogs/{id}/export", get(catalogs::export))
        .route("/orgs/{slug}/catalogs", get(catalogs::published))
        .route("/search", get(search::search))
        .route("/open/", get(open_data::manifest))
        .route("/openapi.json", get(openapi::serve))
        .fallback(unknown_endpoint)
}

/// Message of the 404 for a path the API does not have (as opposed to a resource
/// that does not exist on an existing path).
pub const UNKNOWN_ENDPOINT: &str = "接口不存在，请查阅 /api/v1/openapi.json";

async fn unknown_endpoint() -> Response {
    ApiError::not_found(UNKNOWN_ENDPOINT).into_response()
}

/// The caller of a write endpoint: a valid API token is required. Taken before the
/// body, so a request without a token is told so (401) whatever its body holds.
pub struct TokenHolder(pub Actor);

impl FromRequestParts<AppState> for TokenHolder {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        ApiCaller::from_request_parts(parts, state)
            .await?
            .required()
            .map(TokenHolder)
    }
}

/// The one answer for a document the caller may not see, whether it exists or not.
pub fn document_not_found() -> ApiError {
    ApiError::not_found("文件不存在")
}

/// A document by its 索引号 for a staff endpoint, with the organisation tree, if the
/// actor may see its organisation's records. Otherwise the same 404 as for a document
/// that does not exist, and before any other check, so that no answer tells the two
/// apart. (The use cases called next check the actor's roles.)
pub async fn staff_document(
    state: &AppState,
    actor: &Actor,
    index_number: &str,
) -> Result<(Document, std::sync::Arc<OrgTree>), ApiError> {
    let doc = state
        .app
        .document_of(actor, index_number)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => document_not_found(),
            other => other.into(),
        })?;
    Ok((doc, state.app.org_tree().await?))
}

/// A 422 about one field of the request body.
pub fn invalid(field: &str, message: String) -> ApiError {
    let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.clone());
    e.body.fields.push(FieldError {
        field: field.to_owned(),
        message,
    });
    e
}

/// Renames the field names a use case reports to the names of the API's body, where
/// they differ (e.g. `successor` → `successor_index_number`).
pub fn rename_fields(mut e: ApiError, names: &[(&str, &str)]) -> ApiError {
    for f in &mut e.body.fields {
        if let Some((_, to)) = names.iter().find(|(from, _)| *from == f.field) {
            f.field = (*to).to_owned();
        }
    }
    e
}
