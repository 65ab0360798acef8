//! Property tests over generated groups (tiny LCG, no external crates).
