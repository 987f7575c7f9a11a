// The facilitator console: the agenda clock, the speaker queue, rounds and
// attendance of one meeting, live. Everything on screen is rendered from the
// server's latest state (live() in app.js); every action is a command of the
// server's grammar sent to POST /commands, the same the command box accepts,
// so the buttons and the typed commands do exactly the same thing.
//
// A timekeeper's link opens the same page with what their role cannot do
// hidden (they drive the clock and rounds, not the queue); other roles get it
// read-only.

import {
  api, live, token, meetingId, pageUrl, t, lang, addStrings, startPage, onLanguageChange,
  el, fill, toast, everySecond, formatDuration, formatClock, serverNow,
} from './app.js';
import {
  currentSpeaker, itemTimeboxMs, meetingPhase, followPause, setDeadline, tickCountdowns, countdown, progressBar,
  formatSpan, scheduleText, scheduleBadge, entryBadge, roundAnnouncement, meetingWhen, announcer, nameOf,
} from './live-view.js';

addStrings({
  fr: {
    page_title: 'Console — {title}',
    links_label: 'Autres pages de la rencontre',
    link_notes: 'Notes',
    link_setup: 'Préparation',
    link_projector: 'Vue projecteur',
    projector_create: 'Créer un lien public pour le projecteur',
    projector_create_hint: 'Ce lien public donne aussi accès au résumé de la rencontre.',
    projector_created: 'Lien public créé.',
    bad_token: 'Ce lien ne donne pas accès à la rencontre : {message}',
    read_only: 'Cette console est celle de l’animation : vous la voyez en lecture seule. ',
    your_page: 'Votre page de participation',
    phase_before: 'Pas commencée',
    phase_running: 'En cours',
    phase_paused: 'En pause',
    phase_ended: 'Terminée',
    start_meeting: 'Commencer la rencontre',
    end_meeting: 'Terminer la rencontre',
    end_confirm_text: 'Terminer la rencontre pour de bon\u00a0?',
    end_confirm_yes: 'Oui, terminer',
    pause: 'Pause',
    resume: 'Reprendre',
    command_heading: 'Commande',
    command_label: 'Commande (en français ou en anglais)',
    command_placeholder: 'p. ex. point suivant, tour de table 2 min, q+ Nom…',
    command_hint: 'Tapez « aide » pour la liste. ↑ et ↓ rappellent les commandes précédentes ; Entrée envoie.',
    command_options: 'Commandes possibles',
    command_send: 'Envoyer',
    command_done: 'Fait.',
    command_you_typed: 'Commande\u00a0: {command}',
    agenda_heading: 'Ordre du jour',
    current_item_label: 'Point en cours',
    item_time_left: 'Temps restant pour ce point',
    no_current_item: 'Aucun point en cours.',
    item_facts: 'Prévu\u00a0: {planned}',
    item_facts_extended: 'Prévu\u00a0: {planned} + {extended} accordées',
    item_started: 'commencé à {clock}',
    prev_item: '◀ Point précédent',
    next_item: 'Point suivant ▶',
    skip_item: 'Sauter ce point',
    extend_label: '+{n} min\u00a0: prolonger ce point de {n} minutes',
    planned: 'prévu {length}',
    actual: 'réel {length}',
    overrun: 'dépassement {length}',
    go_to_item: 'Aller à ce point',
    go_to_item_label: 'Aller à ce point\u00a0: {title}',
    replan_heading: 'Replanifier pour finir à l’heure',
    replan_infeasible: 'Même en raccourcissant tout, la rencontre finira en retard.',
    replan_available: 'Temps disponible\u00a0: {length}',
    replan_row: '{title}\u00a0: {from} → {to}',
    replan_apply: 'Appliquer la replanification',
    queue_heading: 'File des interventions',
    queue_closed: 'fermée',
    queue_speaker_label: 'À la parole',
    queue_round_running: 'Un tour de table est en cours.',
    ack_next: 'Donner la parole au suivant',
    queue_close: 'Fermer la file',
    queue_open: 'Rouvrir la file',
    queue_empty: 'La file est vide.',
    move_up: 'Monter {name} d’un rang',
    move_down: 'Descendre {name} d’un rang',
    lower_hand: 'Retirer',
    lower_hand_label: 'Retirer {name} de la file',
    raised_at: 'levée à {clock}',
    entry_number: 'entrée {n}',
    limit_label: 'Limite par intervention (minutes)',
    limit_set: 'Appliquer',
    limit_clear: 'Sans limite',
    limit_now: 'Chaque intervention est limitée à {length}.',
    limit_none: 'Les interventions n’ont pas de limite de temps.',
    round_heading: 'Tour de table',
    round_now: 'À la parole',
    turn_time_left: 'Temps restant pour ce tour',
    round_waiting: 'En attente de la personne suivante',
    round_next: 'Personne suivante',
    round_pass: 'Passe son tour',
    round_move_end: 'En fin de tour',
    round_order_heading: 'Ordre de passage',
    round_spoken: 'a parlé',
    round_passed: 'a passé',
    round_current: 'parle',
    round_pending: 'à venir',
    round_seconds: 'Temps par personne (secondes)',
    round_seconds_hint: 'Vide\u00a0: sans limite.',
    round_total_label: 'Ou temps total (minutes)',
    round_total_hint: 'Partagé également entre les personnes présentes.',
    round_order_label: 'Ordre',
    order_listed: 'Dans l’ordre de la liste',
    order_alphabetical: 'Alphabétique',
    order_arrival: 'Par ordre d’arrivée',
    order_shuffle: 'Aléatoire',
    order_reverse: 'Inverse du dernier tour',
    round_auto: 'Passer automatiquement à la personne suivante quand le temps est écoulé',
    round_start: 'Lancer le tour de table',
    round_idle: 'Aucun tour de table en cours.',
    round_preview: 'Commande\u00a0: « {command} »',
    round_preview_total: '{total} pour {count} personnes présentes ≈ {each} chacune.',
    round_preview_each: '{each} par personne × {count} personnes présentes ≈ {total} en tout.',
    round_preview_untimed: '{count} personnes présentes, sans limite de temps.',
    attendance_heading: 'Présences',
    attendance_summary: '{present} présent·es sur {expected} attendu·es',
    attendance_excused: '{n} excusé·es',
    roster_caption: 'Personnes, présence et temps de parole',
    col_name: 'Nom',
    col_present: 'Présence',
    col_spoken: 'Parole',
    present: 'présent·e',
    not_present: 'pas là',
    not_yet: 'pas encore',
    mark_present: 'Présent·e',
    mark_present_label: 'Noter {name} présent·e',
    not_spoken: 'N’ont pas encore parlé\u00a0: {names}.',
    everyone_spoke: 'Toutes les personnes présentes ont parlé.',
    budget_each: 'budget de parole\u00a0: {length} par personne',
    budget_left: 'reste {length}',
  },
  en: {
    page_title: 'Console — {title}',
    links_label: 'Other pages of the meeting',
    link_notes: 'Notes',
    link_setup: 'Setup',
    link_projector: 'Projector view',
    projector_create: 'Create a public link for the projector',
    projector_create_hint: 'This public link also opens the meeting’s summary.',
    projector_created: 'Public link created.',
    bad_token: 'This link does not open the meeting: {message}',
    read_only: 'This console is the facilitator’s: you see it read-only. ',
    your_page: 'Your participant page',
    phase_before: 'Not started',
    phase_running: 'Running',
    phase_paused: 'Paused',
    phase_ended: 'Ended',
    start_meeting: 'Start the meeting',
    end_meeting: 'End the meeting',
    end_confirm_text: 'End the meeting for good?',
    end_confirm_yes: 'Yes, end it',
    pause: 'Pause',
    resume: 'Resume',
    command_heading: 'Command',
    command_label: 'Command (in English or French)',
    command_placeholder: 'e.g. next item, round 2m shuffle, q+ Name…',
    command_hint: 'Type “help” for the list. ↑ and ↓ recall earlier commands; Enter sends.',
    command_options: 'Possible commands',
    command_send: 'Send',
    command_done: 'Done.',
    command_you_typed: 'Command: {command}',
    agenda_heading: 'Agenda',
    current_item_label: 'Current item',
    item_time_left: 'Time left for this item',
    no_current_item: 'No item is running.',
    item_facts: 'Planned: {planned}',
    item_facts_extended: 'Planned: {planned} + {extended} granted',
    item_started: 'started at {clock}',
    prev_item: '◀ Previous item',
    next_item: 'Next item ▶',
    skip_item: 'Skip this item',
    extend_label: '+{n} min: give this item {n} more minutes',
    planned: 'planned {length}',
    actual: 'actual {length}',
    overrun: 'over by {length}',
    go_to_item: 'Go to this item',
    go_to_item_label: 'Go to this item: {title}',
    replan_heading: 'Re-plan to end on time',
    replan_infeasible: 'Even shortening everything, the meeting will end late.',
    replan_available: 'Time available: {length}',
    replan_row: '{title}: {from} → {to}',
    replan_apply: 'Apply re-plan',
    queue_heading: 'Speaker queue',
    queue_closed: 'closed',
    queue_speaker_label: 'Speaking',
    queue_round_running: 'A round is running.',
    ack_next: 'Ack next speaker',
    queue_close: 'Close the queue',
    queue_open: 'Reopen the queue',
    queue_empty: 'The queue is empty.',
    move_up: 'Move {name} up',
    move_down: 'Move {name} down',
    lower_hand: 'Remove',
    lower_hand_label: 'Remove {name} from the queue',
    raised_at: 'raised at {clock}',
    entry_number: 'entry {n}',
    limit_label: 'Limit per speaker (minutes)',
    limit_set: 'Apply',
    limit_clear: 'No limit',
    limit_now: 'Each speaker has {length}.',
    limit_none: 'Speakers have no time limit.',
    round_heading: 'Round',
    round_now: 'Speaking',
    turn_time_left: 'Time left for this turn',
    round_waiting: 'Waiting for the next speaker',
    round_next: 'Next speaker',
    round_pass: 'Pass',
    round_move_end: 'Move to end',
    round_order_heading: 'Speaking order',
    round_spoken: 'spoke',
    round_passed: 'passed',
    round_current: 'speaking',
    round_pending: 'to come',
    round_seconds: 'Time per person (seconds)',
    round_seconds_hint: 'Empty: no limit.',
    round_total_label: 'Or total time (minutes)',
    round_total_hint: 'Shared equally among the people present.',
    round_order_label: 'Order',
    order_listed: 'As listed',
    order_alphabetical: 'Alphabetical',
    order_arrival: 'By arrival',
    order_shuffle: 'Shuffled',
    order_reverse: 'Reverse of the last round',
    round_auto: 'Move to the next person automatically when time is up',
    round_start: 'Start the round',
    round_idle: 'No round is running.',
    round_preview: 'Command: “{command}”',
    round_preview_total: '{total} for {count} people present ≈ {each} each.',
    round_preview_each: '{each} per person × {count} people present ≈ {total} in all.',
    round_preview_untimed: '{count} people present, no time limit.',
    attendance_heading: 'Attendance',
    attendance_summary: '{present} present of {expected} expected',
    attendance_excused: '{n} sent regrets',
    roster_caption: 'People, attendance and speaking time',
    col_name: 'Name',
    col_present: 'Attendance',
    col_spoken: 'Spoke',
    present: 'present',
    not_present: 'not here',
    not_yet: 'not yet',
    mark_present: 'Present',
    mark_present_label: 'Mark {name} present',
    not_spoken: 'Not spoken yet: {names}.',
    everyone_spoke: 'Everyone present has spoken.',
    budget_each: 'speaking budget: {length} per person',
    budget_left: '{length} left',
  },
});

