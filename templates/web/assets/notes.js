// The note-taker's editor (/m/{id}/notes#t=TOKEN): Markdown per agenda item
// with the server's preview, autosave with the revision protocol, and the items
// extracted from the notes to accept, reject or edit.
//
// Nothing typed is lost:
// - every keystroke is kept in sessionStorage per item (base revision + text),
//   so a reload or a crash restores it;
// - a save names the revision it started from; a stale base gets 409 with both
//   versions, and the person chooses (keep mine, take theirs, merge by hand);
// - a save from someone else on the open item is loaded only when nothing here
//   is unsaved, else the person is warned.

import {
  addStrings, announce, api, copyText, el, fill, formatClock, lang, live, meetingId,
  onLanguageChange, pageUrl, startPage, t, toast, token,
} from './app.js';

addStrings({
  fr: {
    page_title: 'Prise de notes',
    link_invalid: 'Ce lien n’est plus valide. Demandez un nouveau lien personnel à l’animation.',
    load_failed: 'Impossible de charger la rencontre : {message}',
    retry: 'Réessayer',
    you_are: 'Prise de notes · {name} ({role})',
    check_in_first: 'Vous n’êtes pas encore arrivé·e : s’enregistrer',
    you_are_key: 'Prise de notes · clé d’animation',
    read_only: 'Lecture seule : seules l’animation et la prise de notes écrivent les notes.',
    agenda_title: 'Ordre du jour',
    no_agenda: 'L’ordre du jour est vide : l’animation doit d’abord ajouter des points.',
    live_badge: 'en cours',
    revision_short: 'rév. {n}',
    jump_live: 'Aller au point en cours ({number})',
    editor_label: 'Notes du point {number} (Markdown)',
    editor_hint: 'Enregistrement automatique. Ctrl+S enregistre tout de suite.',
    save_now: 'Enregistrer',
    show_preview: 'Aperçu',
    preview_title: 'Aperçu',
    preview_empty: 'L’aperçu du texte mis en forme s’affiche ici.',
    preview_failed: 'Aperçu indisponible : {message}',
    status_loading: 'Chargement…',
    status_empty: 'Aucune note pour l’instant',
    status_saved: 'Enregistré · révision {n}',
    status_saving: 'Enregistrement…',
    status_dirty: 'Modifications non enregistrées',
    status_restored: 'Brouillon restauré, non enregistré',
    status_error: 'Non enregistré : {message}',
    status_conflict: 'Conflit : choisissez une version',
    status_merging: 'Fusion en cours, non enregistrée',
    status_read_only: 'Lecture seule',
    remote_loaded: 'Notes mises à jour par une autre personne (révision {n}).',
    remote_warning: 'Une autre personne a enregistré ce point (révision {n}). Au prochain enregistrement, vous verrez les deux versions.',
    compare_now: 'Comparer maintenant',
    conflict_title: 'Une autre personne a enregistré ce point entre-temps',
    conflict_intro: 'Rien n’est perdu. Votre texte partait de la révision {base}; la leur est la révision {n}. Choisissez ce que vous gardez.',
    conflict_theirs: 'La leur — révision {n}',
    conflict_yours: 'La vôtre',
    keep_mine: 'Garder la mienne',
    take_theirs: 'Prendre la leur',
    merge: 'Fusionner à la main',
    merge_hint: 'Modifiez votre texte dans l’éditeur ci-dessous en vous aidant de leur version, puis enregistrez.',
    save_merged: 'Enregistrer la fusion',
    merge_back: 'Revenir au choix',
    conflict_solved: 'Conflit réglé : révision {n} enregistrée.',
    took_theirs: 'Leur version est chargée.',
    markers_title: 'Aide-mémoire : les marqueurs',
    markers_intro: 'Écrits en début de ligne, ils créent les éléments extraits (majuscules et accents indifférents).',
    revisions_title: 'Révisions',
    revisions_none: 'Aucune révision.',
    revision_line: 'Révision {n} · {time} · {who}',
    revision_show: 'Afficher',
    revision_title: 'Révision {n} (lecture seule)',
    copy_text: 'Copier le texte',
    items_title: 'Éléments extraits',
    items_this_only: 'Ce point seulement',
    items_none: 'Aucun élément. Écrivez par exemple « ACTION : Karim — envoyer le budget d’ici vendredi ».',
    kind_action: 'Actions',
    kind_decision: 'Décisions',
    kind_resource: 'Ressources',
    kind_other: 'Autres',
    state_marked: 'marqué',
    state_suggested: 'suggestion',
    state_accepted: 'accepté',
    state_rejected: 'rejeté',
    state_edited: 'modifié',
    state_done: 'fait',
    owner: 'Responsable',
    due: 'Échéance',
    due_hint: 'AAAA-MM-JJ de préférence',
    votes_line: 'Vote\u00a0: {votes}',
    edit_label: 'Modifier «\u00a0{text}\u00a0»',
    text: 'Texte',
    no_owner: 'sans responsable',
    due_by: 'd’ici le {due}',
    source_item: 'point {number}, ligne {line}',
    source_meeting: 'notes générales, ligne {line}',
    accept: 'Accepter',
    reject: 'Rejeter',
    edit: 'Modifier',
    item_accepted: 'Élément accepté.',
    item_rejected: 'Élément rejeté.',
    item_saved: 'Élément modifié.',
    items_failed: 'Impossible de charger les éléments : {message}',
    leave_warning: 'Des notes ne sont pas enregistrées.',
  },
  en: {
    page_title: 'Notes',
    link_invalid: 'This link is no longer valid. Ask the facilitator for a new personal link.',
    load_failed: 'The meeting could not be loaded: {message}',
    retry: 'Try again',
    you_are: 'Notes · {name} ({role})',
    check_in_first: 'You have not checked in yet: check in',
    you_are_key: 'Notes · facilitator key',
    read_only: 'Read only: only facilitators and note-takers write the notes.',
    agenda_title: 'Agenda',
    no_agenda: 'The agenda is empty: the facilitator must add items first.',
    live_badge: 'now',
    revision_short: 'rev. {n}',
    jump_live: 'Go to the current item ({number})',
    editor_label: 'Notes for item {number} (Markdown)',
    editor_hint: 'Saved automatically. Ctrl+S saves at once.',
    save_now: 'Save',
    show_preview: 'Preview',
    preview_title: 'Preview',
    preview_empty: 'The formatted text shows here.',
    preview_failed: 'No preview: {message}',
    status_loading: 'Loading…',
    status_empty: 'No notes yet',
    status_saved: 'Saved · revision {n}',
    status_saving: 'Saving…',
    status_dirty: 'Unsaved changes',
    status_restored: 'Draft restored, not saved',
    status_error: 'Not saved: {message}',
    status_conflict: 'Conflict: choose a version',
    status_merging: 'Merging, not saved',
    status_read_only: 'Read only',
    remote_loaded: 'Notes updated by someone else (revision {n}).',
    remote_warning: 'Someone else saved this item (revision {n}). Your next save will show both versions.',
    compare_now: 'Compare now',
    conflict_title: 'Someone else saved this item meanwhile',
    conflict_intro: 'Nothing is lost. Your text started from revision {base}; theirs is revision {n}. Choose what to keep.',
    conflict_theirs: 'Theirs — revision {n}',
    conflict_yours: 'Yours',
    keep_mine: 'Keep mine',
    take_theirs: 'Take theirs',
    merge: 'Merge by hand',
    merge_hint: 'Edit your text in the editor below with theirs in view, then save.',
    save_merged: 'Save the merged text',
    merge_back: 'Back to the choice',
    conflict_solved: 'Conflict solved: revision {n} saved.',
    took_theirs: 'Their version is loaded.',
    markers_title: 'Cheat sheet: markers',
    markers_intro: 'Written at the start of a line, they create the extracted items (case and accents do not matter).',
    revisions_title: 'Revisions',
    revisions_none: 'No revisions.',
    revision_line: 'Revision {n} · {time} · {who}',
    revision_show: 'Show',
    revision_title: 'Revision {n} (read only)',
    copy_text: 'Copy the text',
    items_title: 'Extracted items',
    items_this_only: 'This item only',
    items_none: 'No items. Write for example “ACTION: Alice to send the budget by Friday”.',
    kind_action: 'Actions',
    kind_decision: 'Decisions',
    kind_resource: 'Resources',
    kind_other: 'Other',
    state_marked: 'marked',
    state_suggested: 'suggestion',
    state_accepted: 'accepted',
    state_rejected: 'rejected',
    state_edited: 'edited',
    state_done: 'done',
    owner: 'Owner',
    due: 'Due',
    due_hint: 'YYYY-MM-DD preferably',
    votes_line: 'Vote: {votes}',
    edit_label: 'Edit “{text}”',
    text: 'Text',
    no_owner: 'no owner',
    due_by: 'by {due}',
    source_item: 'item {number}, line {line}',
    source_meeting: 'general notes, line {line}',
    accept: 'Accept',
    reject: 'Reject',
    edit: 'Edit',
    item_accepted: 'Item accepted.',
    item_rejected: 'Item rejected.',
    item_saved: 'Item edited.',
    items_failed: 'The items could not be loaded: {message}',
    leave_warning: 'Some notes are not saved.',
  },
});

