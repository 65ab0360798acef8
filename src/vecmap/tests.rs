//! VecMap and VecSet against std's BTreeMap/BTreeSet: same contents, same order.

use super::{VecMap, VecSet};
use std::collections::{BTreeMap, BTreeSet};

/// A deterministic stream of small keys with repeats (an LCG; no RNG crate needed).
fn keys(n: usize) -> Vec<u32> {
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) % 97
        })
        .collect()
}

#[test]
fn map_matches_btreemap_under_inserts_removes_and_entries() {
    let (mut mine, mut std) = (VecMap::new(), BTreeMap::new());
    for (i, k) in keys(2_000).into_iter().enumerate() {
        match i % 5 {
            0 | 1 => assert_eq!(mine.insert(k, i), std.insert(k, i)),
            2 => assert_eq!(mine.remove(&k), std.remove(&k)),
            3 => {
                *mine.entry(k).or_insert(0) += 1;
                *std.entry(k).or_insert(0) += 1;
            }
            _ => {
                mine.retain(|key, v| !(key + *v as u32).is_multiple_of(7));
                std.retain(|key, v| !(key + *v as u32).is_multiple_of(7));
            }
        }
        assert_eq!(mine.len(), std.len());
    }
    let a: Vec<_> = mine.iter().map(|(k, v)| (*k, *v)).collect();
    let b: Vec<_> = std.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(a, b);
    assert_eq!(mine.first_key_value(), std.first_key_value());
    assert_eq!(mine.last_key_value(), std.last_key_value());
    assert_eq!(format!("{mine:?}"), format!("{std:?}"));
}

#[test]
fn ranges_and_split_off_match_btreemap() {
    let mine: VecMap<u32, u32> = (0..50).map(|k| (k * 2, k)).collect();
    let std: BTreeMap<u32, u32> = (0..50).map(|k| (k * 2, k)).collect();
    for (lo, hi) in [(0, 10), (3, 4), (7, 99), (40, 40), (41, 45)] {
        let a: Vec<_> = mine.range(lo..hi).collect();
        let b: Vec<_> = std.range(lo..hi).collect();
        assert_eq!(a, b, "{lo}..{hi}");
        let a: Vec<_> = mine.range(lo..=hi).collect();
        let b: Vec<_> = std.range(lo..=hi).collect();
        assert_eq!(a, b, "{lo}..={hi}");
        let a: Vec<_> = mine.range(lo..).rev().collect();
        let b: Vec<_> = std.range(lo..).rev().collect();
        assert_eq!(a, b, "{lo}.. reversed");
    }
    let (mut m, mut s) = (mine.clone(), std.clone());
    let (mt, st) = (m.split_off(&31), s.split_off(&31));
    assert_eq!(m.into_iter().collect::<Vec<_>>(), s.into_iter().collect::<Vec<_>>());
    assert_eq!(mt.into_iter().collect::<Vec<_>>(), st.into_iter().collect::<Vec<_>>());
}

#[test]
fn serde_form_is_btreemaps_and_unsorted_input_is_sorted() {
    let mine: VecMap<String, u32> = [("b".to_string(), 2), ("a".to_string(), 1)].into();
    let std: BTreeMap<String, u32> = [("b".to_string(), 2), ("a".to_string(), 1)].into();
    assert_eq!(serde_json::to_string(&mine).unwrap(), serde_json::to_string(&std).unwrap());
    let back: VecMap<String, u32> = serde_json::from_str(r#"{"z":3,"a":1,"m":2}"#).unwrap();
    assert_eq!(back.keys().cloned().collect::<Vec<_>>(), ["a", "m", "z"]);
    let set: VecSet<u32> = serde_json::from_str("[5,1,5,3]").unwrap();
    assert_eq!(serde_json::to_string(&set).unwrap(), serde_json::to_string(&BTreeSet::from([5, 1, 3])).unwrap());
}

#[test]
fn set_matches_btreeset() {
    let (mut mine, mut std) = (VecSet::new(), BTreeSet::new());
    for (i, k) in keys(1_000).into_iter().enumerate() {
        if i % 3 == 2 {
            assert_eq!(mine.remove(&k), std.remove(&k));
        } else {
            assert_eq!(mine.insert(k), std.insert(k));
        }
    }
    assert_eq!(mine.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
    assert_eq!((mine.first(), mine.last()), (std.first(), std.last()));
    let other: VecSet<u32> = (0..40).collect();
    let other_std: BTreeSet<u32> = (0..40).collect();
    assert_eq!(mine.difference(&other).collect::<Vec<_>>(), std.difference(&other_std).collect::<Vec<_>>());
}
