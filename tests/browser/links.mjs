// Every internal href and src in the built site must name a file that exists, and every
// #fragment an id in that file. Links must also work from file://, so none may start at the
// site root ("/...") or end at a folder (a web server would add index.html; a disk won't).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const decode = (value) => value.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ENTITIES[e]);

// Attribute values of every tag; the site's HTML is machine-written and always quotes them.
function attributes(html, name) {
  const found = [];
  const pattern = new RegExp(`<[a-zA-Z][^>]*?\\s${name}="([^"]*)"`, 'g');
  for (const match of html.matchAll(pattern)) found.push(decode(match[1]));
  return found;
}

export const NOT_FOUND = '404.html';

export function checkLinks(site, pages) {
  const problems = [];
  const ids = new Map();
  const idsOf = (path) => {
    if (!ids.has(path)) {
      const html = readFileSync(join(site, path), 'utf8');
      ids.set(path, new Set([...attributes(html, 'id'), ...attributes(html, 'name')]));
    }
    return ids.get(path);
  };
  let checked = 0;
  for (const page of pages) {
    const html = readFileSync(join(site, page), 'utf8');
    for (const link of [...attributes(html, 'href'), ...attributes(html, 'src')]) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue; // another site
      checked++;
      const report = (detail) => problems.push({ page, detail: `${link}: ${detail}` });
      // 404.html is the one exception: a web server sends it for a missing address at any
      // depth, so its links start at the site's base_url (here "/"). Opened from disk it is
      // never shown: the browser shows its own "file not found".
      if (link.startsWith('/') && page !== NOT_FOUND) {
        report('starts at the site root, which breaks the site opened from disk');
        continue;
      }
      const [pathPart, fragment] = link.split('#', 2);
      const from = link.startsWith('/') ? '' : posix.dirname(page);
      const target = pathPart === '' ? page : posix.normalize(posix.join(from, decodeURI(pathPart.split('?')[0])));
      if (target.startsWith('../')) {
        report('points outside the site');
        continue;
      }
      const file = normalize(join(site, target));
      if (!existsSync(file)) {
        report(`no such file ${target}`);
        continue;
      }
      if (statSync(file).isDirectory()) {
        report('names a folder, which does not open from disk');
        continue;
      }
      if (fragment !== undefined && fragment !== '' && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(fragment))) {
        report(`no id "${fragment}" in ${target}`);
      }
    }
  }
  if (checked === 0) problems.push({ page: '(all)', detail: 'no internal links were found: the checker is broken' });
  return problems;
}



