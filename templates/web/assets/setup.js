// The facilitator's setup page (/m/{id}/setup#t=KEY): the meeting's header,
// its agenda, participants and attendance, and the share links. The page
// follows the meeting's events on the live socket, so people who check in or
// change their consent elsewhere show up here without a reload.

import { addStrings, announce, api, el, fill, formatClock, live, meetingId, onLanguageChange, pageUrl, startPage, t, toast, token } from './app.js';
import { rememberMeeting } from './my-meetings.js';
import { refreshAgenda, renderAgenda, startAgenda } from './setup-agenda.js';
import { clearFieldErrors, ctx, frenchSpacing, linkField, longDate, showFieldError, unbroken, whileBusy } from './setup-common.js';
import { renderParticipants, startPeople } from './setup-people.js';

addStrings({
  fr: frenchSpacing({
    page_title: '{title} : préparation — quorum',
    setup_no_key: 'Ce lien de préparation est incomplet : il lui manque la clé d’animation (#t=…). Ouvrez le lien reçu à la création de la rencontre.',
    bad_key: 'Cette clé n’ouvre pas cette rencontre. Vérifiez le lien de préparation.',
    meeting_not_found: 'Cette rencontre n’existe pas (ou plus) sur ce serveur.',
    not_facilitator: 'Ce lien est celui d’une personne invitée, pas de l’animation : la préparation lui est fermée.',
    open_join: 'Ouvrir ma vue de participant·e',
    links_heading: 'Pendant la rencontre',
    open_console: 'Ouvrir la console',
    write_notes: 'Prendre les notes',
    read_summary: 'Lire le compte rendu publié',
    publish_summary: 'Publier le compte rendu',
    sections_heading: 'Sections',
    meeting_heading: 'Rencontre',
    field_title: 'Titre',
    field_date: 'Date',
    field_start: 'Début',
    field_end: 'Fin',
    field_location: 'Lieu ou lien de visioconférence',
    field_language: 'Langue de la rencontre',
    field_language_hint: 'La langue du compte rendu et des messages de la rencontre.',
    field_timezone: 'Fuseau horaire',
    field_timezone_hint: 'Celui des heures de la rencontre (America/Toronto). Vide\u00a0: celui du serveur.',
    title_required: 'Donnez un titre à la rencontre.',
    meeting_saved: 'Enregistré.',
    untitled: 'Rencontre sans titre',
    copy: 'Copier',
    copy_label: 'Copier : {what}',
    sharing_heading: 'Partage',
    sharing_hint: 'Un lien de partage publie le compte rendu de la rencontre. Un lien public sert aussi à l’écran de projection.',
    share_none: 'Aucun lien de partage pour l’instant.',
    share_create_heading: 'Nouveau lien de partage',
    share_visibility: 'Qui peut le lire',
    visibility_public: 'tout le monde',
    visibility_participants: 'les participant·e·s seulement',
    share_public: 'public',
    share_participants: 'participant·e·s seulement',
    share_expires: 'Expire le (facultatif)',
    share_create: 'Créer le lien',
    share_created: 'Lien de partage créé.',
    share_active: 'actif',
    share_revoked: 'révoqué',
    share_expired: 'expiré',
    share_created_on: 'créé le {date}',
    share_expires_on: 'expire le {date}',
    share_no_expiry: 'sans expiration',
    share_summary_link: 'Compte rendu',
    share_projector_link: 'Écran de projection',
    share_projector_hint: 'Pour le grand écran et les personnes qui suivent en webinaire : lecture seule, en direct.',
    share_participants_hint: 'Seuls les membres de la rencontre peuvent l’ouvrir : le serveur leur demande leur jeton.',
    share_token_unknown: 'Le lien a été affiché à sa création (sur un autre appareil, ou avant que cette page le garde) : le serveur n’en garde pas de copie lisible.',
    revoke: 'Révoquer',
    revoke_label: 'Révoquer le lien {visibility} créé le {date}',
    revoke_confirm: 'Révoquer ce lien ? Toute personne qui l’a ne pourra plus lire le compte rendu ni suivre la projection.',
    revoked: 'Lien révoqué.',
    expiry_past: 'Choisissez une date à venir.',
  }),
  en: {
    page_title: '{title}: setup — quorum',
    setup_no_key: 'This setup link is incomplete: its facilitator key (#t=…) is missing. Open the link you got when the meeting was created.',
    bad_key: 'This key does not open this meeting. Check the setup link.',
    meeting_not_found: 'This meeting does not exist (any more) on this server.',
    not_facilitator: 'This is an invited person’s link, not the facilitator’s: setup is closed to it.',
    open_join: 'Open my participant view',
    links_heading: 'During the meeting',
    open_console: 'Open the console',
    write_notes: 'Write notes',
    read_summary: 'Read the published summary',
    publish_summary: 'Publish the summary',
    sections_heading: 'Sections',
    meeting_heading: 'Meeting',
    field_title: 'Title',
    field_date: 'Date',
    field_start: 'Start',
    field_end: 'End',
    field_location: 'Place or video link',
    field_language: 'Meeting language',
    field_language_hint: 'The language of the minutes and of the meeting’s messages.',
    field_timezone: 'Time zone',
    field_timezone_hint: 'The one the meeting’s times are in (America/Toronto). Empty: the server’s.',
    title_required: 'Give the meeting a title.',
    meeting_saved: 'Saved.',
    untitled: 'Untitled meeting',
    copy: 'Copy',
    copy_label: 'Copy: {what}',
    sharing_heading: 'Sharing',
    sharing_hint: 'A share link publishes the meeting’s summary. A public link also drives the projector screen.',
    share_none: 'No share link yet.',
    share_create_heading: 'New share link',
    share_visibility: 'Who can read it',
    visibility_public: 'everyone',
    visibility_participants: 'participants only',
    share_public: 'public',
    share_participants: 'participants only',
    share_expires: 'Expires on (optional)',
    share_create: 'Create the link',
    share_created: 'Share link created.',
    share_active: 'active',
    share_revoked: 'revoked',
    share_expired: 'expired',
    share_created_on: 'created on {date}',
    share_expires_on: 'expires on {date}',
    share_no_expiry: 'no expiry',
    share_summary_link: 'Summary',
    share_projector_link: 'Projector screen',
    share_projector_hint: 'For the big screen and webinar attendees: view-only, live.',
    share_participants_hint: 'Only the meeting’s members can open it: the server asks for their token.',
    share_token_unknown: 'The link was shown when it was created (on another device, or before this page kept it): the server keeps no readable copy.',
    revoke: 'Revoke',
    revoke_label: 'Revoke the {visibility} link created on {date}',
    revoke_confirm: 'Revoke this link? Whoever has it can no longer read the summary or follow the projector screen.',
    revoked: 'Link revoked.',
    expiry_past: 'Choose a date to come.',
  },
});

