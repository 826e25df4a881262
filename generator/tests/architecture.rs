//! ARCHITECTURE.md stays true: the files and functions it names exist, the
//! top-level modules import each other only in the order it draws, and no
//! function of the pipeline's core grows long without a comment saying why.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    common::workspace_root()
}

fn architecture() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md at the workspace root")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// True when `text` defines `name` (a function, type, constant or module).
fn defines(text: &str, name: &str) -> bool {
    ["fn", "struct", "enum", "const", "mod", "type", "trait"].iter().any(|kw| {
        text.match_indices(&format!("{kw} {name}")).any(|(i, m)| {
            let next = text[i + m.len()..].chars().next();
            !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

#[test]
fn named_files_and_functions_exist() {
    let text = architecture();
    let mut checked = 0;
    let mut problems = Vec::new();
    // `path` alone, or `path` (`item`, `item`...).
    let spans: Vec<&str> = text.split('`').collect();
    for (i, span) in spans.iter().enumerate() {
        let is_path =
            ["generator/", "xtask/", "templates/", "specs/", "generated/"].iter().any(|p| span.starts_with(p));
        if i % 2 == 0 || !is_path || span.contains(' ') {
            continue;
        }
        checked += 1;
        let path = root().join(span);
        if !path.exists() {
            problems.push(format!("`{span}` does not exist"));
            continue;
        }
        // Items listed right after the path: `, ` or ` (` separated names in backticks.
        let mut j = i + 1;
        let separator = |s: &str| s.split_whitespace().collect::<String>();
        while j + 1 < spans.len() && matches!(separator(spans[j]).as_str(), "(" | "," | ":") && path.is_file() {
            let item = spans[j + 1];
            if item.chars().all(|c| c.is_alphanumeric() || c == '_') {
                let file = std::fs::read_to_string(&path).unwrap();
                if !defines(&file, item) {
                    problems.push(format!("`{item}` is not defined in `{span}`"));
                }
            }
            j += 2;
        }
    }
    assert!(checked > 30, "only {checked} paths found in ARCHITECTURE.md");
    assert!(problems.is_empty(), "ARCHITECTURE.md names what is not there:\n{}", problems.join("\n"));
}

#[test]
fn named_modules_and_items_exist() {
    // `module::item` and `Type::member` in the prose.
    let text = architecture();
    let src = root().join("generator/src");
    let all: String = rust_files(&src).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let mut problems = Vec::new();
    for (i, span) in text.split('`').enumerate() {
        let parts: Vec<&str> = span.split("::").collect();
        if i % 2 == 0 || parts.len() != 2 || !span.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let (first, second) = (parts[0], parts[1]);
        // Paths into the generated crate (`models::errors`) are not ours.
        if !first.starts_with(char::is_uppercase)
            && !src.join(first).exists()
            && !src.join(format!("{first}.rs")).exists()
        {
            if ["models", "runtime"].contains(&first) {
                continue;
            }
            problems.push(format!("`{span}`"));
            continue;
        }
        let ok = if first.starts_with(char::is_uppercase) {
            // `Type::member`: the type exists, and the member is in its file.
            rust_files(&src).iter().map(|p| std::fs::read_to_string(p).unwrap()).any(|file| {
                defines(&file, first)
                    && (file.contains(&format!("fn {second}("))
                        || file.contains(&format!("pub {second}:"))
                        || file.contains(&format!("    {second},"))
                        || file.contains(&format!("    {second} {{"))
                        || file.contains(&format!("    {second}("))
                        || defines(&file, second))
            })
        } else {
            let module = src.join(first);
            let file = src.join(format!("{first}.rs"));
            module.join(format!("{second}.rs")).exists()
                || module.join(second).is_dir()
                || (module.is_dir()
                    && rust_files(&module).iter().any(|p| defines(&std::fs::read_to_string(p).unwrap(), second)))
                || (file.exists() && defines(&std::fs::read_to_string(&file).unwrap(), second))
        };
        if !ok {
            problems.push(format!("`{span}`"));
        }
    }
    assert!(all.contains("pub fn generate("), "the crate is where ARCHITECTURE.md says");
    assert!(problems.is_empty(), "ARCHITECTURE.md names modules or items that are not there: {}", problems.join(", "));
}

/// The top-level modules each top-level module of the generator imports
/// (`crate::x` outside comments; paths into the generated crate, such as
/// `crate::models` inside `quote!`, name no module of ours and are left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("generator/src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "lib.rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for path in rust_files(&src) {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name != top && modules.contains(&name) {
                    out.get_mut(&top).unwrap().insert(name);
                }
            }
            // `use crate::{a, b}` groups.
            if let Some(group) = line.trim_start().strip_prefix("use crate::{") {
                for name in group.split([',', '}', ' ']).map(|s| s.split("::").next().unwrap_or("")) {
                    if name != top && modules.contains(name) {
                        out.get_mut(&top).unwrap().insert(name.to_string());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn imports_follow_the_drawn_layers() {
    let text = architecture();
    let start = text.find("A top-level module imports only").expect("the layers block");
    let block = text[start..].split("```text").nth(1).unwrap().split("```").next().unwrap();
    // Row 0 is the top.
    let mut row: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in block.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for name in line.split('·').map(str::trim) {
            row.insert(name.to_string(), i);
        }
    }
    let imports = imports();
    let mut problems = Vec::new();
    for (module, uses) in &imports {
        let Some(&r) = row.get(module) else {
            problems.push(format!("`{module}` is not in the layers of ARCHITECTURE.md"));
            continue;
        };
        for used in uses {
            if row.get(used).is_none_or(|&u| u <= r) {
                problems.push(format!("`{module}` imports `{used}`, which is not in a row below it"));
            }
        }
    }
    for name in row.keys() {
        if !imports.contains_key(name) {
            problems.push(format!("the layers name `{name}`, which is no module"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Functions of the pipeline's core longer than this need a comment saying why.
const LONG: usize = 80;

#[test]
fn long_functions_say_why() {
    let src = root().join("generator/src");
    let mut problems = Vec::new();
    let mut seen = 0;
    for dir in ["lower", "emit", "passes", "naming"] {
        for path in rust_files(&src.join(dir)) {
            let text = std::fs::read_to_string(&path).unwrap();
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let lines: Vec<&str> = text.lines().collect();
            let mut check = |name: String, sig_line: usize, end_line: usize| {
                seen += 1;
                let length = end_line + 1 - sig_line;
                if length <= LONG {
                    return;
                }
                // The comment lines right above the signature (past its attributes).
                let above = lines[..sig_line - 1]
                    .iter()
                    .rev()
                    .take_while(|l| l.trim_start().starts_with("//") || l.trim_start().starts_with("#["))
                    .any(|l| l.to_lowercase().contains("long"));
                if !above {
                    problems.push(format!("{}: `{name}` is {length} lines", path.display()));
                }
            };
            for item in &file.items {
                match item {
                    syn::Item::Fn(f) => check(
                        f.sig.ident.to_string(),
                        f.sig.fn_token.span.start().line,
                        f.block.brace_token.span.close().end().line,
                    ),
                    syn::Item::Impl(i) => {
                        for item in &i.items {
                            if let syn::ImplItem::Fn(f) = item {
                                check(
                                    f.sig.ident.to_string(),
                                    f.sig.fn_token.span.start().line,
                                    f.block.brace_token.span.close().end().line,
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} functions found");
    assert!(
        problems.is_empty(),
        "functions over {LONG} lines without a comment above saying why they are long:\n{}",
        problems.join("\n")
    );
}
