//! The hand-written LZ77 of share links (version 1). Kept over deflate for
//! the bundle size: see [`super::codec`] for the measurement.
//!
//! Compressed form: a sequence of tokens. A tag byte `0..=127` is followed by
//! `tag + 1` literal bytes; a tag `128..=255` is a match of length
//! `tag - 128 + MIN_MATCH` at a distance given by the LEB128 varint after it.

/// The largest decompressed size accepted (a link or file is far smaller).
pub const MAX_PLAIN: usize = 1 << 20;

const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 127 + MIN_MATCH;
const MAX_LITERALS: usize = 128;
const WINDOW: usize = 1 << 15;

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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Inputs both codecs must round-trip.
    pub(in crate::share) fn cases() -> Vec<Vec<u8>> {
        vec![
            vec![],
            b"a".to_vec(),
            b"abcabcabcabcabcabc".to_vec(),
            "kafka-topics --bootstrap-server localhost:9092 --create; kafka-topics --bootstrap-server localhost:9092"
                .repeat(20)
                .into_bytes(),
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "한국어 텍스트 한국어".as_bytes().to_vec(),
        ]
    }

    #[test]
    fn compress_round_trips() {
        for c in cases() {
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
}
