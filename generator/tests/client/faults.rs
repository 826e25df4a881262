//! The generated `generated/` client (the in-house Vault spec) against a
//! loopback server that misbehaves: every fault gives the documented typed
//! result, never a panic, and the attempts are counted. Copied into a test
//! crate that depends on `generated/` by `generator/tests/client.rs`.

use apideck::models::operations::{
    VaultConnectionsOneRequest, VaultConsumersAllRequest, VaultConsumersOneRequest, VaultSessionsCreateRequest,
};
use apideck::{Apideck, Error, ErrorBody, RetryPolicy};
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An answer: status, headers, body, delay; or `None` to break the connection.
type Answer = Option<(u16, Vec<(&'static str, String)>, Vec<u8>, Duration)>;

struct Server {
    url: String,
    hits: Arc<AtomicUsize>,
    queries: Arc<Mutex<Vec<String>>>,
}

/// A loopback server answering the `n`th request with `answer(n, path and query)`.
async fn serve(answer: impl Fn(usize, &str) -> Answer + Send + Sync + 'static) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let queries: Arc<Mutex<Vec<String>>> = Arc::default();
    let answer = Arc::new(answer);
    let (h, q) = (hits.clone(), queries.clone());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let (answer, hits, queries) = (answer.clone(), h.clone(), q.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let (answer, hits, queries) = (answer.clone(), hits.clone(), queries.clone());
                    async move {
                        let query = request.uri().query().unwrap_or("").to_string();
                        let target = request.uri().to_string();
                        let _ = request.into_body().collect().await;
                        let n = hits.fetch_add(1, Ordering::SeqCst);
                        queries.lock().unwrap().push(query.clone());
                        let Some((status, headers, body, wait)) = answer(n, &target) else {
                            // Breaking the connection mid-exchange.
                            return Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset"));
                        };
                        tokio::time::sleep(wait).await;
                        let mut response = hyper::Response::builder().status(status);
                        for (k, v) in headers {
                            response = response.header(k, v);
                        }
                        Ok(response.body(Full::new(Bytes::from(body))).unwrap())
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Server { url, hits, queries }
}

fn json_answer(status: u16, body: Value) -> Answer {
    Some((status, vec![("content-type", "application/json".into())], body.to_string().into_bytes(), Duration::ZERO))
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

fn client(url: &str) -> Apideck {
    Apideck::builder().api_key("k").app_id("app").consumer_id("c").server_url(url).retry(quick()).build().unwrap()
}

fn strict(url: &str) -> Apideck {
    Apideck::builder().api_key("k").app_id("app").consumer_id("c").server_url(url).retry(quick()).strict(true).build().unwrap()
}

fn consumers_page(ids: &[&str], next: Option<&str>) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| json!({"consumer_id": id})).collect();
    json!({"status_code": 200, "status": "OK", "data": data, "meta": {"cursors": {"next": next}}})
}

fn connection(state: &str, extra: Value) -> Value {
    let mut data = json!({"id": "crm+salesforce", "state": state});
    if let (Value::Object(d), Value::Object(e)) = (&mut data, extra) {
        d.extend(e);
    }
    json!({"status_code": 200, "status": "OK", "data": data})
}

fn one() -> VaultConnectionsOneRequest {
    VaultConnectionsOneRequest {
        consumer_id: None,
        app_id: None,
        unified_api: "crm".into(),
        service_id: "salesforce".into(),
    }
}

#[tokio::test]
async fn retries_429_honouring_retry_after() {
    let server = serve(|n, _| {
        if n == 0 {
            Some((429, vec![("retry-after", "1".into())], Vec::new(), Duration::ZERO))
        } else {
            json_answer(200, consumers_page(&["a"], None))
        }
    })
    .await;
    let started = Instant::now();
    let response = client(&server.url).vault().consumers().all(VaultConsumersAllRequest::default()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(response.get_consumers_response.unwrap().data.len(), 1);
    assert_eq!(server.hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = serve(|n, _| if n < 2 { json_answer(503, json!({})) } else { json_answer(200, consumers_page(&[], None)) }).await;
    let response = client(&server.url).vault().consumers().all(VaultConsumersAllRequest::default()).await.unwrap();
    assert!(response.get_consumers_response.is_some());
    assert_eq!(server.hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_a_get_and_an_error_for_a_post() {
    let server = serve(|n, _| if n == 0 { None } else { json_answer(200, consumers_page(&["a"], None)) }).await;
    let response = client(&server.url).vault().consumers().all(VaultConsumersAllRequest::default()).await.unwrap();
    assert!(response.get_consumers_response.is_some());
    assert_eq!(server.hits.load(Ordering::SeqCst), 2);

    let server = serve(|_, _| None).await;
    match client(&server.url).vault().sessions().create(VaultSessionsCreateRequest::default()).await {
        Err(Error::Connection(e)) => assert_eq!(e.attempts, 1, "a POST is sent once"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_server_slower_than_the_timeout() {
    let server = serve(|_, _| Some((200, Vec::new(), Vec::new(), Duration::from_secs(3)))).await;
    let client = Apideck::builder()
        .server_url(&server.url)
        .app_id("a")
        .consumer_id("c")
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy { max_elapsed: Duration::from_millis(250), ..quick() })
        .build()
        .unwrap();
    match client.vault().consumers().all(VaultConsumersAllRequest::default()).await {
        Err(Error::Timeout(e)) => assert_eq!(e.attempts as usize, server.hits.load(Ordering::SeqCst)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_keeps_the_body() {
    let server = serve(|_, _| Some((200, vec![("content-type", "application/json".into())], b"{\"data\": [".to_vec(), Duration::ZERO))).await;
    match client(&server.url).vault().consumers().all(VaultConsumersAllRequest::default()).await {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.body, b"{\"data\": [");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept_or_rejected_with_its_path() {
    let server = serve(|_, _| json_answer(200, connection("hibernating", json!({})))).await;
    let response = client(&server.url).vault().connections().one(one()).await.unwrap();
    let state = response.get_connection_response.unwrap().data.state.unwrap();
    assert_eq!(state.as_str(), "hibernating");
    assert!(matches!(state, apideck::models::components::ConnectionState::Unknown(_)));
    match strict(&server.url).vault().connections().one(one()).await {
        Err(Error::Decode(e)) => {
            assert_eq!(e.problem.path, "$.data.state", "{e:?}");
            assert!(e.problem.message.contains("hibernating"), "{e:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unknown_fields_are_kept_or_rejected_with_their_path() {
    let server = serve(|_, _| json_answer(200, connection("added", json!({"brand_new": 1})))).await;
    let response = client(&server.url).vault().connections().one(one()).await.unwrap();
    let data = response.get_connection_response.unwrap().data;
    assert_eq!(data.additional_properties.get("brand_new"), Some(&json!(1)));
    match strict(&server.url).vault().connections().one(one()).await {
        Err(Error::Decode(e)) => {
            assert_eq!(e.problem.path, "$.data", "{e:?}");
            assert!(e.problem.message.contains("brand_new"), "{e:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_404_with_the_specs_error_body() {
    let body = json!({"status_code": 404, "error": "Not Found", "type_name": "EntityNotFoundError", "message": "Unknown Widget"});
    let server = serve(move |_, _| json_answer(404, body.clone())).await;
    match client(&server.url).vault().connections().one(one()).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            match &e.body {
                ErrorBody::NotFoundResponse(b) => assert_eq!(b.message.as_deref(), Some("Unknown Widget")),
                other => panic!("{other:?}"),
            }
            assert!(e.http_meta.request.url.ends_with("/vault/connections/crm/salesforce"), "{:?}", e.http_meta.request);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits.load(Ordering::SeqCst), 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_unlisted_5xx_is_a_status_error_with_the_default_body() {
    let body = json!({"status_code": 509, "error": "Bandwidth", "message": "over quota"});
    let server = serve(move |_, _| json_answer(509, body.clone())).await;
    let client = Apideck::builder().app_id("a").consumer_id("c").server_url(&server.url).retry(RetryPolicy::none()).build().unwrap();
    match client.vault().connections().one(one()).await {
        Err(Error::Status(e)) => {
            assert_eq!(e.status, 509);
            assert!(matches!(e.default, Some(ErrorBody::UnexpectedErrorResponse(_))), "{e:?}");
            assert!(e.text().contains("over quota"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_and_a_body_of_another_media_type() {
    let server = serve(|n, _| {
        if n == 0 {
            Some((200, vec![("content-type", "application/json".into())], Vec::new(), Duration::ZERO))
        } else {
            Some((200, vec![("content-type", "text/html".into())], b"<h1>maintenance</h1>".to_vec(), Duration::ZERO))
        }
    })
    .await;
    let client = client(&server.url);
    match client.vault().connections().one(one()).await {
        Err(Error::Decode(e)) => assert!(e.body.is_empty()),
        other => panic!("{other:?}"),
    }
    match client.vault().connections().one(one()).await {
        Err(Error::Decode(e)) => {
            assert!(e.problem.message.contains("text/html"), "{e:?}");
            assert_eq!(e.body, b"<h1>maintenance</h1>");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_list_streams_its_items_across_pages() {
    let server = serve(|_, target| {
        let query = target.split_once('?').map_or("", |(_, q)| q);
        let page = match query.split('&').find_map(|p| p.strip_prefix("cursor=")) {
            None => consumers_page(&["a", "b"], Some("p2")),
            Some("p2") => consumers_page(&["c"], Some("p3")),
            Some(_) => consumers_page(&["d"], None),
        };
        json_answer(200, page)
    })
    .await;
    let client = client(&server.url);
    let items: Vec<_> = client
        .vault()
        .consumers()
        .all_stream(VaultConsumersAllRequest { limit: Some(2), ..Default::default() })
        .collect()
        .await;
    let ids: Vec<String> = items.into_iter().map(|i| i.unwrap().consumer_id.unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let queries = server.queries.lock().unwrap().clone();
    assert_eq!(queries, ["limit=2", "cursor=p2&limit=2", "cursor=p3&limit=2"]);
}

/// The resident set size of this process, in KiB (Linux).
fn rss_kib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_with_injected_faults() {
    const TASKS: usize = 64;
    const PER_TASK: usize = 79; // 64 × 79 = 5,056 requests
    // 5% 503s and 1% broken connections, decided by the request's number.
    let server = serve(|n, target| {
        let roll = (n.wrapping_mul(2654435761) >> 7) % 100;
        if roll < 1 {
            return None;
        }
        if roll < 6 {
            return json_answer(503, json!({}));
        }
        if target.contains("missing") {
            return json_answer(404, json!({"status_code": 404, "message": "no"}));
        }
        json_answer(200, consumers_page(&["a"], None))
    })
    .await;
    let client = client(&server.url);
    let before = rss_kib();
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for i in 0..PER_TASK {
                // A mix: lists (GET, retried), creates (POST, not retried), and not-founds.
                let outcome = match (t + i) % 3 {
                    0 => match client.vault().consumers().all(VaultConsumersAllRequest::default()).await {
                        Ok(r) if r.get_consumers_response.is_some() => "ok",
                        Err(Error::Status(e)) if e.status == 503 => "gave up on 503",
                        Err(Error::Connection(_)) => "gave up on the connection",
                        other => panic!("list: {other:?}"),
                    },
                    1 => match client.vault().sessions().create(VaultSessionsCreateRequest::default()).await {
                        Ok(_) | Err(Error::Decode(_)) => "created (or undecodable)",
                        Err(Error::Status(e)) if e.status == 503 => "503 for a POST",
                        Err(Error::Connection(e)) if e.attempts == 1 => "broken POST",
                        other => panic!("create: {other:?}"),
                    },
                    _ => {
                        let request = VaultConsumersOneRequest { app_id: None, consumer_id: "missing".into() };
                        match client.vault().consumers().one(request).await {
                            Err(Error::Api(e)) if e.status == 404 => "not found",
                            Err(Error::Status(e)) if e.status == 503 => "gave up on 503",
                            Err(Error::Connection(_)) => "gave up on the connection",
                            other => panic!("not found: {other:?}"),
                        }
                    }
                };
                outcomes.push(outcome);
            }
            outcomes
        }));
    }
    let mut total = 0;
    let mut counts = std::collections::BTreeMap::new();
    for task in tasks {
        for outcome in task.await.unwrap() {
            total += 1;
            *counts.entry(outcome).or_insert(0usize) += 1;
        }
    }
    let after = rss_kib();
    let hits = server.hits.load(Ordering::SeqCst);
    println!("load: {total}/{} requests", TASKS * PER_TASK);
    println!("load details: every request ended as documented ({counts:?}); {hits} sent with retries; RSS {before} → {after} KiB");
    assert_eq!(total, TASKS * PER_TASK, "every request ended");
    assert!(hits > total, "retries happened: {hits} sent for {total}");
    // The faults reached the client: POSTs (not retried) show them.
    for outcome in ["503 for a POST", "broken POST", "not found"] {
        assert!(counts.get(outcome).is_some_and(|&n| n > 0), "no `{outcome}` among {counts:?}");
    }
    assert!(before > 0 && after > 0, "the RSS is read from /proc/self/status");
    assert!(after < before + 64 * 1024, "memory stays flat: {before} → {after} KiB");
}
