//! Search over the sample portal (the five seeds): the index against elasticlunr-rs,
//! recall of every 2–4 character substring of every article body, Traditional and
//! Simplified characters finding each other (with seed 003 in Traditional characters,
//! `tests/fixtures/traditional/`), and the search page in Chromium (`#[ignore]`d: it
//! needs node, `npm ci` in tests/browser and Chromium).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gazette::search::index::{self, decode_postings, Doc, GazetteLanguage, FIELDS};
use gazette::search::tokenize;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample portal's search documents, as `gazette build --base-url BASE` makes them.
fn sample_docs(base_url: &str) -> Vec<Doc<'static>> {
    docs_of(&repo(), base_url)
}

/// The search documents of the project at `root`.
fn docs_of(root: &Path, base_url: &str) -> Vec<Doc<'static>> {
    let config = gazette::config::load(root, Some(base_url)).expect("gazette.toml");
    let bulletins = gazette::content::load_all(&root.join("content")).expect("content/ loads");
    let vocab = gazette::enrich::Vocabulary::load(root).expect("topics.toml loads");
    let enriched = gazette::enrich::enrich(&bulletins, &vocab);
    gazette::site::search_docs(&config, &bulletins, &enriched, &vocab)
}

/// The built index, decoded: token → postings (article id, score digit).
struct Built {
    postings: HashMap<String, Vec<(u32, u8)>>,
    shards: usize,
}

fn build_index(docs: &[Doc]) -> Built {
    let files = index::build(docs.to_vec(), 512 * 1024).expect("the index builds");
    let meta: serde_json::Value = serde_json::from_slice(
        &files
            .iter()
            .find(|f| f.path == "search/index.json")
            .expect("search/index.json")
            .bytes,
    )
    .unwrap();
    let shards = meta["shards"].as_u64().unwrap() as usize;
    let mut postings = HashMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/s/")) {
        let n: usize = f.path["search/s/".len()..f.path.len() - ".json.gz".len()]
            .parse()
            .unwrap();
        assert_eq!(f.path, index::shard_path(n));
        let json = index::gunzip(&f.bytes).expect("a shard is gzipped");
        let shard: BTreeMap<String, String> = serde_json::from_slice(&json).unwrap();
        for (token, encoded) in shard {
            assert_eq!(
                index::shard_of(&token, shards),
                n,
                "token «{token}» is in the wrong shard"
            );
            postings.insert(token, decode_postings(&encoded));
        }
    }
    Built { postings, shards }
}

impl Built {
    /// The ids of the articles with every token of `query` (the browser's rule).
    fn search(&self, query: &str) -> Option<HashSet<u32>> {
        let tokens = tokenize(query);
        if tokens.is_empty() {
            return None;
        }
        let mut result: Option<HashSet<u32>> = None;
        for t in &tokens {
            let ids: HashSet<u32> = self
                .postings
                .get(t)
                .map(|p| p.iter().map(|x| x.0).collect())
                .unwrap_or_default();
            result = Some(match result {
                None => ids,
                Some(r) => r.intersection(&ids).copied().collect(),
            });
        }
        result
    }
}

/// Letters and digits that form words (a substring must not cut one: `ndar` is not a
/// word of `standard`, for the index as for a reader).
fn word_kind(c: char) -> u8 {
    let han =
        matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}');
    match c {
        '0'..='9' | '０'..='９' => 2,
        _ if c.is_alphabetic() && !han => 1,
        _ => 0,
    }
}

/// Every substring of 2 to 4 characters of `text` that does not cut a word and has a token.
fn substrings(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    substring_ranges(&chars)
        .into_iter()
        .map(|(start, end)| chars[start..end].iter().collect())
        .collect()
}

/// Where [`substrings`] are: `[start, end)` in characters.
fn substring_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for len in 2..=4 {
        for start in 0..chars.len().saturating_sub(len - 1) {
            let end = start + len;
            let cuts = |a: usize, b: usize| {
                word_kind(chars[a]) != 0 && word_kind(chars[a]) == word_kind(chars[b])
            };
            if (start > 0 && cuts(start - 1, start)) || (end < chars.len() && cuts(end - 1, end)) {
                continue;
            }
            let s: String = chars[start..end].iter().collect();
            if !tokenize(&s).is_empty() {
                out.push((start, end));
            }
        }
    }
    out
}

