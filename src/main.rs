//! The `reloadlab` command line. Thin: it parses flags and hands over to the front ends
//! (`repl`, `transcript`, `compare`). Exit status: 0 success, 1 `check` found a difference,
//! 2 bad usage, unusable input or unwritable output (see `AFTER_HELP`).
use clap::{Args, Parser, Subcommand};
use reloadlab::profile::{IpyVersion, PyVersion};
use reloadlab::render::terminal_width;
use reloadlab::session::{Options, Session, Style, cells_of, split_session};
use std::io::Write;
use std::process::ExitCode;

/// Emulates interactive Python sessions (import, del, reload) as CPython 2.7, 3.4–3.13 and
/// the IPython of each era printed them, byte for byte. With no subcommand, starts the REPL.
#[derive(Parser)]
#[command(name = "reloadlab", version, about, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    repl: ReplArgs,
}

/// The end of `--help`: exit statuses and examples (README's "Exit status" says the same).
const AFTER_HELP: &str = "\
Exit status:
  0  success; Python exceptions in a session are output, not failures
  1  check: a transcript differs from the emulation
  2  bad usage (an unknown flag or value), an input file that cannot be used (missing, a
     directory, not UTF-8, a line longer than 1 MiB), or output that cannot be written
  A closed standard output (`reloadlab replay s.session | head -1`) ends reloadlab quietly
  with status 0.

Examples:
  reloadlab                                   start the REPL (Python 3.13, IPython look)
  reloadlab replay --python 2.7 s.session     the transcript Python 2.7 + IPython printed
  reloadlab compare --only-diff s.session     every version side by side, differences only
  reloadlab check transcript.txt              a pasted transcript against the emulation";

/// The longest line reloadlab reads from a file. Real sessions are far shorter; a longer line
/// is refused with one clear line rather than parsed at the cost of gigabytes.
const MAX_LINE: usize = 1 << 20;

/// Which interpreter and front end to emulate.
#[derive(Args, Clone, Debug)]
struct Common {
    /// Python version to emulate: 2.7, 3.4, 3.5 … 3.13
    #[arg(long = "python", short = 'p', default_value = "3.13", global = true)]
    python: String,
    /// Front end: ipython, python (the plain REPL) or pyrepl (3.13's new REPL)
    #[arg(long, default_value = "ipython", global = true)]
    style: String,
    /// IPython version for --style ipython (default: the one of that Python's era)
    #[arg(long, global = true)]
    ipython: Option<String>,
    /// Install prefix written in module paths
    #[arg(long, default_value = "/usr/local", global = true)]
    prefix: String,
}

// ---- REPL (no subcommand) ------------------------------------------------------------------
#[derive(Args, Clone, Debug)]
struct ReplArgs {
    #[command(flatten)]
    common: Common,
    /// REPL: keep no history file (default: $XDG_DATA_HOME/reloadlab/history)
    #[arg(long)]
    no_history: bool,
    /// REPL colours: auto (on a terminal without NO_COLOR), always or never
    #[arg(long = "color", value_name = "WHEN", default_value = "auto")]
    repl_color: String,
}

