//! `sys.modules`: a dict from module name to module, in insertion order, whose first several
//! hundred entries (the modules the front end imported before the first prompt) come from
//! the catalogue. Those are not copied into a map for every session: their slots are a
//! vector indexed like the catalogue's sorted start-up list, and only names added later
//! (or deleted and added again, which puts them at the end as a dict does) live in a map.

use super::catalogue::{NameIndex, StrList};
use super::object::Value;
use indexmap::IndexMap;
use std::borrow::Cow;

/// One slot of `sys.modules`: modules imported at start-up are created on first use.
#[derive(Clone, Debug)]
pub(super) enum Slot {
    Lazy,
    Value(Value),
}

/// `base` of a start-up module that is there and not created yet.
const LAZY: u16 = 0;
/// `base` of a start-up module deleted from the dict.
const GONE: u16 = u16::MAX;

#[derive(Default)]
pub(super) struct SysModules {
    /// The start-up modules in the order they were imported, and the same names sorted and
    /// indexed.
    order: Option<StrList>,
    index: Option<NameIndex>,
    /// One per name of the sorted list: `LAZY`, `GONE`, or the position in `created` of
    /// the module there plus one.
    base: Vec<u16>,
    created: Vec<Value>,
    /// How many of `base` are not `GONE`.
    base_len: usize,
    /// Names set after start-up (or deleted and set again, which puts a name last), in order.
    later: IndexMap<Cow<'static, str>, Value, rustc_hash::FxBuildHasher>,
}

impl SysModules {
    /// `sys.modules` right after start-up: every name of `order` there, none created.
    /// `index` holds the same names sorted.
    pub(super) fn startup(order: Option<StrList>, index: Option<NameIndex>) -> SysModules {
        let n = index.map_or(0, |s| s.names().len());
        let sm = SysModules { order, index, base: vec![LAZY; n], base_len: n, ..SysModules::default() };
        debug_assert_eq!(n, order.map_or(0, |o| o.len()));
        debug_assert!(n < usize::from(GONE) - 1);
        sm
    }

    /// The slot of `name` if it is a start-up module still there.
    fn live(&self, name: &str) -> Option<usize> {
        let i = self.index.and_then(|x| x.position(name))?;
        (self.base[i] != GONE).then_some(i)
    }

    pub(super) fn get(&self, name: &str) -> Option<Slot> {
        match self.live(name) {
            Some(i) => Some(match self.base[i] {
                LAZY => Slot::Lazy,
                k => Slot::Value(self.created[usize::from(k) - 1].clone()),
            }),
            None => self.later.get(name).map(|v| Slot::Value(v.clone())),
        }
    }

    /// The modules the front end imported before the first prompt, sorted.
    pub(super) fn startup_names(&self) -> Option<StrList> {
        self.index.map(|x| x.names())
    }

    /// Whether the front end imported `name` before the first prompt (there or not now).
    pub(super) fn was_startup(&self, name: &str) -> bool {
        self.index.is_some_and(|x| x.position(name).is_some())
    }

