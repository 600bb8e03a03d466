//! Benchmark of `activities::search` over 100,000 synthetic activities.
//!
//! Run with `cargo bench -p tsunagu-app --bench search`. Besides criterion's
//! own report, it prints the index build time and size, and a p50/p99 table
//! for the inverted index and for a baseline that does what a
//! `LIKE '%word%'` query would: normalise the query, then scan every
//! document's (pre-normalised) fields with `contains`.
//!
//! Under `cargo test --benches` (no `--bench` argument) it runs a quick
//! smoke test on 10,000 documents instead.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use tsunagu_app::activities::search::{normalize, Hit, SearchDoc, SearchIndex};

/// Queries measured: (label, query).
const QUERIES: &[(&str, &str)] = &[
    ("1-char 碁", "碁"),
    ("2-char 体操", "体操"),
    ("4-char たいそう", "たいそう"),
    ("4-char ウォーキ", "ウォーキ"),
    ("2 words 体操 中央", "体操 中央"),
    ("1-char 会 (very common)", "会"),
];

/// Page size for the `search_top` measurement.
const PAGE: usize = 20;

/// Individually timed queries per kind for the percentile table; override
/// with the environment variable `SEARCH_BENCH_TIMED_RUNS`.
const TIMED_RUNS: usize = 1_000;

// ---------------------------------------------------------------------------
// Synthetic data
// ---------------------------------------------------------------------------

/// Deterministic 64-bit LCG (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// (written form, reading)
type Word = (&'static str, &'static str);

const ACTIVITIES: &[Word] = &[
    ("体操", "たいそう"),
    ("ラジオ体操", "らじおたいそう"),
    ("いきいき体操", "いきいきたいそう"),
    ("サロン", "さろん"),
    ("ふれあいサロン", "ふれあいさろん"),
    ("囲碁", "いご"),
    ("将棋", "しょうぎ"),
    ("カフェ", "かふぇ"),
    ("子育てサロン", "こそだてさろん"),
    ("認知症予防", "にんちしょうよぼう"),
    ("ウォーキング", "うぉーきんぐ"),
    ("料理教室", "りょうりきょうしつ"),
    ("手芸", "しゅげい"),
    ("合唱", "がっしょう"),
    ("ボランティア", "ぼらんてぃあ"),
    ("農園", "のうえん"),
    ("読書会", "どくしょかい"),
    ("ヨガ", "よが"),
    ("太極拳", "たいきょくけん"),
    ("健康麻雀", "けんこうまーじゃん"),
    ("書道", "しょどう"),
    ("俳句", "はいく"),
    ("卓球", "たっきゅう"),
    ("グラウンドゴルフ", "ぐらうんどごるふ"),
    ("英会話", "えいかいわ"),
    ("写真", "しゃしん"),
    ("絵手紙", "えてがみ"),
    ("民謡", "みんよう"),
    ("脳トレ", "のうとれ"),
    ("花壇づくり", "かだんづくり"),
    ("見守り活動", "みまもりかつどう"),
    ("防災", "ぼうさい"),
];

const DISTRICTS: &[Word] = &[
    ("中央", "ちゅうおう"),
    ("駅前", "えきまえ"),
    ("北山", "きたやま"),
    ("川西", "かわにし"),
    ("東原", "ひがしはら"),
    ("南丘", "みなみおか"),
    ("桜台", "さくらだい"),
    ("奥谷", "おくたに"),
];

const PREFIXES: &[Word] = &[
    ("", ""),
    ("", ""),
    ("みんなの", "みんなの"),
    ("ほっと", "ほっと"),
    ("のびのび", "のびのび"),
    ("元気", "げんき"),
];

const SUFFIXES: &[Word] = &[
    ("", ""),
    ("クラブ", "くらぶ"),
    ("の会", "のかい"),
    ("サークル", "さーくる"),
    ("教室", "きょうしつ"),
    ("同好会", "どうこうかい"),
    ("広場", "ひろば"),
];

const ORGANISATIONS: &[&str] = &[
    "町内会",
    "地区社会福祉協議会",
    "老人クラブ",
    "子ども会育成会",
    "公民館運営委員会",
    "自治会",
    "まちづくり協議会",
];

const CATEGORIES: &[&str] = &[
    "健康",
    "スポーツ",
    "文化",
    "子育て",
    "学び",
    "交流",
    "福祉",
    "趣味",
    "地域活動",
    "高齢者",
    "防災",
    "食",
];

const WEEKDAYS: &[&str] = &["月", "火", "水", "木", "金", "土", "日"];
const TIMES: &[&str] = &["午前9時", "午前10時", "午後1時半", "午後2時", "夕方6時"];
const PLACES: &[&str] = &[
    "公民館",
    "集会所",
    "コミュニティセンター",
    "小学校の体育館",
    "中央公園",
    "図書館の会議室",
    "福祉センター",
];
const TARGETS: &[&str] = &[
    "高齢者",
    "子育て中の親子",
    "小学生",
    "地域の皆さん",
    "シニア世代",
    "働く世代",
];
const ITEMS: &[&str] = &[
    "動きやすい服装",
    "タオルと飲み物",
    "筆記用具",
    "エプロン",
    "室内履き",
];

