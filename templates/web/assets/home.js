// Home page: create a meeting, import minutes or an agenda, and list the
// meetings this browser holds a facilitator key for.

import { addStrings, api, el, fill, lang, onLanguageChange, pageUrl, startPage, t, toast } from './app.js';
import { forgetMeeting, myMeetings, rememberMeeting } from './my-meetings.js';
import { frenchSpacing, longDate } from './setup-common.js';

addStrings({
  fr: frenchSpacing({
    page_title: 'quorum : préparer et animer vos rencontres',
    home_heading: 'Préparer et animer vos rencontres',
    home_intro_1:
      'quorum est un serveur de rencontres auto-hébergé : ordre du jour minuté, file de parole, tours de table et notes partagées.',
    home_intro_2: 'À la fin, le compte rendu se publie avec les décisions et les actions de chacun·e.',
    create_heading: 'Créer une rencontre',
    field_title: 'Titre',
    field_date: 'Date',
    field_start: 'Début',
    field_end: 'Fin',
    field_location: 'Lieu ou lien de visioconférence',
    field_language: 'Langue de la rencontre',
    field_language_hint: 'La langue du compte rendu et des messages de la rencontre.',
    create_submit: 'Créer la rencontre',
    creating: 'Création…',
    title_required: 'Donnez un titre à la rencontre.',
    import_heading: 'Importer un compte rendu ou un ordre du jour',
    import_hint:
      'Le compte rendu ou l’ordre du jour d’une rencontre précédente, en Markdown ou en texte : les détails, les participant·e·s et les points sont repris.',
    import_file: 'Fichier (.md, .txt)',
    import_file_hint: 'Son texte s’affiche ci-dessous : vous pouvez le corriger avant d’importer.',
    import_text: 'Ou collez le texte',
    import_submit: 'Importer',
    importing: 'Importation…',
    import_empty: 'Choisissez un fichier ou collez un texte à importer.',
    import_unreadable: 'Ce fichier ne peut pas être lu.',
    import_replace_confirm: 'Remplacer le texte déjà collé par celui du fichier ?',
    mine_heading: 'Vos rencontres sur cet appareil',
    mine_note:
      'Les clés d’animation de ces rencontres sont gardées dans ce navigateur : toute personne qui l’utilise peut les ouvrir. Gardez aussi le lien de préparation ailleurs (un gestionnaire de mots de passe, par exemple). « Oublier » retire la rencontre de cette liste, sans l’effacer du serveur.',
    mine_empty: 'Aucune pour l’instant : les rencontres que vous créez, importez ou ouvrez avec leur lien de préparation s’ajoutent ici.',
    untitled: 'Rencontre sans titre',
    open_console: 'Console',
    forget: 'Oublier',
    forget_label: 'Oublier « {title} » sur cet appareil',
    setup_label: 'Préparer « {title} »',
    console_label: 'Console de « {title} »',
    forget_confirm:
      'Oublier « {title} » sur cet appareil ? La rencontre reste sur le serveur, mais sans son lien de préparation vous ne pourrez plus l’ouvrir d’ici.',
    forgotten: 'Rencontre retirée de cette liste.',
    added_on: 'ajoutée le {date}',
  }),
  en: {
    page_title: 'quorum: prepare and run your meetings',
    home_heading: 'Prepare and run your meetings',
    home_intro_1: 'quorum is a self-hosted meeting server: a timed agenda, a speaker queue, rounds and shared notes.',
    home_intro_2: 'At the end, the minutes are published with the decisions and everyone’s actions.',
    create_heading: 'Create a meeting',
    field_title: 'Title',
    field_date: 'Date',
    field_start: 'Start',
    field_end: 'End',
    field_location: 'Place or video link',
    field_language: 'Meeting language',
    field_language_hint: 'The language of the minutes and of the meeting’s messages.',
    create_submit: 'Create the meeting',
    creating: 'Creating…',
    title_required: 'Give the meeting a title.',
    import_heading: 'Import minutes or an agenda',
    import_hint:
      'The minutes or agenda of an earlier meeting, in Markdown or plain text: the details, the participants and the agenda items are taken in.',
    import_file: 'File (.md, .txt)',
    import_file_hint: 'Its text shows below: you can correct it before importing.',
    import_text: 'Or paste the text',
    import_submit: 'Import',
    importing: 'Importing…',
    import_empty: 'Choose a file or paste some text to import.',
    import_unreadable: 'This file cannot be read.',
    import_replace_confirm: 'Replace the text already pasted with the file’s?',
    mine_heading: 'Your meetings on this device',
    mine_note:
      'The facilitator keys of these meetings are stored in this browser: anyone using it can open them. Keep the setup link somewhere else too (a password manager, for instance). “Forget” removes a meeting from this list without deleting it from the server.',
    mine_empty: 'None yet: the meetings you create, import or open with their setup link are added here.',
    untitled: 'Untitled meeting',
    open_console: 'Console',
    forget: 'Forget',
    forget_label: 'Forget “{title}” on this device',
    setup_label: 'Set up “{title}”',
    console_label: 'Console of “{title}”',
    forget_confirm:
      'Forget “{title}” on this device? The meeting stays on the server, but without its setup link you will not be able to open it from here.',
    forgotten: 'Meeting removed from this list.',
    added_on: 'added on {date}',
  },
});

