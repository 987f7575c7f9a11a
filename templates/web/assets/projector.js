// The projector / webinar view: what the room (or thousands of remote
// attendees) sees, from a public share link only. The viewer's state has no
// notes and no speaking times; this page shows the current item, who speaks,
// who comes next, and how the meeting runs, readable from the back of the room.
// No controls but the language and full screen.

import { live, token, t, addStrings, startPage, onLanguageChange, el, fill, everySecond, serverNow } from './app.js';
import {
  currentSpeaker, upcomingSpeakers, itemTimeboxMs, meetingPhase, followPause, setDeadline, tickCountdowns,
  formatSpan, scheduleText, entryBadge, meetingWhen, announcer,
} from './live-view.js';

addStrings({
  fr: {
    speaker_label: 'La parole est à',
    speaker_time_left: 'Temps de parole restant',
    item_time_left: 'Temps restant pour ce point',
    next_label: 'Ensuite',
    item_label: 'Point en cours',
    agenda_label: 'Ordre du jour',
    agenda_count: '{done} sur {total} traités',
    nobody: 'Personne pour l’instant',
    nobody_next: 'Personne dans la file.',
    round_turn: 'Tour de table · {n} sur {total}',
    fullscreen: 'Plein écran',
    fullscreen_exit: 'Quitter le plein écran',
    no_item: 'Aucun point en cours',
    starts_at: 'Prévue le {when}',
    cannot_connect: 'Connexion impossible. Si cela dure, ce lien a peut-être été révoqué : demandez-en un nouveau à l’animation.',
  },
  en: {
    speaker_label: 'Speaking',
    speaker_time_left: 'Speaking time left',
    item_time_left: 'Time left for this item',
    next_label: 'Next',
    item_label: 'Current item',
    agenda_label: 'Agenda',
    agenda_count: '{done} of {total} done',
    nobody: 'Nobody yet',
    nobody_next: 'Nobody in the queue.',
    round_turn: 'Round · {n} of {total}',
    fullscreen: 'Full screen',
    fullscreen_exit: 'Exit full screen',
    no_item: 'No item running',
    starts_at: 'Planned for {when}',
    cannot_connect: 'Cannot connect. If this lasts, the link may have been revoked: ask the facilitator for a new one.',
  },
});

const $ = (id) => document.getElementById(id);
const page = { meeting: null, live: null, announce: announcer(), noticeTimer: null, failures: 0 };

function render() {
  if (!page.live) return;
  const { meeting, live: state } = page;
  followPause(state);
  $('proj-title').textContent = meeting.title;
  document.title = meeting.title;
  $('proj-schedule').textContent = scheduleText(state, meeting);
  $('proj-paused').hidden = !state.paused || meetingPhase(state) !== 'running';
  renderPhase();
  renderSpeaker();
  renderItem();
  renderAgenda();
  tickCountdowns($('main'));
}

// Before the start and after the end there is no clock to show: a line says so.
function renderPhase() {
  const phase = meetingPhase(page.live);
  const node = $('proj-phase');
  node.hidden = phase === 'running';
  $('main').dataset.phase = phase;
  if (phase === 'before') {
    const when = meetingWhen(page.meeting);
    node.textContent = when ? `${t('not_started')} ${t('starts_at', { when })}` : t('not_started');
  } else if (phase === 'ended') {
    node.textContent = t('ended');
  }
}

function renderSpeaker() {
  const state = page.live;
  const speaker = currentSpeaker(state);
  $('proj-speaker').textContent = speaker ? speaker.name : t('nobody');
  $('proj-speaker').classList.toggle('is-empty', !speaker);
  const detail = [];
  if (speaker && speaker.kind === 'round') {
    const round = state.round;
    const done = (round.spoken || []).length + (round.passed || []).length;
    detail.push(el('span', { class: 'proj-round' }, t('round_turn', { n: done + 1, total: (round.order || []).length })));
  }
  if (speaker && speaker.type) detail.push(entryBadge(speaker.type));
  if (speaker && speaker.note) detail.push(el('span', { class: 'proj-note' }, speaker.note));
  fill($('proj-speaker-detail'), detail);
  const deadline = speaker ? speaker.deadline : null;
  $('proj-speaker-countdown').parentElement.hidden = deadline == null;
  $('speaker-progress').hidden = deadline == null;
  setDeadline($('proj-speaker-countdown'), deadline);
  setDeadline($('speaker-progress'), deadline, speaker ? speaker.totalMs : null);

  const next = upcomingSpeakers(state, 3);
  fill(
    $('proj-next'),
    next.length
      ? next.map((person) => el('li', {}, el('span', { class: 'proj-next-name' }, person.name), person.type ? [' ', entryBadge(person.type)] : null))
      : el('li', { class: 'proj-empty' }, state.round ? '' : t('nobody_next')),
  );
}

