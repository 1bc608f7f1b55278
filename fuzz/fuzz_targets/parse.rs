//! The parser on arbitrary input: any bytes, read as UTF-8 (lossily), in any version's
//! dialect and either mode, must give an AST, a SyntaxError or "not supported" — never a
//! panic, a stack overflow or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use reloadlab::profile::Profile;
use reloadlab::syntax::{Mode, parse_cell};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let profiles = Profile::all();
    let profile = profiles[sel as usize % profiles.len()];
    let mode = if sel & 0x80 != 0 { Mode::Single } else { Mode::Exec };
    let src = String::from_utf8_lossy(rest);
    let _ = parse_cell(&src, &profile.dialect, mode);
});
