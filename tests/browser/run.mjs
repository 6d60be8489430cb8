// The example report as reviewers see it, checked in CI (.ci/run runs this after `cargo test`):
// every page built into a temp folder goes through a link checker, the Nu HTML Checker, and
// Debian's Chromium (console errors, failed requests, axe-core at WCAG 2.2 A and AA, the
// keyboard, no sideways scrolling at 390 px, every chart's text inside its picture) and the
// search (typed, found, opened; nothing fetched from elsewhere), served over HTTP on
// loopback and opened from file:// (there without axe and the keyboard, which read only the
// document, the same both ways).
// Screenshots of the dashboard, the board, the measures summary and the measure with the
// most points, at 1280 and 390 px, go to target/screenshots/.
//
//   cd tests/browser && npm ci --ignore-scripts && node run.mjs
//
// BOARDPACK names the binary (default: target/debug/boardpack, which `cargo test` builds),
// CHROMIUM the browser (default: /usr/bin/chromium). Java runs the Nu HTML Checker.
// First the same checks run on fixtures/broken, a site with one of each fault, and each
// fault must be reported. Exits 1 when any check fails, after printing every failure.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { A4, checkEveryWordFinds, checkPrint, checkSearch, checkSite, htmlPages, screenshots } from './checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const binary = process.env.BOARDPACK ?? join(root, 'target', 'debug', 'boardpack');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const shots = join(root, 'target', 'screenshots');

// What each check must say about fixtures/broken: [check, page, words in the message].
const EXPECTED = [
  ['link', 'index.html', 'missing.css: no such file'],
  ['link', 'index.html', 'picture.svg: no such file'],
  ['link', 'index.html', 'no id "nowhere"'],
  ['link', 'index.html', 'gone.html: no such file'],
  ['link', 'index.html', '/other.html: starts at the site root'],
  ['link', 'index.html', 'sub/: names a folder'],
  ['HTML', 'index.html', 'Element “li” not allowed'],
  ['load', 'http 1280px index.html', 'console error: a script failed'],
  ['load', 'http 1280px index.html', 'HTTP 404'],
  ['load', 'file 1280px index.html', 'request failed'],
  ['axe', 'http 1280px index.html', 'image-alt'],
  ['axe', 'http 1280px index.html', 'html-has-lang'],
  ['axe', 'http 1280px index.html', 'color-contrast'],
  ['keyboard', 'http 1280px index.html', 'should reach "Skip to content"'],
  ['keyboard', 'http 1280px index.html', 'no visible focus ring on "A link without a focus ring"'],
  ['narrow', 'http 390px index.html', 'scrolls sideways'],
  ['chart', 'http 1280px index.html', '"A label too long for its chart" runs outside'],
  ['narrow', 'file 390px index.html', 'scrolls sideways'],
  ['print', 'A4 index.html', 'Too wide for a phone." reaches'],
  ['print', 'A4 index.html', 'past the right edge at 1009 px'],
];

const print = (failures) => {
  for (const f of failures) console.log(`    [${f.what}] ${f.where}: ${f.detail}`);
};

function buildExample() {
  if (!existsSync(binary)) {
    const cargo = spawnSync('cargo', ['build', '--quiet'], { cwd: root, stdio: 'inherit' });
    if (cargo.status !== 0) throw new Error('cargo build failed');
  }
  return buildProject(root);
}

