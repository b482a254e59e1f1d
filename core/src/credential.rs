//! A credential: who issued a key, for which account, the key itself and how codes are made.

use crate::otp::{self, CodeWindow, OtpError, OtpParams};
use crate::secret::Secret;

/// The issuer shown on the Ügyfélkapu+ enrolment page.
pub const UGYFELKAPU_ISSUER: &str = "Ügyfélkapu+";
/// The domain Ügyfélkapu+ account names end with.
pub const UGYFELKAPU_DOMAIN: &str = "ugyfelkapu.gov.hu";

/// Everything needed to produce codes for one login, as an enrolment QR code describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The service, e.g. `Ügyfélkapu+`. Empty when unknown.
    pub issuer: String,
    /// The account name, e.g. `kovacs.janos@ugyfelkapu.gov.hu`. May be empty.
    pub label: String,
    /// The shared key.
    pub secret: Secret,
    /// Kind, algorithm, digits, period, counter.
    pub params: OtpParams,
}

impl Credential {
    /// The Ügyfélkapu+ preset: issuer `Ügyfélkapu+`, label `<user>@ugyfelkapu.gov.hu`,
    /// TOTP/SHA1/6/30. A username that already ends with the domain is kept as it is.
    ///
    /// ```
    /// use kulcs_core::credential::Credential;
    /// use kulcs_core::secret::Secret;
    /// let c = Credential::ugyfelkapu(" kovacs.janos ", Secret::parse_base32("jbsw y3dp ehpk 3pxp").unwrap());
    /// assert_eq!(c.label, "kovacs.janos@ugyfelkapu.gov.hu");
    /// assert_eq!(c.issuer, "Ügyfélkapu+");
    /// ```
    pub fn ugyfelkapu(username: &str, secret: Secret) -> Self {
        let user = username.trim();
        let label = if user
            .to_ascii_lowercase()
            .ends_with(&format!("@{UGYFELKAPU_DOMAIN}"))
        {
            user.to_string()
        } else {
            format!("{user}@{UGYFELKAPU_DOMAIN}")
        };
        Credential {
            issuer: UGYFELKAPU_ISSUER.to_string(),
            label,
            secret,
            params: OtpParams::totp_default(),
        }
    }

    /// `Issuer (label)`, or whichever of the two exists, for lists and prompts.
    pub fn display_name(&self) -> String {
        match (self.issuer.is_empty(), self.label.is_empty()) {
            (false, false) => format!("{} ({})", self.issuer, self.label),
            (false, true) => self.issuer.clone(),
            (true, false) => self.label.clone(),
            (true, true) => String::from("(unnamed)"),
        }
    }

    /// The current code window at an offset-corrected Unix time.
    pub fn code_window(&self, unix: i64) -> Result<CodeWindow, OtpError> {
        otp::code_window(&self.secret, &self.params, unix)
    }
}
