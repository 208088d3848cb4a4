//! The shape of the source, seen from outside: no import cycle between the files of `src/`,
//! `src/site/` arranged one way (page kinds → shared view-models and the incremental
//! layer → model, `site/mod.rs` on top), and no file of `src/site/` over 700 lines.
//!
//! An edge runs from a file to the file of every module it names through `crate::` or
//! `super::` (in a `use` or written in place), tests excluded. A module's own children,
//! named by their bare name, are its tree rather than imports, except in `src/site/`,
//! where nothing may reach back up to `mod.rs`. The files are read as Rust tokens
//! (proc-macro2's lexer), so comments and strings never count.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where one file names another.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    line: usize,
    path: String,
}

/// The crate's files by module path (`[]` is `lib.rs`, `["site", "vm"]` is
/// `site/vm.rs`), each with its text.
fn crate_files(src: &Path) -> BTreeMap<Vec<String>, (String, String)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel: Vec<String> = path
                .strip_prefix(src)
                .unwrap()
                .iter()
                .map(|p| p.to_string_lossy().to_string())
                .collect();
            let mut module: Vec<String> = rel.clone();
            let file = module.pop().unwrap();
            match file.as_str() {
                "main.rs" if module.is_empty() => continue, // the binary: a crate of its own
                "lib.rs" if module.is_empty() => {}
                "mod.rs" => {}
                other => module.push(other.trim_end_matches(".rs").to_string()),
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(module, (rel.join("/"), text));
        }
    }
    out
}

/// The `::`-separated identifiers starting at `tokens[i]` (`crate :: site :: vm`), and
/// the index after them.
fn path_at(tokens: &[TokenTree], mut i: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    while let Some(TokenTree::Ident(id)) = tokens.get(i) {
        segments.push(id.to_string());
        if is_path_sep(tokens, i + 1) {
            i += 3;
        } else {
            i += 1;
            break;
        }
    }
    (segments, i)
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// Every path a `use` tree names (`a::{self, c::d}` → `a`, `a::c::d`); a glob names the
/// module it is in.
fn use_paths(tokens: &[TokenTree], prefix: &[String], out: &mut Vec<Vec<String>>) {
    for tree in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        let mut path = prefix.to_vec();
        let mut group = None;
        for t in tree {
            match t {
                TokenTree::Ident(id) if id == "as" => break, // the alias
                TokenTree::Ident(id) if id == "self" && !path.is_empty() => {}
                TokenTree::Ident(id) => path.push(id.to_string()),
                TokenTree::Group(g) => group = Some(g),
                _ => {} // `::`, `*`
            }
        }
        match group {
            Some(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                use_paths(&inner, &path, out);
            }
            None if !tree.is_empty() => out.push(path),
            None => {}
        }
    }
}