// The markers the plugins read (plugins/markers/README.md), per language.
const MARKERS = {
  fr: [
    ['ACTION : Karim — envoyer le budget d’ici le 15 décembre', 'une action, avec responsable et échéance'],
    ['À FAIRE : …   Tâche : …   - [ ] … @nom', 'une action'],
    ['DÉCISION : …   RÉSOLU : …   Adopté à l’unanimité.', 'une décision'],
    ['Pour : 7, contre : 1, abstention : 2.', 'le vote de la décision'],
    ['https://…   [titre](https://…)   « Titre d’un document »', 'une ressource'],
    ['on pourrait…   piste d’action…   prochaines étapes…', 'une suggestion, à accepter ou rejeter'],
  ],
  en: [
    ['ACTION: Alice to send the budget by Friday', 'an action, with owner and due date'],
    ['TODO: …   - [ ] … @name   #action Bob …', 'an action'],
    ['DECISION: …   RESOLVED: …   AGREED: …   #agreed …', 'a decision'],
    ['(For: 7, Against: 1, Abstain: 2)', 'the decision’s vote'],
    ['https://…   [title](https://…)   #link https://… Title', 'a resource'],
    ['next steps…   we could…   Alice will…', 'a suggestion, to accept or reject'],
  ],
};

const SAVE_DELAY_MS = 1500;
const PREVIEW_DELAY_MS = 400;

