#!/usr/bin/env node
// Accessibility and narrow-screen checks of a built gazette site in Debian's Chromium.
//
//   node tests/browser/a11y.mjs [options] SITE_DIR [PAGE...]
//
// PAGE is a URL path under the site's base ("/", "/bulletins/", "404.html"); none means
// every HTML file of SITE_DIR. For each page:
//   - axe-core (axe.min.js from node_modules) at 1280x900, in the light and the dark colour
//     scheme; every violation is printed, and one of impact serious or critical fails;
//   - at 375 and 320 px wide, the page must not scroll sideways
//     (document.documentElement.scrollWidth <= window.innerWidth); the elements or text that
//     stick out are named. Content inside a scrolling box (a table's .table-scroll) is fine;
//   - the page must load with no external request (they are blocked and reported) and no
//     failed sub-resource (a missing stylesheet would make every other check meaningless).
// One summary line per page; exit status 0 when all pass, 1 when any fails, 2 on bad usage
// or a missing prerequisite.
//
// Options:
//   --base PATH        base URL path of the build (default "/"; "/portal/" for a sub-path)
//   --widths 375,320   widths for the sideways-scroll check ("" to skip it)
//   --schemes light,dark
//   --no-axe           only the sideways-scroll and request checks
//   --verbose          also print axe's "needs review" (incomplete) results
//   --max-nodes N      elements printed per violation (default 8)

import fs from 'node:fs';
import path from 'node:path';
import {
  checkPrerequisites,
  launchChromium,
  serveSite,
  allPages,
  normalisePage,
  guardRequests,
  axeSourcePath,
} from './lib.mjs';

const FAILING_IMPACTS = new Set(['serious', 'critical']);

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node tests/browser/a11y.mjs [--base PATH] [--widths 375,320] [--schemes light,dark] [--no-axe] [--verbose] [--max-nodes N] SITE_DIR [PAGE...]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { base: '/', widths: [375, 320], schemes: ['light', 'dark'], axe: true, verbose: false, maxNodes: 8, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base') o.base = val();
    else if (a === '--widths') o.widths = val().split(',').filter(Boolean).map(Number);
    else if (a === '--schemes') o.schemes = val().split(',').filter(Boolean);
    else if (a === '--no-axe') o.axe = false;
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--max-nodes') o.maxNodes = Number(val());
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else o.rest.push(a);
  }
  if (o.widths.some((w) => !Number.isFinite(w) || w < 100)) usage('--widths takes numbers such as 375,320');
  for (const s of o.schemes) if (!['light', 'dark'].includes(s)) usage(`unknown colour scheme ${s}`);
  if (!o.rest.length) usage('SITE_DIR missing');
  return o;
}

// Runs in the page: does the document scroll sideways, and what sticks out?
function probeOverflow() {
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += '#' + e.id;
      else if (e.classList.length) s += '.' + [...e.classList].join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  // Inside a box that scrolls or clips sideways, overflow is that box's business.
  const contained = (el) => {
    for (let e = el; e && e !== document.body && e !== doc; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  if (doc.scrollWidth > vw) {
    const seen = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      if (offenders.length >= 12) break;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 0.5) continue;
      const st = getComputedStyle(el);
      if (st.position === 'fixed' || st.visibility === 'hidden') continue;
      if (contained(el.parentElement)) continue;
      // Name the innermost element only: skip it when a child also sticks out.
      const childOut = [...el.children].some((c) => c.getBoundingClientRect().right > vw + 0.5);
      if (childOut) continue;
      offenders.push(`${describe(el)} (right edge ${Math.round(r.right)}px, ${Math.round(r.width)}px wide)`);
      seen.add(el);
    }
    // Text that overflows its own box (a long URL or Latin word in a narrow column).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n && offenders.length < 12; n = walker.nextNode()) {
      if (!n.textContent.trim() || contained(n.parentElement) || seen.has(n.parentElement)) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.right > vw + 0.5) {
          const text = n.textContent.trim().slice(0, 40);
          offenders.push(`text "${text}" in ${describe(n.parentElement)} (right edge ${Math.round(r.right)}px)`);
          seen.add(n.parentElement);
          break;
        }
      }
    }
  }
  return { scrollWidth: doc.scrollWidth, innerWidth: vw, offenders };
}

