//! The `reloadlab` command line.
use clap::{Parser, Subcommand};
use reloadlab::profile::{IpyVersion, PyVersion};
use reloadlab::session::{Options, Session, Style, split_session};
use std::io::Write;
use std::process::ExitCode;

/// Emulates interactive Python sessions (import, del, reload) as CPython 2.7–3.13 and the
/// IPython of each era printed them, byte for byte.
#[derive(Parser)]
#[command(name = "reloadlab", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Python version to emulate: 2.7, 3.4 … 3.13
    #[arg(long = "python", short = 'p', default_value = "3.13")]
    python: String,
    /// Front end: ipython, python (the plain REPL) or pyrepl (3.13's new REPL)
    #[arg(long, default_value = "ipython")]
    style: String,
    /// IPython version for --style ipython (default: the one of that Python's era)
    #[arg(long)]
    ipython: Option<String>,
    /// Install prefix written in module paths
    #[arg(long, default_value = "/usr/local")]
    prefix: String,
}

#[derive(Subcommand)]
enum Command {
    /// Print the transcript of a session file as the real interpreter printed it
    Replay {
        #[command(flatten)]
        common: Common,
        /// Session file: one cell per line, or blocks between `#%%` lines
        file: String,
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
    Ok(Options { python, style, ipython, prefix: c.prefix.clone() })
}

fn read_file(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{path} is not valid UTF-8"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Replay { common, file }) => (|| {
            let opts = options(&common)?;
            let text = read_file(&file)?;
            let mut session = Session::new(opts).map_err(|e| e.to_string())?;
            let cells = split_session(&text);
            let out = session.transcript(&cells);
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
            Ok(())
        })(),
        None => Err("the REPL is not written yet".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reloadlab: {e}");
            ExitCode::from(2)
        }
    }
}