const key = token();
let shareLinks = [];
let meetingFormDirty = false;

// --- page frame ------------------------------------------------------------------------

function showPageProblem(message, extra) {
  const status = document.getElementById('page-status');
  status.classList.remove('muted');
  status.classList.add('card', 'error-text');
  fill(status, message, extra ? [' ', extra] : null);
  document.getElementById('setup').hidden = true;
}

// "2026-11-12" → "12 novembre 2026"; "13:30" → "13 h 30" / "1:30 PM".
function meetingDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  return m ? longDate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : '';
}

function meetingTime(text) {
  const m = /^(\d{2}):(\d{2})$/.exec(text || '');
  return m ? unbroken(formatClock(new Date(2000, 0, 1, Number(m[1]), Number(m[2])).getTime())) : '';
}

function renderHeading() {
  const meeting = ctx.meeting;
  const title = meeting.title || t('untitled');
  const times = [meetingTime(meeting.start), meetingTime(meeting.end)].filter(Boolean).join(' – ');
  const details = [meetingDate(meeting.date), times, meeting.location].filter(Boolean).join(' · ');
  fill(document.getElementById('page-heading'), title, details ? el('span', { class: 'heading-details' }, details) : null);
  document.title = t('page_title', { title });
}

function renderLinks() {
  document.getElementById('console-link').href = pageUrl('console', key);
  document.getElementById('notes-link').href = pageUrl('notes', key);
  const summary = document.getElementById('summary-link');
  const published = shareLinks.find((link) => shareState(link) === 'active' && link.visibility === 'public' && link.token);
  if (published) {
    summary.href = `/s/${encodeURIComponent(published.token)}`;
    summary.target = '_blank';
    summary.textContent = t('read_summary');
  } else {
    summary.href = '#sharing-section';
    summary.removeAttribute('target');
    summary.textContent = t('publish_summary');
  }
}

// --- 1. the meeting's header ----------------------------------------------------------------

const HEADER_FIELDS = ['title', 'date', 'start', 'end', 'location', 'timezone', 'language'];

