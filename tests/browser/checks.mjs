// Every check of a built site, as a list of failures: links and anchors, the Nu HTML Checker,
// then each page in Chromium (console, requests, axe-core, keyboard, narrow screens, chart
// text inside each chart), served
// over HTTP on loopback and opened from file:// (see checkSite for what runs both ways).

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import axe from 'axe-core';
import { checkLinks, NOT_FOUND } from './links.mjs';
import { serve } from './serve.mjs';

// WCAG 2.2 at levels A and AA, as axe-core tags them (each version adds its own tags).
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
export const WIDTHS = { wide: 1280, narrow: 390 };

function step(name) {
  const started = Date.now();
  process.stdout.write(`  ${name} ... `);
  return () => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Runs `task` on every item, a few at a time: pages wait on the browser more than on the CPU.
async function eachAtOnce(items, task, width = 4) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

export function htmlPages(site) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith('.html') ? [relative(site, path).split(sep).join('/')] : [];
    });
  return walk(site).sort();
}

function validateHtml(site, pages, fail) {
  const require = createRequire(import.meta.url);
  const jar = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  // --errors-only: warnings and notes (a trailing slash on a void element, say) are advice.
  const files = pages.map((p) => join(site, p));
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`cannot run java for the Nu HTML Checker: ${run.error.message}`);
  let report;
  try {
    report = JSON.parse(run.stderr);
  } catch {
    throw new Error(`the Nu HTML Checker did not report (exit ${run.status}):\n${run.stderr}`);
  }
  for (const m of report.messages) {
    const where = m.url ? relative(site, fileURLToPath(m.url)) : '(checker)';
    fail('HTML', `${where}:${m.lastLine ?? '?'}`, m.message);
  }
}

// Everything a keyboard user can reach, in tab order, and whether each shows a focus ring.
async function tabThrough(page) {
  const expected = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const all = [...document.querySelectorAll(selector)].filter(
      (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]'),
    );
    all.forEach((el, i) => el.setAttribute('data-tab-check', String(i)));
    return all.length;
  });
  const reached = [];
  for (let i = 0; i < expected + 1; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
        (style.boxShadow !== 'none' && style.boxShadow !== '');
      return {
        index: el.getAttribute('data-tab-check'),
        text: (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 40),
        href: el.getAttribute('href'),
        ring,
      };
    });
    if (!focus || (reached.length && focus.index === reached[0].index)) break;
    reached.push(focus);
  }
  return { expected, reached };
}

async function checkPage(context, url, name, { accessibility, keyboard, narrow }, fail) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  for (const problem of problems) fail('load', name, problem);

  if (accessibility) {
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      WCAG_TAGS,
    );
    for (const v of result.violations) {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
      fail('axe', name, `${v.id} (${v.impact}): ${v.help} [${v.nodes.length} x, e.g. ${targets}]`);
    }
  }

  // Every text of every chart inside the chart's viewBox, measured in the fonts this
  // browser draws it with (the build estimates widths; this is the check of that estimate).
  const outside = await page.evaluate(() => {
    const found = [];
    for (const svg of document.querySelectorAll('svg.chart')) {
      const view = svg.viewBox.baseVal;
      for (const text of svg.querySelectorAll('text')) {
        const box = text.getBBox();
        if (box.x < view.x - 0.5 || box.y < view.y - 0.5 || box.x + box.width > view.x + view.width + 0.5 || box.y + box.height > view.y + view.height + 0.5) {
          found.push(`"${text.textContent}" runs outside its chart: x ${box.x.toFixed(0)} to ${(box.x + box.width).toFixed(0)}, y ${box.y.toFixed(0)} to ${(box.y + box.height).toFixed(0)}, of ${view.width} x ${view.height}`);
        }
      }
    }
    return found;
  });
  for (const problem of outside) fail('chart', name, problem);

  if (narrow) {
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    if (scroll > client) fail('narrow', name, `scrolls sideways: ${scroll} px of content in ${client} px`);
  }

  if (keyboard) {
    const { expected, reached } = await tabThrough(page);
    const first = reached[0];
    if (!first || first.href !== '#main') {
      fail('keyboard', name, `the first Tab should reach "Skip to content" (#main), reached ${first ? `"${first.text}"` : 'nothing'}`);
    }
    const main = await page.evaluate(() => document.getElementById('main')?.tagName);
    if (main !== 'MAIN') fail('keyboard', name, "the skip link's target #main is not the <main> element");
    const seen = new Set(reached.map((r) => r.index));
    if (seen.size !== expected) fail('keyboard', name, `Tab reached ${seen.size} of ${expected} links and controls`);
    for (const r of reached.filter((r) => !r.ring)) fail('keyboard', name, `no visible focus ring on "${r.text}"`);
  }
  await page.close();
}

// The width inside an A4 page's margins (15 mm each side, as the theme's @page sets them),
// in CSS pixels, upright and turned sideways (the theme's `wide` page, for `.wide-print`).
export const A4 = { upright: Math.floor((210 - 30) * 96 / 25.4), sideways: Math.floor((297 - 30) * 96 / 25.4) };

