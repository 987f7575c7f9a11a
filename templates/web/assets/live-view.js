// What the facilitator console and the projector both show of a live meeting:
// who speaks, what comes next, how much time is left, how the meeting runs
// against its plan. Both pages render from the server's state (live() in
// app.js); countdowns come only from the server's deadlines, on the server's
// clock, so every screen in the room shows the same second.

import { addStrings, t, lang, el, announce, remaining, formatDuration, formatClock } from './app.js';

addStrings({
  fr: {
    'entry_point-of-order': 'Rappel au règlement',
    entry_clarify: 'Question de précision',
    entry_reply: 'Réponse',
    entry_topic: 'Nouveau sujet',
    'entry_last-word': 'Dernier mot',
    item_pending: 'à venir',
    item_running: 'en cours',
    item_done: 'terminé',
    item_skipped: 'sauté',
    paused: 'En pause',
    time_left: 'Temps restant',
    now_speaking: 'La parole est à {name}.',
    now_on_item: 'Point en cours\u00a0: {title}.',
    not_started: 'La rencontre n’a pas encore commencé.',
    ended: 'La rencontre est terminée.',
    no_speaker: 'Personne n’a la parole.',
    schedule_late: 'en retard de {length}, fin prévue à {end}',
    schedule_ahead: 'en avance de {length}, fin prévue à {end}',
    schedule_on_time: 'à l’heure, fin prévue à {end}',
    badge_late: 'En retard',
    badge_ahead: 'En avance',
    badge_on_time: 'À l’heure',
    round_total: '{total} pour {count} personnes ≈ {each} chacune',
    round_each: '{each} par personne, {count} personnes',
    round_untimed: 'Sans limite de temps, {count} personnes',
    round_does_not_fit: 'Attention : ce tour demande {needed} et il reste {left} au point. Pour tenir, {fitting} par personne (« tour de table {left} au total »), ou prolongez le point.',
    meeting_when: '{date}, de {start} à {end}',
  },
  en: {
    'entry_point-of-order': 'Point of order',
    entry_clarify: 'Clarifying question',
    entry_reply: 'Reply',
    entry_topic: 'New topic',
    'entry_last-word': 'Last word',
    item_pending: 'pending',
    item_running: 'running',
    item_done: 'done',
    item_skipped: 'skipped',
    paused: 'Paused',
    time_left: 'Time left',
    now_speaking: 'Now speaking: {name}.',
    now_on_item: 'Now on: {title}.',
    not_started: 'The meeting has not started yet.',
    ended: 'The meeting has ended.',
    no_speaker: 'Nobody has the floor.',
    schedule_late: 'running late by {length}, projected end {end}',
    schedule_ahead: 'running early by {length}, projected end {end}',
    schedule_on_time: 'on time, projected end {end}',
    badge_late: 'Late',
    badge_ahead: 'Early',
    badge_on_time: 'On time',
    round_total: '{total} for {count} people ≈ {each} each',
    round_each: '{each} per person, {count} people',
    round_untimed: 'No time limit, {count} people',
    round_does_not_fit: 'Careful: this round needs {needed} and the item has {left} left. To fit, {fitting} each ("round {left} total"), or extend the item.',
    meeting_when: '{date}, {start} to {end}',
  },
});

// --- reading the state ---------------------------------------------------------

export function nameOf(live, id) {
  const person = (live.roster || []).find((p) => p.id === String(id));
  return person ? person.name : '';
}

// Who has the floor: the round's current turn first (a round ends the queue's
// speaker when it starts), else the queue's speaker. Null when nobody.
export function currentSpeaker(live) {
  const round = live.round;
  if (round && round.current) {
    return {
      kind: 'round',
      id: round.current,
      name: nameOf(live, round.current),
      deadline: round.turn_deadline_ms ?? null,
      totalMs: round.turn_seconds ? round.turn_seconds * 1000 : null,
      startedMs: round.turn_started_ms,
      type: null,
      note: '',
    };
  }
  const speaker = live.queue && live.queue.speaker;
  if (speaker) {
    return {
      kind: 'queue',
      id: speaker.participant_id,
      name: speaker.name || nameOf(live, speaker.participant_id),
      deadline: speaker.deadline_ms ?? null,
      totalMs: speaker.deadline_ms != null ? speaker.deadline_ms - speaker.started_at_ms : null,
      startedMs: speaker.started_at_ms,
      type: speaker.type,
      note: speaker.note || '',
    };
  }
  return null;
}

