// The setup page's agenda: items and sub-items with their planned durations,
// added, edited, deleted, and reordered by drag and drop on a handle or by
// buttons (up, down, into the previous item, out of its parent). The order goes
// to the server whole (PUT /agenda/reorder); when the numbers followed the
// order before a move, the new numbers (1, 2, 3.a…) go with it, in the same change.

import { addStrings, announce, api, el, fill, formatMinutes, t, toast } from './app.js';
import { clearFieldErrors, ctx, durationInput, frenchSpacing, hoursMinutes, parseDuration, showFieldError, unbroken, whileBusy } from './setup-common.js';

addStrings({
  fr: frenchSpacing({
    agenda_heading: 'Ordre du jour',
    agenda_help:
      'Glissez un point par sa poignée ⠿, ou utilisez les boutons ↑ ↓ (monter, descendre) et → ← (en faire un sous-point, le ressortir).',
    agenda_empty: 'L’ordre du jour est vide : ajoutez un premier point ci-dessous.',
    agenda_add_heading: 'Ajouter un point',
    agenda_add_submit: 'Ajouter',
    item_title: 'Titre du point',
    item_duration: 'Durée',
    item_type: 'Type',
    item_number: 'Numéro',
    item_description: 'Description',
    item_place: 'Où',
    place_end: 'À la fin',
    place_under: 'Sous « {title} »',
    duration_hint: 'En minutes : 5, 1 h 10, 90 s',
    duration_invalid: 'Durée illisible : écrivez par exemple 5, 1 h 10 ou 90 s.',
    duration_too_long: 'Un point dure au plus 24 heures.',
    title_required_item: 'Donnez un titre au point.',
    no_duration: 'sans durée',
    drag_handle: 'Poignée pour glisser « {title} »',
    move_up: 'Monter « {title} »',
    move_down: 'Descendre « {title} »',
    indent: 'Faire de « {title} » un sous-point du point précédent',
    outdent: 'Ressortir « {title} » de son point parent',
    edit: 'Modifier',
    edit_label: 'Modifier « {title} »',
    delete_label: 'Supprimer « {title} »',
    delete_confirm: 'Supprimer « {title} », ses sous-points et leurs notes ? Cela ne peut pas être annulé.',
    deleted: '« {title} » supprimé.',
    added: '« {title} » ajouté.',
    saved_item: '« {title} » enregistré.',
    moved: '« {title} » est maintenant le point {number}.',
    moved_plain: '« {title} » déplacé : position {position}.',
    total_vs: '{planned} prévues pour {span} : {diff}',
    total_over: '{minutes} de trop',
    total_under: '{minutes} de marge',
    total_exact: 'juste à temps',
    total_alone: '{planned} prévues (indiquez le début et la fin de la rencontre pour comparer)',
    total_missing: '{count} point(s) sans durée',
    renumber_hint: 'Les numéros ne suivent pas l’ordre des points.',
    renumber: 'Renuméroter 1, 2, 3…',
    renumbered: 'Points renumérotés.',
    types_list: 'Information|Discussion|Décision|Consultation',
  }),
  en: {
    agenda_heading: 'Agenda',
    agenda_help: 'Drag an item by its handle ⠿, or use the buttons ↑ ↓ (up, down) and → ← (make it a sub-item, take it out).',
    agenda_empty: 'The agenda is empty: add a first item below.',
    agenda_add_heading: 'Add an item',
    agenda_add_submit: 'Add',
    item_title: 'Item title',
    item_duration: 'Duration',
    item_type: 'Type',
    item_number: 'Number',
    item_description: 'Description',
    item_place: 'Where',
    place_end: 'At the end',
    place_under: 'Under “{title}”',
    duration_hint: 'In minutes: 5, 1h10, 90 s',
    duration_invalid: 'Unreadable duration: write for instance 5, 1h10 or 90 s.',
    duration_too_long: 'An item lasts 24 hours at most.',
    title_required_item: 'Give the item a title.',
    no_duration: 'no duration',
    drag_handle: 'Handle to drag “{title}”',
    move_up: 'Move “{title}” up',
    move_down: 'Move “{title}” down',
    indent: 'Make “{title}” a sub-item of the item before it',
    outdent: 'Take “{title}” out of its parent item',
    edit: 'Edit',
    edit_label: 'Edit “{title}”',
    delete_label: 'Delete “{title}”',
    delete_confirm: 'Delete “{title}”, its sub-items and their notes? This cannot be undone.',
    deleted: '“{title}” deleted.',
    added: '“{title}” added.',
    saved_item: '“{title}” saved.',
    moved: '“{title}” is now item {number}.',
    moved_plain: '“{title}” moved: position {position}.',
    total_vs: '{planned} planned for {span}: {diff}',
    total_over: '{minutes} over',
    total_under: '{minutes} to spare',
    total_exact: 'on time',
    total_alone: '{planned} planned (give the meeting’s start and end to compare)',
    total_missing: '{count} item(s) without a duration',
    renumber_hint: 'The numbers do not follow the order of the items.',
    renumber: 'Renumber 1, 2, 3…',
    renumbered: 'Items renumbered.',
    types_list: 'Information|Discussion|Decision|Consultation',
  },
});

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

