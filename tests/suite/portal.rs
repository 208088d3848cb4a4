//! A portal of one's own (issue 17): `gazette init` in an empty folder, import, build and
//! check as a new user does with only the binary; the output folder never loses a file
//! gazette did not write; the workflow `init` writes needs no gazette source tree.

use crate::cli::{gazette, new_project, repo, seed_copy, stderr, stdout, tree};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A project as a user has it: the sample portal's content and config, seeds, a `.git`.
fn user_repository() -> tempfile::TempDir {
    let p = crate::cli::project_with_seeds();
    crate::util::copy_dir(&repo().join("content"), &p.path().join("content"));
    std::fs::copy(repo().join("gazette.toml"), p.path().join("gazette.toml")).unwrap();
    write(&p.path().join(".git/HEAD"), "ref: refs/heads/main\n");
    write(&p.path().join(".git/config"), "[core]\n");
    p
}

fn assert_refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(
        stderr(o).contains(needle),
        "{needle:?} not in:\n{}",
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"));
}

#[test]
fn build_output_dot_content_or_a_parent_deletes_nothing() {
    let p = user_repository();
    let before = tree(p.path());
    for out in [
        ".",
        "content",
        "content/bulletins",
        "templates",
        ".git",
        "..",
    ] {
        let o = gazette(
            p.path(),
            &["build", "--output", &p.path().join(out).to_string_lossy()],
        );
        assert_refused(&o, "refusing to build into");
        // --force does not lift it.
        let o = gazette(
            p.path(),
            &[
                "build",
                "--force",
                "--output",
                &p.path().join(out).to_string_lossy(),
            ],
        );
        assert_refused(&o, "refusing to build into");
        assert!(
            tree(p.path()) == before,
            "--output {out} changed the project"
        );
    }
    // Spelled relative to the working directory, as a user types it.
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .current_dir(p.path())
        .args(["build", "--output", "."])
        .output()
        .unwrap();
    assert_refused(&o, "it is the project folder");
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .current_dir(p.path().join("content"))
        .args(["--root", "..", "build", "--output", "."])
        .output()
        .unwrap();
    assert_refused(&o, "content/");
    assert!(tree(p.path()) == before);
}

#[test]
fn an_output_folder_of_the_users_files_loses_none_of_them() {
    let p = user_repository();
    let mine = p.path().join("mine");
    write(&mine.join("notes.txt"), "my notes");
    write(&mine.join("sub/a.doc"), "a document");
    let out = mine.to_string_lossy().to_string();
    let o = gazette(p.path(), &["build", "--output", &out]);
    assert_refused(&o, "--force");
    assert_eq!(tree(&mine).len(), 2, "nothing written without --force");

    let o = gazette(p.path(), &["build", "--force", "--output", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(mine.join("index.html").exists());
    // A bulletin goes: its pages go, the user's files stay; no --force needed any more.
    let gone = p.path().join("content/bulletins/2021-08-05-kjzcyzxkb");
    assert!(mine
        .join("bulletins/2021-08-05-kjzcyzxkb/index.html")
        .exists());
    std::fs::remove_dir_all(&gone).unwrap();
    write(
        &mine.join("bulletins/2021-08-05-kjzcyzxkb/my-note.txt"),
        "kept",
    );
    let o = gazette(p.path(), &["build", "--output", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!mine
        .join("bulletins/2021-08-05-kjzcyzxkb/index.html")
        .exists());
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("sub/a.doc")).unwrap(),
        "a document"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("bulletins/2021-08-05-kjzcyzxkb/my-note.txt")).unwrap(),
        "kept"
    );
}

