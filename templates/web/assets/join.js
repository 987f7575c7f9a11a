// The participant view (/m/{id}/join#t=TOKEN): consent first, then check-in,
// then the meeting as it runs (current item, who speaks, the round and the
// queue, my own speaking time) with a hand to raise. Phone first.
//
// Everything live is rendered from the latest state the socket sends; the
// countdowns are re-drawn by a local 250 ms timer from the server's deadlines.
// The hand form is static HTML that is only updated, never rebuilt, so a note
// being typed survives every new state.

import {
  addStrings, announce, api, el, everySecond, fill, lang, live, meetingId, onLanguageChange,
  pageUrl, serverNow, startPage, t, token, formatDuration, formatClock, formatMinutes,
} from './app.js';

addStrings({
  fr: {
    page_title: 'Participer à la rencontre',
    link_invalid: 'Ce lien n’est plus valide. Demandez un nouveau lien personnel à l’animation.',
    load_failed: 'Impossible de charger la rencontre : {message}',
    retry: 'Réessayer',
    you_are: 'Vous êtes {name} · {role}',
    facilitator_key: 'Vous avez ouvert la page des participant·es avec la clé d’animation : pas d’inscription ni de main à lever ici.',
    consent_title: 'Avant d’entrer : ce que quorum enregistre',
    consent_intro: 'Cette rencontre est tenue avec quorum. Voici ce qui est enregistré à votre sujet, pour que vous puissiez choisir.',
    consent_what: 'Quoi',
    consent_what_name: 'Votre nom et votre organisme.',
    consent_what_times: 'L’heure de votre arrivée et de votre départ.',
    consent_what_speaking: 'Votre temps de parole, mesuré en direct quand vous avez la parole (file d’attente et tours de table).',
    consent_what_notes: 'Ce que les personnes à la prise de notes écrivent au compte rendu, y compris les actions qui vous sont confiées.',
    consent_who: 'Par qui',
    consent_who_facilitators: 'Animation : {names}.',
    consent_who_notetakers: 'Prise de notes : {names}.',
    consent_who_nobody: 'l’animation de la rencontre',
    consent_who_operators: 'Les personnes qui exploitent ce serveur pour votre groupe, qui peuvent lire tout ce qui y est conservé.',
    consent_how_long: 'Pour combien de temps',
    consent_how_long_text: 'Tout est conservé sur ce serveur jusqu’à ce que l’animation efface la rencontre. Rien n’en sort, sauf par les liens que l’animation publie (un résumé, une exportation).',
    consent_off_title: 'Ce que veut dire « hors compte rendu »',
    consent_off_text: 'Vous participez comme tout le monde (file d’attente, tours de table), mais le résumé et les exportations vous comptent sans vous nommer.',
    consent_notes_honest: 'Les notes sont écrites par les personnes à la prise de notes : si elles parlent de vous, c’est leur texte. Dites-leur si quelque chose ne doit pas y figurer.',
    consent_change_later: 'Vous pourrez changer d’avis à tout moment sur cette page.',
    consent_on: 'Entrer, nommé·e au compte rendu',
    consent_off: 'Entrer hors compte rendu',
    consent_set_on: 'Vous êtes maintenant nommé·e au compte rendu.',
    consent_set_off: 'Vous êtes maintenant hors compte rendu.',
    presence_title: 'Votre présence',
    record_on: 'Nommé·e au compte rendu',
    record_off: 'Hors compte rendu',
    change: 'changer',
    check_in: 'Signaler mon arrivée',
    check_out: 'Signaler mon départ',
    check_out_hint: 'Votre heure de départ sera notée ; vous pourrez revenir avec le même lien.',
    checked_in_at: 'Arrivée notée à {time}.',
    checked_out_at: 'Départ noté à {time}. Revenez quand vous voulez.',
    not_checked_in: 'Vous n’avez pas encore signalé votre arrivée.',
    checked_in: 'Arrivée notée.',
    checked_out: 'Départ noté.',
    notes_link: 'Ouvrir la prise de notes',
    summary_link: 'Lire le résumé de la rencontre',
    console_link: 'Ouvrir la console d’animation',
    now_title: 'Point en cours',
    not_started: 'La rencontre n’a pas encore commencé.',
    ended: 'La rencontre est terminée.',
    no_current_item: 'Aucun point en cours.',
    paused: 'En pause',
    over_time: 'temps dépassé',
    schedule_late: 'En retard de {time} · fin prévue à {end}',
    schedule_ahead: 'En avance de {time} · fin prévue à {end}',
    schedule_on_time: 'À l’heure · fin prévue à {end}',
    left: 'restant',
    now_item: 'Point en cours : {title}',
    speaker_title: 'Qui parle',
    nobody_speaks: 'Personne n’a la parole.',
    speaker_round: 'Tour de table',
    speaker_queue: 'File d’attente · {type}',
    speaker_is_you: 'C’est à vous !',
    now_speaking: 'La parole est à {name}.',
    your_turn: 'C’est à vous de parler.',
    hand_title: 'Demander la parole',
    hand_type: 'Type d’intervention',
    type_topic: 'Nouveau sujet',
    type_reply: 'Réponse à la personne qui parle',
    type_clarify: 'Question de précision',
    type_order: 'Rappel au règlement',
    type_last_word: 'Dernier mot',
    hand_note: 'Pour dire quoi ? (facultatif)',
    hand_note_placeholder: 'p. ex. le budget',
    hand_note_hint: 'Une note courte, visible par toute la salle.',
    raise_hand: 'Lever la main',
    lower_hand: 'Baisser la main',
    hand_down: 'Votre main est baissée.',
    hand_raised: 'Main levée.',
    hand_lowered: 'Main baissée.',
    queue_position: 'Votre place dans la file : {n} sur {total}.',
    queue_you_speak: 'Vous avez la parole.',
    queue_closed_hint: 'La file est fermée : l’animation peut encore vous y ajouter.',
    ended_hint: 'La rencontre est terminée.',
    round_title: 'Tour de table',
    round_you_now: 'C’est votre tour.',
    round_you_next: 'Vous parlez au prochain tour.',
    round_you_in: 'Vous parlez dans {n} tours.',
    round_you_spoke: 'Vous avez parlé à ce tour.',
    round_you_passed: 'Vous avez passé votre tour.',
    round_not_in: 'Vous ne faites pas partie de ce tour.',
    round_per_speaker: '{time} par personne',
    round_state_current: 'parle',
    round_state_spoken: 'a parlé',
    round_state_passed: 'a passé',
    round_state_pending: 'à venir',
    pass: 'Je passe mon tour',
    passed: 'Tour passé.',
    queue_title: 'File d’attente',
    queue_closed: 'fermée',
    queue_empty: 'Personne n’attend.',
    you: 'vous',
    mine_title: 'Mon temps de parole',
    my_time: 'Vous avez parlé {time}.',
    my_time_none: 'Vous n’avez pas encore parlé.',
    role_key: 'clé d’animation',
  },
  en: {
    page_title: 'Join the meeting',
    link_invalid: 'This link is no longer valid. Ask the facilitator for a new personal link.',
    load_failed: 'The meeting could not be loaded: {message}',
    retry: 'Try again',
    you_are: 'You are {name} · {role}',
    facilitator_key: 'You opened the participant page with the facilitator key: there is no check-in or hand to raise here.',
    consent_title: 'Before you join: what quorum records',
    consent_intro: 'This meeting is run with quorum. Here is what is recorded about you, so that you can choose.',
    consent_what: 'What',
    consent_what_name: 'Your name and affiliation.',
    consent_what_times: 'When you check in and check out.',
    consent_what_speaking: 'Your speaking time, measured live when you have the floor (queue and rounds).',
    consent_what_notes: 'What the note-takers write in the minutes, including actions assigned to you.',
    consent_who: 'By whom',
    consent_who_facilitators: 'Facilitation: {names}.',
    consent_who_notetakers: 'Note-taking: {names}.',
    consent_who_nobody: 'the meeting’s facilitator',
    consent_who_operators: 'The people who run this server for your group, who can read everything kept on it.',
    consent_how_long: 'For how long',
    consent_how_long_text: 'Everything is kept on this server until the facilitator erases the meeting. Nothing leaves it except through links the facilitator publishes (a summary, an export).',
    consent_off_title: 'What “off the record” means',
    consent_off_text: 'You take part as usual (queue, rounds), but the summary and the exports count you without naming you.',
    consent_notes_honest: 'The notes are written by the note-takers: what they say about you is their text. Tell them if something should not be written.',
    consent_change_later: 'You can change your mind at any time on this page.',
    consent_on: 'Join on the record',
    consent_off: 'Join off the record',
    consent_set_on: 'You are now on the record.',
    consent_set_off: 'You are now off the record.',
    presence_title: 'Your attendance',
    record_on: 'On the record',
    record_off: 'Off the record',
    change: 'change',
    check_in: 'Check in',
    check_out: 'Check out',
    check_out_hint: 'Your leaving time is recorded; you can come back with the same link.',
    checked_in_at: 'Checked in at {time}.',
    checked_out_at: 'Checked out at {time}. Come back whenever you like.',
    not_checked_in: 'You have not checked in yet.',
    checked_in: 'Checked in.',
    checked_out: 'Checked out.',
    notes_link: 'Open the notes editor',
    summary_link: 'Read the meeting’s summary',
    console_link: 'Open the facilitator console',
    now_title: 'Current item',
    not_started: 'The meeting has not started yet.',
    ended: 'The meeting has ended.',
    no_current_item: 'No item is running.',
    paused: 'Paused',
    over_time: 'over time',
    schedule_late: 'Running late by {time} · projected end {end}',
    schedule_ahead: 'Ahead by {time} · projected end {end}',
    schedule_on_time: 'On time · projected end {end}',
    left: 'left',
    now_item: 'Current item: {title}',
    speaker_title: 'Speaking',
    nobody_speaks: 'Nobody has the floor.',
    speaker_round: 'Round',
    speaker_queue: 'Queue · {type}',
    speaker_is_you: 'It’s you!',
    now_speaking: '{name} has the floor.',
    your_turn: 'It is your turn to speak.',
    hand_title: 'Ask to speak',
    hand_type: 'Kind',
    type_topic: 'New topic',
    type_reply: 'Reply to the current speaker',
    type_clarify: 'Clarifying question',
    type_order: 'Point of order',
    type_last_word: 'Last word',
    hand_note: 'To say what? (optional)',
    hand_note_placeholder: 'e.g. the budget',
    hand_note_hint: 'A short note, seen by the whole room.',
    raise_hand: 'Raise my hand',
    lower_hand: 'Lower my hand',
    hand_down: 'Your hand is down.',
    hand_raised: 'Hand raised.',
    hand_lowered: 'Hand lowered.',
    queue_position: 'Your place in the queue: {n} of {total}.',
    queue_you_speak: 'You have the floor.',
    queue_closed_hint: 'The queue is closed: the facilitator can still add you.',
    ended_hint: 'The meeting has ended.',
    round_title: 'Round',
    round_you_now: 'It is your turn.',
    round_you_next: 'You speak next.',
    round_you_in: 'You speak in {n} turns.',
    round_you_spoke: 'You have spoken in this round.',
    round_you_passed: 'You passed your turn.',
    round_not_in: 'You are not in this round.',
    round_per_speaker: '{time} each',
    round_state_current: 'speaking',
    round_state_spoken: 'spoke',
    round_state_passed: 'passed',
    round_state_pending: 'to come',
    pass: 'Pass my turn',
    passed: 'Turn passed.',
    queue_title: 'Queue',
    queue_closed: 'closed',
    queue_empty: 'Nobody is waiting.',
    you: 'you',
    mine_title: 'My speaking time',
    my_time: 'You have spoken {time}.',
    my_time_none: 'You have not spoken yet.',
    role_key: 'facilitator key',
  },
});

