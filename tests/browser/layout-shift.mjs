// Layout shift of the search page while a query's results come in, in Chromium.
//
//   node layout-shift.mjs SITE_DIR [--prefix /portal/] [--max 0.1] [--widths 375,1280] QUERY...
//
// For each query, each width (default 375 px, a phone, and 1280 px) and two ways in: the page
// opened with ?q=QUERY (results come with no input at all, as Lighthouse sees it) and
// QUERY typed into the box and Enter pressed. A PerformanceObserver ('layout-shift',
// buffered) adds up every shift from the page's first paint until the results are shown
// and the network is idle: the cumulative layout shift, counting even the shifts within
// 500 ms of typing that CLS forgives (on a slow connection the results come later than
// that). The responses are delayed by 300 ms each so that the results arrive after the
// page has settled. Prints one line per case with the shift and the elements that moved,
// and exits 1 when any case shifts by --max (default 0.1) or more, or shows no result.

import { checkPrerequisites, launchChromium, serveSite, guardRequests } from './lib.mjs';

checkPrerequisites();
const args = process.argv.slice(2);
let prefix = '/';
let max = 0.1;
let widths = [375, 1280];
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--prefix') prefix = args[++i];
  else if (args[i] === '--max') max = Number(args[++i]);
  else if (args[i] === '--widths') widths = args[++i].split(',').map(Number);
  else rest.push(args[i]);
}
const [siteDir, ...queries] = rest;
if (!siteDir || !queries.length || !(max > 0) || !widths.every((w) => w > 0)) {
  console.error('usage: node layout-shift.mjs SITE_DIR [--prefix /portal/] [--max 0.1] [--widths 375,1280] QUERY...');
  process.exit(2);
}

const OBSERVE = () => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__shifts.push({
        value: e.value,
        recent: e.hadRecentInput,
        at: Math.round(e.startTime),
        sources: (e.sources || []).map((s) => {
          const n = s.node;
          if (!n || !n.tagName) return '?';
          return n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ')[0] : '');
        }),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

const failures = [];
const server = await serveSite(siteDir, prefix);
const browser = await launchChromium();
try {
  for (const width of widths) {
    for (const how of ['url', 'typed']) {
      for (const query of queries) {
        const context = await browser.newContext({ viewport: { width, height: width < 600 ? 667 : 800 } });
        await guardRequests(context, server.origin, (msg) => failures.push(`${query} at ${width} px: ${msg}`));
        // Each response 300 ms late, as on a slow connection: the results come well after
        // the page has been painted and the input has been forgiven.
        await context.route(`${server.origin}/**`, async (route) => {
          await new Promise((r) => setTimeout(r, 300));
          return route.continue();
        });
        await context.addInitScript(OBSERVE);
        const page = await context.newPage();
        page.on('pageerror', (e) => failures.push(`${query} at ${width} px: script error: ${e.message}`));
        const search = server.base + 'search/';
        if (how === 'url') {
          await page.goto(search + '?q=' + encodeURIComponent(query));
        } else {
          await page.goto(search);
          await page.waitForLoadState('networkidle');
          await page.fill('#search-q', query);
          await page.press('#search-q', 'Enter');
        }
        await page.waitForFunction(() => {
          const status = document.getElementById('search-status').textContent;
          const list = document.getElementById('search-results');
          return /^(找到|没有)/.test(status) && !list.hasAttribute('aria-busy');
        }, null, { timeout: 60000 });
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        const { shifts, shown } = await page.evaluate(() => ({
          shifts: window.__shifts,
          shown: document.querySelectorAll('#search-results > li').length,
        }));
        const cls = shifts.reduce((s, e) => s + e.value, 0);
        const forgiven = shifts.filter((e) => e.recent).reduce((s, e) => s + e.value, 0);
        const moved = [...new Set(shifts.flatMap((e) => e.sources))].join(' ');
        const bad = cls >= max || shown === 0;
        console.log(
          `${bad ? 'FAIL' : 'ok  '} ${width} px, ${how === 'url' ? '?q=' : 'typed'} ${query}: ` +
            `CLS ${cls.toFixed(4)} (${shifts.length} shifts, ${forgiven.toFixed(4)} of it within 500 ms of input), ` +
            `${shown} results shown${moved ? '; moved: ' + moved : ''}`,
        );
        if (bad) failures.push(`${query} at ${width} px (${how}): CLS ${cls.toFixed(4)}, ${shown} results`);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
if (failures.length) {
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exit(1);
}