#[test]
fn public_keeps_what_the_user_added_and_loses_only_stale_pages() {
    let p = user_repository();
    let o = gazette(p.path(), &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = p.path().join("public");
    write(&public.join("CNAME-notes.txt"), "mine");
    let o = gazette(p.path(), &["build", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(public.join("CNAME-notes.txt").exists());
    // A public/ built by an earlier gazette (no manifest) is refused, not emptied.
    std::fs::remove_file(public.join(gazette::output::MANIFEST)).unwrap();
    let o = gazette(p.path(), &["build"]);
    assert_refused(&o, gazette::output::MANIFEST);
}

#[test]
fn not_a_project_and_a_missing_root_are_errors() {
    let empty = tempfile::tempdir().unwrap();
    for verb in [&["build"][..], &["check"], &["serve", "--port", "0"]] {
        let o = gazette(empty.path(), verb);
        assert_refused(&o, "is not a gazette project");
        assert!(stderr(&o).contains("gazette init"), "{}", stderr(&o));
        let o = gazette(Path::new("/nonexistent/portal"), verb);
        assert_refused(&o, "no such folder");
    }
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let seed = seed_copy(empty.path(), "003_2f977091897462c0.txt");
    let o = gazette(empty.path(), &["import", &seed.to_string_lossy()]);
    assert_refused(&o, "is not a gazette project");
    assert!(!empty.path().join("content").exists());
}

#[test]
fn a_localhost_base_url_is_warned_about_outside_serve() {
    let p = user_repository();
    let o = gazette(p.path(), &["build"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: base_url is http://127.0.0.1:1111/"),
        "{}",
        stderr(&o)
    );
    let o = gazette(
        p.path(),
        &["build", "--base-url", "https://org.github.io/portal/"],
    );
    assert!(o.status.success());
    assert!(!stderr(&o).contains("base_url is"), "{}", stderr(&o));
}

/// The lines of the README's "Start your own portal" section that are commands.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let sections: Vec<&str> = readme.split("\n## ").collect();
    assert!(
        sections[1].starts_with("Start your own portal"),
        "the README's second section is \"Start your own portal\""
    );
    sections[1]
        .lines()
        .filter(|l| l.starts_with("    "))
        .map(|l| l.split(" #").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_readme_start_your_own_portal_works_from_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    // The raw bulletins the README imports: two real seeds.
    let raw = tmp.path().join("raw");
    std::fs::create_dir(&raw).unwrap();
    for s in ["003_2f977091897462c0.txt", "000_3f94546593ef5dbc.txt"] {
        seed_copy(&raw, s);
    }
    let commands = readme_commands();
    let verbs: Vec<&str> = commands
        .iter()
        .filter_map(|c| c.strip_prefix("gazette "))
        .map(|c| c.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        verbs.iter().fold(Vec::<&str>::new(), |mut v, x| {
            if v.last() != Some(x) {
                v.push(x);
            }
            v
        }),
        ["init", "import", "serve", "check", "build"],
        "in the order a new user follows: {commands:?}"
    );
    let mut cwd = tmp.path().to_path_buf();
    for c in &commands {
        if let Some(dir) = c.strip_prefix("cd ") {
            cwd = cwd.join(dir);
            continue;
        }
        let Some(args) = c.strip_prefix("gazette ") else {
            continue; // git: the user's own tool
        };
        let args: Vec<&str> = args.split_whitespace().collect();
        if args[0] == "serve" {
            let (_, page) = crate::serve::Server::start_in(&cwd, &args).get("/");
            assert!(page.contains("科技政策与咨询快报"), "{page}");
            continue;
        }
        let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .current_dir(&cwd)
            .args(&args)
            .output()
            .unwrap();
        assert!(o.status.success(), "`{c}` failed:\n{}", stderr(&o));
    }
    let site = cwd.join("public");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("科技政策与咨询快报"));
    assert!(site
        .join("bulletins/2021-08-05-kjzcyzxkb/index.html")
        .exists());
    assert!(cwd.join(".github/workflows/pages.yml").exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("taken/notes.txt"), "mine");
    let o = gazette(
        tmp.path(),
        &["init", &tmp.path().join("taken").to_string_lossy()],
    );
    assert_refused(&o, "not empty");
    assert_eq!(tree(&tmp.path().join("taken")).len(), 1);

    let dir = tmp.path().join("new");
    let o = gazette(tmp.path(), &["init", &dir.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "gazette.toml",
        "content/topics.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        "README.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    for d in ["templates", "static", "content/bulletins"] {
        assert!(dir.join(d).is_dir(), "{d}/ missing");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("content/topics.toml")).unwrap(),
        std::fs::read_to_string(repo().join("content/topics.toml")).unwrap(),
        "the default vocabulary, to edit"
    );
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.contains("/public") && ignore.contains("/.gazette"));
    // A portal with no bulletin yet builds and checks.
    let o = gazette(&dir, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gazette(&dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 bulletins"), "{}", stdout(&o));
    // And init does not run twice over it.
    let o = gazette(tmp.path(), &["init", &dir.to_string_lossy()]);
    assert_refused(&o, "not empty");
}

#[test]
fn the_init_workflow_installs_a_pinned_gazette_and_needs_no_source_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("portal");
    assert!(gazette(tmp.path(), &["init", &dir.to_string_lossy()])
        .status
        .success());
    let text = std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let wf = &docs[0];
    let version = wf["env"]["GAZETTE_VERSION"].as_str().unwrap();
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "pinned to the version that made it"
    );
    assert!(wf["env"]["GAZETTE_GIT"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let steps = wf["jobs"]["build"]["steps"].as_vec().expect("build steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for r in &runs {
        for source_tree in ["cargo run", "cargo build", "--path", "Cargo.toml", "src/"] {
            assert!(
                !r.contains(source_tree),
                "`{r}` needs gazette's source tree"
            );
        }
    }
    let install = runs
        .iter()
        .position(|r| r.starts_with("cargo install"))
        .expect("install");
    assert!(
        runs[install].contains("--locked") && runs[install].contains("--tag \"v$GAZETTE_VERSION\""),
        "pinned: {}",
        runs[install]
    );
    let check = runs
        .iter()
        .position(|r| r.starts_with("gazette check"))
        .expect("check");
    let build = runs
        .iter()
        .position(|r| r.starts_with("gazette build"))
        .expect("build");
    assert!(
        install < check && check < build,
        "install, check, then build: {runs:?}"
    );
    // The installed binary is cached by version, and the install skipped on a hit.
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
        })
        .expect("a cache step");
    assert!(cache["with"]["key"]
        .as_str()
        .unwrap()
        .contains("GAZETTE_VERSION"));
    assert!(cache["with"]["path"]
        .as_str()
        .unwrap()
        .contains(".cargo/bin/gazette"));
    let install_step = steps
        .iter()
        .find(|s| s["run"].as_str() == Some(runs[install]))
        .unwrap();
    assert!(install_step["if"].as_str().unwrap().contains("cache-hit"));
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));

    // Run the workflow's own commands in the portal, as the runner would after the install
    // step (with this gazette on the PATH), after one import: they pass and make public/.
    let seed = seed_copy(tmp.path(), "003_2f977091897462c0.txt");
    assert!(gazette(&dir, &["import", &seed.to_string_lossy()])
        .status
        .success());
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_gazette"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for r in &runs[install + 1..] {
        let cmd = r.replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://org.github.io/portal",
        );
        let o = Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(o.status.success(), "`{cmd}` failed:\n{}", stderr(&o));
    }
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("https://org.github.io/portal/"),
        "built with the Pages URL"
    );
    assert!(!dir.join("Cargo.toml").exists() && !dir.join("src").exists());
}

