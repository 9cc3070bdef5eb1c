//! External programs run as subprocesses: with a timeout, with capped
//! output, and with a clear error when the program is not installed.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::{ImportError, Limits};

/// An external program and how to get it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Program {
    pub name: &'static str,
    /// What the program is needed for, for the error message.
    pub needed_for: &'static str,
    /// The Debian packages that install it.
    pub packages: &'static str,
}

impl Program {
    pub fn command(&self) -> Command {
        let mut command = Command::new(self.name);
        // Tesseract otherwise takes every core for one page; one thread per
        // process keeps a shared machine usable.
        command.env("OMP_THREAD_LIMIT", "1");
        command
    }

    pub fn missing(&self) -> ImportError {
        ImportError::MissingTool {
            needed_for: self.needed_for,
            program: self.name,
            packages: self.packages,
        }
    }
}

/// What a finished program left behind.
#[derive(Debug)]
pub(crate) struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    /// The first non-empty line of stderr, for one-line error messages.
    pub fn stderr_line(&self) -> String {
        self.stderr
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(|line| line.chars().take(200).collect())
            .unwrap_or_else(|| format!("exit status {}", self.status))
    }
}

/// Most stderr kept: enough for an error message, bounded for a program
/// that loops on warnings.
const MAX_STDERR_BYTES: usize = 64 * 1024;

/// Runs `command` to completion within `limits.tool_timeout`, keeping at
/// most `limits.max_tool_output_bytes` of its stdout.
pub(crate) fn run(
    program: &Program,
    mut command: Command,
    limits: &Limits,
) -> Result<Output, ImportError> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => program.missing(),
        _ => ImportError::ToolFailed {
            program: program.name,
            message: error.to_string(),
        },
    })?;
    let stdout = child.stdout.take().map(|pipe| {
        let cap = limits.max_tool_output_bytes;
        thread::spawn(move || read_capped(pipe, cap))
    });
    let stderr = child
        .stderr
        .take()
        .map(|pipe| thread::spawn(move || read_capped(pipe, MAX_STDERR_BYTES)));

    let Some(status) = wait_with_timeout(&mut child, limits.tool_timeout) else {
        // The reader threads are left to end when the pipes close: a
        // grandchild of the killed program may still hold them open.
        return Err(ImportError::ToolTimedOut {
            program: program.name,
            seconds: limits.tool_timeout.as_secs(),
        });
    };
    let (stdout, stdout_overflowed) = join_reader(stdout);
    let (stderr, _) = join_reader(stderr);
    if stdout_overflowed {
        return Err(ImportError::ToolOutputTooLarge {
            program: program.name,
            limit: limits.max_tool_output_bytes,
        });
    }
    Ok(Output {
        status,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// Waits for the child, killing it when the timeout passes (then `None`).
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Reads up to `cap` bytes, then drains the rest so that the writer never
/// blocks on a full pipe; the flag says whether anything was dropped.
fn read_capped(pipe: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut limited = pipe.take(cap as u64);
    if limited.read_to_end(&mut kept).is_err() {
        return (kept, false);
    }
    let dropped = io::copy(&mut limited.into_inner(), &mut io::sink()).unwrap_or(0);
    (kept, dropped > 0)
}

fn join_reader(reader: Option<thread::JoinHandle<(Vec<u8>, bool)>>) -> (Vec<u8>, bool) {
    reader
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: Program = Program {
        name: "sh",
        needed_for: "testing",
        packages: "dash",
    };

    #[test]
    fn a_missing_program_says_what_to_install() {
        let program = Program {
            name: "paragraf-no-such-program",
            needed_for: "reading PDF",
            packages: "poppler-utils",
        };
        let error = run(&program, program.command(), &Limits::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "reading PDF needs `paragraf-no-such-program`, which is not installed: \
             run `apt-get install poppler-utils` (or scripts/setup.sh)"
        );
    }

    #[test]
    fn a_slow_program_is_killed() {
        let limits = Limits {
            tool_timeout: Duration::from_millis(200),
            ..Limits::default()
        };
        let mut command = SHELL.command();
        command.args(["-c", "sleep 30"]);
        let started = Instant::now();
        let error = run(&SHELL, command, &limits).unwrap_err();
        assert!(matches!(error, ImportError::ToolTimedOut { .. }));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn output_is_capped() {
        let limits = Limits {
            max_tool_output_bytes: 1000,
            ..Limits::default()
        };
        let mut command = SHELL.command();
        command.args(["-c", "yes | head -c 100000"]);
        let error = run(&SHELL, command, &limits).unwrap_err();
        assert!(matches!(error, ImportError::ToolOutputTooLarge { .. }));
    }

    #[test]
    fn stderr_gives_one_line() {
        let mut command = SHELL.command();
        command.args(["-c", "printf '\\nfirst problem\\nsecond\\n' >&2; exit 3"]);
        let output = run(&SHELL, command, &Limits::default()).unwrap();
        assert!(!output.status.success());
        assert_eq!(output.stderr_line(), "first problem");
    }
}
