//! The web app under load, on an archive of generated minutes.
//!
//! `cargo bench -p paragraf-web --bench load` builds an archive of 100,000
//! minutes from `paragraf-corpus` (seed 7, a quarter with OCR damage, as
//! the archive bench does), or reuses the one an earlier run left in
//! `target/bench-data/web-load-<N>-seed7/`, serves it in this process on a
//! runtime of two worker threads, and loads it from a second runtime on
//! one thread: 50 clients in a closed loop, each over keep-alive HTTP/1.1
//! with a reader's session, each sending its next request once the last
//! one's body has arrived. Scenarios:
//! 1. baseline: `/assets/style.css`, what HTTP, the session and the
//!    middleware cost alone;
//! 2. the search page `/sok?q=…`, a query never asked before every time,
//!    so the page's cache of recent searches never answers (the target's
//!    case); every page must show hits;
//! 3. the same with people's pauses: each client starts within the first
//!    second and waits 0.5–1.5 s after each answer, as someone reading
//!    the results;
//! 4. the search page with popular queries asked again and again;
//! 5. the meeting page `/moten/{id}`, ids drawn uniformly;
//! 6. the search page with one client, beside the same searches made on
//!    the archive directly (no HTTP, no page).
//!
//! Queries are chosen (each is searched once to see that it finds
//! something) on an archive opened and closed before the server opens its
//! own, so the server's caches start cold. The process allocates with
//! mimalloc, as the `paragraf` binary does.
//!
//! `PARAGRAF_BENCH_MEETINGS=N` changes the archive's size. Delete the
//! cached archive to rebuild it (after the ingest or storage formats
//! change). The report goes to `docs/BENCHMARKS.md` between the
//! `web-load-bench` markers; a failed request fails the run, after the
//! report is written.

#[path = "../../paragraf-pipeline/benches/support/report.rs"]
mod report;

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use paragraf_archive::{Archive, IngestEvent, IngestOptions, SearchQuery, collect_files};
use paragraf_corpus::Corpus;
use paragraf_web::{App, Config, Failure, Role};

/// The allocator the `paragraf` binary serves with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The archive bench's corpus, so the two reports describe one archive.
const SEED: u64 = 7;
const OCR_SHARE: f64 = 0.25;
const DEFAULT_MEETINGS: usize = 100_000;

const CLIENTS: usize = 50;
const REQUESTS_PER_CLIENT: usize = 100;
const WARM_UP_PER_CLIENT: usize = 10;
const SINGLE_CLIENT_REQUESTS: usize = 500;
/// People reading results: the mean pause after each answer, and how many
/// searches each makes (fewer, as the pauses make the run long).
const READING_PAUSE: Duration = Duration::from_secs(1);
const READER_REQUESTS: usize = 20;
/// A scenario stops sending after this long even if its requests are not
/// all made, so a slow server cannot keep the bench running for hours.
const SCENARIO_TIME_LIMIT: Duration = Duration::from_secs(300);

const SEARCH_P99_TARGET: Duration = Duration::from_millis(50);
const TARGET_MEETINGS: usize = 100_000;

/// Common words: the most widespread words of at least this many letters
/// (shorter ones are mostly stop words) among the parts of this many
/// meetings, as many as `COMMON_WORDS`.
const MIN_WORD_CHARS: usize = 6;
const WORD_SAMPLE_MEETINGS: usize = 500;
const COMMON_WORDS: usize = 50;
/// Fresh queries are drawn from this many times as many of the corpus's
/// timing queries (`latency_queries`, as users type them: most repeat),
/// then from every word of the sample.
const LATENCY_CANDIDATES_PER_FRESH: usize = 10;
/// The hits the search page asks for when the query does not say.
const SEARCH_PAGE_LIMIT: usize = 20;

/// Above this share of the cores taken by other processes, a scenario's
/// numbers are flagged as disturbed; shorter scenarios are not judged, as
/// CPU time is counted in hundredths of a second.
const BUSY_MACHINE_SHARE: f64 = 0.1;
const SHORTEST_ASSESSED: Duration = Duration::from_secs(1);

const USER: &str = "bench";
const PASSWORD: &str = "bench-password";
/// Thread names, for telling whose CPU time is whose.
const SERVER_THREAD: &str = "server";
const LOAD_THREAD: &str = "load-client";
const SQLITE_THREAD: &str = "sqlx-sqlite";