#[derive(Subcommand)]
enum Command {
    // ---- replay ----------------------------------------------------------------------------
    /// Print the transcript of a session file as the real interpreter printed it
    Replay {
        /// Session file: one cell per line, or blocks between `#%%` lines
        file: String,
        /// Under each cell, the steps the import machinery took (named as CPython names
        /// them) and what they mean for the names deleted earlier
        #[arg(long)]
        explain: bool,
        /// Also write the transcript to FILE, cell by cell as it runs (what `check` reads)
        #[arg(long, value_name = "FILE")]
        record: Option<String>,
        /// Also write an asciicast v2 recording (asciinema's format) of the session being
        /// typed, in the front end's colours
        #[arg(long, value_name = "FILE")]
        asciicast: Option<String>,
        /// Also write an SVG picture of the final screen
        #[arg(long, value_name = "FILE")]
        svg: Option<String>,
    },
    // ---- check -----------------------------------------------------------------------------
    /// Check pasted transcripts (IPython, the plain REPL, doctest) against the emulation:
    /// `ok`, or the first cell that differs as a diff. --python all: which versions print
    /// exactly that. Exit status 0 when all agree, 1 when any differs, 2 on unreadable input
    Check {
        /// Transcript files
        #[arg(required = true)]
        files: Vec<String>,
    },
    // ---- compare ---------------------------------------------------------------------------
    /// Run a session under several Python versions (--python 2.7,3.6,3.13 or --python all,
    /// the default) and show the outputs side by side, marking the cells that differ
    Compare {
        /// Session file: one cell per line, or blocks between `#%%` lines
        file: String,
        /// One version under another instead of side by side
        #[arg(long)]
        stacked: bool,
        /// Fold the cells that behave the same in every version
        #[arg(long)]
        only_diff: bool,
        /// Width in columns (default: the terminal's)
        #[arg(long)]
        width: Option<usize>,
        /// Under each cell, the steps the import machinery took in each version
        #[arg(long)]
        explain: bool,
        /// Colours: auto (on a terminal without NO_COLOR), always or never
        #[arg(long, default_value = "auto")]
        color: String,
    },
}

fn options(c: &Common) -> Result<Options, String> {
    let python = PyVersion::parse(&c.python).ok_or_else(|| format!("invalid Python version '{}' (expected e.g. 3.6)", c.python))?;
    let style = Style::parse(&c.style)
        .ok_or_else(|| format!("unknown style '{}' (expected ipython, python or pyrepl)", c.style))?;
    let ipython = match &c.ipython {
        Some(v) => Some(IpyVersion::parse(v).ok_or_else(|| format!("invalid IPython version '{v}'"))?),
        None => None,
    };
    Ok(Options { python, style, ipython, prefix: c.prefix.clone(), cwd: None })
}

/// Reads a text file; one clear line when it is missing, a directory, not UTF-8, or has a
/// line longer than [`MAX_LINE`].
fn read_file(path: &str) -> Result<String, String> {
    if std::path::Path::new(path).is_dir() {
        return Err(format!("{path} is a directory, not a file"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{path} is not valid UTF-8 (line {line}, byte {at})")
    })?;
    if let Some((n, l)) = text.split('\n').enumerate().find(|(_, l)| l.len() > MAX_LINE) {
        return Err(format!(
            "{path}: line {} is {} bytes long; reloadlab reads lines of at most {} bytes (1 MiB)",
            n + 1,
            l.len(),
            MAX_LINE
        ));
    }
    Ok(text)
}

/// Says one line on stderr; an unwritable stderr is no reason to panic.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "reloadlab: {msg}");
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Writes to stdout; a closed pipe (`| head -1`) ends the program quietly (status 0), any
/// other failure (a full disk) with one line and status 2.
fn write_out(s: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            say(&format!("cannot write the output: {}", io_reason(&e)));
            std::process::exit(2);
        }
        std::process::exit(0);
    }
}

/// Where `replay` also writes the session: `--record`, `--asciicast`, `--svg`.
struct ReplayFiles<'a> {
    record: Option<&'a str>,
    asciicast: Option<&'a str>,
    svg: Option<&'a str>,
}

