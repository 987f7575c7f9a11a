// quorum's web interface: what every page shares. Plain ES modules, no build
// step, nothing fetched from elsewhere.
//
// - Who: the meeting id comes from the path (/m/{id}/page), the token from the
//   URL fragment (#t=…), which browsers never send to a server, so personal
//   links reach no log and no Referer.
// - api(): JSON in and out, errors thrown as ApiError with the server's code.
// - live(): the meeting's WebSocket in state view: every message carries the
//   whole state to render; reconnects with backoff; no polling anywhere.
// - Time: the server's clock (from each message) so countdowns agree on every
//   screen; formatted durations; a polite live region for screen readers.
// - i18n: French and English, the browser's language by default, switchable.

// --- who and where -----------------------------------------------------------

const pathParts = location.pathname.split('/').filter(Boolean);
export const meetingId = pathParts[0] === 'm' ? pathParts[1] : null;

export function fragmentParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

export function token() {
  return fragmentParams().get('t') || '';
}

// A page link for this meeting, carrying a token in its fragment.
export function pageUrl(page, tok, id = meetingId) {
  const base = `${location.origin}/m/${encodeURIComponent(id)}/${page}`;
  return tok ? `${base}#t=${encodeURIComponent(tok)}` : base;
}

// --- the API -----------------------------------------------------------------

export class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && body.error) || {};
    super(detail.message || `HTTP ${status}`);
    this.status = status;
    this.code = detail.code || 'http_' + status;
    this.field = detail.field || null;
    this.body = body;
  }
}

// api('GET', '/participants') is relative to this meeting; an absolute path
// ('/api/v1/meetings') is taken as is. `body` is sent as JSON unless `type` says
// otherwise (then it is sent as it is: Markdown, CSV).
export async function api(method, path, body, { type, tok = token(), text = false } = {}) {
  const url = path.startsWith('/api/') ? path : `/api/v1/meetings/${encodeURIComponent(meetingId)}${path}`;
  // Error messages come back in the interface's language.
  const headers = { 'Accept-Language': lang() };
  if (tok) headers.Authorization = `Bearer ${tok}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = type || 'application/json';
    payload = type ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, { error: { code: 'network', message: t('network_error') } });
  }
  const raw = await response.text();
  let parsed = null;
  if (!text || !response.ok) {
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return text ? raw : parsed;
}

// --- live state ----------------------------------------------------------------

// Server time: each message says what time it is on the server; the offset
// keeps every screen's countdowns on the same clock.
let clockOffset = 0;
export function serverNow() {
  return Date.now() + clockOffset;
}
export function syncClock(serverTimeMs) {
  if (typeof serverTimeMs === 'number') clockOffset = serverTimeMs - Date.now();
}

// A state-view patch (see core/server/live.hpp): changed members only; objects
// patch objects, {"$items": {i: …}} patches an array in place, "$remove" lists
// removed members, anything else is the new value.
function isPlain(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function applyPatch(target, patch) {
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$remove') {
      for (const gone of value) delete target[gone];
      continue;
    }
    const current = target[key];
    if (isPlain(value) && Array.isArray(current) && isPlain(value.$items)) {
      for (const [index, item] of Object.entries(value.$items)) {
        if (isPlain(item) && isPlain(current[index])) applyPatch(current[index], item);
        else current[index] = item;
      }
    } else if (isPlain(value) && isPlain(current)) {
      applyPatch(current, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

// Follows the meeting: onState({meeting, live, seq, audience}) on connect and
// after every change (the server sends the state once, then what changes);
// onEvent(event) for each stored event (members see note and item changes
// there); onStatus('open'|'closed'|'error', detail). Reconnects by itself (1 s,
// 2 s, 4 s … 30 s, with jitter), and at once when a change does not follow the
// state it holds. Returns { close() }.
export function live({ tok = token(), id = meetingId, onState, onEvent, onStatus } = {}) {
  let socket = null;
  let attempts = 0;
  let closed = false;
  let timer = null;
  let state = null; // {meeting, live, seq, audience, state_id}: what patches apply to
  let resync = false;
  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/api/v1/meetings/${encodeURIComponent(id)}/live?view=state&token=${encodeURIComponent(tok)}`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempts = 0;
      onStatus && onStatus('open');
    };
    socket.onmessage = (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      syncClock(data.server_time_ms);
      if (data.type === 'snapshot') {
        state = data;
        // Pages get a copy: whatever they do with it, patches apply to the original.
        onState && onState(structuredClone(state));
      } else if (data.type === 'state') {
        if (!state || data.from !== state.state_id) {
          // A change was missed: start again from a fresh snapshot.
          state = null;
          resync = true;
          socket.close();
          return;
        }
        applyPatch(state, data.patch);
        Object.assign(state, { type: 'state', seq: data.seq, state_id: data.state_id, server_time_ms: data.server_time_ms });
        onState && onState(structuredClone(state));
      } else if (data.type === 'event') {
        onEvent && onEvent(data.event || { type: 'unknown' }, data);
      }
    };
    socket.onclose = (e) => {
      if (closed) return;
      onStatus && onStatus('closed', e.code);
      const delay = resync ? 0 : Math.min(30000, 1000 * 2 ** attempts) * (0.75 + Math.random() / 2);
      resync = false;
      attempts += 1;
      timer = setTimeout(open, delay);
    };
    socket.onerror = () => onStatus && onStatus('error');
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      if (socket) socket.close();
    },
  };
}