const $ = (id) => document.getElementById(id);

const view = {
  me: null, // GET /me
  meeting: null, // header and agenda (GET /{id}, then every snapshot)
  staff: [], // participants who facilitate or take notes, for the consent text
  live: null, // the latest live state
  changingRecord: false, // the consent panel reopened from "change"
  problem: null, // {text(), retry} when the page cannot go on
  lastSpeaker: undefined, // to announce a new speaker once
  lastItem: undefined, // to announce a new item once
};

let socket = null; // the live connection, opened by ensureLive()

// --- who am I ----------------------------------------------------------------

const participant = () => view.me && view.me.participant;
const myId = () => (participant() ? String(participant().id) : null);
const isOn = (record) => record === true || record === 'on';
const hasConsented = () => participant() && participant().record != null;
const isCheckedIn = () => {
  const p = participant();
  return Boolean(p && p.checked_in_at && !p.checked_out_at);
};
const canWriteNotes = () => {
  if (!view.me) return false;
  const role = participant() ? participant().role : view.me.role;
  return role === 'facilitator' || role === 'note-taker';
};

async function loadMe() {
  view.me = await api('GET', '/me');
}

// The people who read and write about participants, named in the consent text.
async function loadStaff() {
  try {
    const people = await api('GET', '/participants');
    view.staff = people.filter((p) => p.role === 'facilitator' || p.role === 'note-taker');
  } catch {
    view.staff = []; // the consent text then names the roles without names
  }
}