// The zones this browser knows, to pick from (typing any IANA name works too).
function fillTimezones() {
  const list = document.getElementById('meeting-timezones');
  if (list.childElementCount > 0 || typeof Intl.supportedValuesOf !== 'function') return;
  fill(list, Intl.supportedValuesOf('timeZone').map((zone) => el('option', { value: zone })));
}

function fillMeetingForm() {
  fillTimezones();
  for (const name of HEADER_FIELDS) {
    document.getElementById(`meeting-${name}`).value = ctx.meeting[name] || (name === 'language' ? 'fr' : '');
  }
  meetingFormDirty = false;
}

async function onSaveMeeting(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  document.getElementById('meeting-saved').textContent = '';
  const body = {};
  for (const name of HEADER_FIELDS) body[name] = document.getElementById(`meeting-${name}`).value.trim();
  if (!body.title) {
    showFieldError('meeting', 'title', t('title_required'));
    return;
  }
  await whileBusy(form.querySelector('[type=submit]'), async () => {
    try {
      await api('PATCH', '', body);
    } catch (error) {
      if (!(error.field && showFieldError('meeting', error.field, error.message))) toast(error.message, 'error');
      return;
    }
    meetingFormDirty = false;
    await ctx.reloadMeeting();
    document.getElementById('meeting-saved').textContent = t('meeting_saved');
  });
}

// --- 5. sharing ----------------------------------------------------------------------------------

// The server returns a link's token once, at creation: this browser keeps the
// ones it created so their links can be shown again.
const SHARE_STORE = `quorum:share:${meetingId}`;

