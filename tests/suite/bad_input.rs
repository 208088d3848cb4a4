//! The bad-input matrix (issue #9): every kind of bad input a user can produce, through the
//! real binary. Each case ends with a clear message naming the file (and line where there is
//! one), a non-zero exit where it is an error, no panic, and no partial `public/` or
//! `content/`: a failed build leaves the previous site byte for byte, a failed import
//! leaves no bulletin folder and no staging folder behind.
//!
//! Raw input goes through `gazette import`, content files through `gazette build` (and
//! `check` where it reports more). Each test works on its own copy of the sample portal
//! (`content/` and `gazette.toml` of the repository), built once before the bad input is
//! planted, so "the previous site" is a real one.

use crate::cli::{gazette, import_one, repo, stderr, stdout, tree};
use crate::util::copy_dir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

/// A copy of the sample portal with its site built into `public/`.
struct Project {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    /// `public/` as the first build wrote it.
    site: BTreeMap<String, Vec<u8>>,
}

impl Project {
    fn sample() -> Project {
        Project::sample_in("portal")
    }

    /// The sample portal in a folder of that name (spaces, Chinese…) inside a temporary one.
    fn sample_in(name: &str) -> Project {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join(name);
        copy_dir(&repo().join("content"), &root.join("content"));
        std::fs::copy(repo().join("gazette.toml"), root.join("gazette.toml")).unwrap();
        let o = gazette(&root, &["build", "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let site = tree(&root.join("public"));
        assert!(site.contains_key("index.html"));
        Project {
            _tmp: tmp,
            root,
            site,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        gazette(&self.root, args)
    }

    fn bulletin(&self) -> PathBuf {
        self.root.join("content/bulletins/2021-08-05-kjzcyzxkb")
    }

    /// The first article file of the sample's 2021-08-05 issue.
    fn article(&self) -> PathBuf {
        self.bulletin()
            .join("01-2021-nian-mei-guo-chuang-xin-yu-jing-zheng-fa-an-miao-zhun.md")
    }

    /// The built page of `article()`.
    fn article_page(&self) -> String {
        std::fs::read_to_string(self.root.join(
            "public/bulletins/2021-08-05-kjzcyzxkb/2021-nian-mei-guo-chuang-xin-yu-jing-zheng-fa-an-miao-zhun/index.html",
        ))
        .unwrap()
    }

    /// The file name of `article()`, as diagnostics show it.
    fn article_name(&self) -> String {
        self.article()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The build failed cleanly: non-zero exit, every `needles` in stderr, no panic,
    /// `public/` exactly as the first build left it, no staging folder beside it.
    fn build_fails_with(&self, needles: &[&str]) -> String {
        let o = self.run(&["build"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "exit status 1 expected:\n{err}");
        no_panic(&o);
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
        }
        assert!(
            tree(&self.root.join("public")) == self.site,
            "public/ changed after a failed build"
        );
        no_staging_left(&self.root);
        err
    }

    /// The build succeeded with no panic; returns stderr (the warnings).
    fn build_succeeds(&self) -> String {
        let o = self.run(&["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
        no_panic(&o);
        no_staging_left(&self.root);
        stderr(&o)
    }
}

fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(
        o.status.code().is_some_and(|c| c == 0 || c == 1),
        "killed or crashed: {:?}\n{err}",
        o.status
    );
}

/// No `.public.staging-*` or `.*.importing` folder anywhere under `root`.
fn no_staging_left(root: &Path) {
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        assert!(
            !(name.starts_with('.')
                && (name.contains(".staging-") || name.ends_with(".importing"))),
            "left behind: {}",
            e.path().display()
        );
    }
}

/// Imports `bytes` as `name` into a fresh project; (project, output). Never a panic, never
/// a staging folder left behind.
fn import_raw(name: &str, bytes: &[u8], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let (p, o) = import_one(name, bytes, extra);
    no_panic(&o);
    no_staging_left(p.path());
    (p, o)
}

/// Every file an import wrote, as text, joined.
fn imported_text(p: &Path) -> String {
    tree(&p.join("content"))
        .values()
        .map(|v| String::from_utf8(v.clone()).expect("content is UTF-8"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn raw_seed(name: &str) -> String {
    std::fs::read_to_string(repo().join("seeds").join(name)).unwrap()
}

/// A short digest in the seeds' shape, for the encoding and line-end cases.
const SHORT: &str = "质量要闻周报\n2021年6月8日\n\n市场监管总局发布检验检测新规\n\nhttp://www.samr.gov.cn/xw/a.html\n\n中国质量新闻网讯 市场监管总局发布检验检测机构监督管理新规，自发布之日起施行。新规要求各地加强监管。\n\n国家标准委发布新版国家标准\n\nhttp://www.sac.gov.cn/b.html\n\n国家标准化管理委员会发布新版国家标准，共计 12 项，涉及消费品安全。\n";

// --- encodings and bytes --------------------------------------------------------------

#[test]
fn invalid_utf8_in_raw_input_is_decoded_and_each_damaged_line_named() {
    let mut bytes = SHORT.as_bytes().to_vec();
    // A lone continuation byte and a truncated sequence on line 8.
    let at = SHORT.find("中国质量新闻网讯").unwrap();
    bytes.splice(at..at, [0x80, 0xE4, 0xB8]);
    let (p, o) = import_raw("damaged.txt", &bytes, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("damaged.txt:8: warning") && err.contains("not valid UTF-8"),
        "{err}"
    );
    let text = imported_text(p.path());
    assert!(
        text.contains("市场监管总局发布检验检测机构监督管理新规"),
        "{text}"
    );
}

#[test]
fn invalid_utf8_in_a_content_file_names_file_and_line() {
    let p = Project::sample();
    let mut bytes = std::fs::read(p.article()).unwrap();
    // The file ends with a line end: the bad bytes are on the line after the next.
    let line = String::from_utf8_lossy(&bytes).lines().count() + 2;
    bytes.extend_from_slice(b"\n\xff\xfe bad bytes\n");
    std::fs::write(p.article(), bytes).unwrap();
    let name = p.article_name();
    p.build_fails_with(&[
        &format!("{name}:{line}:"),
        "not valid UTF-8",
        "save it as UTF-8",
    ]);
}

#[test]
fn gb18030_without_any_declaration_is_detected() {
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(SHORT);
    assert!(!unmappable && std::str::from_utf8(&gb).is_err());
    let (p, o) = import_raw("gb.txt", &gb, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not valid"), "{}", stderr(&o));
    let text = imported_text(p.path());
    assert!(
        text.contains("国家标准化管理委员会发布新版国家标准"),
        "{text}"
    );
    assert!(
        text.contains("title = \"市场监管总局发布检验检测新规\""),
        "{text}"
    );
}

#[test]
fn a_bom_changes_nothing_in_raw_or_content_files() {
    let (plain, o) = import_raw("a.txt", SHORT.as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(SHORT.as_bytes());
    let (bom, o) = import_raw("a.txt", &with_bom, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&bom.path().join("content")),
        tree(&plain.path().join("content"))
    );

    // A content file saved with a BOM by an editor builds, its title intact.
    let p = Project::sample();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(p.article()).unwrap());
    std::fs::write(p.article(), bytes).unwrap();
    p.build_succeeds();
    let page = p.article_page();
    assert!(
        page.contains("瞄准对华科技竞争</h1>"),
        "the title survived the BOM"
    );
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn crlf_line_ends_change_nothing_and_errors_keep_their_line() {
    let (lf, _) = import_raw("a.txt", SHORT.as_bytes(), &[]);
    let (crlf, o) = import_raw("a.txt", SHORT.replace('\n', "\r\n").as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&crlf.path().join("content")),
        tree(&lf.path().join("content"))
    );

    let p = Project::sample();
    let text = std::fs::read_to_string(p.article()).unwrap();
    std::fs::write(p.article(), text.replace('\n', "\r\n")).unwrap();
    p.build_succeeds();
    // An unknown key on line 3 of a CRLF file is reported on line 3.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, "section_x = 1");
    std::fs::write(p.article(), lines.join("\r\n")).unwrap();
    p.build_fails_with(&[":3:1: front matter: unknown field `section_x`"]);
}

#[test]
fn nul_bytes_are_removed_from_raw_input_and_never_reach_a_page_or_feed() {
    let raw = SHORT.replace("共计 12 项", "共计\0 12 项");
    let (p, o) = import_raw("nul.txt", raw.as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nul.txt:14: warning: NUL bytes removed"),
        "{}",
        stderr(&o)
    );
    assert!(imported_text(p.path()).contains("共计 12 项"));

    // In a content file: the build warns with file and line, and no output holds a NUL
    // or another control character XML forbids (one would make the Atom feed unreadable).
    let p = Project::sample();
    let mut text = std::fs::read_to_string(p.article()).unwrap();
    let line = text.lines().count() + 2;
    text.push_str("\n控制字符\0在此\u{1b}[0m。\n");
    std::fs::write(p.article(), text).unwrap();
    let err = p.build_succeeds();
    let name = p.article_name();
    assert!(
        err.contains(&format!(
            "{name}:{line}:1: warning: a control character (U+0000)"
        )),
        "{err}"
    );
    let site = tree(&p.root.join("public"));
    for (path, bytes) in &site {
        // Search shards are gzipped: what matters is the text inside.
        let bytes = match path.ends_with(".gz") {
            true => gazette::search::index::gunzip(bytes).expect("a shard is gzipped"),
            false => bytes.clone(),
        };
        assert!(
            !bytes
                .iter()
                .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')),
            "{path} holds a control character"
        );
    }
    let page = String::from_utf8_lossy(&site["bulletins/2021-08-05-kjzcyzxkb/2021-nian-mei-guo-chuang-xin-yu-jing-zheng-fa-an-miao-zhun/index.html"]).to_string();
    assert!(
        page.contains("控制字符\u{FFFD}在此\u{FFFD}[0m。"),
        "replaced, not dropped"
    );
    let feed = String::from_utf8(site["atom.xml"].clone()).unwrap();
    feed_rs::parser::parse(feed.as_bytes()).expect("the Atom feed still parses");
}

#[test]
fn empty_files_are_refused_with_the_reason() {
    let (p, o) = import_raw("empty.txt", b"", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("empty.txt: the file is empty"),
        "{}",
        stderr(&o)
    );
    assert!(tree(&p.path().join("content")).is_empty());

    let p = Project::sample();
    let path = p.write("content/bulletins/2021-08-05-kjzcyzxkb/99-kong.md", b"");
    let shown = path.strip_prefix(&p.root).unwrap().display().to_string();
    p.build_fails_with(&[&format!(
        "{shown}:1:1: the file must start with a `+++` line"
    )]);
}

// --- size and shape -----------------------------------------------------------------

#[test]
fn a_100_mb_file_is_imported_in_reasonable_time_without_losing_text() {
    // The five seeds over and over, each copy numbered so that nothing is dropped as a
    // repeat: 100 MB with a table of contents at the top and a very long tail.
    let seeds: Vec<String> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut big = String::with_capacity(101 << 20);
    let mut i = 0;
    while big.len() < 100 << 20 {
        big.push_str(&seeds[i % seeds.len()].replace("。", &format!("（{i}）。")));
        big.push('\n');
        i += 1;
    }
    let started = Instant::now();
    let (p, o) = import_raw("big.txt", big.as_bytes(), &[]);
    let took = started.elapsed();
    println!("100 MB import: {took:.1?}");
    assert!(o.status.success(), "{}", stderr(&o));
    let written: usize = tree(&p.path().join("content")).values().map(Vec::len).sum();
    assert!(written > 50 << 20, "only {written} bytes written of 100 MB");
    let text = imported_text(p.path());
    assert!(
        text.contains(&format!("（{}）。", i - 1)),
        "the last copy is kept"
    );
    // About 16 s in the test profile on a shared 2-core machine; minutes would be a bug.
    assert!(took.as_secs() < 300, "100 MB took {took:?}");
}

#[test]
fn a_200000_character_line_is_kept_whole() {
    let line: String = "中国质量新闻网讯：市场监管总局发布GB/T 19001-2016标准，要求加强质量管理。"
        .chars()
        .cycle()
        .take(200_000)
        .collect();
    // Raw: a file that is one long line has no title: it is named by its opening words,
    // the whole line stays in the text, and the warning quotes a short title.
    let (p, o) = import_raw("oneline.txt", line.as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("oneline.txt:1: warning: this line has 200000 characters"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 2000,
        "a diagnostic quotes the whole line ({} bytes)",
        err.len()
    );
    assert!(imported_text(p.path()).contains(&line));

    // Content: an article with that line builds, and its page has it.
    let p = Project::sample();
    let mut text = std::fs::read_to_string(p.article()).unwrap();
    text.push_str(&format!("\n{line}\n"));
    std::fs::write(p.article(), text).unwrap();
    p.build_succeeds();
    let page = p.article_page();
    assert!(page.contains(&line));
}

/// Markdown nested as deep as a hostile or broken converter could make it.
fn deeply_nested() -> String {
    let mut s = String::new();
    s.push_str(&"> ".repeat(20_000));
    s.push_str("引用\n\n");
    for i in 0..3_000 {
        s.push_str(&"  ".repeat(i));
        s.push_str("- 列表\n");
    }
    s.push('\n');
    s.push_str(&"*".repeat(50_000));
    s.push_str("强调");
    s.push_str(&"*".repeat(50_000));
    s.push_str("\n\n");
    s.push_str(&"[".repeat(30_000));
    s.push_str("链接");
    s.push_str(&"](http://a.org/)".repeat(30_000));
    s.push_str("\n\n");
    s.push_str(&"<div>".repeat(20_000));
    s.push('\n');
    s
}

#[test]
fn deeply_nested_markdown_neither_crashes_nor_hangs() {
    let p = Project::sample();
    let mut text = std::fs::read_to_string(p.article()).unwrap();
    text.push_str(&deeply_nested());
    std::fs::write(p.article(), text).unwrap();
    p.build_succeeds();
    let o = p.run(&["check"]);
    no_panic(&o);

    let (_p, o) = import_raw(
        "nested.txt",
        format!("深层嵌套\n\n{}", deeply_nested()).as_bytes(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

// --- front matter and content ---------------------------------------------------------

/// Replaces the article's front matter line starting with `key` by `line`.
fn set_front(p: &Project, key: &str, line: &str) -> (String, usize) {
    let text = std::fs::read_to_string(p.article()).unwrap();
    let no = text
        .lines()
        .position(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("no `{key}` in the article"));
    let edited: Vec<&str> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == no { line } else { l })
        .collect();
    std::fs::write(p.article(), edited.join("\n") + "\n").unwrap();
    let name = p.article_name();
    (name, no + 1)
}

#[test]
fn a_toml_error_names_file_line_and_column() {
    let p = Project::sample();
    let (name, line) = set_front(&p, "section", "section = \"专题评述");
    let err = p.build_fails_with(&[&format!("{name}:{line}:")]);
    assert!(err.contains("front matter:"), "{err}");
    let o = p.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("{name}:{line}:"))
            || stderr(&o).contains(&format!("{name}:{line}:"))
    );
}

#[test]
fn an_unknown_key_is_named_with_the_keys_allowed() {
    let p = Project::sample();
    let (name, line) = set_front(&p, "section", "colour = \"red\"");
    p.build_fails_with(&[
        &format!("{name}:{line}:1: front matter: unknown field `colour`"),
        "expected one of `title`",
    ]);
}

#[test]
fn a_wrong_type_is_named_with_the_type_wanted() {
    let p = Project::sample();
    let (name, line) = set_front(&p, "authors", "authors = \"张娟\"");
    p.build_fails_with(&[&format!(
        "{name}:{line}:11: front matter: invalid type: string \"张娟\", expected a sequence"
    )]);
}

#[test]
fn a_duplicate_key_names_the_key() {
    let p = Project::sample();
    let text = std::fs::read_to_string(p.article()).unwrap();
    std::fs::write(
        p.article(),
        text.replacen("+++\n", "+++\ntitle = \"又一个\"\n", 1),
    )
    .unwrap();
    let name = p.article_name();
    p.build_fails_with(&[&format!("{name}:3:1: front matter: duplicate key `title`")]);
}

#[test]
fn duplicate_slugs_name_the_second_file_and_the_slug() {
    let p = Project::sample();
    let files: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p.bulletin())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| !f.ends_with("index.md"))
            .collect();
        v.sort();
        v
    };
    for f in &files[..2] {
        let text = std::fs::read_to_string(f).unwrap();
        std::fs::write(f, text.replacen("+++\n", "+++\nslug = \"tong-yi-ge\"\n", 1)).unwrap();
    }
    let second = files[1].file_name().unwrap().to_string_lossy().to_string();
    p.build_fails_with(&[&format!(
        "{second}:1:1: another article of this bulletin already has the slug 'tong-yi-ge'"
    )]);
}

#[test]
fn an_impossible_date_is_refused_where_it_is_written() {
    let p = Project::sample();
    let index = p.bulletin().join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let line = text.lines().position(|l| l.starts_with("date = ")).unwrap() + 1;
    let re = regex::Regex::new(r#"date = "[^"]*""#).unwrap();
    std::fs::write(&index, re.replace(&text, "date = \"2021-02-30\"").as_ref()).unwrap();
    p.build_fails_with(&[&format!("index.md:{line}:8: front matter:"), "2021-02-30"]);
}

#[test]
fn a_template_error_names_the_template_and_keeps_the_site() {
    let p = Project::sample();
    // A syntax error: the build stops before writing anything.
    p.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ article.title | }}{% endblock main %}",
    );
    p.build_fails_with(&["article.html"]);
    // A runtime error (a field that does not exist) half-way through rendering.
    p.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}{{ article.nope | upper }}{% endblock main %}",
    );
    p.build_fails_with(&["article.html", "nope"]);
}

#[test]
fn an_unreadable_file_is_named() {
    let p = Project::sample();
    // chmod 000 stops everyone but root (CI runs as root): a folder where a file should be
    // cannot be read by anyone.
    let path = p.article();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let unreadable_by_mode = std::fs::read(&path).is_err();
    if !unreadable_by_mode {
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
    }
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    p.build_fails_with(&[&format!("{name}:1:1: cannot read:")]);
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    // A raw file that cannot be read: named, nothing written.
    let q = crate::cli::new_project();
    let raw = q.path().join("raw.txt");
    if unreadable_by_mode {
        std::fs::write(&raw, SHORT).unwrap();
        std::fs::set_permissions(&raw, std::os::unix::fs::PermissionsExt::from_mode(0o000))
            .unwrap();
    } else {
        std::os::unix::fs::symlink("nowhere.txt", &raw).unwrap();
    }
    let o = gazette(q.path(), &["import", raw.to_str().unwrap()]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("raw.txt"), "{}", stderr(&o));
    assert!(tree(&q.path().join("content")).is_empty());
}

#[test]
fn a_symlink_loop_in_content_is_named_and_never_followed_forever() {
    let p = Project::sample();
    let bulletins = p.root.join("content/bulletins");
    // A link to itself, and a link back to the folder that holds it.
    std::os::unix::fs::symlink("loop", bulletins.join("loop")).unwrap();
    p.build_fails_with(&["loop", "symbolic link"]);
    std::fs::remove_file(bulletins.join("loop")).unwrap();
    std::os::unix::fs::symlink(".", bulletins.join("back")).unwrap();
    p.build_fails_with(&["back", "symbolic link", "loop"]);
    let o = p.run(&["check"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_file(bulletins.join("back")).unwrap();

    // In a folder of raw files: import does not follow links, so a loop is harmless.
    let raw = p.root.join("raw");
    std::fs::create_dir(&raw).unwrap();
    std::fs::write(raw.join("a.txt"), SHORT).unwrap();
    std::os::unix::fs::symlink("..", raw.join("up")).unwrap();
    std::os::unix::fs::symlink("self.txt", raw.join("self.txt")).unwrap();
    let o = p.run(&["import", "--dry-run", raw.to_str().unwrap()]);
    no_panic(&o);
    assert!(stdout(&o).contains("a.txt"), "{}", stdout(&o));
}

#[test]
fn paths_with_spaces_and_chinese_characters_work_everywhere() {
    let p = Project::sample_in("我的 门户 (试用)");
    let raw = p.write("原始 文件/第 23 期 快报.txt", SHORT);
    let o = p.run(&["import", raw.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("第 23 期 快报.txt"), "{}", stdout(&o));
    let out = p.root.join("公开 站点");
    let o = p.run(&["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("index.html").is_file());
    assert!(stdout(&o).contains("公开 站点"), "{}", stdout(&o));
    // And an error in such a path is named as it is.
    let bad = p.write(
        "content/bulletins/2021-08-05-kjzcyzxkb/98-huai.md",
        "+++\ntitle = 1\n+++\n",
    );
    let o = p.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&bad.strip_prefix(&p.root).unwrap().display().to_string()),
        "{}",
        stderr(&o)
    );
}

// --- a full disk ------------------------------------------------------------------------

/// Runs gazette with writes limited to `kib` KiB per file (`ulimit -f`): past it a write
/// fails with EFBIG, as it would with ENOSPC on a full disk, without root or a tmpfs.
/// SIGXFSZ is ignored so the write returns the error instead of killing the process.
fn gazette_with_file_size_limit(root: &Path, kib: u32, args: &[&str]) -> Output {
    // dash's and bash's `ulimit -f` count 512- and 1024-byte blocks: either way, a few KiB.
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {}; exec \"$@\"", kib * 2))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_gazette"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_stops_the_build_cleanly_and_keeps_the_previous_site() {
    let p = Project::sample();
    // Change a page so the build has something to write, then run out of space.
    let text = std::fs::read_to_string(p.article()).unwrap();
    std::fs::write(p.article(), format!("{text}\n新增一段。\n")).unwrap();
    let o = gazette_with_file_size_limit(&p.root, 4, &["build"]);
    let err = stderr(&o);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the disk is full"), "{err}");
    assert!(err.contains("public was left as it was"), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(tree(&p.root.join("public")) == p.site, "public/ changed");
    no_staging_left(&p.root);
}

#[test]
fn a_full_disk_stops_an_import_cleanly() {
    let q = crate::cli::new_project();
    let raw = q.path().join("raw.txt");
    std::fs::write(&raw, raw_seed("003_2f977091897462c0.txt")).unwrap();
    let o = gazette_with_file_size_limit(q.path(), 4, &["import", raw.to_str().unwrap()]);
    let err = stderr(&o);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the disk is full") && err.contains("nothing was written to"),
        "{err}"
    );
    assert!(
        tree(&q.path().join("content")).is_empty(),
        "a partial bulletin was left"
    );
    no_staging_left(q.path());
}

/// The same through the library, with a real ENOSPC: every write of the build goes to
/// /dev/full, and the error names the file and says the disk is full.
#[test]
fn enospc_from_dev_full_is_explained() {
    let err = std::fs::write("/dev/full", b"x")
        .map_err(anyhow::Error::from)
        .map_err(|e| e.context("cannot write public/index.html"))
        .unwrap_err();
    let explained = format!(
        "{:#}",
        gazette::output::explain_full_disk(err, "public was left as it was")
    );
    assert!(explained.contains("the disk is full"), "{explained}");
    assert!(
        explained.contains("cannot write public/index.html"),
        "{explained}"
    );
    assert!(explained.contains("No space left on device"), "{explained}");
}

// --- nothing lost -------------------------------------------------------------------------

#[test]
fn two_forced_imports_in_one_second_keep_both_previous_versions() {
    let q = crate::cli::new_project();
    let raw = q.path().join("a.txt");
    std::fs::write(&raw, SHORT).unwrap();
    let raw = raw.to_str().unwrap();
    assert!(gazette(q.path(), &["import", "-q", raw]).status.success());
    let article = walkdir::WalkDir::new(q.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.to_string_lossy().contains("/01-"))
        .unwrap();
    let original = std::fs::read_to_string(&article).unwrap();
    for edit in ["第一次编辑", "第二次编辑"] {
        std::fs::write(&article, format!("{original}\n{edit}\n")).unwrap();
        let o = gazette(q.path(), &["import", "--force", raw]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("previous files in"), "{}", stdout(&o));
    }
    let backups: Vec<String> = tree(&q.path().join(".gazette/backup"))
        .into_values()
        .map(|v| String::from_utf8(v).unwrap())
        .collect();
    for edit in ["第一次编辑", "第二次编辑"] {
        assert!(
            backups.iter().any(|b| b.contains(edit)),
            "the edit '{edit}' was lost"
        );
    }
    assert_eq!(std::fs::read_to_string(&article).unwrap(), original);
}
