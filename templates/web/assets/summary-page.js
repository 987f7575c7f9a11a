// A member's summary (/m/{id}/summary#t=TOKEN), and a participants-only share
// link opened in a browser (/s/{share}#t=TOKEN). The summary is fetched with the
// personal token, which stays in the URL fragment (never sent, never logged),
// and the page becomes the summary: the same self-contained HTML as a public
// link. Without a token, or with one that is not this meeting's, it says why.
import { addStrings, startPage, t, token } from './app.js';

addStrings({
  fr: {
    summary_need_token: 'Ce résumé est réservé aux participant·e·s de la rencontre. Ouvrez-le depuis votre page de participation (votre lien personnel), ou ajoutez à ce lien la fin de votre lien personnel (#t=…).',
    summary_refused: 'Ce lien personnel ne donne pas accès à ce résumé : il est pour une autre rencontre, ou il a été remplacé.',
    summary_missing: 'Ce résumé n’existe pas ou n’est plus partagé.',
    summary_failed: 'Le résumé n’a pas pu être chargé. Réessayez dans un moment.',
  },
  en: {
    summary_need_token: 'This summary is for the meeting’s participants. Open it from your participant page (your personal link), or add the end of your personal link (#t=…) to this link.',
    summary_refused: 'This personal link does not give access to this summary: it is for another meeting, or it was replaced.',
    summary_missing: 'This summary does not exist or is no longer shared.',
    summary_failed: 'The summary could not be loaded. Try again in a moment.',
  },
});

function say(key) {
  const status = document.getElementById('summary-status');
  status.dataset.i18n = key; // the language switch translates it again
  status.textContent = t(key);
}

async function load() {
  startPage();
  const tok = token();
  if (!tok) {
    say('summary_need_token');
    return;
  }
  const parts = location.pathname.split('/').filter(Boolean);
  const url = parts[0] === 's'
    ? `/s/${encodeURIComponent(parts[1])}?format=html`
    : `/api/v1/meetings/${encodeURIComponent(parts[1])}/summary?format=html`;
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${tok}` }, cache: 'no-store' });
  } catch {
    say('summary_failed');
    return;
  }
  if (response.status === 401 || response.status === 403) {
    say('summary_refused');
    return;
  }
  if (response.status === 404) {
    say('summary_missing');
    return;
  }
  if (!response.ok) {
    say('summary_failed');
    return;
  }
  const html = await response.text();
  // The summary is safe HTML from the server (Markdown rendered without raw
  // HTML, no script); this page's policy still forbids any script but ours.
  document.open();
  document.write(html);
  document.close();
}

load();
