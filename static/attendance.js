// attendance.js — attendance on the day, one tick at a time (progressive
// enhancement: without JavaScript the page is one form with one button).
// Each tick or untick of a registered person is saved at once
// (POST …/presences/{registration_id}, JSON); the total is redrawn with text
// nodes only. On a failure the box stays as ticked and the form's button
// still saves everything.
'use strict';
(function () {
  const form = document.querySelector('form[data-tick-url]');
  if (!form || !window.fetch) return;
  const url = form.getAttribute('data-tick-url');
  const csrf = form.querySelector('input[name="csrf"]');
  const total = document.querySelector('[data-attendance-total]');

  function say(text) {
    if (total) total.textContent = text;
  }

  function figures(f) {
    let t = f.present + ' présent(s) : ' + f.registered + ' inscrit(s), ' + f.walkins + ' sans inscription';
    if (f.members) t += ', ' + f.members + " membre(s) d'instance";
    return t + ', ' + f.anonymous + ' compté(s) sans nom.';
  }

  form.addEventListener('change', function (e) {
    const box = e.target;
    if (!box || box.name !== 'present') return;
    const body = new URLSearchParams({ csrf: csrf ? csrf.value : '', present: box.checked ? '1' : '0' });
    fetch(url + '/' + encodeURIComponent(box.value), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    }).then(function (data) {
      say(figures(data.figures));
    }).catch(function () {
      say("La coche n'a pas pu être enregistrée tout de suite : le bouton « Enregistrer les présences » l'enregistrera.");
    });
  });
}());
