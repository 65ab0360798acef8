//! The `kafkasim` binary: the web app on wasm32, a command-line tool elsewhere.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    kafkasim::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kafkasim: no command yet");
    std::process::exit(2);
}