fn main() {
    let meetings: usize = std::env::var("PARAGRAF_BENCH_MEETINGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_MEETINGS);
    let corpus = Corpus::new(paragraf_corpus::Config {
        count: meetings,
        seed: SEED,
        ocr_share: OCR_SHARE,
    });
    let data_dir = cached_archive(&corpus);

    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(SERVER_THREAD)
        .enable_all()
        .build()
        .expect("the server's runtime");
    // Chosen on an archive of their own, closed before the server opens
    // its own: choosing runs every query once, and the server's search
    // caches are to start as cold as a restarted server's.
    let SearchQueries {
        fresh,
        popular,
        direct,
    } = server.block_on(async {
        let archive = Archive::open(&data_dir).await.expect("archive");
        let queries = search_queries(&corpus, &archive).await;
        archive.close().await;
        queries
    });
    let served = server.block_on(serve(&data_dir));
    let popular_queries = popular.len();
    eprintln!(
        "serving {} meetings on {}",
        served.meeting_ids.len(),
        served.address
    );

    let scenarios = Scenarios {
        address: served.address,
        fresh,
        popular,
        meeting_ids: served.meeting_ids.clone(),
    };
    let measured = std::thread::Builder::new()
        .name(LOAD_THREAD.into())
        .spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the load generator's runtime")
                .block_on(scenarios.run())
        })
        .expect("the load generator's thread")
        .join()
        .expect("the load generator finished");
    // After the load, so the archive is as warm as the pages found it.
    let direct = server.block_on(direct_searches(&served.app, &direct));

    let report = report(&served, popular_queries, &measured, &direct);
    println!("{report}");
    report::write_section("web-load-bench", &report);
    let failures: usize =
        measured.iter().map(|m| m.tally.failures).sum::<usize>() + direct.failures;
    if failures > 0 {
        eprintln!("\n*** {failures} REQUESTS FAILED: the numbers above do not count ***");
        for scenario in measured.iter().filter(|m| m.tally.failures > 0) {
            eprintln!(
                "*** {}: {} failed, first: {}",
                scenario.page.name(),
                scenario.tally.failures,
                scenario.tally.first_failure.as_deref().unwrap_or("")
            );
        }
        if let Some(why) = &direct.first_failure {
            eprintln!(
                "*** Archive::search: {} failed, first: {why}",
                direct.failures
            );
        }
        std::process::exit(1);
    }
    server.shutdown_timeout(Duration::from_secs(1));
}

/// The archive of `corpus`, built the first time and kept under the
/// target directory: a build takes minutes at 100,000 meetings.
fn cached_archive(corpus: &Corpus) -> PathBuf {
    let count = corpus.config().count;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let cache = target
        .join("bench-data")
        .join(format!("web-load-{count}-seed{SEED}"));
    let data_dir = cache.join("data");
    // Written only once ingest and index are complete, so an interrupted
    // build is never taken for a finished one.
    let complete = cache.join("complete");
    if complete.exists() {
        eprintln!("reusing the archive in {}", cache.display());
        return data_dir;
    }
    if cache.exists() {
        std::fs::remove_dir_all(&cache).expect("an interrupted build can be removed");
    }
    let corpus_dir = cache.join("corpus");
    std::fs::create_dir_all(&corpus_dir).expect("corpus directory");
    let started = Instant::now();
    for minutes in corpus.iter() {
        std::fs::write(corpus_dir.join(&minutes.file_name), &minutes.text).expect("corpus file");
    }
    eprintln!("generated {count} minutes in {:.1?}", started.elapsed());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let archive = Archive::open(&data_dir).await.expect("archive");
        let (files, _) = collect_files(std::slice::from_ref(&corpus_dir));
        let started = Instant::now();
        let mut done = 0u64;
        let summary = archive
            .ingest(&files, &IngestOptions::default(), &mut |event| {
                if let IngestEvent::File { .. } = event {
                    done += 1;
                    if done.is_multiple_of(5_000) {
                        eprintln!("ingested {done} of {count} in {:.0?}", started.elapsed());
                    }
                }
            })
            .await
            .expect("ingest");
        assert!(
            summary.failures.is_empty() && !summary.index_deferred,
            "ingest incomplete: {:?}",
            &summary.failures[..summary.failures.len().min(5)]
        );
        let counts = archive.counts().await.expect("counts");
        assert_eq!(
            counts.indexed_through,
            counts.meetings.max(0),
            "index complete"
        );
        archive.close().await;
        eprintln!(
            "ingested and indexed {} meetings in {:.0?}",
            summary.ingested,
            started.elapsed()
        );
    });
    // The originals are in the database now.
    std::fs::remove_dir_all(&corpus_dir).expect("corpus directory removed");
    std::fs::write(&complete, "ingest and index complete\n").expect("completion marker");
    data_dir
}

/// The server as the load sees it.
struct Served {
    app: Arc<App>,
    address: SocketAddr,
    meeting_ids: Arc<[i64]>,
    parts: u64,
}

