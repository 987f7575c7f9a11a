// Debian's Chromium driven by playwright-core: the launch every e2e script uses.
// Never a downloaded browser: executablePath is /usr/bin/chromium (or
// $QUORUM_CHROMIUM), with the flags this sandboxed, offline machine needs.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'quorum-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.QUORUM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  // Each participant gets a context of its own (separate cookies and storage):
  // a persistent context is one profile, so more come from fresh profiles too.
  const contexts = [context];
  const profiles = [profile];
  return {
    first: context,
    async newContext() {
      const dir = mkdtempSync(join(tmpdir(), 'quorum-chromium-'));
      profiles.push(dir);
      const more = await chromium.launchPersistentContext(dir, {
        executablePath: process.env.QUORUM_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
      });
      contexts.push(more);
      return more;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
