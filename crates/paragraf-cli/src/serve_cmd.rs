//! `serve`, `user add` and `demo`: the web application.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use paragraf_archive::{Archive, IngestOptions};
use paragraf_web::{App, Config, Failure, Role};

use crate::exit::Exit;

pub const SERVE_HELP: &str = "\
Serves the archive in the data directory as a Swedish web application and
a JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json). Add accounts
first with `paragraf user add`. Behind a TLS proxy, pass --secure-cookies.
Log level: PARAGRAF_LOG (error, warn, info, debug).

Examples:
  paragraf serve                                  http://127.0.0.1:8080
  paragraf --data /srv/paragraf serve --addr 0.0.0.0:8080 --secure-cookies";

pub const USER_HELP: &str = "\
Roles: admin (everything, users), secretary (corrections, any action's
status, uploads, the audit log), member (reads, marks their own actions),
reader (reads). Without --password-stdin a password is generated and printed.

Examples:
  paragraf user add lila --role secretary --display-name 'Lila Ericsson'
  echo 'a long passphrase' | paragraf user add nils --role reader --password-stdin";

pub const DEMO_HELP: &str = "\
Ingests the bundled sample minutes (the five Helsingborg seeds and thirteen
other Swedish minutes) into a fresh data directory, adds a demo account,
prints it, and serves the web application until Ctrl-C. Without --dir the
data directory is temporary and removed at exit.

Examples:
  paragraf demo
  paragraf demo --addr 127.0.0.1:9000 --dir /tmp/paragraf-demo";

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PARAGRAF_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Mark session cookies Secure (when served behind TLS).
    #[arg(long, env = "PARAGRAF_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Largest uploaded file accepted, in megabytes.
    #[arg(long, env = "PARAGRAF_MAX_MB", default_value_t = 50)]
    pub max_mb: usize,
}

#[derive(clap::Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account.
    #[command(after_help = USER_HELP)]
    Add {
        /// The login name (one word).
        name: String,
        /// admin, secretary, member or reader.
        #[arg(long)]
        role: Role,
        /// The name the minutes write, so that the user's actions are theirs.
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
        /// Who adds the account, for the audit log [default: $USER].
        #[arg(long, env = "PARAGRAF_USER")]
        by: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A new or empty directory for the demo archive [default: a temporary one].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The web server is a long-running service: a multi-threaded runtime,
/// and log lines for what goes wrong.
fn runtime() -> Result<tokio::runtime::Runtime> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PARAGRAF_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::env::var_os("NO_COLOR").is_none())
        .try_init();
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

pub fn serve(data: &Path, args: &ServeArgs) -> Result<()> {
    runtime()?.block_on(async {
        let archive = crate::archive_cmd::open(data).await?;
        let config = Config {
            secure_cookies: args.secure_cookies,
            max_upload_bytes: args.max_mb.saturating_mul(1024 * 1024),
        };
        if archive.store().users().await?.is_empty() {
            eprintln!(
                "paragraf: no accounts yet; add one with `paragraf user add NAME --role admin`"
            );
        }
        run_server(
            archive,
            config,
            args.addr,
            &format!("data: {}", data.display()),
        )
        .await
    })
}

async fn run_server(archive: Archive, config: Config, addr: SocketAddr, note: &str) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    println!("Serving on http://{bound} ({note})");
    std::io::stdout().flush()?;
    paragraf_web::serve(listener, App::new(archive, config)).await?;
    Ok(())
}

pub fn user(data: &Path, args: &UserArgs) -> Result<()> {
    let UserCommand::Add {
        name,
        role,
        display_name,
        password_stdin,
        by,
    } = &args.command;
    let password = if *password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        paragraf_web::random_token()[..16].to_string()
    };
    crate::run_async(async {
        let archive = crate::archive_cmd::open(data).await?;
        let author = crate::archive_cmd::author(by.as_deref());
        let display = display_name.as_deref().unwrap_or(name);
        let added =
            paragraf_web::add_user(archive.store(), name, display, *role, &password, &author)
                .await
                .map_err(|failure| match failure {
                    Failure::BadRequest(reason) | Failure::Conflict(reason) => {
                        anyhow::Error::new(Exit::Usage(reason))
                    }
                    other => anyhow::Error::new(other),
                })?;
        archive.close().await;
        println!(
            "Added {} ({}) as {}.",
            added.name, added.display_name, added.role
        );
        if !password_stdin {
            println!("Password: {password}");
        }
        Ok(())
    })
}

