// The setup page's participants: the table (role, attendance status, consent),
// invitations with the personal link shown once, new links, and the import of
// attendance files (Zoom, BigBlueButton, CSV, names) through a preview where
// the facilitator decides about each name the file does not match.

import { addStrings, announce, api, el, fill, formatClock, formatMinutes, pageUrl, t, toast } from './app.js';
import { clearFieldErrors, ctx, frenchSpacing, linkField, showFieldError, unbroken, whileBusy } from './setup-common.js';

addStrings({
  fr: frenchSpacing({
    participants_heading: 'Participant·e·s',
    participants_caption: '{count} personne(s) invitée(s)',
    participants_empty: 'Personne n’est encore invité.',
    col_name: 'Nom',
    col_affiliation: 'Organisation',
    col_role: 'Rôle',
    col_status: 'Statut',
    col_consent: 'Consentement',
    col_attendance: 'Présence',
    col_link: 'Lien',
    status_of: 'Statut de {name}',
    status_saved: 'Statut de {name} : {status}.',
    consent_on: 'consignée',
    consent_off: 'hors compte rendu',
    consent_unknown: 'pas encore demandé',
    consent_on_title: 'Ses interventions peuvent être nommées dans le compte rendu.',
    consent_off_title: 'Comptée, jamais nommée dans le compte rendu et les exports.',
    checked_in: 'arrivée à {time}',
    new_link: 'Nouveau lien',
    new_link_label: 'Nouveau lien personnel pour {name}',
    new_link_confirm:
      'Créer un nouveau lien personnel pour {name} ? Son lien actuel cessera de fonctionner immédiatement.',
    invite_heading: 'Inviter quelqu’un',
    field_name: 'Nom',
    field_affiliation: 'Organisation (facultatif)',
    field_email: 'Courriel (facultatif)',
    field_email_hint: 'Sert à reconnaître la personne dans les rapports de présence.',
    field_role: 'Rôle',
    invite_submit: 'Inviter',
    name_required: 'Indiquez le nom de la personne.',
    invited_heading: 'Lien personnel de {name}',
    renewed_heading: 'Nouveau lien personnel de {name}',
    invited_once:
      'Ce lien n’est affiché qu’une fois : copiez-le maintenant et envoyez-le à {name}. S’il se perd, créez-en un nouveau avec « Nouveau lien ».',
    link_join: 'Lien de participation',
    link_join_hint: 'Sa vue de participant·e : arrivée, file de parole, temps de parole.',
    link_notes: 'Lien de prise de notes',
    link_console: 'Lien de la console d’animation',
    dismiss: 'J’ai copié le lien',
    invited: '{name} est invité·e.',
    attendance_heading: 'Importer les présences',
    attendance_hint:
      'Le rapport de Zoom (réunion ou webinaire), le tableau de bord de BigBlueButton, un CSV ou une simple liste de noms. Rien n’est enregistré avant « Appliquer ».',
    attendance_file: 'Fichier de présences (.csv, .txt)',
    attendance_reading: 'Lecture du fichier…',
    format_label: 'Format reconnu : {format}',
    'format_zoom-participants': 'Zoom, rapport des participant·e·s',
    'format_zoom-unique-users': 'Zoom, rapport des participant·e·s uniques',
    'format_zoom-webinar': 'Zoom, rapport des personnes inscrites au webinaire',
    format_bigbluebutton: 'BigBlueButton, tableau de bord d’apprentissage',
    format_csv: 'fichier CSV',
    format_names: 'liste de noms',
    encoding_label: 'encodage {encoding}',
    matched_heading: 'Reconnues ({count})',
    unmatched_heading: 'À confirmer ({count})',
    missing_heading: 'Invitées, absentes du fichier ({count}) : leur présence ne change pas',
    col_in_file: 'Dans le fichier',
    col_participant: 'Participant·e',
    col_how: 'Reconnue par',
    col_time: 'Temps',
    col_joined: 'Arrivée – départ',
    by_email: 'courriel',
    by_name: 'nom',
    by_alias: 'nom confirmé',
    line_n: 'ligne {line}',
    choice_label: 'Que faire de « {name} » ?',
    choice_add: 'Nouvelle personne à ajouter',
    choice_skip: 'L’ignorer',
    choice_is: 'C’est {name}',
    choice_suggested: 'C’est {name} (suggéré)',
    apply: 'Appliquer',
    applying: 'Enregistrement…',
    attendance_applied: 'Présences enregistrées : {updated} mises à jour, {added} ajoutée(s).',
    attendance_cancelled: 'Importation annulée : rien n’a été enregistré.',
  }),
  en: {
    participants_heading: 'Participants',
    participants_caption: '{count} people invited',
    participants_empty: 'Nobody is invited yet.',
    col_name: 'Name',
    col_affiliation: 'Affiliation',
    col_role: 'Role',
    col_status: 'Status',
    col_consent: 'Consent',
    col_attendance: 'Attendance',
    col_link: 'Link',
    status_of: 'Status of {name}',
    status_saved: '{name}’s status: {status}.',
    consent_on: 'on the record',
    consent_off: 'off the record',
    consent_unknown: 'not asked yet',
    consent_on_title: 'What they say may be named in the minutes.',
    consent_off_title: 'Counted, never named in the minutes and exports.',
    checked_in: 'arrived at {time}',
    new_link: 'New link',
    new_link_label: 'New personal link for {name}',
    new_link_confirm: 'Make a new personal link for {name}? Their current link stops working at once.',
    invite_heading: 'Invite someone',
    field_name: 'Name',
    field_affiliation: 'Affiliation (optional)',
    field_email: 'E-mail (optional)',
    field_email_hint: 'Used to recognise the person in attendance reports.',
    field_role: 'Role',
    invite_submit: 'Invite',
    name_required: 'Give the person’s name.',
    invited_heading: '{name}’s personal link',
    renewed_heading: '{name}’s new personal link',
    invited_once:
      'This link is shown only once: copy it now and send it to {name}. If it is lost, make a new one with “New link”.',
    link_join: 'Participant link',
    link_join_hint: 'Their participant view: check in, speaker queue, speaking time.',
    link_notes: 'Note-taking link',
    link_console: 'Facilitator console link',
    dismiss: 'I copied the link',
    invited: '{name} is invited.',
    attendance_heading: 'Import attendance',
    attendance_hint:
      'A Zoom report (meeting or webinar), a BigBlueButton learning dashboard, a CSV file or a plain list of names. Nothing is recorded before “Apply”.',
    attendance_file: 'Attendance file (.csv, .txt)',
    attendance_reading: 'Reading the file…',
    format_label: 'Format: {format}',
    'format_zoom-participants': 'Zoom participants report',
    'format_zoom-unique-users': 'Zoom unique users report',
    'format_zoom-webinar': 'Zoom webinar attendee report',
    format_bigbluebutton: 'BigBlueButton learning dashboard',
    format_csv: 'CSV file',
    format_names: 'list of names',
    encoding_label: '{encoding} encoding',
    matched_heading: 'Recognised ({count})',
    unmatched_heading: 'To confirm ({count})',
    missing_heading: 'Invited, not in the file ({count}): their attendance does not change',
    col_in_file: 'In the file',
    col_participant: 'Participant',
    col_how: 'Recognised by',
    col_time: 'Time',
    col_joined: 'Joined – left',
    by_email: 'e-mail',
    by_name: 'name',
    by_alias: 'confirmed name',
    line_n: 'line {line}',
    choice_label: 'What to do with “{name}”?',
    choice_add: 'Add as a new participant',
    choice_skip: 'Skip',
    choice_is: 'This is {name}',
    choice_suggested: 'This is {name} (suggested)',
    apply: 'Apply',
    applying: 'Recording…',
    attendance_applied: 'Attendance recorded: {updated} updated, {added} added.',
    attendance_cancelled: 'Import cancelled: nothing was recorded.',
  },
});

