// The meetings this browser can open as facilitator: their keys, kept in
// localStorage under `quorum:meetings` as [{id, title, key, created}]. The home
// page lists them; the setup page records a meeting each time it is opened with
// its key, so a link opened once is found again from the home page.

const STORAGE_KEY = 'quorum:meetings';

export function myMeetings() {
  try {
    const list = JSON.parse(localStorage.getItem(STORAGE_KEY) || '[]');
    return Array.isArray(list) ? list.filter((m) => m && typeof m.id === 'string' && typeof m.key === 'string') : [];
  } catch {
    return [];
  }
}

function save(list) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // Storage full or refused (private mode): the list is a convenience only.
  }
}

// Adds or updates a meeting (a new key replaces the old one; the first
// `created` is kept so the list keeps its order).
export function rememberMeeting({ id, title = '', key }) {
  const list = myMeetings();
  const found = list.find((m) => m.id === id);
  if (found) {
    found.key = key;
    if (title) found.title = title;
  } else {
    list.push({ id, title, key, created: new Date().toISOString() });
  }
  save(list);
}

export function forgetMeeting(id) {
  save(myMeetings().filter((m) => m.id !== id));
}
