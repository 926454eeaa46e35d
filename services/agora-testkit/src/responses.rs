//! Responses as the snapshot tests record them.

/// The response's JSON body with its status added as `_status`, so that one snapshot
/// shows both.
pub async fn json_with_status(res: reqwest::Response) -> serde_json::Value {
    let status = res.status().as_u16();
    let mut body: serde_json::Value = res.json().await.expect("a JSON body");
    body["_status"] = status.into();
    body
}
