// Prints each built JavaScript file's size, raw and gzipped, and the first load's total:
// the entry chunk and what index.html preloads (the budget is 300 KB gzipped).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const firstLoad = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7) + ' KB';
let total = 0;
let first = 0;
console.log('\nJavaScript of dist/assets (raw, gzip):');
for (const name of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).sort()) {
  const raw = readFileSync(join(dist, 'assets', name));
  const gzip = gzipSync(raw, { level: 9 }).length;
  total += gzip;
  if (firstLoad.has(name)) first += gzip;
  console.log(`  ${name.padEnd(40)} ${kb(raw.length)} ${kb(gzip)}${firstLoad.has(name) ? '  (first load)' : ''}`);
}
console.log(`first load: ${kb(first).trim()} gzipped (budget 300 KB); all pages: ${kb(total).trim()} gzipped\n`);
