//! Compresses a checklist's streams with one reused deflate state per thread.
//!
//! lopdf's `Document::compress` makes a new zlib encoder for every stream, and making one
//! zeroes some 300 KB of tables, and so does resetting one: with some fifty streams per
//! checklist, most of them field appearances under 256 bytes, that was half of the PDF's cost.
//! Streams that short are left plain (they would save a few dozen bytes each); otherwise the
//! rule is lopdf's: a stream that allows compression and has no filter yet gets `FlateDecode`,
//! unless that does not save more than the filter's own bytes.
//!
//! A checklist's own streams (page contents, `/ToUnicode` maps, metadata) are compressed at
//! level 2: measured on 20 generated checklists with zlib-rs, level 6 → 2 takes 2.3 M
//! instructions off each (of ~30 M) for 3.3 % more bytes; level 1 would take 4 M for 16 %.
//! The common font programs, compressed once per build ([`deflate`]), stay at level 6.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Document, Object};

/// Streams shorter than this are not worth a deflate run.
const SHORTEST: usize = 256;

/// The level of a checklist's own streams (see above).
const LEVEL: u32 = 2;

/// The level of what is compressed once per build.
const ONCE_LEVEL: u32 = 6;

thread_local! {
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), true));
}

/// Compresses every stream of `pdf` that gains from it.
pub fn compress(pdf: &mut Document) {
    DEFLATE.with_borrow_mut(|deflate| {
        for object in pdf.objects.values_mut() {
            let Object::Stream(stream) = object else {
                continue;
            };
            if !stream.allows_compression
                || stream.content.len() < SHORTEST
                || stream.dict.get(b"Filter").is_ok()
            {
                continue;
            }
            if let Some(compressed) = worth(zlib(deflate, &stream.content), &stream.content) {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    });
}

/// `input` compressed at level 6, as a stream made once per build is, or `None` if it would
/// be left plain.
pub fn deflate(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() < SHORTEST {
        return None;
    }
    let mut deflate = Compress::new(Compression::new(ONCE_LEVEL), true);
    worth(zlib(&mut deflate, input), input)
}

/// The compressed bytes if they save more than the filter's own bytes.
fn worth(compressed: Option<Vec<u8>>, input: &[u8]) -> Option<Vec<u8>> {
    compressed.filter(|compressed| compressed.len() + 19 < input.len())
}

/// `input` as a zlib stream, or `None` if deflate fails (the stream is then left as it is).
fn zlib(deflate: &mut Compress, input: &[u8]) -> Option<Vec<u8>> {
    deflate.reset();
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let read = usize::try_from(deflate.total_in()).ok()?;
        match deflate.compress_vec(&input[read..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Some(out),
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid zlib stream");
        out
    }

    #[test]
    fn streams_come_back_whole_and_small_ones_stay_plain() {
        let mut pdf = Document::with_version("1.7");
        let long: Vec<u8> = b"BT /F1 10 Tf (Klik op Operator) Tj ET\n".repeat(200);
        let big = pdf.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), long.clone()));
        let tiny = pdf.add_object(lopdf::Stream::new(
            lopdf::Dictionary::new(),
            b"q Q".to_vec(),
        ));
        // The same deflate state serves several documents in a row.
        for _ in 0..2 {
            let mut copy = pdf.clone();
            compress(&mut copy);
            let big = copy
                .get_object(big)
                .and_then(Object::as_stream)
                .expect("stream");
            assert_eq!(
                big.dict.get(b"Filter").and_then(Object::as_name).ok(),
                Some(&b"FlateDecode"[..])
            );
            assert!(big.content.len() < long.len() / 10);
            assert_eq!(inflate(&big.content), long);
            let tiny = copy
                .get_object(tiny)
                .and_then(Object::as_stream)
                .expect("stream");
            assert!(tiny.dict.get(b"Filter").is_err());
            assert_eq!(tiny.content, b"q Q");
        }
    }
}