    /// The catalogue's spelling of `name` if it is a start-up module still there.
    pub(super) fn startup_name(&self, name: &str) -> Option<&'static str> {
        let i = self.live(name)?;
        self.index.and_then(|x| x.names().get(i))
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.live(name).is_some() || self.later.contains_key(name)
    }

    /// `sys.modules[name] = v`: an existing entry keeps its place, a new one goes last.
    pub(super) fn set(&mut self, name: &str, v: Value) {
        if let Some(i) = self.live(name) {
            // (At most one value per start-up name is created: fewer than GONE.)
            match self.base[i] {
                LAZY => {
                    self.created.push(v);
                    self.base[i] = self.created.len() as u16;
                }
                k => self.created[usize::from(k) - 1] = v,
            }
            return;
        }
        match self.later.get_mut(name) {
            Some(slot) => *slot = v,
            None => {
                // Borrowed from the catalogue when it is one of its names.
                let index = self.index;
                let key = match index.and_then(|x| x.position(name).and_then(|i| x.names().get(i))) {
                    Some(s) => Cow::Borrowed(s),
                    None => Cow::Owned(name.to_string()),
                };
                self.later.insert(key, v);
            }
        }
    }

    /// `del sys.modules[name]`; false when absent.
    pub(super) fn remove(&mut self, name: &str) -> bool {
        match self.live(name) {
            Some(i) => {
                self.base[i] = GONE;
                self.base_len -= 1;
                true
            }
            None => self.later.shift_remove(name).is_some(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.base_len + self.later.len()
    }

    /// The names, in dict order.
    pub(super) fn keys(&self) -> Vec<String> {
        let mut keys = Vec::with_capacity(self.len());
        for name in self.order.iter().flat_map(|o| o.iter()) {
            if self.live(name).is_some() {
                keys.push(name.to_string());
            }
        }
        keys.extend(self.later.keys().map(|k| k.to_string()));
        keys
    }

    /// Empties the dict, giving back the module objects it held (also those since deleted
    /// from it, which `created` keeps).
    pub(super) fn drain_values(&mut self) -> Vec<Value> {
        let mut out = std::mem::take(&mut self.created);
        out.extend(self.later.drain(..).map(|(_, v)| v));
        *self = SysModules::default();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::catalogue::Catalogue;

    fn fresh() -> (SysModules, Vec<String>) {
        let cat = Catalogue::load("3.6").expect("3.6 catalogue");
        let order = cat.startup_modules("python");
        let index = cat.startup_index("python");
        let names = order.expect("start-up list").to_vec();
        (SysModules::startup(order, index), names)
    }

    #[test]
    fn the_index_finds_every_start_up_name_and_nothing_else() {
        let mut checked = 0;
        for v in ["2.7", "3.6", "3.13"] {
            let cat = Catalogue::load(v).expect("catalogue");
            for front in ["python", "ipython-5.10", "ipython-7.16", "ipython-8.39", "pyrepl"] {
                let (Some(x), Some(sorted)) = (cat.startup_index(front), cat.startup_modules_sorted(front)) else { continue };
                checked += 1;
                for (i, name) in sorted.iter().enumerate() {
                    assert_eq!(x.position(name), Some(i), "{v} {front} {name}");
                }
                for absent in ["", "zzz", "os.pathx", "__main", "math.cos"] {
                    assert_eq!(x.position(absent), None, "{v} {front} {absent}");
                }
            }
        }
        assert!(checked >= 6, "{checked} start-up lists checked");
    }

    #[test]
    fn start_up_names_are_there_in_import_order_and_lazy() {
        let (sm, names) = fresh();
        assert!(names.len() > 20);
        assert_eq!(sm.keys(), names);
        assert_eq!(sm.len(), names.len());
        assert!(matches!(sm.get(&names[3]), Some(Slot::Lazy)));
        assert!(sm.get("no_such_module").is_none());
    }

    #[test]
    fn setting_keeps_the_place_and_deleting_then_setting_moves_to_the_end() {
        let (mut sm, names) = fresh();
        let (a, b) = (&names[1], &names[2]);
        sm.set(a, Value::Int(1));
        assert_eq!(sm.keys(), names, "an existing key keeps its place");
        assert!(matches!(sm.get(a), Some(Slot::Value(Value::Int(1)))));
        assert!(sm.remove(b));
        assert!(!sm.remove(b));
        assert!(!sm.contains(b));
        assert_eq!(sm.len(), names.len() - 1);
        sm.set("mine", Value::Int(2));
        sm.set(b, Value::Int(3));
        let keys = sm.keys();
        assert_eq!(&keys[keys.len() - 2..], &["mine".to_string(), b.clone()]);
        assert_eq!(sm.len(), names.len() + 1);
        assert!(sm.remove(b) && sm.remove("mine"));
        assert_eq!(sm.keys().len(), names.len() - 1);
        let held = sm.drain_values();
        assert_eq!(held.len(), 1, "only the created entry ({a}) held a value");
        assert!(sm.get(a).is_none());
        assert_eq!(sm.len(), 0);
    }
}
