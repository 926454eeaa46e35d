//! The hooks against a real HTTP exchange: without an executor a request goes once, as it
//! is; with one, the executor prepares it and decides how often it goes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use agora_client_runtime::{BoxFuture, Executor, Hooks, OperationInfo};
use std::io::{Read, Write};

/// A server that answers 503 to its first `failures` requests and 200 after, and keeps
/// every request head it read.
async fn server(failures: usize) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/thing", listener.local_addr().unwrap());
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = heads.clone();
    std::thread::spawn(move || {
        let served = AtomicUsize::new(0);
        for mut socket in listener.incoming().map_while(Result::ok) {
            let mut head = Vec::new();
            let mut buf = [0_u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                head.extend_from_slice(&buf[..n]);
            }
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&head).to_lowercase());
            let status = if served.fetch_add(1, Ordering::SeqCst) < failures {
                "503 Service Unavailable"
            } else {
                "200 OK"
            };
            let answer =
                format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = socket.write_all(answer.as_bytes());
        }
    });
    (url, heads)
}

const INFO: OperationInfo = OperationInfo {
    operation_id: "get_thing",
};

/// Marks each request and sends it again, once, after a 503.
#[derive(Debug)]
struct RetryOnce;

impl Executor for RetryOnce {
    fn prepare<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            request
                .headers_mut()
                .insert("x-operation", info.operation_id.parse().unwrap());
            Ok(())
        })
    }

    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        _: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        Box::pin(async move {
            let again = request.try_clone();
            let first = client.execute(request).await?;
            match again {
                Some(again) if first.status() == 503 => client.execute(again).await,
                _ => Ok(first),
            }
        })
    }
}

#[tokio::test]
async fn without_an_executor_a_request_goes_once_as_it_is() {
    let (url, heads) = server(1).await;
    let client = reqwest::Client::new();
    let hooks = Hooks::default();
    let mut request = client.get(&url).build().unwrap();
    hooks.pre(&mut request, &INFO).await.unwrap();
    let response = hooks.exec(&client, request, &INFO).await.unwrap();
    assert_eq!(response.status(), 503);
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 1);
    assert!(!heads[0].contains("x-operation"));
}

#[tokio::test]
async fn an_executor_prepares_every_request_and_decides_how_often_it_goes() {
    let (url, heads) = server(1).await;
    let client = reqwest::Client::new();
    let hooks = Hooks::new(Arc::new(RetryOnce));
    let mut request = client.get(&url).build().unwrap();
    hooks.pre(&mut request, &INFO).await.unwrap();
    let response = hooks.exec(&client, request, &INFO).await.unwrap();
    assert_eq!(response.status(), 200);
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 2, "the 503, then the retry");
    assert!(heads.iter().all(|h| h.contains("x-operation: get_thing")));
}