// --- the tree and its moves (on a copy of the meeting's agenda) -------------------------

function copyTree(items) {
  return (items || []).map((item) => ({ ...item, children: copyTree(item.children) }));
}

// Pre-order, parents first: what PUT /agenda/reorder expects.
function flatten(tree, parent = null, depth = 0, out = []) {
  tree.forEach((node, index) => {
    out.push({ node, parent, depth, siblings: tree, index });
    flatten(node.children, node, depth + 1, out);
  });
  return out;
}

function locate(tree, id) {
  return flatten(tree).find((entry) => entry.node.id === id);
}

function contains(node, id) {
  return node.id === id || node.children.some((child) => contains(child, id));
}

// Each move returns the new tree, or null when the move is not possible.
const moves = {
  up(tree, id) {
    const at = locate(tree, id);
    if (!at || at.index === 0) return null;
    at.siblings.splice(at.index - 1, 0, at.siblings.splice(at.index, 1)[0]);
    return tree;
  },
  down(tree, id) {
    const at = locate(tree, id);
    if (!at || at.index === at.siblings.length - 1) return null;
    at.siblings.splice(at.index + 1, 0, at.siblings.splice(at.index, 1)[0]);
    return tree;
  },
  // Into the previous item, as its last sub-item: two levels at most, as in
  // minutes (3, 3.a), so an item with sub-items stays where it is.
  indent(tree, id) {
    const at = locate(tree, id);
    if (!at || at.index === 0 || at.depth > 0 || at.node.children.length > 0) return null;
    const [node] = at.siblings.splice(at.index, 1);
    at.siblings[at.index - 1].children.push(node);
    return tree;
  },
  // Out of its parent, right after it.
  outdent(tree, id) {
    const at = locate(tree, id);
    if (!at || !at.parent) return null;
    const [node] = at.siblings.splice(at.index, 1);
    const parentAt = locate(tree, at.parent.id);
    parentAt.siblings.splice(parentAt.index + 1, 0, node);
    return tree;
  },
};

// Drag and drop: `id` goes before or after `targetId`, among its siblings.
function canDrop(tree, id, targetId) {
  const from = locate(tree, id);
  const to = locate(tree, targetId);
  if (!from || !to || contains(from.node, targetId)) return false;
  return !(from.node.children.length > 0 && to.depth > 0);
}

function dropMove(tree, id, targetId, after) {
  if (!canDrop(tree, id, targetId)) return null;
  const from = locate(tree, id);
  const [node] = from.siblings.splice(from.index, 1);
  const to = locate(tree, targetId);
  to.siblings.splice(to.index + (after ? 1 : 0), 0, node);
  return tree;
}

// --- numbering -------------------------------------------------------------------------

// "1", "2", "3.a" — or "3.1" when the agenda already numbers sub-items so.
function positionalNumbers(tree) {
  const digits = flatten(tree).some((e) => e.depth > 0 && /\.\d+$/.test(e.node.number || ''));
  const numbers = new Map();
  const walk = (nodes, prefix, depth) => {
    nodes.forEach((node, i) => {
      const own = depth === 0 ? String(i + 1) : digits ? String(i + 1) : LETTERS[i] || String(i + 1);
      const number = prefix ? `${prefix}.${own}` : own;
      numbers.set(node.id, number);
      walk(node.children, number, depth + 1);
    });
  };
  walk(tree, '', 0);
  return numbers;
}

// Numbers that follow the order (or are absent) are the page's to keep up.
function numbersFollowOrder(tree) {
  const numbers = positionalNumbers(tree);
  return flatten(tree).every(({ node }) => !node.number || node.number === numbers.get(node.id));
}

