//! The byte-level parts of a share link: raw deflate ([`miniz_oxide`]),
//! base64url without padding ([`base64`]) and an FNV-1a checksum.
//! Deterministic: the same run always gives the same link.
//!
//! Links of version 1 were packed with a hand-written LZ77 ([`super::lz77`]);
//! they still open. New links (version 2) use deflate: smaller on every
//! real link measured (`share_link_sizes` in `src/share/tests.rs`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The largest decompressed size accepted (a link or file is far smaller).
pub const MAX_PLAIN: usize = 1 << 20;
/// miniz_oxide's strongest level (a link is short; size matters, time does not).
const LEVEL: u8 = 10;

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `input` as a raw deflate stream (RFC 1951, no zlib header: the checksum is ours).
pub fn deflate(input: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(input, LEVEL)
}

/// Inflates what [`deflate`] made; None if it is not a valid stream or inflates past [`MAX_PLAIN`].
pub fn inflate(input: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(input, MAX_PLAIN).ok()
}

/// base64url without padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; None on any other character, a bad length or
/// non-zero unused trailing bits (two links must not decode to the same run).
pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_refuses_non_canonical_trailing_bits() {
        // "YQ" is "a"; "YR" has the same byte and a stray low bit.
        assert_eq!(b64_decode("YQ"), Some(b"a".to_vec()));
        assert_eq!(b64_decode("YR"), None);
        assert_eq!(b64_decode("YWI"), Some(b"ab".to_vec()));
        assert_eq!(b64_decode("YWJ"), None);
        assert_eq!(b64_decode(&b64_encode(b"abc")), Some(b"abc".to_vec()));
    }

    #[test]
    fn deflate_round_trips() {
        for c in super::super::lz77::tests::cases() {
            assert_eq!(inflate(&deflate(&c)).as_deref(), Some(&c[..]));
        }
        let long = "kafka-topics --bootstrap-server localhost:9092 ".repeat(50);
        assert!(deflate(long.as_bytes()).len() < long.len() / 5);
    }

    #[test]
    fn inflate_rejects_garbage_and_bombs() {
        assert_eq!(inflate(&[0xff, 0xff, 0xff]), None);
        assert_eq!(inflate(&deflate(b"abc")), Some(b"abc".to_vec()));
        let big = vec![b'a'; MAX_PLAIN + 1];
        assert_eq!(inflate(&deflate(&big)), None, "past MAX_PLAIN");
    }

    #[test]
    fn base64url_round_trips() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            let s = b64_encode(&bytes);
            assert!(s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(b64_decode(&s), Some(bytes));
        }
        assert_eq!(b64_encode(b"Man"), "TWFu");
        assert_eq!(b64_decode("TW=u"), None);
        assert_eq!(b64_decode("TWFuT"), None);
    }
}