/// The paths a token list names through `crate::` or `super::`, with their lines, for
/// the code of module `module` (inline modules extend it; `#[cfg(test)]` items skipped).
/// With `children`, a bare path that starts with a child module's name counts too.
fn named_paths(
    tokens: &[TokenTree],
    module: &[String],
    known: &BTreeSet<Vec<String>>,
    children: bool,
    out: &mut Vec<(Vec<String>, Vec<String>, usize)>,
) {
    let mut i = 0;
    let mut skip_item = false;
    while i < tokens.len() {
        let t = &tokens[i];
        // `#[cfg(test)]`: the next item is test code.
        if let (TokenTree::Punct(p), Some(TokenTree::Group(g))) = (t, tokens.get(i + 1)) {
            if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket {
                let attr = g.stream().to_string().replace(' ', "");
                if attr == "cfg(test)" {
                    skip_item = true;
                }
                i += 2;
                continue;
            }
        }
        if skip_item {
            match t {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => skip_item = false,
                TokenTree::Punct(p) if p.as_char() == ';' => skip_item = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match t {
            // `pub(crate)`, `pub(super)`, `pub(in crate::x)`: visibility, not a path.
            TokenTree::Ident(id) if id == "pub" => {
                if matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
                {
                    i += 2;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "mod" => {
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    let mut inner = module.to_vec();
                    inner.push(name.to_string());
                    let body: Vec<TokenTree> = body.stream().into_iter().collect();
                    named_paths(&body, &inner, known, children, out);
                    i += 3;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "use" => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
                    .map_or(tokens.len(), |e| i + e);
                let line = id.span().start().line;
                let mut paths = Vec::new();
                use_paths(&tokens[i + 1..end], &[], &mut paths);
                for p in paths {
                    if let Some(abs) = resolve(&p, module, known, children) {
                        out.push((abs, p, line));
                    }
                }
                i = end + 1;
                continue;
            }
            TokenTree::Ident(id) if is_path_sep(tokens, i + 1) => {
                let line = id.span().start().line;
                let (p, next) = path_at(tokens, i);
                if let Some(abs) = resolve(&p, module, known, children) {
                    out.push((abs, p, line));
                }
                i = next;
                continue;
            }
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                named_paths(&inner, module, known, children, out);
            }
            _ => {}
        }
        i += 1;
    }
}

/// `path` as named from `module`, from the crate root; `None` for another crate's or a
/// local name (and, without `children`, for a bare child module's).
fn resolve(
    path: &[String],
    module: &[String],
    known: &BTreeSet<Vec<String>>,
    children: bool,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut abs: Vec<String>;
    let mut rest = path;
    match first.as_str() {
        "crate" => {
            abs = Vec::new();
            rest = &path[1..];
        }
        "super" => {
            abs = module.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                abs.pop();
                rest = &rest[1..];
            }
        }
        "self" => {
            abs = module.to_vec();
            rest = &path[1..];
        }
        name if children => {
            abs = module.to_vec();
            abs.push(name.to_string());
            if !known.contains(&abs) {
                return None;
            }
            abs.pop();
        }
        _ => return None,
    }
    abs.extend(rest.iter().cloned());
    Some(abs)
}

/// The module of `known` a path from the crate root lands in: its longest known prefix.
fn module_of(abs: &[String], known: &BTreeSet<Vec<String>>) -> Vec<String> {
    (0..=abs.len())
        .rev()
        .map(|n| abs[..n].to_vec())
        .find(|m| known.contains(m))
        .unwrap_or_default()
}

/// Every edge between the files of the crate at `src`.
fn edges(src: &Path) -> (Vec<Edge>, BTreeMap<Vec<String>, String>) {
    let files = crate_files(src);
    let known: BTreeSet<Vec<String>> = files.keys().cloned().collect();
    let names: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|(m, (f, _))| (m.clone(), f.clone()))
        .collect();
    let mut out = Vec::new();
    for (module, (file, text)) in &files {
        let tokens: Vec<TokenTree> = TokenStream::from_str(text)
            .unwrap_or_else(|e| panic!("{file} is not Rust: {e:?}"))
            .into_iter()
            .collect();
        // In src/site/, a bare child path is an edge too: mod.rs is the top.
        let children = module.first().is_some_and(|m| m == "site");
        let mut paths = Vec::new();
        named_paths(&tokens, module, &known, children, &mut paths);
        for (abs, written, line) in paths {
            let target = module_of(&abs, &known);
            if &target != module {
                out.push(Edge {
                    from: file.clone(),
                    to: names[&target].clone(),
                    line,
                    path: written.join("::"),
                });
            }
        }
    }
    (out, names)
}

/// The import cycles among `edges`: for each file on one, the shortest way back to it,
/// each cycle once.
fn cycles(edges: &[Edge]) -> Vec<Vec<&Edge>> {
    let mut from: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for e in edges {
        from.entry(e.from.as_str()).or_default().push(e);
    }
    let mut found: Vec<Vec<&Edge>> = Vec::new();
    let mut seen: BTreeSet<BTreeSet<&str>> = BTreeSet::new();
    for start in from.keys() {
        // Breadth first from `start` until it is reached again.
        let mut back: BTreeMap<&str, &Edge> = BTreeMap::new();
        let mut queue: VecDeque<&str> = VecDeque::from([*start]);
        let mut closing = None;
        'search: while let Some(node) = queue.pop_front() {
            for e in from.get(node).into_iter().flatten() {
                if e.to == *start {
                    closing = Some(*e);
                    break 'search;
                }
                if !back.contains_key(e.to.as_str()) {
                    back.insert(e.to.as_str(), e);
                    queue.push_back(e.to.as_str());
                }
            }
        }
        let Some(last) = closing else { continue };
        let mut cycle = vec![last];
        let mut node = last.from.as_str();
        while node != *start {
            let e = back[node];
            cycle.push(e);
            node = e.from.as_str();
        }
        cycle.reverse();
        let members: BTreeSet<&str> = cycle.iter().map(|e| e.from.as_str()).collect();
        if seen.insert(members) {
            found.push(cycle);
        }
    }
    found
}

