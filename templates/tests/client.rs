//! The runtime client against a loopback HTTP server: what it sends
//! (parameters, credentials, globals), how it retries, and how each failure
//! comes back.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use templates::runtime::{
    CallOptions, Core, Credential, Error, Location, Request, RetryMethods, RetryPolicy, Secret, Settings, Style,
};

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// What the server answers: status, headers, body, and how long it waits first.
type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>, Duration);

/// A loopback server that answers the `n`th request with `answer(n)`.
async fn serve(answer: impl Fn(usize) -> Answer + Send + Sync + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let answer = Arc::new(answer);
    let count = Arc::new(AtomicUsize::new(0));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let (answer, count, log) = (answer.clone(), count.clone(), log.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let (answer, count, log) = (answer.clone(), count.clone(), log.clone());
                    async move {
                        let method = request.method().to_string();
                        let uri = request.uri().to_string();
                        let headers = request
                            .headers()
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
                            .collect();
                        let body = request.into_body().collect().await.unwrap().to_bytes().to_vec();
                        log.lock().unwrap().push(Seen { method, uri, headers, body });
                        let n = count.fetch_add(1, Ordering::SeqCst);
                        let (status, headers, body, wait) = answer(n);
                        tokio::time::sleep(wait).await;
                        let mut response = hyper::Response::builder().status(status);
                        for (k, v) in headers {
                            response = response.header(k, v);
                        }
                        Ok::<_, std::convert::Infallible>(response.body(Full::new(Bytes::from(body))).unwrap())
                    }
                });
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    (url, seen)
}

fn json_answer(status: u16, body: serde_json::Value) -> Answer {
    (status, vec![("content-type", "application/json".to_string())], body.to_string().into_bytes(), Duration::ZERO)
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(5),
        ..RetryPolicy::default()
    }
}

fn core(url: &str) -> Core {
    Core::new(Settings {
        server_url: Some(url.to_string()),
        timeout: Some(Duration::from_secs(5)),
        retry: fast_retries(),
        user_agent: "runtime-test".into(),
        credentials: vec![Credential {
            scheme: "apiKey",
            location: Location::Header,
            name: "Authorization",
            prefix: "Bearer ",
            secret: Secret::new("s3cret"),
        }],
        globals: vec![(Location::Header, "x-consumer-id", "consumer-1".into())],
        strict: false,
        http: None,
    })
    .unwrap()
}

fn header<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn sends_what_the_operation_describes() {
    let (url, seen) = serve(|_| json_answer(200, json!({"ok": true}))).await;
    let core = core(&url);
    let mut r = Request::new("GET", "/things/{id}", "http://unused.invalid", &[&["apiKey"]]);
    r.path_param("id", Style::Simple, false, &"a b/c");
    r.query_param("filter", Style::DeepObject, true, &json!({"name": "x y", "since": "2020"}));
    r.query_param("limit", Style::Form, true, &Some(20));
    r.query_param("absent", Style::Form, true, &None::<i32>);
    r.query_param("ids", Style::Form, false, &["1", "2"]);
    r.global(Location::Header, "x-consumer-id", true);
    r.header_param("x-trace", false, &"t-1");
    let response = core.execute::<()>(r, None).await.unwrap();
    assert_eq!(response.status, 200);
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.uri, "/things/a%20b%2Fc?filter%5Bname%5D=x+y&filter%5Bsince%5D=2020&limit=20&ids=1%2C2");
    assert_eq!(header(&seen, "authorization"), Some("Bearer s3cret"));
    assert_eq!(header(&seen, "x-consumer-id"), Some("consumer-1"));
    assert_eq!(header(&seen, "x-trace"), Some("t-1"));
    assert_eq!(header(&seen, "user-agent"), Some("runtime-test"));
    // The metadata keeps the request, with the credential redacted.
    let meta = &response.http_meta;
    assert!(meta
        .request
        .url
        .ends_with("/things/a%20b%2Fc?filter%5Bname%5D=x+y&filter%5Bsince%5D=2020&limit=20&ids=1%2C2"));
    assert!(meta.request.headers.contains(&("Authorization".into(), "[redacted]".into())), "{meta:?}");
    assert_eq!(meta.response.header("content-type"), Some("application/json"));
    // `Debug` of the client shows no secret.
    assert!(!format!("{core:?}").contains("s3cret"), "{core:?}");
}

