//! Search over the sample portal (the five seeds): the index against elasticlunr-rs,
//! recall of every 2–4 character substring of every article body, and the search page
//! in Chromium (`#[ignore]`d: it needs node, `npm ci` in tests/browser and Chromium).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gazette::search::index::{self, decode_postings, Doc, GazetteLanguage, FIELDS};
use gazette::search::tokenize;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample portal's search documents, as `gazette build --base-url BASE` makes them.
fn sample_docs(base_url: &str) -> Vec<Doc> {
    let root = repo();
    let config = gazette::config::load(&root, Some(base_url)).expect("gazette.toml");
    let bulletins = gazette::content::load_all(&root.join("content")).expect("content/ loads");
    let vocab = gazette::enrich::Vocabulary::load(&root).expect("topics.toml loads");
    let enriched = gazette::enrich::enrich(&bulletins, &vocab);
    gazette::site::search_docs(&config, &bulletins, &enriched, &vocab)
}

/// The built index, decoded: token → postings (article id, score digit).
struct Built {
    postings: HashMap<String, Vec<(u32, u8)>>,
    shards: usize,
}

fn build_index(docs: &[Doc]) -> Built {
    let files = index::build(docs, 512 * 1024).expect("the index builds");
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
        let n: usize = f.path["search/s/".len()..f.path.len() - ".json".len()]
            .parse()
            .unwrap();
        let shard: BTreeMap<String, String> = serde_json::from_slice(&f.bytes).unwrap();
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
                out.push(s);
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
        for s in substrings(&doc.text) {
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
            .map(|&i| docs[i as usize].title.clone())
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
                d.title.clone(),
                d.topics.join("\n"),
                d.column.clone(),
                d.text.clone(),
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
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--root")
        .arg(repo())
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
            .clone()
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
        for s in substrings(&d.text) {
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
    let in_column: Vec<&String> = docs
        .iter()
        .filter(|d| d.filters.contains(&column))
        .map(|d| &d.url)
        .collect();
    let filter = serde_json::json!([
        { "q": "市场监管", "params": { "year": "2024" },
          "only": docs.iter().filter(|d| d.filters.iter().any(|f| f == "y:2024")).map(|d| &d.url).collect::<Vec<_>>(),
          "min": 1 },
        { "q": "", "params": { "column": &column[2..] }, "only": in_column, "min": in_column.len() },
    ]);
    let checks = serde_json::json!({
        "top": top,
        "recall": recall,
        "filter": filter,
        "absent": ["龘靐齉", "zzqxjv"],
    });

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_portal(base, &site);
    let mut child = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(&site)
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
