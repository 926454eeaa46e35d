//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::Value;

use crate::helpers::{Smtp, TestApp, eventually};

fn snapshot(name: &str, v: Value) {
    insta::assert_json_snapshot!(name, v, {
        ".request_id" => "[request id]", ".instance" => "[path]",
        ".items[].id" => "[id]", ".items[].user_id" => "[user id]",
        ".items[].created_at" => "[time]", ".items[].sent_at" => "[time]"
    });
}

#[tokio::test]
async fn notifications_responses() {
    let smtp = Smtp::start_on(Smtp::free_port(), tempfile::tempdir().unwrap());
    let app = TestApp::spawn(smtp.port).await;
    let ada = app.auth.customer("Ada").await;
    let bob = app.auth.customer("Bob").await;
    eventually("both welcomed", async || smtp.messages().len() == 2).await;
    let http = reqwest::Client::new();
    let get = |query: String, token: Option<String>| {
        let mut req = http.get(format!("{}/api/v1/notifications{query}", app.base));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send()
    };

    snapshot(
        "own_notifications",
        json_with_status(
            get(format!("?user_id={}", ada.id), Some(ada.token.clone()))
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "someone_elses_forbidden",
        json_with_status(
            get(format!("?user_id={}", bob.id), Some(ada.token.clone()))
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "without_a_token",
        json_with_status(get(String::new(), None).await.unwrap()).await,
    );
    snapshot(
        "bad_page_unprocessable",
        json_with_status(
            get(
                format!("?user_id={}&page=0", ada.id),
                Some(ada.token.clone()),
            )
            .await
            .unwrap(),
        )
        .await,
    );
}