const $ = (id) => document.getElementById(id);

const view = {
  me: null,
  meeting: null, // header and nested agenda
  people: [], // participants, for revision authors and owners
  live: null, // latest live state
  items: [], // extracted items
  itemsLoaded: false,
  editing: null, // {id, text, owner, due} of the item being edited
  problem: null,
};

// The open item's document: what the server has, what is typed, and where the
// save protocol stands. A new object per item load, so late answers for an
// item left behind touch only that item's draft.
let doc = null;

let socket = null;

// --- who, roles ------------------------------------------------------------------

const role = () => (view.me ? (view.me.participant ? view.me.participant.role : view.me.role) : null);
const canWrite = () => role() === 'facilitator' || role() === 'note-taker';

function personName(actor) {
  if (!actor) return '';
  const match = /^participant:(\d+)$/.exec(actor);
  if (match) {
    const found = view.people.find((p) => String(p.id) === match[1]);
    return found ? found.name : actor;
  }
  if (actor === 'facilitator' || actor === 'facilitator-key') return t('role_facilitator');
  return actor;
}

// --- agenda ----------------------------------------------------------------------

// The agenda flattened in reading order, with depth for nesting.
function flatAgenda(items = (view.meeting && view.meeting.agenda) || [], depth = 0, out = []) {
  for (const item of items) {
    out.push({ ...item, depth });
    flatAgenda(item.children || [], depth + 1, out);
  }
  return out;
}

// "1. Accueil", "3.a Présentation": a period only after a plain number.
const numbered = (number, title) => (!number ? title : /\d$/.test(number) ? `${number}. ${title}` : `${number} ${title}`);

const agendaEntry = (id) => flatAgenda().find((a) => String(a.id) === String(id));
const itemNumber = (id) => {
  const entry = agendaEntry(id);
  return entry ? entry.number || '' : '';
};
const liveItemId = () => (view.live && view.live.current_item ? String(view.live.current_item.id) : null);

function noteRevision(id) {
  const notes = (view.meeting && view.meeting.notes) || [];
  const found = notes.find((n) => String(n.agenda_item_id) === String(id));
  return found ? found.revision : 0;
}

function renderAgenda() {
  const current = doc ? String(doc.itemId) : null;
  const liveId = liveItemId();
  const entries = flatAgenda();
  // Every live state re-draws the list: the keyboard stays where it was.
  const focused = document.activeElement && document.activeElement.closest('#agenda-list') ? document.activeElement.dataset.itemId : null;
  fill(
    $('agenda-list'),
    entries.length === 0 ? el('li', { class: 'muted' }, t('no_agenda')) : entries.map((entry) => {
      const id = String(entry.id);
      const revision = noteRevision(id);
      return el('li', { class: `depth-${Math.min(entry.depth, 3)}` },
        el('button', {
          type: 'button',
          class: `agenda-item${id === liveId ? ' is-live' : ''}`,
          'data-testid': 'notes-item',
          'data-item-id': id,
          'aria-current': id === current ? 'true' : null,
          onclick: () => selectItem(id, true),
        },
        el('span', { class: 'agenda-number' }, entry.number || ''),
        el('span', { class: 'agenda-title' }, entry.title),
        el('span', { class: 'agenda-meta' },
          id === liveId ? el('span', { class: 'badge badge-ok' }, t('live_badge')) : null,
          revision > 0 ? el('span', { class: 'muted' }, t('revision_short', { n: revision })) : null)));
    }),
  );
  if (focused) {
    const again = document.querySelector(`[data-testid=notes-item][data-item-id="${focused}"]`);
    if (again) again.focus();
  }
  const jump = $('jump-live');
  jump.hidden = !liveId || liveId === current || !agendaEntry(liveId);
  if (!jump.hidden) jump.textContent = t('jump_live', { number: itemNumber(liveId) });
}

// --- drafts (sessionStorage) ---------------------------------------------------------

const draftKey = (itemId) => `quorum:notes:${meetingId}:${itemId}`;

function readDraft(itemId) {
  try {
    return JSON.parse(sessionStorage.getItem(draftKey(itemId)) || 'null');
  } catch {
    return null;
  }
}

function writeDraft(d) {
  try {
    sessionStorage.setItem(draftKey(d.itemId), JSON.stringify({ base: d.base, text: d.text }));
  } catch {
    // Storage full or disabled: the text is still in the editor and autosaved.
  }
}

const dropDraft = (itemId) => sessionStorage.removeItem(draftKey(itemId));

// --- status ------------------------------------------------------------------------------

function setStatus(d, key, vars = {}) {
  d.status = { key, vars };
  if (d === doc) renderStatus();
}

function renderStatus() {
  const node = $('save-status');
  if (!doc) {
    node.textContent = '';
    return;
  }
  node.textContent = t(doc.status.key, doc.status.vars);
  node.dataset.state = doc.status.key.replace('status_', '');
  $('save-now').hidden = !canWrite() || Boolean(doc.conflict);
}

function savedStatus(d) {
  if (d.base === 0 && d.text === '') setStatus(d, 'status_empty');
  else setStatus(d, 'status_saved', { n: d.base });
}

// --- loading an item -----------------------------------------------------------------