/// The sample minutes bundled with Paragraf: the seeds of its first users
/// and minutes of other Swedish bodies.
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "000_936ce8199f39e095.txt",
        include_bytes!("../../../fixtures/seeds/000_936ce8199f39e095.txt"),
    ),
    (
        "001_715d097d1f875b04.txt",
        include_bytes!("../../../fixtures/seeds/001_715d097d1f875b04.txt"),
    ),
    (
        "002_bd0e115f08e0e446.txt",
        include_bytes!("../../../fixtures/seeds/002_bd0e115f08e0e446.txt"),
    ),
    (
        "003_cd0d46ba1314733f.txt",
        include_bytes!("../../../fixtures/seeds/003_cd0d46ba1314733f.txt"),
    ),
    (
        "004_5614e338dd6ae4a6.txt",
        include_bytes!("../../../fixtures/seeds/004_5614e338dd6ae4a6.txt"),
    ),
    (
        "01_bun_protokoll.txt",
        include_bytes!("../../../fixtures/minutes/01_bun_protokoll.txt"),
    ),
    (
        "02_ksau_protokoll.txt",
        include_bytes!("../../../fixtures/minutes/02_ksau_protokoll.txt"),
    ),
    (
        "03_hembygd_styrelse.txt",
        include_bytes!("../../../fixtures/minutes/03_hembygd_styrelse.txt"),
    ),
    (
        "04_arbetsgrupp_skolvag.txt",
        include_bytes!("../../../fixtures/minutes/04_arbetsgrupp_skolvag.txt"),
    ),
    (
        "05_rektorsmote_grundskola.txt",
        include_bytes!("../../../fixtures/minutes/05_rektorsmote_grundskola.txt"),
    ),
    (
        "06_elevrad_gymnasiet.txt",
        include_bytes!("../../../fixtures/minutes/06_elevrad_gymnasiet.txt"),
    ),
    (
        "07_english_steering.txt",
        include_bytes!("../../../fixtures/minutes/07_english_steering.txt"),
    ),
    (
        "08_ocr_samverkansgrupp.txt",
        include_bytes!("../../../fixtures/minutes/08_ocr_samverkansgrupp.txt"),
    ),
    (
        "09_funktionsrattsrad_avstavning.txt",
        include_bytes!("../../../fixtures/minutes/09_funktionsrattsrad_avstavning.txt"),
    ),
    (
        "10_kpr_protokoll_fort_vid.txt",
        include_bytes!("../../../fixtures/minutes/10_kpr_protokoll_fort_vid.txt"),
    ),
    (
        "11_kultur_ledningsgrupp_hierarkisk.txt",
        include_bytes!("../../../fixtures/minutes/11_kultur_ledningsgrupp_hierarkisk.txt"),
    ),
    (
        "12_syv_natverk_utan_datum.txt",
        include_bytes!("../../../fixtures/minutes/12_syv_natverk_utan_datum.txt"),
    ),
    (
        "13_skolrad_lindeskolan.txt",
        include_bytes!("../../../fixtures/minutes/13_skolrad_lindeskolan.txt"),
    ),
];

const DEMO_USER: &str = "demo";

pub fn demo(args: &DemoArgs) -> Result<()> {
    let temporary;
    let dir = match &args.dir {
        Some(dir) => {
            let fresh = std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
            if !fresh {
                return Err(Exit::Usage(format!(
                    "{} is not empty; the demo needs a new or empty directory",
                    dir.display()
                ))
                .into());
            }
            dir.clone()
        }
        None => {
            temporary = tempfile::Builder::new()
                .prefix("paragraf-demo-")
                .tempdir()?;
            temporary.path().to_path_buf()
        }
    };
    let samples = dir.join("samples");
    std::fs::create_dir_all(&samples)
        .with_context(|| format!("cannot create {}", samples.display()))?;
    let mut files = Vec::new();
    for (name, bytes) in SAMPLES {
        let path = samples.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        files.push(path);
    }
    let password = paragraf_web::random_token()[..12].to_string();
    runtime()?.block_on(async {
        let archive = crate::archive_cmd::open(&dir).await?;
        eprintln!(
            "paragraf: reading {} sample minutes into {} …",
            files.len(),
            dir.display()
        );
        let summary = archive
            .ingest(&files, &IngestOptions::default(), &mut |_| {})
            .await?;
        eprintln!(
            "paragraf: {} meetings stored, {} failed",
            summary.ingested,
            summary.failures.len()
        );
        paragraf_web::add_user(
            archive.store(),
            DEMO_USER,
            "Demo Demosson",
            Role::Admin,
            &password,
            "paragraf demo",
        )
        .await?;
        println!("Log in as: {DEMO_USER}");
        println!("Password: {password}");
        let note = format!("demo archive: {}", dir.display());
        run_server(archive, Config::default(), args.addr, &note).await
    })
}
