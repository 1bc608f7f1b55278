//! `svg`: a still picture of a terminal screen — the final screen of a replay — as an SVG
//! image: a dark window, one `<text>` per row in a monospace font, runs of one colour as
//! `<tspan>`s. It needs no fonts or tools to view: any browser shows it.

use super::screen::{Glyph, Screen};

const CHAR_W: f64 = 8.4;
const LINE_H: f64 = 18.0;
const PAD: f64 = 16.0;
const BAR: f64 = 28.0;
const FOREGROUND: &str = "#d0d0d0";

/// The xterm-like 16-colour palette.
const PALETTE: [&str; 16] = [
    "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5", "#666666", "#f14c4c",
    "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The screen as an SVG document; `title` goes in the window's bar.
pub fn render(screen: &Screen, title: &str) -> String {
    let rows = screen.used_rows();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0).max(screen.width.min(80));
    let w = PAD * 2.0 + CHAR_W * cols as f64;
    let h = BAR + PAD * 2.0 + LINE_H * rows.len() as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\">\n"
    );
    s.push_str(&format!("<title>{}</title>\n", escape(title)));
    s.push_str(&format!("<rect width=\"{w:.0}\" height=\"{h:.0}\" rx=\"8\" fill=\"#1e1e1e\"/>\n"));
    for (i, c) in ["#ff5f56", "#ffbd2e", "#27c93f"].iter().enumerate() {
        s.push_str(&format!("<circle cx=\"{}\" cy=\"14\" r=\"6\" fill=\"{c}\"/>\n", 18 + i * 20));
    }
    s.push_str(&format!(
        "<text x=\"{:.0}\" y=\"19\" fill=\"#9a9a9a\" font-family=\"sans-serif\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
        w / 2.0,
        escape(title)
    ));
    s.push_str(&format!(
        "<g font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"14\" fill=\"{FOREGROUND}\" xml:space=\"preserve\">\n"
    ));
    for (i, row) in rows.iter().enumerate() {
        let y = BAR + PAD + LINE_H * (i as f64 + 0.75);
        let text: String = row.iter().map(|g| g.ch).collect();
        if text.trim_end().is_empty() {
            continue;
        }
        s.push_str(&format!("<text x=\"{PAD:.0}\" y=\"{y:.1}\" textLength=\"{:.1}\">", CHAR_W * text.trim_end().chars().count() as f64));
        for run in runs(row) {
            let text: String = run.iter().map(|g| g.ch).collect();
            let g = run[0];
            if g.fg.is_none() && !g.bold {
                s.push_str(&escape(&text));
            } else {
                let fill = g.fg.map(|c| format!(" fill=\"{}\"", PALETTE[c as usize % 16])).unwrap_or_default();
                let weight = if g.bold { " font-weight=\"bold\"" } else { "" };
                s.push_str(&format!("<tspan{fill}{weight}>{}</tspan>", escape(&text)));
            }
        }
        s.push_str("</text>\n");
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// A row cut into runs of one style, trailing spaces dropped.
fn runs(row: &[Glyph]) -> Vec<&[Glyph]> {
    let end = row.iter().rposition(|g| g.ch != ' ').map_or(0, |i| i + 1);
    let row = &row[..end];
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=row.len() {
        if i == row.len() || (row[i].fg, row[i].bold) != (row[start].fg, row[start].bold) {
            out.push(&row[start..i]);
            start = i;
        }
    }
    out
}

/// The text of an SVG made by [`render`], row by row (for tests and tools).
pub fn text_rows(svg: &str) -> Vec<String> {
    let mut rows = Vec::new();
    for line in svg.lines().filter(|l| l.starts_with("<text x=\"16\"")) {
        let mut t = String::new();
        let mut in_tag = false;
        for c in line.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => t.push(c),
                _ => {}
            }
        }
        rows.push(t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_out() {
        let mut sc = Screen::new(80);
        sc.feed("\x1b[32mIn [1]: \x1b[0mx < 1 & \"y\"\r\n\r\nplain\r\n");
        let svg = render(&sc, "t");
        assert_eq!(text_rows(&svg), vec!["In [1]: x < 1 & \"y\"", "plain"]);
        assert!(svg.contains("<tspan fill=\"#0dbc79\">In [1]: </tspan>"));
    }
}
