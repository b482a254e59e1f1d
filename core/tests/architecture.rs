//! The layout rules of issue 15, checked on the source tree: no module cycle at any level in
//! core, the CLI or the bindings; no core source file over 400 lines; every file opens with a
//! `//!` line saying what it owns; core's top-level modules follow the order in `docs/modules.md`.
//!
//! A module's dependencies are the `crate::…`, `super::…` and `self::…` paths in its code
//! (comments are ignored). An edge between a module and its own ancestor or descendant is not a
//! dependency between peers (a parent re-exporting its children, a child using its parent's
//! types); every other edge is counted at the level of the two modules' nearest common parent, so
//! `vault::open → vault::save → vault::open` is as much a cycle as `sync → transfer → sync`.
//! A failure lists each group of modules that reach each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A crate's modules (as `a::b` paths; the crate root is "") and the file behind each.
struct Tree {
    modules: BTreeMap<String, PathBuf>,
}

fn module_path(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

impl Tree {
    fn read(src: &Path) -> Tree {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let modules = files
            .into_iter()
            // `src/bin/*` are separate crates.
            .filter(|f| !f.strip_prefix(src).unwrap().starts_with("bin"))
            .map(|f| (module_path(src, &f), f))
            .collect();
        Tree { modules }
    }

    /// The longest known module that `path` (segments from the crate root) names or lies in.
    fn resolve(&self, segments: &[String]) -> Option<String> {
        (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| self.modules.contains_key(m))
    }
}

/// The code of a file without its comments (line comments, doc comments and block comments).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in text.lines() {
        let mut line = line;
        if in_block {
            match line.find("*/") {
                Some(i) => {
                    line = &line[i + 2..];
                    in_block = false;
                }
                None => continue,
            }
        }
        if let Some(i) = line.find("/*") {
            if !line[i..].contains("*/") {
                in_block = true;
            }
            line = &line[..i];
        }
        if let Some(i) = line.find("//") {
            line = &line[..i];
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Each path in `code` that starts with `crate::`, `super::` or `self::`, as segments from the
/// crate root; grouped imports (`crate::{a, b::c}`) give one path per member's first segment.
fn paths_in(code: &str, module: &str) -> Vec<Vec<String>> {
    let here: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    };
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let (mut base, skip) = if starts_word && rest.starts_with("crate::") {
            (Vec::new(), 7)
        } else if starts_word && rest.starts_with("super::") {
            let mut base = here.clone();
            let mut j = i;
            loop {
                let r: String = bytes[j..bytes.len().min(j + 7)].iter().collect();
                if r == "super::" {
                    base.pop();
                    j += 7;
                } else {
                    break;
                }
            }
            (base, j - i)
        } else if starts_word && rest.starts_with("self::") {
            (here.clone(), 6)
        } else {
            i += 1;
            continue;
        };
        i += skip;
        if i < bytes.len() && bytes[i] == '{' {
            // A group: each member's first segment.
            let mut depth = 0;
            let mut member = String::new();
            let mut at_start = true;
            while i < bytes.len() {
                let c = bytes[i];
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => at_start = true,
                    _ if depth == 1 && at_start && is_ident(c) => member.push(c),
                    _ if depth == 1 && at_start && !member.is_empty() => {
                        let mut p = base.clone();
                        p.push(std::mem::take(&mut member));
                        out.push(p);
                        at_start = false;
                    }
                    _ => {}
                }
                i += 1;
            }
            if !member.is_empty() {
                let mut p = base.clone();
                p.push(member);
                out.push(p);
            }
            continue;
        }
        loop {
            let start = i;
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
            if i == start {
                break;
            }
            base.push(bytes[start..i].iter().collect());
            if i + 1 < bytes.len() && bytes[i] == ':' && bytes[i + 1] == ':' {
                i += 2;
            } else {
                break;
            }
        }
        out.push(base);
    }
    out
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b == a || b.starts_with(&format!("{a}::"))
}

