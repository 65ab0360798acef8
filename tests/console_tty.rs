//! `kafkasim console` at a terminal: a prompt, line editing and history
//! (rustyline). Driven through a pseudo-terminal made by util-linux `script`.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

#[test]
fn terminal_input_has_a_prompt_and_history() {
    let bin = env!("CARGO_BIN_EXE_kafkasim");
    let mut child = Command::new("script")
        .args(["-qfec", &format!("{bin} console --seed 7"), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs (it provides the pseudo-terminal)");
    let mut stdin = child.stdin.take().unwrap();
    // Typed keys: a command, then ↑ (recall it from history) and Enter, then Ctrl+D.
    for keys in ["sim seed\r", "\x1b[A\r", "\x04"] {
        sleep(Duration::from_millis(700));
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("kafkasim$ "), "a prompt at the terminal: {text}");
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let echoed = lines.iter().filter(|l| **l == "$ sim seed").count();
    assert_eq!(echoed, 2, "the command ran twice: typed, then recalled with ↑ from history: {text}");
    assert_eq!(lines.iter().filter(|l| **l == "7").count(), 2, "`sim seed` printed the seed twice: {text}");
}