// --- problems ----------------------------------------------------------------

// `text` is a function so that the message follows a change of language.
function showProblem(text, retry) {
  view.problem = { text, retry };
  renderProblem();
}

function renderProblem() {
  const box = $('problem');
  box.hidden = !view.problem;
  if (!view.problem) return;
  const { text, retry } = view.problem;
  fill(box, el('p', {}, text()), retry && el('button', { type: 'button', onclick: retry }, t('retry')));
  if (!view.meeting) {
    $('meeting-title').removeAttribute('data-i18n');
    $('meeting-title').textContent = t('page_title');
  }
  for (const id of ['consent', 'presence', 'live']) $(id).hidden = true;
}

function failure(error) {
  if (error.status === 401) showProblem(() => t('link_invalid'));
  else showProblem(() => t('load_failed', { message: error.message }), start);
}

// --- header ------------------------------------------------------------------

// A clock time that never breaks across lines ("15 h 30", "3:30 PM").
const clock = (ms) => formatClock(ms).replace(/ /g, '\u00a0');

// "13:30" → "13 h 30" / "1:30 PM".
function hourText(hhmm) {
  if (!hhmm) return '';
  const [h, m] = hhmm.split(':').map(Number);
  return clock(new Date(2000, 0, 1, h, m).getTime());
}