const STATUSES = ['invited', 'present', 'late', 'excused', 'absent'];

// --- the table -----------------------------------------------------------------------

// The API says "on" or "off" (null: not asked yet).
function consentBadge(record) {
  if (record === 'on' || record === true) return el('span', { class: 'badge badge-ok', title: t('consent_on_title') }, t('consent_on'));
  if (record === 'off' || record === false) return el('span', { class: 'badge badge-warn', title: t('consent_off_title') }, t('consent_off'));
  return el('span', { class: 'badge badge-muted' }, t('consent_unknown'));
}

function attendanceText(person) {
  if (person.minutes != null) return unbroken(formatMinutes(person.minutes * 60));
  if (person.checked_in_at) return t('checked_in', { time: unbroken(formatClock(Date.parse(person.checked_in_at))) });
  return '—';
}

async function setStatus(person, select) {
  const previous = person.status;
  try {
    await api('PUT', `/participants/${person.id}/status`, { status: select.value });
    person.status = select.value;
    announce(t('status_saved', { name: person.name, status: t(`status_${select.value}`) }));
  } catch (error) {
    select.value = previous;
    toast(error.message, 'error');
  }
}

function statusSelect(person) {
  const select = el(
    'select',
    { 'aria-label': t('status_of', { name: person.name }), class: 'status-select', 'data-participant-id': String(person.id) },
    STATUSES.map((s) => el('option', { value: s }, t(`status_${s}`))),
  );
  select.value = person.status;
  select.addEventListener('change', () => setStatus(person, select));
  return select;
}

