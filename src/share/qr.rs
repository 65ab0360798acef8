//! The share link as a QR code, drawn as one SVG path (crisp at any size,
//! so it can fill a projector screen and be scanned from the back of a room).

use qrcode::{Color, EcLevel, QrCode};

/// An SVG QR code of `data` (low error correction: the links are long), or
/// None if it is too long for any QR version.
pub fn svg(data: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L).ok()?;
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let (paper, ink) = (crate::viz::palette::neutral::PAPER, crate::viz::palette::neutral::QR_INK);
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"{paper}\"/><path d=\"{path}\" fill=\"{ink}\"/></svg>"
    ))
}

/// The number of modules per side (for tests and sizing).
pub fn modules(data: &str) -> Option<usize> {
    QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L).ok().map(|c| c.width())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_becomes_an_svg() {
        let s = super::svg("https://example.org/#run=1.abc").unwrap();
        assert!(s.starts_with("<svg") && s.contains("<path d=\"M"));
        assert_eq!(super::modules("hello"), Some(21));
        assert!(super::svg(&"x".repeat(4000)).is_none());
    }
}
