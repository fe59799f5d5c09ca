//! Rate limit (429 with Retry-After) and body size limit (413 before the body is read).

use crate::common::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn past_the_rate_limit_the_answer_is_429_with_retry_after() {
    let server = TestServer::start("rate", |c| {
        c.rate_limit = 2.0;
        c.rate_burst = Some(5.0);
    })
    .await;
    let c = &server.client;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..30 {
        let reply = c.get(&format!("{MMD}/tenant")).await;
        statuses.push(reply.status);
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
    }
    assert!(statuses[..5].iter().all(|s| *s == 200), "{statuses:?}");
    let limited = limited.expect("a 429");
    let retry_after: u64 = limited
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    let error = limited.json();
    assert_eq!(error["error"]["code"], "TooManyRequests");
    assert_eq!(
        error["error"]["requestId"].as_str(),
        limited.header("request-id")
    );

    // The portal's files are not limited.
    assert_ne!(c.get("/index.html").await.status, 429);

    // Honouring Retry-After works.
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(c.get(&format!("{MMD}/tenant")).await.status, 200);
    server.stop().await;
}

/// Sends raw bytes and reads the answer until the server closes or `limit` passes.
async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buf[..n]);
                if String::from_utf8_lossy(&answer).contains("\"requestId\"") {
                    break;
                }
            }
            Err(_) => {}
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_before_it_is_read() {
    let server = TestServer::start("body", |c| c.body_limit = 16 * 1024 * 1024).await;
    let addr = server.client.addr;

    // Declares 17 MB and sends none of it: the answer comes at once.
    let started = Instant::now();
    let answer = raw(
        addr,
        format!(
            "POST {IMPORT} HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            17 * 1024 * 1024
        )
        .as_bytes(),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"PayloadTooLarge\""), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("request-id:"),
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    server.stop().await;

    // Without a length (chunked), reading stops at the limit.
    let server = TestServer::start("body-chunked", |c| c.body_limit = 64 * 1024).await;
    let mut request = format!(
        "POST {IMPORT} HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b' '; 32 * 1024];
    for _ in 0..4 {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let answer = raw(server.client.addr, &request).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"PayloadTooLarge\""), "{answer}");

    // Under the limit is fine.
    let ok = import(
        &server.client,
        &import_body(&devices(3, 8), "Standard"),
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    server.stop().await;
}
