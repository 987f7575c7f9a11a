// node tests/e2e/shot.mjs URL OUT.png [WIDTHxHEIGHT] [--full]
// A screenshot of one page in Debian's headless Chromium, with the page's console
// errors printed: a quick look while building a page.
import { launch } from './browser.mjs';

const [url, out, size = '1280x800', ...rest] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node tests/e2e/shot.mjs URL OUT.png [WIDTHxHEIGHT] [--full]');
  process.exit(2);
}
const [width, height] = size.split('x').map(Number);
const browser = await launch();
try {
  const page = await browser.first.newPage();
  await page.setViewportSize({ width, height });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: 'networkidle' }).catch(() => page.goto(url));
  await page.waitForTimeout(800);
  await page.screenshot({ path: out, fullPage: rest.includes('--full') });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
