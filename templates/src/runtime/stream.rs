//! A body read as it arrives: what download operations return, so a large
//! file never has to fit in memory.

use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync>>;

/// The bytes of a response body as they arrive, chunk by chunk: a
/// [`Stream`] of `Result<Bytes, std::io::Error>` (the item type that
/// `tokio_util::io::StreamReader` turns into an `AsyncRead`).
///
/// The body is not retried once it has started: an error in the middle of
/// it is the stream's last item. [`ByteStream::collect`] reads it whole.
pub struct ByteStream {
    chunks: Chunks,
}

impl ByteStream {
    /// A stream of the chunks of `stream`.
    pub fn new(stream: impl Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync + 'static) -> Self {
        ByteStream { chunks: Box::pin(stream) }
    }

    /// A stream of one chunk (none when `bytes` is empty).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        ByteStream::new(Once { chunk: (!bytes.is_empty()).then_some(bytes) })
    }

    /// Reads the rest of the body into one buffer.
    pub async fn collect(mut self) -> Result<Bytes, std::io::Error> {
        let mut chunks: Vec<Bytes> = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| self.chunks.as_mut().poll_next(cx)).await {
            chunks.push(chunk?);
        }
        Ok(match chunks.len() {
            0 => Bytes::new(),
            1 => chunks.remove(0),
            _ => chunks.concat().into(),
        })
    }

    /// The chunks, as a boxed stream.
    pub fn into_inner(self) -> Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + Sync>> {
        self.chunks
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream { .. }")
    }
}

/// A stream of at most one chunk.
struct Once {
    chunk: Option<Bytes>,
}

impl Stream for Once {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.chunk.take().map(Ok))
    }
}