/// Peer edges grouped by the parent they meet under: parent → (child → children it uses).
fn peer_graphs(tree: &Tree) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (module, file) in &tree.modules {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for path in paths_in(&code, module) {
            let Some(target) = tree.resolve(&path) else {
                continue;
            };
            if is_ancestor(module, &target) || is_ancestor(&target, module) {
                continue;
            }
            let a: Vec<&str> = module.split("::").collect();
            let b: Vec<&str> = target.split("::").collect();
            let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let parent = a[..common].join("::");
            graphs
                .entry(parent)
                .or_default()
                .entry(a[common].to_owned())
                .or_default()
                .insert(b[common].to_owned());
        }
    }
    graphs
}

/// The groups of modules that reach each other (strongly connected components with more than
/// one member), each sorted; empty when `graph` has no cycle.
fn find_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(n) = todo.pop() {
            for next in graph.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|n| (n, reach(n))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (n, from_n) in &reaches {
        if !from_n.contains(*n) {
            continue;
        }
        let group: Vec<String> = from_n
            .iter()
            .filter(|m| reaches.get(m).is_some_and(|r| r.contains(*n)))
            .cloned()
            .collect();
        groups.insert(group);
    }
    groups.into_iter().collect()
}

fn crate_src(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn cycles(src: &Path) -> Vec<String> {
    let tree = Tree::read(src);
    peer_graphs(&tree)
        .iter()
        .flat_map(|(parent, graph)| {
            let at = if parent.is_empty() { "crate" } else { parent };
            find_cycles(graph)
                .into_iter()
                .map(move |c| format!("{}: {at}::{{{}}}", src.display(), c.join(", ")))
        })
        .collect()
}

#[test]
fn the_scanner_sees_paths_groups_and_supers() {
    let code = code_of(
        "use crate::{vault::Vault, otp};\nuse super::super::x::Y; // crate::ignored\nfn f() { self::g::h(); crate::sync::run(); }\n",
    );
    let paths = paths_in(&code, "a::b::c");
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        joined,
        ["vault", "otp", "a::x::Y", "a::b::c::g::h", "sync::run"]
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    graph.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(find_cycles(&graph), [["a", "b"]]);
    graph.get_mut("b").unwrap().clear();
    assert!(find_cycles(&graph).is_empty());
}

#[test]
fn no_module_cycle_in_core_cli_or_bindings() {
    let mut found = Vec::new();
    for src in ["src", "../cli/src", "../bindings/src"] {
        found.extend(cycles(&crate_src(src)));
    }
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn no_core_source_file_is_over_400_lines() {
    let mut files = Vec::new();
    rust_files(&crate_src("src"), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 400).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "over 400 lines:\n{}", long.join("\n"));
}

#[test]
fn every_source_file_says_what_it_owns() {
    let mut files = Vec::new();
    for src in ["src", "../cli/src", "../bindings/src"] {
        rust_files(&crate_src(src), &mut files);
    }
    let mut silent: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    silent.sort();
    assert!(silent.is_empty(), "no `//!` line:\n{}", silent.join("\n"));
}

/// The top-level modules in `docs/modules.md`'s order: the names in its first table, in order.
fn documented_order() -> Vec<String> {
    let map = std::fs::read_to_string(crate_src("../docs/modules.md")).unwrap();
    map.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn core_modules_only_use_modules_listed_before_them() {
    let order = documented_order();
    let tree = Tree::read(&crate_src("src"));
    let top: BTreeSet<String> = tree
        .modules
        .keys()
        .filter(|m| !m.is_empty() && !m.contains("::"))
        .cloned()
        .collect();
    let listed: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(
        top, listed,
        "docs/modules.md lists other modules than core/src"
    );
    let rank = |m: &str| order.iter().position(|o| o == m).unwrap();
    let mut wrong = Vec::new();
    for (child, uses) in peer_graphs(&tree).remove("").unwrap_or_default() {
        for used in uses {
            if rank(&used) > rank(&child) {
                wrong.push(format!("{child} uses {used}, listed after it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
