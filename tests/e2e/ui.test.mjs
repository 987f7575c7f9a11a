// The web interface end to end, in Debian's headless Chromium driven by
// playwright-core, against a real `quorum serve` on a fresh database:
//
//   a facilitator creates a meeting and its agenda, invites people and publishes
//   a link; two participants join in browser contexts of their own (one on the
//   record, one off it); a round runs and the console, both participants and the
//   projector show the same speaker and countdown; a note-taker writes notes with a
//   marked action, a suggestion is accepted; the summary opens through its share
//   link and holds both.
//
// node tests/e2e/ui.test.mjs   (ctest runs it; QUORUM_BINARY names the server,
// QUORUM_SCREENSHOTS a folder for phone and desktop screenshots of every page)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.env.QUORUM_BINARY || resolve(here, '../../build/quorum');
const shots = process.env.QUORUM_SCREENSHOTS || '';
const timeout = 15000;

function step(text) {
  console.log(`· ${text}`);
}

// `quorum serve` with a database of its own: on a free port, or on `port` over
// an existing `data` folder (a restart).
async function startServer({ data = mkdtempSync(join(tmpdir(), 'quorum-e2e-')), port = 0 } = {}) {
  const child = spawn(binary, ['serve', '--data', data, '--port', String(port), '--bind', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server after 10 s: ${output}`)), 10000);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/serving (http:\/\/[^/\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  return {
    base,
    data,
    port: Number(new URL(base).port),
    // As a power cut would: no clean stop, the database as the last COMMIT left it.
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

const byTest = (page, id) => page.getByTestId(id);

// axe-core (from npm, like playwright-core) checks each page against WCAG 2.1 A
// and AA, contrast included, at both sizes. It is evaluated through the DevTools
// protocol, which the pages' Content-Security-Policy does not govern: the policy
// stays on for everything else.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const accessibility = [];

async function checkAccessibility(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  for (const violation of result.violations) {
    const where = violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ');
    accessibility.push(`${name}: ${violation.id} (${violation.impact}): ${violation.help} — ${where}`);
  }
}

// "1:05" → 65, "−0:12" → −12.
function seconds(text) {
  const match = String(text).match(/(−|-)?(\d+):(\d{2})(?::(\d{2}))?/);
  assert.ok(match, `a countdown, not «${text}»`);
  const parts = match.slice(2).filter(Boolean).map(Number);
  const total = parts.length === 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
  return match[1] ? -total : total;
}

// Each page at desktop and phone sizes: checked for accessibility, and
// photographed when QUORUM_SCREENSHOTS names a folder.
async function screenshot(page, name) {
  if (shots) mkdirSync(shots, { recursive: true });
  const size = page.viewportSize();
  for (const [label, width, height] of [
    ['desktop', 1280, 800],
    ['phone', 360, 740],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    if (shots) await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: label === 'phone' });
    await checkAccessibility(page, `${name} (${label})`);
  }
  if (size) await page.setViewportSize(size);
}

async function newPage(context, errors, name) {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${name}: console: ${message.text()}`);
  });
  return page;
}

