//! The binary layout of the embedded catalogues, shared by `build.rs` (which writes it from
//! `data/catalogue/py<ver>.json`) and `catalogue/mod.rs` (which reads it in place).
//!
//! Every string of every version lives once in one of two pools (`catalogue.names`: names,
//! paths and lists; `catalogue.strings`: reprs, displays, probes; UTF-8). Each
//! version is an array of little-endian `u32` words (`py<ver>.words`) in which:
//! - a **string** is 2 words: its byte offset in its pool (`HOT` set: the names pool) and
//!   its length (`ABSENT` length: no string, JSON `null` or a missing key);
//! - a **list** of strings is 2 words: the index of its first item and the count (`ABSENT`
//!   count: no list); the items are strings, back to back;
//! - a **table** is 2 words: the index of its first row and the row count; rows are back to
//!   back, each starting with its name (a string);
//! - a **record** is a fixed number of words at fixed slots (the `attr`, `module` and `top`
//!   constants below).
//!
//! Reading a record is thus a few array reads: nothing is parsed, copied or allocated when
//! a session starts or imports a module. The only JSON left is in maps a session rarely
//! needs (IPython's displays of an object, the outcomes of probe calls, traceback probes):
//! those are pool strings parsed when first used.

/// Length or count of an absent string or list.
pub const ABSENT: u32 = u32::MAX;

/// Set in the offset of a string of the second pool (`catalogue.names`): the names, paths
/// and lists that finding and importing modules read, kept apart from the reprs and probes
/// so that they sit on few pages.
pub const HOT: u32 = 1 << 31;

/// The hash of a name in the start-up indexes (FNV-1a, 32 bits): the same function
/// writes them (`build.rs`) and reads them.
pub fn name_hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The words of a hash index of `names` (distinct): see `top::STARTUP_INDEX`.
pub fn name_index(names: &[&str]) -> Vec<u32> {
    let size = (2 * names.len()).next_power_of_two().max(2);
    let mut t = vec![0u32; size];
    for (k, n) in names.iter().enumerate() {
        let mut i = name_hash(n) as usize & (size - 1);
        while t[i] != 0 {
            i = (i + 1) & (size - 1);
        }
        t[i] = k as u32 + 1;
    }
    t
}

/// Slots of an object record (a module attribute or a builtin).
pub mod attr {
    pub const TYPE: usize = 0;
    pub const TYPE_MODULE: usize = 2;
    pub const REPR: usize = 4;
    pub const STR: usize = 6;
    pub const VALUE: usize = 8;
    pub const MODULE_REF: usize = 10;
    pub const NAME: usize = 12;
    pub const QUALNAME: usize = 14;
    pub const OBJ_MODULE: usize = 16;
    pub const SIGNATURE: usize = 18;
    /// JSON object: IPython `major.minor` → what its pretty printer showed.
    pub const IPYTHON: usize = 20;
    /// JSON object: argument tuple → outcome of the probe call.
    pub const CALLS: usize = 22;
    /// Bit 0: callable; bit 1: a class.
    pub const FLAGS: usize = 24;
    pub const WORDS: usize = 25;
    /// A row of an attribute table: the name, then the record.
    pub const ROW: usize = 2 + WORDS;
}

/// Slots of a module record.
pub mod module {
    /// `KINDS` index.
    pub const KIND: usize = 0;
    /// 0: none, 1: single-phase, 2: multi-phase.
    pub const INIT: usize = 1;
    /// 3 words: present (0/1), low and high halves of the `i64`.
    pub const M_SIZE: usize = 2;
    pub const HAS_STATE: usize = 5;
    /// 0: absent, 1: false, 2: true.
    pub const REIMPORT_SAME: usize = 6;
    /// 0: absent, 1: false, 2: true.
    pub const HAS_LOCATION: usize = 7;
    pub const SUBMODULES: usize = 8;
    pub const FILE: usize = 10;
    pub const CACHED: usize = 12;
    pub const ORIGIN: usize = 14;
    pub const LOADER: usize = 16;
    pub const PATH: usize = 18;
    pub const PACKAGE: usize = 20;
    pub const IMPORTS: usize = 22;
    /// Attribute table, in the module dict's order.
    pub const ATTRS: usize = 24;
    /// Table of the attributes that name a module (`module_ref`), in dict order: rows of
    /// `REF_ROW` words (the attribute's name, the module's name).
    pub const MODULE_REFS: usize = 26;
    /// JSON string of the `import_reads` list (absent when empty).
    pub const IMPORT_READS: usize = 28;
    /// The value of the module's `__name__` attribute (a literal), when it has one.
    pub const NAME_VALUE: usize = 30;
    /// `alias_of`: the key of `sys.modules` that holds the same module object.
    pub const ALIAS_OF: usize = 32;
    /// The name in the module's `__spec__` (from its repr), when it has one.
    pub const SPEC_NAME: usize = 34;
    pub const WORDS: usize = 36;
    pub const REF_ROW: usize = 4;
    /// Module kinds by index.
    pub const KINDS: [&str; 5] = ["builtin", "extension", "source", "package", "frozen"];
}

/// Slots of the top record, at word 0.
pub mod top {
    pub const FULL_VERSION: usize = 0;
    pub const BUILTIN_MODULE_NAMES: usize = 2;
    pub const STDLIB_MODULE_NAMES: usize = 4;
    /// Table of (front-end key, list of module names).
    pub const STARTUP_MODULES: usize = 6;
    /// Table of (type name, list of attribute names).
    pub const TYPE_DIRS: usize = 8;
    /// Sorted list.
    pub const IMPORTABLE: usize = 10;
    pub const MODULE_TYPE_DOC: usize = 12;
    /// Attribute table of the builtins module.
    pub const BUILTINS: usize = 14;
    /// Table sorted by name of (name, word index of the module record).
    pub const MODULES: usize = 16;
    /// Table sorted by name of (site, JSON string of the probe's chained exceptions).
    pub const FRAMES: usize = 18;
    /// Table of (front-end key, the list of `STARTUP_MODULES` sorted).
    pub const STARTUP_SORTED: usize = 20;
    /// Table of (front-end key, hash index of that sorted list: first word, size): an open
    /// addressing table of `size` words (a power of two), each 0 or a position in the
    /// sorted list plus one, probed linearly from `name_hash(name) & (size - 1)`.
    pub const STARTUP_INDEX: usize = 22;
    pub const WORDS: usize = 24;
    /// Row sizes of the tables above.
    pub const NAMED_LIST_ROW: usize = 4;
    pub const MODULE_ROW: usize = 3;
    pub const FRAME_ROW: usize = 4;
}