/// Opens the archive, makes sure the reader account exists, and serves.
async fn serve(data_dir: &Path) -> Served {
    let archive = Archive::open(data_dir).await.expect("archive");
    match paragraf_web::add_user(archive.store(), USER, "Bench", Role::Reader, PASSWORD, USER).await
    {
        Ok(_) | Err(Failure::Conflict(_)) => {}
        Err(other) => panic!("cannot add the bench's user: {other:?}"),
    }
    let meeting_ids: Arc<[i64]> = archive
        .meetings()
        .await
        .expect("meetings")
        .iter()
        .map(|meeting| meeting.id)
        .collect();
    let parts = archive.counts().await.expect("counts").parts;
    let app = App::new(archive, Config::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(paragraf_web::serve(listener, app.clone()));
    Served {
        app,
        address,
        meeting_ids,
        parts,
    }
}

/// What the search scenarios ask.
struct SearchQueries {
    /// Never asked twice in a run, so the search page's cache of recent
    /// searches never answers: users' own queries, the target's case.
    fresh: Arc<[String]>,
    /// Known queries and common words, asked over and over, as saved
    /// searches and links are: after the first time, from the cache.
    popular: Arc<[String]>,
    /// Fresh queries of the same mix that the pages never ask, for timing
    /// the archive's search alone: asked once before, a search would find
    /// the caches warmer than the page found them.
    direct: Vec<String>,
}

/// Queries the archive finds something for, shuffled so that clients
/// running side by side ask different things. The ones it finds nothing
/// for are left out (and counted on stderr): the load test checks the web
/// layer under load, recall is the archive bench's.
async fn search_queries(corpus: &Corpus, archive: &Archive) -> SearchQueries {
    let known: Vec<String> = corpus
        .known_queries()
        .into_iter()
        .map(|known| known.query)
        .collect();
    let known_total = known.len();
    let known = answered(archive, known, usize::MAX).await;
    let words = common_words(archive).await;
    let common = answered(archive, words.clone(), COMMON_WORDS).await;
    eprintln!(
        "popular queries: {} of {known_total} known queries and {} common words have hits",
        known.len(),
        common.len()
    );
    let mut popular: Vec<String> = known.into_iter().chain(common).collect();
    shuffle(&mut popular, SEED);

    // Users' queries as the archive bench times them, first; words fill
    // up when a small archive answers too few of them.
    // The pages' fresh queries, then as many again for the direct reference.
    let fresh_needed = fresh_searches() + SINGLE_CLIENT_REQUESTS;
    let mut timing_queries = corpus.latency_queries(fresh_needed * LATENCY_CANDIDATES_PER_FRESH);
    shuffle(&mut timing_queries, SEED);
    let mut candidates: Vec<String> = timing_queries
        .into_iter()
        .chain(popular.iter().cloned())
        .chain(words)
        .collect();
    let mut seen = HashSet::new();
    candidates.retain(|query| seen.insert(query.clone()));
    let distinct = candidates.len();
    let mut fresh = answered(archive, candidates, fresh_needed).await;
    assert!(
        fresh.len() == fresh_needed,
        "only {} of {distinct} distinct queries have hits; the fresh searches need {fresh_needed}",
        fresh.len()
    );
    eprintln!("fresh queries: {fresh_needed} of {distinct} distinct candidates");
    shuffle(&mut fresh, SEED);
    let direct = fresh.split_off(fresh_needed - SINGLE_CLIENT_REQUESTS);
    SearchQueries {
        fresh: fresh.into(),
        popular: popular.into(),
        direct,
    }
}

/// Requests the search scenarios with fresh queries make, warm-ups included.
fn fresh_searches() -> usize {
    CLIENTS * (WARM_UP_PER_CLIENT + REQUESTS_PER_CLIENT)
        + CLIENTS * (WARM_UP_PER_CLIENT + READER_REQUESTS)
        + WARM_UP_PER_CLIENT
        + SINGLE_CLIENT_REQUESTS
}

/// The words of at least `MIN_WORD_CHARS` letters in the parts of the first
/// `WORD_SAMPLE_MEETINGS` meetings, the most widespread first.
async fn common_words(archive: &Archive) -> Vec<String> {
    let mut meetings_with: HashMap<String, usize> = HashMap::new();
    for meeting in archive
        .meetings()
        .await
        .expect("meetings")
        .iter()
        .take(WORD_SAMPLE_MEETINGS)
    {
        let stored = archive
            .meeting(meeting.id)
            .await
            .expect("meeting")
            .expect("a listed meeting exists");
        let mut words: Vec<String> = Vec::new();
        for item in &stored.record.items {
            let texts = std::iter::once(&item.text)
                .chain(item.decisions.iter().map(|decision| &decision.text))
                .chain(item.actions.iter().map(|action| &action.text));
            for text in texts {
                words.extend(
                    text.split(|c: char| !c.is_alphabetic())
                        .filter(|word| word.chars().count() >= MIN_WORD_CHARS)
                        .map(str::to_lowercase),
                );
            }
        }
        words.sort_unstable();
        words.dedup();
        for word in words {
            *meetings_with.entry(word).or_default() += 1;
        }
    }
    let mut common: Vec<(String, usize)> = meetings_with.into_iter().collect();
    common.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    common.into_iter().map(|(word, _)| word).collect()
}

/// The first `wanted` of `queries` that find something.
async fn answered(archive: &Archive, queries: Vec<String>, wanted: usize) -> Vec<String> {
    let mut found = Vec::new();
    for query in queries {
        if found.len() == wanted {
            break;
        }
        let results = archive
            .search(&search_page_query(&query))
            .await
            .expect("search");
        if !results.hits.is_empty() {
            found.push(query);
        }
    }
    found
}

fn search_page_query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        limit: SEARCH_PAGE_LIMIT,
        ..SearchQuery::default()
    }
}