async function selectItem(itemId, focusEditor = false) {
  if (doc && String(doc.itemId) === String(itemId)) {
    if (focusEditor) $('notes-editor').focus();
    return;
  }
  if (doc) await flush(doc);
  await loadItem(itemId);
  if (focusEditor && !$('notes-editor').readOnly) $('notes-editor').focus();
}

async function loadItem(itemId) {
  const d = {
    itemId: String(itemId),
    base: 0, // the revision the text started from
    serverText: '', // the text of that revision
    text: '', // what is typed
    saving: false,
    again: false, // a save was asked for while one was running
    timer: null,
    conflict: null, // the 409 body while a choice is due
    merging: false, // merging by hand: autosave waits for "save the merged text"
    remote: null, // a newer revision someone else saved, while this one is unsaved
    status: { key: 'status_loading', vars: {} },
  };
  doc = d;
  rememberItem(d.itemId);
  $('notes-editor').value = '';
  $('notes-editor').readOnly = true;
  renderEditor();
  renderAgenda();
  const tab = document.querySelector(`[data-testid=notes-item][data-item-id="${d.itemId}"]`);
  if (tab) tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if ($('items-this-only').checked) renderItems();
  let note;
  try {
    note = await api('GET', `/notes/${d.itemId}`);
  } catch (error) {
    if (error.status === 401) return failure(error);
    setStatus(d, 'status_error', { message: error.message });
    return;
  }
  if (d !== doc) return;
  d.base = note.revision;
  d.serverText = note.text;
  d.text = note.text;
  restoreDraft(d);
  $('notes-editor').value = d.text;
  $('notes-editor').readOnly = !canWrite();
  renderEditor();
  schedulePreview(true);
  if (isDirty(d) && !d.conflict) scheduleSave(d);
  if ($('revisions').open) loadRevisions();
}

// A draft left by a reload: restored on top of the revision it started from,
// or shown against the newer one as a conflict.
function restoreDraft(d) {
  const draft = readDraft(d.itemId);
  if (!draft || typeof draft.text !== 'string' || draft.text === d.serverText) {
    dropDraft(d.itemId);
    if (canWrite()) savedStatus(d);
    else setStatus(d, 'status_read_only');
    return;
  }
  if (!canWrite()) return;
  d.text = draft.text;
  if (draft.base === d.base) {
    setStatus(d, 'status_restored');
  } else {
    d.conflict = { current: { revision: d.base, text: d.serverText }, yours: { base_revision: draft.base, text: draft.text } };
    setStatus(d, 'status_conflict');
  }
}

// The item in the fragment, so a reload comes back to it (the token stays).
function rememberItem(itemId) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.set('item', itemId);
  history.replaceState(null, '', `#${params.toString()}`);
}

// --- editing and saving ------------------------------------------------------------------

const isDirty = (d) => d.text !== d.serverText;

function onInput() {
  const d = doc;
  if (!d || !canWrite()) return;
  d.text = $('notes-editor').value;
  if (d.conflict && !d.merging) d.conflict.yours.text = d.text;
  if (isDirty(d)) writeDraft(d);
  else dropDraft(d.itemId);
  if (d.conflict) {
    if (d.merging) setStatus(d, 'status_merging');
    $('conflict-yours').value = d.conflict.yours.text;
  } else {
    setStatus(d, isDirty(d) ? 'status_dirty' : (d.base === 0 && d.text === '' ? 'status_empty' : 'status_saved'), { n: d.base });
    scheduleSave(d);
  }
  schedulePreview();
}

function scheduleSave(d) {
  clearTimeout(d.timer);
  d.timer = setTimeout(() => save(d), SAVE_DELAY_MS);
}

// Saves now what waits (blur, item switch, Ctrl+S).
async function flush(d) {
  clearTimeout(d.timer);
  if (isDirty(d) && !d.conflict) await save(d);
}

// PUT with the revision the text started from. One save at a time per item;
// what is typed meanwhile is saved right after.
async function save(d, { base = d.base, text = d.text, resolving = false } = {}) {
  if (!canWrite()) return;
  if (d.conflict && !resolving) return; // stopped until the person chooses
  if (d.saving) {
    d.again = true;
    return;
  }
  clearTimeout(d.timer);
  d.saving = true;
  setStatus(d, 'status_saving');
  try {
    const saved = await api('PUT', `/notes/${d.itemId}`, { base_revision: base, text });
    d.base = saved.revision;
    d.serverText = text;
    d.conflict = null;
    d.merging = false;
    if (d.remote != null && d.remote <= d.base) d.remote = null;
    if (isDirty(d)) writeDraft(d);
    else dropDraft(d.itemId);
    if (isDirty(d)) setStatus(d, 'status_dirty');
    else setStatus(d, 'status_saved', { n: d.base });
  } catch (error) {
    if (error.status === 409 && error.body && error.body.current) {
      // "Yours" is all that is typed, including what came during the request.
      d.conflict = { current: error.body.current, yours: { base_revision: base, text: d.text } };
      d.merging = false;
      d.again = false;
      writeDraft({ itemId: d.itemId, base, text: d.text });
      setStatus(d, 'status_conflict');
      announce(t('conflict_title'));
    } else if (error.status === 401) {
      failure(error);
    } else {
      setStatus(d, 'status_error', { message: error.message });
      if (d === doc && d.conflict) $('conflict-error').textContent = error.message;
      else if (d === doc) toast(t('status_error', { message: error.message }), 'error');
    }
  } finally {
    d.saving = false;
  }
  if (d === doc) renderEditor();
  if (d.again) {
    d.again = false;
    if (isDirty(d) && !d.conflict) scheduleSave(d);
  }
  if (d.remote != null && d === doc && !d.conflict) handleRemote(d, d.remote);
}

