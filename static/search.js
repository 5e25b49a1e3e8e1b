// search.js — search as you type in the partner directory (progressive
// enhancement: without JavaScript the form is an ordinary GET form).
// On each change of the search box or a filter, after a short pause, it asks
// the same URL for JSON (Accept: application/json) and redraws the result
// list with text nodes only (never HTML from the server).
'use strict';
(function () {
  const form = document.querySelector('form[data-live-search]');
  if (!form || !window.fetch) return;
  const kind = form.getAttribute('data-live-search');
  const results = document.getElementById('resultats');
  const tbody = results && results.querySelector('[data-results]');
  const count = results && results.querySelector('[data-count]');
  if (!tbody || !count) return;
  let timer = null;
  let seq = 0;

  function cell(tr, text, href) {
    const td = document.createElement('td');
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text == null ? '' : String(text);
    }
    tr.appendChild(td);
    return td;
  }

  function row(item) {
    const tr = document.createElement('tr');
    if (kind === 'organizations') {
      cell(tr, item.name, '/partenaires/' + encodeURIComponent(item.id));
      cell(tr, item.kind_label);
      cell(tr, item.city);
      cell(tr, item.tags);
      cell(tr, item.last_interaction_fr);
    } else {
      const td = cell(tr, item.name, '/contacts/' + encodeURIComponent(item.id));
      if (item.is_resident) {
        const b = document.createElement('span');
        b.className = 'badge badge-on';
        b.textContent = 'Habitant';
        td.appendChild(document.createTextNode(' '));
        td.appendChild(b);
      }
      cell(tr, item.function);
      cell(tr, item.organizations);
      cell(tr, item.email);
      cell(tr, item.last_interaction_fr);
    }
    return tr;
  }

  function redraw(view) {
    const items = (kind === 'organizations' ? view.organizations : view.contacts) || [];
    tbody.replaceChildren();
    for (const item of items) tbody.appendChild(row(item));
    if (!items.length) {
      const tr = document.createElement('tr');
      const td = cell(tr, kind === 'organizations' ? 'Aucune organisation ne correspond.' : 'Aucun contact ne correspond.');
      td.colSpan = 5;
      tbody.appendChild(tr);
    }
    const total = view.pagination ? view.pagination.total : items.length;
    count.textContent = total + (kind === 'organizations' ? ' organisation(s)' : ' contact(s)');
    redrawPages(view.pagination);
    // the export links follow the filters
    for (const a of document.querySelectorAll('a[data-export]')) {
      a.href = a.getAttribute('data-export') + (view.export_query || '');
    }
  }

  // The page links of the new list (same markup as templates/pagination.html).
  function redrawPages(p) {
    const old = results.querySelector('.pagination');
    if (old) old.remove();
    if (!p || !p.several) return;
    const nav = document.createElement('nav');
    nav.className = 'pagination';
    nav.setAttribute('aria-label', 'Pagination');
    const link = (href, rel, text) => {
      const a = document.createElement('a');
      a.href = href;
      a.rel = rel;
      a.textContent = text;
      nav.appendChild(a);
    };
    if (p.prev_url) link(p.prev_url, 'prev', '← Page précédente');
    const span = document.createElement('span');
    span.textContent = 'Page ' + p.page + ' sur ' + p.pages;
    nav.appendChild(span);
    if (p.next_url) link(p.next_url, 'next', 'Page suivante →');
    results.appendChild(nav);
  }

  function search() {
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (v === '') params.delete(k);
    const qs = params.toString();
    const url = form.getAttribute('action') + (qs ? '?' + qs : '');
    const mine = ++seq;
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((view) => {
        if (mine !== seq) return; // an older answer arriving late
        redraw(view);
        history.replaceState(null, '', url);
      })
      .catch(() => { /* the form still works by submitting it */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  }

  const q = form.querySelector('input[type="search"]');
  if (q) q.addEventListener('input', later);
  for (const s of form.querySelectorAll('select')) s.addEventListener('change', later);
})();