/// Searches made on the archive directly, one at a time: what the search
/// page adds to them is the difference.
async fn direct_searches(app: &App, queries: &[String]) -> Tally {
    let mut tally = Tally::default();
    let started = Instant::now();
    for query in queries {
        let sent = Instant::now();
        let results = app.archive().search(&search_page_query(query)).await;
        tally.record(
            sent.elapsed(),
            match results {
                Ok(results) if !results.hits.is_empty() => Ok(()),
                Ok(_) => Err(format!("no hits for {query}")),
                Err(error) => Err(error.to_string()),
            },
        );
    }
    tally.wall = started.elapsed();
    tally
}

/// What the load generator asks for.
struct Scenarios {
    address: SocketAddr,
    fresh: Arc<[String]>,
    popular: Arc<[String]>,
    meeting_ids: Arc<[i64]>,
}

/// Decides whether a response is what the scenario expects.
type Check = fn(StatusCode, &[u8]) -> Result<(), String>;

/// One kind of request: the paths the clients take in turn.
struct Scenario {
    page: Page,
    paths: Arc<[String]>,
    check: Check,
    /// The first path not asked for yet: each run goes on where the last
    /// one stopped, so fresh queries stay fresh.
    next: Cell<usize>,
}

impl Scenario {
    fn new(page: Page, paths: Arc<[String]>, check: Check) -> Scenario {
        Scenario {
            page,
            paths,
            check,
            next: Cell::new(0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Baseline,
    Search,
    SearchWithPauses,
    PopularSearch,
    Meeting,
}

impl Page {
    fn name(self) -> &'static str {
        match self {
            Page::Baseline => "baseline: `GET /assets/style.css`",
            Page::Search => "search page `GET /sok?q=…`, a new query every time",
            Page::SearchWithPauses => {
                "search page, a new query every time, each client starting within 1 s and pausing 0.5–1.5 s after each answer"
            }
            Page::PopularSearch => "search page, popular queries again and again",
            Page::Meeting => "meeting page `GET /moten/{id}`",
        }
    }
}

impl Scenarios {
    async fn run(self) -> Vec<Measured> {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let http: Http = Client::builder(TokioExecutor::new()).build(connector);
        let cookie = log_in(&http, self.address).await;
        let load = Arc::new(Load {
            http,
            address: self.address,
            cookie,
        });

        let search_paths = |queries: &[String]| -> Arc<[String]> {
            queries
                .iter()
                .map(|query| format!("/sok?q={}", percent_encoded(query)))
                .collect()
        };
        let baseline = Scenario::new(
            Page::Baseline,
            vec!["/assets/style.css".to_string()].into(),
            status_ok,
        );
        let fresh = search_paths(&self.fresh);
        let search = Scenario::new(Page::Search, fresh.clone(), shows_hits);
        // Each goes on after the paths the scenarios before it take, so
        // its queries are new too.
        let search_with_pauses = Scenario::new(Page::SearchWithPauses, fresh.clone(), shows_hits);
        let after_search = CLIENTS * (WARM_UP_PER_CLIENT + REQUESTS_PER_CLIENT);
        search_with_pauses.next.set(after_search);
        let single_search = Scenario::new(Page::Search, fresh, shows_hits);
        single_search
            .next
            .set(after_search + CLIENTS * (WARM_UP_PER_CLIENT + READER_REQUESTS));
        let popular = Scenario::new(Page::PopularSearch, search_paths(&self.popular), shows_hits);
        let mut state = SEED;
        let meeting = Scenario::new(
            Page::Meeting,
            (0..CLIENTS * (WARM_UP_PER_CLIENT + REQUESTS_PER_CLIENT))
                .map(|_| {
                    let drawn = splitmix64(&mut state) % self.meeting_ids.len() as u64;
                    format!("/moten/{}", self.meeting_ids[drawn as usize])
                })
                .collect(),
            status_ok,
        );

        let mut measured = Vec::new();
        let no_pause = Duration::ZERO;
        for (scenario, clients, requests, pause) in [
            (&baseline, CLIENTS, REQUESTS_PER_CLIENT, no_pause),
            (&search, CLIENTS, REQUESTS_PER_CLIENT, no_pause),
            (&search_with_pauses, CLIENTS, READER_REQUESTS, READING_PAUSE),
            (&popular, CLIENTS, REQUESTS_PER_CLIENT, no_pause),
            (&meeting, CLIENTS, REQUESTS_PER_CLIENT, no_pause),
            (&baseline, 1, SINGLE_CLIENT_REQUESTS, no_pause),
            (&single_search, 1, SINGLE_CLIENT_REQUESTS, no_pause),
        ] {
            eprintln!("{} with {clients} clients", scenario.page.name());
            load.run(scenario, clients, WARM_UP_PER_CLIENT, no_pause)
                .await;
            let cpu_before = CpuTime::now();
            let tally = load.run(scenario, clients, requests, pause).await;
            let cpu = CpuTime::now().since(&cpu_before);
            eprintln!(
                "  {} requests in {:.1?}, p99 {}, {} failed",
                tally.latencies.len(),
                tally.wall,
                ms(tally.percentile(0.99)),
                tally.failures
            );
            measured.push(Measured {
                page: scenario.page,
                clients,
                planned: clients * requests,
                tally,
                cpu,
            });
        }
        measured
    }
}

type Http = Client<HttpConnector, Full<Bytes>>;

/// The load generator's connections and session.
struct Load {
    http: Http,
    address: SocketAddr,
    cookie: String,
}

impl Load {
    /// `clients` closed loops of `requests` each, side by side, on the
    /// scenario's next paths: client `c` takes the `c`-th, the
    /// `c + clients`-th, … so that clients ask different things. With a
    /// `pause`, each client waits 0.5–1.5 times it after each answer.
    async fn run(
        self: &Arc<Load>,
        scenario: &Scenario,
        clients: usize,
        requests: usize,
        pause: Duration,
    ) -> Tally {
        let first = scenario.next.get();
        scenario.next.set(first + clients * requests);
        let deadline = Instant::now() + SCENARIO_TIME_LIMIT;
        let started = Instant::now();
        let mut running = tokio::task::JoinSet::new();
        for client in 0..clients {
            let load = self.clone();
            let paths = scenario.paths.clone();
            let check = scenario.check;
            running.spawn(async move {
                let mut tally = Tally::default();
                let mut state = SEED ^ client as u64;
                let mut pause_share = || 0.5 + (splitmix64(&mut state) % 1000) as f64 / 1000.0;
                // People do not all press Enter at once: each starts
                // somewhere within one pause.
                if !pause.is_zero() {
                    tokio::time::sleep(pause.mul_f64(pause_share() - 0.5)).await;
                }
                for request in 0..requests {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let path = &paths[(first + client + request * clients) % paths.len()];
                    let sent = Instant::now();
                    let outcome = load.get(path).await;
                    let latency = sent.elapsed();
                    tally.record(
                        latency,
                        outcome.and_then(|(status, body)| {
                            check(status, &body).map_err(|why| format!("{path}: {why}"))
                        }),
                    );
                    if !pause.is_zero() {
                        tokio::time::sleep(pause.mul_f64(pause_share())).await;
                    }
                }
                tally
            });
        }
        let mut tally = Tally::default();
        for client in running.join_all().await {
            tally.merge(client);
        }
        tally.wall = started.elapsed();
        tally
    }

    async fn get(&self, path: &str) -> Result<(StatusCode, Bytes), String> {
        let request = Request::get(format!("http://{}{path}", self.address))
            .header(header::COOKIE, &self.cookie)
            .body(Full::default())
            .map_err(|error| error.to_string())?;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|error| error.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|error| error.to_string())?
            .to_bytes();
        Ok((status, body))
    }
}

/// Logs the bench's reader in; the `cookie` header its requests carry.
async fn log_in(http: &Http, address: SocketAddr) -> String {
    let body = serde_json::json!({ "name": USER, "password": PASSWORD }).to_string();
    let request = Request::post(format!("http://{address}/api/v1/session"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::from(body))
        .expect("a login request");
    let response = http.request(request).await.expect("the login answers");
    assert!(
        response.status().is_success(),
        "login failed: {}",
        response.status()
    );
    let set_cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|value| value.to_str().ok())
        .expect("the login sets the session cookie");
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
    assert!(cookie.starts_with("paragraf_session="), "{set_cookie}");
    cookie
}

fn status_ok(status: StatusCode, _body: &[u8]) -> Result<(), String> {
    if status == StatusCode::OK {
        Ok(())
    } else {
        Err(format!("status {status}"))
    }
}

/// A search page with hits links to their meetings; one without does not
/// (the navigation links only to the list, `/moten`).
fn shows_hits(status: StatusCode, body: &[u8]) -> Result<(), String> {
    status_ok(status, body)?;
    let link = b"href=\"/moten/";
    let linked_meeting = body
        .windows(link.len() + 1)
        .any(|window| window.starts_with(link) && window[link.len()].is_ascii_digit());
    if linked_meeting {
        Ok(())
    } else {
        Err("the page shows no hits".to_string())
    }
}

/// `text` as a query string value.
fn percent_encoded(text: &str) -> String {
    const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// A deterministic stream of numbers, so every run asks the same things.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for last in (1..items.len()).rev() {
        let other = (splitmix64(&mut state) % (last as u64 + 1)) as usize;
        items.swap(last, other);
    }
}

