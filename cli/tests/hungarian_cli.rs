//! Hungarian output (issue 14, item 3): chosen by LC_ALL, LC_MESSAGES, LANG (first one set).

use crate::support::{stderr, stdout, InRepo};

type Home = crate::support::Home<InRepo>;

fn run_in(h: &Home, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut c = h.command(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    crate::support::assert_no_panic(&o);
    o
}

#[test]
fn lang_hu_speaks_hungarian_and_lc_all_overrides_it() {
    let h = Home::new("hu");
    let hu = [("LANG", "hu_HU.UTF-8")];
    let code = h.site_code("JBSWY3DPEHPK3PXP");
    let o = run_in(
        &h,
        &hu,
        &[
            "add",
            "--key",
            "JBSWY3DPEHPK3PXP",
            "--ugyfelkapu",
            "kovacs",
            "--code",
            &code,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Hozzáadva: Ügyfélkapu+"),
        "{}",
        stdout(&o)
    );
    let list = stdout(&run_in(&h, &hu, &["list"]));
    assert!(
        list.contains("SZOLGÁLTATÓ") && list.contains("CSOPORTOK"),
        "{list}"
    );
    let o = run_in(&h, &hu, &["code", "nincs ilyen"]);
    assert!(
        stderr(&o).contains("Egyetlen fiók sem illik"),
        "{}",
        stderr(&o)
    );
    // A core error by its kind: the apps' Hungarian sentence.
    let o = run_in(&h, &hu, &["code", "--key", "JBSWY3DPEHPK3PX8"]);
    assert!(
        stderr(&o).contains("A kulcsban nem megengedett karakter"),
        "{}",
        stderr(&o)
    );
    // LC_ALL wins over LANG; LC_MESSAGES over LANG.
    let o = run_in(
        &h,
        &[("LANG", "hu_HU.UTF-8"), ("LC_ALL", "C")],
        &["code", "nincs"],
    );
    assert!(stderr(&o).contains("No account matches"), "{}", stderr(&o));
    let o = run_in(
        &h,
        &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "hu_HU")],
        &["code", "nincs"],
    );
    assert!(
        stderr(&o).contains("Egyetlen fiók sem illik"),
        "{}",
        stderr(&o)
    );
    // The 16-character rule in Hungarian.
    let o = run_in(
        &h,
        &hu,
        &[
            "add",
            "--key",
            "JBSWY3DPEHPK3PX",
            "--ugyfelkapu",
            "x",
            "--code",
            &code,
        ],
    );
    assert!(
        stderr(&o).contains("pontosan 16 karakter"),
        "{}",
        stderr(&o)
    );
}
