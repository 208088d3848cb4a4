// The search page in Chromium, on a built site served under a sub-path.
//
//   node search.mjs SITE_DIR PREFIX < checks.json
//
// checks.json (written by tests/suite/search.rs from the seeds):
//   { "top":    [{ "q": "...", "expect": "/portal/bulletins/…/" }],   first result
//     "recall": [{ "q": "...", "expect": "/portal/bulletins/…/" }],   among all results
//     "filter": [{ "q": "...", "params": { "year": "2024" }, "only": [allowed URLs], "min": 1 }],
//     "absent": ["..."],                                               no result at all
//     "same":   [{ "q": "標準化", "as": "标准化" }],                    the same results, not none
//     "marks":  [{ "q": "...", "expect": "/portal/…/", "marks": ["標準化"] }] }
//                                          that result is shown with these words marked, as written
// ("same" and "marks" are optional.)
// Besides, it checks that opening the page downloads nothing of the index, that typing
// searches and puts ?q= in the address, that Back restores the previous search, the
// keyboard path through the results, and the highlighted snippet.
// Prints one line per failure and exits 1 when anything failed.

import fs from 'node:fs';
import { checkPrerequisites, launchChromium, serveSite, guardRequests } from './lib.mjs';

checkPrerequisites();
const [siteDir, prefix = '/'] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node search.mjs SITE_DIR PREFIX < checks.json');
  process.exit(2);
}
const checks = JSON.parse(fs.readFileSync(0, 'utf8'));
const failures = [];
const fail = (msg) => failures.push(msg);

