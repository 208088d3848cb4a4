// What a first-time reader downloads for one query, in Chromium: every response's bytes
// as a gzip-serving host would send them (gzip -6 of the body; files that are already
// compressed, like Pagefind's .pf_* files and its .wasm, count as they are).
//
//   node query-bytes.mjs gazette SITE_DIR QUERY...     gazette's /search/ page
//   node query-bytes.mjs pagefind SITE_DIR QUERY...    Pagefind's API (pagefind/pagefind.js)
//
// For each query, in a fresh browser context (empty cache): open the search page, run the
// query, wait for the first page of results (10 records), and print one JSON line:
// { engine, query, results, requests, raw, gzip, files: [[path, gzip bytes]...], ms }.
// For Pagefind the page is a minimal one that loads pagefind.js and fetches the data of
// the first 10 results, as Pagefind's UI does (its UI script and CSS are not counted).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { checkPrerequisites, launchChromium, serveSite } from './lib.mjs';

checkPrerequisites();
const [engine, siteDir, ...queries] = process.argv.slice(2);
if (!['gazette', 'pagefind'].includes(engine) || !siteDir || !queries.length) {
  console.error('usage: node query-bytes.mjs gazette|pagefind SITE_DIR QUERY...');
  process.exit(2);
}

const HARNESS = '__pagefind-bench.html';
if (engine === 'pagefind') {
  fs.writeFileSync(
    path.join(siteDir, HARNESS),
    `<!doctype html><html><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
const pagefind = await import('./pagefind/pagefind.js');
await pagefind.init();
window.runQuery = async (q) => {
  const search = await pagefind.search(q);
  const first = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return { results: search.results.length, titles: first.map((d) => d.meta.title) };
};
window.harnessReady = true;
</script></body></html>`,
  );
}

const server = await serveSite(siteDir, '/');
const browser = await launchChromium();
try {
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies = [];
    page.on('response', async (resp) => {
      try {
        const body = await resp.body();
        bodies.push([new URL(resp.url()).pathname, body]);
      } catch {
        // redirects have no body
      }
    });
    const start = Date.now();
    let results;
    if (engine === 'gazette') {
      await page.goto(server.base + 'search/');
      await page.fill('#search-q', query);
      await page.press('#search-q', 'Enter');
      await page.waitForFunction(() => {
        const status = document.getElementById('search-status').textContent;
        const list = document.getElementById('search-results');
        return status.startsWith('找到') || status.startsWith('没有') ? !list.hasAttribute('aria-busy') : false;
      }, null, { timeout: 60000 });
      results = await page.evaluate(() => Number((document.getElementById('search-status').textContent.match(/\d+/) || [0])[0]));
    } else {
      await page.goto(server.base + HARNESS);
      await page.waitForFunction(() => window.harnessReady === true, null, { timeout: 60000 });
      results = (await page.evaluate((q) => window.runQuery(q), query)).results;
    }
    await page.waitForLoadState('networkidle');
    const ms = Date.now() - start;
    const files = bodies.map(([p, body]) => {
      const precompressed = /\.pf_|\.wasm$|\.gz$/.test(p);
      const gz = precompressed ? body.length : zlib.gzipSync(body, { level: 6 }).length;
      return [p, body.length, gz];
    });
    const raw = files.reduce((s, f) => s + f[1], 0);
    const gzip = files.reduce((s, f) => s + f[2], 0);
    console.log(
      JSON.stringify({ engine, query, results, requests: files.length, raw, gzip, ms, files: files.map((f) => [f[0], f[2]]) }),
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  if (engine === 'pagefind') fs.rmSync(path.join(siteDir, HARNESS), { force: true });
}