// A page as printed: nothing of <main> may reach past the right edge of the paper, which
// the printer cuts off. What is set on a sideways page is measured at that page's width.
export async function checkPrint(context, url, name, fail) {
  const page = await context.newPage();
  await page.emulateMedia({ media: 'print' });
  await page.goto(url, { waitUntil: 'load' });
  const past = async (width, sideways) => {
    await page.setViewportSize({ width, height: 1000 });
    return page.evaluate(({ width, sideways }) => {
      const found = [];
      for (const el of document.querySelectorAll('main *')) {
        if (Boolean(el.closest('.wide-print')) !== sideways) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1) {
          const what = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '');
          found.push(`${what} "${(el.textContent || '').trim().slice(0, 40)}" reaches ${Math.round(box.right)} px, past the right edge at ${width} px`);
        }
      }
      return found;
    }, { width, sideways });
  };
  // The outermost is the one to mend; what it holds runs past with it.
  const found = [...(await past(A4.upright, false)).slice(0, 3), ...(await past(A4.sideways, true)).slice(0, 3)];
  for (const problem of found) fail('print', name, problem);
  await page.close();
}

// A browser context of the given width whose every page has axe-core loaded at the start of
// each document, before the page's own scripts run, so it never races them.
async function withAxe(browser, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.addInitScript({ content: axe.source });
  return context;
}

// Checks the site in `site` (a folder); returns every failure as { what, where, detail }.
export async function checkSite(browser, site) {
  const failures = [];
  const fail = (what, where, detail) => failures.push({ what, where, detail });
  const pages = htmlPages(site);

  let done = step(`links and anchors in ${pages.length} pages`);
  for (const problem of checkLinks(site, pages)) fail('link', problem.page, problem.detail);
  done();

  done = step('the Nu HTML Checker');
  validateHtml(site, pages, fail);
  done();

  const server = await serve(site);
  try {
    const bases = {
      http: `http://127.0.0.1:${server.address().port}/`,
      file: pathToFileURL(site + sep).href,
    };
    for (const [how, base] of Object.entries(bases)) {
      // 404.html is for web servers (see links.mjs); from disk it is never shown.
      const shown = how === 'file' ? pages.filter((p) => p !== NOT_FOUND) : pages;
      // From disk the same files make the same document, so axe and the keyboard, which
      // read only the document, run over HTTP; what differs from disk (a link, a script
      // or a request that works only from a server) shows as a load failure, the chart
      // text or a sideways scroll, checked both ways. Repeating axe and the keyboard from
      // disk was about a third of the suite's time.
      const accessibility = how === 'http';
      for (const [label, width] of Object.entries(WIDTHS)) {
        const narrow = label === 'narrow';
        const checks = ['load', accessibility && 'axe', narrow ? 'no sideways scroll' : accessibility && 'keyboard'];
        done = step(`every page over ${how} at ${width} px: ${checks.filter(Boolean).join(', ')}`);
        const context = accessibility
          ? await withAxe(browser, width)
          : await browser.newContext({ viewport: { width, height: 900 } });
        const keyboard = accessibility && !narrow;
        await eachAtOnce(shown, (path) =>
          checkPage(context, new URL(path, base).href, `${how} ${width}px ${path}`, { accessibility, keyboard, narrow }, fail),
        );
        await context.close();
        done();
      }
    }
    // Printed once, over HTTP: the print styles are the same from disk.
    done = step(`every page printed on A4: nothing past the paper's edge`);
    const printing = await browser.newContext({ viewport: { width: A4.upright, height: 1000 } });
    await eachAtOnce(pages, (path) => checkPrint(printing, new URL(path, bases.http).href, `A4 ${path}`, fail));
    await printing.close();
    done();
  } finally {
    server.close();
  }
  return failures;
}

// Screenshots of `paths` at both widths: the whole page (`board-wide.png`) and what the first
// screen shows (`board-wide-screen.png`, 900 px tall, or 844 px on a phone).
export async function screenshots(browser, site, paths, folder) {
  const server = await serve(site);
  try {
    for (const [label, width] of Object.entries(WIDTHS)) {
      const height = label === 'narrow' ? 844 : 900;
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(`http://127.0.0.1:${server.address().port}/${path}`, { waitUntil: 'load' });
        const name = path.replace(/\.html$/, '').replaceAll('/', '-');
        await page.screenshot({ path: join(folder, `${name}-${label}.png`), fullPage: true });
        await page.screenshot({ path: join(folder, `${name}-${label}-screen.png`) });
      }
      await context.close();
    }
  } finally {
    server.close();
  }
}

