// Debian's Chromium driven by playwright-core: the launch every e2e script uses.
// Never a downloaded browser: executablePath is /usr/bin/chromium (or
// $QUORUM_CHROMIUM), with the flags this sandboxed, offline machine needs.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

// One profile of its own each: separate cookies and storage, as two people's
// browsers would have. The browsers are in Montréal's time zone (our first users'),
// whatever the machine's: a meeting created in one takes it.
function open(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.QUORUM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: flags,
    timezoneId: 'America/Toronto',
  });
}

export async function launch() {
  const profiles = [mkdtempSync(join(tmpdir(), 'quorum-chromium-'))];
  const contexts = [await open(profiles[0])];
  return {
    first: contexts[0],
    async newContext() {
      profiles.push(mkdtempSync(join(tmpdir(), 'quorum-chromium-')));
      contexts.push(await open(profiles.at(-1)));
      return contexts.at(-1);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