// The next `count` people to speak: the round's pending turns while a round
// runs, else the queue in its (priority) order.
export function upcomingSpeakers(live, count) {
  if (live.round) {
    return (live.round.pending || []).slice(0, count).map((id) => ({ id, name: nameOf(live, id), type: null, note: '' }));
  }
  return ((live.queue && live.queue.entries) || []).slice(0, count).map((entry) => ({
    id: entry.participant_id,
    name: entry.name || nameOf(live, entry.participant_id),
    type: entry.type,
    note: entry.note || '',
  }));
}

// The running item's timebox in ms (its plan plus extensions).
export function itemTimeboxMs(live) {
  const current = live.current_item;
  if (!current) return null;
  const row = (live.agenda || []).find((item) => item.id === current.id);
  if (!row || !row.planned_seconds) return null;
  return (row.planned_seconds + (row.extended_seconds || 0)) * 1000;
}

export function meetingPhase(live) {
  const m = live.meeting || {};
  if (m.ended_at_ms) return 'ended';
  if (m.started_at_ms) return 'running';
  return 'before';
}

// --- time -------------------------------------------------------------------------

// While the meeting is paused the server keeps its deadlines as they were and
// moves them on resume: the time left is frozen at the moment of the pause.
let pausedAt = null;
export function followPause(live) {
  pausedAt = live.paused ? live.paused_at_ms : null;
}

export function timeLeft(deadlineMs) {
  if (deadlineMs == null) return null;
  return pausedAt != null ? deadlineMs - pausedAt : remaining(deadlineMs);
}

// A countdown element: role=timer, not read at every tick (aria-live off);
// its text is set by tickCountdowns() from data-deadline.
export function countdown(deadlineMs, attrs = {}) {
  const node = el('span', {
    class: 'countdown',
    role: 'timer',
    'aria-live': 'off',
    'aria-label': t('time_left'),
    ...attrs,
  });
  setDeadline(node, deadlineMs);
  return node;
}

// A progress bar for the same deadline over `totalMs`; red once past it.
export function progressBar(deadlineMs, totalMs, attrs = {}) {
  const bar = el('div', { class: 'progress', 'aria-hidden': 'true', ...attrs }, el('span'));
  setDeadline(bar, deadlineMs, totalMs);
  return bar;
}

export function setDeadline(node, deadlineMs, totalMs) {
  if (deadlineMs == null) delete node.dataset.deadline;
  else node.dataset.deadline = String(deadlineMs);
  if (totalMs) node.dataset.total = String(totalMs);
  else delete node.dataset.total;
  tickOne(node);
}

function tickOne(node) {
  if (node.dataset.deadline === undefined) {
    if (node.classList.contains('countdown')) node.textContent = '–:––';
    if (node.classList.contains('progress')) node.firstElementChild.style.width = '0';
    node.classList.remove('over');
    return;
  }
  const left = timeLeft(Number(node.dataset.deadline));
  node.classList.toggle('over', left < 0);
  if (node.classList.contains('progress')) {
    const total = Number(node.dataset.total || 0);
    const done = total > 0 ? Math.min(1, Math.max(0, 1 - left / total)) : 0;
    node.firstElementChild.style.width = `${(left < 0 ? 1 : done) * 100}%`;
  } else {
    node.textContent = formatDuration(left);
  }
}

// Called by the page's one local 250 ms timer: re-renders every countdown and
// progress bar under `root` from its deadline (nothing is fetched).
export function tickCountdowns(root = document) {
  for (const node of root.querySelectorAll('[data-deadline], .countdown')) tickOne(node);
}

// --- words ----------------------------------------------------------------------

