//! A vector whose clones share their contents until one of them writes.
//!
//! The player keeps snapshots of the whole simulation to rewind quickly, and
//! most of a long run's state is partition logs that only grow at their end.
//! A plain `Vec` makes every snapshot copy every record; [`SharedVec`] keeps
//! its items in fixed-size chunks behind `Rc`, so a clone copies one pointer
//! per chunk, and a write (a push into the last chunk, a truncation) copies
//! only the chunk it touches, and only if another clone still holds it
//! (`Rc::make_mut`). Each clone behaves exactly like a deep copy: what one
//! writes the others never see. Nothing here depends on addresses, so runs
//! stay deterministic.

use std::rc::Rc;

/// Items per chunk: a clone copies `len / CHUNK` pointers; a first write after
/// a clone copies at most `CHUNK` items.
const CHUNK: usize = 256;

/// A growable sequence with cheap clones (copy-on-write per chunk).
#[derive(Clone, Debug)]
pub struct SharedVec<T> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone> SharedVec<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        (i < self.len).then(|| &self.chunks[i / CHUNK][i % CHUNK])
    }

    /// The item at `i` to change (copying its chunk first if a clone shares it).
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        (i < self.len).then(|| &mut Rc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK])
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn push(&mut self, item: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        let last = self.chunks.last_mut().expect("a chunk with room");
        Rc::make_mut(last).push(item);
        self.len += 1;
    }

    /// Keeps the first `len` items.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        if !len.is_multiple_of(CHUNK) {
            Rc::make_mut(self.chunks.last_mut().expect("a partial chunk")).truncate(len % CHUNK);
        }
        self.len = len;
    }

    /// If every item of the full chunk holding item `i` is `unused`, points
    /// that chunk at `shared` instead (a chunk of the same length, shared by
    /// every such chunk), freeing its own copy; true if it did.
    pub fn share_chunk_if(&mut self, i: usize, unused: impl Fn(&T) -> bool, shared: &Rc<Vec<T>>) -> bool {
        let Some(chunk) = self.chunks.get_mut(i / CHUNK) else { return false };
        if chunk.len() != CHUNK || shared.len() != CHUNK || Rc::ptr_eq(chunk, shared) || !chunk.iter().all(unused) {
            return false;
        }
        *chunk = Rc::clone(shared);
        true
    }

    /// An identity per chunk: equal for two clones until one of them writes
    /// it; `partial` says whether a partial last chunk (which the next push
    /// copies) counts. For counting what clones share (memory estimates);
    /// nothing may depend on the values themselves, only on which are equal.
    pub fn chunk_ids(&self, partial: bool) -> impl Iterator<Item = usize> + '_ {
        self.chunks.iter().filter(move |c| partial || c.len() == CHUNK).map(|c| Rc::as_ptr(c) as *const () as usize)
    }

    /// Items per chunk (what [`SharedVec::share_chunk_if`]'s shared chunk must hold).
    pub const CHUNK: usize = CHUNK;

    /// Every item, first to last.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The items at `from..to` (clamped to the length).
    pub fn range(&self, from: usize, to: usize) -> impl Iterator<Item = &T> {
        let to = to.min(self.len);
        let from = from.min(to);
        self.chunks[from / CHUNK..].iter().flat_map(|c| c.iter()).skip(from % CHUNK).take(to - from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(n: usize) -> SharedVec<usize> {
        let mut v = SharedVec::default();
        (0..n).for_each(|i| v.push(i));
        v
    }

    #[test]
    fn behaves_like_a_vec() {
        let mut v = filled(3 * CHUNK + 5);
        assert_eq!(v.len(), 3 * CHUNK + 5);
        assert_eq!(v.get(CHUNK), Some(&CHUNK));
        assert_eq!(v.get(v.len()), None);
        assert_eq!(v.last(), Some(&(3 * CHUNK + 4)));
        assert!(v.iter().copied().eq(0..3 * CHUNK + 5));
        assert!(v.range(CHUNK - 2, CHUNK + 3).copied().eq(CHUNK - 2..CHUNK + 3));
        assert!(v.range(10, 10_000).copied().eq(10..3 * CHUNK + 5));
        assert_eq!(v.range(9, 3).count(), 0);
        v.truncate(2 * CHUNK);
        assert!(v.iter().copied().eq(0..2 * CHUNK));
        v.truncate(CHUNK + 1);
        v.push(7);
        assert!(v.iter().copied().eq((0..CHUNK + 1).chain([7])));
        v.truncate(0);
        assert!(v.is_empty() && v.last().is_none());
    }

    #[test]
    fn clones_share_chunks_but_never_see_each_others_writes() {
        let original = filled(2 * CHUNK + 10);
        let mut copy = original.clone();
        assert!(Rc::ptr_eq(&original.chunks[0], &copy.chunks[0]), "a clone shares its chunks");
        copy.truncate(CHUNK + 3);
        copy.push(1_000);
        assert!(Rc::ptr_eq(&original.chunks[0], &copy.chunks[0]), "untouched chunks stay shared");
        assert!(original.iter().copied().eq(0..2 * CHUNK + 10), "the original is unchanged");
        assert!(copy.iter().copied().eq((0..CHUNK + 3).chain([1_000])));
        let mut again = original.clone();
        again.push(5);
        *again.get_mut(3).expect("in range") = 99;
        assert_eq!((original.get(3), again.get(3)), (Some(&3), Some(&99)));
        assert!(again.get_mut(again.len()).is_none());
        assert_eq!(original.len(), 2 * CHUNK + 10);
        assert_eq!(again.last(), Some(&5));
    }
}
