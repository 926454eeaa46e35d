//! The mailer on SMTP (lettre). `SMTP_TLS` chooses the transport security: plain SMTP as
//! local relays and test servers speak it, STARTTLS (required: a server that does not offer
//! it gets nothing, least of all the credentials) or TLS from the first byte. The relay is
//! named by `SMTP_HOST` and `SMTP_PORT`, with `SMTP_USERNAME`/`SMTP_PASSWORD` when it wants
//! them; certificates are checked against the Web PKI roots.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use crate::app::ports::{Mailer, SendError};
use crate::config::SmtpTls;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(
        host: &str,
        port: u16,
        tls: SmtpTls,
        from: &str,
        credentials: Option<(String, SecretString)>,
    ) -> Result<Self, SendError> {
        let builder = match tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| SendError(format!("SMTP_HOST: {e}")))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| SendError(format!("SMTP_HOST: {e}")))?,
        };
        let mut builder = builder.port(port).timeout(Some(Duration::from_secs(10)));
        if let Some((user, password)) = credentials {
            builder =
                builder.credentials(Credentials::new(user, password.expose_secret().to_owned()));
        }
        let from = from
            .parse()
            .map_err(|e| SendError(format!("SMTP_FROM: {e}")))?;
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| SendError(format!("recipient: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body.to_owned())
            .map_err(|e| SendError(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError(e.to_string()))
    }
}
