//! Helpers every Kafka tool shares: jopt errors, typed option values and the
//! admin client's bootstrap step.

use super::args::{self, Parsed, Spec};
use super::bootstrap;
use super::java::Throwable;
use super::output::Output;
use super::shell::Files;
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::simulation::Simulation;

/// `mainNoExit`: the message, then the exception (stack frames omitted).
pub fn print_main_error(out: &mut Output, exception: &str, message: &str) {
    out.fail(message);
    out.err(&format!("{exception}: {message}"));
}

/// Parses options; on a jopt error prints it as `mainNoExit` does.
pub fn parse_or_print(specs: &[Spec], words: &[String], out: &mut Output) -> Option<Parsed> {
    match args::parse(specs, words) {
        Ok(p) => Some(p),
        Err(e) => {
            print_main_error(out, e.class_name(), &e.message);
            None
        }
    }
}

/// jopt's `ofType(Integer.class)` conversion of an option's value.
pub fn int_value(p: &Parsed, name: &str) -> Result<Option<i64>, KafkaError> {
    let Some(v) = p.value(name) else { return Ok(None) };
    v.parse::<i32>().map(|n| Some(i64::from(n))).map_err(|_| {
        KafkaError::new(ErrorKind::OptionArgumentConversion, format!("Cannot parse argument '{v}' of option {name}"))
    })
}

/// What connecting an admin client gave.
pub enum Connect {
    Ok,
    /// The error (`Invalid url ...` or the timeout) and its class.
    Failed {
        class: &'static str,
        message: String,
    },
}

/// Creates the admin client: parses `--bootstrap-server` and, when no listed
/// broker answers, waits out `timeout_ms` like the real client.
pub fn connect(sim: &mut Simulation, out: &mut Output, list: &str, call: &str, timeout_ms: u64) -> Connect {
    let b = match bootstrap::parse(list, sim) {
        Ok(b) => b,
        Err(message) => return Connect::Failed { class: "org.apache.kafka.common.config.ConfigException", message },
    };
    if b.reachable(sim).is_some() {
        return Connect::Ok;
    }
    b.time_out(sim, out, "AdminClient clientId=adminclient-1", timeout_ms);
    Connect::Failed {
        class: "org.apache.kafka.common.errors.TimeoutException",
        message: format!("Timed out waiting for a node assignment. Call: {call}"),
    }
}

/// An exception no `catch` handles: the JVM's default handler prints
/// `Exception in thread "main" ` and the stack trace (frames omitted), exit 1.
pub fn print_uncaught(out: &mut Output, exception: &Throwable) {
    let mut lines = exception.stack_trace().into_iter();
    out.fail(&format!("Exception in thread \"main\" {}", lines.next().unwrap_or_default()));
    for l in lines {
        out.err(&l);
    }
}

/// `Utils.readFileAsString` / `Utils.loadProps` of a console file: a
/// missing file is Java's `NoSuchFileException` (its message is the path).
pub fn read_file<'a>(files: &'a Files, name: &str) -> Result<&'a str, Throwable> {
    files.get(name).ok_or_else(|| Throwable::new("java.nio.file.NoSuchFileException", name))
}