// Cells carry their column's name for the stacked layout on a phone, and
// their content in one box (the stacked cell is a two-column grid).
function cell(labelKey, ...children) {
  return el('td', { 'data-label': t(labelKey) }, el('div', {}, ...children));
}

function personRow(person) {
  return el(
    'tr',
    { 'data-participant-id': String(person.id) },
    el('th', { scope: 'row', 'data-label': t('col_name') }, el('span', { class: 'person-name' }, person.name), person.email ? el('span', { class: 'hint person-email' }, person.email) : null),
    cell('col_affiliation', person.affiliation || '—'),
    cell('col_role', t(`role_${person.role}`)),
    cell('col_status', statusSelect(person)),
    cell('col_consent', consentBadge(person.record)),
    cell('col_attendance', attendanceText(person)),
    cell(
      'col_link',
      el('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('new_link_label', { name: person.name }), onclick: () => renewLink(person) }, t('new_link')),
    ),
  );
}

export function renderParticipants() {
  const body = document.getElementById('participants-body');
  const people = ctx.participants;
  // A status select being used keeps its focus across a refresh.
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('#participants-body tr');
  const focusId = focused && focused.dataset.participantId;
  document.getElementById('participants-caption').textContent = t('participants_caption', { count: people.length });
  if (people.length === 0) {
    fill(body, el('tr', {}, el('td', { colspan: 7, class: 'muted' }, t('participants_empty'))));
    return;
  }
  fill(body, people.map(personRow));
  if (focusId) {
    const again = body.querySelector(`tr[data-participant-id="${focusId}"] select, tr[data-participant-id="${focusId}"] button`);
    if (again) again.focus();
  }
}

// --- personal links --------------------------------------------------------------------

// The links for a person: everyone's participant view, plus the notes editor
// for a note-taker and the console for a facilitator.
function showLinks(person, tok, headingKey) {
  const box = document.getElementById('invite-result');
  const fields = [
    linkField({ id: 'invite-link', label: t('link_join'), url: pageUrl('join', tok), testid: 'invite-link', hint: t('link_join_hint') }),
  ];
  if (person.role === 'note-taker') {
    fields.push(linkField({ id: 'invite-notes-link', label: t('link_notes'), url: pageUrl('notes', tok), testid: 'invite-notes-link' }));
  }
  if (person.role === 'facilitator') {
    fields.push(linkField({ id: 'invite-console-link', label: t('link_console'), url: pageUrl('console', tok) }));
  }
  fill(
    box,
    el('h3', {}, t(headingKey, { name: person.name })),
    el('p', { class: 'once' }, t('invited_once', { name: person.name })),
    fields,
    el('button', { type: 'button', class: 'btn btn-small', onclick: () => dismissLinks() }, t('dismiss')),
  );
  box.hidden = false;
  box.focus();
}

function dismissLinks() {
  const box = document.getElementById('invite-result');
  fill(box);
  box.hidden = true;
  document.getElementById('invite-name').focus();
}

async function renewLink(person) {
  if (!confirm(t('new_link_confirm', { name: person.name }))) return;
  try {
    const { token } = await api('POST', `/participants/${person.id}/token`);
    showLinks(person, token, 'renewed_heading');
  } catch (error) {
    toast(error.message, 'error');
  }
}

async function onInvite(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const value = (name) => document.getElementById(`invite-${name}`).value.trim();
  const person = { name: value('name'), affiliation: value('affiliation'), email: value('email'), role: value('role') };
  if (!person.name) {
    showFieldError('invite', 'name', t('name_required'));
    return;
  }
  const body = { name: person.name, role: person.role };
  if (person.affiliation) body.affiliation = person.affiliation;
  if (person.email) body.email = person.email;
  await whileBusy(form.querySelector('[type=submit]'), async () => {
    let invited;
    try {
      invited = await api('POST', '/participants', body);
    } catch (error) {
      if (!(error.field && showFieldError('invite', error.field, error.message))) toast(error.message, 'error');
      return;
    }
    form.reset();
    await ctx.reloadParticipants();
    showLinks(person, invited.token, 'invited_heading');
    announce(t('invited', { name: person.name }));
  });
}

// --- attendance import ---------------------------------------------------------------------

let attendanceFile = null;

function showAttendanceError(message) {
  const box = document.getElementById('attendance-error');
  box.textContent = message;
  box.hidden = !message;
}

async function onAttendanceFile(event) {
  attendanceFile = event.target.files[0] || null;
  showAttendanceError('');
  const box = document.getElementById('attendance-preview');
  fill(box);
  box.hidden = true;
  if (!attendanceFile) return;
  box.hidden = false;
  fill(box, el('p', { class: 'muted', role: 'status' }, t('attendance_reading')));
  try {
    // The file goes as it is: the server detects its encoding (UTF-8, Latin-1).
    const preview = await api('POST', '/attendance/preview', attendanceFile, { type: 'text/csv' });
    renderPreview(preview);
  } catch (error) {
    fill(box);
    box.hidden = true;
    showAttendanceError(error.message);
  }
}

// "2026-11-12T13:27:03" (local time of the report) → "13 h 27" / "1:27 PM".
function reportTime(text) {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? '' : unbroken(formatClock(ms));
}

function timeSpan(record) {
  const joined = record.joined ? reportTime(record.joined) : '';
  const left = record.left ? reportTime(record.left) : '';
  return joined || left ? `${joined} – ${left}` : '—';
}

function recordMinutes(record) {
  return record.minutes != null ? unbroken(formatMinutes(record.minutes * 60)) : '—';
}

function fileName(record) {
  const others = record.other_names && record.other_names.length ? ` (${record.other_names.join(', ')})` : '';
  return `${record.name}${others}`;
}

function matchedTable(matched) {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'preview-table stack-table' },
      el('thead', {}, el('tr', {}, ['col_in_file', 'col_participant', 'col_how', 'col_time', 'col_joined'].map((k) => el('th', { scope: 'col' }, t(k))))),
      el(
        'tbody',
        {},
        matched.map((m) =>
          el(
            'tr',
            {},
            cell('col_in_file', fileName(m), m.email ? el('span', { class: 'hint person-email' }, m.email) : null),
            cell('col_participant', m.participant_name),
            cell('col_how', t(`by_${m.matched_by}`)),
            cell('col_time', recordMinutes(m)),
            cell('col_joined', timeSpan(m)),
          ),
        ),
      ),
    ),
  );
}

