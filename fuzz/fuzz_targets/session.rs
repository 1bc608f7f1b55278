//! Parse + evaluate + render over random sessions: the first byte picks the version and the
//! front end, the rest is a session file (one cell per line, or `#%%` blocks). Every cell
//! must run and print something a front end would print — never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use reloadlab::fuzzing::run_session_bytes;

// Each input starts (and frees) a whole Session: with glibc malloc, allocation is a third of
// the run time. mimalloc changes nothing that is tested, only the speed (exec/s).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fuzz_target!(|data: &[u8]| {
    run_session_bytes(data);
});
