//! The notifications service's configuration, from the environment.

use agora_kit::config::{self, ConfigError, KitConfig};
use secrecy::SecretString;

/// The port the notifications service listens on unless `NOTIFICATIONS_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 3004;

#[derive(Debug, Clone)]
pub struct NotificationsConfig {
    pub kit: KitConfig,
    pub events: Option<agora_bus::EventsConfig>,
    /// `SMTP_HOST` (default 127.0.0.1) and `SMTP_PORT` (default 2525).
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `SMTP_FROM`, default `Agora <no-reply@agora.localhost>`.
    pub smtp_from: String,
    /// `SMTP_USERNAME` and `SMTP_PASSWORD`, both or neither.
    pub smtp_credentials: Option<(String, SecretString)>,
    /// `SMTP_TLS`: `none` (default: local relays and test servers), `starttls` (port 587:
    /// upgrade required, never falls back to plain text) or `tls` (port 465).
    pub smtp_tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

impl NotificationsConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let smtp_credentials = match (config::var("SMTP_USERNAME"), config::var("SMTP_PASSWORD")) {
            (Some(u), Some(p)) => Some((u, p.into())),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::Missing {
                    name: "SMTP_PASSWORD".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError::Missing {
                    name: "SMTP_USERNAME".into(),
                });
            }
        };
        Ok(Self {
            kit: KitConfig::from_env("notifications", DEFAULT_PORT)?,
            events: agora_bus::EventsConfig::from_env(),
            smtp_host: config::var("SMTP_HOST").unwrap_or_else(|| "127.0.0.1".into()),
            smtp_port: config::parse_or("SMTP_PORT", 2525)?,
            smtp_from: config::var("SMTP_FROM")
                .unwrap_or_else(|| "Agora <no-reply@agora.localhost>".into()),
            smtp_credentials,
            smtp_tls: match config::var("SMTP_TLS").as_deref() {
                None | Some("none") => SmtpTls::None,
                Some("starttls") => SmtpTls::StartTls,
                Some("tls") => SmtpTls::Tls,
                Some(other) => {
                    return Err(ConfigError::Invalid {
                        name: "SMTP_TLS".into(),
                        reason: format!("{other:?} is not one of none, starttls, tls"),
                    });
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_names_no_secret() {
        let config = NotificationsConfig {
            kit: KitConfig::for_tests("postgres://n:db-hunter2@db/notifications"),
            events: None,
            smtp_host: "smtp.example".into(),
            smtp_port: 587,
            smtp_from: "Agora <no-reply@agora.test>".into(),
            smtp_credentials: Some(("mailer".into(), "smtp-hunter2".into())),
            smtp_tls: SmtpTls::StartTls,
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
    }
}
