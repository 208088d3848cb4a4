#!/usr/bin/env node
// Security checks of a built gazette site in Debian's Chromium.
//
//   node tests/browser/security.mjs csp SITE_DIR [PAGE...]
//   node tests/browser/security.mjs inject SITE_DIR [--search QUERY] [--text TEXT]...
//
// csp: every page (PAGE... or every HTML file of SITE_DIR) must carry the site's
//   Content-Security-Policy <meta> and load without a single `securitypolicyviolation` event
//   or CSP console error. First, a self-test proves the policy is enforced and the listener
//   hears it: an inline <script> and a style="" attribute added to the home page must each
//   raise a violation.
// inject: every page of a site built from tests/fixtures/untrusted, whose payloads all call
//   pwned('<where>'). `pwned` is a playwright binding that records the call, and the page's
//   CSP is bypassed (bypassCSP), so the test shows the escaping alone stops every payload.
//   On each page: no call to pwned (also after hovering and clicking every link and every
//   element the payloads name), no href/src/action with a javascript:, vbscript: or data:
//   URL, no element with an on* attribute, and no <script> but JSON-LD and the site's own
//   scripts. Each --text must show, as text, on some page (the markup shown, not run). With
//   --search, /search/?q=QUERY must list results whose snippets show that markup as text,
//   with nothing inside #search-results but the search script's own elements.
// One line per page; exit 0 when all pass, 1 when any fails, 2 on bad usage or a missing
// prerequisite.

import fs from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, launchChromium, serveSite, allPages, normalisePage, guardRequests } from './lib.mjs';

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node tests/browser/security.mjs csp SITE_DIR [PAGE...]\n' +
    '       node tests/browser/security.mjs inject SITE_DIR [--search QUERY] [--text TEXT]...');
  process.exit(2);
}

const [mode, site, ...rest] = process.argv.slice(2);
if (!['csp', 'inject'].includes(mode) || !site) usage();
if (!fs.existsSync(path.join(site, 'index.html'))) usage(`${site} has no index.html: build the site first`);
checkPrerequisites();

let failures = 0;
const fail = (page, msg) => {
  failures += 1;
  console.log(`FAIL ${page}: ${msg}`);
};

