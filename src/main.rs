//! The `kafkasim` binary: the web app on wasm32, a command-line tool elsewhere.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(target_arch = "wasm32")]
fn main() {
    kafkasim::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(cli::main(&args));
}
