//! Representative responses, success and each error shape, as reviewed snapshots.

use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn body(res: reqwest::Response) -> Value {
    let status = res.status().as_u16();
    let mut v: Value = res.json().await.unwrap();
    v["_status"] = status.into();
    v
}

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
        body(
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
        body(
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
        body(
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
        body(
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
        body(
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
        body(
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
