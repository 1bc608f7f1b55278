//! `screen`: the smallest terminal that shows what a recording leaves on the screen: printable
//! characters with automatic wrapping, `\r`, `\n`, `\x08`, and SGR colour escapes
//! (`ESC [ … m`); other escape sequences are skipped. It keeps every row (no scrolling), so
//! the last `height` rows are the final screen.

/// One character cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyph {
    pub ch: char,
    /// The 16-colour foreground (0–7 normal, 8–15 bright), `None` for the default.
    pub fg: Option<u8>,
    pub bold: bool,
}

/// A terminal of a fixed width.
#[derive(Clone, Debug)]
pub struct Screen {
    pub width: usize,
    pub rows: Vec<Vec<Glyph>>,
    row: usize,
    col: usize,
    fg: Option<u8>,
    bold: bool,
    /// A character was written in the last column: the next one wraps first.
    pending_wrap: bool,
}

impl Screen {
    pub fn new(width: usize) -> Screen {
        Screen { width: width.max(1), rows: vec![Vec::new()], row: 0, col: 0, fg: None, bold: false, pending_wrap: false }
    }

    /// Writes terminal output.
    pub fn feed(&mut self, s: &str) {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    self.col = 0;
                    self.pending_wrap = false;
                }
                '\n' => self.line_feed(),
                '\x08' => {
                    self.col = self.col.saturating_sub(1);
                    self.pending_wrap = false;
                }
                '\x1b' => {
                    if chars.peek() == Some(&'[') {
                        chars.next();
                        let mut params = String::new();
                        let mut fin = None;
                        for d in chars.by_ref() {
                            if ('\x40'..='\x7e').contains(&d) {
                                fin = Some(d);
                                break;
                            }
                            params.push(d);
                        }
                        if fin == Some('m') {
                            self.sgr(&params);
                        }
                    } else {
                        chars.next();
                    }
                }
                c if c.is_control() => {}
                c => self.put(c),
            }
        }
    }

    fn line_feed(&mut self) {
        self.row += 1;
        self.pending_wrap = false;
        while self.rows.len() <= self.row {
            self.rows.push(Vec::new());
        }
    }

    fn put(&mut self, c: char) {
        if self.pending_wrap {
            self.col = 0;
            self.line_feed();
        }
        let g = Glyph { ch: c, fg: self.fg, bold: self.bold };
        let row = &mut self.rows[self.row];
        while row.len() < self.col {
            row.push(Glyph { ch: ' ', fg: None, bold: false });
        }
        if self.col < row.len() {
            row[self.col] = g;
        } else {
            row.push(g);
        }
        if self.col + 1 >= self.width {
            self.pending_wrap = true;
        } else {
            self.col += 1;
        }
    }

    fn sgr(&mut self, params: &str) {
        let codes: Vec<u32> = if params.is_empty() { vec![0] } else { params.split(';').map(|p| p.parse().unwrap_or(0)).collect() };
        for code in codes {
            match code {
                0 => {
                    self.fg = None;
                    self.bold = false;
                }
                1 => self.bold = true,
                22 => self.bold = false,
                30..=37 => self.fg = Some((code - 30) as u8),
                39 => self.fg = None,
                90..=97 => self.fg = Some((code - 90 + 8) as u8),
                _ => {}
            }
        }
    }

    /// The text of every row, trailing spaces and trailing empty rows removed; each row
    /// ends with a newline.
    pub fn text(&self) -> String {
        let mut rows: Vec<String> =
            self.rows.iter().map(|r| r.iter().map(|g| g.ch).collect::<String>().trim_end().to_string()).collect();
        while rows.last().is_some_and(|r| r.is_empty()) {
            rows.pop();
        }
        rows.iter().map(|r| format!("{r}\n")).collect()
    }

    /// The rows with text, as [`Screen::text`] counts them.
    pub fn used_rows(&self) -> &[Vec<Glyph>] {
        let n = self.rows.iter().rposition(|r| r.iter().any(|g| g.ch != ' ')).map_or(0, |i| i + 1);
        &self.rows[..n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_wrapping_and_carriage_returns() {
        let mut s = Screen::new(4);
        s.feed("\x1b[32mIn\x1b[0m abcdef\r\nxy\rZ\n");
        assert_eq!(s.text(), "In a\nbcde\nf\nZy\n");
        assert_eq!(s.rows[0][0].fg, Some(2));
        assert_eq!(s.rows[0][3].fg, None);
    }
}
