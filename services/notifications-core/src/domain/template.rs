//! E-mail templates: text files under `templates/`, a `Subject:` line, a blank line, and
//! the body, with `{{name}}` placeholders; a body may hold one `{{lines}}` block, filled
//! with one line per item (an order's lines).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Welcome,
    AccountLocked,
    PasswordChanged,
    OrderConfirmed,
    OrderCancelled,
    OrderShipped,
}

/// Every template.
pub const ALL: [Template; 6] = [
    Template::Welcome,
    Template::AccountLocked,
    Template::PasswordChanged,
    Template::OrderConfirmed,
    Template::OrderCancelled,
    Template::OrderShipped,
];

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
            Template::OrderConfirmed => "order_confirmed",
            Template::OrderCancelled => "order_cancelled",
            Template::OrderShipped => "order_shipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn source(self) -> &'static str {
        match self {
            Template::Welcome => include_str!("../../templates/welcome.txt"),
            Template::AccountLocked => include_str!("../../templates/account_locked.txt"),
            Template::PasswordChanged => include_str!("../../templates/password_changed.txt"),
            Template::OrderConfirmed => include_str!("../../templates/order_confirmed.txt"),
            Template::OrderCancelled => include_str!("../../templates/order_cancelled.txt"),
            Template::OrderShipped => include_str!("../../templates/order_shipped.txt"),
        }
    }

    /// Fills the placeholders with `vars`; a placeholder without a value stays visible, so
    /// a missing value shows in review rather than vanishing.
    pub fn render(self, vars: &BTreeMap<&str, String>) -> Rendered {
        self.render_with_lines(vars, &[])
    }

    /// As [`Template::render`], and the body's `{{lines}}` block becomes `lines`, one per
    /// text line, each cleaned like a value (so no item can break its line or reach the
    /// subject). The block is filled after the subject is split off.
    pub fn render_with_lines(self, vars: &BTreeMap<&str, String>, lines: &[String]) -> Rendered {
        let mut text = self.source().to_owned();
        for (k, v) in vars {
            // Control characters could forge headers in the subject line.
            text = text.replace(&format!("{{{{{k}}}}}"), &clean(v));
        }
        let (first, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject: ")
            .unwrap_or(first)
            .trim()
            .to_owned();
        let block = lines
            .iter()
            .map(|l| format!("  {}", clean(l)))
            .collect::<Vec<_>>()
            .join("\n");
        Rendered {
            subject,
            body: body.replace("{{lines}}", &block),
        }
    }
}

/// A value without control characters (line breaks included).
fn clean(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
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
    fn a_line_cannot_break_out_of_the_lines_block() {
        let vars = BTreeMap::from([("order_id", "o-1\r\nBcc: evil@example.com".to_owned())]);
        let lines = [
            "1 × Lamp\r\nBcc: evil@example.com".to_owned(),
            "2 × Desk".to_owned(),
        ];
        let r = Template::OrderShipped.render_with_lines(&vars, &lines);
        assert_eq!(
            r.subject,
            "Your Agora order o-1Bcc: evil@example.com has shipped"
        );
        assert!(
            r.body
                .contains("  1 × LampBcc: evil@example.com\n  2 × Desk\n"),
            "{}",
            r.body
        );
        assert!(!r.body.contains("{{lines}}"));
    }

    #[test]
    fn every_template_has_a_subject_and_a_body() {
        for t in ALL {
            let r = t.render(&BTreeMap::new());
            assert!(!r.subject.contains("{{lines}}"), "{t:?}");
            assert!(!r.subject.is_empty() && !r.body.is_empty(), "{t:?}");
            assert_eq!(Template::parse(t.as_str()), Some(t));
        }
    }
}
