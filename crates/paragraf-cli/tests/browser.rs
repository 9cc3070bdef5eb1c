//! The web app in a real browser: `paragraf demo` serves the bundled sample
//! minutes, and `e2e/scenario.mjs` walks through them in headless Chromium
//! (Playwright), auditing each page with axe and saving a screenshot of it
//! under `target/e2e/`.
//!
//! Chromium, Node and `e2e/node_modules` come from `scripts/setup.sh`. On a
//! machine without them this test says so and passes, unless
//! `PARAGRAF_BROWSER_TESTS=required` (as in CI), where it fails instead.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use std::{env, fs};

/// Debian's `chromium` package; Playwright's own browser download cannot be
/// relied on (CI reaches package registries only).
const CHROMIUM: &str = "/usr/bin/chromium";

/// Ingesting the samples on a busy debug build takes a while; a demo that
/// has printed nothing by then is stuck.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn the_demo_works_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let missing = missing_prerequisites(&root);
    if !missing.is_empty() {
        let missing = missing.join(", ");
        if env::var("PARAGRAF_BROWSER_TESTS").as_deref() == Ok("required") {
            panic!(
                "PARAGRAF_BROWSER_TESTS=required, but the browser test cannot run: \
                 missing {missing}; run scripts/setup.sh to install them"
            );
        }
        // Written past libtest's capture (which only takes `eprintln!`),
        // so that a plain `cargo test` shows that this test did nothing.
        let _ = writeln!(
            std::io::stderr(),
            "browser test skipped: missing {missing}; run scripts/setup.sh \
             (PARAGRAF_BROWSER_TESTS=required makes this a failure)"
        );
        return;
    }

    // Declared before the server so that it is removed after the server
    // is killed (locals drop in reverse order).
    let data = tempfile::tempdir().expect("a temporary data directory");
    let mut server = Demo::start(&data.path().join("demo"));
    let login = server.wait_for_login();

    let screenshots = target_dir().join("e2e");
    // Old screenshots from an earlier run would pass for this run's.
    let _ = fs::remove_dir_all(&screenshots);
    fs::create_dir_all(&screenshots).expect("the screenshot directory can be created");

    let started = Instant::now();
    let node = Command::new("node")
        .arg(root.join("e2e/scenario.mjs"))
        .env("PARAGRAF_E2E_URL", &login.url)
        .env("PARAGRAF_E2E_USER", &login.user)
        .env("PARAGRAF_E2E_PASSWORD", &login.password)
        .env("PARAGRAF_E2E_SCREENSHOTS", &screenshots)
        .env("PARAGRAF_E2E_CHROMIUM", CHROMIUM)
        .stdin(Stdio::null())
        .output()
        .expect("node runs");
    // Shown by `--nocapture`, and by libtest whenever the test fails.
    print!("{}", String::from_utf8_lossy(&node.stdout));
    eprint!("{}", String::from_utf8_lossy(&node.stderr));
    assert!(
        node.status.success(),
        "the browser scenario failed ({}) after {:.1} s; its output is above, \
         screenshots are in {}.\n--- paragraf demo's output ---\n{}",
        node.status,
        started.elapsed().as_secs_f64(),
        screenshots.display(),
        server.output(),
    );
}

/// What the test needs besides `paragraf`, named as a user would look for it.
fn missing_prerequisites(root: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).is_file() {
        missing.push(format!("chromium ({CHROMIUM})"));
    }
    let node_runs = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !node_runs {
        missing.push("node (Node.js 20 or later)".to_owned());
    }
    let modules = root.join("e2e/node_modules");
    let installed = ["playwright-core/package.json", "axe-core/axe.min.js"]
        .iter()
        .all(|file| modules.join(file).is_file());
    if !installed {
        missing.push("e2e/node_modules (npm ci --prefix e2e)".to_owned());
    }
    missing
}

/// Cargo's target directory, found from the binary it built, so that
/// `CARGO_TARGET_DIR` is honoured whether or not it is relative.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_paragraf"))
        .ancestors()
        .nth(2)
        .expect("the binary lies in <target>/<profile>/")
        .to_path_buf()
}

struct Login {
    url: String,
    user: String,
    password: String,
}

/// A running `paragraf demo`, killed when dropped, so that no failing
/// assertion or timeout leaves it serving.
struct Demo {
    child: Child,
    /// Everything it has printed, for failure messages.
    output: Arc<Mutex<String>>,
    /// Its stdout, line by line, while the test still waits for the login.
    lines: mpsc::Receiver<String>,
    /// The thread copying its stderr, to be joined when it has exited.
    stderr: Option<JoinHandle<()>>,
}

impl Demo {
    fn start(dir: &Path) -> Demo {
        let mut child = Command::new(env!("CARGO_BIN_EXE_paragraf"))
            .args(["demo", "--addr", "127.0.0.1:0", "--dir"])
            .arg(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("paragraf demo starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        // Both pipes are drained for the server's whole life: a full pipe
        // would block its logging and so its requests.
        drain(stdout, Arc::clone(&output), Some(sender));
        let stderr = Some(drain(stderr, Arc::clone(&output), None));
        Demo {
            child,
            output,
            lines,
            stderr,
        }
    }

    /// Reads stdout until the URL, user and password have all been printed.
    fn wait_for_login(&mut self) -> Login {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        let (mut url, mut user, mut password): (Option<String>, Option<String>, Option<String>) =
            (None, None, None);
        loop {
            if let (Some(url), Some(user), Some(password)) = (&url, &user, &password) {
                return Login {
                    url: url.clone(),
                    user: user.clone(),
                    password: password.clone(),
                };
            }
            let wait = deadline.saturating_duration_since(Instant::now());
            let line = match self.lines.recv_timeout(wait) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "paragraf demo printed no `Serving on`/`Log in as:`/`Password:` lines \
                     within {} s; its output:\n{}",
                    STARTUP_TIMEOUT.as_secs(),
                    self.output()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().expect("paragraf demo can be waited for");
                    // Its error message is on stderr: wait until it is all read.
                    if let Some(stderr) = self.stderr.take() {
                        let _ = stderr.join();
                    }
                    panic!(
                        "paragraf demo exited ({status}) before printing its URL and login; \
                         its output:\n{}",
                        self.output()
                    )
                }
            };
            // The value is the first word: a note may follow the URL.
            let value = |prefix| {
                line.strip_prefix(prefix)
                    .and_then(|rest: &str| rest.split_whitespace().next())
                    .map(str::to_owned)
            };
            url = url.or(value("Serving on "));
            user = user.or(value("Log in as:"));
            password = password.or(value("Password:"));
        }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

/// Copies `pipe` into `log` line by line until it closes, and sends each
/// line to `lines` too while anyone listens.
fn drain(
    pipe: impl Read + Send + 'static,
    log: Arc<Mutex<String>>,
    lines: Option<Sender<String>>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(lines) = &lines {
                // The receiver is gone once the login has been read.
                let _ = lines.send(line);
            }
        }
    })
}

impl Drop for Demo {
    fn drop(&mut self) {
        // It may have exited already; either way it must not outlive the test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
