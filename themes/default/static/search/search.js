// The search page: queries the sharded index that `gazette build` writes under search/
// (src/search/index.rs documents the files), with the same tokenizer as the build.
//
// Nothing of the index is fetched before the reader types (or opens a ?q= link). A query
// fetches index.json once, then one shard per token (cached, gzipped: inflated here),
// then the record files of the results it shows and, for their snippets, the results'
// own article pages (the index keeps no copy of the text). Every article must contain
// every query token; title matches come first, then elasticlunr's score, then the newer
// article. Text from the index and the pages is put in the page with textContent only,
// never as HTML.
//
// The index's tokens are folded from Traditional to Simplified with search/fold.txt, which
// is fetched only when needed (src/search/index.rs says when), and from then on folds
// queries and highlights: marks are put on the text as it is written.

import { parseFold, tokenize } from "./tokenize.js";

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 180;
const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 140;
const HAN = /\p{Script=Han}/u; // only a query with a Han character can need folding
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

/** 32-bit FNV-1a over UTF-16 code units: the shard of a token (as in the build). */
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A postings string → { ids, digits }: article ids (ascending) and score digits. */
export function decodePostings(encoded) {
  const ids = [];
  const digits = [];
  let prev = 0;
  let delta = 0;
  let shift = 0;
  let inId = true;
  for (let i = 0; i < encoded.length; i++) {
    const v = VALUE[encoded.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error("corrupt search shard");
    if (inId) {
      delta += (v & 31) * 2 ** shift;
      shift += 5;
      if (v < 32) {
        prev += delta;
        delta = 0;
        shift = 0;
        inId = false;
      }
    } else {
      ids.push(prev);
      digits.push(v);
      inId = true;
    }
  }
  return { ids, digits };
}

/** The score a digit stands for (the inverse of the build's quantisation). */
function weight(digit) {
  const q = digit >> 1;
  return q === 0 ? 0 : 2 ** (q / 2.4 - 8);
}

/** The index under `base` (the URL of search/index.json without its file name). */
export class SearchIndex {
  constructor(indexUrl, fetchJson = defaultFetchJson, fetchText = defaultFetchText, fetchShard = defaultFetchShard) {
    this.indexUrl = indexUrl;
    this.base = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
    this.fetchJson = fetchJson;
    this.fetchText = fetchText;
    this.fetchShard = fetchShard;
    this.meta = null;
    this.shards = new Map();
    this.records = new Map();
    this.texts = new Map();
    this.foldTable = null; // the promise of the folding table, once asked for
    this.fold = null; // the folding table, once loaded (a Map for tokenize)
  }

  cached(map, key, load) {
    let p = map.get(key);
    if (!p) {
      p = load();
      map.set(key, p);
      p.catch(() => map.delete(key)); // a failed download is tried again next time
    }
    return p;
  }

  loadMeta() {
    if (!this.meta) {
      this.meta = this.fetchJson(this.indexUrl, true);
      this.meta.catch(() => (this.meta = null));
    }
    return this.meta;
  }

  async postings(token) {
    const meta = await this.loadMeta();
    const n = fnv1a(token) & (meta.shards - 1);
    const shard = await this.cached(this.shards, n, () =>
      this.fetchShard(`${this.base}s/${n}.json.gz?v=${meta.version}`),
    );
    return Object.hasOwn(shard, token) ? decodePostings(shard[token]) : null;
  }

  /** The folding table (search/fold.txt), fetched the first time it is asked for. */
  loadFold() {
    if (!this.foldTable) {
      this.foldTable = this.loadMeta()
        .then((meta) => this.fetchText(`${this.base}fold.txt?v=${meta.version}`))
        .then((table) => (this.fold = parseFold(table)));
      this.foldTable.catch(() => (this.foldTable = null));
    }
    return this.foldTable;
  }

  /** The record of article `id`: from the record file that holds it (cached). */
  async record(id) {
    const meta = await this.loadMeta();
    const per = meta.records_per_file;
    const n = Math.floor(id / per);
    const file = await this.cached(this.records, n, () => this.fetchJson(`${this.base}r/${n}.json?v=${meta.version}`));
    const record = file[id % per];
    if (!record) throw new Error(`search/r/${n}.json has no record ${id}`);
    return record;
  }

  /** The text of the article page at `url`, for its snippet (cached; "" when the page has none). */
  pageText(url) {
    return this.cached(this.texts, url, () => this.fetchText(url).then(articleText));
  }

  /**
   * The ids of the articles that contain every token of `query` and every filter token
   * (`t:slug`, `c:slug`, `y:2021`), best first.
   */
  async search(query, filters = []) {
    let tokens = [...new Set(tokenize(query, this.fold))];
    if (tokens.length + filters.length === 0) return [];
    const lookUp = () => Promise.all([...tokens, ...filters].map((t) => this.postings(t)));
    let lists = await lookUp();
    if (!this.fold && HAN.test(query) && lists.slice(0, tokens.length).some((l) => l === null)) {
      await this.loadFold();
      const folded = [...new Set(tokenize(query, this.fold))];
      if (folded.join(" ") !== tokens.join(" ")) {
        tokens = folded;
        lists = await lookUp();
      }
    }
    if (lists.some((l) => l === null)) return [];
    // Intersect, starting from the shortest list; score with the query tokens' digits.
    const order = lists.map((_, i) => i).sort((a, b) => lists[a].ids.length - lists[b].ids.length);
    let ids = lists[order[0]].ids;
    let score = new Float64Array(ids.length);
    let titles = new Uint16Array(ids.length);
    for (const i of order) {
      const list = lists[i];
      const isToken = i < tokens.length;
      const nextIds = [];
      const nextScore = [];
      const nextTitles = [];
      let k = 0;
      for (let j = 0; j < ids.length; j++) {
        while (k < list.ids.length && list.ids[k] < ids[j]) k++;
        if (k < list.ids.length && list.ids[k] === ids[j]) {
          const d = list.digits[k];
          nextIds.push(ids[j]);
          nextScore.push(score[j] + (isToken ? weight(d) : 0));
          nextTitles.push(titles[j] + (isToken ? d & 1 : 0));
        }
      }
      ids = nextIds;
      score = nextScore;
      titles = nextTitles;
    }
    const ranked = ids.map((id, j) => ({
      id,
      title: tokens.length > 0 && titles[j] === tokens.length,
      score: score[j],
    }));
    ranked.sort((a, b) => b.title - a.title || b.score - a.score || b.id - a.id);
    return ranked.map((r) => r.id);
  }
}

async function defaultFetchJson(url, revalidate = false) {
  const response = await fetch(url, revalidate ? { cache: "no-cache" } : {});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

async function defaultFetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * A shard: a gzipped JSON file, inflated here. A host that serves it with
 * `Content-Encoding: gzip` has the browser inflate it already: the bytes then start
 * with `{` rather than gzip's magic number, and are parsed as they are.
 */
async function defaultFetchShard(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return JSON.parse(await inflated(new Uint8Array(await response.arrayBuffer())));
}

/** The text of `bytes`, gunzipped first when they are gzip's. */
export async function inflated(bytes) {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  if (typeof DecompressionStream === "undefined") throw new Error("this browser cannot inflate the search index");
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

/** Elements whose text is a block of its own: a space goes between them in a snippet. */
const BLOCKS = new Set(["P", "LI", "TD", "TH", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "FIGCAPTION", "DT", "DD", "DIV", "SECTION"]);

/**
 * The reading text of an article page's HTML: the text of its body (`.body` in the
 * default theme's article.html), blocks separated by a space. A page without one (a
 * theme of its own) gives its description, or nothing.
 */
export function articleText(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.querySelector("article .body") ?? doc.querySelector(".body");
  if (!body) return doc.querySelector('meta[name="description"]')?.getAttribute("content") ?? "";
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) parts.push(child.data);
      else if (child.nodeType === 1) {
        const block = BLOCKS.has(child.tagName);
        if (block) parts.push(" ");
        walk(child);
        if (block) parts.push(" ");
      }
    }
  };
  walk(body);
  return parts.join("").replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------- highlighting

/** `s` with each character folded by `fold` (a Map from parseFold), if any. */
function folded(s, fold) {
  if (!fold) return s;
  let out = "";
  for (const c of s) out += fold.get(c) ?? c;
  return out;
}

/** The query's pieces to highlight: its runs of letters and digits, normalised and folded. */
export function queryPieces(query, fold = null) {
  const pieces = folded(String(query).normalize("NFKC").toLowerCase(), fold)
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((p) => p !== "");
  return [...new Set(pieces)].sort((a, b) => b.length - a.length);
}

/**
 * Where the pieces occur in `text`: sorted, non-overlapping [start, end) ranges of the
 * text as written; with `fold`, a Traditional character matches its Simplified form.
 */
export function matchRanges(text, pieces, fold = null) {
  // Normalise character by character, remembering where each normalised unit came from
  // (folding keeps the length: the table maps one UTF-16 unit to one).
  let norm = "";
  const from = [];
  const to = [];
  let i = 0;
  for (const ch of text) {
    const n = folded(ch.normalize("NFKC").toLowerCase(), fold);
    for (let k = 0; k < n.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    norm += n;
    i += ch.length;
  }
  const ranges = [];
  for (const piece of pieces) {
    let at = norm.indexOf(piece);
    let found = 0;
    while (at >= 0 && found < 50) {
      ranges.push([from[at], to[at + piece.length - 1]]);
      found++;
      at = norm.indexOf(piece, at + piece.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Appends `text` to `parent`, with `<mark>` around the ranges; only text nodes. */
function appendMarked(parent, text, ranges, offset = 0) {
  let pos = 0;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0 - offset, 0);
    const e = Math.min(e0 - offset, text.length);
    if (e <= s || s < pos) continue;
    parent.append(text.slice(pos, s));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(s, e);
    parent.append(mark);
    pos = e;
  }
  parent.append(text.slice(pos));
}

/** The [start, end) of the part of `text` shown as a snippet: around its first match. */
export function snippetWindow(text, ranges) {
  const first = ranges.length ? ranges[0][0] : 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end - start < SNIPPET_LENGTH) start = Math.max(0, end - SNIPPET_LENGTH);
  // Never cut a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
  return { start, end };
}

// ---------------------------------------------------------------- the page

function setUp(form) {
  const input = form.querySelector("#search-q");
  const selects = [...form.querySelectorAll("select")];
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const index = new SearchIndex(new URL(form.dataset.index, document.baseURI).href);
  let run = 0;
  let timer = 0;
  let current = { ids: [], shown: 0, query: "", pieces: [] };

  const filterTokens = () =>
    selects
      .filter((s) => s.value !== "")
      .map((s) => ({ topic: "t:", column: "c:", year: "y:" })[s.name] + s.value);

  const urlFor = () => {
    const params = new URLSearchParams();
    if (input.value.trim() !== "") params.set("q", input.value.trim());
    for (const s of selects) if (s.value !== "") params.set(s.name, s.value);
    const q = params.toString();
    return location.pathname + (q ? `?${q}` : "");
  };

  const readUrl = () => {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") ?? "";
    for (const s of selects) {
      const v = params.get(s.name) ?? "";
      s.value = [...s.options].some((o) => o.value === v) ? v : "";
    }
  };

  async function showMore() {
    const mine = run;
    const slice = current.ids.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += slice.length;
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    let records;
    try {
      records = await Promise.all(
        slice.map(async (id) => {
          const record = await index.record(id);
          // A page that cannot be fetched is shown without a snippet.
          const text = await index.pageText(record.url).catch(() => "");
          return { ...record, text };
        }),
      );
    } catch (e) {
      if (mine === run) {
        status.textContent = `搜索结果加载失败（${e.message}），请稍后重试。`;
        list.removeAttribute("aria-busy");
      }
      return;
    }
    if (mine !== run) return;
    if (!index.fold && HAN.test(current.query) && records.some((r) => r.folds && !highlights(r, current.pieces))) {
      try {
        await index.loadFold();
      } catch {
        // The results are shown all the same, unmarked.
      }
      if (mine !== run) return;
    }
    const pieces = index.fold ? queryPieces(current.query, index.fold) : current.pieces;
    for (const r of records) list.append(resultItem(r, pieces, index.fold));
    more.hidden = current.shown >= current.ids.length;
    list.removeAttribute("aria-busy");
  }

  async function search() {
    const mine = ++run;
    const query = input.value;
    const filters = filterTokens();
    if (tokenize(query).length === 0 && filters.length === 0) {
      list.replaceChildren();
      list.removeAttribute("aria-busy");
      more.hidden = true;
      status.textContent = query.trim() === "" ? "" : "请输入汉字、英文词或数字。";
      return;
    }
    status.textContent = "正在搜索…";
    list.setAttribute("aria-busy", "true");
    let ids;
    try {
      ids = await index.search(query, filters);
    } catch (e) {
      if (mine === run) {
        status.textContent = `搜索索引加载失败（${e.message}），请稍后重试。`;
        list.removeAttribute("aria-busy");
      }
      return;
    }
    if (mine !== run) return; // a newer query is on its way
    current = { ids, shown: 0, query, pieces: queryPieces(query, index.fold) };
    list.replaceChildren();
    status.textContent = ids.length === 0 ? "没有找到包含全部搜索词的文章。" : `找到 ${ids.length} 篇文章。`;
    await showMore();
    if (mine === run) list.removeAttribute("aria-busy");
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      history.replaceState(null, "", urlFor());
      search();
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    if (urlFor() !== location.pathname + location.search) history.pushState(null, "", urlFor());
    search();
  });
  for (const s of selects) {
    s.addEventListener("change", () => {
      history.pushState(null, "", urlFor());
      search();
    });
  }
  window.addEventListener("popstate", () => {
    readUrl();
    search();
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore().then(() => list.children[first]?.querySelector("a")?.focus());
  });

  // Keyboard: ↓ from the box to the first result, ↑/↓ between results, Esc back to the box.
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    let next = null;
    if (event.key === "ArrowDown") next = links[at + 1] ?? (more.hidden ? null : more);
    else if (event.key === "ArrowUp") next = at === 0 ? input : links[at - 1];
    else if (event.key === "Escape") next = input;
    else if (event.key === "Home") next = links[0];
    else if (event.key === "End") next = links[links.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  readUrl();
  if (location.search !== "") search();
}

/** Whether a query's pieces occur in a record's title or text, unfolded. */
function highlights(record, pieces) {
  return matchRanges(record.title, pieces).length > 0 || matchRanges(record.text, pieces).length > 0;
}

/** One result: a link with the title, the issue, date and column, and a snippet. */
function resultItem(record, pieces, fold) {
  const li = document.createElement("li");
  li.className = "search-result";
  const heading = document.createElement("h2");
  const a = document.createElement("a");
  a.href = record.url;
  appendMarked(a, record.title, matchRanges(record.title, pieces, fold));
  heading.append(a);
  const meta = document.createElement("p");
  meta.className = "search-meta";
  meta.textContent = [record.issue, record.date, record.column].filter((x) => x).join(" · ");
  const snippet = document.createElement("p");
  snippet.className = "search-snippet";
  const text = record.text.replace(/\s+/g, " ").trim();
  const ranges = matchRanges(text, pieces, fold);
  const { start, end } = snippetWindow(text, ranges);
  if (start > 0) snippet.append("…");
  appendMarked(snippet, text.slice(start, end), ranges, start);
  if (end < text.length) snippet.append("…");
  li.append(heading, meta, snippet);
  return li;
}

if (typeof document !== "undefined") {
  const form = document.getElementById("search-form");
  if (form) setUp(form);
}
