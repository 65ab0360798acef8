//! The `kafkasim` binary: the web app on wasm32, a command-line tool elsewhere.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    kafkasim::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("bench") => kafkasim::bench::run(&args[1..]),
        _ => {
            eprintln!("usage: kafkasim bench [--minutes N] [--seed N]");
            2
        }
    };
    std::process::exit(code);
}