/// Latencies and failures of the requests of one scenario.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    failures: usize,
    first_failure: Option<String>,
    /// From the first request sent to the last answer received.
    wall: Duration,
}

impl Tally {
    fn record(&mut self, latency: Duration, outcome: Result<(), String>) {
        self.latencies.push(latency);
        if let Err(why) = outcome {
            self.failures += 1;
            self.first_failure.get_or_insert(why);
        }
    }

    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.failures += other.failures;
        if self.first_failure.is_none() {
            self.first_failure = other.first_failure;
        }
    }

    fn percentile(&self, share: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        let at = ((sorted.len() as f64 * share) as usize).min(sorted.len().saturating_sub(1));
        sorted.get(at).copied().unwrap_or_default()
    }

    fn mean(&self) -> Duration {
        self.latencies.iter().sum::<Duration>() / self.latencies.len().max(1) as u32
    }

    fn max(&self) -> Duration {
        self.latencies.iter().max().copied().unwrap_or_default()
    }

    fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }
}

/// One measured scenario.
struct Measured {
    page: Page,
    clients: usize,
    planned: usize,
    tally: Tally,
    cpu: CpuTime,
}

/// CPU seconds used, by whom.
#[derive(Clone, Copy, Default)]
struct CpuTime {
    /// The server's runtime (its workers and blocking threads).
    server: f64,
    /// The SQLite connections' threads, working for the server.
    sqlite: f64,
    load_generator: f64,
    /// The whole process, threads that have ended included.
    process: f64,
    /// Every process on the machine: what it has beyond `process` is
    /// other work (compilers, say) competing for the cores.
    machine: f64,
}

