//! Swagger UI at the gateway in a real browser: headless Chromium, driven over WebDriver
//! by chromedriver (Debian's `chromium` and `chromium-driver`, which `cargo xtask test`
//! installs when it runs as root). "Try it out" must reach the service through the gateway
//! that served the page, not the service's own port (which the browser's CORS check stops).

use std::process::{Child, Command, Stdio};

use super::*;

/// chromedriver's process group (it and the browser it starts), killed on drop.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

/// A chromedriver process on a free port, with one browser session.
struct Driver {
    _group: Group,
    base: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
    session: String,
}

fn program(var: &str, default: &str) -> String {
    let path = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    assert!(
        std::path::Path::new(&path).exists(),
        "{path} is missing: install Chromium and its driver (apt-get install -y chromium \
         chromium-driver; `cargo xtask test` does it when run as root) or set {var}"
    );
    path
}

impl Driver {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        use std::os::unix::process::CommandExt as _;
        let group = Group(
            Command::new(program("AGORA_CHROMEDRIVER", "/usr/bin/chromedriver"))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("chromedriver starts"),
        );
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let started = std::time::Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver answers"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        // The flags Chromium needs here: no sandbox as root, and no calls to Google's
        // services, which this machine's network refuses.
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let session: Value = http
            .post(format!("{base}/session"))
            .json(&json!({ "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": program("AGORA_CHROMIUM", "/usr/bin/chromium"),
                    "args": args,
                },
            } } }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = session["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a browser session: {session}"))
            .to_owned();
        Self {
            _group: group,
            base,
            http,
            _profile: profile,
            session,
        }
    }

    async fn call(&self, method: http::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut request = self.http.request(method, url);
        if !body.is_null() {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.unwrap().json().await.unwrap();
        answer["value"].clone()
    }

    async fn open(&self, url: &str) {
        self.call(http::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    /// The element `css` selects, once the page shows it (20 s at most).
    async fn element(&self, css: &str) -> String {
        let started = std::time::Instant::now();
        loop {
            let found = self
                .call(
                    http::Method::POST,
                    "/element",
                    json!({ "using": "css selector", "value": css }),
                )
                .await;
            if let Some((_, id)) = found.as_object().and_then(|o| o.iter().next())
                && found.get("error").is_none()
            {
                return id.as_str().unwrap_or_default().to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the page never showed {css}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.call(
            http::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
    }

    /// The text of the element `css` selects, once it has some (20 s at most).
    async fn text(&self, css: &str) -> String {
        let started = std::time::Instant::now();
        loop {
            let id = self.element(css).await;
            let text = self
                .call(
                    http::Method::GET,
                    &format!("/element/{id}/text"),
                    Value::Null,
                )
                .await;
            let text = text.as_str().unwrap_or_default().trim().to_owned();
            if !text.is_empty() || started.elapsed() > Duration::from_secs(20) {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The page as it stands, for a failure's message.
    async fn source(&self) -> String {
        let page = self.call(http::Method::GET, "/source", Value::Null).await;
        page.as_str().unwrap_or_default().to_owned()
    }
}

#[tokio::test]
async fn try_it_out_in_the_gateways_swagger_ui_goes_through_the_gateway() {
    let w = world(|_| {}).await;
    let browser = Driver::start().await;
    // The first spec in the selector is auth's; its JWKS needs no token.
    browser.open(&w.url("/docs/")).await;
    let operation = "#operations-auth-jwks";
    browser
        .click(&format!("{operation} .opblock-summary"))
        .await;
    browser.click(&format!("{operation} .try-out__btn")).await;
    browser.click(&format!("{operation} .execute")).await;
    let status = browser
        .text(&format!(
            "{operation} .live-responses-table .response .response-col_status"
        ))
        .await;
    let body = browser
        .text(&format!(
            "{operation} .live-responses-table .response .microlight"
        ))
        .await;
    if status != "200" {
        let page = browser.source().await;
        let start = page.find("live-responses-table").unwrap_or(0);
        let end = (start + 3000).min(page.len());
        panic!(
            "the browser's call failed: {status:?} {body:?}: {}",
            &page[start..end]
        );
    }
    assert!(body.contains("\"keys\""), "{body}");
    let url = browser.text(&format!("{operation} .request-url pre")).await;
    assert!(
        url.starts_with(&w.base),
        "the call went to {url}, not through the gateway at {}",
        w.base
    );
}