// --- conflicts -------------------------------------------------------------------------------

function renderConflict() {
  const d = doc;
  const panel = $('conflict-panel');
  const show = Boolean(d && d.conflict);
  panel.hidden = !show;
  // While choosing, the panel shows both texts: the editor and its preview wait.
  $('notes-split').hidden = show && !d.merging;
  if (!show) return;
  const { current, yours } = d.conflict;
  $('conflict-intro').textContent = t('conflict_intro', { base: yours.base_revision, n: current.revision });
  $('conflict-theirs-label').textContent = t('conflict_theirs', { n: current.revision });
  $('conflict-theirs').value = current.text;
  $('conflict-yours').value = yours.text;
  $('conflict-yours-box').hidden = d.merging; // while merging, "yours" is the editor
  $('conflict-choose').hidden = d.merging;
  $('conflict-merging').hidden = !d.merging;
}

async function keepMine() {
  const d = doc;
  const { current, yours } = d.conflict;
  d.text = yours.text;
  $('notes-editor').value = d.text;
  await resolve(d, current.revision, d.text);
}

async function saveMerged() {
  const d = doc;
  d.text = $('notes-editor').value;
  await resolve(d, d.base, d.text);
}

// Saves on their revision; a newer save meanwhile gives a new conflict.
async function resolve(d, base, text) {
  $('conflict-error').textContent = '';
  await save(d, { base, text, resolving: true });
  if (!d.conflict) {
    announce(t('conflict_solved', { n: d.base }));
    $('notes-editor').focus();
  } else {
    $('conflict-title').focus();
  }
}

function takeTheirs() {
  const d = doc;
  const { current } = d.conflict;
  d.base = current.revision;
  d.serverText = current.text;
  d.text = current.text;
  d.conflict = null;
  d.merging = false;
  dropDraft(d.itemId);
  $('notes-editor').value = d.text;
  savedStatus(d);
  renderEditor();
  schedulePreview(true);
  announce(t('took_theirs'));
  $('notes-editor').focus();
}

// The merge is saved on their revision: the draft says so too.
function startMerge() {
  doc.merging = true;
  doc.base = doc.conflict.current.revision;
  doc.serverText = doc.conflict.current.text;
  writeDraft(doc);
  setStatus(doc, 'status_merging');
  renderEditor();
  $('notes-editor').focus();
}

function backToChoice() {
  doc.conflict.yours.text = $('notes-editor').value;
  doc.merging = false;
  setStatus(doc, 'status_conflict');
  renderEditor();
  $('conflict-title').focus();
}

// --- someone else saved ---------------------------------------------------------------------

// A newer revision of the open item: loaded when nothing here is unsaved,
// otherwise the person is told (the next save shows both versions).
async function handleRemote(d, revision) {
  if (revision <= d.base || d.conflict) return;
  if (d.saving) {
    d.remote = Math.max(d.remote || 0, revision);
    return;
  }
  if (isDirty(d)) {
    d.remote = revision;
    renderRemoteWarning();
    return;
  }
  let note;
  try {
    note = await api('GET', `/notes/${d.itemId}`);
  } catch {
    return; // the next save will meet the newer revision as a conflict
  }
  if (d !== doc || isDirty(d) || note.revision <= d.base) return;
  const editor = $('notes-editor');
  const { selectionStart, selectionEnd } = editor;
  d.base = note.revision;
  d.serverText = note.text;
  d.text = note.text;
  d.remote = null;
  editor.value = note.text;
  editor.setSelectionRange(Math.min(selectionStart, note.text.length), Math.min(selectionEnd, note.text.length));
  savedStatus(d);
  renderRemoteWarning();
  schedulePreview(true);
  announce(t('remote_loaded', { n: note.revision }));
  if ($('revisions').open) loadRevisions();
}

function renderRemoteWarning() {
  const box = $('remote-warning');
  const show = Boolean(doc && doc.remote && !doc.conflict);
  box.hidden = !show;
  if (!show) return;
  fill(box, t('remote_warning', { n: doc.remote }), ' ',
    el('button', { type: 'button', class: 'btn-small', onclick: () => save(doc) }, t('compare_now')));
}

// --- preview ----------------------------------------------------------------------------------

let previewTimer = null;
let previewSeq = 0;

function schedulePreview(now = false) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, now ? 0 : PREVIEW_DELAY_MS);
}

// The server's cmark-gfm rendering (raw HTML dropped): the one HTML this page
// inserts as HTML. Late answers are ignored.
async function renderPreview() {
  if (!canWrite()) return;
  const seq = ++previewSeq;
  const text = $('notes-editor').value;
  const box = $('notes-preview');
  if (!text.trim()) {
    fill(box, el('p', { class: 'muted' }, t('preview_empty')));
    return;
  }
  try {
    const { html } = await api('POST', '/preview', { text });
    if (seq === previewSeq) box.innerHTML = html;
  } catch (error) {
    if (seq === previewSeq) fill(box, el('p', { class: 'error-text' }, t('preview_failed', { message: error.message })));
  }
}

