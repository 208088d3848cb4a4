#!/usr/bin/env node
// Full-page screenshots of a built gazette site in Debian's Chromium, for a reader's eye.
//
//   node tests/browser/screenshots.mjs [--base PATH] SITE_DIR OUT_DIR [NAME=PAGE...]
//
// Default pages (each must exist in the build):
//   home     /
//   issue    /bulletins/2021-08-05-kjzcyzxkb/
//   article  the article of that issue whose slug starts with mei-guo-bai-deng-zheng-fu (tables, footnotes)
//   column   /columns/<first column listed on /columns/>/
// NAME=PAGE adds (or replaces) a page. Each is taken at 375 px (2x pixels, as a phone) and
// 1280 px, in the light and the dark colour scheme: OUT_DIR/<name>-<width>-<scheme>.png.
// Scripts are not needed to read the portal, and none is run (javaScriptEnabled: false),
// so the pictures show what every reader gets.

import fs from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, launchChromium, serveSite, normalisePage, guardRequests } from './lib.mjs';

const ISSUE = 'bulletins/2021-08-05-kjzcyzxkb/';
const ARTICLE_PREFIX = 'mei-guo-bai-deng-zheng-fu';
const SIZES = [
  { width: 375, height: 812, scale: 2 },
  { width: 1280, height: 900, scale: 1 },
];
const SCHEMES = ['light', 'dark'];

function die(msg) {
  console.error(`error: ${msg}`);
  process.exit(2);
}

function defaultPages(site) {
  const pages = { home: '' };
  const issueDir = path.join(site, ISSUE);
  if (!fs.existsSync(path.join(issueDir, 'index.html'))) die(`no issue page ${ISSUE} in ${site}`);
  pages.issue = ISSUE;
  const article = fs
    .readdirSync(issueDir)
    .sort()
    .find((d) => d.startsWith(ARTICLE_PREFIX) && fs.existsSync(path.join(issueDir, d, 'index.html')));
  if (!article) die(`no article ${ISSUE}${ARTICLE_PREFIX}…/ in ${site}`);
  pages.article = ISSUE + article + '/';
  const columns = path.join(site, 'columns', 'index.html');
  if (!fs.existsSync(columns)) die(`no /columns/ page in ${site}`);
  // The first link to a column page, in document order, inside <main>.
  const html = fs.readFileSync(columns, 'utf8');
  const main = html.slice(Math.max(0, html.indexOf('<main')));
  const m = main.match(/href="[^"]*?columns\/([^"/?#]+)\/"/);
  if (!m) die('found no link to a column page on /columns/');
  pages.column = `columns/${m[1]}/`;
  return pages;
}

async function main() {
  const args = process.argv.slice(2);
  let base = '/';
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--base') base = args[++i];
    else if (args[i] === '-h' || args[i] === '--help') die('usage: node tests/browser/screenshots.mjs [--base PATH] SITE_DIR OUT_DIR [NAME=PAGE...]');
    else rest.push(args[i]);
  }
  const [site, out, ...extra] = rest;
  if (!site || !out) die('usage: node tests/browser/screenshots.mjs [--base PATH] SITE_DIR OUT_DIR [NAME=PAGE...]');
  if (!fs.existsSync(path.join(site, 'index.html'))) die(`${site} has no index.html: is it a built site?`);
  checkPrerequisites();

  const pages = defaultPages(site);
  for (const e of extra) {
    const eq = e.indexOf('=');
    if (eq < 1) die(`expected NAME=PAGE, got ${e}`);
    pages[e.slice(0, eq)] = normalisePage(e.slice(eq + 1));
  }
  fs.mkdirSync(out, { recursive: true });

  const server = await serveSite(site, base);
  const browser = await launchChromium();
  let problems = 0;
  try {
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        const context = await browser.newContext({
          viewport: { width: size.width, height: size.height },
          deviceScaleFactor: size.scale,
          colorScheme: scheme,
          javaScriptEnabled: false,
        });
        await guardRequests(context, server.origin, (msg) => {
          problems++;
          console.error(`warning: ${msg}`);
        });
        const page = await context.newPage();
        for (const [name, p] of Object.entries(pages)) {
          const resp = await page.goto(server.base + p, { waitUntil: 'load' });
          if (!resp || resp.status() !== 200) {
            problems++;
            console.error(`warning: /${p} answered ${resp ? resp.status() : 'nothing'}`);
          }
          const file = path.join(out, `${name}-${size.width}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const dims = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
          const sideways = dims[0] > size.width ? `  (scrolls sideways: ${dims[0]}px wide)` : '';
          console.log(`${file}  /${p}  ${dims[0]}x${dims[1]} css px${sideways}`);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems) console.error(`${problems} loading problem(s): the pictures may not show the real page`);
}

main().catch((e) => {
  console.error(`error: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
