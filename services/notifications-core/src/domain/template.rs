//! E-mail templates: text files under `templates/`, a `Subject:` line, a blank line, and
//! the body, with `{{name}}` placeholders.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Welcome,
    AccountLocked,
    PasswordChanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Welcome => "welcome",
            Template::AccountLocked => "account_locked",
            Template::PasswordChanged => "password_changed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Template::Welcome,
            Template::AccountLocked,
            Template::PasswordChanged,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }

    fn source(self) -> &'static str {
        match self {
            Template::Welcome => include_str!("../../templates/welcome.txt"),
            Template::AccountLocked => include_str!("../../templates/account_locked.txt"),
            Template::PasswordChanged => include_str!("../../templates/password_changed.txt"),
        }
    }

    /// Fills the placeholders with `vars`; a placeholder without a value stays visible, so
    /// a missing value shows in review rather than vanishing.
    pub fn render(self, vars: &BTreeMap<&str, String>) -> Rendered {
        let mut text = self.source().to_owned();
        for (k, v) in vars {
            // Control characters could forge headers in the subject line.
            let clean: String = v.chars().filter(|c| !c.is_control()).collect();
            text = text.replace(&format!("{{{{{k}}}}}"), &clean);
        }
        let (first, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject: ")
            .unwrap_or(first)
            .trim()
            .to_owned();
        Rendered {
            subject,
            body: body.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_their_placeholders() {
        let vars = BTreeMap::from([
            ("name", "Ada".to_owned()),
            ("email", "ada@example.com".to_owned()),
        ]);
        let welcome = Template::Welcome.render(&vars);
        assert_eq!(welcome.subject, "Welcome to Agora, Ada");
        assert!(welcome.body.starts_with("Hello Ada,"));
        assert!(welcome.body.contains("ada@example.com"));
        assert!(!welcome.body.contains("{{"));
    }

    #[test]
    fn values_cannot_inject_headers() {
        let vars = BTreeMap::from([
            ("name", "Ada\r\nBcc: evil@example.com".to_owned()),
            ("email", "a@b.c".to_owned()),
        ]);
        assert_eq!(
            Template::Welcome.render(&vars).subject,
            "Welcome to Agora, AdaBcc: evil@example.com"
        );
    }

    #[test]
    fn every_template_has_a_subject_and_a_body() {
        for t in [
            Template::Welcome,
            Template::AccountLocked,
            Template::PasswordChanged,
        ] {
            let r = t.render(&BTreeMap::new());
            assert!(!r.subject.is_empty() && !r.body.is_empty(), "{t:?}");
            assert_eq!(Template::parse(t.as_str()), Some(t));
        }
    }
}