const browser = await launchChromium();
const server = await serveSite(site, '/');
try {
  if (mode === 'csp') await csp(rest);
  else await inject(rest);
} finally {
  await browser.close();
  await server.close();
}
console.log(failures === 0 ? 'security: all checks passed' : `security: ${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);

/** Records CSP violations (events and console errors) of every page opened in `context`. */
async function listenForViolations(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
    });
  });
}

async function csp(pages) {
  const list = pages.length ? pages.map(normalisePage) : allPages(site);
  // The search page with results: the script's own DOM must satisfy the policy too.
  if (!pages.length && fs.existsSync(path.join(site, 'search', 'index.html'))) list.push('search/?q=标准');
  const context = await browser.newContext();
  const problems = [];
  await guardRequests(context, server.origin, (m) => problems.push(m));
  await listenForViolations(context);
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) consoleErrors.push(m.text());
  });

  // Self-test: the policy is enforced and the listener hears it.
  await page.goto(server.base, { waitUntil: 'load' });
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.append(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'color: red');
    document.body.append(d);
  });
  await page.waitForTimeout(200);
  const self = await page.evaluate(() => ({ ran: window.__inlineRan === true, seen: window.__csp.slice() }));
  if (self.ran) fail('/', 'an inline <script> ran: the Content-Security-Policy is not enforced');
  if (!self.seen.some((v) => v.startsWith('script-src'))) fail('/', `self-test: no script-src violation was heard (${self.seen.join('; ')})`);
  if (!self.seen.some((v) => v.startsWith('style-src'))) fail('/', `self-test: no style-src violation was heard (${self.seen.join('; ')})`);
  console.log(`self-test: inline script ${self.ran ? 'RAN' : 'blocked'}, violations heard: ${self.seen.length}`);

  for (const p of list) {
    problems.length = 0;
    consoleErrors.length = 0;
    const resp = await page.goto(server.base + p, { waitUntil: 'load' });
    if (!resp || (resp.status() >= 400 && !p.endsWith('404.html'))) {
      fail(p, `HTTP ${resp ? resp.status() : 'no response'}`);
      continue;
    }
    await page.waitForTimeout(p.startsWith('search/?') ? 1000 : 50);
    const r = await page.evaluate(() => ({
      meta: document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content || '',
      violations: window.__csp.slice(),
    }));
    const bad = [];
    if (!/script-src 'self'/.test(r.meta) || !/style-src 'self'/.test(r.meta) || /unsafe-inline/.test(r.meta)) {
      bad.push(`no strict Content-Security-Policy <meta> (found "${r.meta}")`);
    }
    bad.push(...r.violations.map((v) => `CSP violation: ${v}`));
    bad.push(...consoleErrors.map((m) => `console: ${m}`));
    bad.push(...problems);
    if (bad.length) for (const b of bad) fail(p, b);
    else console.log(`ok   ${p}`);
  }
  await context.close();
}

async function inject(args) {
  let query = null;
  const texts = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--search') query = args[++i];
    else if (args[i] === '--text') texts.push(args[++i]);
    else usage(`unknown argument ${args[i]}`);
  }
  const context = await browser.newContext({ bypassCSP: true });
  const calls = [];
  await context.exposeBinding('pwned', ({ page }, where) => {
    calls.push(`${where} on ${page.url()}`);
  });
  const problems = [];
  await guardRequests(context, server.origin, (m) => problems.push(m));
  const page = await context.newPage();
  page.on('dialog', (d) => {
    calls.push(`dialog "${d.message()}" on ${page.url()}`);
    d.dismiss().catch(() => {});
  });
  const seen = new Set();
  const pages = allPages(site);
  for (const p of pages) {
    const before = calls.length;
    problems.length = 0;
    await page.goto(server.base + p, { waitUntil: 'load' });
    await page.waitForTimeout(50);
    const found = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const v = a.value.trim().toLowerCase().replace(/[\s\u0000-\u001f]/g, '');
          if (a.name.startsWith('on')) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) &&
              /^(javascript|vbscript|data):/.test(v)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
        }
      }
      for (const s of document.querySelectorAll('script')) {
        const own = s.type === 'application/ld+json' || (s.src && new URL(s.src).origin === location.origin && new URL(s.src).pathname.startsWith('/static/'));
        if (!own) bad.push(`<script${s.src ? ` src="${s.src}"` : ''}>${s.textContent.slice(0, 60)}`);
      }
      for (const tag of ['iframe', 'object', 'embed', 'svg[onload]', 'style', 'base']) {
        for (const el of document.querySelectorAll(`body ${tag}`)) bad.push(`<${el.localName}> in the body`);
      }
      return { bad, text: document.body.innerText };
    });
    for (const t of texts) if (found.text.includes(t)) seen.add(t);
    // Hover and click everything a payload could hang on: links (javascript: would run on click).
    for (const a of await page.$$('main a[href]')) {
      const href = await a.getAttribute('href');
      if (/^(https?:|mailto:)/i.test(href)) continue; // leaves the site: the request guard would block it
      await a.hover().catch(() => {});
    }
    for (const a of await page.$$('main a[href^="#"]')) await a.click().catch(() => {});
    await page.waitForTimeout(50);
    const bad = [...found.bad, ...calls.slice(before).map((c) => `payload ran: ${c}`), ...problems];
    if (bad.length) for (const b of bad) fail(p, b);
    else console.log(`ok   ${p}`);
  }
  for (const t of texts) if (!seen.has(t)) fail('(all pages)', `the text ${JSON.stringify(t)} is shown on no page: was it dropped instead of escaped?`);

  if (query !== null) {
    const before = calls.length;
    const url = `${server.base}search/?q=${encodeURIComponent(query)}`;
    await page.goto(url, { waitUntil: 'load' });
    try {
      await page.waitForSelector('#search-results a', { timeout: 15000 });
    } catch {
      fail('search/', `no result for ${JSON.stringify(query)} within 15 s`);
    }
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => {
      const list = document.getElementById('search-results');
      const allowed = new Set(['li', 'h2', 'a', 'p', 'mark']);
      const foreign = [...list.querySelectorAll('*')].filter((el) => !allowed.has(el.localName)).map((el) => el.localName);
      return { text: list.innerText, foreign, items: list.querySelectorAll('li').length };
    });
    const bad = [];
    if (r.foreign.length) bad.push(`elements from the text inside #search-results: ${r.foreign.join(', ')}`);
    const shown = texts.filter((t) => r.text.includes(t));
    if (texts.length && shown.length === 0) bad.push(`no snippet shows the markup as text (${texts.join(' | ')}); results:\n${r.text}`);
    bad.push(...calls.slice(before).map((c) => `payload ran: ${c}`));
    if (bad.length) for (const b of bad) fail('search/', b);
    else console.log(`ok   search/?q=${query} (${r.items} result(s); markup shown as text: ${shown.length})`);
  }
  if (calls.length) console.log(`payload calls: ${calls.join('; ')}`);
  await context.close();
}
