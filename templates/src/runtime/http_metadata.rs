//! The raw HTTP exchange behind a response.

/// The request that was sent and the response that came back, as every
/// operation's response type carries them (`http_meta`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpMetadata {
    /// The request as sent.
    pub request: RequestMetadata,
    /// The response as received (before its body was decoded).
    pub response: ResponseMetadata,
}

/// A sent request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestMetadata {
    /// The HTTP method (`GET`, `POST`...).
    pub method: String,
    /// The full URL, query string included.
    pub url: String,
    /// The headers, in the order sent; credentials are redacted.
    pub headers: Vec<(String, String)>,
}

/// A received response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseMetadata {
    /// The status code.
    pub status: u16,
    /// The headers, in the order received.
    pub headers: Vec<(String, String)>,
}

impl ResponseMetadata {
    /// The first header named `name` (case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case() {
        let meta = ResponseMetadata { status: 200, headers: vec![("Content-Type".into(), "application/json".into())] };
        assert_eq!(meta.header("content-type"), Some("application/json"));
        assert_eq!(meta.header("x-missing"), None);
    }
}