function togglePreview() {
  const split = $('notes-split');
  const on = !split.classList.contains('show-preview');
  split.classList.toggle('show-preview', on);
  $('preview-toggle').setAttribute('aria-pressed', String(on));
  if (on) renderPreview();
}

// --- revisions -------------------------------------------------------------------------------

async function loadRevisions() {
  const d = doc;
  if (!d) return;
  let list;
  try {
    list = await api('GET', `/notes/${d.itemId}/revisions`);
  } catch (error) {
    fill($('revisions-list'), el('li', { class: 'error-text' }, error.message));
    return;
  }
  if (d !== doc) return;
  const entries = [...list].sort((a, b) => b.revision - a.revision);
  fill(
    $('revisions-list'),
    entries.length === 0 ? el('li', { class: 'muted' }, t('revisions_none')) : entries.map((r) =>
      el('li', {},
        el('span', {}, t('revision_line', { n: r.revision, time: formatClock(Date.parse(r.at)), who: personName(r.actor) })),
        ' ',
        el('button', { type: 'button', class: 'btn-small', onclick: () => showRevision(r.revision) }, t('revision_show')))),
  );
}

async function showRevision(n) {
  const d = doc;
  try {
    const revision = await api('GET', `/notes/${d.itemId}/revisions/${n}`);
    if (d !== doc) return;
    $('revision-title').textContent = t('revision_title', { n });
    $('revision-text').textContent = revision.text;
    $('revision-view').hidden = false;
    $('revision-title').focus();
  } catch (error) {
    toast(error.message, 'error');
  }
}

// --- extracted items -------------------------------------------------------------------------

let itemsTimer = null;

// Coalesces a burst of events into one reload.
function refreshItemsSoon() {
  clearTimeout(itemsTimer);
  itemsTimer = setTimeout(loadItems, 250);
}

async function loadItems() {
  try {
    view.items = await api('GET', '/items');
    view.itemsLoaded = true;
  } catch (error) {
    if (error.status === 401) return failure(error);
    fill($('items-body'), el('p', { class: 'error-text' }, t('items_failed', { message: error.message })));
    return;
  }
  renderItems();
}

const KINDS = ['action', 'decision', 'resource'];
const STATE_BADGES = { marked: 'badge-muted', suggested: 'badge-warn', accepted: 'badge-ok', rejected: 'badge-danger', edited: '', done: 'badge-ok' };

function sourceText(item) {
  if (item.agenda_item_id == null) return t('source_meeting', { line: item.line });
  return t('source_item', { number: itemNumber(item.agenda_item_id) || item.agenda_item_id, line: item.line });
}

function renderItems() {
  if (!view.itemsLoaded) {
    fill($('items-body'), el('p', { class: 'muted' }, t('loading')));
    return;
  }
  const onlyThis = $('items-this-only').checked && doc;
  const items = view.items.filter((i) => !onlyThis || String(i.agenda_item_id) === doc.itemId);
  // Keep focus and what is typed across a re-render (an event may come mid-edit).
  const active = document.activeElement;
  const focusKey = active && active.closest && active.closest('#items-body') ? active.dataset.focusKey : null;
  const selection = focusKey && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null;
  const body = $('items-body');
  if (items.length === 0) {
    fill(body, el('p', { class: 'muted' }, t('items_none')));
    return;
  }
  const kinds = [...KINDS, ...new Set(items.map((i) => i.kind).filter((k) => !KINDS.includes(k)))];
  fill(body, kinds.map((kind) => {
    const group = items.filter((i) => i.kind === kind);
    if (group.length === 0) return null;
    const title = KINDS.includes(kind) ? t(`kind_${kind}`) : kind;
    return el('section', { class: 'items-group', 'aria-label': title },
      el('h3', {}, `${title} (${group.length})`),
      el('ul', { class: 'list items-list' }, group.map(itemRow)));
  }));
  if (focusKey) {
    const again = body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (again) {
      again.focus();
      if (selection && 'setSelectionRange' in again) again.setSelectionRange(...selection);
    }
  }
}

function itemRow(item) {
  const editing = view.editing && view.editing.id === item.id;
  return el('li', { class: `item-row state-${item.state}`, 'data-testid': 'item-row', 'data-item-id': String(item.id), 'data-state': item.state },
    itemSummary(item),
    canWrite() && !editing ? itemActions(item) : null,
    editing ? editForm(item) : null);
}

// State, text (a link for a resource with a web address), who and when, and
// where in the notes it comes from.
function itemSummary(item) {
  const details = [];
  if (item.kind === 'action') {
    details.push(item.owner || t('no_owner'));
    if (item.due) details.push(t('due_by', { due: item.due }));
  }
  if (item.votes) details.push(t('votes_line', { votes: item.votes }));
  const url = item.url && /^https?:\/\//i.test(item.url) ? item.url : null;
  const link = (text, cls) => el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: cls }, text);
  return el('div', { class: 'item-body' },
    el('p', { class: 'item-main' },
      el('span', { class: `badge ${STATE_BADGES[item.state] ?? ''}` }, t(`state_${item.state}`)),
      ' ',
      url && item.text === url ? link(item.text, 'item-text') : el('span', { class: 'item-text' }, item.text),
      url && item.text !== url ? link(url, 'item-url') : null),
    details.length ? el('p', { class: 'item-details' }, details.join(' · ')) : null,
    el('p', { class: 'item-source muted' }, sourceText(item)));
}