fn replay(common: &Common, file: &str, explain: bool, files: ReplayFiles) -> Result<u8, String> {
    let opts = options(common)?;
    let mut session = Session::new(opts.clone()).map_err(|e| e.to_string())?;
    let text = read_file(file)?;
    let cannot_write = |path: &str, e: std::io::Error| format!("cannot write {path}: {}", io_reason(&e));
    let mut recorder = match files.record {
        Some(p) => Some(reloadlab::transcript::record::Recorder::create(p, &opts).map_err(|e| cannot_write(p, e))?),
        None => None,
    };
    let mut cast = (files.asciicast.is_some() || files.svg.is_some())
        .then(|| reloadlab::transcript::asciicast::Recording::new(&session));
    // (Cells borrowed from the text: a long session is not copied line by line.)
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text };
    let mut cells = cells_of(&text).peekable();
    if cells.peek().is_none() {
        say(&format!("{file} has no cells: nothing to replay"));
        return Ok(0);
    }
    // Streamed cell by cell; trailing blank lines are held back so that the transcript ends
    // with exactly one newline, as recorded transcripts do.
    let mut held = 0usize;
    let mut first = true;
    let mut explainer = reloadlab::compare::explain::Explainer::new();
    let (width, color) = (terminal_width(), color_wanted("auto"));
    for c in cells {
        let mut chunk = String::new();
        for run in session.feed(c) {
            if session.is_ipython() && !first {
                chunk.push('\n');
            }
            first = false;
            chunk.push_str(&run.echo);
            chunk.push_str(&run.output);
            if let (Some(r), Some(p)) = (recorder.as_mut(), files.record) {
                r.cell(&run).map_err(|e| cannot_write(p, e))?;
            }
            if let Some(c) = cast.as_mut() {
                c.cell(&run);
            }
            if explain {
                for line in explainer.observe(&session, &run) {
                    chunk.push_str(&reloadlab::compare::explain_line(&line, width, color));
                }
            }
        }
        if chunk.is_empty() {
            continue;
        }
        let body = chunk.trim_end_matches('\n');
        let trailing = chunk.len() - body.len();
        let mut out = "\n".repeat(held);
        out.push_str(body);
        if trailing > 0 {
            out.push('\n');
        }
        held = trailing.saturating_sub(1);
        write_out(&out);
    }
    if let Some(c) = &cast {
        let name = std::path::Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy());
        let title = format!("reloadlab: {name} ({})", reloadlab::transcript::check::Variant::of(&session).label());
        if let Some(p) = files.asciicast {
            std::fs::write(p, c.to_asciicast(&title)).map_err(|e| cannot_write(p, e))?;
        }
        if let Some(p) = files.svg {
            std::fs::write(p, reloadlab::transcript::svg::render(&c.screen(), &title)).map_err(|e| cannot_write(p, e))?;
        }
    }
    // The process ends here: freeing every module and object first would only cost time
    // (a tenth of a seed replay).
    std::mem::forget(session);
    Ok(0)
}