impl CpuTime {
    fn now() -> CpuTime {
        let mut time = CpuTime {
            process: cpu_seconds(Path::new("/proc/self/stat")).map_or(0.0, |(_, seconds)| seconds),
            machine: machine_busy_seconds().unwrap_or(0.0),
            ..CpuTime::default()
        };
        let tasks = std::fs::read_dir("/proc/self/task").into_iter().flatten();
        for task in tasks.filter_map(Result::ok) {
            let Some((name, seconds)) = cpu_seconds(&task.path().join("stat")) else {
                continue;
            };
            if name.starts_with(SERVER_THREAD) {
                time.server += seconds;
            } else if name.starts_with(SQLITE_THREAD) {
                time.sqlite += seconds;
            } else if name == LOAD_THREAD {
                time.load_generator += seconds;
            }
        }
        time
    }

    /// What processes other than this one used.
    fn others(&self) -> f64 {
        (self.machine - self.process).max(0.0)
    }

    fn since(&self, before: &CpuTime) -> CpuTime {
        CpuTime {
            server: self.server - before.server,
            sqlite: self.sqlite - before.sqlite,
            load_generator: self.load_generator - before.load_generator,
            process: self.process - before.process,
            machine: self.machine - before.machine,
        }
    }
}

/// What `/proc` counts CPU time in: 100 on Linux whatever the kernel's own
/// tick rate.
const USER_HZ: f64 = 100.0;