fn description(rng: &mut Lcg, activity: &str, district: &str) -> String {
    let mut sentences = vec![format!(
        "毎週{}曜日の{}から{}で{}を行っています。",
        rng.pick(WEEKDAYS),
        rng.pick(TIMES),
        rng.pick(PLACES),
        activity
    )];
    let extras = [
        format!(
            "{}を中心に、{}や{}も楽しんでいます。",
            rng.pick(TARGETS),
            rng.pick(ACTIVITIES).0,
            rng.pick(ACTIVITIES).0
        ),
        "初心者の方も大歓迎です。お気軽にご参加ください！".to_owned(),
        format!(
            "参加費は{}円、{}をお持ちください。",
            100 * (1 + rng.below(5)),
            rng.pick(ITEMS)
        ),
        format!("見学はいつでもＯＫ。{district}地区の仲間づくりを目指しています。"),
        "コーヒーを飲みながら気軽におしゃべりしましょう。".to_owned(),
    ];
    for _ in 0..2 {
        sentences.push(extras[rng.below(extras.len())].clone());
    }
    sentences.concat()
}

fn synthetic_doc(rng: &mut Lcg, id: i64) -> SearchDoc {
    let (activity, activity_reading) = rng.pick(ACTIVITIES);
    let (district, district_reading) = rng.pick(DISTRICTS);
    let (prefix, prefix_reading) = rng.pick(PREFIXES);
    let (suffix, suffix_reading) = rng.pick(SUFFIXES);
    let with_district = rng.below(2) == 0;
    let (head, head_reading) = if with_district {
        (district, district_reading)
    } else {
        ("", "")
    };
    let mut categories: Vec<&str> = (0..1 + rng.below(3))
        .map(|_| rng.pick(CATEGORIES))
        .collect();
    categories.dedup();
    SearchDoc {
        id,
        name: format!("{head}{prefix}{activity}{suffix}"),
        reading: format!("{head_reading}{prefix_reading}{activity_reading}{suffix_reading}"),
        organisation: if rng.below(8) == 0 {
            "NPO法人つなぐ".to_owned()
        } else {
            format!("{}{}", rng.pick(DISTRICTS).0, rng.pick(ORGANISATIONS))
        },
        district: district.to_owned(),
        categories: categories.join(" "),
        description: description(rng, activity, district),
    }
}

fn synthetic_docs(n: usize) -> Vec<SearchDoc> {
    let mut rng = Lcg(0x7375_6e61_6775); // "tsunagu"
    (0..n as i64)
        .map(|id| synthetic_doc(&mut rng, id))
        .collect()
}

// ---------------------------------------------------------------------------
// Scan baseline
// ---------------------------------------------------------------------------

/// What a database would hold with normalised columns, queried with
/// `LIKE '%word%'` on every column: a linear scan. Same scoring as the index,
/// so the two are checked against each other.
struct ScanTable {
    rows: Vec<(i64, [String; 6])>,
}

impl ScanTable {
    fn new(docs: &[SearchDoc]) -> Self {
        let rows = docs
            .iter()
            .map(|d| {
                let fields = [
                    &d.name,
                    &d.reading,
                    &d.organisation,
                    &d.district,
                    &d.categories,
                    &d.description,
                ];
                (d.id, fields.map(|f| normalize(f)))
            })
            .collect();
        ScanTable { rows }
    }

    fn search(&self, query: &str) -> Vec<Hit> {
        let normalised = normalize(query);
        let mut words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .rows
            .iter()
            .filter_map(
                |(id, [name, reading, organisation, district, categories, description])| {
                    let mut total = 0;
                    for word in &words {
                        let mut score = 0;
                        if name.contains(word) || reading.contains(word) {
                            score += 100;
                        }
                        if name.starts_with(word) {
                            score += 50;
                        }
                        for (field, weight) in [
                            (organisation, 30),
                            (categories, 30),
                            (district, 20),
                            (description, 10),
                        ] {
                            if field.contains(word) {
                                score += weight;
                            }
                        }
                        if score == 0 {
                            return None;
                        }
                        total += score;
                    }
                    Some(Hit {
                        id: *id,
                        score: total,
                    })
                },
            )
            .collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits
    }
}

// ---------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------

struct Fixture {
    docs: usize,
    index: SearchIndex,
    scan: ScanTable,
}