// Accept and reject for suggestions; edit for any.
function itemActions(item) {
  const button = (testid, label, onclick, extra = {}) =>
    el('button', { type: 'button', class: 'btn-small', 'data-testid': testid, 'data-focus-key': `${testid.slice(5)}-${item.id}`, onclick, ...extra }, label);
  const suggested = item.state === 'suggested';
  return el('div', { class: 'row item-actions' },
    suggested ? button('item-accept', t('accept'), () => decide(item, 'accept'), { class: 'btn-small btn-primary' }) : null,
    suggested ? button('item-reject', t('reject'), () => decide(item, 'reject')) : null,
    button('item-edit', t('edit'), () => startEdit(item), { 'aria-label': t('edit_label', { text: item.text.slice(0, 100) }) }));
}

function editForm(item) {
  const e = view.editing;
  const field = (name, label, control, hint) => el('div', { class: 'field' },
    el('label', { for: `edit-${name}-${item.id}` }, label), control, hint ? el('p', { class: 'hint' }, hint) : null);
  const bind = (name) => ({
    id: `edit-${name}-${item.id}`,
    'data-focus-key': `edit-${name}-${item.id}`,
    oninput: (ev) => { e[name] = ev.target.value; },
  });
  const people = view.people.map((p) => el('option', { value: p.name }));
  return el('form', { class: 'item-edit', onsubmit: (ev) => { ev.preventDefault(); saveEdit(item); } },
    field('text', t('text'), el('textarea', { ...bind('text'), rows: 3, value: e.text })),
    item.kind === 'action' ? field('owner', t('owner'), el('input', { ...bind('owner'), value: e.owner, list: 'people-list', autocomplete: 'off' })) : null,
    item.kind === 'action' ? field('due', t('due'), el('input', { ...bind('due'), value: e.due, placeholder: '2026-12-01' }), t('due_hint')) : null,
    el('datalist', { id: 'people-list' }, people),
    el('p', { class: 'error-text', role: 'alert' }, e.error || ''),
    el('div', { class: 'row' },
      el('button', { type: 'submit', class: 'btn-small btn-primary', 'data-focus-key': `edit-save-${item.id}` }, t('save')),
      el('button', { type: 'button', class: 'btn-small', onclick: cancelEdit }, t('cancel'))));
}

function startEdit(item) {
  view.editing = { id: item.id, text: item.text, owner: item.owner || '', due: item.due || '', error: '' };
  renderItems();
  const first = document.getElementById(`edit-text-${item.id}`);
  if (first) first.focus();
}

function cancelEdit() {
  const id = view.editing && view.editing.id;
  view.editing = null;
  renderItems();
  const back = document.querySelector(`[data-focus-key="edit-${id}"]`);
  if (back) back.focus();
}

async function saveEdit(item) {
  const e = view.editing;
  const body = { text: e.text };
  if (item.kind === 'action') Object.assign(body, { owner: e.owner, due: e.due });
  try {
    await api('PATCH', `/items/${item.id}`, body);
  } catch (error) {
    e.error = error.message;
    renderItems();
    return;
  }
  view.editing = null;
  announce(t('item_saved'));
  await loadItems();
  const back = document.querySelector(`[data-focus-key="edit-${item.id}"]`);
  if (back) back.focus();
}

async function decide(item, what) {
  try {
    await api('POST', `/items/${item.id}/${what}`);
  } catch (error) {
    toast(error.message, 'error');
    return;
  }
  announce(t(what === 'accept' ? 'item_accepted' : 'item_rejected'));
  await loadItems();
  // The buttons are gone once decided: keep the keyboard on the row's Edit.
  const back = document.querySelector(`[data-focus-key="edit-${item.id}"]`);
  if (back) back.focus();
}

// --- page -------------------------------------------------------------------------------------

function renderMarkers() {
  const rows = MARKERS[lang()] || MARKERS.en;
  fill($('markers-body'),
    el('p', { class: 'hint' }, t('markers_intro')),
    el('dl', { class: 'markers' }, rows.map(([code, meaning]) => [el('dt', {}, el('code', {}, code)), el('dd', {}, meaning)])));
}

// The open item's title (it may be renamed while the meeting runs).
function renderHeading() {
  const entry = doc && agendaEntry(doc.itemId);
  $('item-heading').textContent = entry ? numbered(entry.number, entry.title) : t('no_agenda');
  $('editor-label').textContent = t('editor_label', { number: entry ? entry.number || entry.title : '' });
}

function renderEditor() {
  renderHeading();
  $('editor-hint').textContent = canWrite() ? t('editor_hint') : t('read_only');
  // /preview is for writers: readers see the Markdown as it is.
  $('notes-split').classList.toggle('no-preview', !canWrite());
  $('preview-toggle').hidden = !canWrite();
  renderStatus();
  renderConflict();
  renderRemoteWarning();
}