function renderItem() {
  const state = page.live;
  const current = state.current_item;
  $('proj-item').textContent = current ? current.title : t('no_item');
  $('proj-item').classList.toggle('is-empty', !current);
  const deadline = current ? current.deadline_ms : null;
  $('proj-item-countdown').parentElement.hidden = deadline == null;
  $('item-progress').hidden = deadline == null;
  setDeadline($('proj-item-countdown'), deadline);
  setDeadline($('item-progress'), deadline, itemTimeboxMs(state));
}

// The agenda as written, each item marked done / current / to come, with its
// planned duration (and the time granted on top).
function renderAgenda() {
  const clock = new Map((page.live.agenda || []).map((row) => [row.id, row]));
  const items = page.meeting.agenda || [];
  let done = 0;
  fill(
    $('proj-agenda'),
    items.map((item) => {
      const row = clock.get(String(item.id));
      const status = row ? row.status : 'pending';
      if (status === 'done' || status === 'skipped') done += 1;
      const seconds = row ? row.planned_seconds + (row.extended_seconds || 0) : item.duration_seconds;
      return el(
        'li',
        { class: `proj-agenda-item status-${status}`, dataset: { status }, 'aria-current': status === 'running' ? 'step' : false },
        el('span', { class: 'proj-agenda-mark', 'aria-hidden': 'true' }, { done: '✓', skipped: '–', running: '▶', pending: '' }[status]),
        el('span', { class: 'proj-agenda-number' }, item.number || ''),
        el('span', { class: 'proj-agenda-title' }, item.title),
        el('span', { class: 'proj-agenda-time' }, seconds ? formatSpan(seconds) : ''),
        el('span', { class: 'sr-only' }, ` (${t(`item_${status}`)})`),
      );
    }),
  );
  $('agenda-count').textContent = items.length ? `· ${t('agenda_count', { done, total: items.length })}` : '';
}

// A notice for the room ("5 minutes left", "break until 10 h 30") stays up
// five minutes after it was given, or until the next one. It comes with the
// state, so a projector that connects later shows it too.
const k_notice_ms = 5 * 60 * 1000;

function renderNotice() {
  const notice = page.live && page.live.notice;
  const node = $('proj-notice');
  const left = notice && notice.text ? notice.at_ms + k_notice_ms - serverNow() : 0;
  clearTimeout(page.noticeTimer);
  if (left <= 0) {
    node.hidden = true;
    return;
  }
  node.textContent = notice.text;
  node.hidden = false;
  page.noticeTimer = setTimeout(renderNotice, left);
}

function onState(message) {
  page.meeting = message.meeting;
  page.live = message.live;
  render();
  renderNotice();
  page.announce(page.live);
}

// A socket refused at once (a revoked or mistyped link) looks like any lost
// connection: after a few failures in a row, a line says what it may be.
function onStatus(status) {
  const node = $('live-status');
  node.dataset.state = status === 'open' ? 'open' : 'closed';
  node.textContent = status === 'open' ? t('live_open') : t('live_closed');
  if (status === 'open') page.failures = 0;
  else if (status === 'closed') page.failures += 1;
  const error = $('page-error');
  error.hidden = page.failures < 3;
  if (!error.hidden) error.textContent = t('cannot_connect');
}

function setupFullscreen() {
  const button = $('fullscreen');
  if (!document.fullscreenEnabled) return;
  const label = () => {
    button.textContent = document.fullscreenElement ? t('fullscreen_exit') : t('fullscreen');
  };
  button.hidden = false;
  button.addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener('fullscreenchange', label);
  onLanguageChange(label);
  label();
}

function start() {
  startPage();
  $('live-status').textContent = t('live_closed');
  if (!token()) {
    $('page-error').textContent = t('no_token');
    $('page-error').hidden = false;
    $('live-status').hidden = true; // nothing will connect
    return;
  }
  setupFullscreen();
  live({ onState, onStatus });
  everySecond(() => tickCountdowns($('main')));
  onLanguageChange(() => {
    const node = $('live-status');
    node.textContent = node.dataset.state === 'open' ? t('live_open') : t('live_closed');
    if (!$('page-error').hidden) $('page-error').textContent = t('cannot_connect');
    render();
  });
}

start();
