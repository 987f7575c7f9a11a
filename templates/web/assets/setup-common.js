// What the setup page's sections (and the home page) share: the
// facilitator's context, form errors shown next to their field, buttons that
// wait for the server, durations typed the way people say them, and French
// spacing.

import { copyText, el, lang, t } from './app.js';

// The page's state, filled by setup.js: the meeting, its participants, and
// functions that reload them from the server and re-render.
export const ctx = {
  meeting: null,
  participants: [],
  reloadMeeting: async () => {},
  reloadParticipants: async () => {},
};

// French strings are written with plain spaces; this puts in the no-break
// spaces French typography wants inside « » and before : ; ! ?, so that none
// of them starts a line alone.
export function frenchSpacing(strings) {
  const out = {};
  for (const [key, text] of Object.entries(strings)) {
    out[key] = text.replace(/« /g, '«\u00a0').replace(/ »/g, '\u00a0»').replace(/ ([:;!?])/g, '\u00a0$1');
  }
  return out;
}

// "1 h 10 min" kept on one line.
export function unbroken(text) {
  return String(text).replace(/ /g, '\u00a0');
}

// Shows `message` under the input #{prefix}-{field} (its error box is
// #{prefix}-{field}-error); false when the form has no such field.
export function showFieldError(prefix, field, message, { focus = true } = {}) {
  const input = document.getElementById(`${prefix}-${field}`);
  const box = document.getElementById(`${prefix}-${field}-error`);
  if (!input || !box) return false;
  box.textContent = message;
  box.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  if (focus) input.focus();
  return true;
}

export function clearFieldErrors(form) {
  for (const box of form.querySelectorAll('.error-text')) box.hidden = true;
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

// Disables `button` while `work` runs (no double submissions), then restores it.
export async function whileBusy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// "5" → 300, "1h10" / "1 h 10" → 4200, "90 s" → 90, "45 min" → 2700,
// "1:30" → 5400 (h:mm), "1,5 h" → 5400. Empty → null; unreadable → NaN.
export function parseDuration(text) {
  const s = String(text).trim().toLowerCase().replace(',', '.');
  if (!s) return null;
  let m = s.match(/^(\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?)?$/);
  if (m) return Math.round(Number(m[1]) * 60);
  m = s.match(/^(\d+(?:\.\d+)?)\s*(?:s|sec|secs|secondes?|seconds?)$/);
  if (m) return Math.round(Number(m[1]));
  m = s.match(/^(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|heures?|hours?)$/);
  if (m) return Math.round(Number(m[1]) * 3600);
  m = s.match(/^(\d+)\s*(?:h|:)\s*(\d{1,2})\s*(?:m|min)?$/);
  if (m && Number(m[2]) < 60) return Number(m[1]) * 3600 + Number(m[2]) * 60;
  return NaN;
}

// 4200 → "1 h 10", 300 → "5", 90 → "90 s": a duration as an input's value
// (parseDuration reads it back).
export function durationInput(seconds) {
  if (seconds == null) return '';
  if (seconds % 60 !== 0) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = (seconds % 3600) / 60;
  return h === 0 ? `${m}` : `${h} h ${String(m).padStart(2, '0')}`;
}

// 7500 → "2 h 05", 300 → "5 min": how a planned total reads.
export function hoursMinutes(seconds) {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return unbroken(h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')}`);
}

// A date (ISO string or Date) as "12 novembre 2026" / "November 12, 2026".
export function longDate(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString(lang() === 'fr' ? 'fr-CA' : 'en-CA', { year: 'numeric', month: 'long', day: 'numeric' });
}

// A read-only link with its label and a Copy button.
export function linkField({ id, label, url, testid, hint }) {
  const input = el('input', { id, type: 'text', readonly: true, value: url, 'data-testid': testid, class: 'link-input' });
  input.addEventListener('focus', () => input.select());
  return el(
    'div',
    { class: 'field link-field' },
    el('label', { for: id }, label),
    el(
      'div',
      { class: 'link-row' },
      input,
      el('button', { type: 'button', class: 'btn btn-small', onclick: () => copyText(url), 'aria-label': t('copy_label', { what: label }) }, t('copy')),
    ),
    hint ? el('p', { class: 'hint' }, hint) : null,
  );
}