// The commands the buttons send, in the page's language (the server reads
// both; its answer comes back in the language the command was sent in).
const COMMANDS = {
  en: {
    start: 'start meeting', end: 'end meeting', pause: 'pause', resume: 'resume',
    next_item: 'next item', prev_item: 'previous item', skip_item: 'skip item',
    extend: 'extend {n} min', replan: 'replan', item: 'item {id}',
    ack: 'ack next', close: 'close the queue', open: 'open the queue',
    limit: 'time speakers at {d}', no_limit: 'no time limit',
    move: 'move {entry} to {position}', lower: 'q- {name}',
    next_speaker: 'next speaker', pass: 'pass {name}', move_end: 'move to end',
    present: 'present+ {name}',
    round: 'round', total: 'total', auto: 'auto',
    listed: '', alphabetical: 'alphabetical', arrival: 'arrival', shuffle: 'shuffle', reverse: 'reverse',
  },
  fr: {
    start: 'début de la rencontre', end: 'fin de la rencontre', pause: 'pause', resume: 'reprendre',
    next_item: 'point suivant', prev_item: 'point précédent', skip_item: 'sauter le point',
    extend: 'prolonger de {n} min', replan: 'replanifier', item: 'point {id}',
    ack: 'suivant', close: 'fermer la file', open: 'rouvrir la file',
    limit: 'temps de parole {d}', no_limit: 'sans limite',
    move: 'déplacer {entry} en {position}', lower: 'q- {name}',
    next_speaker: 'personne suivante', pass: 'passe {name}', move_end: 'à la fin',
    present: 'présent+ {name}',
    round: 'tour de table', total: 'au total', auto: 'auto',
    listed: '', alphabetical: 'alphabétique', arrival: 'arrivée', shuffle: 'aléatoire', reverse: 'inverse',
  },
};