function buildProject(project) {
  const out = join(mkdtempSync(join(tmpdir(), 'boardpack-browser-')), 'site');
  const run = spawnSync(binary, ['build', project, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`boardpack build failed:\n${run.stderr}`);
  return out;
}

// A starter project with a page of words from every part of Unicode the index sorts
// apart: letters past U+FFFF, full-width ones in U+FF00, accents and digits.
function buildWordsProject() {
  const project = join(mkdtempSync(join(tmpdir(), 'boardpack-words-')), 'project');
  const init = spawnSync(binary, ['init', project], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`boardpack init failed:\n${init.stderr}`);
  // Many words each side of U+FFFF, so that a bisection comparing UTF-16 units goes wrong
  // whatever the list's length: full-width ｑａ..., halfwidth katakana and Hangul, then
  // mathematical bold 𝐚𝐚..., Deseret and CJK extension B.
  const letters = (first, count) => Array.from({ length: count }, (_, i) => String.fromCodePoint(first + i));
  const words = [
    ...letters(0xff41, 20).map((c) => 'ｑ' + c),
    ...letters(0xff66, 10).map((c) => c + 'ｱ'),
    ...letters(0xffa1, 10).map((c) => c + 'ﾡ'),
    ...letters(0x1d41a, 20).map((c) => '𝐚' + c),
    ...letters(0x10428, 10).map((c) => c + '𐐨'),
    ...letters(0x20000, 10).map((c) => c + '𠀀'),
  ];
  writeFileSync(
    join(project, 'content', 'pages', 'glossary.md'),
    `---\ntitle: Glossary of 𝐛𝐨𝐥𝐝 terms\n---\nSee ｘｙｚ, 𠀀𠀁, café, Ωmega and 2026.\n\n${words.join(' ')}\n`,
  );
  return buildProject(project);
}

// The example with eighteen meetings: the board's attendance grid, a column per meeting,
// printed. (Past about fourteen it ran off the sheet, and the browser shrank every page of
// the board's to fit it.)
function buildManyMeetingsProject() {
  const project = join(mkdtempSync(join(tmpdir(), 'boardpack-meetings-')), 'project');
  cpSync(join(root, 'content'), join(project, 'content'), { recursive: true });
  cpSync(join(root, 'boardpack.yaml'), join(project, 'boardpack.yaml'));
  const present = 'margaret-ellison, david-osei, amara-okafor, helen-price, robert-singh, sarah-whitfield, nadia-hussain, peter-lang, grace-adeyemi, ian-mcbride, catherine-doyle, kavita-rao';
  for (let day = 1; day <= 10; day++) {
    const date = `2026-08-${String(day * 2).padStart(2, '0')}`;
    writeFileSync(
      join(project, 'content', 'meetings', `board-extra-${day}.yaml`),
      `date: ${date}\ntitle: Board of directors (extraordinary)\npresent: [${present}]\napologies: [tom-reilly]\n`,
    );
  }
  return buildProject(project);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: browserPath,
    // The last five keep Chromium from reaching out to Google's hosts: this machine's
    // network is closed, and refused connections would only slow every start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let failed = false;
  let site;
  try {
    console.log('checking the checkers on fixtures/broken (every fault must be reported):');
    const found = await checkSite(browser, join(here, 'fixtures', 'broken'));
    const missed = EXPECTED.filter(
      ([what, where, words]) => !found.some((f) => f.what === what && f.where.startsWith(where) && `${f.where}: ${f.detail}`.includes(words)),
    );
    if (missed.length) {
      failed = true;
      console.log('\nthese faults were not reported:');
      for (const [what, where, words] of missed) console.log(`    [${what}] ${where}: ${words}`);
      console.log('what was reported:');
      print(found);
    }

    console.log('\nchecking the example report:');
    site = buildExample();
    const failures = [
      ...(await checkSite(browser, site)),
      ...(await checkSearch(browser, site)),
      ...(await checkEveryWordFinds(browser, site)),
    ];
    console.log('\nprinting the board page with eighteen meetings:');
    const many = buildManyMeetingsProject();
    const printing = await browser.newContext({ viewport: { width: A4.upright, height: 1000 } });
    const printed = [];
    await checkPrint(printing, pathToFileURL(join(many, 'board.html')).href, 'A4 board.html (18 meetings)', (what, where, detail) =>
      printed.push({ what, where, detail }),
    );
    await printing.close();
    rmSync(dirname(many), { recursive: true, force: true });
    failures.push(...printed);
    console.log(`  ${printed.length ? 'problems found' : 'nothing past the paper\'s edge'}`);

    console.log('\nchecking the search on words from across Unicode:');
    const words = buildWordsProject();
    failures.push(...(await checkEveryWordFinds(browser, words)));
    rmSync(dirname(words), { recursive: true, force: true });
    if (failures.length) {
      failed = true;
      console.log(`\n${failures.length} problem(s) in the example report:`);
      print(failures);
    }

    mkdirSync(shots, { recursive: true });
    // The measure page with the most points shows the most of a chart.
    const points = (page) => readFileSync(join(site, page), 'utf8').split('<circle class="point"').length;
    const measure = htmlPages(site)
      .filter((p) => p.startsWith('measures/'))
      .sort((a, b) => points(b) - points(a))[0];
    if (!measure) throw new Error('the example report has no measure page to show');
    await screenshots(browser, site, ['index.html', 'board.html', 'measures.html', measure], shots);
    console.log(`\nscreenshots in ${relative(root, shots)}/`);
  } finally {
    await browser.close();
    if (site) rmSync(dirname(site), { recursive: true, force: true });
  }
  if (failed) process.exit(1);
  console.log('all checks passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
