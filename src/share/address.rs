//! Which address a share link's QR code should carry.
//!
//! `make serve` listens on loopback, so the page's own URL starts with
//! `http://127.0.0.1:8080/`, which a student's phone resolves to itself.
//! The QR overlay says so when the page is on a loopback host
//! ([`is_loopback`]) and lets the presenter type the address the room can
//! reach (`192.168.0.12:8080`, or a whole URL); [`link_base`] turns that
//! into the base the fragment is appended to.

/// Whether `host` (a URL's hostname) names this machine only.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost") || h == "::1" || h.starts_with("127.") || h == "0.0.0.0"
}

/// The link base for an address the presenter typed: a whole URL
/// (`https://host/kafkasim/`) is used as it is, without its fragment; a
/// bare `host[:port]` gets `http://` and the page's own `path` (path and
/// query, e.g. `/index.html?lang=ko`). None for an empty or spaced address.
pub fn link_base(entered: &str, path: &str) -> Option<String> {
    let a = entered.trim();
    if a.is_empty() || a.contains(char::is_whitespace) {
        return None;
    }
    if a.contains("://") {
        return Some(a.split('#').next().unwrap_or(a).to_string());
    }
    let host = a.trim_end_matches('/');
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    Some(format!("http://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_recognised() {
        for h in ["127.0.0.1", "localhost", "[::1]", "::1", "127.1.2.3", "app.localhost"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["192.168.0.12", "kafkasim.example.org", "10.0.0.1", "[fe80::1]"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn a_typed_address_becomes_the_links_base() {
        assert_eq!(link_base("192.168.0.12:8080", "/?lang=ko").as_deref(), Some("http://192.168.0.12:8080/?lang=ko"));
        assert_eq!(link_base(" 10.0.0.5:8080/ ", "/").as_deref(), Some("http://10.0.0.5:8080/"));
        assert_eq!(
            link_base("https://example.org/kafkasim/#x", "/ignored").as_deref(),
            Some("https://example.org/kafkasim/")
        );
        assert_eq!(link_base("", "/"), None);
        assert_eq!(link_base("a b", "/"), None);
    }
}