const server = await serveSite(siteDir, prefix);
const browser = await launchChromium();
const context = await browser.newContext();
await guardRequests(context, server.origin, fail);
const page = await context.newPage();
const requests = [];
page.on('request', (r) => requests.push(new URL(r.url()).pathname));
page.on('pageerror', (e) => fail(`script error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') fail(`console error: ${m.text()}`);
});

const searchUrl = server.base + 'search/';
const indexRequests = () => requests.filter((p) => p.startsWith(prefix + 'search/') && /\.json(\.gz)?$/.test(p));

/** Waits for the result list to settle, then returns the hrefs of its links, in order. */
async function results() {
  await page.waitForFunction(() => {
    const list = document.getElementById('search-results');
    return list && !list.hasAttribute('aria-busy');
  });
  return page.$$eval('#search-results a', (links) => links.map((a) => new URL(a.href).pathname));
}

/** Every result, pressing "more" until there are no more. */
async function allResults() {
  let hrefs = await results();
  while (await page.isVisible('#search-more')) {
    await page.click('#search-more');
    hrefs = await results();
  }
  return hrefs;
}

async function query(q, params = {}) {
  const url = new URL(searchUrl);
  url.searchParams.set('q', q);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  await page.goto(url.href);
  return results();
}

try {
  // 1. Opening the page downloads nothing of the index.
  await page.goto(searchUrl);
  await page.waitForLoadState('networkidle');
  if (indexRequests().length) fail(`the search page fetched index files before any typing: ${indexRequests().join(', ')}`);

  // 2. Typing searches (debounced), and the address gets ?q=.
  const typed = checks.top[0];
  await page.fill('#search-q', typed.q);
  await page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0, null, { timeout: 10000 }).catch(() => {});
  const afterTyping = await results();
  if (!afterTyping.length) fail(`typing «${typed.q}» showed no results`);
  if (!indexRequests().some((p) => p.endsWith('/search/index.json'))) fail('typing did not fetch search/index.json');
  const q = new URL(page.url()).searchParams.get('q');
  if (q !== typed.q) fail(`after typing «${typed.q}» the address has q=${q}`);
  const sample = requests.filter((p) => p.includes('/search/r/')).length;
  if (sample > 10) fail(`the first page of results fetched ${sample} records (at most 10 expected)`);

  // 3. The highlighted snippet and title.
  const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent.normalize('NFKC').toLowerCase()));
  if (!marks.length) fail(`no highlighted match in the results of «${typed.q}»`);

  // 4. Keyboard: ↓ into the results, ↓ ↑ between them, Esc back to the box.
  await page.focus('#search-q');
  await page.keyboard.press('ArrowDown');
  const focus = () => page.evaluate(() => {
    const el = document.activeElement;
    const links = [...document.querySelectorAll('#search-results a')];
    return el.id === 'search-q' ? 'input' : links.indexOf(el);
  });
  if ((await focus()) !== 0) fail(`ArrowDown from the box focused ${await focus()}, not the first result`);
  if (afterTyping.length > 1) {
    await page.keyboard.press('ArrowDown');
    if ((await focus()) !== 1) fail('ArrowDown on the first result did not focus the second');
    await page.keyboard.press('ArrowUp');
    if ((await focus()) !== 0) fail('ArrowUp on the second result did not focus the first');
  }
  await page.keyboard.press('Escape');
  if ((await focus()) !== 'input') fail('Escape in the results did not return to the box');

  // 5. Enter pushes a history entry: Back shows the previous search again.
  const [a, b] = [checks.top[0], checks.top[1]];
  await page.fill('#search-q', a.q);
  await page.press('#search-q', 'Enter');
  const first = await results();
  await page.fill('#search-q', b.q);
  await page.press('#search-q', 'Enter');
  await results();
  await page.goBack();
  await page.waitForFunction((want) => document.getElementById('search-q').value === want, a.q, { timeout: 5000 }).catch(() => {});
  const back = await results();
  if ((await page.inputValue('#search-q')) !== a.q) fail(`Back did not restore the query «${a.q}»`);
  if (JSON.stringify(back) !== JSON.stringify(first)) fail(`Back did not restore the results of «${a.q}»`);

  // 6. Queries a reader types, with the article they expect first.
  for (const { q, expect } of checks.top) {
    const hrefs = await query(q);
    if (hrefs[0] !== expect) fail(`«${q}»: first result ${hrefs[0] ?? '(none)'}, expected ${expect} (${hrefs.length} results)`);
  }

  // 7. Recall: the article containing a substring is among the results.
  let found = 0;
  for (const { q, expect } of checks.recall) {
    await query(q);
    const hrefs = await allResults();
    if (hrefs.includes(expect)) found++;
    else fail(`recall: «${q}» did not find ${expect} (${hrefs.length} results)`);
  }

  // 8. Filters narrow the results (a shared link restores them).
  for (const { q, params, only, min } of checks.filter) {
    await query(q, params);
    const all = await allResults();
    if (all.length < min) fail(`«${q}» with ${JSON.stringify(params)}: ${all.length} results, expected at least ${min}`);
    const stray = all.filter((h) => !only.includes(h));
    if (stray.length) fail(`«${q}» with ${JSON.stringify(params)}: results outside the filter: ${stray.join(', ')}`);
    const selected = await page.evaluate(() => [...document.querySelectorAll('#search-form select')].map((s) => [s.name, s.value]));
    for (const [k, v] of Object.entries(params)) {
      if (!selected.some(([name, value]) => name === k && value === v)) fail(`the ${k} filter does not show ${v} after opening a shared link`);
    }
  }

  // 9. A query in the other script finds what the query finds (Traditional and Simplified).
  for (const { q, as } of checks.same ?? []) {
    await query(q);
    const got = await allResults();
    await query(as);
    const want = await allResults();
    if (!want.length) fail(`«${as}» finds nothing: nothing to compare «${q}» with`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) {
      fail(`«${q}» found ${got.length} results, «${as}» ${want.length}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
  }

  // 10. The words marked in a result are the text as written (in its own script).
  for (const { q, expect, marks } of checks.marks ?? []) {
    await query(q);
    await allResults();
    const shown = await page.$$eval('#search-results li', (items, want) => {
      const item = items.find((li) => new URL(li.querySelector('a').href).pathname === want);
      return item ? [...item.querySelectorAll('mark')].map((m) => m.textContent) : null;
    }, expect);
    if (!shown) fail(`«${q}» did not show ${expect}`);
    else {
      for (const m of marks) if (!shown.includes(m)) fail(`«${q}»: ${expect} marks ${JSON.stringify(shown)}, not «${m}»`);
    }
  }

  // 11. No result for text that is nowhere.
  for (const q of checks.absent) {
    const hrefs = await query(q);
    if (hrefs.length) fail(`«${q}» should find nothing, found ${hrefs.join(', ')}`);
  }

  console.log(
    `search: ${checks.top.length} top queries, ${found}/${checks.recall.length} recall substrings, ` +
      `${checks.filter.length} filtered queries, ${checks.absent.length} absent, ` +
      `${(checks.same ?? []).length} in the other script, ${(checks.marks ?? []).length} highlights; ` +
      `${failures.length} failure(s)`,
  );
} catch (e) {
  fail(`search check crashed: ${e.stack || e}`);
} finally {
  await browser.close();
  await server.close();
}
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