#[test]
fn summaries_count_in_good_english() {
    // One file that fails: no "1 bulletins: , 1 failed".
    let (_p, o) = crate::cli::import_one("empty.txt", b"", &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("1 bulletin: 1 failed"), "{out}");
    assert!(
        stderr(&o).contains("1 file was not imported"),
        "{}",
        stderr(&o)
    );
    // A bulletin of one article.
    let (p, o) = crate::cli::import_one(
        "one.txt",
        "关于加强质量认证体系建设的意见\n\n国家市场监督管理总局近日印发意见，要求进一步加强质量认证体系建设，提升认证有效性。\n".as_bytes(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 article,"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("1 articles"), "{}", stdout(&o));
    let o = gazette(p.path(), &["build", "--base-url", "https://example.org/"]);
    let out = stdout(&o);
    assert!(out.contains("1 bulletin, 1 article)"), "{out}");
}

#[test]
fn drafts_are_left_out_of_the_count_and_the_site_unless_asked() {
    let p = new_project();
    let b = p.path().join("content/bulletins/2021-04-digest");
    write(
        &b.join("index.md"),
        "+++\ntitle = \"快报 2021年4月\"\ndate = \"2021-04\"\n+++\n",
    );
    write(
        &b.join("01-published.md"),
        "+++\ntitle = \"已发布\"\n+++\n\n国家市场监督管理总局发布通知。\n",
    );
    write(
        &b.join("02-unfinished.md"),
        "+++\ntitle = \"未完成\"\ndraft = true\n+++\n\n草稿正文。\n",
    );
    let out = p.path().join("out");
    let o = gazette(p.path(), &["build", "-o", &out.to_string_lossy()]);
    assert!(
        stdout(&o).contains("1 article, 1 draft left out"),
        "{}",
        stdout(&o)
    );
    assert!(!out
        .join("bulletins/2021-04-digest/unfinished/index.html")
        .exists());
    let o = gazette(
        p.path(),
        &["build", "--drafts", "-o", &out.to_string_lossy()],
    );
    assert!(stdout(&o).contains("2 articles)"), "{}", stdout(&o));
    assert!(out
        .join("bulletins/2021-04-digest/unfinished/index.html")
        .exists());
}

#[test]
fn the_same_bulletin_under_another_name_is_not_imported_twice() {
    let p = crate::cli::project_with_seeds();
    let seed = p.path().join("seeds/003_2f977091897462c0.txt");
    let o = gazette(p.path(), &["import", &seed.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&p.path().join("content"));
    // The same raw text, renamed, and with other line ends (another download of it).
    let renamed = p.path().join("seeds/kjzc-august.txt");
    let text = std::fs::read_to_string(&seed)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&renamed, text).unwrap();
    let o = gazette(p.path(), &["import", &renamed.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("already in content/bulletins/2021-08-05-kjzcyzxkb/"),
        "{}",
        stderr(&o)
    );
    assert!(tree(&p.path().join("content")) == before, "nothing written");
    // Two copies in one run: the second is named as the first's duplicate.
    let p2 = crate::cli::project_with_seeds();
    std::fs::copy(&seed, p2.path().join("seeds/zz-copy.txt")).unwrap();
    let o = gazette(
        p2.path(),
        &["import", &p2.path().join("seeds").to_string_lossy()],
    );
    assert!(
        stdout(&o).contains("1 already in content/"),
        "{}",
        stdout(&o)
    );
    // Asked for, it is imported as another bulletin.
    let o = gazette(
        p.path(),
        &["import", "--allow-duplicate", &renamed.to_string_lossy()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p
        .path()
        .join("content/bulletins/2021-08-05-kjzcyzxkb-2/index.md")
        .exists());
}

#[test]
fn big5_and_bom_less_utf16_bulletins_import_like_their_utf8_original() {
    // The Traditional text of seed 003 (opencc s2tw), Big5 (scripts/make-encoding-fixtures).
    let p = new_project();
    let big5 = repo().join("tests/fixtures/encodings/003-traditional.big5.txt");
    let utf8 = repo().join("tests/fixtures/encodings/003-traditional.utf8.txt");
    let o = gazette(p.path(), &["inspect", "--json", &big5.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let from_big5: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let o = gazette(p.path(), &["inspect", "--json", &utf8.to_string_lossy()]);
    let from_utf8: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(from_big5["encoding"], "Big5");
    let (a, b) = (
        from_big5["articles"].as_array().unwrap(),
        from_utf8["articles"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["title"], y["title"]);
        assert!(
            x["body_markdown"] == y["body_markdown"],
            "{} differs",
            y["title"]
        );
    }
    assert_eq!(from_big5["title"], from_utf8["title"]);
    assert_eq!(from_big5["date"], "2021-08-05");
    // UTF-16 without a BOM, little- and big-endian.
    let text = std::fs::read_to_string(repo().join("seeds/003_2f977091897462c0.txt")).unwrap();
    for (name, le) in [("le.txt", true), ("be.txt", false)] {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect();
        let f = p.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        let o = gazette(p.path(), &["inspect", "--json", &f.to_string_lossy()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["series"], "科技政策与咨询快报");
    }
}

#[test]
fn a_changed_slug_is_named_with_the_alias_that_keeps_its_old_address() {
    let p = crate::cli::project_with_seeds();
    let seed = p.path().join("seeds/003_2f977091897462c0.txt");
    assert!(gazette(p.path(), &["import", &seed.to_string_lossy()])
        .status
        .success());
    let b = p.path().join("content/bulletins/2021-08-05-kjzcyzxkb");
    let first = std::fs::read_dir(&b)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("01-"))
        .unwrap();
    let old_slug = first
        .trim_start_matches("01-")
        .trim_end_matches(".md")
        .to_string();
    let out = p.path().join("site");
    let o = gazette(p.path(), &["build", "-q", "-o", &out.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The editor gives the article a shorter slug: the build names the address it lost.
    std::fs::rename(b.join(&first), b.join("01-fa-an.md")).unwrap();
    let o = gazette(p.path(), &["build", "-o", &out.to_string_lossy()]);
    let err = stderr(&o);
    let old_url = format!("/bulletins/2021-08-05-kjzcyzxkb/{old_slug}/");
    assert!(
        err.contains(&format!(
            "{old_url} was published by the last build and is gone"
        )) && err.contains(&format!("aliases = [\"{old_url}\"]")),
        "{err}"
    );
    // A forced re-import gives it back its imported slug, and says which address changed.
    let o = gazette(p.path(), &["import", "--force", &seed.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("/bulletins/2021-08-05-kjzcyzxkb/fa-an/ is now")
            && err.contains("aliases = [\"/bulletins/2021-08-05-kjzcyzxkb/fa-an/\"]")
            && err.contains(&first),
        "{err}"
    );
}

#[test]
fn an_alias_keeps_an_old_address_working_and_site_root_files_are_at_the_root() {
    let p = user_repository();
    let b = p.path().join("content/bulletins/2021-08-05-kjzcyzxkb");
    let first = std::fs::read_dir(&b)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("01-"))
        .unwrap();
    let old = first
        .trim_start_matches("01-")
        .trim_end_matches(".md")
        .to_string();
    let out = p.path().join("site");
    let o_arg = out.to_string_lossy().to_string();
    let base = ["--base-url", "https://org.github.io/portal/"];
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "-o", &o_arg];
        args.extend_from_slice(&base);
        args.extend_from_slice(extra);
        gazette(p.path(), &args)
    };
    assert!(build(&[]).status.success());
    // The slug changes, and the old address is kept with an alias.
    let text = std::fs::read_to_string(b.join(&first)).unwrap();
    let old_url = format!("/bulletins/2021-08-05-kjzcyzxkb/{old}/");
    std::fs::remove_file(b.join(&first)).unwrap();
    std::fs::write(
        b.join("01-fa-an.md"),
        text.replacen("+++\n", &format!("+++\naliases = [\"{old_url}\"]\n"), 1),
    )
    .unwrap();
    // Files for the site's root.
    write(&p.path().join("site-root/favicon.ico"), "icon");
    write(&p.path().join("site-root/CNAME"), "digest.example.org\n");
    write(
        &p.path().join("site-root/google0123.html"),
        "google-site-verification: google0123.html",
    );
    let o = build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("is gone"),
        "the alias keeps it: {}",
        stderr(&o)
    );
    let redirect = std::fs::read_to_string(
        out.join(format!("bulletins/2021-08-05-kjzcyzxkb/{old}/index.html")),
    )
    .unwrap();
    let target = "/portal/bulletins/2021-08-05-kjzcyzxkb/fa-an/";
    assert!(
        redirect.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        )),
        "{redirect}"
    );
    assert!(redirect.contains(&format!(
        "<link rel=\"canonical\" href=\"https://org.github.io{target}\">"
    )));
    assert!(out
        .join("bulletins/2021-08-05-kjzcyzxkb/fa-an/index.html")
        .exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains(&format!("{old}/")),
        "a redirect is not in the sitemap"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("favicon.ico")).unwrap(),
        "icon"
    );
    assert!(out.join("CNAME").exists() && out.join("google0123.html").exists());
    // An alias that is the address of a page the site has is an error naming the file.
    std::fs::write(
        b.join("01-fa-an.md"),
        text.replacen(
            "+++\n",
            "+++\naliases = [\"/bulletins/2021-08-05-kjzcyzxkb/\"]\n",
            1,
        ),
    )
    .unwrap();
    let o = build(&[]);
    assert_refused(&o, "is the address of the issue 2021-08-05-kjzcyzxkb");
    assert!(
        stderr(&o).contains("content/bulletins/2021-08-05-kjzcyzxkb/"),
        "{}",
        stderr(&o)
    );
    std::fs::write(b.join("01-fa-an.md"), &text).unwrap();
    // A site-root file may not replace one the site makes.
    write(&p.path().join("site-root/index.html"), "mine");
    let o = build(&[]);
    assert_refused(
        &o,
        "site-root/index.html: the site makes /index.html itself",
    );
}

#[test]
fn every_page_names_an_icon_the_site_has() {
    let p = user_repository();
    let out = p.path().join("site");
    let o = gazette(p.path(), &["build", "-q", "-o", &out.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">")
    );
    assert!(std::fs::read_to_string(out.join("static/favicon.svg"))
        .unwrap()
        .starts_with("<svg"));
}

#[test]
fn a_single_article_issue_is_not_titled_twice_in_lists() {
    let p = user_repository();
    let out = p.path().join("site");
    let o = gazette(p.path(), &["build", "-q", "-o", &out.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let title = "理解美国产业政策";
    let mut seen = 0;
    for e in walkdir::WalkDir::new(out.join("topics"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        // A list item (`item.html`) is a line: an `<li>` opening with the article's link.
        for item in html.split("<li><a href=").skip(1) {
            let item = item.split('\n').next().unwrap();
            if item.contains(title) {
                seen += 1;
                assert_eq!(
                    item.matches(title).count(),
                    1,
                    "{}: {item}",
                    e.path().display()
                );
            }
        }
    }
    assert!(
        seen > 0,
        "the single-article issue is listed on some topic page"
    );
}

#[test]
fn check_names_every_alias_that_takes_an_address_the_site_has() {
    let p = user_repository();
    let index = p
        .path()
        .join("content/bulletins/2021-08-05-kjzcyzxkb/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let aliases = "aliases = [\"/topics/\", \"/bulletins/2021-08-05-kjzcyzxkb/\", \"old/\"]\n";
    std::fs::write(
        &index,
        text.replacen("+++\n", &format!("+++\n{aliases}"), 1),
    )
    .unwrap();
    let o = gazette(p.path(), &["check"]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    for wrong in [
        "alias '/topics/' is an address the site makes itself: remove it",
        "alias '/bulletins/2021-08-05-kjzcyzxkb/' is the address of the issue",
        "alias 'old/' is not a path from the site's root",
    ] {
        assert!(err.contains(wrong), "{wrong} not in: {err}");
    }
}