function renderHeader() {
  const m = view.meeting;
  if (m) {
    $('meeting-title').removeAttribute('data-i18n');
    $('meeting-title').textContent = m.title;
    document.title = `${t('page_title')} · ${m.title} · quorum`;
  }
  const p = view.me && view.me.participant;
  if (p) {
    // A note-taker is a participant too: until they check in (on their page,
    // which asks for consent first), the summary does not count them as present.
    const checkIn = p.checked_in_at
      ? null
      : [' · ', el('a', { href: pageUrl('join', token()), 'data-testid': 'check-in-link' }, t('check_in_first'))];
    fill($('me-line'), t('you_are', { name: p.name, role: t(`role_${p.role}`) }), checkIn);
  } else if (view.me) {
    $('me-line').textContent = t('you_are_key');
  }
}

function renderAll() {
  renderHeader();
  renderProblem();
  if (view.problem) return;
  $('workspace').hidden = !view.me;
  renderAgenda();
  renderEditor();
  renderMarkers();
  renderItems();
}

function showProblem(text, retry) {
  view.problem = { text, retry };
  renderProblem();
}

function renderProblem() {
  const box = $('problem');
  box.hidden = !view.problem;
  if (!view.problem) return;
  $('workspace').hidden = true;
  fill(box, el('p', {}, view.problem.text()), view.problem.retry && el('button', { type: 'button', onclick: view.problem.retry }, t('retry')));
  if (!view.meeting) {
    $('meeting-title').removeAttribute('data-i18n');
    $('meeting-title').textContent = t('page_title');
  }
}

function failure(error) {
  if (error.status === 401) showProblem(() => t('link_invalid'));
  else showProblem(() => t('load_failed', { message: error.message }), start);
}

// --- live --------------------------------------------------------------------------------------

function onState(message) {
  view.live = message.live;
  if (message.meeting) view.meeting = message.meeting;
  renderHeader();
  renderAgenda();
  if (doc) renderHeading();
}

function onEvent(event) {
  const type = event.type || '';
  if (type === 'note/saved') {
    const data = event.data || {};
    if (doc && String(data.agenda_item_id) === doc.itemId) {
      handleRemote(doc, data.revision);
      if ($('revisions').open) loadRevisions();
    }
    refreshItemsSoon();
  } else if (type.startsWith('item/')) {
    refreshItemsSoon();
  } else if (type === 'participant/invited') {
    loadPeople();
  } else if (type === 'participant/checked-in' && view.me && view.me.participant
    && String((event.data || {}).id) === String(view.me.participant.id)) {
    // Checked in on the participant page: the reminder goes.
    api('GET', '/me').then((me) => {
      view.me = me;
      renderHeader();
    }).catch(() => {});
  }
}

function onStatus(status) {
  const node = $('live-status');
  node.hidden = false;
  node.dataset.state = status === 'open' ? 'open' : 'closed';
  node.textContent = status === 'open' ? t('live_open') : t('live_closed');
}

async function loadPeople() {
  try {
    view.people = await api('GET', '/participants');
  } catch {
    view.people = []; // authors then show as written
  }
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  view.problem = null;
  renderProblem();
  if (!token()) {
    showProblem(() => t('no_token'));
    return;
  }
  let liveState = null;
  try {
    const [me, meeting] = await Promise.all([api('GET', '/me'), api('GET', '')]);
    view.me = me;
    view.meeting = meeting;
    [liveState] = await Promise.all([api('GET', '/live/state').catch(() => null), loadPeople()]);
  } catch (error) {
    failure(error);
    return;
  }
  view.live = liveState;
  renderAll();
  const wanted = new URLSearchParams(location.hash.replace(/^#/, '')).get('item');
  const first = [wanted, liveItemId(), flatAgenda()[0] && String(flatAgenda()[0].id)].find((id) => id && agendaEntry(id));
  if (first) await loadItem(first);
  else $('notes-editor').readOnly = true;
  loadItems();
  if (!socket) socket = live({ onState, onEvent, onStatus });
}

function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key === 's') {
    event.preventDefault();
    if (doc) flush(doc);
  }
}

function wire() {
  const editor = $('notes-editor');
  editor.addEventListener('input', onInput);
  editor.addEventListener('blur', () => doc && !doc.merging && flush(doc));
  document.addEventListener('keydown', onKey);
  $('save-now').addEventListener('click', () => doc && flush(doc));
  $('preview-toggle').addEventListener('click', togglePreview);
  $('jump-live').addEventListener('click', () => liveItemId() && selectItem(liveItemId(), true));
  $('conflict-keep-mine').addEventListener('click', keepMine);
  $('conflict-take-theirs').addEventListener('click', takeTheirs);
  $('conflict-merge').addEventListener('click', startMerge);
  $('conflict-save-merged').addEventListener('click', saveMerged);
  $('conflict-back').addEventListener('click', backToChoice);
  $('revisions').addEventListener('toggle', () => $('revisions').open && loadRevisions());
  $('revision-copy').addEventListener('click', () => copyText($('revision-text').textContent));
  $('items-this-only').addEventListener('change', renderItems);
  // Closing the tab loses sessionStorage: ask first when something is unsaved.
  window.addEventListener('beforeunload', (event) => {
    if (doc && (isDirty(doc) || doc.conflict)) {
      event.preventDefault();
      event.returnValue = t('leave_warning');
    }
  });
  onLanguageChange(() => {
    renderAll();
    if ($('live-status').dataset.state) onStatus($('live-status').dataset.state);
  });
}

startPage();
wire();
if (meetingId) start();