fn describe(cycle: &[&Edge]) -> String {
    let steps: Vec<String> = cycle
        .iter()
        .map(|e| format!("{}:{} names {} ({})", e.from, e.line, e.path, e.to))
        .collect();
    steps.join("\n    → ")
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_file_of_src_imports_another_in_a_circle() {
    let (edges, _) = edges(&src());
    assert!(
        edges.iter().any(|e| e.from == "site/mod.rs"),
        "the checker sees no import at all: it is broken"
    );
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "import cycles in src/ (each file names the next; break the circle by moving what \
         both need into a module below them):\n  {}",
        found
            .iter()
            .map(|c| describe(c))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn nothing_in_src_site_reaches_back_up_to_its_mod_rs() {
    let (edges, _) = edges(&src());
    let up: Vec<String> = edges
        .iter()
        .filter(|e| e.from.starts_with("site/") && e.to == "site/mod.rs")
        .map(|e| format!("{}:{} names {}", e.from, e.line, e.path))
        .collect();
    assert!(
        up.is_empty(),
        "site/mod.rs plans the site from the files beside it; they must not use it \
         (name what they need by its own file, `super::vm::SiteVm`):\n  {}",
        up.join("\n  ")
    );
}

#[test]
fn no_file_of_src_site_is_over_700_lines() {
    let mut long = Vec::new();
    for (module, (file, text)) in crate_files(&src()) {
        let lines = text.lines().count();
        if module.first().is_some_and(|m| m == "site") && lines > 700 {
            long.push(format!("src/{file} ({lines} lines)"));
        }
    }
    assert!(
        src().join("site/mod.rs").exists(),
        "src/site/ is not where it was"
    );
    assert!(
        long.is_empty(),
        "files of src/site/ over 700 lines: give a page kind its own file: {long:?}"
    );
}

/// The checker itself, on small crates written here: it must find what it is for.
mod checker {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn cycles_in(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let dir = crate_of(files);
        let (edges, _) = edges(dir.path());
        cycles(&edges)
            .into_iter()
            .map(|c| c.iter().map(|e| e.from.clone()).collect())
            .collect()
    }

    #[test]
    fn finds_a_circle_of_use_statements_and_of_paths_written_in_place() {
        let found = cycles_in(&[
            ("lib.rs", "pub mod a; pub mod b; pub mod c;"),
            ("a.rs", "use crate::b::{self, B};\n// use crate::c;\n"),
            (
                "b.rs",
                "/// crate::a::A\npub fn f() { let s = \"crate::c::C\"; }\nuse super::c::*;",
            ),
            ("c.rs", "pub fn g() -> usize { crate::a::h(x) }"),
        ]);
        assert_eq!(found, vec![vec!["a.rs", "b.rs", "c.rs"]]);
    }

    #[test]
    fn finds_the_circles_main_had_in_src_site() {
        // The shape of 44431ba: fragments → memo → taxonomy → inputs → fragments, and
        // site ↔ output through a path written in place.
        let found = cycles_in(&[
            ("lib.rs", "pub mod output; pub mod site;"),
            ("output.rs", "use crate::site::OutputFile;"),
            (
                "site/mod.rs",
                "mod fragments; mod inputs; mod memo; mod taxonomy;\n\
                 pub struct OutputFile;\n\
                 fn read() { let rel = crate::output::relative(dir, p); }",
            ),
            ("site/fragments.rs", "use super::memo::{key_of, Memo};"),
            (
                "site/memo.rs",
                "pub(super) terms: Kept<super::taxonomy::Terms>,",
            ),
            ("site/taxonomy.rs", "use super::inputs::{Keyed, Listed};"),
            ("site/inputs.rs", "use super::fragments::Fragments;"),
        ]);
        assert_eq!(
            found,
            vec![
                vec!["output.rs", "site/mod.rs"],
                vec![
                    "site/fragments.rs",
                    "site/memo.rs",
                    "site/taxonomy.rs",
                    "site/inputs.rs"
                ],
            ]
        );
    }

    #[test]
    fn test_code_visibility_and_a_parents_own_children_are_not_imports() {
        let found = cycles_in(&[
            ("lib.rs", "pub mod import; pub mod site;"),
            (
                "import/mod.rs",
                "mod body;\npub(crate) fn f() { body::build(); }\n\
                 #[cfg(test)]\nmod tests { use crate::import::body::*; }",
            ),
            (
                "import/body.rs",
                "use super::f; pub(in crate::import) fn build() {}",
            ),
            ("site/mod.rs", "mod vm; pub use vm::SiteVm;"),
            (
                "site/vm.rs",
                "pub struct SiteVm;\n#[cfg(test)]\nuse super::SiteVm as S;\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn in_src_site_a_file_that_uses_mod_rs_closes_a_circle() {
        let found = cycles_in(&[
            ("lib.rs", "pub mod site;"),
            (
                "site/mod.rs",
                "mod vm; mod home;\nfn plan() { home::plan(); }",
            ),
            ("site/home.rs", "use super::{vm::SiteVm, Index};"),
            ("site/vm.rs", ""),
        ]);
        assert_eq!(found, vec![vec!["site/home.rs", "site/mod.rs"]]);
    }
}