function dateText(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(lang() === 'fr' ? 'fr-CA' : 'en-CA', {
    weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
  });
}

function renderHeader() {
  const m = view.meeting;
  if (m) {
    $('meeting-title').textContent = m.title;
    $('meeting-title').removeAttribute('data-i18n');
    document.title = `${m.title} · quorum`;
    const hours = m.start ? (m.end ? `${hourText(m.start)} – ${hourText(m.end)}` : hourText(m.start)) : '';
    $('meeting-when').textContent = [dateText(m.date), hours, m.location].filter(Boolean).join(' · ');
  }
  const p = participant();
  if (p) $('me-line').textContent = t('you_are', { name: p.name, role: t(`role_${p.role}`) });
  else if (view.me) $('me-line').textContent = t('facilitator_key');
}

// --- consent and attendance ----------------------------------------------------

function renderConsent() {
  const show = !view.problem && Boolean(participant()) && (!hasConsented() || view.changingRecord);
  $('consent').hidden = !show;
  if (!show) return;
  const names = (role) => view.staff.filter((p) => p.role === role).map((p) => p.name).join(', ');
  const facilitators = names('facilitator') || t('consent_who_nobody');
  const noteTakers = names('note-taker');
  fill(
    $('consent-who'),
    el('li', {}, t('consent_who_facilitators', { names: facilitators })),
    noteTakers && el('li', {}, t('consent_who_notetakers', { names: noteTakers })),
    el('li', {}, t('consent_who_operators')),
  );
  $('consent-cancel').hidden = !view.changingRecord;
  // When changing, the current choice is the one not offered as the main action.
  const on = isOn(participant().record);
  $('consent-on').setAttribute('aria-pressed', String(hasConsented() && on));
  $('consent-off').setAttribute('aria-pressed', String(hasConsented() && !on));
}

function renderPresence() {
  const p = participant();
  const showPresence = Boolean(view.me) && !view.problem && (!p || hasConsented());
  $('presence').hidden = !showPresence;
  if (!showPresence) return;
  $('staff-links').hidden = !canWriteNotes();
  $('notes-link').href = pageUrl('notes', token());
  $('summary-link').href = pageUrl('summary', token());
  $('console-link').hidden = !(view.me.role === 'facilitator');
  $('console-link').href = pageUrl('console', token());
  const recordLine = $('record-state').parentElement;
  recordLine.hidden = !p;
  if (!p) {
    $('presence-text').textContent = '';
    $('check-in').hidden = true;
    return;
  }
  $('record-state').textContent = isOn(p.record) ? t('record_on') : t('record_off');
  $('record-state').dataset.record = isOn(p.record) ? 'on' : 'off';
  $('record-change').setAttribute('aria-label', `${t('change')} : ${$('record-state').textContent}`);
  if (isCheckedIn()) {
    $('presence-text').textContent = t('checked_in_at', { time: clock(Date.parse(p.checked_in_at)) });
  } else if (p.checked_out_at) {
    $('presence-text').textContent = t('checked_out_at', { time: clock(Date.parse(p.checked_out_at)) });
  } else {
    $('presence-text').textContent = view.checkInLater || t('not_checked_in');
  }
  $('check-in').hidden = isCheckedIn();
}