// The order for PUT /agenda/reorder; with `numbered`, each item's positional
// number goes with it, so a move and its renumbering are one change.
function orderOf(tree, numbered) {
  const numbers = numbered ? positionalNumbers(tree) : null;
  return flatten(tree).map(({ node, parent }) => {
    const entry = { id: node.id };
    if (parent) entry.parent_id = parent.id;
    if (numbers) entry.number = numbers.get(node.id);
    return entry;
  });
}

async function renumber(tree) {
  await api('PUT', '/agenda/reorder', { items: orderOf(tree, true) });
}

// --- planned time ----------------------------------------------------------------------

// An item's own duration counts; without one, its sub-items' durations do.
function plannedSeconds(nodes) {
  let total = 0;
  let missing = 0;
  for (const node of nodes) {
    if (node.duration_seconds != null) {
      total += node.duration_seconds;
    } else if (node.children.length > 0) {
      const inner = plannedSeconds(node.children);
      total += inner.total;
      missing += inner.missing;
    } else {
      missing += 1;
    }
  }
  return { total, missing };
}

function minutesOfDay(hhmm) {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm || '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function meetingSpanSeconds(meeting) {
  const start = minutesOfDay(meeting.start);
  const end = minutesOfDay(meeting.end);
  if (start == null || end == null) return null;
  return ((end - start + 24 * 60) % (24 * 60)) * 60;
}

function totalText(tree, meeting) {
  const { total, missing } = plannedSeconds(tree);
  const planned = hoursMinutes(total);
  const span = meetingSpanSeconds(meeting);
  let text;
  if (span == null || span === 0) {
    text = t('total_alone', { planned });
  } else {
    const diff = total - span;
    const words =
      Math.abs(diff) < 60
        ? t('total_exact')
        : t(diff > 0 ? 'total_over' : 'total_under', { minutes: unbroken(formatMinutes(Math.round(Math.abs(diff) / 60) * 60)) });
    text = t('total_vs', { planned, span: hoursMinutes(span), diff: words });
  }
  return { text, over: span != null && total - span >= 60, missing };
}

// --- rendering -------------------------------------------------------------------------

let tree = [];
let editing = null; // the id of the item being edited: events must not re-render it away
let busy = false;
let dragged = null;

// After someone else's change: re-rendered unless the user is in the middle
// of an edit, a drag or a change of their own (which re-renders when done).
export function refreshAgenda() {
  if (editing == null && dragged == null && !busy) renderAgenda();
}

function iconButton(symbol, label, action, id, disabled, testid) {
  return el(
    'button',
    {
      type: 'button',
      class: 'btn btn-small icon-button',
      'aria-label': label,
      title: label,
      disabled,
      'data-action': action,
      'data-testid': testid,
      onclick: () => runMove(action, id),
    },
    el('span', { 'aria-hidden': 'true' }, symbol),
  );
}

// "5 min", "1 h 10 min"; short odd durations to the second ("90 s"), which
// formatMinutes would round.
function itemDuration(seconds) {
  return unbroken(seconds % 60 !== 0 && seconds < 600 ? `${seconds} s` : formatMinutes(seconds));
}

// A word on a wide screen, a symbol on a phone (the button's aria-label says it all).
function shortLong(symbol, word) {
  return [el('span', { class: 'label-short', 'aria-hidden': 'true' }, symbol), el('span', { class: 'label-long' }, word)];
}

function itemRow(entry) {
  const { node, depth, index, siblings, parent } = entry;
  const title = node.title;
  const row = el(
    'li',
    {
      class: `agenda-row depth-${Math.min(depth, 2)}`,
      'aria-level': String(depth + 1),
      'data-testid': 'agenda-item',
      'data-item-id': String(node.id),
    },
    el('span', { class: 'drag-handle', 'aria-hidden': 'true', title: t('drag_handle', { title }) }, '⠿'),
    el('span', { class: 'item-number' }, node.number || ''),
    el(
      'div',
      { class: 'item-main' },
      el('span', { class: 'item-title' }, title),
      node.type ? el('span', { class: 'badge badge-muted' }, node.type) : null,
      node.description ? el('p', { class: 'item-description hint' }, node.description) : null,
    ),
    el(
      'span',
      { class: `item-duration${node.duration_seconds == null ? ' muted' : ''}` },
      node.duration_seconds == null ? t('no_duration') : itemDuration(node.duration_seconds),
    ),
    el(
      'div',
      { class: 'item-actions' },
      iconButton('↑', t('move_up', { title }), 'up', node.id, index === 0, 'agenda-move-up'),
      iconButton('↓', t('move_down', { title }), 'down', node.id, index === siblings.length - 1, 'agenda-move-down'),
      depth === 0
        ? iconButton('→', t('indent', { title }), 'indent', node.id, index === 0 || node.children.length > 0)
        : iconButton('←', t('outdent', { title }), 'outdent', node.id, !parent),
      el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit', 'aria-label': t('edit_label', { title }), onclick: () => startEdit(node.id) }, shortLong('✎', t('edit'))),
      el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'delete', 'aria-label': t('delete_label', { title }), onclick: () => deleteItem(node) }, shortLong('✕', t('delete'))),
    ),
  );
  wireDrag(row, node.id);
  return row;
}

