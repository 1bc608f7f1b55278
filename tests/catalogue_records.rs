//! The embedded catalogues say exactly what `data/catalogue/*.json` says: build.rs compiles
//! the JSON into a binary layout read in place (`src/runtime/catalogue/layout.rs`); this test
//! reads every record of every version back through the public API and compares it, field by
//! field and in order, with the JSON it came from.

use indexmap::IndexMap;
use reloadlab::profile::Profile;
use reloadlab::runtime::catalogue::{Catalogue, InitStyle, ModuleKind, StrList};
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
struct Top {
    full_version: String,
    builtin_module_names: Vec<String>,
    #[serde(default)]
    stdlib_module_names: Vec<String>,
    startup_modules: IndexMap<String, Vec<String>>,
    type_dirs: IndexMap<String, Vec<String>>,
    #[serde(default)]
    importable: Vec<String>,
    #[serde(default)]
    module_type_doc: Option<String>,
    builtins: IndexMap<String, Map<String, Value>>,
    modules: IndexMap<String, ModuleJson>,
    frames: IndexMap<String, Value>,
}

#[derive(Deserialize)]
struct ModuleJson {
    attrs: IndexMap<String, Map<String, Value>>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

fn list(v: Option<&Value>) -> Option<Vec<String>> {
    v?.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
}

fn same_list(json: Option<Vec<String>>, got: Option<StrList>, what: &str) {
    assert_eq!(json, got.map(|l| l.to_vec()), "{what}");
}

fn s<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(|v| v.as_str())
}

#[test]
fn every_record_reads_back_as_its_json() {
    let mut versions: Vec<&str> = Profile::all().iter().map(|p| p.catalogue).collect();
    versions.sort();
    versions.dedup();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalogue");
    for v in versions {
        let text = std::fs::read_to_string(dir.join(format!("py{v}.json"))).unwrap();
        let json: Top = serde_json::from_str(&text).unwrap();
        let cat = Catalogue::load(v).unwrap_or_else(|| panic!("no catalogue for {v}"));
        assert_eq!(cat.full_version, json.full_version);
        assert_eq!(cat.builtin_module_names.to_vec(), json.builtin_module_names, "{v}");
        assert_eq!(cat.stdlib_module_names.to_vec(), json.stdlib_module_names, "{v}");
        assert_eq!(cat.module_type_doc, json.module_type_doc.as_deref(), "{v}");
        for (front, mods) in &json.startup_modules {
            assert_eq!(cat.startup_modules(front).map(|l| l.to_vec()).as_ref(), Some(mods), "{v} {front}");
        }
        assert!(cat.startup_modules("no-such-front-end").is_none());
        for (t, names) in &json.type_dirs {
            assert_eq!(&cat.type_dir(t).to_vec(), names, "{v} {t}");
        }
        for name in &json.importable {
            assert!(cat.has_module(name) || cat.exists_unmodelled(name), "{v}: importable {name}");
        }
        assert!(!cat.exists_unmodelled("no_such_module_xyz"));
        compare_attrs(&format!("{v} builtins"), &json.builtins, cat.builtins().iter().collect());

        let names: Vec<&str> = cat.module_names().collect();
        let mut want: Vec<&str> = json.modules.keys().map(|k| k.as_str()).collect();
        want.sort();
        assert_eq!(names, want, "{v}: module table");
        for (name, mj) in &json.modules {
            let what = format!("{v} {name}");
            let m = cat.module(name).unwrap_or_else(|| panic!("{what}: no record"));
            let r = &mj.rest;
            let kind = match m.kind {
                ModuleKind::Builtin => "builtin",
                ModuleKind::Extension => "extension",
                ModuleKind::Source => "source",
                ModuleKind::Package => "package",
                ModuleKind::Frozen => "frozen",
            };
            assert_eq!(Some(kind), s(r, "kind"), "{what}");
            let init = m.init.map(|i| if i == InitStyle::Single { "single" } else { "multi" });
            assert_eq!(init, s(r, "init"), "{what}");
            assert_eq!(m.m_size, r.get("m_size").and_then(|x| x.as_i64()), "{what}");
            assert_eq!(m.has_state, r.get("has_state").and_then(|x| x.as_bool()).unwrap_or(false), "{what}");
            assert_eq!(m.reimport_same, r.get("reimport_same").and_then(|x| x.as_bool()), "{what}");
            assert_eq!(m.has_location, r.get("has_location").and_then(|x| x.as_bool()), "{what}");
            for (got, key) in [(m.file, "file"), (m.cached, "cached"), (m.origin, "origin"), (m.loader, "loader"), (m.package, "package")] {
                assert_eq!(got, s(r, key), "{what}: {key}");
            }
            same_list(list(r.get("submodules")), m.submodules, &format!("{what}: submodules"));
            same_list(list(r.get("path")), m.path, &format!("{what}: path"));
            assert_eq!(list(r.get("imports")).unwrap_or_default(), m.imports.to_vec(), "{what}: imports");
            compare_attrs(&what, &mj.attrs, m.attrs.iter().collect());
            let refs: Vec<(&str, &str)> = m.module_refs().collect();
            let want: Vec<(&str, &str)> = mj
                .attrs
                .iter()
                .filter_map(|(n, e)| Some((n.as_str(), e.get("module_ref")?.as_str()?)))
                .collect();
            assert_eq!(refs, want, "{what}: module_refs");
            let name_value = mj.attrs.get("__name__").and_then(|a| a.get("value")).and_then(|v| v.as_str());
            assert_eq!(m.name_value, name_value, "{what}: __name__ value");
            assert_eq!(m.alias_of, s(r, "alias_of"), "{what}: alias_of");
            let spec = mj.attrs.get("__spec__").and_then(|a| a.get("repr")).and_then(|v| v.as_str()).unwrap_or("");
            let spec_name = spec.strip_prefix("ModuleSpec(name='").and_then(|r| r.split_once('\'')).map(|(n, _)| n);
            assert_eq!(m.spec_name, spec_name, "{what}: spec name");
            let reads = r.get("import_reads").and_then(|x| x.as_array()).map_or(0, |a| a.len());
            assert_eq!(m.import_reads().len(), reads, "{what}: import_reads");
        }
        assert!(cat.module("no_such_module_xyz").is_none());
        for (site, chain) in &json.frames {
            let got = cat.frames(site).unwrap_or_else(|| panic!("{v}: frames {site}"));
            assert_eq!(got.len(), chain.as_array().map_or(0, |a| a.len()), "{v}: frames {site}");
        }
    }
}

