//! Sending mail through the deployment's SMTP server. The address is a URL:
//! `smtp://relay.example:25` (plain, for a relay on the county network),
//! `smtp://user:password@mail.example:587?tls=required` (STARTTLS), or
//! `smtps://user:password@mail.example:465` (TLS from the start).

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::{AppError, AppResult};

/// Where mail goes and whom it is from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// A mailer for the SMTP server at `url`, sending as `from`
    /// ("云溪县政务公开平台 <noreply@yunxi.gov.example>").
    pub fn new(url: &str, from: &str) -> AppResult<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| AppError::Internal(format!("邮件服务器地址无法识别：{e}")))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        let from = from
            .parse()
            .map_err(|e| AppError::Internal(format!("发件人地址无法识别：{e}")))?;
        Ok(Self { transport, from })
    }

    /// Sends a plain-text message to one person.
    pub async fn send(&self, to: &str, name: &str, subject: &str, body: String) -> AppResult<()> {
        let address = to
            .parse()
            .map_err(|e| AppError::Internal(format!("收件人地址无法识别：{e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(name.to_owned()), address))
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| AppError::Internal(format!("邮件无法生成：{e}")))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| AppError::Internal(format!("邮件发送失败：{e}")))?;
        Ok(())
    }
}