const FIELDS = ['title', 'date', 'start', 'end', 'location'];

// --- create -------------------------------------------------------------------

function showFieldError(name, message) {
  const box = document.getElementById(`create-${name}-error`);
  const input = document.getElementById(`create-${name}`);
  if (!box || !input) return false;
  box.textContent = message;
  box.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
  return true;
}

function clearFieldErrors() {
  for (const name of [...FIELDS, 'language']) {
    const box = document.getElementById(`create-${name}-error`);
    if (box) box.hidden = true;
    document.getElementById(`create-${name}`).removeAttribute('aria-invalid');
  }
}

// This browser's time zone, unless it is only UTC (a server-like machine says nothing).
function browserZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && zone !== 'UTC' && zone !== 'Etc/UTC' && zone !== 'Etc/Unknown' ? zone : '';
}

// Only the fields the user filled in: the server takes an absent field as unset.
function createBody(form) {
  // The meeting's times are in the zone of whoever creates it (the setup page changes it).
  const body = { language: form.language.value };
  const zone = browserZone();
  if (zone) body.timezone = zone;
  for (const name of FIELDS) {
    const value = form[name].value.trim();
    if (value) body[name] = value;
  }
  return body;
}

async function withBusyButton(button, busyKey, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = t(busyKey);
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function goToSetup(created, title) {
  rememberMeeting({ id: created.id, title, key: created.facilitator_key });
  location.assign(pageUrl('setup', created.facilitator_key, created.id));
}

async function onCreate(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors();
  const body = createBody(form);
  if (!body.title) {
    showFieldError('title', t('title_required'));
    return;
  }
  const button = form.querySelector('[type=submit]');
  await withBusyButton(button, 'creating', async () => {
    try {
      const created = await api('POST', '/api/v1/meetings', body, { tok: '' });
      goToSetup(created, body.title);
    } catch (error) {
      // The server names the field it refuses: the message goes next to it.
      if (!(error.field && showFieldError(error.field, error.message))) toast(error.message, 'error');
    }
  });
}

// --- import ---------------------------------------------------------------------

// A file's text: UTF-8 when it is, else Windows-1252 (what older exports of
// word processors write), so accented letters survive either way.
async function readText(file) {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

// The file's text is loaded into the textarea, so what is imported is always
// what the user sees there (and can correct). Submitting waits for the read.
let pendingRead = Promise.resolve();

function onFileChosen(event) {
  const file = event.target.files[0];
  if (!file) return;
  const area = document.getElementById('import-text');
  if (area.value.trim() && !confirm(t('import_replace_confirm'))) {
    event.target.value = '';
    return;
  }
  pendingRead = readText(file)
    .then((text) => {
      area.value = text;
      hideImportError();
    })
    .catch(() => showImportError(t('import_unreadable')));
}

function showImportError(message) {
  const box = document.getElementById('import-error');
  box.textContent = message;
  box.hidden = false;
}

function hideImportError() {
  document.getElementById('import-error').hidden = true;
}

// The meeting's title, for the list of this device's meetings: the first
// non-empty line of the Markdown, without its heading marks.
function firstLine(text) {
  const line = text.split('\n').find((l) => l.trim()) || '';
  return line.replace(/^#+\s*/, '').trim().slice(0, 200);
}

async function onImport(event) {
  event.preventDefault();
  hideImportError();
  await pendingRead;
  const text = document.getElementById('import-text').value;
  if (!text.trim()) {
    showImportError(t('import_empty'));
    document.getElementById('import-text').focus();
    return;
  }
  const button = event.target.querySelector('[type=submit]');
  await withBusyButton(button, 'importing', async () => {
    try {
      const zone = browserZone();
      const path = '/api/v1/meetings/import' + (zone ? `?timezone=${encodeURIComponent(zone)}` : '');
      const created = await api('POST', path, text, { type: 'text/markdown', tok: '' });
      goToSetup(created, firstLine(text));
    } catch (error) {
      showImportError(error.message);
    }
  });
}

// --- this device's meetings --------------------------------------------------------

function meetingRow(meeting) {
  const title = meeting.title || t('untitled');
  const onForget = () => {
    if (!confirm(t('forget_confirm', { title }))) return;
    forgetMeeting(meeting.id);
    renderMyMeetings();
    toast(t('forgotten'));
    document.getElementById('mine-heading').focus();
  };
  return el(
    'li',
    { class: 'my-meeting', dataset: { meetingId: meeting.id } },
    el(
      'div',
      { class: 'my-meeting-name' },
      el('a', { href: pageUrl('setup', meeting.key, meeting.id), 'aria-label': t('setup_label', { title }) }, title),
      el('span', { class: 'hint' }, ` · ${meeting.id}`, meeting.created ? ` · ${t('added_on', { date: longDate(meeting.created) })}` : ''),
    ),
    el(
      'div',
      { class: 'row' },
      el('a', { class: 'btn btn-small', href: pageUrl('console', meeting.key, meeting.id), 'aria-label': t('console_label', { title }) }, t('open_console')),
      el('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: onForget, 'aria-label': t('forget_label', { title }) }, t('forget')),
    ),
  );
}

function renderMyMeetings() {
  const list = document.getElementById('my-meetings');
  const meetings = myMeetings().sort((a, b) => String(b.created).localeCompare(String(a.created)));
  if (meetings.length === 0) {
    fill(list, el('li', { class: 'muted' }, t('mine_empty')));
    return;
  }
  fill(list, meetings.map(meetingRow));
}

// --- start ---------------------------------------------------------------------------

function start() {
  startPage();
  document.title = t('page_title');
  const language = document.getElementById('create-language');
  language.value = lang();
  // The meeting's language follows the interface's until the user picks one.
  language.addEventListener('change', () => (language.dataset.chosen = 'yes'));
  document.getElementById('mine-heading').setAttribute('tabindex', '-1');
  document.getElementById('create-form').addEventListener('submit', onCreate);
  document.getElementById('import-form').addEventListener('submit', onImport);
  document.getElementById('import-file').addEventListener('change', onFileChosen);
  renderMyMeetings();
  onLanguageChange((code) => {
    document.title = t('page_title');
    if (!language.dataset.chosen) language.value = code;
    renderMyMeetings();
  });
}

start();
