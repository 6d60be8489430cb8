// The screenshots of docs/guide.md, taken as the guide's reader would see them: the starter
// report that `boardpack init` writes, previewed with `boardpack serve`, first as it is and
// then with the mistake the guide makes (a date written "1 April 2024"). Run it again when
// the starter report or the theme changes:
//
//   cd tests/browser && npm ci --ignore-scripts && node guide-shots.mjs
//
// BOARDPACK names the binary (default: target/debug/boardpack), CHROMIUM the browser
// (default: /usr/bin/chromium). The board pack's page in the guide is the README's
// docs/screenshots/pack-summary.png.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const binary = process.env.BOARDPACK ?? join(root, 'target', 'debug', 'boardpack');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const shots = join(root, 'docs', 'screenshots');

const work = mkdtempSync(join(tmpdir(), 'boardpack-guide-'));
const project = join(work, 'northshire-report');
const run = (...args) => {
  const result = spawnSync(binary, args, { cwd: work, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`boardpack ${args.join(' ')}: ${result.stderr}`);
};
run('init', 'northshire-report');
spawnSync(binary, ['new', 'person', "Dr Jo O'Neill"], { cwd: project });
const person = (appointed) => `name: "Dr Jo O'Neill"
job_title: Non-executive Director
profession: doctor
board:
  role: non-executive-director
  first_appointed: ${appointed}
  term_ends: 2027-03-31
interests:
  - { nil: true, declared: 2026-04-01 }
`;
writeFileSync(join(project, 'content/people/jo-oneill.yaml'), person('2024-04-01'));

const server = spawn(binary, ['serve', '--port', '0', '--no-pdf'], { cwd: project });
const url = await new Promise((found, failed) => {
  let said = '';
  server.stderr.on('data', (chunk) => {
    said += chunk;
    const match = said.match(/serving the report at (\S+)/);
    if (match) found(match[1]);
  });
  server.on('exit', () => failed(new Error(`serve ended:\n${said}`)));
});

const browser = await chromium.launch({ executablePath: browserPath });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url, { waitUntil: 'load' });
  await page.screenshot({ path: join(shots, 'guide-dashboard.png') });
  writeFileSync(join(project, 'content/people/jo-oneill.yaml'), person('1 April 2024'));
  await page.waitForSelector('#boardpack-error', { timeout: 20000 });
  await page.screenshot({ path: join(shots, 'guide-mistake.png') });
  console.log(`wrote ${join('docs', 'screenshots')}/guide-dashboard.png and guide-mistake.png`);
} finally {
  await browser.close();
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