// The live part shows once the person is in (or for the facilitator key, read-only).
function liveVisible() {
  return Boolean(view.me) && !view.problem && (participant() ? hasConsented() && isCheckedIn() : true);
}

async function busy(buttons, errorBox, work) {
  for (const b of buttons) b.disabled = true;
  errorBox.textContent = '';
  try {
    await work();
    return true;
  } catch (error) {
    if (error.status === 401) failure(error);
    else errorBox.textContent = error.message;
    return false;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

async function chooseRecord(record) {
  const p = participant();
  const firstTime = !hasConsented();
  const ok = await busy([$('consent-on'), $('consent-off'), $('consent-cancel')], $('consent-error'), async () => {
    await api('PUT', `/participants/${p.id}/record`, { record });
    // Joining: consent, then check-in, in one gesture once check-in is open (from a while
    // before the start). Answering days before is consent only: arrival waits for the day.
    if (firstTime && !isCheckedIn()) {
      try {
        await api('POST', `/participants/${p.id}/check-in`);
      } catch (error) {
        if (error.field !== 'check_in') throw error;
        view.checkInLater = error.message;
      }
    }
    await loadMe();
  });
  if (!ok) return;
  view.changingRecord = false;
  announce(record ? t('consent_set_on') : t('consent_set_off'));
  renderAll();
  $(firstTime ? 'main' : 'record-state').focus();
}

function changeRecord() {
  view.changingRecord = true;
  renderAll();
  $('consent-title').focus();
}

function cancelChange() {
  view.changingRecord = false;
  renderAll();
  $('record-change').focus();
}

async function checkIn() {
  const p = participant();
  const ok = await busy([$('check-in')], $('presence-error'), async () => {
    await api('POST', `/participants/${p.id}/check-in`);
    await loadMe();
  });
  if (!ok) return;
  announce(t('checked_in'));
  renderAll();
}

async function checkOut() {
  const p = participant();
  const ok = await busy([$('check-out')], $('hand-error'), async () => {
    await api('POST', `/participants/${p.id}/check-out`);
    await loadMe();
  });
  if (!ok) return;
  announce(t('checked_out'));
  renderAll();
  $('check-in').focus();
}

// --- live: names and clocks ------------------------------------------------------

function nameOf(id) {
  const live = view.live;
  const found = live && live.roster && live.roster.find((r) => String(r.id) === String(id));
  return found ? found.name : `#${id}`;
}

// While the meeting is paused the clocks stand still at the pause.
function liveNow() {
  const live = view.live;
  return live && live.paused && live.paused_at_ms ? live.paused_at_ms : serverNow();
}

function leftUntil(deadline) {
  return deadline == null ? null : deadline - liveNow();
}

// Who has the floor: the round's turn first, else the queue's speaker.
function currentSpeaker() {
  const live = view.live;
  if (!live) return null;
  const round = live.round;
  if (round && round.current) {
    return { id: String(round.current), name: nameOf(round.current), deadline: round.turn_deadline_ms, since: round.turn_started_ms, elapsed: round.turn_elapsed_ms, kind: 'round' };
  }
  const s = live.queue && live.queue.speaker;
  if (s) {
    return { id: String(s.participant_id), name: s.name, deadline: s.deadline_ms, since: s.started_at_ms, elapsed: s.elapsed_ms, kind: 'queue', type: s.type, note: s.note };
  }
  return null;
}

// The queue's entry types, as the server names them.
const TYPE_KEYS = { topic: 'type_topic', reply: 'type_reply', clarify: 'type_clarify', 'point-of-order': 'type_order', 'last-word': 'type_last_word' };
const typeLabel = (type) => t(TYPE_KEYS[type] || 'type_topic');
const typeBadge = (type) => ({ 'point-of-order': 'badge-danger', reply: '', clarify: 'badge-ok', 'last-word': 'badge-warn' })[type] ?? 'badge-muted';

// Quotes a participant's words in the interface's language.
const quote = (text) => (lang() === 'fr' ? `«\u00a0${text}\u00a0»` : `“${text}”`);

// Time spent so far: the state's figure plus the time since it was sent (none
// while paused).
function elapsedNow(elapsedAtState) {
  if (elapsedAtState == null || !view.live) return null;
  return elapsedAtState + Math.max(0, liveNow() - view.live.now_ms);
}

// A countdown's text and state: "4:12", or "−0:30" past the deadline; counts up
// when there is no deadline.
function setClock(node, deadline, elapsedAtState) {
  const left = leftUntil(deadline);
  const elapsed = elapsedNow(elapsedAtState);
  if (left != null) {
    node.textContent = formatDuration(left);
    node.classList.toggle('over', left < 0);
  } else if (elapsed != null) {
    node.textContent = formatDuration(elapsed);
    node.classList.remove('over');
  } else {
    node.textContent = '';
  }
}

// --- live: rendering ---------------------------------------------------------------

function renderNow() {
  const live = view.live;
  const item = live && live.current_item;
  const started = live && live.meeting && live.meeting.started_at_ms;
  const ended = live && live.meeting && live.meeting.ended_at_ms;
  let title = t('no_current_item');
  if (!started) title = t('not_started');
  else if (ended) title = t('ended');
  else if (item) title = itemTitle(item);
  $('current-item').textContent = title;
  $('item-state').textContent = live && live.paused ? t('paused') : '';
  $('item-state').className = live && live.paused ? 'badge badge-warn' : '';
  $('item-progress').hidden = !(item && !ended);
  $('schedule').textContent = started && !ended ? scheduleText(live.schedule) : '';
  if (item && item.id !== view.lastItem && view.lastItem !== undefined) announce(t('now_item', { title: itemTitle(item) }));
  view.lastItem = item ? item.id : null;
}

// "Running late by 7 min · projected end 3:37 PM", in the interface's language
// (the server's own sentence is in the meeting's).
function scheduleText(schedule) {
  if (!schedule || schedule.projected_end_ms == null) return '';
  const late = schedule.late_by_seconds || 0;
  const end = clock(schedule.projected_end_ms);
  if (late >= 60) return t('schedule_late', { time: formatMinutes(late), end });
  if (late <= -60) return t('schedule_ahead', { time: formatMinutes(-late), end });
  return t('schedule_on_time', { end });
}

// "3. Hébergement mutualisé", numbered as on the agenda.
function itemTitle(item) {
  const number = findNumber(view.meeting && view.meeting.agenda, Number(item.id));
  if (!number) return item.title;
  return /\d$/.test(number) ? `${number}. ${item.title}` : `${number} ${item.title}`;
}

function findNumber(items, id) {
  for (const entry of items || []) {
    if (entry.id === id) return entry.number;
    const inner = findNumber(entry.children, id);
    if (inner) return inner;
  }
  return null;
}

function renderSpeaker() {
  const speaker = currentSpeaker();
  const mine = Boolean(speaker && speaker.id === myId());
  $('speaker-card').classList.toggle('is-me', mine);
  if (!speaker) {
    $('speaker-name').textContent = t('nobody_speaks');
    $('speaker-detail').textContent = '';
  } else {
    $('speaker-name').textContent = mine ? `${speaker.name} — ${t('speaker_is_you')}` : speaker.name;
    const kind = speaker.kind === 'round' ? t('speaker_round') : t('speaker_queue', { type: typeLabel(speaker.type) });
    $('speaker-detail').textContent = speaker.note ? `${kind} · ${quote(speaker.note)}` : kind;
  }
  const key = speaker ? `${speaker.kind}:${speaker.id}:${speaker.since}` : null;
  if (key !== view.lastSpeaker && view.lastSpeaker !== undefined && speaker) {
    announce(mine ? t('your_turn') : t('now_speaking', { name: speaker.name }));
  }
  view.lastSpeaker = key;
}

function renderHand() {
  const live = view.live;
  const me = myId();
  const canRaise = Boolean(me);
  $('hand-card').hidden = !canRaise;
  if (!canRaise || !live) return;
  const entries = (live.queue && live.queue.entries) || [];
  const index = entries.findIndex((e) => String(e.participant_id) === me);
  const speaking = live.queue && live.queue.speaker && String(live.queue.speaker.participant_id) === me;
  const ended = Boolean(live.meeting && live.meeting.ended_at_ms);
  const closed = Boolean(live.queue && live.queue.closed) && participant().role !== 'facilitator';
  $('hand-form').hidden = index >= 0;
  $('lower-hand').hidden = index < 0;
  if (speaking) $('queue-position').textContent = t('queue_you_speak');
  else if (index >= 0) $('queue-position').textContent = t('queue_position', { n: index + 1, total: entries.length });
  else $('queue-position').textContent = t('hand_down');
  $('queue-position').classList.toggle('raised', index >= 0 || speaking);
  $('raise-hand').disabled = ended || closed;
  $('hand-hint').textContent = ended ? t('ended_hint') : closed ? t('queue_closed_hint') : '';
}

function renderRound() {
  const round = view.live && view.live.round;
  $('round-card').hidden = !round;
  if (!round) return;
  const me = myId();
  const pending = (round.pending || []).map(String);
  const spoken = (round.spoken || []).map(String);
  const passed = (round.passed || []).map(String);
  const current = round.current != null ? String(round.current) : null;
  const stateOf = (id) => (id === current ? 'current' : passed.includes(id) ? 'passed' : spoken.includes(id) ? 'spoken' : 'pending');
  fill(
    $('round-order'),
    (round.order || []).map(String).map((id) =>
      el('li', { class: `round-${stateOf(id)}${id === me ? ' is-me' : ''}`, 'aria-current': id === current ? 'true' : null },
        el('span', { class: 'round-row' },
          el('span', { class: 'round-name' }, nameOf(id), id === me ? ` (${t('you')})` : ''),
          el('span', { class: 'round-state' }, t(`round_state_${stateOf(id)}`))))),
  );
  let position = '';
  if (me) {
    const ahead = pending.indexOf(me);
    if (me === current) position = t('round_you_now');
    else if (ahead >= 0) {
      const turns = ahead + (current ? 1 : 0);
      position = turns <= 1 ? t('round_you_next') : t('round_you_in', { n: turns });
    } else if (passed.includes(me)) position = t('round_you_passed');
    else if (spoken.includes(me)) position = t('round_you_spoke');
    else position = t('round_not_in');
  }
  const each = round.per_speaker_seconds ? t('round_per_speaker', { time: formatMinutes(round.per_speaker_seconds) }) : '';
  $('round-position').textContent = [position, each].filter(Boolean).join(' · ');
  $('pass').hidden = !(me && (me === current || pending.includes(me)));
}

function renderQueue() {
  const queue = (view.live && view.live.queue) || { entries: [] };
  const me = myId();
  $('queue-closed').hidden = !queue.closed;
  $('queue-empty').hidden = queue.entries.length > 0;
  fill(
    $('queue-list'),
    queue.entries.map((entry) =>
      el('li', { class: String(entry.participant_id) === me ? 'is-me' : '' },
        el('span', { class: 'queue-name' }, entry.name, String(entry.participant_id) === me ? ` (${t('you')})` : ''),
        ' ',
        el('span', { class: `badge ${typeBadge(entry.type)}` }, typeLabel(entry.type)),
        entry.note ? el('span', { class: 'queue-note' }, entry.note) : null)),
  );
}

// "2 min 05", "45 s".
function formatSpoken(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')}`;
}

// My speaking time as of the state, plus the running turn if the floor is mine.
function mySpeakingMs() {
  const live = view.live;
  const me = myId();
  if (!live || !live.speaking || !me) return 0;
  const entry = (live.speaking.times || []).find((x) => String(x.participant_id) === me);
  let ms = entry ? entry.ms : 0;
  const speaker = currentSpeaker();
  if (speaker && speaker.id === me && live.now_ms) ms += Math.max(0, liveNow() - live.now_ms);
  return ms;
}

function renderMine() {
  $('mine-card').hidden = !participant();
  const ms = mySpeakingMs();
  $('my-speaking-time').textContent = ms > 0 ? t('my_time', { time: formatSpoken(ms) }) : t('my_time_none');
}

// Called four times a second: only the clocks move.
function tick() {
  if ($('live').hidden || !view.live) return;
  const live = view.live;
  const item = live.current_item;
  const ended = live.meeting && live.meeting.ended_at_ms;
  if (item && !ended) {
    setClock($('item-countdown'), item.deadline_ms, item.elapsed_ms);
    const planned = (live.agenda || []).find((a) => a.id === item.id);
    const total = planned && planned.planned_seconds ? planned.planned_seconds * 1000 : null;
    const left = leftUntil(item.deadline_ms);
    const bar = $('item-progress');
    if (total && left != null) {
      bar.firstElementChild.style.width = `${Math.min(100, Math.max(0, (1 - left / total) * 100))}%`;
      bar.classList.toggle('over', left < 0);
    }
    $('item-countdown').setAttribute('aria-label', `${$('item-countdown').textContent} ${left != null && left < 0 ? t('over_time') : t('left')}`);
  } else {
    $('item-countdown').textContent = '';
  }
  const speaker = currentSpeaker();
  if (speaker) setClock($('speaker-countdown'), speaker.deadline, speaker.elapsed);
  else $('speaker-countdown').textContent = '';
  renderMine();
}

// An announcement ("annonce …") stays up five minutes after it was given, or until the next
// one, as on the projector. It comes with the state, so a page that connects later shows it too.
const k_notice_ms = 5 * 60 * 1000;
let noticeTimer = null;

function renderNotice() {
  const notice = view.live && view.live.notice;
  const node = $('notice');
  const left = notice && notice.text ? notice.at_ms + k_notice_ms - serverNow() : 0;
  clearTimeout(noticeTimer);
  if (left <= 0) {
    node.hidden = true;
    return;
  }
  node.textContent = notice.text;
  node.hidden = false;
  noticeTimer = setTimeout(renderNotice, left);
}

function renderLive() {
  const show = liveVisible();
  $('live').hidden = !show;
  $('live-status').hidden = !view.live;
  if (!show || !view.live) return;
  renderNotice();
  renderNow();
  renderSpeaker();
  renderHand();
  renderRound();
  renderQueue();
  renderMine();
  tick();
}

function renderAll() {
  renderHeader();
  renderConsent();
  renderPresence();
  renderLive();
  ensureLive();
}

// --- live: actions -------------------------------------------------------------------

async function command(text, buttons) {
  return busy(buttons, $('hand-error'), () => api('POST', '/commands', { command: text, lang: lang() }));
}

// The grammar's heads (see the server's `help`): the note follows the head.
function handCommand(type, note) {
  const fr = lang() === 'fr';
  const heads = { topic: 'q+', reply: 'qq+', clarify: 'q?', order: 'po+' };
  const head = heads[type] || 'q+';
  if (!note) return head;
  if (type === 'topic') return `${head} ${fr ? 'pour dire' : 'to say'} ${note}`;
  return `${head} ${note}`;
}

async function raiseHand(event) {
  event.preventDefault();
  const note = $('hand-note').value.trim().replace(/\s+/g, ' ');
  const ok = await command(handCommand($('hand-type').value, note), [$('raise-hand')]);
  if (!ok) return;
  $('hand-note').value = ''; // sent: the note now shows in the queue
  announce(t('hand_raised'));
  $('lower-hand').focus();
}

async function lowerHand() {
  const ok = await command('q-', [$('lower-hand')]);
  if (!ok) return;
  announce(t('hand_lowered'));
  $('raise-hand').focus();
}

async function pass() {
  const ok = await command(lang() === 'fr' ? 'je passe' : 'pass', [$('pass')]);
  if (ok) announce(t('passed'));
}

// --- start -------------------------------------------------------------------------------

function onState(message) {
  view.live = message.live;
  if (message.meeting) view.meeting = message.meeting;
  renderHeader();
  renderLive();
}

// Events that touch me (a facilitator checking me in or changing my record)
// reload who I am; nothing is polled.
async function onEvent(event) {
  if (!event.type.startsWith('participant/') || !participant()) return;
  try {
    await loadMe();
    renderAll();
  } catch (error) {
    if (error.status === 401) failure(error);
  }
}

function onStatus(status) {
  const node = $('live-status');
  node.dataset.state = status === 'open' ? 'open' : 'closed';
  node.textContent = status === 'open' ? t('live_open') : t('live_closed');
}

async function start() {
  view.problem = null;
  renderProblem();
  if (!token()) {
    showProblem(() => t('no_token'));
    return;
  }
  try {
    const [, meeting] = await Promise.all([loadMe(), api('GET', '')]);
    view.meeting = meeting;
    await loadStaff();
  } catch (error) {
    failure(error);
    return;
  }
  renderAll();
}

// The socket opens once the person has chosen (nothing live before consent).
function ensureLive() {
  if (socket || !view.me || (participant() && !hasConsented())) return;
  socket = live({ onState, onEvent, onStatus });
}

function wire() {
  $('consent-on').addEventListener('click', () => chooseRecord(true));
  $('consent-off').addEventListener('click', () => chooseRecord(false));
  $('consent-cancel').addEventListener('click', cancelChange);
  $('record-change').addEventListener('click', changeRecord);
  $('check-in').addEventListener('click', checkIn);
  $('check-out').addEventListener('click', checkOut);
  $('hand-form').addEventListener('submit', raiseHand);
  $('lower-hand').addEventListener('click', lowerHand);
  $('pass').addEventListener('click', pass);
  onLanguageChange(() => {
    renderAll();
    renderProblem();
    if ($('live-status').dataset.state) onStatus($('live-status').dataset.state === 'open' ? 'open' : 'closed');
  });
}

startPage();
wire();
everySecond(tick);
if (meetingId) start();
