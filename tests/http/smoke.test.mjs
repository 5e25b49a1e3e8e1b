// The smallest end-to-end check: the server starts, serves the home page in
// French, and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

test('home page is served in French and the server stops with exit code 0', async () => {
  const s = await startServer();
  try {
    const res = await fetch(s.base + '/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Montpellier Méditerranée Métropole/);
    assert.match(html, /href="\/projets\/mosson"/);
    assert.match(html, /href="\/projets\/cevennes"/);
    assert.match(html, /href="\/connexion"[^>]*>Se connecter/);
  } finally {
    const { code } = await s.stop();
    assert.equal(code, 0);
  }
});
