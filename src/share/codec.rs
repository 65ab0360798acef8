//! The byte-level parts of a share link: base64url without padding
//! ([`base64`]) and an FNV-1a checksum (`sim::hash::fnv1a64`); the compressor is [`super::lz77`].
//! Deterministic: the same run always gives the same link.
//!
//! Why not deflate ([`miniz_oxide`], issue 13 item 8): measured on the real
//! links (`share_link_sizes` in `src/share/tests.rs`: the 12 lessons played
//! through and a 30-command session) deflate makes links 18% (lessons) to
//! 37% (the session) shorter, but it adds 12.2 KB gz to the wasm of a first
//! load that is already over its 450 KB budget (485.3 KB without it, 497.6
//! KB with it). Links are a few hundred characters either way, so the
//! smaller bundle wins; [`deflate`]/[`inflate`] stay as test-only code for
//! the comparison, and a version byte (`run=1.`) leaves room to switch.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

pub use super::lz77::MAX_PLAIN;
/// miniz_oxide's strongest level (for the comparison).
#[cfg(test)]
const LEVEL: u8 = 10;

/// `input` as a raw deflate stream (RFC 1951, no zlib header: the checksum is ours).
#[cfg(test)]
pub fn deflate(input: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(input, LEVEL)
}

/// Inflates what [`deflate`] made; None if it is not a valid stream or inflates past [`MAX_PLAIN`].
#[cfg(test)]
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
