//! Representative responses, success and each error shape, as reviewed snapshots.

use agora_testkit::responses::json_with_status;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn snapshot(name: &str, v: Value) {
    insta::assert_json_snapshot!(name, v, {
        ".id" => "[id]", ".email" => "[email]", ".created_at" => "[time]", ".updated_at" => "[time]",
        ".request_id" => "[request id]", ".instance" => "[path]", ".addresses[].id" => "[id]",
        ".addresses[].created_at" => "[time]", ".items[].id" => "[id]", ".items[].email" => "[email]",
        ".items[].created_at" => "[time]", ".items[].updated_at" => "[time]",
        ".items[].addresses[].id" => "[id]", ".items[].addresses[].created_at" => "[time]"
    });
}

#[tokio::test]
async fn users_responses() {
    let app = TestApp::spawn().await;
    let (ada, _) = app.customer("Ada Lovelace").await;
    let (bob, _) = app.customer("Bob").await;
    let url = |p: &str| format!("{}{p}", app.base);
    let address = json!({ "line1": "1 High Street", "city": "London", "postal_code": "SW1A 1AA", "country": "GB" });
    snapshot(
        "address_created",
        json_with_status(
            app.http
                .post(url("/api/v1/users/me/addresses"))
                .bearer_auth(&ada.token)
                .json(&address)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "profile",
        json_with_status(
            app.http
                .get(url("/api/v1/users/me"))
                .bearer_auth(&ada.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let bad = json!({ "phone": "020 7183 8750" });
    snapshot(
        "patch_unprocessable",
        json_with_status(
            app.http
                .patch(url("/api/v1/users/me"))
                .bearer_auth(&ada.token)
                .json(&bad)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "other_profile_forbidden",
        json_with_status(
            app.http
                .get(url(&format!("/api/v1/users/{}", bob.id)))
                .bearer_auth(&ada.token)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    let admin = app.auth.admin_token().await;
    snapshot(
        "profile_not_found",
        json_with_status(
            app.http
                .get(url(&format!("/api/v1/users/{}", uuid::Uuid::nil())))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    snapshot(
        "search",
        json_with_status(
            app.http
                .get(url("/api/v1/users?q=lovelace"))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
}