// The focused control, to find it again after the list is rebuilt.
function focusedControl() {
  const active = document.activeElement;
  const row = active && active.closest && active.closest('.agenda-row');
  return row ? { id: row.dataset.itemId, action: active.dataset.action } : null;
}

function restoreFocus(spot) {
  if (!spot) return;
  const row = document.querySelector(`.agenda-row[data-item-id="${spot.id}"]`);
  if (!row) return;
  const wanted = row.querySelector(`[data-action="${spot.action}"]:not([disabled])`);
  (wanted || row.querySelector('button:not([disabled])') || row).focus();
}

export function renderAgenda(focus = focusedControl()) {
  const meeting = ctx.meeting;
  tree = copyTree(meeting.agenda);
  const list = document.getElementById('agenda-list');
  const entries = flatten(tree);
  if (entries.length === 0) {
    fill(list, el('li', { class: 'muted agenda-empty' }, t('agenda_empty')));
  } else {
    // An open edit form is kept as it is: what the user typed there stays.
    const open = list.querySelector('.agenda-row.editing');
    const keep = (node) => (open && open.dataset.itemId === String(node.id) ? open : editRow(node));
    fill(list, entries.map((entry) => (entry.node.id === editing ? keep(entry.node) : itemRow(entry))));
  }
  renderTotal(meeting);
  renderRenumberHint();
  renderPlaceChoices();
  renderTypes();
  restoreFocus(focus);
}

function renderTotal(meeting) {
  const { text, over, missing } = totalText(tree, meeting);
  const box = document.getElementById('agenda-total');
  box.classList.toggle('over', over);
  fill(box, text, missing > 0 ? el('span', { class: 'muted' }, ` · ${t('total_missing', { count: missing })}`) : null);
}

function renderRenumberHint() {
  const box = document.getElementById('agenda-renumber');
  box.hidden = numbersFollowOrder(tree);
  if (box.hidden) return;
  fill(
    box,
    el('span', {}, t('renumber_hint')),
    el('button', { type: 'button', class: 'btn btn-small', onclick: renumberAll }, t('renumber')),
  );
}

// The button goes away once the numbers follow the order: focus goes back
// to the section's heading.
async function renumberAll() {
  await change(() => renumber(copyTree(ctx.meeting.agenda)), () => t('renumbered'));
  document.getElementById('agenda-heading').focus();
}

function renderPlaceChoices() {
  const select = document.getElementById('agenda-add-parent');
  const chosen = select.value;
  fill(
    select,
    el('option', { value: '' }, t('place_end')),
    tree.map((node) => el('option', { value: String(node.id) }, t('place_under', { title: [node.number, node.title].filter(Boolean).join(' ') }))),
  );
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
}

function renderTypes() {
  fill(document.getElementById('agenda-types'), t('types_list').split('|').map((type) => el('option', { value: type })));
}

// --- changes ----------------------------------------------------------------------------

// Runs one change against the server, then reloads the meeting. Clicks
// during a change are ignored, so two moves never race. `message` is
// announced after.
async function change(work, message, focus = focusedControl()) {
  if (busy) return;
  busy = true;
  let ok = true;
  try {
    await work();
  } catch (error) {
    ok = false;
    toast(error.message, 'error');
  }
  try {
    await ctx.reloadMeeting();
  } finally {
    busy = false;
  }
  renderAgenda(focus);
  if (ok && message) announce(message());
}