function printViolation(v, scheme, maxNodes) {
  console.log(`  [${v.impact}] ${v.id} (${scheme}): ${v.help} <${v.helpUrl}>`);
  for (const n of v.nodes.slice(0, maxNodes)) {
    const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
    let extra = '';
    const cc = (n.any || []).concat(n.all || [], n.none || []).find((c) => c.data && c.data.contrastRatio !== undefined);
    if (cc) {
      const d = cc.data;
      extra = ` — contrast ${d.contrastRatio}:1 (needs ${d.expectedContrastRatio}), ${d.fgColor} on ${d.bgColor}, ${d.fontSize} ${d.fontWeight}`;
    } else if (n.failureSummary) {
      extra = ' — ' + n.failureSummary.split('\n').filter((l) => l.trim()).slice(1, 3).map((l) => l.trim()).join(' / ');
    }
    console.log(`      ${target}${extra}`);
    console.log(`        ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  if (v.nodes.length > maxNodes) console.log(`      … and ${v.nodes.length - maxNodes} more`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const [siteDir, ...pageArgs] = o.rest;
  if (!fs.existsSync(path.join(siteDir, 'index.html')) && !pageArgs.length) usage(`${siteDir} has no index.html: is it a built site?`);
  if (!fs.statSync(siteDir, { throwIfNoEntry: false })?.isDirectory()) usage(`${siteDir} is not a folder`);
  checkPrerequisites();

  const pages = (pageArgs.length ? pageArgs : allPages(siteDir)).map(normalisePage);
  const server = await serveSite(siteDir, o.base);
  const browser = await launchChromium();
  const axeSource = fs.readFileSync(axeSourcePath(), 'utf8');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  let current = [];
  await guardRequests(context, server.origin, (msg) => current.push(msg));
  const page = await context.newPage();
  page.on('pageerror', (e) => current.push(`script error: ${e.message}`));

  let failed = 0;
  const totals = { violations: 0, failing: 0, overflow: 0 };
  const started = Date.now();
  for (const p of pages) {
    const url = server.base + p;
    const label = '/' + p;
    current = [];
    const summary = [];
    let pageFails = false;
    const load = async () => {
      const resp = await page.goto(url, { waitUntil: 'load' });
      if (!resp) current.push('no response');
      else if (resp.status() !== 200) current.push(`HTTP ${resp.status()} for the page itself`);
      // A search page with ?q= is checked with its results shown.
      if (p.includes('?q=')) {
        await page.waitForFunction(() => document.querySelector('#search-results a') && !document.querySelector('#search-results[aria-busy]'), null, { timeout: 20000 })
          .catch(() => current.push('the search results did not appear'));
      }
    };

    if (o.axe) {
      const parts = [];
      for (const scheme of o.schemes) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await load();
        await page.evaluate(axeSource);
        const res = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations', 'incomplete'] }),
        );
        const bad = res.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
        totals.violations += res.violations.length;
        totals.failing += bad.length;
        if (res.violations.length) {
          console.log(`${label} — axe, ${scheme}:`);
          for (const v of res.violations) printViolation(v, scheme, o.maxNodes);
        }
        if (o.verbose && res.incomplete.length) {
          console.log(`${label} — axe needs review, ${scheme}:`);
          for (const v of res.incomplete) printViolation(v, scheme, o.maxNodes);
        }
        if (bad.length) pageFails = true;
        const nodes = res.violations.reduce((a, v) => a + v.nodes.length, 0);
        parts.push(
          `${scheme} ${res.violations.length ? `${res.violations.length} rule(s)/${nodes} node(s), ${bad.length} serious+` : 'clean'}` +
            (res.incomplete.length ? ` (${res.incomplete.length} to review)` : ''),
        );
      }
      summary.push('axe: ' + parts.join('; '));
    }

    if (o.widths.length) {
      const parts = [];
      await page.emulateMedia({ colorScheme: 'light' });
      for (const w of o.widths) {
        await page.setViewportSize({ width: w, height: 800 });
        await load();
        const r = await page.evaluate(probeOverflow);
        if (r.scrollWidth > r.innerWidth) {
          pageFails = true;
          totals.overflow++;
          parts.push(`${w}px scrolls sideways (${r.scrollWidth} > ${r.innerWidth})`);
          console.log(`${label} — scrolls sideways at ${w}px: scrollWidth ${r.scrollWidth} > innerWidth ${r.innerWidth}; sticking out:`);
          for (const off of r.offenders) console.log(`      ${off}`);
        } else {
          parts.push(`${w}px ok`);
        }
      }
      summary.push('width: ' + parts.join(', '));
    }

    const problems = [...new Set(current)];
    if (problems.length) {
      pageFails = true;
      console.log(`${label} — loading problems:`);
      for (const m of problems) console.log(`      ${m}`);
      summary.push(`${problems.length} loading problem(s)`);
    }
    if (pageFails) failed++;
    console.log(`${pageFails ? 'FAIL' : 'ok  '} ${label}  ${summary.join(' | ')}`);
  }

  await browser.close();
  await server.close();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${pages.length} page(s) in ${secs}s: ${failed} failed; axe: ${totals.violations} violation(s), ` +
      `${totals.failing} serious or critical; ${totals.overflow} sideways scroll(s)`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`error: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