#[tokio::test]
async fn accept_names_the_documented_media_types_and_a_call_header_replaces_it() {
    let (url, seen) = serve(|_| json_answer(200, json!({}))).await;
    let core = core(&url);
    let mut r = Request::new("GET", "/x", "", &[]);
    r.accept("application/json, text/csv");
    core.execute::<()>(r, None).await.unwrap();
    assert_eq!(header(&seen.lock().unwrap()[0], "accept"), Some("application/json, text/csv"));

    let options = CallOptions {
        headers: vec![("Accept".into(), "text/csv".into()), ("User-Agent".into(), "mine".into())],
        ..Default::default()
    };
    let mut r = Request::new("GET", "/x", "", &[]);
    r.accept("application/json, text/csv");
    core.execute::<()>(r, Some(&options)).await.unwrap();
    let seen = seen.lock().unwrap()[1].clone();
    let accept: Vec<_> = seen.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("accept")).collect();
    assert_eq!(accept, [&("accept".to_string(), "text/csv".to_string())]);
    assert_eq!(header(&seen, "user-agent"), Some("mine"));
}

#[tokio::test]
async fn a_request_value_wins_over_the_global_and_a_missing_required_global_fails_early() {
    let (url, seen) = serve(|_| json_answer(200, json!({}))).await;
    let core = core(&url);
    let mut r = Request::new("GET", "/x", "", &[]);
    r.header_param("x-consumer-id", false, &"mine");
    core.execute::<()>(r, None).await.unwrap();
    assert_eq!(header(&seen.lock().unwrap()[0], "x-consumer-id"), Some("mine"));
    assert!(header(&seen.lock().unwrap()[0], "authorization").is_none(), "no security asked for, none sent");

    let mut r = Request::new("GET", "/x", "", &[]);
    r.global(Location::Header, "x-app-id", true);
    match core.execute::<()>(r, None).await {
        Err(Error::Request(e)) => assert!(e.message.contains("x-app-id"), "{e:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "nothing was sent");
}

#[tokio::test]
async fn retries_503_then_succeeds_for_idempotent_methods_only() {
    let (url, seen) = serve(|n| if n == 0 { json_answer(503, json!({})) } else { json_answer(200, json!({})) }).await;
    let core = core(&url);
    let response = core.execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(seen.lock().unwrap().len(), 2);

    let (url, seen) = serve(|n| if n == 0 { json_answer(503, json!({})) } else { json_answer(200, json!({})) }).await;
    let core = self::core(&url);
    let response = core.execute::<()>(Request::new("POST", "/x", "", &[]), None).await.unwrap();
    assert_eq!(response.status, 503, "a POST is not sent twice by default");
    assert_eq!(seen.lock().unwrap().len(), 1);

    let all =
        CallOptions { retry: Some(RetryPolicy { methods: RetryMethods::All, ..fast_retries() }), ..Default::default() };
    let (url, seen) = serve(|n| if n == 0 { json_answer(503, json!({})) } else { json_answer(200, json!({})) }).await;
    let core = self::core(&url);
    let response = core.execute::<()>(Request::new("POST", "/x", "", &[]), Some(&all)).await.unwrap();
    assert_eq!(response.status, 200, "per call, POST may be retried");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn honours_retry_after() {
    let (url, seen) = serve(|n| {
        if n == 0 {
            (429, vec![("retry-after", "1".to_string())], Vec::new(), Duration::ZERO)
        } else {
            json_answer(200, json!({}))
        }
    })
    .await;
    // A backoff of 10 ms would retry at once; the server asks for a second.
    let core = core(&url);
    let started = Instant::now();
    let response = core.execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(seen.lock().unwrap().len(), 2);

    // A wait beyond the policy's limit is not taken: the 429 comes back.
    let (url, _) = serve(|_| (429, vec![("retry-after", "3600".to_string())], Vec::new(), Duration::ZERO)).await;
    let response =
        core_with(&url, fast_retries()).execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    assert_eq!(response.status, 429);
}

fn core_with(url: &str, retry: RetryPolicy) -> Core {
    Core::new(Settings {
        server_url: Some(url.to_string()),
        timeout: Some(Duration::from_millis(200)),
        retry,
        user_agent: "runtime-test".into(),
        credentials: Vec::new(),
        globals: Vec::new(),
        strict: false,
        http: None,
    })
    .unwrap()
}

#[tokio::test]
async fn a_slow_server_times_out_after_the_retries() {
    let (url, seen) = serve(|_| (200, Vec::new(), Vec::new(), Duration::from_secs(2))).await;
    let policy = RetryPolicy { max_elapsed: Duration::from_millis(300), ..fast_retries() };
    match core_with(&url, policy).execute::<()>(Request::new("GET", "/slow", "", &[]), None).await {
        Err(Error::Timeout(e)) => {
            assert!(e.attempts >= 2, "{e:?}");
            assert_eq!(seen.lock().unwrap().len(), e.attempts as usize);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_reset_connection_is_a_connection_error() {
    // A server that accepts and closes at once.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let policy = RetryPolicy { max_elapsed: Duration::from_millis(200), ..fast_retries() };
    match core_with(&url, policy).execute::<()>(Request::new("GET", "/x", "", &[]), None).await {
        Err(Error::Connection(e)) => {
            assert!(e.attempts >= 2, "retried: {e:?}");
            assert!(accepted.load(Ordering::SeqCst) >= 2);
        }
        other => panic!("{other:?}"),
    }
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Thing {
    id: String,
}

#[tokio::test]
async fn bodies_decode_or_say_why_not() {
    let (url, _) = serve(|n| match n {
        0 => json_answer(200, json!({"id": "1"})),
        1 => (200, vec![("content-type", "text/html".to_string())], b"<html/>".to_vec(), Duration::ZERO),
        _ => json_answer(200, json!({"id": 2})),
    })
    .await;
    let core = core(&url);
    let ok = core.execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    assert_eq!(ok.json::<Thing, ()>("a Thing").unwrap(), Thing { id: "1".into() });
    let html = core.execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    match html.json::<Thing, ()>("a Thing") {
        Err(Error::Decode(e)) => {
            assert!(e.problem.message.contains("text/html"), "{e:?}");
            assert_eq!(e.body, b"<html/>");
        }
        other => panic!("{other:?}"),
    }
    let wrong = core.execute::<()>(Request::new("GET", "/x", "", &[]), None).await.unwrap();
    match wrong.json::<Thing, ()>("a Thing") {
        Err(Error::Decode(e)) => assert_eq!(e.problem.path, "$.id", "{e:?}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bodies_are_sent_as_their_media_type() {
    let (url, seen) = serve(|_| json_answer(200, json!({}))).await;
    let core = core(&url);
    let mut r = Request::new("POST", "/json", "", &[]);
    r.json_body("application/json", &json!({"a": [1, 2]}));
    core.execute::<()>(r, None).await.unwrap();
    let mut r = Request::new("POST", "/form", "", &[]);
    r.form_body("application/x-www-form-urlencoded", &json!({"name": "a b", "tags": ["x", "y"]}));
    core.execute::<()>(r, None).await.unwrap();
    let mut r = Request::new("POST", "/multipart", "", &[]);
    r.multipart_body(&json!({"name": "n", "meta": {"k": 1}}));
    core.execute::<()>(r, None).await.unwrap();
    let mut r = Request::new("PUT", "/bytes", "", &[]);
    r.bytes_body("application/octet-stream", vec![0u8, 1, 2]);
    core.execute::<()>(r, None).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(header(&seen[0], "content-type"), Some("application/json"));
    assert_eq!(seen[0].body, br#"{"a":[1,2]}"#);
    assert_eq!(header(&seen[1], "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8_lossy(&seen[1].body), "name=a+b&tags=x&tags=y");
    let multipart = header(&seen[2], "content-type").unwrap();
    assert!(multipart.starts_with("multipart/form-data; boundary="), "{multipart}");
    let text = String::from_utf8_lossy(&seen[2].body);
    assert!(text.contains("name=\"name\"") && text.contains("{\"k\":1}"), "{text}");
    assert_eq!(seen[3].body, vec![0u8, 1, 2]);
}

#[tokio::test]
async fn a_key_that_is_also_a_global_parameter_is_sent_once() {
    let (url, seen) = serve(|_| json_answer(200, json!({}))).await;
    let app = |value: &str| Credential {
        scheme: "applicationId",
        location: Location::Header,
        name: "x-app-id",
        prefix: "",
        secret: Secret::new(value),
    };
    let core = Core::new(Settings {
        server_url: Some(url),
        timeout: None,
        retry: RetryPolicy::none(),
        user_agent: "runtime-test".into(),
        credentials: vec![app("from-client")],
        globals: vec![(Location::Header, "x-app-id", "from-client".into())],
        strict: false,
        http: None,
    })
    .unwrap();
    let mut r = Request::new("GET", "/x", "", &[&["applicationId"]]);
    r.global(Location::Header, "x-app-id", true);
    core.execute::<()>(r, None).await.unwrap();
    let mut r = Request::new("GET", "/x", "", &[&["applicationId"]]);
    r.header_param("x-app-id", false, &"from-request");
    core.execute::<()>(r, None).await.unwrap();
    let seen = seen.lock().unwrap();
    let values =
        |s: &Seen| s.headers.iter().filter(|(k, _)| k == "x-app-id").map(|(_, v)| v.clone()).collect::<Vec<_>>();
    assert_eq!(values(&seen[0]), ["from-client"]);
    assert_eq!(values(&seen[1]), ["from-request"], "the request's value, once");
}

#[tokio::test]
async fn a_streamed_body_arrives_chunk_by_chunk() {
    use futures_util::StreamExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A server that sends the first chunk, then waits to be told to send
    // the rest: a client that read the body whole before returning would
    // never return.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let go = Arc::new(tokio::sync::Notify::new());
    let go_server = go.clone();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap();
            request.extend_from_slice(&buf[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(format!("{head}5\r\nhello\r\n").as_bytes()).await.unwrap();
        go_server.notified().await;
        socket.write_all(b"6\r\n world\r\n0\r\n\r\n").await.unwrap();
        let _ = socket.read(&mut buf).await;
    });
    let core = core(&url);
    let mut r = Request::new("GET", "/download", "", &[]);
    r.stream_when(|status, media| status == 200 && templates::runtime::media_is(media, "application/pdf"));
    let response = tokio::time::timeout(Duration::from_secs(3), core.execute::<()>(r, None))
        .await
        .expect("the client waited for the whole body")
        .unwrap();
    assert!(response.body.is_empty());
    assert!(matches!(response.json::<serde_json::Value, ()>("JSON"), Err(Error::Decode(_))));
    let mut stream = response.byte_stream();
    assert_eq!(stream.next().await.unwrap().unwrap(), "hello");
    go.notify_one();
    assert_eq!(stream.collect().await.unwrap(), " world");
    // Taken once: a second stream is empty.
    assert_eq!(response.byte_stream().collect().await.unwrap(), "");
}

#[tokio::test]
async fn responses_the_request_does_not_stream_are_read_whole() {
    let (url, _) =
        serve(|_| (200, vec![("content-type", "application/pdf".to_string())], b"%PDF".to_vec(), Duration::ZERO)).await;
    let core = core(&url);
    let mut r = Request::new("GET", "/download", "", &[]);
    r.stream_when(|status, _| status == 201);
    let response = core.execute::<()>(r, None).await.unwrap();
    assert_eq!(response.body, "%PDF");
    assert_eq!(response.byte_stream().collect().await.unwrap(), "%PDF");
}

#[tokio::test]
async fn multipart_files_are_raw_bytes() {
    let (url, seen) = serve(|_| json_answer(200, json!({}))).await;
    let core = core(&url);
    let mut r = Request::new("POST", "/pages", "", &[]);
    r.multipart_begin();
    r.multipart_field("caption", &Some("first page"));
    r.multipart_field("number", &7);
    r.multipart_field("absent", &None::<String>);
    r.multipart_file("scan", &Some(vec![0u8, 159, 146, 150]));
    r.multipart_file("pages", &vec![b"one".to_vec(), b"two".to_vec()]);
    r.multipart_file("none", &None::<Vec<u8>>);
    core.execute::<()>(r, None).await.unwrap();
    let mut r = Request::new("POST", "/empty", "", &[]);
    r.multipart_begin();
    core.execute::<()>(r, None).await.unwrap();
    let seen = seen.lock().unwrap();
    let body = &seen[0].body;
    let find = |needle: &[u8]| body.windows(needle.len()).position(|w| w == needle);
    // The bytes go as they are, not as a JSON array of numbers.
    let scan = find(b"name=\"scan\"; filename=\"scan\"").expect("a file part");
    let bytes = find(&[0u8, 159, 146, 150]).expect("the raw bytes");
    assert!(bytes > scan);
    assert!(find(b"[0,159,146,150]").is_none());
    assert!(find(b"application/octet-stream").is_some());
    assert!(find(b"first page").is_some() && find(b"\r\n\r\n7\r\n").is_some());
    assert!(find(b"name=\"absent\"").is_none() && find(b"name=\"none\"").is_none());
    assert_eq!(String::from_utf8_lossy(body).matches("name=\"pages\"; filename=\"pages\"").count(), 2);
    // No parts: still a (empty) multipart form.
    let empty = header(&seen[1], "content-type").unwrap();
    assert!(empty.starts_with("multipart/form-data; boundary="), "{empty}");
}
