//! The byte-level parts of a share link: a small LZ77 compressor and
//! base64url (the FNV-1a checksum is `sim::hash::fnv1a64`). Dependency-free
//! and deterministic: the same run always gives the same link.
//!
//! Compressed form: a sequence of tokens. A tag byte `0..=127` is followed by
//! `tag + 1` literal bytes; a tag `128..=255` is a match of length
//! `tag - 128 + MIN_MATCH` at a distance given by the LEB128 varint after it.

const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 127 + MIN_MATCH;
const MAX_LITERALS: usize = 128;
const WINDOW: usize = 1 << 15;
/// The largest decompressed size accepted (a link or file is far smaller).
pub const MAX_PLAIN: usize = 1 << 20;

fn hash3(b: &[u8]) -> usize {
    ((usize::from(b[0]) << 10) ^ (usize::from(b[1]) << 5) ^ usize::from(b[2])) & 0xfff
}

/// Compresses `input` (greedy LZ77 with a one-entry hash table).
pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2 + 8);
    let mut table = vec![usize::MAX; 0x1000];
    let mut literals: Vec<u8> = Vec::new();
    let flush = |out: &mut Vec<u8>, lits: &mut Vec<u8>| {
        for chunk in lits.chunks(MAX_LITERALS) {
            out.push((chunk.len() - 1) as u8);
            out.extend_from_slice(chunk);
        }
        lits.clear();
    };
    let mut i = 0;
    while i < input.len() {
        let mut matched = 0;
        let mut dist = 0;
        if i + MIN_MATCH <= input.len() {
            let h = hash3(&input[i..]);
            let cand = table[h];
            table[h] = i;
            if cand != usize::MAX && i - cand <= WINDOW {
                let max = (input.len() - i).min(MAX_MATCH);
                while matched < max && input[cand + matched] == input[i + matched] {
                    matched += 1;
                }
                dist = i - cand;
            }
        }
        if matched >= MIN_MATCH {
            flush(&mut out, &mut literals);
            out.push((128 + matched - MIN_MATCH) as u8);
            let mut d = dist;
            loop {
                let byte = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            i += matched;
        } else {
            literals.push(input[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut literals);
    out
}

/// Decompresses what [`compress`] made; None if the data is not a valid stream.
pub fn decompress(input: &[u8]) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let tag = usize::from(input[i]);
        i += 1;
        if tag < 128 {
            let n = tag + 1;
            out.extend_from_slice(input.get(i..i + n)?);
            i += n;
        } else {
            let len = tag - 128 + MIN_MATCH;
            let mut dist = 0usize;
            let mut shift = 0;
            loop {
                let b = *input.get(i)?;
                i += 1;
                dist |= usize::from(b & 0x7f) << shift;
                if b & 0x80 == 0 {
                    break;
                }
                shift += 7;
                if shift > 21 {
                    return None;
                }
            }
            if dist == 0 || dist > out.len() {
                return None;
            }
            let start = out.len() - dist;
            for k in 0..len {
                out.push(out[start + k]);
            }
        }
        if out.len() > MAX_PLAIN {
            return None;
        }
    }
    Some(out)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (k, b)| acc | u32::from(*b) << (16 - 8 * k));
        let chars = chunk.len() + 1;
        for k in 0..chars {
            s.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    s
}

/// Decodes base64url without padding; None on any other character or a bad length.
pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let vals: Vec<u32> =
        s.bytes().map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)).collect::<Option<Vec<u32>>>()?;
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (k, v)| acc | v << (18 - 6 * k));
        let bytes = chunk.len() - 1;
        // A short last chunk's unused low bits must be zero: otherwise two
        // different links would decode to the same run (a change unnoticed).
        if n & ((1u32 << (24 - 8 * bytes)) - 1) != 0 {
            return None;
        }
        for k in 0..bytes {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Some(out)
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
    fn compress_round_trips() {
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            b"a".to_vec(),
            b"abcabcabcabcabcabc".to_vec(),
            "kafka-topics --bootstrap-server localhost:9092 --create; kafka-topics --bootstrap-server localhost:9092"
                .repeat(20)
                .into_bytes(),
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "한국어 텍스트 한국어".as_bytes().to_vec(),
        ];
        for c in cases {
            let z = compress(&c);
            assert_eq!(decompress(&z).as_deref(), Some(&c[..]));
        }
        let long = "kafka-topics --bootstrap-server localhost:9092 ".repeat(50);
        assert!(compress(long.as_bytes()).len() < long.len() / 5);
    }

    #[test]
    fn decompress_rejects_garbage() {
        assert_eq!(decompress(&[5, b'a']), None, "literal run past the end");
        assert_eq!(decompress(&[0, b'a', 130, 9]), None, "distance past the start");
        assert_eq!(decompress(&[0, b'a', 130]), None, "missing distance");
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
