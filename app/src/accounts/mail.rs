//! Outgoing e-mail (address confirmation, password reset, invitations).
//! Through SMTP when `TSUNAGU_SMTP_URL` is set; otherwise each message is
//! written as an `.eml` file to the outbox folder (`TSUNAGU_OUTBOX_DIR`,
//! default `data/outbox`) so the demo works offline: open the newest file
//! there to follow the link.
use crate::error::AppError;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

/// Sends mail; cheap to clone (provided as context to server functions).
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.transport {
            Transport::Smtp(_) => write!(f, "Mailer(smtp)"),
            Transport::Outbox(dir) => write!(f, "Mailer(outbox {})", dir.display()),
        }
    }
}

impl Mailer {
    /// `from`: a mailbox such as `つなぐ <no-reply@example.jp>`.
    pub fn outbox(dir: PathBuf, from: &str) -> Result<Mailer, String> {
        Ok(Mailer { from: parse_from(from)?, transport: Transport::Outbox(dir) })
    }

    /// `url`: `smtp://user:pass@host:587?tls=required` or `smtps://…:465`.
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("TSUNAGU_SMTP_URL: {e}"))?
            .build();
        Ok(Mailer { from: parse_from(from)?, transport: Transport::Smtp(transport) })
    }

    /// Send a plain-text message. Over SMTP the body gets the encoding
    /// lettre chooses (base64 or quoted-printable for Japanese); in the
    /// outbox it is written as 8-bit UTF-8 (lines stay far below RFC 5322's
    /// 998 bytes) so the files read as they are.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
        let to: Mailbox = to.parse().map_err(|_| AppError::Invalid("email".into()))?;
        let crlf = body.replace("\r\n", "\n").replace('\n', "\r\n");
        let body = match &self.transport {
            Transport::Smtp(_) => Body::new(crlf),
            Transport::Outbox(_) => Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit),
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body))
            .map_err(|e| {
                tracing::error!(error = %e, "cannot build e-mail");
                AppError::Internal
            })?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(message).await.map_err(|e| {
                    tracing::error!(error = %e, "SMTP send failed");
                    AppError::Internal
                })?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|_| AppError::Internal)?;
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
                    &super::session::new_token()?[..8]
                );
                tokio::fs::write(dir.join(name), message.formatted()).await.map_err(|e| {
                    tracing::error!(error = %e, "cannot write to the outbox");
                    AppError::Internal
                })?;
            }
        }
        Ok(())
    }
}

fn parse_from(from: &str) -> Result<Mailbox, String> {
    from.parse().map_err(|_| format!("TSUNAGU_MAIL_FROM is not a mail address: {from:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn outbox_keeps_readable_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let m = Mailer::outbox(dir.path().to_path_buf(), "つなぐ <no-reply@example.jp>").unwrap();
        m.send("a@example.jp", "確認", "こんにちは\nhttp://x/account/confirm/abc").await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.contains("こんにちは") && text.contains("http://x/account/confirm/abc"), "{text}");
        assert!(text.contains("To: a@example.jp"));
    }

    #[test]
    fn bad_from_is_reported() {
        assert!(Mailer::outbox("x".into(), "not an address").is_err());
    }
}