/// A thread's (or the process's) name and user + system CPU seconds, from
/// its `stat` file: fields 14 and 15.
fn cpu_seconds(stat: &Path) -> Option<(String, f64)> {
    let text = std::fs::read_to_string(stat).ok()?;
    let (head, rest) = text.rsplit_once(')')?;
    let name = head.split_once('(')?.1.to_string();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |at: usize| fields.get(at)?.parse::<f64>().ok();
    // `rest` starts at field 3 (the state).
    Some((name, (ticks(11)? + ticks(12)?) / USER_HZ))
}

/// CPU seconds all cores have spent on anything but idling, from the
/// first line of `/proc/stat` (user nice system idle iowait irq softirq
/// steal …, in `USER_HZ`).
fn machine_busy_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<f64> = text
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    let (idle, iowait) = (ticks.get(3)?, ticks.get(4)?);
    Some((ticks.iter().sum::<f64>() - idle - iowait) / USER_HZ)
}

fn report(
    served: &Served,
    popular_queries: usize,
    measured: &[Measured],
    direct: &Tally,
) -> String {
    let meetings = served.meeting_ids.len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let measured_as = |page: Page, clients: usize| {
        &measured
            .iter()
            .find(|scenario| scenario.page == page && scenario.clients == clients)
            .expect("every page is measured at both client counts it is reported at")
            .tally
    };
    let search = measured_as(Page::Search, CLIENTS);
    let mut out = String::new();
    out.push_str("## Web app under load\n\n");
    out.push_str("Reproduce: `cargo bench -p paragraf-web --bench load` (`PARAGRAF_BENCH_MEETINGS=N` for another size). The first run at a size builds its archive (≈ 5 minutes at 100,000) into `target/bench-data/web-load-N-seed7/`; later runs reuse it.\n");
    out.push_str(&format!(
        "Target: search page p99 ≤ {} at {CLIENTS} concurrent clients on {} meetings.\n\n",
        ms(SEARCH_P99_TARGET),
        thousands(TARGET_MEETINGS)
    ));
    out.push_str(&format!(
        "Archive: {} meetings from `paragraf-corpus` (seed {SEED}, {:.0} % with OCR damage; as the archive bench), {} parts indexed. ",
        thousands(meetings),
        OCR_SHARE * 100.0,
        thousands(served.parts as usize)
    ));
    out.push_str(&format!(
        "Server and load generator in one process on a {cores}-core machine: the server on a Tokio runtime of 2 worker threads, the load generator (hyper-util's client, keep-alive HTTP/1.1, a reader's session cookie) on one more thread, competing with the server for the cores. {CLIENTS} clients each send their next request once the previous body has arrived; {WARM_UP_PER_CLIENT} requests per client warm each scenario up first. Meeting ids are drawn uniformly. Every search page must answer 200 and show hits; queries that find nothing are left out beforehand, on an archive opened apart from the server's, so the server starts with cold caches. The process allocates with mimalloc, as the `paragraf` binary does.\n\n"
    ));
    out.push_str(&format!(
        "The search page keeps recent searches' hits, so a query asked before costs a lookup. *A new query every time*: no query is asked twice in the run (warm-ups included), so every search runs; the queries are the corpus's timing queries as users type them (words, names, phrases, schools; as the archive bench times them), then, as far as a small archive answers too few of those, its known queries (`ventilation Tallbackaskolan`) and words of the minutes. As users repeat single words more than combinations, queries never repeated are mostly two or three words, the costlier kind. This is the target's case. *Popular queries*: {popular_queries} queries, the known queries and the {COMMON_WORDS} most widespread words of ≥ {MIN_WORD_CHARS} letters in the first {WORD_SAMPLE_MEETINGS} meetings, asked over and over, as saved searches and shared links are. Below the page's cache, the index keeps each word's near spellings (the fuzzy tier, the costliest part of a search) per segment: combinations are new but their words recur, so after the first searches most words' near spellings are known, as on a server that has run for a while.\n\n"
    ));
    out.push_str("| scenario | clients | requests | p50 | p99 | max | requests/s | p50 ÷ baseline | p99 ÷ baseline (same clients) | failed |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for scenario in measured {
        let tally = &scenario.tally;
        let baseline = measured_as(Page::Baseline, scenario.clients);
        let ratio = |share: f64| {
            format!(
                "{:.1}×",
                tally.percentile(share).as_secs_f64() / baseline.percentile(share).as_secs_f64()
            )
        };
        let stopped = if tally.latencies.len() < scenario.planned {
            " (time limit)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| {} | {} | {}{stopped} | {} | {} | {} | {:.0} | {} | {} | {} |\n",
            scenario.page.name(),
            scenario.clients,
            tally.latencies.len(),
            ms(tally.percentile(0.50)),
            ms(tally.percentile(0.99)),
            ms(tally.max()),
            tally.throughput(),
            ratio(0.50),
            ratio(0.99),
            failed(tally)
        ));
    }
    out.push_str(&format!(
        "| reference: `Archive::search` alone (no HTTP, no page), {SINGLE_CLIENT_REQUESTS} other fresh queries of the same mix | 1 | {} | {} | {} | {} | {:.0} | – | – | {} |\n\n",
        direct.latencies.len(),
        ms(direct.percentile(0.50)),
        ms(direct.percentile(0.99)),
        ms(direct.max()),
        direct.throughput(),
        failed(direct)
    ));

    let p99 = search.percentile(0.99);
    let verdict = match (meetings >= TARGET_MEETINGS, p99 <= SEARCH_P99_TARGET) {
        _ if search.failures > 0 => "not assessed: requests failed".to_string(),
        (true, true) => "**met**".to_string(),
        (true, false) => "**not met**".to_string(),
        (false, met) => format!(
            "not assessed at {} meetings (it would be {})",
            thousands(meetings),
            if met { "met" } else { "missed" }
        ),
    };
    out.push_str(&format!(
        "Target (search page p99 ≤ {} at {CLIENTS} clients on {} meetings): {verdict}; measured p99 {}.\n\n",
        ms(SEARCH_P99_TARGET),
        thousands(TARGET_MEETINGS),
        ms(p99)
    ));
    let readers = measured_as(Page::SearchWithPauses, CLIENTS);
    let readers_met = if readers.failures > 0 {
        "not assessed: requests failed"
    } else if readers.percentile(0.99) <= SEARCH_P99_TARGET {
        "within"
    } else {
        "over"
    };
    out.push_str(&format!(
        "With people's pauses (each of the {CLIENTS} clients starts within the first second and waits 0.5–1.5 s after each answer, {:.0} searches/s offered), every search still new: p99 {}, {readers_met} the target's {}.\n\n",
        readers.throughput(),
        ms(readers.percentile(0.99)),
        ms(SEARCH_P99_TARGET)
    ));
    let tail = search.percentile(0.99).as_secs_f64() / search.mean().as_secs_f64();
    out.push_str(&format!(
        "In a closed loop without pauses every request queues behind the others, so latency follows throughput: {CLIENTS} clients ÷ {:.0} searches/s = {} per search, against a measured mean of {}. Meeting the target at {CLIENTS} clients takes ≈ {:.0} searches/s ({CLIENTS} ÷ {}, times the measured p99 ÷ mean of {:.1}).\n\n",
        search.throughput(),
        ms(Duration::from_secs_f64(CLIENTS as f64 / search.throughput())),
        ms(search.mean()),
        CLIENTS as f64 / SEARCH_P99_TARGET.as_secs_f64() * tail,
        ms(SEARCH_P99_TARGET),
        tail
    ));

    out.push_str(&format!("CPU seconds used while each scenario ran ({cores} cores: at most {cores} × the wall time):\n\n| scenario | clients | wall | server runtime | SQLite threads | load generator | whole process | other processes |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"));
    for scenario in measured {
        out.push_str(&format!(
            "| {} | {} | {:.1} s | {:.1} s | {:.1} s | {:.1} s | {:.1} s | {:.1} s |\n",
            scenario.page.name(),
            scenario.clients,
            scenario.tally.wall.as_secs_f64(),
            scenario.cpu.server,
            scenario.cpu.sqlite,
            scenario.cpu.load_generator,
            scenario.cpu.process,
            scenario.cpu.others()
        ));
    }
    let disturbed: Vec<String> = measured
        .iter()
        .filter(|scenario| scenario.tally.wall >= SHORTEST_ASSESSED)
        .filter_map(|scenario| {
            let share = scenario.cpu.others() / (cores as f64 * scenario.tally.wall.as_secs_f64());
            (share > BUSY_MACHINE_SHARE).then(|| {
                format!(
                    "{} with {} clients ({:.0} %)",
                    scenario.page.name(),
                    scenario.clients,
                    share * 100.0
                )
            })
        })
        .collect();
    if !disturbed.is_empty() {
        out.push_str(&format!(
            "\n**Other processes took a share of the cores during** {}: those numbers are worse than this code's; measure again on a quiet machine.\n",
            disturbed.join(", ")
        ));
    }
    out
}

fn failed(tally: &Tally) -> String {
    if tally.failures == 0 {
        "0".to_string()
    } else {
        format!("**{}**", tally.failures)
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// `100000` as `100,000`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
