//! Compresses a checklist's streams with libdeflate, one compressor per thread.
//!
//! lopdf's `Document::compress` makes a new zlib encoder for every stream, and making one
//! zeroes some 300 KB of tables: with some fifty streams per checklist, most of them field
//! appearances under 256 bytes, that was half of the PDF's cost. Streams that short are left
//! plain (they would save a few dozen bytes each); otherwise the rule is lopdf's: a stream that
//! allows compression and has no filter yet gets `FlateDecode`, unless that does not save more
//! than the filter's own bytes.
//!
//! libdeflate compresses a whole buffer in one call, which is all a PDF stream needs; zlib-rs
//! (used before, through flate2) is a streaming compressor that zeroes a 128 KB hash table at
//! each reset and a 48 KB symbol buffer at each block, about 1.4 M instructions of a checklist's
//! 4.6 M of deflate. Measured on the 20 checklists of `bench/generate.py 20` (callgrind,
//! instructions of the build, bytes of the 20 PDFs): zlib-rs at level 2, 490.9 M and 2 264 KB;
//! libdeflate at level 1, 444.2 M and 2 229 KB; at 2, 466.4 M and 2 215 KB; at 4, 472.2 M and
//! 2 209 KB; at 6, 492.2 M and 2 198 KB. Level 1 is cheaper and smaller than what it replaced,
//! so a checklist's own streams (page contents, `/ToUnicode` maps, metadata) use it.
//!
//! The common font programs, compressed once per build ([`deflate`]), use level 9: against 6,
//! 0.7 M instructions more per build for 203 bytes less per checklist (level 12: 81 M for 900).
//!
//! libdeflate's output depends only on its version and the level (its author, libdeflate issue
//! 400: no version has been non-deterministic; the SIMD paths are for checksums and table
//! fills that give the same values), so the version is pinned in `Cargo.toml`.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};
use lopdf::{Document, Object};

/// Streams shorter than this are not worth a deflate run.
const SHORTEST: usize = 256;

/// The level of a checklist's own streams (see above).
const LEVEL: i32 = 1;

/// The level of what is compressed once per build.
const ONCE_LEVEL: i32 = 9;

thread_local! {
    /// The compressor of a checklist's streams; libdeflate allocates its tables once.
    static DEFLATE: RefCell<Compressor> = RefCell::new(compressor(LEVEL));
    /// Room for the largest compressed stream so far, so each stream's output is not a
    /// zeroed buffer of the worst-case size.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A compressor at `level` (one of libdeflate's, 0–12, or its default).
fn compressor(level: i32) -> Compressor {
    Compressor::new(CompressionLvl::new(level).unwrap_or_default())
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
                || stream.dict.has(b"Filter")
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

/// `input` compressed at level 9, as a stream made once per build is, or `None` if it would
/// be left plain.
pub fn deflate(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() < SHORTEST {
        return None;
    }
    let mut deflate = compressor(ONCE_LEVEL);
    worth(zlib(&mut deflate, input), input)
}

/// The compressed bytes if they save more than the filter's own bytes.
fn worth(compressed: Option<Vec<u8>>, input: &[u8]) -> Option<Vec<u8>> {
    compressed.filter(|compressed| compressed.len() + 19 < input.len())
}

/// `input` as a zlib stream, or `None` if deflate fails (the stream is then left as it is;
/// libdeflate fails only if the output does not fit, and the buffer is its bound).
fn zlib(deflate: &mut Compressor, input: &[u8]) -> Option<Vec<u8>> {
    SCRATCH.with_borrow_mut(|scratch| {
        let bound = deflate.zlib_compress_bound(input.len());
        if scratch.len() < bound {
            scratch.resize(bound, 0);
        }
        let len = deflate.zlib_compress(input, &mut scratch[..bound]).ok()?;
        Some(scratch[..len].to_vec())
    })
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
