//! The generated `notifications-server` trait, implemented.

use agora_values::Paging;
use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use async_trait::async_trait;
use axum_extra::extract::CookieJar;
use headers::Host;
use http::Method;
use notifications_server::apis::notifications;
use notifications_server::models;
use notifications_server::types::Nullable;

use crate::app::ports::{Notification, Status};
use crate::app::{Notifier, NotifyError};
use crate::domain::Template;

#[derive(Clone)]
pub struct NotificationsApi {
    notifier: Notifier,
    verifier: Arc<TokenVerifier>,
}

impl NotificationsApi {
    pub fn new(notifier: Notifier, verifier: Arc<TokenVerifier>) -> Self {
        Self { notifier, verifier }
    }
}

impl AsRef<NotificationsApi> for NotificationsApi {
    fn as_ref(&self) -> &NotificationsApi {
        self
    }
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: NotifyError) -> Problem {
    Problem::from_internal(&error)
}

agora_kit::generated_glue!(NotificationsApi, NotifyError, notifications_server, problem);

fn notification(n: Notification) -> models::Notification {
    models::Notification {
        channel: models::Channel::Email,
        created_at: n.created_at,
        id: n.id,
        sent_at: n.sent_at.map_or(Nullable::Null, Nullable::Present),
        status: match n.status {
            Status::Pending => models::DeliveryStatus::Pending,
            Status::Sent => models::DeliveryStatus::Sent,
            Status::Failed => models::DeliveryStatus::Failed,
        },
        subject: n.subject,
        template: match n.template {
            Template::Welcome => models::Template::Welcome,
            Template::AccountLocked => models::Template::AccountLocked,
            Template::PasswordChanged => models::Template::PasswordChanged,
            Template::OrderConfirmed => models::Template::OrderConfirmed,
            Template::OrderCancelled => models::Template::OrderCancelled,
            Template::OrderShipped => models::Template::OrderShipped,
        },
        user_id: n.user_id,
    }
}

#[async_trait]
impl notifications::Notifications<NotifyError> for NotificationsApi {
    type Claims = Claims;

    async fn list_notifications(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        q: &models::ListNotificationsQueryParams,
    ) -> Result<notifications::ListNotificationsResponse, NotifyError> {
        // The contract layer let the caller in: as the owner of `user_id`, or with
        // `notifications:read` (which may list everyone's).
        let paging = Paging::new(q.page, q.per_page);
        let (items, total) = self.notifier.list(q.user_id, paging).await?;
        let items = items.into_iter().map(notification).collect();
        let (page, per_page) = paging.as_i32();
        Ok(notifications::ListNotificationsResponse::Status200_Ok(
            models::NotificationList::new(items, page, per_page, total),
        ))
    }
}