// Folds case and accents: "Hélène" and "HELENE" are the same word.
function fold(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

// A suggestion, never a decision: "Mathis P." is probably the invited
// "Mathis Pelletier" when exactly one person the file misses starts so.
function suggestedParticipant(record, missing) {
  const words = fold(record.name).split(/\s+/);
  if (!words[0] || words[0].length < 2) return null;
  const rest = words.slice(1).map((w) => w.replace(/\.$/, ''));
  const candidates = missing.filter((p) => {
    const theirs = fold(p.name).split(/\s+/);
    return theirs[0] === words[0] && rest.every((w, i) => theirs[i + 1] && theirs[i + 1].startsWith(w));
  });
  return candidates.length === 1 ? candidates[0].participant_id : null;
}

function choiceSelect(record, index, missing) {
  const suggested = suggestedParticipant(record, missing);
  const people = [...ctx.participants].sort((a, b) => a.name.localeCompare(b.name));
  const select = el(
    'select',
    { id: `attendance-choice-${index}`, class: 'attendance-choice', 'data-name': record.name },
    el('option', { value: 'add' }, t('choice_add')),
    el('option', { value: 'skip' }, t('choice_skip')),
    people.map((p) => el('option', { value: String(p.id) }, t(p.id === suggested ? 'choice_suggested' : 'choice_is', { name: p.name }))),
  );
  select.value = suggested ? String(suggested) : 'add';
  return select;
}

function unmatchedList(unmatched, missing) {
  return el(
    'ul',
    { class: 'list unmatched-list' },
    unmatched.map((record, index) =>
      el(
        'li',
        { class: 'unmatched' },
        el(
          'div',
          {},
          el('strong', {}, fileName(record)),
          record.email ? el('span', { class: 'hint' }, ` <${record.email}>`) : null,
          el('span', { class: 'hint' }, ` · ${t('line_n', { line: record.line })} · ${recordMinutes(record)}`),
        ),
        el('label', { for: `attendance-choice-${index}`, class: 'sr-only' }, t('choice_label', { name: record.name })),
        choiceSelect(record, index, missing),
      ),
    ),
  );
}

function renderPreview(preview) {
  const box = document.getElementById('attendance-preview');
  const format = t(`format_${preview.format}`);
  fill(
    box,
    el('p', { class: 'preview-format' }, el('strong', {}, t('format_label', { format })), el('span', { class: 'muted' }, ` · ${t('encoding_label', { encoding: preview.encoding })}`)),
    preview.notes.length ? el('ul', { class: 'preview-notes' }, preview.notes.map((n) => el('li', {}, n))) : null,
    el('h3', {}, t('matched_heading', { count: preview.matched.length })),
    preview.matched.length ? matchedTable(preview.matched) : null,
    preview.unmatched.length ? [el('h3', {}, t('unmatched_heading', { count: preview.unmatched.length })), unmatchedList(preview.unmatched, preview.missing)] : null,
    preview.missing.length
      ? [el('h3', {}, t('missing_heading', { count: preview.missing.length })), el('p', { class: 'muted' }, preview.missing.map((p) => p.name).join(', '))]
      : null,
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'attendance-apply', onclick: (e) => applyAttendance(e.currentTarget, preview) }, t('apply')),
      el('button', { type: 'button', class: 'btn', onclick: cancelAttendance }, t('cancel')),
    ),
  );
  box.hidden = false;
  box.focus();
}