function command(key, vars = {}) {
  let text = COMMANDS[lang()][key];
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

const $ = (id) => document.getElementById(id);

const page = {
  role: null,
  meeting: null,
  live: null,
  participants: null, // from GET /participants: statuses the live roster lacks
  announce: announcer(),
};

// --- roles ---------------------------------------------------------------------------

function may(need) {
  if (need === 'facilitation') return page.role === 'facilitator';
  if (need === 'timekeeping') return page.role === 'facilitator' || page.role === 'timekeeper';
  if (need === 'attendance') return page.role === 'facilitator' || page.role === 'note-taker';
  return false;
}

// What a role cannot do is not shown at all (a class, so that the state's
// own showing and hiding never brings it back).
function applyRole() {
  for (const node of document.querySelectorAll('[data-need]')) {
    node.classList.toggle('not-allowed', !may(node.dataset.need));
  }
  if (!may('timekeeping')) {
    const note = $('read-only');
    fill(note, t('read_only'), el('a', { href: pageUrl('join', token()) }, t('your_page')));
    note.hidden = false;
  }
}

// --- commands --------------------------------------------------------------------------

// Sends one command; its answer (or the server's error, e.g. an unknown
// command with suggestions) goes to the answer region under the command box.
async function run(text, { quiet = false } = {}) {
  try {
    const answer = await api('POST', '/commands', { command: text, lang: lang() });
    showAnswer(text, answer.message || describe(answer.events) || t('command_done'), false);
    return answer;
  } catch (error) {
    showAnswer(text, error.message, true);
    if (!quiet) toast(error.message, 'error');
    return null;
  }
}

// A word on what a command did when the server had nothing to say: a round
// is announced with each person's time before anyone speaks.
function describe(events = []) {
  const started = events.find((e) => e.type === 'round/started');
  return started ? roundAnnouncement(started.data) : '';
}

function showAnswer(text, message, isError) {
  fill(
    $('command-answer'),
    el('p', { class: 'muted small' }, t('command_you_typed', { command: text })),
    el('div', { class: isError ? 'answer error-text' : 'answer', dataset: { ok: isError ? 'false' : 'true' } }, message),
  );
}

// A button that sends a command; a click while its command is on its way is
// ignored (a double click must not skip two items).
function onCommand(button, makeText) {
  button.addEventListener('click', async () => {
    if (button.dataset.busy) return;
    const text = makeText();
    if (!text) return;
    button.dataset.busy = '1';
    try {
      await run(text);
    } finally {
      delete button.dataset.busy;
    }
  });
}

// --- the command box: completion and history --------------------------------------------

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const helpCache = {};
let options = [];
let activeOption = -1;
let history = [];
let historyAt = -1;
let draft = '';
const historyKey = `quorum:commands:${meetingId}`;

// The commands of the server's help text, in the page's language: each line
// is "form | form  — description".
async function loadHelp() {
  const code = lang();
  if (helpCache[code]) return;
  try {
    const answer = await api('POST', '/commands', { command: code === 'fr' ? 'aide' : 'help', lang: code });
    helpCache[code] = parseHelp(answer.message || '');
  } catch {
    // No completion for now; the next focus on the box asks again.
  }
}

function parseHelp(text) {
  const out = [];
  for (const line of text.split('\n').slice(1)) {
    const cut = line.indexOf(' — ');
    if (cut < 0) continue;
    const description = line.slice(cut + 3).trim();
    for (const form of line.slice(0, cut).split(' | ')) {
      const shown = form.trim();
      if (!shown) continue;
      // What goes into the input: the words, ready for what follows them.
      const takesName = /\s(Name|Nom)$/.test(shown);
      const value = shown.replace(/\s*…$/, ' ').replace(/\s(Name|Nom|Title|Titre|Text|Texte)$/, ' ');
      out.push({ shown, value, description, takesName, key: fold(shown) });
    }
  }
  return out;
}

function suggestions(typed) {
  const commands = helpCache[lang()] || [];
  const key = fold(typed.trimStart());
  if (!key) return [];
  // "present+ So" → the people whose name fits.
  for (const c of commands) {
    const head = fold(c.value);
    if (c.takesName && key.startsWith(head)) {
      const rest = key.slice(head.length);
      return rosterNames()
        .filter((name) => fold(name).includes(rest))
        .slice(0, 8)
        .map((name) => ({ shown: c.value + name, value: c.value + name, description: c.description }));
    }
  }
  // Commands that start with what was typed, then those with a word that
  // does (in the command, or from three letters on, in its description).
  const atWord = (text) => text.startsWith(key) || text.includes(` ${key}`);
  const starts = commands.filter((c) => c.key.startsWith(key));
  const words = commands.filter((c) => !c.key.startsWith(key) && (atWord(c.key) || (key.length >= 3 && atWord(fold(c.description)))));
  return [...starts, ...words].slice(0, 8);
}

function rosterNames() {
  const fromLive = (page.live && page.live.roster) || [];
  if (fromLive.length) return fromLive.map((p) => p.name);
  return (page.participants || []).map((p) => p.name);
}

function showOptions(list) {
  const input = $('command-input');
  const box = $('command-options');
  options = list;
  activeOption = -1;
  fill(
    box,
    list.map((option, i) =>
      el(
        'li',
        {
          id: `command-option-${i}`,
          role: 'option',
          'aria-selected': 'false',
          onmousedown: (e) => {
            e.preventDefault(); // keeps the focus in the input
            chooseOption(i);
          },
        },
        el('span', { class: 'option-form' }, option.shown),
        el('span', { class: 'option-description' }, option.description),
      ),
    ),
  );
  box.hidden = list.length === 0;
  input.setAttribute('aria-expanded', String(list.length > 0));
  input.removeAttribute('aria-activedescendant');
}

function highlight(index) {
  const box = $('command-options');
  activeOption = index;
  [...box.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
  const input = $('command-input');
  if (index >= 0) {
    input.setAttribute('aria-activedescendant', `command-option-${index}`);
    box.children[index].scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

function chooseOption(index) {
  const input = $('command-input');
  input.value = options[index].value;
  showOptions([]);
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

function recall(step) {
  if (!history.length) return;
  const input = $('command-input');
  if (historyAt === -1) draft = input.value;
  historyAt = Math.max(-1, Math.min(history.length - 1, historyAt + step));
  input.value = historyAt === -1 ? draft : history[history.length - 1 - historyAt];
  input.setSelectionRange(input.value.length, input.value.length);
}

function remember(text) {
  history = history.filter((h) => h !== text);
  history.push(text);
  history = history.slice(-50);
  sessionStorage.setItem(historyKey, JSON.stringify(history));
}

function setupCommandBox() {
  const input = $('command-input');
  try {
    history = JSON.parse(sessionStorage.getItem(historyKey) || '[]');
  } catch {
    history = [];
  }
  input.addEventListener('input', () => {
    historyAt = -1;
    showOptions(suggestions(input.value));
  });
  input.addEventListener('keydown', (e) => {
    const open = !$('command-options').hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const down = e.key === 'ArrowDown';
      // The list when it is open; the history of sent commands otherwise.
      if (open) {
        let next = activeOption + (down ? 1 : -1);
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        highlight(next);
      } else {
        recall(down ? -1 : 1);
      }
    } else if (e.key === 'Enter' && open && activeOption >= 0) {
      e.preventDefault();
      chooseOption(activeOption);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      showOptions([]);
    }
  });
  input.addEventListener('focus', loadHelp);
  input.addEventListener('blur', () => showOptions([]));
  $('command-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    showOptions([]);
    remember(text);
    historyAt = -1;
    const send = $('command-send');
    send.disabled = true;
    const answer = await run(text, { quiet: true });
    send.disabled = false;
    // What was typed stays when the server refused it, to be corrected.
    if (answer) input.value = '';
    input.focus();
  });
}

// --- rendering ----------------------------------------------------------------------------

// Re-renders `container`, then puts the keyboard focus back on the control
// that had it (same data-key), so acting on a list never loses one's place.
function keepFocus(container, render) {
  const active = document.activeElement;
  const inside = active && container.contains(active);
  const key = inside ? active.dataset.key : null;
  const row = inside && active.closest('[data-row]') ? active.closest('[data-row]').dataset.row : null;
  render();
  if (!key) return;
  const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
  // Else another control of the same row (an entry moved to the end has no ↓).
  const sibling = row ? container.querySelector(`[data-row="${CSS.escape(row)}"] button:not([disabled])`) : null;
  if (again && !again.disabled) {
    again.focus();
  } else if (sibling) {
    sibling.focus();
  } else {
    // The control went away with what it acted on: the section's heading is
    // the nearest sensible place.
    const heading = container.closest('section').querySelector('h2');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function render() {
  if (!page.live) return;
  followPause(page.live);
  renderHeader();
  renderAgenda();
  renderQueue();
  renderRound();
  renderAttendance();
  tickCountdowns($('main'));
}

function renderHeader() {
  const { meeting, live: state } = page;
  const phase = meetingPhase(state);
  $('meeting-title').textContent = meeting.title;
  document.title = t('page_title', { title: meeting.title });
  $('meeting-when').textContent = [meetingWhen(meeting), meeting.location].filter(Boolean).join(' · ');
  const shown = phase === 'running' && state.paused ? 'paused' : phase;
  const kinds = { before: 'badge-muted', running: 'badge-ok', paused: 'badge-warn', ended: 'badge-muted' };
  fill($('phase-badge'), el('span', { class: `badge ${kinds[shown]}`, dataset: { phase: shown } }, t(`phase_${shown}`)));
  fill($('schedule-badge'), phase === 'running' ? scheduleBadge(state) : null);
  $('schedule').textContent = scheduleText(state, meeting);
  const focused = document.activeElement;
  $('start-meeting').hidden = phase !== 'before';
  $('end-meeting').hidden = phase !== 'running' || !$('end-confirm').hidden;
  $('pause').hidden = phase !== 'running' || state.paused;
  $('resume').hidden = phase !== 'running' || !state.paused;
  if (phase !== 'running') $('end-confirm').hidden = true;
  // The button just pressed may hide itself (Start, Pause): the keyboard goes to the control
  // that replaces it, never back to the page's top.
  const controls = document.querySelector('.head-controls');
  if (focused && controls && controls.contains(focused) && focused.closest('[hidden]')) {
    const next = [...controls.querySelectorAll('button')].find((b) => !b.closest('[hidden]') && !b.disabled);
    (next || $('command-input')).focus();
  }
}

// The agenda as written (numbers, sub-items), with the clock's status of each
// top-level item; before the start the clock knows no items yet.
function agendaRows() {
  const clock = new Map((page.live.agenda || []).map((row) => [row.id, row]));
  return (page.meeting.agenda || []).map((item) => ({ item, clock: clock.get(String(item.id)) || null }));
}

function renderAgenda() {
  const state = page.live;
  const phase = meetingPhase(state);
  const current = state.current_item;
  const running = phase === 'running';

  if (current) {
    $('current-item').textContent = current.title;
  } else {
    $('current-item').textContent = phase === 'before' ? t('not_started') : phase === 'ended' ? t('ended') : t('no_current_item');
  }
  const timebox = itemTimeboxMs(state);
  setDeadline($('item-countdown'), current ? current.deadline_ms : null);
  setDeadline($('item-progress'), current ? current.deadline_ms : null, timebox);
  const row = current && (state.agenda || []).find((r) => r.id === current.id);
  if (row && row.planned_seconds) {
    const facts = row.extended_seconds
      ? t('item_facts_extended', { planned: formatSpan(row.planned_seconds), extended: formatSpan(row.extended_seconds) })
      : t('item_facts', { planned: formatSpan(row.planned_seconds) });
    $('item-facts').textContent = `${facts} · ${t('item_started', { clock: formatClock(current.started_at_ms) })}`;
  } else {
    $('item-facts').textContent = '';
  }

  const index = current ? (state.agenda || []).findIndex((r) => r.id === current.id) : -1;
  $('prev-item').disabled = !running || index <= 0;
  $('next-item').disabled = !running;
  $('skip-item').disabled = !running || !current;
  $('extend-5').disabled = !running || !current;
  $('extend-10').disabled = !running || !current;

  renderReplan();
  keepFocus($('agenda-list'), () => fill($('agenda-list'), agendaRows().map(agendaRow)));
}

function agendaRow({ item, clock }) {
  const status = clock ? clock.status : 'pending';
  const kinds = { pending: 'badge-muted', running: '', done: 'badge-ok', skipped: 'badge-warn' };
  const planned = clock ? clock.planned_seconds + (clock.extended_seconds || 0) : item.duration_seconds;
  const facts = [];
  if (planned) facts.push(t('planned', { length: formatSpan(planned) }));
  if (clock && (status === 'done' || (status === 'skipped' && clock.elapsed_ms > 0))) {
    facts.push(t('actual', { length: formatSpan(Math.round(clock.elapsed_ms / 1000)) }));
  }
  const overrun = clock && clock.overrun_ms > 0 ? el('span', { class: 'overrun' }, t('overrun', { length: formatSpan(Math.round(clock.overrun_ms / 1000)) })) : null;
  const canGo = may('timekeeping') && meetingPhase(page.live) === 'running' && status !== 'running';
  return el(
    'li',
    { class: `agenda-row status-${status}`, dataset: { itemId: String(item.id), status }, 'aria-current': status === 'running' ? 'step' : false },
    el(
      'div',
      { class: 'agenda-main' },
      el('span', { class: 'agenda-number' }, item.number || ''),
      el('span', { class: 'agenda-title' }, item.title),
      el('span', { class: `badge ${kinds[status]}` }, t(`item_${status}`)),
    ),
    el('div', { class: 'agenda-facts muted small' }, facts.join(' · '), overrun ? [' · ', overrun] : null),
    item.children && item.children.length
      ? el('ul', { class: 'agenda-children' }, item.children.map((child) => el('li', {}, [child.number, child.title].filter(Boolean).join(' '))))
      : null,
    canGo
      ? el(
          'button',
          {
            class: 'btn btn-small',
            type: 'button',
            dataset: { key: `go-${item.id}` },
            'aria-label': t('go_to_item_label', { title: item.title }),
            onclick: () => run(command('item', { id: item.id })),
          },
          t('go_to_item'),
        )
      : null,
  );
}

function renderReplan() {
  const box = $('replan');
  const replan = page.live.replan;
  box.hidden = !replan || !may('timekeeping');
  if (box.hidden) return;
  const byId = new Map((page.meeting.agenda || []).map((item) => [String(item.id), item]));
  fill(
    box,
    el('h3', {}, t('replan_heading')),
    replan.feasible ? null : el('p', { class: 'error-text' }, t('replan_infeasible')),
    el('p', { class: 'small muted' }, t('replan_available', { length: formatSpan(replan.available_seconds) })),
    el(
      'ul',
      { class: 'replan-list' },
      replan.items.filter((item) => item.proposed_seconds !== item.planned_seconds).map((item) =>
        el('li', {}, t('replan_row', {
          title: (byId.get(item.id) || item).title,
          from: formatSpan(item.planned_seconds),
          to: formatSpan(item.proposed_seconds),
        })),
      ),
    ),
    el(
      'button',
      { class: 'btn btn-primary btn-small', type: 'button', dataset: { testid: 'replan-apply' }, onclick: (e) => runFrom(e.currentTarget, command('replan')) },
      t('replan_apply'),
    ),
  );
}

// For buttons made at render time: the same double-click guard as onCommand().
async function runFrom(button, text) {
  if (button.dataset.busy) return;
  button.dataset.busy = '1';
  try {
    await run(text);
  } finally {
    delete button.dataset.busy;
  }
}

function renderQueue() {
  const state = page.live;
  const queue = state.queue || { entries: [] };
  fill($('queue-closed-badge'), queue.closed ? el('span', { class: 'badge badge-warn' }, t('queue_closed')) : null);

  const speaker = queue.speaker;
  const block = $('queue-speaker');
  if (speaker) {
    fill(
      block,
      el('p', { class: 'muted small' }, t('queue_speaker_label')),
      el('p', { class: 'speaker-name' }, el('span', { dataset: { testid: 'queue-speaker' } }, speaker.name || nameOf(state, speaker.participant_id)), ' ', entryBadge(speaker.type)),
      speaker.note ? el('p', { class: 'speaker-note' }, speaker.note) : null,
      speaker.deadline_ms != null
        ? [
            el('p', { class: 'big-timer' }, countdown(speaker.deadline_ms, { 'data-testid': 'queue-countdown' })),
            progressBar(speaker.deadline_ms, speaker.deadline_ms - speaker.started_at_ms),
          ]
        : null,
    );
  } else {
    fill(block, el('span', { hidden: true, dataset: { testid: 'queue-speaker' } }), el('p', { class: 'muted' }, state.round ? t('queue_round_running') : t('no_speaker')));
  }

  $('ack-next').disabled = meetingPhase(state) !== 'running' || (!queue.entries.length && !speaker);
  $('queue-toggle').textContent = queue.closed ? t('queue_open') : t('queue_close');
  $('queue-toggle').dataset.closed = String(!!queue.closed);

  keepFocus($('queue-list'), () => {
    const entries = queue.entries || [];
    if (!entries.length) {
      fill($('queue-list'), el('li', { class: 'muted empty' }, t('queue_empty')));
      return;
    }
    fill($('queue-list'), entries.map((entry, i) => queueRow(entry, i, entries.length)));
  });

  $('limit-now').textContent = queue.limit_seconds ? t('limit_now', { length: formatSpan(queue.limit_seconds) }) : t('limit_none');
  // The limit in force shows in the empty field, without touching what is typed there.
  $('queue-limit').placeholder = queue.limit_seconds ? String(Math.round((queue.limit_seconds / 60) * 100) / 100) : '';
}

function queueRow(entry, index, count) {
  const name = entry.name || nameOf(page.live, entry.participant_id);
  const manage = may('facilitation');
  const move = (to) => run(command('move', { entry: entry.entry_id, position: to }));
  return el(
    'li',
    { class: 'queue-row', dataset: { row: `entry-${entry.entry_id}`, entryId: String(entry.entry_id), entryType: entry.type } },
    el('span', { class: 'queue-position', 'aria-hidden': 'true' }, String(index + 1)),
    el(
      'div',
      { class: 'queue-who' },
      el('span', { class: 'queue-name' }, name), ' ', entryBadge(entry.type),
      entry.note ? el('span', { class: 'queue-note' }, entry.note) : null,
      el('span', { class: 'muted small queue-meta' }, `${t('entry_number', { n: entry.entry_id })} · ${t('raised_at', { clock: formatClock(entry.raised_ms) })}`),
    ),
    manage
      ? el(
          'div',
          { class: 'queue-actions row' },
          el('button', { class: 'btn btn-small', type: 'button', disabled: index === 0, dataset: { key: `up-${entry.entry_id}` }, 'aria-label': t('move_up', { name }), onclick: () => move(index) }, '↑'),
          el('button', { class: 'btn btn-small', type: 'button', disabled: index === count - 1, dataset: { key: `down-${entry.entry_id}` }, 'aria-label': t('move_down', { name }), onclick: () => move(index + 2) }, '↓'),
          el('button', { class: 'btn btn-small', type: 'button', dataset: { key: `lower-${entry.entry_id}` }, 'aria-label': t('lower_hand_label', { name }), onclick: () => run(command('lower', { name })) }, t('lower_hand')),
        )
      : null,
  );
}

function renderRound() {
  const state = page.live;
  const round = state.round;
  $('round-running').hidden = !round;
  $('main').classList.toggle('round-active', !!round);
  $('round-form').hidden = !!round || meetingPhase(state) === 'ended';
  $('round-idle').hidden = !!round || may('timekeeping');
  if (!round) {
    $('round-order').querySelector('option[value=reverse]').disabled = !(state.last_round_order || []).length;
    renderRoundPreview();
    return;
  }
  $('round-announcement').textContent = roundAnnouncement(round);
  $('round-speaker').textContent = round.current ? nameOf(state, round.current) : t('round_waiting');
  setDeadline($('round-countdown'), round.current ? round.turn_deadline_ms : null);
  setDeadline($('round-progress'), round.current ? round.turn_deadline_ms : null, round.turn_seconds ? round.turn_seconds * 1000 : null);
  $('round-next').disabled = !!state.paused;
  $('round-pass').disabled = !round.current || !!state.paused;
  $('round-move-end').disabled = !round.current || !(round.pending || []).length || !!state.paused;
  $('round-pause').hidden = !!state.paused;
  $('round-resume').hidden = !state.paused;

  const done = new Set([...(round.spoken || []), ...(round.passed || [])]);
  const passed = new Set(round.passed || []);
  const order = [
    ...(round.order || []).filter((id) => done.has(id)),
    ...(round.current ? [round.current] : []),
    ...(round.pending || []),
  ];
  fill(
    $('round-order-list'),
    order.map((id) => {
      const status = id === round.current ? 'current' : passed.has(id) ? 'passed' : done.has(id) ? 'spoken' : 'pending';
      return el(
        'li',
        { class: `round-turn turn-${status}`, dataset: { participantId: id, status }, 'aria-current': status === 'current' ? 'true' : false },
        el('span', { class: 'turn-name' }, nameOf(state, id)),
        el('span', { class: 'turn-mark' }, t(`round_${status}`)),
      );
    }),
  );
}

function presentCount() {
  const roster = page.live && page.live.roster && page.live.roster.length
    ? page.live.roster
    : (page.participants || []).map((p) => ({ present: p.status === 'present' || p.status === 'late' }));
  return roster.filter((p) => p.present).length;
}

// The command the round form stands for, in the page's language.
function roundCommand() {
  const total = Number($('round-total').value);
  const seconds = Number($('round-seconds').value);
  const words = [command('round')];
  if (total > 0) words.push(`${total} min`, command('total'));
  else if (seconds > 0) words.push(`${seconds} s`);
  const order = command($('round-order').value);
  if (order) words.push(order);
  if ($('round-auto').checked) words.push(command('auto'));
  return words.join(' ');
}

// Announced before the round starts: what each person will get.
function renderRoundPreview() {
  const count = presentCount();
  const total = Number($('round-total').value);
  const seconds = Number($('round-seconds').value);
  let estimate;
  if (total > 0 && count) {
    estimate = t('round_preview_total', { total: formatSpan(total * 60), count, each: formatSpan(Math.floor((total * 60) / count)) });
  } else if (seconds > 0) {
    estimate = t('round_preview_each', { each: formatSpan(seconds), count, total: formatSpan(seconds * count) });
  } else {
    estimate = t('round_preview_untimed', { count });
  }
  fill($('round-preview'), el('span', {}, estimate), ' ', el('span', { class: 'muted' }, t('round_preview', { command: roundCommand() })));
}

function setupRoundForm() {
  for (const id of ['round-seconds', 'round-total', 'round-order', 'round-auto']) {
    $(id).addEventListener('input', renderRoundPreview);
    $(id).addEventListener('change', renderRoundPreview);
  }
  $('round-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('round-start');
    if (button.dataset.busy) return;
    button.dataset.busy = '1';
    try {
      await run(roundCommand());
    } finally {
      delete button.dataset.busy;
    }
  });
}

// The live roster (names, presence) with the statuses only the REST list has.
function attendanceRows() {
  const statuses = new Map((page.participants || []).map((p) => [String(p.id), p]));
  const roster = page.live.roster && page.live.roster.length
    ? page.live.roster
    : (page.participants || []).map((p) => ({ id: String(p.id), name: p.name, present: p.status === 'present' || p.status === 'late' }));
  return roster.map((person) => ({ ...person, status: statuses.has(person.id) ? statuses.get(person.id).status : null }));
}

function renderAttendance() {
  const state = page.live;
  const rows = attendanceRows();
  const present = rows.filter((p) => p.present).length;
  const excused = rows.filter((p) => p.status === 'excused' || p.status === 'absent').length;
  const summary = [t('attendance_summary', { present, expected: rows.length - excused })];
  if (excused) summary.push(t('attendance_excused', { n: excused }));
  if (state.budget) summary.push(t('budget_each', { length: formatSpan(state.budget.seconds) }));
  const box = $('attendance-summary');
  box.textContent = summary.join(' · ');
  box.dataset.present = String(present);
  box.dataset.expected = String(rows.length - excused);

  const spoken = new Map(((state.speaking && state.speaking.times) || []).map((s) => [s.participant_id, s.ms]));
  const notYet = new Set((state.speaking && state.speaking.not_yet_spoken) || []);
  const speaker = currentSpeaker(state);
  keepFocus($('roster-body'), () =>
    fill(
      $('roster-body'),
      rows.map((person) => {
        const talking = speaker && speaker.id === person.id && !state.paused;
        return el(
          'tr',
          { dataset: { participantId: person.id, present: String(person.present) } },
          el('th', { scope: 'row' }, person.name),
          el(
            'td',
            {},
            person.present
              ? el('span', { class: 'present-mark' }, '✓ ', t('present'))
              : el('span', { class: 'muted' }, person.status ? t(`status_${person.status}`) : t('not_present')),
            !person.present && may('attendance') && meetingPhase(state) !== 'ended'
              ? [' ', el('button', { class: 'btn btn-small', type: 'button', dataset: { key: `present-${person.id}` }, 'aria-label': t('mark_present_label', { name: person.name }), onclick: () => run(command('present', { name: person.name })) }, t('mark_present'))]
              : null,
          ),
          el(
            'td',
            { class: 'spoken' },
            spokenCell(person.id, spoken, notYet, talking ? state.now_ms : null),
            state.budget && person.present ? budgetLeft(state.budget.left_ms[person.id], talking ? state.now_ms : null) : null,
          ),
        );
      }),
    ),
  );
  const waiting = rows.filter((p) => notYet.has(p.id)).map((p) => p.name);
  $('not-spoken').textContent = meetingPhase(state) === 'before' ? '' : waiting.length ? t('not_spoken', { names: waiting.join(', ') }) : t('everyone_spoke');
}

// How long someone spoke; for whoever speaks now, a total that grows (see
// tickSpeaking), counted from the state's own time.
function spokenCell(id, spoken, notYet, since) {
  const ms = spoken.get(id) || 0;
  if (since != null) return el('span', { class: 'spoken-time', dataset: { since: String(since), base: String(ms) } }, formatDuration(ms));
  if (ms) return el('span', { class: 'spoken-time' }, formatDuration(ms));
  return notYet.has(id) ? el('span', { class: 'badge badge-muted' }, t('not_yet')) : '';
}

// What is left of someone's speaking budget (the maître du temps practice):
// the state says it as of its own time, like the spoken totals.
function budgetLeft(ms, since) {
  if (ms == null) return null;
  const ticking = since != null ? { since: String(since), base: String(ms), sign: '-1', key: 'budget_left' } : {};
  return el('span', { class: `budget-left${ms <= 0 ? ' over' : ''}`, dataset: ticking }, t('budget_left', { length: formatDuration(ms) }));
}

// The current speaker's total grows while they speak, and their budget
// shrinks (the state says both as of its own time).
function tickSpeaking() {
  for (const node of document.querySelectorAll('[data-since]')) {
    const ms = Number(node.dataset.base) + Number(node.dataset.sign || 1) * Math.max(0, serverNow() - Number(node.dataset.since));
    node.textContent = node.dataset.key ? t(node.dataset.key, { length: formatDuration(ms) }) : formatDuration(ms);
    node.classList.toggle('over', node.dataset.sign === '-1' && ms <= 0);
  }
}

// --- links -----------------------------------------------------------------------------------

// The projector needs a public share link's token. The setup page keeps the
// links it created in this browser; the console adds to the same list.
const shareKey = `quorum:share:${meetingId}`;

function storedShareLinks() {
  try {
    const list = JSON.parse(localStorage.getItem(shareKey) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

async function projectorToken() {
  const now = Date.now();
  let links = storedShareLinks().filter(
    (link) => link && link.token && (link.visibility || 'public') === 'public' && !link.revoked_at && (!link.expires_at || Date.parse(link.expires_at) > now),
  );
  if (may('facilitation') && links.some((link) => link.id != null)) {
    // Links revoked or expired since (on another screen) are not offered.
    try {
      const live = new Set((await api('GET', '/share-links')).filter((l) => !l.revoked_at && (!l.expires_at || Date.parse(l.expires_at) > now)).map((l) => String(l.id)));
      links = links.filter((link) => link.id == null || live.has(String(link.id)));
    } catch {
      // The stored list is the best we have.
    }
  }
  return links.length ? links[links.length - 1].token : null;
}

async function renderProjectorLink() {
  const slot = $('projector-slot');
  const tok = await projectorToken();
  if (tok) {
    fill(slot, el('a', { id: 'projector-link', class: 'btn btn-small', href: pageUrl('projector', tok), target: '_blank', rel: 'noopener', dataset: { testid: 'projector-link' } }, t('link_projector')));
  } else if (may('facilitation')) {
    fill(
      slot,
      el('button', { class: 'btn btn-small', type: 'button', title: t('projector_create_hint'), 'aria-describedby': 'projector-hint', dataset: { testid: 'projector-create' }, onclick: createProjectorLink }, t('projector_create')),
      el('span', { id: 'projector-hint', class: 'sr-only' }, t('projector_create_hint')),
    );
  } else {
    fill(slot);
  }
}

async function createProjectorLink() {
  try {
    const link = await api('POST', '/share-links', { visibility: 'public' });
    const stored = storedShareLinks();
    stored.push({ id: link.id, token: link.token, path: link.path, visibility: 'public', expires_at: link.expires_at || null, created_at: new Date().toISOString() });
    localStorage.setItem(shareKey, JSON.stringify(stored));
    toast(t('projector_created'), 'ok');
    await renderProjectorLink();
    $('projector-link').focus();
  } catch (error) {
    toast(error.message, 'error');
  }
}

function renderLinks() {
  const notes = $('link-notes');
  notes.href = pageUrl('notes', token());
  notes.hidden = !(page.role === 'facilitator' || page.role === 'note-taker');
  const setup = $('link-setup');
  setup.href = pageUrl('setup', token());
  setup.hidden = page.role !== 'facilitator';
  renderProjectorLink();
}

// --- wiring ---------------------------------------------------------------------------------

function setupControls() {
  onCommand($('start-meeting'), () => command('start'));
  onCommand($('pause'), () => command('pause'));
  onCommand($('resume'), () => command('resume'));
  onCommand($('round-pause'), () => command('pause'));
  onCommand($('round-resume'), () => command('resume'));
  onCommand($('next-item'), () => command('next_item'));
  onCommand($('prev-item'), () => command('prev_item'));
  onCommand($('skip-item'), () => command('skip_item'));
  onCommand($('extend-5'), () => command('extend', { n: 5 }));
  onCommand($('extend-10'), () => command('extend', { n: 10 }));
  onCommand($('ack-next'), () => command('ack'));
  onCommand($('queue-toggle'), () => command(page.live && page.live.queue.closed ? 'open' : 'close'));
  onCommand($('round-next'), () => command('next_speaker'));
  onCommand($('round-move-end'), () => command('move_end'));
  onCommand($('round-pass'), () => {
    const round = page.live && page.live.round;
    return round && round.current ? command('pass', { name: nameOf(page.live, round.current) }) : '';
  });

  // Ending is for good: a second, explicit click.
  $('end-meeting').addEventListener('click', () => {
    $('end-confirm').hidden = false;
    $('end-meeting').hidden = true;
    $('end-meeting-confirm').focus();
  });
  $('end-meeting-cancel').addEventListener('click', () => {
    $('end-confirm').hidden = true;
    $('end-meeting').hidden = false;
    $('end-meeting').focus();
  });
  onCommand($('end-meeting-confirm'), () => command('end'));

  $('limit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const field = $('queue-limit');
    if (field.value === '') {
      field.focus();
      return;
    }
    const minutes = Number(field.value);
    run(minutes > 0 ? command('limit', { d: `${Math.round(minutes * 60)}s` }) : command('no_limit'));
  });
  onCommand($('limit-clear'), () => command('no_limit'));
  for (const n of [5, 10]) $(`extend-${n}`).setAttribute('aria-label', t('extend_label', { n }));
}

let participantsTimer = null;
async function loadParticipants() {
  try {
    page.participants = await api('GET', '/participants');
    render();
  } catch {
    page.participants = null; // the live roster is enough to go on
  }
}

// Member events say what changed; attendance is the one thing the state does
// not fully carry (statuses such as excused).
function onEvent(event) {
  if (/^(participant|attendance)\//.test(event.type || '')) {
    clearTimeout(participantsTimer);
    participantsTimer = setTimeout(loadParticipants, 300);
  }
}

function onState(message) {
  page.meeting = message.meeting;
  page.live = message.live;
  render();
  page.announce(page.live);
}

function onStatus(status) {
  const node = $('live-status');
  node.dataset.state = status === 'open' ? 'open' : 'closed';
  node.textContent = status === 'open' ? t('live_open') : t('live_closed');
}

// Without a working link there is nothing to show but why.
function fatal(message) {
  for (const node of document.querySelectorAll('main > *, .console-links')) node.hidden = true;
  $('live-status').hidden = true; // nothing will connect: "Reconnecting…" would mislead
  $('page-error').textContent = message;
  $('page-error').hidden = false;
}

async function start() {
  startPage();
  onStatus('closed');
  if (!token()) {
    fatal(t('no_token'));
    return;
  }
  let me;
  try {
    me = await api('GET', '/me');
  } catch (error) {
    fatal(t('bad_token', { message: error.message }));
    return;
  }
  page.role = me.role;
  applyRole();
  renderLinks();
  setupControls();
  setupCommandBox();
  setupRoundForm();
  loadHelp();
  loadParticipants();
  live({ onState, onEvent, onStatus });
  everySecond(() => {
    tickCountdowns($('main'));
    tickSpeaking();
  });
  onLanguageChange(() => {
    onStatus($('live-status').dataset.state === 'open' ? 'open' : 'closed');
    applyRole();
    for (const n of [5, 10]) $(`extend-${n}`).setAttribute('aria-label', t('extend_label', { n }));
    renderProjectorLink();
    loadHelp();
    render();
  });
}

start();