// Every word of the site's index, typed as a query on its search page, finds a record: the
// page bisects the sorted word list, and an order the page and boardpack disagree on (a
// letter past U+FFFF beside one in U+E000-U+FFFF) left words unfindable.
export async function checkEveryWordFinds(browser, site) {
  const failures = [];
  const done = step('every indexed word finds its record');
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push({ what: 'search', where: 'search.html', detail: `script error: ${error.message}` }));
  await page.goto(pathToFileURL(join(site, 'search.html')).href, { waitUntil: 'load' });
  const missed = await page.evaluate(() => {
    const index = window.boardpackSearch;
    if (!index) return ['(no index)'];
    const form = document.getElementById('search-form');
    const input = document.getElementById('search-query');
    const list = document.getElementById('search-results');
    return index.words.filter((word) => {
      input.value = word;
      form.requestSubmit();
      return list.children.length === 0;
    });
  });
  for (const word of missed) failures.push({ what: 'search', where: 'search.html', detail: `the indexed word "${word}" finds nothing` });
  await context.close();
  done();
  return failures;
}

// The search, as a reader uses it, over HTTP and from file://: a word typed in the box of
// the dashboard finds its record on the search page; typing there updates the results; no
// request leaves the site; axe finds nothing with results shown. The word comes from the
// site's own index, so this works for any report.
export async function checkSearch(browser, site) {
  const failures = [];
  const fail = (what, where, detail) => failures.push({ what, where, detail });
  const done = step('the search, over http and from file');
  const server = await serve(site);
  try {
    const bases = {
      http: `http://127.0.0.1:${server.address().port}/`,
      file: pathToFileURL(site + sep).href,
    };
    for (const [how, base] of Object.entries(bases)) {
      const context = await withAxe(browser, WIDTHS.wide);
      const page = await context.newPage();
      const outside = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(base)) outside.push(request.url());
      });
      page.on('pageerror', (error) => fail('search', how, `script error: ${error.message}`));
      await page.goto(new URL('search.html', base).href, { waitUntil: 'load' });
      const target = await page.evaluate(() => {
        const index = window.boardpackSearch;
        if (!index) return null;
        const doc = index.docs.find((d) => d[0] === 'Person') ?? index.docs[0];
        const word = doc[1].split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2).pop();
        return { word, href: doc[2], title: doc[1] };
      });
      if (!target) {
        fail('search', how, 'search.html did not load its index (window.boardpackSearch)');
        await context.close();
        continue;
      }

      // From the dashboard's search box, with the keyboard.
      await page.goto(new URL('index.html', base).href, { waitUntil: 'load' });
      await page.focus('input[type="search"]');
      await page.keyboard.type(target.word);
      try {
        await Promise.all([page.waitForURL(/search\.html\?q=/, { timeout: 5000 }), page.keyboard.press('Enter')]);
        await page.waitForFunction(() => document.getElementById('search-status')?.textContent, null, { timeout: 5000 });
      } catch {
        fail('search', how, `Enter in the search box did not show results on the search page (at ${page.url()})`);
        await context.close();
        continue;
      }
      const found = await page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')));
      if (!found.includes(target.href)) {
        fail('search', how, `searching "${target.word}" did not find ${target.title} (${target.href}); found ${found.slice(0, 5).join(', ') || 'nothing'}`);
      }
      const status = await page.textContent('#search-status');
      if (!/result/.test(status ?? '')) fail('search', how, `no result count announced: "${status}"`);
      if (await page.isVisible('#search-without-script')) fail('search', how, 'the no-script message shows with scripts on');

      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        WCAG_TAGS,
      );
      for (const v of result.violations) fail('axe', `${how} search.html with results`, `${v.id}: ${v.help}`);

      // Typing on the search page updates the list; a word found nowhere says so.
      await page.fill('#search-query', 'zzqxnotaword');
      await page.waitForFunction(() => /No results/.test(document.getElementById('search-status').textContent));
      await page.fill('#search-query', target.word.slice(0, 3));
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);

      // Case and accents do not matter: the word in capitals with an accent typed on its
      // first vowel (as a mark of its own) finds the same record.
      const accented = target.word.toUpperCase().replace(/[AEIOU]/, (v) => v + '\u0301');
      await page.fill('#search-query', accented);
      try {
        await page.waitForFunction((href) => [...document.querySelectorAll('#search-results a')].some((a) => a.getAttribute('href') === href), target.href, { timeout: 5000 });
      } catch {
        fail('search', how, `searching "${accented}" did not find ${target.title} (${target.href})`);
      }

      // A result is a link that opens its page.
      await page.fill('#search-query', target.word);
      await page.waitForFunction((href) => [...document.querySelectorAll('#search-results a')].some((a) => a.getAttribute('href') === href), target.href);
      await Promise.all([page.waitForURL((url) => url.href.endsWith(target.href)), page.click(`#search-results a[href="${target.href}"]`)]);
      if (!page.url().endsWith(target.href)) fail('search', how, `the result link went to ${page.url()}`);
      for (const url of outside) fail('search', how, `request outside the site: ${url}`);
      await context.close();
    }
  } finally {
    server.close();
  }
  done();
  return failures;
}
