//! Every record of every embedded catalogue decodes (build.rs splits and compresses
//! `data/catalogue/*.json`; a record that no longer fits the Rust types would otherwise show
//! up only as a module that cannot be imported).

use reloadlab::profile::Profile;
use reloadlab::runtime::catalogue::Catalogue;

#[test]
fn every_module_record_decodes() {
    let mut versions: Vec<&str> = Profile::all().iter().map(|p| p.catalogue).collect();
    versions.dedup();
    for v in versions {
        let cat = Catalogue::load(v).unwrap_or_else(|| panic!("no catalogue for {v}"));
        assert!(!cat.full_version.is_empty());
        assert!(!cat.builtins().is_empty(), "{v}: builtins");
        let names: Vec<&str> = cat.module_names().collect();
        assert!(names.len() > 100, "{v}: {} modules", names.len());
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{v}: module table not sorted");
        for name in names {
            let m = cat.module(name).unwrap_or_else(|| panic!("{v}: module {name} does not decode"));
            for (attr, e) in m.attrs.iter() {
                assert!(e.ipython.as_ref().is_none_or(|i| i.parses()), "{v}: {name}.{attr}: ipython");
                assert!(e.calls.as_ref().is_none_or(|c| c.parses()), "{v}: {name}.{attr}: calls");
            }
        }
        assert!(cat.module("no_such_module_xyz").is_none());
    }
}
