// Shared helpers for the browser checks: a static server for a built site, bound to
// 127.0.0.1 on a free port, and Debian's Chromium driven by playwright-core (never a
// downloaded browser: `npx playwright install` is neither needed nor wanted).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Flags for a closed network: without the background-networking ones Chromium keeps trying
// (and failing) to reach Google's hosts.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Fails with a message naming what to install when Chromium or the node packages are missing. */
export function checkPrerequisites() {
  const problems = [];
  if (!fs.existsSync(CHROMIUM)) {
    problems.push(
      `Chromium not found at ${CHROMIUM}: install Debian's package ` +
        '(`apt-get update && apt-get install -y chromium`) or set CHROMIUM=/path/to/chromium',
    );
  }
  for (const pkg of ['playwright-core', 'axe-core']) {
    try {
      require.resolve(`${pkg}/package.json`);
    } catch {
      problems.push(`node package ${pkg} missing: run \`npm ci\` in tests/browser`);
    }
  }
  if (problems.length) {
    for (const p of problems) console.error(`error: ${p}`);
    process.exit(2);
  }
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function axeSourcePath() {
  return require.resolve('axe-core/axe.min.js');
}

/**
 * Serves `root` on 127.0.0.1 (port 0: a free one). `prefix` is the base URL's path
 * ("/" or "/portal/"): requests under it map to the folder. A folder serves its
 * index.html; a missing file answers 404 with the site's 404.html. Returns
 * `{ origin, base, close() }`, where `base` is origin + prefix.
 */
export async function serveSite(root, prefix = '/') {
  root = path.resolve(root);
  if (!prefix.startsWith('/')) prefix = '/' + prefix;
  if (!prefix.endsWith('/')) prefix += '/';
  const notFound = path.join(root, '404.html');
  const server = http.createServer((req, res) => {
    const send = (status, file) => {
      const body = fs.readFileSync(file);
      res.writeHead(status, {
        'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const missing = () => {
      if (fs.existsSync(notFound)) return send(404, notFound);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    };
    try {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!p.startsWith(prefix)) return missing();
      p = p.slice(prefix.length);
      let file = path.resolve(root, '.' + path.sep + p);
      if (file !== root && !file.startsWith(root + path.sep)) return missing();
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        if (!req.url.split('?')[0].endsWith('/')) {
          res.writeHead(301, { location: req.url.split('?')[0] + '/' });
          return res.end();
        }
        file = path.join(file, 'index.html');
      }
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return missing();
      return send(200, file);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    base: origin + prefix,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Every HTML page of a built site, as URL paths relative to the site's root ("", "bulletins/", "404.html"). */
export function allPages(root) {
  const out = [];
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(path.join(dir, e.name), rel + e.name + '/');
      else if (e.name.endsWith('.html')) out.push(e.name === 'index.html' ? rel : rel + e.name);
    }
  };
  walk(path.resolve(root), '');
  return out;
}

/** "/bulletins/x/" or "bulletins/x/" or "404.html" -> "bulletins/x/", relative to the site's base. */
export function normalisePage(p) {
  return p.replace(/^\/+/, '');
}

/**
 * Blocks every request that is not to our own server (the portal must make no external
 * request) and reports it, with every local sub-resource that failed, through `report(msg)`.
 */
export async function guardRequests(context, origin, report) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url === 'about:blank') return route.continue();
    report(`external request blocked: ${url}`);
    return route.abort('blockedbyclient');
  });
  context.on('response', (resp) => {
    const req = resp.request();
    if (resp.status() >= 400 && req.resourceType() !== 'document') {
      report(`HTTP ${resp.status()} for ${req.resourceType()} ${resp.url()}`);
    }
  });
  context.on('requestfailed', (req) => {
    const f = req.failure();
    const text = f ? f.errorText : '?';
    if (text.includes('BLOCKED')) return; // reported by the route above
    // Chromium fetches a page's icon after the load event and cancels that fetch when the
    // test moves on to the next page; a missing icon still shows as an HTTP 404 above.
    if (text.includes('ERR_ABORTED') && req.resourceType() === 'other') return;
    report(`request failed: ${req.url()} (${text})`);
  });
}
