//! Property tests of the whole pipeline (parse + evaluate + render) over random sessions:
//! it never panics, and evaluation is deterministic — the same session in the same variant
//! prints the same transcript, in a fresh session or after another session ran.
//! (The parser's own properties are in `tests/syntax_props.rs`.)

use proptest::prelude::*;
use reloadlab::fuzzing::{run_session, variants};

/// Cells of the kind sessions are made of: imports, deletions, reloads, attribute access,
/// `sys.modules`, calls, literals, and near misses.
fn cell() -> impl Strategy<Value = String> {
    let module = prop::sample::select(vec!["math", "os", "sys", "json", "cmath", "importlib", "os.path", "m", "nosuch", "abc", "types"]);
    let attr = prop::sample::select(vec!["cos", "pi", "path", "sep", "x", "__name__", "__file__", "__spec__", "loads", "nope"]);
    prop_oneof![
        module.clone().prop_map(|m| format!("import {m}")),
        (module.clone(), attr.clone()).prop_map(|(m, a)| format!("from {m} import {a}")),
        (module.clone(), attr.clone()).prop_map(|(m, a)| format!("del {m}.{a}")),
        module.clone().prop_map(|m| format!("del {m}")),
        (module.clone(), attr.clone()).prop_map(|(m, a)| format!("{m}.{a}")),
        module.clone().prop_map(|m| format!("reload({m})")),
        module.clone().prop_map(|m| format!("importlib.reload({m})")),
        module.clone().prop_map(|m| format!("import imp; imp.reload({m})")),
        module.clone().prop_map(|m| format!("del sys.modules['{m}']")),
        module.clone().prop_map(|m| format!("sys.modules['{m}']")),
        (module.clone(), attr.clone()).prop_map(|(m, a)| format!("{m}.{a} = 1")),
        (module, attr).prop_map(|(m, a)| format!("print({m}.{a})")),
        Just("math.cos(0)".to_string()),
        Just("dir()".to_string()),
        Just("%who".to_string()),
        Just("%history -n".to_string()),
        Just("#%%\n%%writefile m.py\nx = 1\n#%%".to_string()),
        Just("x = [1, 2, (3, 'a')]".to_string()),
        Just("x".to_string()),
        Just("1/0".to_string()),
        Just("import".to_string()),
        Just("(((".to_string()),
        "[ -~]{0,20}",
    ]
}

fn session() -> impl Strategy<Value = String> {
    prop::collection::vec(cell(), 0..10).prop_map(|cells| {
        let mut s = cells.join("\n");
        s.push('\n');
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics_and_is_deterministic(text in session(), pick in any::<prop::sample::Index>()) {
        let all = variants();
        let opts = &all[pick.index(all.len())];
        let first = run_session(opts, &text);
        let again = run_session(opts, &text);
        prop_assert_eq!(&first, &again);
    }

    #[test]
    fn a_session_does_not_leak_into_the_next(a in session(), b in session(), pick in any::<prop::sample::Index>()) {
        let all = variants();
        let opts = &all[pick.index(all.len())];
        let fresh = run_session(opts, &b);
        let _ = run_session(opts, &a);
        prop_assert_eq!(fresh, run_session(opts, &b));
    }
}
