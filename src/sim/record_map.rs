//! The durability ledger's map from [`RecordId`] to what became of the record,
//! with cheap clones (the player's rewind checkpoints copy the simulation).
//!
//! A producer names its records `node << 40 | n` with `n` counting up from 0,
//! so each producer's ids are dense: they index a [`SharedVec`] (chunks shared
//! between clones until written), which grows over small gaps (ids observed a
//! little out of order). An id far beyond its producer's run (none today) goes
//! to a small ordinary map instead. Iteration is in id order within each of
//! the two parts, dense part first.

use super::record::RecordId;
use super::shared_vec::SharedVec;
use crate::vecmap::VecMap;
use std::rc::Rc;

const LOW_BITS: u32 = 40;
/// Ids may arrive a little out of order (records appended to different
/// partitions); a run grows over a gap up to this size, leaving empty slots.
const MAX_GAP: usize = 4_096;

/// A map keyed by record id, cheap to clone.
#[derive(Clone, Debug)]
pub struct RecordMap<V> {
    dense: VecMap<u64, SharedVec<Option<V>>>,
    sparse: VecMap<RecordId, V>,
    len: u64,
    /// One chunk of empty slots that every emptied chunk points at, so a run
    /// whose old records were removed (retention) holds no memory for them.
    blank: Option<Rc<Vec<Option<V>>>>,
}

impl<V> Default for RecordMap<V> {
    fn default() -> Self {
        RecordMap { dense: VecMap::new(), sparse: VecMap::new(), len: 0, blank: None }
    }
}

fn split(id: RecordId) -> (u64, usize) {
    (id.0 >> LOW_BITS, (id.0 & ((1 << LOW_BITS) - 1)) as usize)
}

impl<V: Clone> RecordMap<V> {
    /// Entries held.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, id: &RecordId) -> Option<&V> {
        let (run, i) = split(*id);
        match self.dense.get(&run).and_then(|v| v.get(i)) {
            Some(Some(value)) => Some(value),
            _ => self.sparse.get(id),
        }
    }

    pub fn get_mut(&mut self, id: &RecordId) -> Option<&mut V> {
        let (run, i) = split(*id);
        let in_dense = self.dense.get(&run).is_some_and(|v| v.get(i).is_some_and(Option::is_some));
        if in_dense {
            return self.dense.get_mut(&run).and_then(|v| v.get_mut(i)).and_then(Option::as_mut);
        }
        self.sparse.get_mut(id)
    }

    /// Inserts `value` at `id`; returns the value it replaces.
    pub fn insert(&mut self, id: RecordId, value: V) -> Option<V> {
        if let Some(old) = self.get_mut(&id) {
            return Some(std::mem::replace(old, value));
        }
        self.len += 1;
        let (run, i) = split(id);
        let run = self.dense.entry(run).or_default();
        if i < run.len() {
            if let Some(slot) = run.get_mut(i) {
                *slot = Some(value);
            }
            return None;
        }
        if i - run.len() > MAX_GAP {
            return self.sparse.insert(id, value);
        }
        while run.len() < i {
            run.push(None);
        }
        run.push(Some(value));
        None
    }

    /// Removes `id`'s entry; a chunk of a run left without entries is freed.
    pub fn remove(&mut self, id: &RecordId) -> Option<V> {
        let (run, i) = split(*id);
        let blank = self.blank.get_or_insert_with(|| Rc::new(vec![None; SharedVec::<Option<V>>::CHUNK])).clone();
        let dense = self.dense.get_mut(&run).filter(|v| v.get(i).is_some_and(Option::is_some));
        let old = match dense {
            Some(v) => {
                let old = v.get_mut(i).and_then(Option::take);
                v.share_chunk_if(i, Option::is_none, &blank);
                old
            }
            None => self.sparse.remove(id),
        };
        self.len -= u64::from(old.is_some());
        old
    }

    /// Every value: the dense runs in id order, then the others in id order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        let dense = self.dense.values().flat_map(|v| v.iter().flatten());
        dense.chain(self.sparse.values())
    }
}

impl<V: Clone> std::ops::Index<&RecordId> for RecordMap<V> {
    type Output = V;

    /// Panics if absent, like `BTreeMap`'s index (tests use it on ids they sent).
    fn index(&self, id: &RecordId) -> &V {
        self.get(id).expect("no entry for this record id")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(node: u64, n: u64) -> RecordId {
        RecordId((node << LOW_BITS) | n)
    }

    #[test]
    fn a_map_of_producer_runs_and_stray_ids() {
        let mut m = RecordMap::default();
        for n in 0..600 {
            assert_eq!(m.insert(id(2, n), n), None);
            assert_eq!(m.insert(id(1, n), 10_000 + n), None);
        }
        assert_eq!(m.insert(RecordId(u64::MAX), 7), None, "a stray id");
        assert_eq!(m.insert(id(1, 900), 9), None, "a small gap in a run");
        assert_eq!(m.insert(id(1, 700), 8), None, "into the gap");
        assert_eq!(m.insert(id(1, 6_000), 6), None, "far beyond the run");
        assert_eq!(m.insert(id(1, 4_000), 4), None);
        assert_eq!(m.insert(id(1, 7_000), 70), None, "the run grows over the stray id");
        assert_eq!(m.get(&id(1, 6_000)), Some(&6), "which is still found");
        assert_eq!(m.insert(id(1, 6_000), 66), Some(6));
        assert_eq!(m.len(), 1_206);
        assert_eq!(m.get(&id(2, 599)), Some(&599));
        assert_eq!(m.get(&id(2, 600)), None);
        assert_eq!(m.get(&id(1, 800)), None, "an empty slot");
        assert_eq!(m[&RecordId(u64::MAX)], 7);
        assert_eq!(m.insert(id(1, 5), 55), Some(10_005));
        *m.get_mut(&id(1, 900)).expect("present") += 1;
        assert_eq!(m.get(&id(1, 900)), Some(&10));
        assert_eq!(m.len(), 1_206, "replacements add nothing");
        let values: Vec<u64> = m.values().copied().collect();
        assert_eq!(values[..3], [10_000, 10_001, 10_002], "node 1's run first");
        assert_eq!(values[600..604], [8, 10, 4, 70], "with the ids in its gaps");
        assert_eq!(values[604], 0, "then node 2's");
        for n in 0..600 {
            assert_eq!(m.remove(&id(2, n)), Some(n));
        }
        assert_eq!(m.remove(&id(2, 0)), None, "already removed");
        assert_eq!(m.remove(&RecordId(u64::MAX)), Some(7), "a stray id");
        assert_eq!((m.len(), m.get(&id(2, 5))), (605, None));
        assert_eq!(m.insert(id(2, 5), 1), None, "a freed chunk takes entries again (copy on write)");
        assert_eq!((m.get(&id(2, 5)), m.get(&id(2, 6))), (Some(&1), None));
        assert_eq!(values[1_204..], [66, 7], "then the stray ids in id order");
    }

    #[test]
    fn clones_are_independent() {
        let mut a = RecordMap::default();
        (0..1_000).for_each(|n| {
            a.insert(id(1, n), n);
        });
        let mut b = a.clone();
        *b.get_mut(&id(1, 3)).expect("present") = 0;
        b.insert(id(1, 1_000), 1);
        assert_eq!((a.get(&id(1, 3)), a.len()), (Some(&3), 1_000));
        assert_eq!((b.get(&id(1, 3)), b.len()), (Some(&0), 1_001));
    }
}