// Runs `fn` now and four times a second, for countdowns (a local timer: the
// deadlines come from the server, nothing is fetched).
export function everySecond(fn) {
  fn();
  return setInterval(fn, 250);
}

// --- formatting ----------------------------------------------------------------

// 65 000 → "1:05", −12 000 → "−0:12", 3 725 000 → "1:02:05".
export function formatDuration(ms) {
  const negative = ms < 0;
  let seconds = Math.floor(Math.abs(ms) / 1000);
  if (negative) seconds = Math.ceil(Math.abs(ms) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  return (negative ? '−' : '') + body;
}

// Time left until a deadline on the server's clock (negative past it).
export function remaining(deadlineMs) {
  return deadlineMs == null ? null : deadlineMs - serverNow();
}

// 9 h 30 in French, 9:30 AM in English (local time of the browser).
export function formatClock(ms) {
  const date = new Date(ms);
  if (lang() === 'fr') {
    return `${date.getHours()} h ${String(date.getMinutes()).padStart(2, '0')}`;
  }
  return date.toLocaleTimeString('en', { hour: 'numeric', minute: '2-digit' });
}

// "5 min", "1 h 10 min", "45 s", "1 min 30 s" (seconds are kept under ten
// minutes, where they matter: a 90 s turn is not a 2 min one).
export function formatMinutes(seconds) {
  if (seconds == null) return '';
  seconds = Math.round(seconds);
  if (seconds < 60) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const s = seconds % 60;
  if (h === 0 && seconds < 600 && s !== 0) return `${Math.floor(seconds / 60)} min ${s} s`;
  const m = Math.round((seconds % 3600) / 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

// --- accessibility ---------------------------------------------------------------

// Says `text` politely to screen readers (an aria-live region made once).
export function announce(text) {
  let region = document.getElementById('q-announcer');
  if (!region) {
    region = el('div', { id: 'q-announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

// A visible message for the user (errors, confirmations), also announced.
export function toast(text, kind = 'info') {
  let box = document.getElementById('q-toasts');
  if (!box) {
    box = el('div', { id: 'q-toasts', class: 'toasts', role: kind === 'error' ? 'alert' : 'status' });
    document.body.append(box);
  }
  const item = el('div', { class: `toast toast-${kind}` }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

// --- DOM -------------------------------------------------------------------------

// el('button', {class: 'btn', onclick: fn, 'aria-label': '…'}, 'text', child…).
// Text children are text nodes: nothing is ever parsed as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value == null) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'value') {
      node.value = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces `node`'s children.
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Copies text to the clipboard, with a fallback for pages not in a secure context.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea', { class: 'sr-only' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast(t('copied'));
}

// --- i18n ------------------------------------------------------------------------

const dictionaries = {
  fr: {
    network_error: 'Le serveur ne répond pas. Vérifiez la connexion.',
    copied: 'Copié.',
    language: 'Langue',
    live_open: 'En direct',
    live_closed: 'Reconnexion…',
    no_token: 'Ce lien est incomplet : il lui manque le jeton (#t=…). Demandez votre lien personnel à l’animation.',
    skip_to_content: 'Aller au contenu',
    loading: 'Chargement…',
    role_facilitator: 'animation',
    'role_note-taker': 'prise de notes',
    role_timekeeper: 'gardien·ne du temps',
    role_participant: 'participant·e',
    role_observer: 'observateur·rice',
    status_invited: 'invité·e',
    status_present: 'présent·e',
    status_late: 'en retard',
    status_excused: 'excusé·e',
    status_absent: 'absent·e',
    save: 'Enregistrer',
    cancel: 'Annuler',
    close: 'Fermer',
    delete: 'Supprimer',
    error: 'Erreur',
  },
  en: {
    network_error: 'The server does not answer. Check the connection.',
    copied: 'Copied.',
    language: 'Language',
    live_open: 'Live',
    live_closed: 'Reconnecting…',
    no_token: 'This link is incomplete: its token (#t=…) is missing. Ask the facilitator for your personal link.',
    skip_to_content: 'Skip to content',
    loading: 'Loading…',
    role_facilitator: 'facilitator',
    'role_note-taker': 'note-taker',
    role_timekeeper: 'timekeeper',
    role_participant: 'participant',
    role_observer: 'observer',
    status_invited: 'invited',
    status_present: 'present',
    status_late: 'late',
    status_excused: 'excused',
    status_absent: 'absent',
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    delete: 'Delete',
    error: 'Error',
  },
};

// A page adds its own strings: addStrings({fr: {...}, en: {...}}).
export function addStrings(strings) {
  for (const code of Object.keys(strings)) {
    Object.assign((dictionaries[code] ||= {}), strings[code]);
  }
}

// The interface's language: the user's choice (kept in this browser), else the
// browser's, French when it prefers French, English otherwise.
export function lang() {
  const chosen = localStorage.getItem('quorum:lang');
  if (chosen === 'fr' || chosen === 'en') return chosen;
  const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return preferred.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const languageListeners = [];
export function onLanguageChange(fn) {
  languageListeners.push(fn);
}

export function setLang(code) {
  localStorage.setItem('quorum:lang', code);
  document.documentElement.lang = code;
  translate();
  for (const fn of languageListeners) fn(code);
}

// t('key', {name: 'Zoé'}) with {name} placeholders; the key itself when missing.
export function t(key, vars = {}) {
  const code = lang();
  let text = (dictionaries[code] && dictionaries[code][key]) ?? (dictionaries.en && dictionaries.en[key]) ?? key;
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

// Fills [data-i18n] elements' text, and [data-i18n-attr="attr:key;attr:key"].
export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

// The language switch: a <select> labelled for screen readers, put in `slot`.
export function languageSwitch(slot) {
  const select = el(
    'select',
    { id: 'q-lang', 'aria-label': t('language'), onchange: (e) => setLang(e.target.value) },
    el('option', { value: 'fr' }, 'Français'),
    el('option', { value: 'en' }, 'English'),
  );
  select.value = lang();
  onLanguageChange(() => select.setAttribute('aria-label', t('language')));
  fill(slot, select);
  return select;
}

// Call once at page start: sets <html lang>, translates, adds the language switch
// to #lang-slot when the page has one.
export function startPage() {
  document.documentElement.lang = lang();
  translate();
  const slot = document.getElementById('lang-slot');
  if (slot) languageSwitch(slot);
}