#[test]
fn every_2_to_4_character_substring_of_an_article_finds_that_article() {
    let docs = sample_docs("http://127.0.0.1/");
    assert!(docs.len() >= 40, "{} documents", docs.len());
    let built = build_index(&docs);
    let (mut tried, mut missed) = (0usize, Vec::new());
    for (id, doc) in docs.iter().enumerate() {
        let mut seen = HashSet::new();
        for s in substrings(&doc.text()) {
            if !seen.insert(s.clone()) {
                continue;
            }
            tried += 1;
            let found = built
                .search(&s)
                .is_some_and(|ids| ids.contains(&(id as u32)));
            if !found {
                missed.push(format!("«{s}» in «{}»", doc.title));
            }
        }
    }
    assert!(tried > 100_000, "only {tried} substrings");
    assert!(
        missed.is_empty(),
        "{} of {tried} substrings do not find their article, e.g. {:?}",
        missed.len(),
        &missed[..missed.len().min(10)]
    );
}

#[test]
fn numbers_acronyms_and_document_numbers_are_found() {
    let docs = sample_docs("http://127.0.0.1/");
    let built = build_index(&docs);
    let title_of = |ids: HashSet<u32>| -> Vec<String> {
        let mut t: Vec<String> = ids
            .iter()
            .map(|&i| docs[i as usize].title.to_string())
            .collect();
        t.sort();
        t
    };
    for (query, title) in [
        ("14017", "美国拜登政府发布关键供应链短期审查结果报告"),
        ("ARPA-C", "拜登政府公布 2022 财年能源部 462 亿美元预算纲要"),
        ("ＣＮＡＳ", "CNAS 召开第四届全体委员会第四次会议"),
        ("462亿", "拜登政府公布 2022 财年能源部 462 亿美元预算纲要"),
        ("MCTI", "巴西 MCTI 建立首个技术 4.0 卓越中心"),
    ] {
        let found = title_of(built.search(query).unwrap_or_default());
        assert!(
            found.iter().any(|t| t == title),
            "«{query}» found {found:?}"
        );
    }
    assert!(built.search("龘靐齉").unwrap_or_default().is_empty());
}

// ---------------------------------------------------------------- Traditional and Simplified

const SEED_003: &str = "seeds/003_2f977091897462c0.txt";
/// Seed 003 converted by `opencc -c s2t.json` (`scripts/traditional-fixture`).
const TRADITIONAL_003: &str = "tests/fixtures/traditional/003_2f977091897462c0.s2t.txt";
/// Where the sample portal has seed 003.
const SAMPLE_003: &str = "/bulletins/2021-08-05-kjzcyzxkb/";

/// Queries a reader types in Traditional characters, with their Simplified forms.
const TRADITIONAL_QUERIES: [(&str, &str); 4] = [
    ("標準化", "标准化"),
    ("產業政策", "产业政策"),
    ("國際合作", "国际合作"),
    ("認證認可", "认证认可"),
];

