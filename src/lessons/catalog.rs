//! The built-in lessons: the catalog the page lists, and the lessons loaded.
//!
//! `build.rs` turns every `static/lessons/*.json` into a [`CatalogEntry`]
//! (id, titles, step count), so the catalog, URL parameters and share links
//! can name and check lessons without their files. The lessons themselves:
//! - natively (tests, the `kafkasim` tool) every file is embedded
//!   ([`BUILTIN_FILES`]) and [`find`] parses it on demand;
//! - in the browser a lesson's file is fetched when it is first opened and
//!   handed to [`install`], which validates it like any lesson file and keeps
//!   it for [`find`]. This keeps ~24 KB gzipped of lesson text out of the
//!   first visit.

use std::cell::RefCell;

use super::{parse_lesson, Lang, Lesson, LessonError};

/// One built-in lesson as the catalog lists it, before its file is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    /// File name under `static/lessons/` (and `lessons/` in the served page).
    pub file: &'static str,
    pub id: &'static str,
    pub title_ko: &'static str,
    pub title_en: &'static str,
    /// Number of steps.
    pub steps: usize,
}

impl CatalogEntry {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ko => self.title_ko,
            Lang::En => self.title_en,
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/lesson_catalog.rs"));

thread_local! {
    /// Lessons installed from fetched files (the browser), oldest first.
    static INSTALLED: RefCell<Vec<Lesson>> = const { RefCell::new(Vec::new()) };
}

/// The built-in lessons, in catalog order.
pub fn catalog() -> &'static [CatalogEntry] {
    CATALOG
}

/// The catalog entry of the built-in lesson `id`.
pub fn entry(id: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.id == id)
}

/// Validates a fetched lesson file and keeps it for [`find`]. Only built-in
/// lessons are accepted: the file must be the one the catalog names, with the
/// same id and step count.
pub fn install(file: &str, json: &str) -> Result<(), Vec<LessonError>> {
    let lesson = parse_lesson(json)?;
    let mismatch = |what: String| {
        Err(vec![LessonError { lesson: lesson.id.clone(), step: None, field: "file".into(), message: what }])
    };
    match CATALOG.iter().find(|e| e.file == file) {
        None => return mismatch(format!("{file} is not a built-in lesson file")),
        Some(e) if e.id != lesson.id || e.steps != lesson.steps.len() => {
            return mismatch(format!("{file} does not match the catalog ({} with {} steps)", e.id, e.steps))
        }
        Some(_) => {}
    }
    INSTALLED.with(|all| {
        let mut all = all.borrow_mut();
        all.retain(|l| l.id != lesson.id);
        all.push(lesson);
    });
    Ok(())
}

/// A built-in lesson by id: one installed from a fetched file, or (natively)
/// the embedded file.
pub fn find(id: &str) -> Option<Lesson> {
    if let Some(l) = INSTALLED.with(|all| all.borrow().iter().find(|l| l.id == id).cloned()) {
        return Some(l);
    }
    embedded(id)
}

#[cfg(not(target_arch = "wasm32"))]
fn embedded(id: &str) -> Option<Lesson> {
    let e = entry(id)?;
    let (_, json) = BUILTIN_FILES.iter().find(|(f, _)| *f == e.file)?;
    parse_lesson(json).ok()
}

#[cfg(target_arch = "wasm32")]
fn embedded(_id: &str) -> Option<Lesson> {
    None
}

/// The built-in lessons, parsed and validated (native builds). A broken file
/// is a build mistake the tests catch; here it is reported and skipped.
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin() -> Vec<Lesson> {
    builtin_checked().0
}

/// The built-in lessons and the errors of any that failed to load.
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin_checked() -> (Vec<Lesson>, Vec<LessonError>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (_, json) in BUILTIN_FILES {
        match parse_lesson(json) {
            Ok(l) => lessons.push(l),
            Err(e) => errors.extend(e),
        }
    }
    (lessons, errors)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn catalog_matches_the_lesson_files() {
        let (lessons, errors) = builtin_checked();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(CATALOG.len(), lessons.len());
        assert!(CATALOG.len() >= 12);
        for (e, l) in CATALOG.iter().zip(&lessons) {
            assert_eq!(
                (e.id, e.title_ko, e.title_en, e.steps),
                (l.id.as_str(), l.title.ko.as_str(), l.title.en.as_str(), l.steps.len())
            );
        }
    }

    #[test]
    fn install_accepts_a_catalog_file_and_rejects_others() {
        let (file, json) = BUILTIN_FILES[1];
        let id = CATALOG[1].id;
        assert!(install(file, json).is_ok());
        assert_eq!(INSTALLED.with(|a| a.borrow().iter().filter(|l| l.id == id).count()), 1);
        // Installing again replaces, never duplicates.
        assert!(install(file, json).is_ok());
        assert_eq!(INSTALLED.with(|a| a.borrow().iter().filter(|l| l.id == id).count()), 1);
        // Another lesson's content under this file name, an unknown file, and bad JSON are refused.
        let before = INSTALLED.with(|a| a.borrow().len());
        let other = BUILTIN_FILES[2].1;
        assert!(install(file, other).unwrap_err()[0].message.contains("does not match the catalog"));
        assert!(install("99-mine.json", json).unwrap_err()[0].message.contains("not a built-in lesson"));
        assert!(install(file, "{ not json").is_err());
        assert_eq!(INSTALLED.with(|a| a.borrow().len()), before);
        assert_eq!(find(id).map(|l| l.steps.len()), Some(CATALOG[1].steps));
    }
}
