//! Embeds the default theme: every file under `themes/default/templates/` and
//! `themes/default/static/` is listed, sorted, in `$OUT_DIR/theme_files.rs`, which
//! `src/site/theme.rs` includes. A template added to the folder (a new page kind's) is
//! in the binary without a line of code.

use std::path::{Path, PathBuf};

/// The files under `dir`, as paths relative to it with `/`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&rel))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.join(&rel).display()));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue; // editors' swap and lock files
            }
            let path = rel.join(&name);
            if entry.path().is_dir() {
                stack.push(path);
            } else {
                let parts: Vec<String> = path
                    .iter()
                    .map(|p| p.to_string_lossy().to_string())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest).join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut code = String::from("// Made by build.rs from themes/default/.\n");
    for (name, folder, ty, include) in [
        ("TEMPLATES", "templates", "str", "include_str"),
        ("STATIC", "static", "[u8]", "include_bytes"),
    ] {
        let dir = theme.join(folder);
        code.push_str(&format!(
            "/// Every file of `themes/default/{folder}/`: its path there, and its contents.\n\
             const {name}: &[(&str, &{ty})] = &[\n"
        ));
        for rel in files(&dir) {
            let abs = dir.join(&rel);
            code.push_str(&format!(
                "    ({rel:?}, {include}!({:?})),\n",
                abs.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme_files.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