/// Whether cargo runs us as a benchmark (`cargo bench` passes `--bench`)
/// rather than as a smoke test (`cargo test --benches`).
fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Resident set size of this process in bytes (Linux only).
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let n = if bench_mode() { 100_000 } else { 10_000 };
        let docs = synthetic_docs(n);
        let avg = |f: fn(&SearchDoc) -> &str| {
            docs.iter().map(|d| f(d).chars().count()).sum::<usize>() as f64 / n as f64
        };
        println!(
            "synthetic docs: {n}, average chars: name {:.1}, reading {:.1}, description {:.1}",
            avg(|d| &d.name),
            avg(|d| &d.reading),
            avg(|d| &d.description)
        );

        let rss_before = rss_bytes();
        let start = Instant::now();
        let mut index = SearchIndex::new();
        for doc in &docs {
            index.upsert(doc);
        }
        let built = start.elapsed();
        let rss_built = rss_bytes();
        let heap_built = index.approx_heap_bytes();
        let start = Instant::now();
        index.shrink_to_fit();
        let shrunk = start.elapsed();
        let rss_shrunk = rss_bytes();
        println!(
            "index build: {:.0} ms for {n} upserts (+ {:.0} ms shrink_to_fit)",
            built.as_secs_f64() * 1e3,
            shrunk.as_secs_f64() * 1e3
        );
        println!(
            "index size (approx_heap_bytes): {:.1} MiB after build, {:.1} MiB after shrink_to_fit",
            mib(heap_built as u64),
            mib(index.approx_heap_bytes() as u64)
        );
        if let (Some(before), Some(built), Some(shrunk)) = (rss_before, rss_built, rss_shrunk) {
            println!(
                "RSS growth while building: {:.1} MiB (after shrink_to_fit: {:.1} MiB)",
                mib(built.saturating_sub(before)),
                mib(shrunk.saturating_sub(before))
            );
        }

        let scan = ScanTable::new(&docs);
        for (label, query) in QUERIES {
            let hits = index.search(query);
            assert_eq!(
                hits,
                scan.search(query),
                "index and scan disagree on {query:?}"
            );
            assert_eq!(index.search_top(query, PAGE), hits[..hits.len().min(PAGE)]);
            println!(
                "{label}: normalised {:?}, {} hits",
                normalize(query),
                hits.len()
            );
        }
        Fixture {
            docs: n,
            index,
            scan,
        }
    })
}

// ---------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------

fn bench_search(c: &mut Criterion) {
    let fx = fixture();
    let mut group = c.benchmark_group(format!("search_{}k", fx.docs / 1000));
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (label, query) in QUERIES {
        group.bench_with_input(BenchmarkId::new("index", label), query, |b, q| {
            b.iter(|| fx.index.search(black_box(q)))
        });
    }
    for (label, query) in QUERIES {
        group.bench_with_input(
            BenchmarkId::new(format!("index_top{PAGE}"), label),
            query,
            |b, q| b.iter(|| fx.index.search_top(black_box(q), PAGE)),
        );
    }
    group.sample_size(10);
    for (label, query) in QUERIES {
        group.bench_with_input(BenchmarkId::new("scan", label), query, |b, q| {
            b.iter(|| fx.scan.search(black_box(q)))
        });
    }
    group.finish();
}

/// Times `runs` individual calls and returns (p50, p99) by nearest rank.
fn percentiles(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration) {
    for _ in 0..runs.min(10) {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    let rank = |p: f64| times[((p * runs as f64).ceil() as usize).clamp(1, runs) - 1];
    (rank(0.50), rank(0.99))
}

fn print_latency_table() {
    let fx = fixture();
    let runs = match std::env::var("SEARCH_BENCH_TIMED_RUNS") {
        Ok(runs) => runs.parse().unwrap_or(TIMED_RUNS).max(1),
        Err(_) if bench_mode() => TIMED_RUNS,
        Err(_) => 10,
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!();
    println!(
        "latency over {} docs, {runs} timed queries each (ms)",
        fx.docs
    );
    println!(
        "| {:<24} | {:>6} | {:>9} | {:>9} | {:>9} | {:>9} | {:>9} | {:>9} |",
        "query",
        "hits",
        "index p50",
        "index p99",
        &format!("top{PAGE} p50"),
        &format!("top{PAGE} p99"),
        "scan p50",
        "scan p99"
    );
    println!(
        "|{:-<26}|{:->8}|{:->11}|{:->11}|{:->11}|{:->11}|{:->11}|{:->11}|",
        "", "", "", "", "", "", "", ""
    );
    for (label, query) in QUERIES {
        let hits = fx.index.search(query).len();
        let (i50, i99) = percentiles(runs, || fx.index.search(black_box(query)).len());
        let (t50, t99) = percentiles(runs, || fx.index.search_top(black_box(query), PAGE).len());
        let (s50, s99) = percentiles(runs, || fx.scan.search(black_box(query)).len());
        // Pad by display width: the CJK labels are two columns per char.
        let width: usize = label
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum();
        let pad = " ".repeat(24usize.saturating_sub(width));
        println!(
            "| {label}{pad} | {hits:>6} | {:>9.3} | {:>9.3} | {:>9.3} | {:>9.3} | {:>9.3} | {:>9.3} |",
            ms(i50),
            ms(i99),
            ms(t50),
            ms(t99),
            ms(s50),
            ms(s99)
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench_search(&mut criterion);
    criterion.final_summary();
    print_latency_table();
}