async function main() {
  let server = await startServer();
  const browser = await launch();
  const errors = [];
  try {
    const { base } = server;

    step('a facilitator creates a meeting from the home page');
    const facilitator = await newPage(browser.first, errors, 'facilitator');
    await facilitator.goto(`${base}/`);
    await byTest(facilitator, 'create-title').fill('GT Numérique et communs — décembre');
    await byTest(facilitator, 'create-language').selectOption('fr');
    await byTest(facilitator, 'create-submit').click();
    await facilitator.waitForURL(/\/m\/[^/]+\/setup#t=/);
    const url = new URL(facilitator.url());
    const meetingId = url.pathname.split('/')[2];
    const key = new URLSearchParams(url.hash.slice(1)).get('t');
    assert.ok(meetingId && key, 'the setup page carries the meeting and its key');
    await assertEventually(async () => (await valueOf(byTest(facilitator, 'meeting-timezone'))) === 'America/Toronto',
      "the meeting in its creator's time zone");
    await screenshot(facilitator, 'setup');

    step('the agenda gets two timed items');
    for (const [title, minutes] of [
      ['Tour de table', '20'],
      ['Hébergement mutualisé', '40'],
    ]) {
      await byTest(facilitator, 'agenda-add-title').fill(title);
      await byTest(facilitator, 'agenda-add-minutes').fill(minutes);
      await byTest(facilitator, 'agenda-add-submit').click();
      await assertEventually(async () => (await byTest(facilitator, 'agenda-list').textContent()).includes(title));
    }
    assert.equal(await byTest(facilitator, 'agenda-item').count(), 2);

    step('the agenda is reordered from the keyboard (the alternative to dragging), and back');
    const firstItem = async () => (await byTest(facilitator, 'agenda-item').first().textContent()) || '';
    await byTest(facilitator, 'agenda-move-down').first().focus();
    await facilitator.keyboard.press('Enter');
    await assertEventually(async () => (await firstItem()).includes('Hébergement'), 'the moved item first');
    await byTest(facilitator, 'agenda-move-up').nth(1).focus();
    await facilitator.keyboard.press('Space');
    await assertEventually(async () => (await firstItem()).includes('Tour de table'), 'the order restored');
    const order = await facilitator.evaluate(async ([id, key]) => {
      const response = await fetch(`/api/v1/meetings/${id}`, { headers: { Authorization: `Bearer ${key}` } });
      return (await response.json()).agenda.map((item) => `${item.number} ${item.title}`);
    }, [meetingId, key]);
    assert.deepEqual(order, ['1 Tour de table', '2 Hébergement mutualisé'], 'the server holds the order and numbers shown');

    step('a link with a wrong token says why, in the interface\'s language, from the server\'s own message');
    {
      // Its own listeners: the refused request's "Failed to load resource" is the point here.
      const stranger = await browser.first.newPage();
      stranger.setDefaultTimeout(timeout);
      stranger.on('pageerror', (error) => errors.push(`wrong token: ${error.message}`));
      stranger.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('status of 401')) errors.push(`wrong token: ${message.text()}`);
      });
      await stranger.addInitScript(() => localStorage.setItem('quorum:lang', 'fr'));
      const refused = [];
      stranger.on('response', (r) => { if (r.status() === 401) refused.push(r.url()); });
      await stranger.goto(`${base}/m/${meetingId}/console#t=not-a-token`);
      await assertEventually(async () => (await stranger.locator('#page-error').textContent()).includes('jeton n’est pas valide'),
        'the French refusal');
      assert.ok(await stranger.locator('#live-status').isHidden(), 'no "Reconnecting…" when nothing will connect');
      assert.ok(refused.length > 0, 'the refusal came from the server');
      await stranger.close();
    }

    step('three people are invited: two participants and a note-taker');
    const links = {};
    for (const [name, role] of [
      ['Karim Benali', 'participant'],
      ['Sophie Tremblay', 'participant'],
      ['Amélie Côté', 'note-taker'],
    ]) {
      await byTest(facilitator, 'invite-name').fill(name);
      await byTest(facilitator, 'invite-role').selectOption(role);
      await byTest(facilitator, 'invite-submit').click();
      await assertEventually(async () => (await valueOf(byTest(facilitator, 'invite-link'))).includes('/join#t='));
      links[name] = await valueOf(byTest(facilitator, 'invite-link'));
      if (role === 'note-taker') links.notes = await valueOf(byTest(facilitator, 'invite-notes-link'));
      await assertEventually(async () => (await byTest(facilitator, 'participants-table').textContent()).includes(name));
    }
    assert.notEqual(links['Karim Benali'], links['Sophie Tremblay']);
    assert.match(links.notes, /\/notes#t=/);

    step('a public link is published: the projector and the summary');
    await byTest(facilitator, 'share-visibility').selectOption('public');
    await byTest(facilitator, 'share-create').click();
    await assertEventually(async () => (await valueOf(byTest(facilitator, 'projector-link'))).includes('/projector#t='));
    const projectorLink = await valueOf(byTest(facilitator, 'projector-link'));
    const shareLink = await valueOf(byTest(facilitator, 'share-link'));
    assert.match(shareLink, /\/s\/[A-Za-z0-9_-]{20,}/);

    step('two participants join, each in a browser context of their own');
    const karim = await newPage(await browser.newContext(), errors, 'karim');
    await karim.goto(links['Karim Benali']);
    await byTest(karim, 'consent-panel').waitFor();
    await screenshot(karim, 'join-consent');
    await byTest(karim, 'consent-on').click();
    const sophie = await newPage(await browser.newContext(), errors, 'sophie');
    await sophie.goto(links['Sophie Tremblay']);
    await byTest(sophie, 'consent-off').click();
    for (const page of [karim, sophie]) {
      await byTest(page, 'record-state').waitFor();
      await byTest(page, 'consent-panel').waitFor({ state: 'hidden' });
    }

    step('the console starts the meeting and a round');
    const console_ = await newPage(browser.first, errors, 'console');
    await console_.goto(`${base}/m/${meetingId}/console#t=${key}`);
    await byTest(console_, 'start-meeting').focus();
    await console_.keyboard.press('Enter');
    await assertEventually(async () => (await byTest(console_, 'current-item').textContent()).includes('Tour de table'));
    const projector = await newPage(await browser.newContext(), errors, 'projector');
    await projector.goto(projectorLink);
    await byTest(projector, 'proj-title').waitFor();

    await byTest(console_, 'round-seconds').fill('90');
    await byTest(console_, 'round-order').selectOption('listed');
    await byTest(console_, 'round-start').click();

    step('every page shows the same speaker and countdown');
    const speakerOn = [
      [console_, 'round-speaker', 'round-countdown'],
      [karim, 'speaker-name', 'speaker-countdown'],
      [sophie, 'speaker-name', 'speaker-countdown'],
      [projector, 'proj-speaker', 'proj-speaker-countdown'],
    ];
    // `expected` for the members' pages; the projector's public audience sees an
    // off-the-record speaker under the summary's name for her.
    const agree = async (expected, publicName = expected) => {
      await assertEventually(async () => {
        const names = await Promise.all(speakerOn.map(([page, id]) => byTest(page, id).textContent()));
        return names.every((name, i) => name.includes(speakerOn[i][0] === projector ? publicName : expected));
      }, `every page names ${expected}`);
      const left = await Promise.all(speakerOn.map(([page, , id]) => byTest(page, id).textContent()));
      const values = left.map(seconds);
      assert.ok(Math.max(...values) - Math.min(...values) <= 1, `countdowns agree: ${left.join(' / ')}`);
      assert.ok(values[0] > 60 && values[0] <= 90, `a 90 s turn: ${left[0]}`);
    };
    // The round runs over the present people in the order listed: Karim first.
    await agree('Karim Benali');
    await screenshot(console_, 'console');
    await screenshot(karim, 'join');
    {
      // On a phone, "raise a hand" is within the first screen
      const size = karim.viewportSize();
      await karim.setViewportSize({ width: 360, height: 740 });
      const box = await byTest(karim, 'raise-hand').boundingBox();
      assert.ok(box && box.y + box.height <= 740, `raise-hand within the first phone screen (bottom at ${box && box.y + box.height} px)`);
      if (size) await karim.setViewportSize(size);
    }
    await screenshot(projector, 'projector');
    await byTest(console_, 'round-next').click();
    await agree('Sophie Tremblay', 'Participant·e hors compte rendu 1');
    assert.ok(!(await projector.textContent('body')).includes('Sophie Tremblay'), 'the projector never names her');

    step('Karim raises his hand from the keyboard; the console sees the queue');
    await byTest(karim, 'hand-type').selectOption({ index: 1 });
    await byTest(karim, 'raise-hand').focus();
    await karim.keyboard.press('Enter');
    await assertEventually(async () => (await byTest(console_, 'queue-list').textContent()).includes('Karim Benali'));

    step('an announcement reaches the projector and the participants\' pages');
    await byTest(console_, 'command-input').fill('annonce Pause de dix minutes');
    await byTest(console_, 'command-input').press('Enter');
    for (const [page, id] of [[projector, 'proj-notice'], [karim, 'notice'], [sophie, 'notice']]) {
      await assertEventually(async () => (await byTest(page, id).textContent()).includes('Pause de dix minutes'),
        `the announcement on ${id}`);
    }

    step('the note-taker writes notes with a marked action and accepts a suggestion');
    const notes = await newPage(await browser.newContext(), errors, 'notes');
    await notes.goto(links.notes);
    // The markers cheat sheet lists the markers (it once printed "[object HTMLElement]")
    await assertEventually(async () => (await notes.locator('#markers-body dt code').count()) > 3,
      'the cheat sheet lists its markers');
    assert.ok(!(await notes.locator('#markers-body').textContent()).includes('[object'), 'no [object …] in the cheat sheet');
    await byTest(notes, 'notes-item').first().click();
    await byTest(notes, 'notes-editor').fill(
      [
        'Tour de table des organismes présents.',
        '',
        'ACTION : Karim Benali envoie le devis d’hébergement avant le 15 décembre.',
        '',
        'Il faudrait inviter la Ville de Trois-Lacs à la prochaine rencontre.',
      ].join('\n'),
    );
    await assertEventually(async () => /1|enregistr|saved/i.test(await byTest(notes, 'save-status').textContent()));
    await assertEventually(async () => (await byTest(notes, 'notes-preview').innerHTML()).includes('devis'));
    const suggested = byTest(notes, 'item-row').filter({ hasText: 'inviter la Ville' });
    await assertEventually(async () => (await suggested.getAttribute('data-state')) === 'suggested');
    await assertEventually(async () => (await byTest(notes, 'items-panel').textContent()).includes('devis'));
    await screenshot(notes, 'notes');
    await suggested.getByTestId('item-accept').click();
    await assertEventually(async () => (await suggested.getAttribute('data-state')) === 'accepted');

    step('two people edit the same notes at once: one is told, and nothing is lost');
    const other = await newPage(browser.first, errors, 'notes-facilitator');
    await other.goto(`${base}/m/${meetingId}/notes#t=${key}`);
    for (const page of [notes, other]) {
      await byTest(page, 'notes-item').nth(1).click();
      await assertEventually(async () => (await byTest(page, 'save-status').getAttribute('data-state')) !== 'saving');
    }
    const mine = 'Discussion : la coopérative présente son offre.';
    const theirs = 'Hébergement : trois organismes intéressés.';
    await byTest(other, 'notes-editor').fill(theirs);
    await byTest(notes, 'notes-editor').fill(mine);
    await byTest(notes, 'notes-editor').press('Control+s');
    let conflicted = null;
    await assertEventually(async () => {
      for (const page of [notes, other]) {
        if (await byTest(page, 'conflict-panel').isVisible()) conflicted = page;
      }
      return conflicted !== null;
    }, 'one editor to be shown the conflict');
    const kept = conflicted === notes ? mine : theirs;
    const lost = conflicted === notes ? theirs : mine;
    assert.equal(await byTest(conflicted, 'conflict-yours').inputValue(), kept);
    assert.equal(await byTest(conflicted, 'conflict-theirs').inputValue(), lost);
    await byTest(conflicted, 'conflict-keep-mine').click();
    await assertEventually(async () => (await byTest(conflicted, 'save-status').getAttribute('data-state')) === 'saved');
    const history = await conflicted.evaluate(async ([id, tok, item]) => {
      const headers = { Authorization: `Bearer ${tok}` };
      const note = await (await fetch(`/api/v1/meetings/${id}/notes/${item}`, { headers })).json();
      const texts = [];
      for (let n = 1; n <= note.revision; n += 1) {
        const revision = await fetch(`/api/v1/meetings/${id}/notes/${item}/revisions/${n}`, { headers });
        texts.push((await revision.json()).text);
      }
      return { text: note.text, texts };
    }, [meetingId, key, await byTest(notes, 'notes-item').nth(1).getAttribute('data-item-id')]);
    // Chromium logs the 409 that told the page; it is the answer expected here.
    forgive(errors, /status of 409/);
    assert.equal(history.text, kept, 'the kept version is the current one');
    assert.ok(history.texts.includes(lost), 'the other version is in the history');

    step('the summary opens through its share link');
    const reader = await newPage(await browser.newContext(), errors, 'reader');
    await reader.goto(shareLink);
    const summary = await reader.textContent('body');
    assert.ok(summary.includes('devis'), 'the marked action is in the summary');
    assert.ok(summary.includes('inviter la Ville'), 'the accepted suggestion is in the summary');
    assert.ok(summary.includes('Karim Benali'), 'the person on the record is named');
    assert.ok(!summary.includes('Sophie Tremblay'), 'the person off the record is not');
    // She spoke in the round: her time is counted under the name the summary gives her.
    assert.match(summary, /hors compte rendu 1 — \d+ s/, 'the off-the-record speaking time is counted');
    await screenshot(reader, 'summary');

    const home = await newPage(await browser.newContext(), errors, 'home');
    await home.goto(`${base}/`);
    await screenshot(home, 'home');

    step('the server is killed (SIGKILL) and started again: every page comes back by itself');
    const speakerBefore = (await byTest(console_, 'round-speaker').textContent()).trim();
    const publicBefore = (await byTest(projector, 'proj-speaker').textContent()).trim();
    await server.kill();
    await assertEventually(
      async () => (await console_.locator('#live-status').getAttribute('data-state')) === 'closed',
      'the console to notice',
    );
    server = await startServer({ data: server.data, port: server.port });
    for (const [page, id] of [
      [console_, 'round-speaker'],
      [karim, 'speaker-name'],
      [projector, 'proj-speaker'],
    ]) {
      await assertEventually(
        async () => (await page.locator('#live-status').getAttribute('data-state')) === 'open',
        'the page to reconnect',
      );
      const expected = page === projector ? publicBefore : speakerBefore;
      await assertEventually(async () => (await byTest(page, id).textContent()).includes(expected));
    }
    // The turn's deadline came back from the log: the countdown still runs.
    assert.ok(seconds(await byTest(console_, 'round-countdown').textContent()) > 0);
    // Reconnecting pages log the refused connections while the server was down.
    forgive(errors, /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/);

    assert.deepEqual(errors, [], 'no page error and no console error (a CSP violation shows here)');
    assert.deepEqual(accessibility, [], 'no WCAG 2.1 A/AA violation on any page');
    console.log('ok: the web interface end to end');
  } finally {
    await browser.close();
    server.stop();
  }
}

// Drops the console errors a step caused on purpose.
function forgive(errors, pattern) {
  for (let i = errors.length - 1; i >= 0; i -= 1) {
    if (pattern.test(errors[i])) errors.splice(i, 1);
  }
}

async function valueOf(locator) {
  const tag = await locator.evaluate((node) => node.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? locator.inputValue() : (await locator.textContent()).trim();
}

// Live pages update on their own: wait (without polling the server: the browser
// is what changes) until `check` holds.
async function assertEventually(check, what = 'the page to update') {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