// 37 → "37 s", 120 → "2 min", 100 → "1 min 40 s", 4200 → "1 h 10 min".
export function formatSpan(seconds) {
  if (seconds == null) return '';
  // No-break spaces: a number never parts from its unit at a line's end.
  const s = Math.round(seconds);
  if (s < 60) return `${s}\u00a0s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [];
  if (h) parts.push(`${h}\u00a0h`);
  if (m) parts.push(`${m}\u00a0min`);
  if (rest && !h) parts.push(`${rest}\u00a0s`);
  return parts.join(' ');
}

// "running late by 7 min, projected end 11 h 37": the server's words when the
// page speaks the meeting's language, the same words in the page's language
// otherwise (the server says them in the meeting's language only).
export function scheduleText(live, meeting) {
  const schedule = live.schedule || {};
  if (meetingPhase(live) !== 'running') return '';
  if (schedule.text && meeting && meeting.language === lang()) return keepTogether(schedule.text);
  const minutes = Math.round((schedule.late_by_seconds || 0) / 60);
  const end = keepTogether(formatClock(schedule.projected_end_ms));
  if (minutes > 0) return t('schedule_late', { length: formatSpan(minutes * 60), end });
  if (minutes < 0) return t('schedule_ahead', { length: formatSpan(-minutes * 60), end });
  return t('schedule_on_time', { end });
}

// "11 h 37", "7 min", "9:30 AM" never broken across two lines.
function keepTogether(text) {
  return text.replace(/(\d) (h|min|s|am|pm|AM|PM)\b/g, '$1\u00a0$2').replace(/\bh (\d)/g, 'h\u00a0$1');
}

// A badge saying late / early / on time, by whole minutes like the server.
export function scheduleBadge(live) {
  const minutes = Math.round(((live.schedule && live.schedule.late_by_seconds) || 0) / 60);
  if (minutes > 0) return el('span', { class: 'badge badge-danger' }, t('badge_late'));
  if (minutes < 0) return el('span', { class: 'badge badge-ok' }, t('badge_ahead'));
  return el('span', { class: 'badge badge-ok' }, t('badge_on_time'));
}

// The badge for a queue entry's type: the four priorities look different.
export function entryBadge(type) {
  const kinds = {
    'point-of-order': 'badge-danger',
    clarify: 'badge-warn',
    reply: '',
    topic: 'badge-muted',
    'last-word': 'badge-ok',
  };
  return el('span', { class: `badge entry-badge ${kinds[type] ?? 'badge-muted'}`, dataset: { entryType: type } }, t(`entry_${type}`));
}

// "20 min for 32 people ≈ 37 s each" (the seed's tour d'écran), or per person.
export function roundAnnouncement(round) {
  const count = (round.order || []).length;
  let said;
  if (round.total_seconds) {
    said = t('round_total', { total: formatSpan(round.total_seconds), count, each: formatSpan(round.per_speaker_seconds) });
  } else if (round.per_speaker_seconds) {
    said = t('round_each', { each: formatSpan(round.per_speaker_seconds), count });
  } else {
    said = t('round_untimed', { count });
  }
  // The server says when the round cannot fit in what is left of the item, and what would.
  const over = round.does_not_fit;
  if (!over) return said;
  return `${said} ${t('round_does_not_fit', {
    needed: formatSpan(over.needed_seconds),
    left: formatSpan(over.item_left_seconds),
    fitting: formatSpan(over.fitting_seconds),
  })}`;
}

// "12 novembre 2026, de 13 h 30 à 15 h 30" from the meeting's header.
export function meetingWhen(meeting) {
  if (!meeting || !meeting.date) return '';
  const [y, mo, d] = meeting.date.split('-').map(Number);
  const date = new Date(y, mo - 1, d).toLocaleDateString(lang(), { day: 'numeric', month: 'long', year: 'numeric' });
  const clock = (hhmm) => {
    if (!hhmm) return '';
    const [h, m] = hhmm.split(':').map(Number);
    return formatClock(new Date(y, mo - 1, d, h, m).getTime());
  };
  if (!meeting.start) return date;
  return t('meeting_when', { date, start: clock(meeting.start), end: clock(meeting.end) });
}

// --- announcements ------------------------------------------------------------------

// Says politely who now has the floor and which item is running, only when
// that changes (never at every tick, never for the first state on load).
export function announcer() {
  let first = true;
  let lastSpeaker = null;
  let lastItem = null;
  return (live) => {
    const speaker = currentSpeaker(live);
    const speakerKey = speaker ? `${speaker.kind}:${speaker.id}:${speaker.startedMs}` : null;
    const itemKey = live.current_item ? live.current_item.id : null;
    if (!first) {
      // One message: a second announce() would replace the first before it is read.
      const news = [];
      if (itemKey && itemKey !== lastItem) news.push(t('now_on_item', { title: live.current_item.title }));
      if (speaker && speakerKey !== lastSpeaker) news.push(t('now_speaking', { name: speaker.name }));
      if (news.length) announce(news.join(' '));
    }
    first = false;
    lastSpeaker = speakerKey;
    lastItem = itemKey;
  };
}
