//! In-process benchmarks (criterion): parsing a cell, a fresh session, evaluating the seed
//! session, the seed session under every version (`compare --python all`), and long
//! transcripts (10k, 100k and 1M cells) to show that time grows linearly.
//! Run: `cargo bench --bench reloadlab`. Whole-process figures: `tools/bench/run.sh`.
//! Figures and machine: `BENCHMARKS.md`.

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use reloadlab::compare::{self, CompareOptions};
use reloadlab::profile::{Profile, PyVersion};
use reloadlab::session::{Options, Session, Style, split_session};
use reloadlab::syntax::{Mode, parse_cell};

const SEED: &str = include_str!("../transcripts/golden/sessions/seed_py3.session");

/// A session of `n` cells: the seed session over and over.
fn long_session(n: usize) -> Vec<String> {
    let seed = split_session(SEED);
    seed.iter().cycle().take(n).cloned().collect()
}

fn parsing(c: &mut Criterion) {
    let dialect = Profile::get(PyVersion(3, 13)).unwrap().dialect;
    let mut g = c.benchmark_group("parse");
    for (name, src) in [
        ("import", "import math"),
        ("reload", "math = importlib.reload(math)"),
        ("nested", "f(a, [1, 2, {'k': (3, 4)}], *args, key=lambda x: x.y[0] if x else None)"),
    ] {
        g.bench_function(name, |b| b.iter(|| parse_cell(black_box(src), &dialect, Mode::Exec)));
    }
    g.finish();
}

fn sessions(c: &mut Criterion) {
    let mut g = c.benchmark_group("session");
    let seed = split_session(SEED);
    for v in [PyVersion(2, 7), PyVersion(3, 6), PyVersion(3, 13)] {
        g.bench_function(BenchmarkId::new("new", v), |b| {
            b.iter(|| Session::new(Options::new(v, Style::Ipython)).unwrap())
        });
        g.bench_function(BenchmarkId::new("seed", v), |b| {
            b.iter(|| Session::new(Options::new(v, Style::Ipython)).unwrap().transcript(black_box(&seed)))
        });
    }
    let all = CompareOptions::new(Profile::all().iter().map(|p| p.version).collect(), Style::Ipython);
    g.bench_function("compare-all", |b| b.iter(|| compare::run(black_box(&seed), &all).unwrap()));
    g.finish();
}

fn long_transcripts(c: &mut Criterion) {
    let mut g = c.benchmark_group("transcript");
    g.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let cells = long_session(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("cells", n), &cells, |b, cells| {
            b.iter(|| Session::new(Options::new(PyVersion(3, 13), Style::Ipython)).unwrap().transcript(cells).len())
        });
    }
    g.finish();
}

criterion_group!(benches, parsing, sessions, long_transcripts);
criterion_main!(benches);
