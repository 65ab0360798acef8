//! The trace hash's stable binary encoding: a tiny `serde::Serializer` that
//! feeds an event's fields straight into FNV-1a, allocating nothing. Variant
//! indexes are `u32`, integers little-endian, strings and sequences their
//! length (`u64`) then their bytes or elements, `Option` a 0/1 tag. The hash
//! so depends on the events' values, not on how any language renders them.

use crate::sim::hash::fnv1a64_extend;

/// FNV-1a continued over a byte slice.
fn fnv1a64_update(h: u64, bytes: &[u8]) -> u64 {
    fnv1a64_extend(h, bytes.iter().copied())
}
use serde::ser::{self, Serialize};
use std::fmt;

/// The running FNV-1a state.
pub struct FnvSerializer {
    pub hash: u64,
}

/// Never produced: every value encodes.
#[derive(Debug)]
pub struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("trace encoding failed")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Never {
        Never
    }
}

/// Feeds `value` into the hash `h`.
pub fn hash_value<T: Serialize + ?Sized>(h: u64, value: &T) -> u64 {
    let mut s = FnvSerializer { hash: h };
    // The serializer cannot fail; an error would only leave the hash as it is.
    let _ = value.serialize(&mut s);
    s.hash
}

impl FnvSerializer {
    fn bytes(&mut self, b: &[u8]) {
        self.hash = fnv1a64_update(self.hash, b);
    }

    fn len(&mut self, n: usize) {
        self.bytes(&(n as u64).to_le_bytes());
    }
}

type R = Result<(), Never>;

macro_rules! le {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> R {
            self.bytes(&v.to_le_bytes());
            Ok(())
        })*
    };
}

impl ser::Serializer for &mut FnvSerializer {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    le!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128);
    le!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);
    le!(serialize_f32: f32, serialize_f64: f64);

    fn serialize_bool(self, v: bool) -> R {
        self.bytes(&[u8::from(v)]);
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.serialize_u32(u32::from(v))
    }
    fn serialize_str(self, v: &str) -> R {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.len(v.len());
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.bytes(&[0]);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        self.bytes(&[1]);
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, i: u32, _: &'static str) -> R {
        self.serialize_u32(i)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, i: u32, _: &'static str, v: &T) -> R {
        self.bytes(&i.to_le_bytes());
        v.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Never> {
        self.len(len.unwrap_or(usize::MAX));
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, i: u32, _: &'static str, _: usize) -> Result<Self, Never> {
        self.bytes(&i.to_le_bytes());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Never> {
        self.len(len.unwrap_or(usize::MAX));
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, i: u32, _: &'static str, _: usize) -> Result<Self, Never> {
        self.bytes(&i.to_le_bytes());
        Ok(self)
    }
}

macro_rules! compound {
    ($($tr:ident :: $f:ident),*) => {
        $(impl ser::$tr for &mut FnvSerializer {
            type Ok = ();
            type Error = Never;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
                v.serialize(&mut **self)
            }
            fn end(self) -> R {
                Ok(())
            }
        })*
    };
}

compound!(SerializeSeq::serialize_element, SerializeTuple::serialize_element);
compound!(SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

impl ser::SerializeMap for &mut FnvSerializer {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

macro_rules! fields {
    ($($tr:ident),*) => {
        $(impl ser::$tr for &mut FnvSerializer {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, v: &T) -> R {
                v.serialize(&mut **self)
            }
            fn end(self) -> R {
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_is_little_endian_and_length_prefixed() {
        let h0 = 0xcbf2_9ce4_8422_2325;
        assert_eq!(hash_value(h0, &7u32), fnv1a64_update(h0, &[7, 0, 0, 0]));
        let want = fnv1a64_update(fnv1a64_update(h0, &2u64.to_le_bytes()), b"ab");
        assert_eq!(hash_value(h0, "ab"), want);
        assert_ne!(hash_value(h0, &Some(1u8)), hash_value(h0, &1u8));
    }
}