/// A copy of the sample project with the Traditional fixture imported (`gazette import`)
/// as one more bulletin, and that bulletin's URL path (`/bulletins/<slug>/`).
fn portal_with_traditional() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    crate::util::copy_dir(&repo().join("content"), &dir.path().join("content"));
    std::fs::copy(repo().join("gazette.toml"), dir.path().join("gazette.toml")).unwrap();
    let raw = dir.path().join("traditional.txt");
    std::fs::copy(repo().join(TRADITIONAL_003), &raw).unwrap();
    let bulletins = |root: &Path| -> HashSet<String> {
        std::fs::read_dir(root.join("content/bulletins"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let before = bulletins(dir.path());
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--root")
        .arg(dir.path())
        .args(["import", "-q"])
        .arg(&raw)
        .output()
        .expect("run gazette");
    assert!(
        o.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let new: Vec<String> = bulletins(dir.path()).difference(&before).cloned().collect();
    assert_eq!(new.len(), 1, "the import made {new:?}");
    let path = format!("/bulletins/{}/", new[0]);
    (dir, path)
}

/// Seed 003 as written and as the fixture converts it, character by character.
fn seed_003_in_both_scripts() -> (Vec<char>, Vec<char>) {
    let read = |p: &str| -> Vec<char> {
        std::fs::read_to_string(repo().join(p))
            .unwrap()
            .chars()
            .collect()
    };
    (read(SEED_003), read(TRADITIONAL_003))
}

#[test]
fn traditional_queries_find_what_their_simplified_forms_find() {
    let docs = sample_docs("http://127.0.0.1/");
    let built = build_index(&docs);
    for (traditional, simplified) in TRADITIONAL_QUERIES {
        let want = built.search(simplified).unwrap_or_default();
        assert!(!want.is_empty(), "«{simplified}» finds nothing");
        assert_eq!(
            built.search(traditional).unwrap_or_default(),
            want,
            "«{traditional}»"
        );
    }
    // Seed 001's Hong Kong repost notice, in Traditional characters, from a Simplified
    // query; `於` is left alone (several Simplified forms), so `原文发表于` does not.
    let repost = |query: &str| {
        built
            .search(query)
            .unwrap_or_default()
            .iter()
            .any(|&i| docs[i as usize].text().contains("原文發表於"))
    };
    assert!(repost("原文发表"), "«原文发表» does not find «原文發表於»");
    assert!(!repost("原文发表于"));
}

/// Seed 003 in Simplified (the sample portal) and in Traditional characters (the
/// fixture, imported): every 2–4 character substring of the raw seed, in either script,
/// finds the articles of both portals' bulletins whose text holds it in either script;
/// but those with a character the table leaves alone (`於`, `餘`…), which are counted.
#[test]
fn every_substring_of_seed_003_finds_it_in_either_script() {
    let (dir, traditional_path) = portal_with_traditional();
    let docs = docs_of(dir.path(), "http://127.0.0.1/");
    let built = build_index(&docs);
    let (simplified, traditional) = seed_003_in_both_scripts();
    assert_eq!(
        simplified.len(),
        traditional.len(),
        "the fixture must be the seed converted character for character"
    );
    // Which articles of the two bulletins hold each string of 2–4 characters (that does
    // not cut a word, as for a reader).
    let mut holders: HashMap<String, HashSet<u32>> = HashMap::new();
    let mut articles = [0, 0];
    for (id, doc) in docs.iter().enumerate() {
        let which = [SAMPLE_003, &traditional_path]
            .iter()
            .position(|p| doc.url.contains(p));
        let Some(which) = which else { continue };
        articles[which] += 1;
        for s in substrings(&doc.text()) {
            holders.entry(s).or_default().insert(id as u32);
        }
    }
    assert!(
        articles[0] > 10 && articles[1] > 0,
        "articles: {articles:?}"
    );
    let (mut tried, mut converted, mut left_alone, mut missed) = (0, 0, Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (start, end) in substring_ranges(&simplified) {
        let s: String = simplified[start..end].iter().collect();
        let t: String = traditional[start..end].iter().collect();
        let expected: HashSet<u32> = [&s, &t]
            .iter()
            .flat_map(|x| holders.get(*x).into_iter().flatten().copied())
            .collect();
        if expected.is_empty() || !seen.insert(s.clone()) {
            continue;
        }
        tried += 1;
        converted += usize::from(s != t);
        if tokenize(&s) != tokenize(&t) {
            left_alone.push(t);
            continue;
        }
        for query in [&s, &t] {
            let found = built.search(query).unwrap_or_default();
            if !expected.is_subset(&found) {
                missed.push(format!("«{query}» ({s} / {t})"));
            }
        }
    }
    assert!(
        tried > 20_000 && converted > 10_000,
        "{tried} substrings, {converted} converted"
    );
    assert!(
        missed.is_empty(),
        "{} queries miss an article, e.g. {:?}",
        missed.len(),
        &missed[..missed.len().min(10)]
    );
    // What the characters left alone cost: under 2% of the substrings.
    assert!(
        left_alone.len() * 50 < tried,
        "{} of {tried} substrings hold a character left alone, e.g. {:?}",
        left_alone.len(),
        &left_alone[..left_alone.len().min(10)]
    );
    eprintln!(
        "seed 003: {tried} substrings ({converted} differ in Traditional) find both bulletins; \
         {} hold a character left alone",
        left_alone.len()
    );
}

#[test]
fn filters_are_tokens_of_the_index() {
    let docs = sample_docs("http://127.0.0.1/");
    let built = build_index(&docs);
    let in_2024: HashSet<u32> = built.postings["y:2024"].iter().map(|p| p.0).collect();
    let expected: HashSet<u32> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.url.starts_with("/bulletins/2024-"))
        .map(|(i, _)| i as u32)
        .collect();
    assert_eq!(in_2024, expected);
    for (i, d) in docs.iter().enumerate() {
        for f in &d.filters {
            assert!(
                built.postings[f].iter().any(|p| p.0 == i as u32),
                "{f} misses «{}»",
                d.title
            );
        }
    }
}

/// (field, token) → article → term frequency.
type Terms = HashMap<(usize, String), HashMap<u32, f64>>;

/// elasticlunr-rs's index of `docs`: its terms, and each article's field lengths.
fn elasticlunr_index(docs: &[Doc]) -> (Terms, Vec<[u32; 4]>) {
    let mut el = elasticlunr::IndexBuilder::with_language(Box::new(GazetteLanguage))
        .add_fields(FIELDS.iter().map(|(name, _)| *name))
        .save_docs(false)
        .build();
    for (id, d) in docs.iter().enumerate() {
        el.add_doc(
            &id.to_string(),
            [
                d.title.to_string(),
                d.topics.join("\n"),
                d.column.to_string(),
                d.text(),
            ],
        );
    }
    let json: serde_json::Value = serde_json::from_str(&el.to_json()).unwrap();
    let mut terms = HashMap::new();
    fn walk(node: &serde_json::Value, prefix: &str, f: usize, out: &mut Terms) {
        for (key, value) in node.as_object().unwrap() {
            match key.as_str() {
                "docs" => {
                    let docs = value.as_object().unwrap();
                    if !docs.is_empty() {
                        let entry: &mut HashMap<u32, f64> =
                            out.entry((f, prefix.to_string())).or_default();
                        for (r, tf) in docs {
                            entry.insert(r.parse().unwrap(), tf["tf"].as_f64().unwrap());
                        }
                    }
                }
                "df" => {}
                c => walk(value, &format!("{prefix}{c}"), f, out),
            }
        }
    }
    for (f, (name, _)) in FIELDS.iter().enumerate() {
        walk(&json["index"][name]["root"], "", f, &mut terms);
    }
    let info = &json["documentStore"]["docInfo"];
    let lengths = (0..docs.len())
        .map(|id| {
            let i = &info[id.to_string()];
            FIELDS.map(|(name, _)| i[name].as_u64().unwrap_or(0) as u32)
        })
        .collect();
    (terms, lengths)
}

#[test]
fn the_index_holds_what_elasticlunr_rs_computes_for_the_same_tokenizer() {
    let docs = sample_docs("http://127.0.0.1/");
    let built = build_index(&docs);
    let (terms, lengths) = elasticlunr_index(&docs);
    let n = docs.len();

    // Every (token, article) elasticlunr has, with the score its numbers give.
    let mut expected: HashMap<String, BTreeMap<u32, [u16; 4]>> = HashMap::new();
    let mut df: HashMap<String, [u32; 4]> = HashMap::new();
    for ((f, token), postings) in &terms {
        df.entry(token.clone()).or_default()[*f] = postings.len() as u32;
        for (&id, &tf) in postings {
            expected
                .entry(token.clone())
                .or_default()
                .entry(id)
                .or_default()[*f] = (tf * tf).round() as u16;
        }
    }
    let ours: HashSet<&String> = built.postings.keys().filter(|t| !t.contains(':')).collect();
    let theirs: HashSet<&String> = expected.keys().collect();
    assert_eq!(ours.len(), theirs.len(), "token counts differ");
    assert_eq!(ours, theirs, "token sets differ");
    let mut checked = 0;
    for (token, by_doc) in &expected {
        let got = &built.postings[token];
        let ids: Vec<u32> = got.iter().map(|p| p.0).collect();
        let want: Vec<u32> = by_doc.keys().copied().collect();
        assert_eq!(ids, want, "articles of «{token}»");
        for (&(id, digit), counts) in got.iter().zip(by_doc.values()) {
            let score = index::score(*counts, lengths[id as usize], df[token], n);
            assert_eq!(
                digit,
                index::quantize(score) * 2 + u8::from(counts[0] > 0),
                "«{token}» in article {id}"
            );
            checked += 1;
        }
    }
    assert!(checked > 40_000, "{checked} postings checked");
    assert!(built.shards > 1);
}

// ---------------------------------------------------------------- in Chromium

/// A deterministic sample of `k` items.
fn sample<T: Clone>(items: &[T], k: usize, mut seed: u64) -> Vec<T> {
    let mut out = Vec::new();
    for _ in 0..k.min(items.len()) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.push(items[(seed % items.len() as u64) as usize].clone());
    }
    out
}

fn build_portal(base_url: &str, out: &Path) {
    build_portal_at(&repo(), base_url, out)
}

fn build_portal_at(root: &Path, base_url: &str, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--root")
        .arg(root)
        .args(["build", "--base-url", base_url, "--output"])
        .arg(out)
        .output()
        .expect("run gazette");
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
#[ignore = "needs Node.js, `npm ci` in tests/browser and Debian's chromium"]
fn the_search_page_finds_what_a_reader_expects_in_chromium_under_a_sub_path() {
    super::browser::require_browser_tools();
    let base = "http://127.0.0.1/portal/";
    let docs = sample_docs(base);
    let url_of = |title: &str| -> String {
        docs.iter()
            .find(|d| d.title == title)
            .unwrap_or_else(|| panic!("no article «{title}»"))
            .url
            .to_string()
    };
    let top: Vec<serde_json::Value> = [
        ("CNAS", "CNAS 召开第四届全体委员会第四次会议"),
        ("半导体", "日本发布半导体和数字产业发展战略"),
        ("IBM", "英国政府与 IBM 将合作开展先进数字技术研究"),
        ("462亿", "拜登政府公布 2022 财年能源部 462 亿美元预算纲要"),
        (
            "蓝色起源",
            "员工指控蓝色起源飞行器存在安全问题，美国 FAA 介入调查",
        ),
        ("刘卫军", "刘卫军：“一次认证、市场通行”，畅通市场循环"),
        ("14017", "美国拜登政府发布关键供应链短期审查结果报告"),
        (
            "换电",
            "促进创新应用 工信部、能源局联合组织开展新能源汽车换电模式应用试点",
        ),
        ("冬奥", "张工调研北京冬奥会食品供应和特种设备安全保障工作"),
        ("世界标准日", "2021年世界标准日主题活动在京举行"),
        ("MCTI", "巴西 MCTI 建立首个技术 4.0 卓越中心"),
        ("直播电商", "直播电商首个选品评价技术规范发布"),
        (
            "技术性贸易措施",
            "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究",
        ),
        (
            "质量基础设施",
            "市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用的意见",
        ),
    ]
    .iter()
    .map(|(q, title)| serde_json::json!({ "q": q, "expect": url_of(title) }))
    .collect();

    let mut candidates = Vec::new();
    for d in &docs {
        for s in substrings(&d.text()) {
            candidates.push((s, d.url.clone()));
        }
    }
    let recall: Vec<serde_json::Value> = sample(&candidates, 120, 0x9e37_79b9_7f4a_7c15)
        .into_iter()
        .map(|(q, expect)| serde_json::json!({ "q": q, "expect": expect }))
        .collect();

    let column = docs
        .iter()
        .find_map(|d| d.filters.iter().find(|f| f.starts_with("c:")).cloned())
        .expect("an article with a column");
    let in_column: Vec<&str> = docs
        .iter()
        .filter(|d| d.filters.contains(&column))
        .map(|d| &*d.url)
        .collect();
    let filter = serde_json::json!([
        { "q": "市场监管", "params": { "year": "2024" },
          "only": docs.iter().filter(|d| d.filters.iter().any(|f| f == "y:2024")).map(|d| &d.url).collect::<Vec<_>>(),
          "min": 1 },
        { "q": "", "params": { "column": &column[2..] }, "only": in_column, "min": in_column.len() },
    ]);
    // Typed in Traditional characters: what the Simplified form finds, its words marked
    // as the (Simplified) text writes them.
    let same: Vec<serde_json::Value> = TRADITIONAL_QUERIES
        .iter()
        .map(|(t, s)| serde_json::json!({ "q": t, "as": s }))
        .collect();
    let marks = serde_json::json!([{
        "q": "標準化",
        "expect": url_of("《2021 年全国标准化工作要点》印发"),
        "marks": ["标准化"],
    }]);
    let checks = serde_json::json!({
        "top": top,
        "recall": recall,
        "filter": filter,
        "absent": ["龘靐齉", "zzqxjv"],
        "same": same,
        "marks": marks,
    });

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_portal(base, &site);
    run_search_page(&site, &checks);
}

/// Runs `tests/browser/search.mjs` on the site at `site` (served under `/portal/`).
fn run_search_page(site: &Path, checks: &serde_json::Value) {
    let mut child = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(site)
        .arg("/portal/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(checks.to_string().as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    println!("{report}");
    assert!(
        o.status.success(),
        "the search page failed in Chromium:\n{report}"
    );
}

/// The sample portal with seed 003 in Traditional characters besides it: Simplified
/// substrings of the seed find the Traditional article, Traditional ones the Simplified
/// articles, and a Simplified query marks the Traditional text as it is written.
#[test]
#[ignore = "needs Node.js, `npm ci` in tests/browser and Debian's chromium"]
fn the_search_page_finds_and_marks_either_script_in_chromium() {
    super::browser::require_browser_tools();
    let base = "http://127.0.0.1/portal/";
    let (dir, traditional_path) = portal_with_traditional();
    let docs = docs_of(dir.path(), base);
    let (simplified, traditional) = seed_003_in_both_scripts();
    let in_bulletin =
        |path: &str| -> Vec<&Doc> { docs.iter().filter(|d| d.url.contains(path)).collect() };
    let (simplified_docs, traditional_docs) =
        (in_bulletin(SAMPLE_003), in_bulletin(&traditional_path));
    // (query, an article of the other script that holds it)
    let holding = |docs: &[&Doc]| -> HashMap<String, String> {
        let mut at = HashMap::new();
        for d in docs {
            for s in substrings(&d.text()) {
                at.entry(s).or_insert_with(|| d.url.to_string());
            }
        }
        at
    };
    let (in_simplified, in_traditional) = (holding(&simplified_docs), holding(&traditional_docs));
    let mut pairs = Vec::new();
    for (start, end) in substring_ranges(&simplified) {
        let s: String = simplified[start..end].iter().collect();
        let t: String = traditional[start..end].iter().collect();
        if s == t || tokenize(&s) != tokenize(&t) {
            continue; // the same in both scripts, or a character left alone
        }
        if let Some(url) = in_traditional.get(&t) {
            pairs.push((s.clone(), url.clone()));
        }
        if let Some(url) = in_simplified.get(&s) {
            pairs.push((t, url.clone()));
        }
    }
    assert!(pairs.len() > 1000, "{} pairs", pairs.len());
    let recall: Vec<serde_json::Value> = sample(&pairs, 80, 0x2545_f491_4f6c_dd1d)
        .into_iter()
        .map(|(q, expect)| serde_json::json!({ "q": q, "expect": expect }))
        .collect();
    // A Simplified query shows a Traditional article with the words as it writes them
    // (the snippet is cut from the article's page).
    let marks: Vec<serde_json::Value> = [
        ("国际合作", "國際合作"),
        ("半导体", "半導體"),
        ("供应链", "供應鏈"),
    ]
    .iter()
    .map(|(s, t)| {
        // The article that says it most, so it ranks among the first results.
        let holder = traditional_docs
            .iter()
            .filter(|d| d.text().contains(t))
            .max_by_key(|d| d.text().matches(t).count())
            .unwrap_or_else(|| panic!("no Traditional article holds «{t}» in its text"));
        serde_json::json!({ "q": s, "expect": holder.url, "marks": [t] })
    })
    .collect();
    let url_of = |title: &str| {
        docs.iter()
            .find(|d| d.title == title)
            .unwrap()
            .url
            .to_string()
    };
    let checks = serde_json::json!({
        "top": [
            { "q": "CNAS", "expect": url_of("CNAS 召开第四届全体委员会第四次会议") },
            { "q": "刘卫军", "expect": url_of("刘卫军：“一次认证、市场通行”，畅通市场循环") },
        ],
        "recall": recall,
        "filter": [],
        "absent": ["龘靐齉"],
        "same": TRADITIONAL_QUERIES
            .iter()
            .map(|(t, s)| serde_json::json!({ "q": t, "as": s }))
            .collect::<Vec<_>>(),
        "marks": marks,
    });
    let site = dir.path().join("site");
    build_portal_at(dir.path(), base, &site);
    run_search_page(&site, &checks);
}

// ---------------------------------------------------------------- incremental builds

/// An incremental build's files against a build from nothing, file by file.
fn assert_same_as_fresh(step: &str, got: &[index::IndexFile], docs: &[Doc]) {
    let want = index::build(docs.to_vec(), 512 * 1024).expect("the fresh index builds");
    assert_eq!(
        got.iter().map(|f| &f.path).collect::<Vec<_>>(),
        want.iter().map(|f| &f.path).collect::<Vec<_>>(),
        "{step}: the files differ"
    );
    for (g, w) in got.iter().zip(&want) {
        assert!(
            g.bytes == w.bytes,
            "{step}: {} differs from a fresh build's",
            w.path
        );
    }
}

fn shard_count_of(files: &[index::IndexFile]) -> u64 {
    let meta = files
        .iter()
        .find(|f| f.path == "search/index.json")
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&meta.bytes).unwrap()["shards"]
        .as_u64()
        .unwrap()
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A piece of a real article's body, up to `max` characters.
    fn excerpt(&mut self, pool: &[Doc], max: usize) -> String {
        let body = &pool[self.below(pool.len())].body;
        let chars: Vec<char> = body.chars().collect();
        let start = self.below(chars.len());
        let len = self.below(max) + 1;
        chars[start..(start + len).min(chars.len())]
            .iter()
            .collect()
    }
}

/// A new article made of pieces of the sample portal's ones.
fn new_doc(rng: &mut Rng, pool: &[Doc<'static>], k: usize) -> Doc<'static> {
    let model = &pool[rng.below(pool.len())];
    Doc {
        title: format!("{}（{k}）", rng.excerpt(pool, 20).trim()).into(),
        url: format!("/bulletins/new/{k}/").into(),
        body: format!("{}\n\n{}", rng.excerpt(pool, 3000), rng.excerpt(pool, 400)).into(),
        ..model.clone()
    }
}

#[test]
fn an_incremental_index_is_a_fresh_one_after_each_kind_of_edit() {
    let pool = sample_docs("http://127.0.0.1/");
    let mut rng = Rng(7);
    let mut docs = pool.clone();
    let mut state = index::Incremental::default();
    let mut build = |step: &str, docs: &[Doc]| {
        let files = state.build(docs.to_vec(), 512 * 1024).unwrap();
        assert_same_as_fresh(step, &files, docs);
        (state.stats(), shard_count_of(&files))
    };
    let (stats, _) = build("first build", &docs);
    assert!(stats.full);
    let n = docs.len();

    let (stats, _) = build("nothing changed", &docs);
    assert_eq!((stats.full, stats.tokenised, stats.records), (false, 0, 0));

    docs[n / 2]
        .body
        .to_mut()
        .push_str("\n\n补充一句：半导体标准化工作取得新进展。\n");
    let (stats, _) = build("a sentence added to one body", &docs);
    assert_eq!(
        (stats.full, stats.tokenised, stats.retracted),
        (false, 1, 1)
    );

    docs[3].title = "关于加强知识产权保护的若干意见".into();
    build("one title changed", &docs);

    docs.push(new_doc(&mut rng, &pool, 0));
    let (stats, _) = build("a new newest article", &docs);
    assert_eq!(
        (stats.full, stats.tokenised, stats.retracted),
        (false, 1, 0)
    );

    docs.pop();
    let (stats, _) = build("the newest article removed", &docs);
    assert_eq!(
        (stats.full, stats.tokenised, stats.retracted),
        (false, 0, 1)
    );

    docs.remove(n - 3);
    let (stats, _) = build("an article removed near the end", &docs);
    assert_eq!((stats.full, stats.tokenised), (false, 2));

    docs[5].topics = vec!["半导体".into(), "供应链".into()];
    docs[5].filters.push("t:test-topic".into());
    docs[6].filters.clear();
    build("topics and filters changed", &docs);

    docs[8].body.to_mut().clear();
    docs[9].body = docs[10].body.clone();
    build("one body emptied, one replaced by another's", &docs);

    // Enough new tokens to take the shard count up: placed again, not rebuilt.
    let before = shard_count_of(&index::build(docs.clone(), 512 * 1024).unwrap());
    let cjk: Vec<char> = pool
        .iter()
        .flat_map(|d| d.body.chars())
        .filter(|c| *c >= '\u{4e00}' && *c <= '\u{9fff}')
        .collect();
    let mut shuffled = new_doc(&mut rng, &pool, 1);
    shuffled.body = (0..200_000)
        .map(|_| cjk[rng.below(cjk.len())])
        .collect::<String>()
        .into();
    docs.push(shuffled);
    let (stats, after) = build("an article of new words", &docs);
    assert!(
        !stats.full && after > before,
        "{stats:?}: {before} → {after} shards"
    );
    docs.pop();
    let (stats, after) = build("the article of new words removed", &docs);
    assert!(
        !stats.full && after == before,
        "{stats:?}: {before} → {after} shards"
    );

    docs.remove(0);
    let (stats, _) = build("the oldest article removed: every id shifts", &docs);
    assert!(stats.full);

    docs.truncate(0);
    build("no article", &docs);
    build("all of them back", &pool);
}

#[test]
fn an_incremental_index_is_a_fresh_one_after_every_random_edit() {
    let pool = sample_docs("http://127.0.0.1/");
    let mut rng = Rng(0x5eed);
    let mut docs = pool.clone();
    let mut state = index::Incremental::default();
    state.build(docs.clone(), 512 * 1024).unwrap();
    let mut incremental = 0;
    for step in 0..120 {
        let mut did = Vec::new();
        for _ in 0..=rng.below(2) {
            let n = docs.len();
            let i = rng.below(n);
            match rng.below(10) {
                0 if n > 0 => {
                    let extra = rng.excerpt(&pool, 200);
                    docs[i].body.to_mut().push_str(&extra);
                    did.push(format!("body {i} extended"));
                }
                1 if n > 0 => {
                    docs[i].title = rng.excerpt(&pool, 30).into();
                    did.push(format!("title {i}"));
                }
                2 => {
                    docs.push(new_doc(&mut rng, &pool, step));
                    did.push("newest added".into());
                }
                3 => {
                    docs.pop();
                    did.push("newest removed".into());
                }
                4 if n > 0 => {
                    docs.remove(i);
                    did.push(format!("{i} removed"));
                }
                5 => {
                    docs.insert(i, new_doc(&mut rng, &pool, 1000 + step));
                    did.push(format!("inserted at {i}"));
                }
                6 if n > 0 => {
                    let other = pool[rng.below(pool.len())].clone();
                    (docs[i].topics, docs[i].filters) = (other.topics, other.filters);
                    did.push(format!("topics and filters of {i}"));
                }
                7 if n > 1 => {
                    docs.swap(i, rng.below(n));
                    did.push(format!("{i} swapped"));
                }
                8 if n > 0 => {
                    docs[i].body = pool[rng.below(pool.len())].body.clone();
                    did.push(format!("body {i} replaced"));
                }
                _ => did.push("nothing".into()),
            }
        }
        let files = state.build(docs.clone(), 512 * 1024).unwrap();
        assert_same_as_fresh(&format!("step {step} ({})", did.join(", ")), &files, &docs);
        incremental += usize::from(!state.stats().full);
    }
    assert!(
        incremental > 80,
        "only {incremental} of 120 builds were incremental"
    );
}

#[test]
fn an_unchanged_rebuild_reads_no_article_and_an_edit_reads_one() {
    let mut docs = sample_docs("http://127.0.0.1/");
    let mut state = index::Incremental::default();
    let first = state.build(docs.clone(), 512 * 1024).unwrap();
    let all = state.stats();
    assert_eq!(
        (all.full, all.tokenised, all.records),
        (
            true,
            docs.len(),
            docs.len().div_ceil(index::RECORDS_PER_FILE)
        )
    );

    let again = state.build(docs.clone(), 512 * 1024).unwrap();
    let s = state.stats();
    assert_eq!(again, first);
    assert_eq!(
        (
            s.full,
            s.tokenised,
            s.retracted,
            s.encoded,
            s.shards,
            s.records
        ),
        (false, 0, 0, 0, 0, 0)
    );

    docs[10]
        .body
        .to_mut()
        .push_str("\n\n新增一句关于标准化的话。\n");
    let edited = state.build(docs.clone(), 512 * 1024).unwrap();
    let s = state.stats();
    assert_eq!(
        (s.full, s.tokenised, s.retracted, s.records),
        (false, 1, 1, 1)
    );
    // Only the tokens of that article are scored again, and only their shards written.
    assert!(
        s.encoded > 0 && s.encoded * 4 < all.encoded,
        "{s:?} of {all:?}"
    );
    assert!(s.shards > 0 && s.shards < all.shards, "{s:?} of {all:?}");
    // Its record file is made again, with the same bytes: a record holds no text.
    let changed = first.iter().zip(&edited).filter(|(a, b)| a != b).count();
    assert_eq!(changed, s.shards + 1, "the shards and index.json");
}

#[test]
fn an_incremental_build_over_the_budget_fails_as_a_fresh_one_and_recovers() {
    let mut docs = sample_docs("http://127.0.0.1/");
    let mut state = index::Incremental::default();
    state.build(docs.clone(), 512 * 1024).unwrap();
    docs[2].body.to_mut().push_str(&"标准".repeat(20_000));
    // The budget holds the shards and records; the folding table is the binary's own file.
    let largest = index::build(docs.clone(), 512 * 1024)
        .unwrap()
        .iter()
        .filter(|f| f.path != "search/fold.txt")
        .map(|f| f.bytes.len())
        .max()
        .unwrap();
    let error = |files: anyhow::Result<Vec<index::IndexFile>>| {
        files.map(|f| f.len()).unwrap_err().to_string()
    };
    let fresh = error(index::build(docs.clone(), largest - 1));
    let got = error(state.build(docs.clone(), largest - 1));
    assert_eq!(got, fresh);
    assert!(got.contains("max_file_kb"), "{got}");
    assert!(!state.stats().full);
    let files = state.build(docs.clone(), 512 * 1024).unwrap();
    assert_eq!((state.stats().full, state.stats().tokenised), (false, 0));
    assert_same_as_fresh("after the failed build", &files, &docs);
}