async function applyOrder(next, id) {
  const renumbering = numbersFollowOrder(tree);
  const node = locate(next, id).node;
  await change(
    async () => {
      await api('PUT', '/agenda/reorder', { items: orderOf(next, renumbering) });
    },
    () => {
      const number = positionalNumbers(next).get(id);
      return renumbering ? t('moved', { title: node.title, number }) : t('moved_plain', { title: node.title, position: number });
    },
  );
}

function runMove(action, id) {
  const next = moves[action](copyTree(ctx.meeting.agenda), id);
  if (next) applyOrder(next, id);
}

async function deleteItem(node) {
  if (!confirm(t('delete_confirm', { title: node.title }))) return;
  const renumbering = numbersFollowOrder(tree);
  const at = locate(tree, node.id);
  // Focus goes to the item that takes its place (or the heading when none).
  const neighbour = at.siblings[at.index + 1] || at.siblings[at.index - 1] || at.parent;
  await change(
    async () => {
      await api('DELETE', `/agenda/${node.id}`);
      if (renumbering) {
        await ctx.reloadMeeting();
        await renumber(copyTree(ctx.meeting.agenda));
      }
    },
    () => t('deleted', { title: node.title }),
    neighbour ? { id: String(neighbour.id), action: 'edit' } : null,
  );
  if (!neighbour) document.getElementById('agenda-heading').focus();
}

// --- drag and drop (the buttons above do the same from the keyboard) ------------------

function clearDropMarks() {
  for (const row of document.querySelectorAll('.drop-before, .drop-after')) row.classList.remove('drop-before', 'drop-after');
}

function wireDrag(row, id) {
  const handle = row.querySelector('.drag-handle');
  // Only the handle starts a drag: text in the row stays selectable.
  handle.addEventListener('pointerdown', () => {
    row.draggable = !busy;
  });
  row.addEventListener('dragstart', (e) => {
    dragged = id;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', String(id));
    row.classList.add('dragging');
  });
  row.addEventListener('dragend', () => {
    row.draggable = false;
    row.classList.remove('dragging');
    dragged = null;
    clearDropMarks();
  });
  row.addEventListener('dragover', (e) => {
    if (dragged == null || !canDrop(tree, dragged, id)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const box = row.getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    clearDropMarks();
    row.classList.add(after ? 'drop-after' : 'drop-before');
  });
  row.addEventListener('dragleave', (e) => {
    if (!row.contains(e.relatedTarget)) row.classList.remove('drop-before', 'drop-after');
  });
  row.addEventListener('drop', (e) => {
    e.preventDefault();
    const after = row.classList.contains('drop-after');
    clearDropMarks();
    const moving = dragged;
    if (moving == null) return;
    const next = dropMove(copyTree(ctx.meeting.agenda), moving, id, after);
    if (next) applyOrder(next, moving);
  });
}

// --- editing an item in place ------------------------------------------------------------

function startEdit(id) {
  if (busy) return;
  editing = id;
  renderAgenda(null);
  const input = document.getElementById(`edit-${id}-title`);
  if (input) input.focus();
}

function stopEdit(id) {
  editing = null;
  renderAgenda({ id: String(id), action: 'edit' });
}

function editField(id, name, label, input, extra) {
  input.id = `edit-${id}-${name}`;
  input.setAttribute('aria-describedby', [extra && extra.hintId, `edit-${id}-${name}-error`].filter(Boolean).join(' '));
  return el(
    'div',
    { class: `field edit-${name}` },
    el('label', { for: input.id }, label),
    input,
    extra && extra.hint ? el('p', { class: 'hint', id: extra.hintId }, extra.hint) : null,
    el('p', { class: 'error-text', id: `edit-${id}-${name}-error`, hidden: true }),
  );
}

function editRow(node) {
  const id = node.id;
  const form = el(
    'form',
    { class: 'agenda-edit', novalidate: true, onsubmit: (e) => saveEdit(e, node) },
    el(
      'div',
      { class: 'agenda-edit-fields' },
      editField(id, 'number', t('item_number'), el('input', { type: 'text', maxlength: 20, value: node.number || '', autocomplete: 'off' })),
      editField(id, 'title', t('item_title'), el('input', { type: 'text', maxlength: 500, value: node.title, required: true, autocomplete: 'off' })),
      editField(id, 'duration', t('item_duration'), el('input', { type: 'text', value: durationInput(node.duration_seconds), autocomplete: 'off' }), {
        hint: t('duration_hint'),
        hintId: `edit-${id}-duration-hint`,
      }),
      editField(id, 'type', t('item_type'), el('input', { type: 'text', maxlength: 100, value: node.type || '', list: 'agenda-types', autocomplete: 'off' })),
    ),
    editField(id, 'description', t('item_description'), el('textarea', { rows: 2, maxlength: 10000, value: node.description || '' })),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('save')),
      el('button', { type: 'button', class: 'btn btn-small', onclick: () => stopEdit(id) }, t('cancel')),
    ),
  );
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') stopEdit(id);
  });
  return el('li', { class: 'agenda-row editing', 'data-testid': 'agenda-item', 'data-item-id': String(id) }, form);
}

