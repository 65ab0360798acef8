//! The two non-cryptographic hashes the simulation and its tools rely on, each
//! written once:
//! - [`fnv1a64`], 64-bit FNV-1a: stable across platforms and releases (unlike
//!   `DefaultHasher`); it derives RNG streams, the trace hash and share-link
//!   checksums.
//! - [`java_string_hash_code`], Java's `String.hashCode()`: coordinator
//!   placement (`Utils.abs(groupId.hashCode())`), the sticky assignor's
//!   `HashMap` order and the console's `HashMap` iteration orders depend on it
//!   bit for bit.
//!
//! The partitioner's murmur2 is a different rule and lives in `partitioner`.

/// The 64-bit FNV offset basis: the hash of no bytes.
pub const FNV1A64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over bytes (64-bit offset basis and prime).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_extend(FNV1A64_OFFSET, bytes.iter().copied())
}

/// Continues the FNV-1a hash `h` over `bytes`: `fnv1a64(a ++ b)` is
/// `fnv1a64_extend(fnv1a64(a), b)`, so a running hash needs no buffer.
pub fn fnv1a64_extend(mut h: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Java's `String.hashCode()` (`java.lang.String`): `s[0]*31^(n-1) + ... +
/// s[n-1]` over UTF-16 code units, with 32-bit wrapping arithmetic.
pub fn java_string_hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_published_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a64_extend(fnv1a64(b"foo"), *b"bar"), fnv1a64(b"foobar"));
    }

    #[test]
    fn java_hash_codes() {
        assert_eq!(java_string_hash_code("foo"), 101574);
        assert_eq!(java_string_hash_code(""), 0);
        assert_eq!(java_string_hash_code("my-group"), -1906497762);
        // A supplementary character hashes as its two surrogates.
        let pair = 0xD83Di32.wrapping_mul(31).wrapping_add(0xDE00);
        assert_eq!(java_string_hash_code("\u{1F600}"), pair);
    }
}