fn compare_attrs(
    what: &str,
    json: &IndexMap<String, Map<String, Value>>,
    got: Vec<(&'static str, reloadlab::runtime::catalogue::AttrEntry)>,
) {
    let names: Vec<&str> = got.iter().map(|(n, _)| *n).collect();
    let want: Vec<&str> = json.keys().map(|k| k.as_str()).collect();
    assert_eq!(names, want, "{what}: attribute order");
    for ((name, e), j) in got.iter().zip(json.values()) {
        let what = format!("{what}.{name}");
        assert_eq!(Some(e.type_name()), s(j, "type"), "{what}");
        for (got, key) in [
            (e.type_module(), "type_module"),
            (e.repr(), "repr"),
            (e.str(), "str"),
            (e.value(), "value"),
            (e.module_ref(), "module_ref"),
            (e.name(), "name"),
            (e.qualname(), "qualname"),
            (e.obj_module(), "obj_module"),
            (e.signature(), "signature"),
        ] {
            assert_eq!(got, s(j, key), "{what}: {key}");
        }
        assert_eq!(e.callable(), j.get("callable").and_then(|x| x.as_bool()).unwrap_or(false), "{what}");
        assert_eq!(e.is_class(), j.get("is_class").and_then(|x| x.as_bool()).unwrap_or(false), "{what}");
        let ipy = e.ipython();
        assert!(ipy.parses(), "{what}: ipython");
        let want: std::collections::HashMap<String, String> =
            j.get("ipython").map(|x| serde_json::from_value(x.clone()).unwrap()).unwrap_or_default();
        assert_eq!(*ipy, want, "{what}: ipython");
        let calls = e.calls();
        assert!(calls.parses(), "{what}: calls");
        assert_eq!(calls.len(), j.get("calls").and_then(|c| c.as_object()).map_or(0, |c| c.len()), "{what}: calls");
    }
}
