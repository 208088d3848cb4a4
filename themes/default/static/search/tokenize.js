// The search tokenizer of the browser: the twin of src/search/tokenize.rs (its module
// documentation states the rules), kept identical by tests/suite/tokenizer.rs.
// Plain ES module, no dependencies. Traditional characters are folded to Simplified with
// the table the index was built with (search/fold.txt, the build's src/search/fold.txt),
// given as a Map made by parseFold; search.js fetches it only when a query needs it.

const CJK_RANGES = [
  [0x1100, 0x11ff], // Hangul Jamo
  [0x2e80, 0x2fdf], // CJK Radicals Supplement, Kangxi Radicals
  [0x3000, 0x303f], // CJK Symbols and Punctuation (々 〆 〇 〡…)
  [0x3040, 0x30ff], // Hiragana, Katakana
  [0x3100, 0x312f], // Bopomofo
  [0x3130, 0x318f], // Hangul Compatibility Jamo
  [0x31a0, 0x31bf], // Bopomofo Extended
  [0x31f0, 0x31ff], // Katakana Phonetic Extensions
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7ff], // Hangul Syllables, Jamo Extended-B
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xff00, 0xffef], // Half-width and Full-width Forms
  [0x1aff0, 0x1b16f], // Kana Extended-B, Supplement, Extended-A, Small Kana
  [0x20000, 0x3ffff], // CJK Extensions B–J, Compatibility Supplement
];

const ALPHABETIC = /^\p{Alphabetic}$/u;
const NUMERIC = /^\p{N}$/u;
const MARK = /^\p{M}$/u;

const LETTERS = 1;
const DIGITS = 2;

// Rule 1: characters whose NFKC form stands on its own.
function isStandalone(cp) {
  return (
    cp === 0xb2 ||
    cp === 0xb3 ||
    cp === 0xb9 ||
    (cp >= 0x2070 && cp <= 0x209f) || // superscripts and subscripts
    (cp >= 0x2150 && cp <= 0x218f) || // number forms
    (cp >= 0x2460 && cp <= 0x24ff) || // enclosed alphanumerics
    (cp >= 0x3200 && cp <= 0x33ff) || // enclosed CJK, CJK compatibility
    (cp >= 0x1f100 && cp <= 0x1f1ff) // enclosed alphanumeric supplement
  );
}

// Rule 3: characters dropped as if absent.
function isIgnored(cp) {
  return (
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200d) ||
    cp === 0x2060 ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

// Rule 4: a letter or number of the CJK ranges (indexed as bigrams).
function isCjk(cp, ch) {
  for (const [lo, hi] of CJK_RANGES) {
    if (cp >= lo && cp <= hi) return ALPHABETIC.test(ch) || NUMERIC.test(ch);
  }
  return false;
}

/**
 * The folding table (the text of search/fold.txt) as a Map: Traditional → Simplified.
 * Each line is a Simplified character and the Traditional ones folded to it; `#` comments.
 * @param {string} table
 * @returns {Map<string, string>}
 */
export function parseFold(table) {
  const fold = new Map();
  for (const line of String(table).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const [target, ...sources] = line;
    for (const source of sources) fold.set(source, target);
  }
  return fold;
}

/**
 * Splits `text` into search tokens, exactly as the site's index was built when `fold` is
 * the index's folding table (parseFold). Without it, Traditional characters are kept as
 * they are: a query has the index's tokens then only when it has no character to fold.
 * @param {string} text
 * @param {Map<string, string> | null} [fold]
 * @returns {string[]}
 */
export function tokenize(text, fold = null) {
  const tokens = [];
  let run = []; // the current run of CJK characters
  let word = ""; // the current word
  let kind = 0; // LETTERS, DIGITS or 0

  const endWord = () => {
    if (word !== "") tokens.push(word);
    word = "";
    kind = 0;
  };
  const endRun = () => {
    if (run.length === 1) tokens.push(run[0]);
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run[i] + run[i + 1]);
    run = [];
  };
  const pushWordChar = (ch, k) => {
    endRun();
    if (kind !== k) endWord();
    kind = k;
    word += ch;
  };
  const push = (ch) => {
    const cp = ch.codePointAt(0);
    if (isIgnored(cp)) return;
    if (isCjk(cp, ch)) {
      endWord();
      run.push(fold?.get(ch) ?? ch);
    } else if (MARK.test(ch)) {
      if (word !== "") word += ch;
    } else if (NUMERIC.test(ch)) {
      pushWordChar(ch, DIGITS);
    } else if (ALPHABETIC.test(ch)) {
      pushWordChar(ch, LETTERS);
    } else {
      endWord();
      endRun();
    }
  };

  const pushNormalized = (segment) => {
    for (const c of segment.normalize("NFKC")) {
      // Each character lower-cased on its own (no final-sigma context), then ς → σ.
      for (const lower of c.toLowerCase()) push(lower === "ς" ? "σ" : lower);
    }
  };
  const breakToken = () => {
    endWord();
    endRun();
  };

  // Rule 1: an enclosed, superscript or subscript character or a number form stands alone.
  let segment = "";
  for (const c of String(text)) {
    if (isStandalone(c.codePointAt(0))) {
      pushNormalized(segment);
      segment = "";
      breakToken();
      pushNormalized(c);
      breakToken();
    } else {
      segment += c;
    }
  }
  pushNormalized(segment);
  breakToken();
  return tokens;
}