function knownShareTokens() {
  try {
    const list = JSON.parse(localStorage.getItem(SHARE_STORE) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function keepShareToken(entry) {
  try {
    localStorage.setItem(SHARE_STORE, JSON.stringify([...knownShareTokens(), entry]));
  } catch {
    // Storage refused: the link is still shown now, just not on a later visit.
  }
}

function shareState(link) {
  if (link.revoked_at) return 'revoked';
  if (link.expires_at && Date.parse(link.expires_at) <= Date.now()) return 'expired';
  return 'active';
}

async function reloadShares() {
  try {
    const tokens = new Map(knownShareTokens().map((entry) => [entry.id, entry.token]));
    const links = await api('GET', '/share-links');
    shareLinks = links.map((link) => ({ ...link, token: tokens.get(link.id) || null })).sort((a, b) => b.id - a.id);
  } catch (error) {
    toast(error.message, 'error');
  }
  renderShares();
  renderLinks();
}

function shareLinkFields(link, first) {
  const fields = [
    linkField({
      id: `share-${link.id}-summary`,
      label: t('share_summary_link'),
      url: `${location.origin}/s/${encodeURIComponent(link.token)}`,
      testid: first ? 'share-link' : null,
      hint: link.visibility === 'participants' ? t('share_participants_hint') : null,
    }),
  ];
  if (link.visibility === 'public') {
    fields.push(
      linkField({
        id: `share-${link.id}-projector`,
        label: t('share_projector_link'),
        url: pageUrl('projector', link.token),
        testid: first ? 'projector-link' : null,
        hint: t('share_projector_hint'),
      }),
    );
  }
  return fields;
}

function shareRow(link, first) {
  const state = shareState(link);
  const visibility = t(`share_${link.visibility}`);
  const created = longDate(link.created_at);
  const badges = { active: 'badge-ok', revoked: 'badge-muted', expired: 'badge-warn' };
  return el(
    'li',
    { class: `share-row share-${state}`, 'data-share-id': String(link.id) },
    el(
      'div',
      { class: 'row share-meta' },
      el('span', { class: 'badge' }, visibility),
      el('span', { class: `badge ${badges[state]}` }, t(`share_${state}`)),
      el('span', { class: 'muted' }, t('share_created_on', { date: created })),
      el('span', { class: 'muted' }, link.expires_at ? t('share_expires_on', { date: longDate(link.expires_at) }) : t('share_no_expiry')),
    ),
    state === 'active' && link.token ? shareLinkFields(link, first) : null,
    state === 'active' && !link.token ? el('p', { class: 'hint' }, t('share_token_unknown')) : null,
    state === 'active'
      ? el('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('revoke_label', { visibility, date: created }), onclick: () => revokeShare(link) }, t('revoke'))
      : null,
  );
}

function renderShares() {
  const list = document.getElementById('share-list');
  if (shareLinks.length === 0) {
    fill(list, el('li', { class: 'muted' }, t('share_none')));
    return;
  }
  // The test hooks go on the newest link whose token this browser knows.
  const newest = shareLinks.find((link) => shareState(link) === 'active' && link.token);
  fill(list, shareLinks.map((link) => shareRow(link, link === newest)));
}

async function revokeShare(link) {
  if (!confirm(t('revoke_confirm'))) return;
  try {
    await api('DELETE', `/share-links/${link.id}`);
    announce(t('revoked'));
  } catch (error) {
    toast(error.message, 'error');
  }
  await reloadShares();
  document.getElementById('sharing-heading').focus();
}

// The chosen day's end, in the browser's time zone, as the UTC ISO-8601 the API takes.
function expiryOf(dateText) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).toISOString();
}

async function onCreateShare(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const visibility = document.getElementById('share-visibility').value;
  const body = { visibility };
  const expires = expiryOf(document.getElementById('share-expires').value);
  if (expires) {
    if (Date.parse(expires) <= Date.now()) {
      showFieldError('share', 'expires', t('expiry_past'));
      return;
    }
    body.expires_at = expires;
  }
  await whileBusy(form.querySelector('[type=submit]'), async () => {
    try {
      const created = await api('POST', '/share-links', body);
      keepShareToken({ id: created.id, token: created.token, visibility, created: new Date().toISOString() });
      form.reset();
      await reloadShares();
      announce(t('share_created'));
      const input = document.getElementById(`share-${created.id}-summary`);
      if (input) input.focus();
    } catch (error) {
      const field = error.field === 'expires_at' ? 'expires' : null;
      if (!(field && showFieldError('share', field, error.message))) toast(error.message, 'error');
    }
  });
}

// --- loading and following the meeting ------------------------------------------------------------

ctx.reloadMeeting = async () => {
  try {
    ctx.meeting = await api('GET', '');
  } catch (error) {
    toast(error.message, 'error');
    return;
  }
  rememberMeeting({ id: meetingId, title: ctx.meeting.title, key });
  renderHeading();
  if (!meetingFormDirty) fillMeetingForm();
};

ctx.reloadParticipants = async () => {
  try {
    ctx.participants = await api('GET', '/participants');
  } catch (error) {
    toast(error.message, 'error');
    return;
  }
  renderParticipants();
};

// Events come in bursts (a renumbered agenda is one event per item): each
// section reloads once per burst.
function debounced(fn, ms = 250) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

const reloadAgendaSoon = debounced(async () => {
  await ctx.reloadMeeting();
  refreshAgenda();
});
const reloadPeopleSoon = debounced(() => ctx.reloadParticipants());
const reloadSharesSoon = debounced(reloadShares);

function onEvent(event) {
  const type = event.type || '';
  if (type.startsWith('agenda/') || type === 'meeting/updated') reloadAgendaSoon();
  if (type.startsWith('participant/') || type.startsWith('attendance/') || type === 'alias/confirmed') reloadPeopleSoon();
  if (type.startsWith('share/')) reloadSharesSoon();
}

async function loadEverything() {
  let me;
  try {
    [me, ctx.meeting] = await Promise.all([api('GET', '/me'), api('GET', '')]);
  } catch (error) {
    const messages = { 401: t('bad_key'), 403: t('bad_key'), 404: t('meeting_not_found') };
    showPageProblem(messages[error.status] || error.message);
    return false;
  }
  if (me.role !== 'facilitator') {
    showPageProblem(t('not_facilitator'), el('a', { href: pageUrl('join', key) }, t('open_join')));
    return false;
  }
  ctx.participants = await api('GET', '/participants').catch(() => []);
  return true;
}

function renderAll() {
  renderHeading();
  if (!meetingFormDirty) fillMeetingForm();
  renderAgenda(null);
  renderParticipants();
  renderShares();
  renderLinks();
}

async function start() {
  startPage();
  if (!key) {
    showPageProblem(t('setup_no_key'));
    return;
  }
  if (!(await loadEverything())) return;
  rememberMeeting({ id: meetingId, title: ctx.meeting.title, key });
  document.getElementById('page-status').hidden = true;
  document.getElementById('setup').hidden = false;
  document.getElementById('meeting-form').addEventListener('submit', onSaveMeeting);
  document.getElementById('meeting-form').addEventListener('input', () => {
    meetingFormDirty = true;
    document.getElementById('meeting-saved').textContent = '';
  });
  document.getElementById('share-form').addEventListener('submit', onCreateShare);
  startAgenda();
  startPeople();
  renderAll();
  await reloadShares();
  onLanguageChange(renderAll);
  live({ tok: key, onEvent });
}

start();