function resetAttendance() {
  attendanceFile = null;
  document.getElementById('attendance-file').value = '';
  const box = document.getElementById('attendance-preview');
  fill(box);
  box.hidden = true;
}

function cancelAttendance() {
  resetAttendance();
  announce(t('attendance_cancelled'));
  document.getElementById('attendance-file').focus();
}

function choices(preview) {
  const picked = { add: [], skip: [], alias: [] };
  preview.unmatched.forEach((record, index) => {
    const value = document.getElementById(`attendance-choice-${index}`).value;
    if (value === 'add' || value === 'skip') picked[value].push(record);
    else picked.alias.push({ name: record.name, participant_id: Number(value) });
  });
  return picked;
}

// Every choice goes in one request, so the file, the names added, the names
// skipped and the names said to be someone are recorded in one transaction:
// nothing is half-imported.
async function applyAttendance(button, preview) {
  const picked = choices(preview);
  const query = new URLSearchParams({ unmatched: 'add' });
  for (const record of picked.skip) query.append('skip', record.name);
  for (const alias of picked.alias) query.append('alias', `${alias.name}=${alias.participant_id}`);
  await whileBusy(button, async () => {
    const label = button.textContent;
    button.textContent = t('applying');
    try {
      const result = await api('POST', `/attendance?${query}`, attendanceFile, { type: 'text/csv' });
      resetAttendance();
      toast(t('attendance_applied', { updated: result.updated, added: result.added }), 'ok');
    } catch (error) {
      showAttendanceError(error.message);
    } finally {
      button.textContent = label;
    }
    await ctx.reloadParticipants();
  });
}

export function startPeople() {
  document.getElementById('invite-form').addEventListener('submit', onInvite);
  document.getElementById('attendance-file').addEventListener('change', onAttendanceFile);
}