// The fields that changed, or null after showing what is wrong.
function editedFields(form, node) {
  const id = node.id;
  const value = (name) => document.getElementById(`edit-${id}-${name}`).value;
  const title = value('title').trim();
  if (!title) {
    showFieldError(`edit-${id}`, 'title', t('title_required_item'));
    return null;
  }
  const duration = parseDuration(value('duration'));
  if (Number.isNaN(duration) || duration > 24 * 3600) {
    showFieldError(`edit-${id}`, 'duration', t(Number.isNaN(duration) ? 'duration_invalid' : 'duration_too_long'));
    return null;
  }
  const fields = {};
  const text = { title, number: value('number').trim(), type: value('type').trim(), description: value('description') };
  for (const [name, v] of Object.entries(text)) if (v !== (node[name] || '')) fields[name] = v;
  // An emptied duration is taken away (null); an unchanged one is not sent.
  if ((duration ?? null) !== (node.duration_seconds ?? null)) fields.duration_seconds = duration ?? null;
  return fields;
}

async function saveEdit(event, node) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const fields = editedFields(form, node);
  if (!fields) return;
  if (Object.keys(fields).length === 0) {
    stopEdit(node.id);
    return;
  }
  const button = form.querySelector('[type=submit]');
  await whileBusy(button, async () => {
    try {
      await api('PATCH', `/agenda/${node.id}`, fields);
    } catch (error) {
      // The form stays open with what was typed; the message goes by its field.
      const field = error.field === 'duration_seconds' ? 'duration' : error.field;
      if (!(field && showFieldError(`edit-${node.id}`, field, error.message))) toast(error.message, 'error');
      return;
    }
    editing = null;
    await ctx.reloadMeeting();
    renderAgenda({ id: String(node.id), action: 'edit' });
    announce(t('saved_item', { title: fields.title || node.title }));
  });
}

// --- adding ------------------------------------------------------------------------------

async function onAdd(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const titleInput = document.getElementById('agenda-add-title');
  const title = titleInput.value.trim();
  if (!title) {
    showFieldError('agenda-add', 'title', t('title_required_item'));
    return;
  }
  const duration = parseDuration(document.getElementById('agenda-add-minutes').value);
  if (Number.isNaN(duration) || duration > 24 * 3600) {
    showFieldError('agenda-add', 'minutes', t(Number.isNaN(duration) ? 'duration_invalid' : 'duration_too_long'));
    return;
  }
  const parent = document.getElementById('agenda-add-parent').value;
  const body = { title };
  if (duration != null) body.duration_seconds = duration;
  const type = document.getElementById('agenda-add-type').value.trim();
  if (type) body.type = type;
  if (parent) body.parent_id = Number(parent);
  if (numbersFollowOrder(tree)) body.number = nextNumber(parent ? Number(parent) : null);
  await whileBusy(form.querySelector('[type=submit]'), async () => {
    try {
      await api('POST', '/agenda', body);
    } catch (error) {
      const field = { duration_seconds: 'minutes', title: 'title' }[error.field];
      if (!(field && showFieldError('agenda-add', field, error.message))) toast(error.message, 'error');
      return;
    }
    form.reset();
    document.getElementById('agenda-add-parent').value = parent;
    await ctx.reloadMeeting();
    renderAgenda(null);
    announce(t('added', { title }));
    titleInput.focus();
  });
}

// The number a new item gets at the end of the agenda or of an item's sub-items.
function nextNumber(parentId) {
  const probe = copyTree(ctx.meeting.agenda);
  const node = { id: -1, number: '', children: [] };
  if (parentId == null) probe.push(node);
  else locate(probe, parentId).node.children.push(node);
  return positionalNumbers(probe).get(-1);
}

export function startAgenda() {
  document.getElementById('agenda-add').addEventListener('submit', onAdd);
}
