//! `asciicast`: a session as an asciicast v2 recording — the format `asciinema play` and the
//! asciinema web player read — of someone typing it at a human pace, in the front end's
//! default colours.
//!
//! The file is one JSON header line (`{"version": 2, "width": …, "height": …, …}`) and one
//! event line per write to the terminal, `[seconds, "o", "text"]`, times increasing. The
//! terminal is made wide and tall enough for the whole transcript, so that the final screen
//! is the transcript, line for line (colours aside: `render::color`, the front end's default
//! scheme). Typing delays come from a fixed seed:
//! the same session gives the same file.

use super::screen::Screen;
use crate::render::color::{self, Scheme};
use crate::session::{CellRun, Session};

/// A session being recorded for asciinema.
#[derive(Clone, Debug)]
pub struct Recording {
    scheme: Scheme,
    ipython: bool,
    /// (time in microseconds, text written).
    events: Vec<(u64, String)>,
    t: u64,
    rng: u64,
    /// The plain transcript so far.
    text: String,
    first: bool,
}

impl Recording {
    /// A recording of `session`, in its front end's default colours (`render::color`).
    pub fn new(session: &Session) -> Recording {
        let v = session.profile().version;
        let scheme = Scheme::of(&session.renderer.front, (v.0, v.1));
        Recording {
            scheme,
            ipython: session.is_ipython(),
            events: Vec::new(),
            t: 0,
            rng: 0x9e37_79b9_7f4a_7c15,
            text: String::new(),
            first: true,
        }
    }

    /// A pseudo-random delay in `lo..hi` milliseconds (xorshift; reproducible).
    fn pause(&mut self, lo: u64, hi: u64) {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.t += 1000 * (lo + self.rng % (hi - lo).max(1));
    }

    fn emit(&mut self, s: String) {
        if !s.is_empty() {
            self.events.push((self.t, s));
        }
    }

    /// Types one cell: a pause to think, each input line's prompt, its characters one by
    /// one, Enter; then the output at once.
    pub fn cell(&mut self, run: &CellRun) {
        self.text.push_str(&super::record::cell_text(run, self.ipython, self.first));
        let sep = if self.ipython && !self.first { "\r\n" } else { "" };
        self.first = false;
        let mut pending = sep.to_string();
        for line in run.echo.lines() {
            let (prompt, input) = split_prompt(line);
            if !prompt.is_empty() {
                pending.push_str(&color::prompt(self.scheme, prompt));
            }
            self.emit(std::mem::take(&mut pending));
            self.pause(500, 1200);
            for c in input.chars() {
                self.emit(c.to_string());
                self.pause(if c == ' ' { 90 } else { 45 }, if c == ' ' { 220 } else { 140 });
            }
            self.pause(150, 400);
            self.emit("\r\n".into());
        }
        if !run.output.is_empty() {
            self.pause(80, 300);
            let painted = color::output(self.scheme, &run.output);
            self.emit(painted.replace('\n', "\r\n"));
        }
        self.pause(300, 700);
    }

    /// The transcript recorded so far, as `replay` prints it.
    pub fn transcript(&self) -> &str {
        &self.text
    }

    /// The terminal size that shows the whole transcript: at least 80×24.
    pub fn size(&self) -> (usize, usize) {
        let width = self.text.lines().map(|l| l.chars().count()).max().unwrap_or(0).max(80);
        let height = (self.text.lines().count() + 1).max(24);
        (width, height)
    }

    /// The screen at the end of the recording.
    pub fn screen(&self) -> Screen {
        let mut s = Screen::new(self.size().0);
        for (_, e) in &self.events {
            s.feed(e);
        }
        s
    }

    /// The recording as an asciicast v2 file.
    pub fn to_asciicast(&self, title: &str) -> String {
        let (width, height) = self.size();
        let header = serde_json::json!({
            "version": 2,
            "width": width,
            "height": height,
            "title": title,
            "env": { "TERM": "xterm-256color", "SHELL": "/bin/bash" },
        });
        let mut s = header.to_string();
        s.push('\n');
        for (t, e) in &self.events {
            let data = serde_json::to_string(e).expect("a string serialises");
            s.push_str(&format!("[{}.{:06}, \"o\", {data}]\n", t / 1_000_000, t % 1_000_000));
        }
        s
    }
}

/// Splits an echoed input line into its prompt and what was typed.
fn split_prompt(line: &str) -> (&str, &str) {
    if line.starts_with("In [") {
        if let Some(i) = line.find("]: ") {
            return line.split_at(i + 3);
        }
        if let Some(i) = line.find("]:") {
            return line.split_at(i + 2);
        }
    }
    let t = line.trim_start();
    if t.starts_with("...:") {
        let at = line.len() - t.len() + 4;
        let at = if line[at..].starts_with(' ') { at + 1 } else { at };
        return line.split_at(at);
    }
    for p in [">>> ", "... "] {
        if line.starts_with(p) {
            return line.split_at(4);
        }
    }
    if line == ">>>" || line == "..." {
        return (line, "");
    }
    ("", line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_split_from_input() {
        assert_eq!(split_prompt("In [12]: import math"), ("In [12]: ", "import math"));
        assert_eq!(split_prompt("   ...: x = 1"), ("   ...: ", "x = 1"));
        assert_eq!(split_prompt("   ...: "), ("   ...: ", ""));
        assert_eq!(split_prompt(">>> del math.cos"), (">>> ", "del math.cos"));
    }
}
