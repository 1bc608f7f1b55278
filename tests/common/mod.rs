//! What several test files share: walking a transcript corpus laid out as the golden one is
//! (`<style>/<python>/<session>.txt`, the style directory `ipython-ipyX.Y` for an IPython
//! other than the Python's default).

use reloadlab::profile::{IpyVersion, PyVersion};
use reloadlab::session::Style;
use std::path::{Path, PathBuf};

/// One transcript of a corpus and the variant that printed it (`ipython` is None for the
/// Python's default IPython).
pub struct Transcript {
    pub style: Style,
    pub ipython: Option<IpyVersion>,
    pub python: PyVersion,
    pub path: PathBuf,
}

impl Transcript {
    /// The session's name: the file's stem.
    pub fn session(&self) -> String {
        self.path.file_stem().unwrap().to_string_lossy().to_string()
    }
}

/// Every `.txt` transcript under `root`, in no particular order.
pub fn transcripts(root: &Path) -> Vec<Transcript> {
    let mut out = Vec::new();
    for style_dir in std::fs::read_dir(root).unwrap().flatten() {
        let name = style_dir.file_name().to_string_lossy().to_string();
        let (style, ipython) = match name.as_str() {
            "ipython" => (Style::Ipython, None),
            "python" => (Style::Python, None),
            "pyrepl" => (Style::Pyrepl, None),
            s if s.starts_with("ipython-ipy") => (Style::Ipython, IpyVersion::parse(&s["ipython-ipy".len()..])),
            _ => continue,
        };
        for ver_dir in std::fs::read_dir(style_dir.path()).unwrap().flatten() {
            let python = PyVersion::parse(&ver_dir.file_name().to_string_lossy()).unwrap();
            for f in std::fs::read_dir(ver_dir.path()).unwrap().flatten() {
                let path = f.path();
                if path.extension().and_then(|e| e.to_str()) == Some("txt") {
                    out.push(Transcript { style, ipython, python, path });
                }
            }
        }
    }
    out
}