/// `check`: 0 when every transcript agrees, 1 when one differs, 2 when one cannot be read.
fn check(common: &Common, files: &[String]) -> Result<u8, String> {
    use reloadlab::transcript::{self, check::PythonChoice};
    // Flags not given are read from each transcript.
    let given = |id: &str| {
        use clap::CommandFactory;
        let m = Cli::command().get_matches();
        let cmd = m.subcommand().map(|(_, s)| s.clone());
        [Some(m), cmd].into_iter().flatten().any(|m| m.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
    };
    let python = match common.python.as_str() {
        _ if !given("python") => PythonChoice::Detect,
        "all" => PythonChoice::All,
        v => PythonChoice::One(PyVersion::parse(v).ok_or_else(|| format!("invalid Python version '{v}' (expected e.g. 3.6 or all)"))?),
    };
    let style = match given("style") {
        true => Some(Style::parse(&common.style).ok_or_else(|| format!("unknown style '{}' (expected ipython, python or pyrepl)", common.style))?),
        false => None,
    };
    let ipython = match &common.ipython {
        Some(v) => Some(IpyVersion::parse(v).ok_or_else(|| format!("invalid IPython version '{v}'"))?),
        None => None,
    };
    let req = transcript::check::Request { python, style, ipython, prefix: given("prefix").then(|| common.prefix.clone()) };
    let mut code = 0;
    for f in files {
        let parsed = read_file(f).and_then(|text| transcript::parse(&text, f).map_err(|e| format!("{f}: {e}")));
        let t = match parsed {
            Ok(t) => t,
            Err(e) => {
                say(&e);
                code = 2;
                continue;
            }
        };
        let report = transcript::check::check(&t, &req)?;
        write_out(&report.render(f, &t));
        if !report.agrees() && code == 0 {
            code = 1;
        }
    }
    Ok(code)
}

/// `compare`: `--python` is a list here (`2.7,3.6,3.13` or `all`), every version by default.
fn compare(
    common: &Common,
    file: &str,
    stacked: bool,
    only_diff: bool,
    width: Option<usize>,
    explain: bool,
    color: &str,
) -> Result<u8, String> {
    use reloadlab::compare;
    let given = std::env::args().any(|a| a == "--python" || a.starts_with("--python=") || a.starts_with("-p"));
    let versions = compare::parse_versions(if given { &common.python } else { "all" })?;
    let style = Style::parse(&common.style)
        .ok_or_else(|| format!("unknown style '{}' (expected ipython, python or pyrepl)", common.style))?;
    if common.ipython.is_some() {
        return Err("compare runs each Python with the IPython of its era; --ipython does not apply".into());
    }
    if !["auto", "always", "never"].contains(&color) {
        return Err(format!("unknown --color '{color}' (expected auto, always or never)"));
    }
    let cells = split_session(&read_file(file)?);
    if cells.is_empty() {
        say(&format!("{file} has no cells: nothing to compare"));
        return Ok(0);
    }
    let mut opts = compare::CompareOptions::new(versions, style);
    opts.prefix = common.prefix.clone();
    opts.exits_after = true;
    let c = compare::run(&cells, &opts)?;
    let width = width.unwrap_or_else(terminal_width).max(20);
    let view = compare::View { width, stacked, only_diff, explain, color: color_wanted(color) };
    write_out(&compare::render(&c, &view));
    Ok(0)
}


/// `--color auto|always|never`: auto means stdout is a terminal and NO_COLOR is unset.
fn color_wanted(choice: &str) -> bool {
    use std::io::IsTerminal;
    match choice {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// No subcommand: the interactive REPL.
fn repl(args: &ReplArgs) -> Result<u8, String> {
    let color = reloadlab::repl::ColorChoice::parse(&args.repl_color)
        .ok_or_else(|| format!("unknown --color '{}' (expected auto, always or never)", args.repl_color))?;
    let session = options(&args.common)?;
    reloadlab::repl::run(reloadlab::repl::ReplOptions { session, history: !args.no_history, color })
}

/// Parses the command line; a usage error is one line on stderr and status 2 (clap's own
/// output for `--help` and `--version`).
fn parse_cli() -> Result<Cli, ExitCode> {
    use clap::error::ErrorKind;
    Cli::try_parse().map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
        _ => {
            // clap's message without its usage and tips, on one line
            let text = e.render().to_string();
            let msg = text.split("\n\n").next().unwrap_or("").trim().trim_start_matches("error: ");
            let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
            say(&format!("{msg} (see reloadlab --help)"));
            ExitCode::from(2)
        }
    })
}

fn main() -> ExitCode {
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let common = cli.repl.common.clone();
    let result = match &cli.command {
        Some(Command::Replay { file, explain, record, asciicast, svg }) => {
            let files = ReplayFiles { record: record.as_deref(), asciicast: asciicast.as_deref(), svg: svg.as_deref() };
            replay(&common, file, *explain, files)
        }
        Some(Command::Check { files }) => check(&common, files),
        Some(Command::Compare { file, stacked, only_diff, width, explain, color }) => {
            compare(&common, file, *stacked, *only_diff, *width, *explain, color)
        }
        None => repl(&cli.repl),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            say(&e);
            ExitCode::from(2)
        }
    }
}
