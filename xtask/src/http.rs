//! Just enough HTTP/1.1 for the tasks to talk to the services they start: one request per
//! connection, `Connection: close`, bodies by `Content-Length` or chunked. It keeps the
//! xtask free of an HTTP client and its compile time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{Context, bail};

/// A response: status and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

pub fn get(addr: &str, path: &str) -> anyhow::Result<Response> {
    request(addr, "GET", path, None, None)
}

/// A GET with a bearer token.
pub fn get_as(addr: &str, path: &str, token: &str) -> anyhow::Result<Response> {
    request(addr, "GET", path, Some(&bearer(token)), None)
}

pub fn post_json(addr: &str, path: &str, body: &serde_json::Value) -> anyhow::Result<Response> {
    request(addr, "POST", path, None, Some(json(body)?))
}

/// A POST with a bearer token.
pub fn post_json_as(
    addr: &str,
    path: &str,
    token: &str,
    body: &serde_json::Value,
) -> anyhow::Result<Response> {
    request(addr, "POST", path, Some(&bearer(token)), Some(json(body)?))
}

/// A request with a bearer token, extra headers and an optional JSON body.
pub fn send_as(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    headers: &[(&str, &str)],
    body: Option<&serde_json::Value>,
) -> anyhow::Result<Response> {
    let body = body.map(json).transpose()?;
    request_with(addr, method, path, Some(&bearer(token)), headers, body)
}

/// A POST of an `application/x-www-form-urlencoded` body with HTTP Basic credentials (a
/// service client's token request).
pub fn post_form_basic(
    addr: &str,
    path: &str,
    (user, password): (&str, &str),
    form: &str,
) -> anyhow::Result<Response> {
    let credentials = format!("Basic {}", base64(format!("{user}:{password}").as_bytes()));
    let body = (
        "application/x-www-form-urlencoded",
        form.as_bytes().to_vec(),
    );
    request(addr, "POST", path, Some(&credentials), Some(body))
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn json(body: &serde_json::Value) -> anyhow::Result<(&'static str, Vec<u8>)> {
    Ok(("application/json", serde_json::to_vec(body)?))
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn request(
    addr: &str,
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> anyhow::Result<Response> {
    request_with(addr, method, path, authorization, &[], body)
}

fn request_with(
    addr: &str,
    method: &str,
    path: &str,
    authorization: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<(&str, Vec<u8>)>,
) -> anyhow::Result<Response> {
    let socket = addr
        .parse()
        .with_context(|| format!("{addr} is not a socket address"))?;
    let mut stream = TcpStream::connect_timeout(&socket, Duration::from_secs(2))
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(authorization) = authorization {
        head.push_str(&format!("Authorization: {authorization}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let (content_type, body) = body.unwrap_or(("application/json", Vec::new()));
    if method != "GET" {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .with_context(|| format!("reading the answer to {method} {path} from {addr}"))?;
    parse(&raw).with_context(|| format!("the answer to {method} {path} from {addr}"))
}

fn parse(raw: &[u8]) -> anyhow::Result<Response> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of headers")?;
    let head = std::str::from_utf8(&raw[..split])?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .context("no status line")?;
    let chunked = lines.any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let rest = &raw[split + 4..];
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Ok(Response {
        status,
        body: String::from_utf8(body)?,
    })
}

fn dechunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let eol = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("chunk size without end of line")?;
        let size_text = std::str::from_utf8(&rest[..eol])?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .with_context(|| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("truncated chunk");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648s() {
        // RFC 4648 §10's test vectors.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn reads_a_content_length_body() {
        let r = parse(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}").unwrap();
        assert_eq!(r.status, 201);
        assert_eq!(r.body, "{}");
    }

    #[test]
    fn reads_a_chunked_body() {
        let r = parse(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, "abcde");
    }

    #[test]
    fn refuses_a_truncated_chunk() {
        assert!(parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nabc").is_err());
    }
}
