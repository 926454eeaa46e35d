//! The notifications service's integration tests: a real auth service producing events
//! through moto, the service consuming them, a real SMTP server (aiosmtpd) receiving mail.

mod helpers;
mod notifications;
mod snapshots_of_responses;
mod startup;
