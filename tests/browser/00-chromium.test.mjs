// First browser test: Chromium must be installed and must start. If it does
// not, this test fails with a message saying what to install — it is never
// skipped, and neither are the journeys that follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, launchBrowser, checkAxe } from './helpers.mjs';

test(`Chromium est installé (${CHROMIUM}) et démarre`, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium est introuvable : ${CHROMIUM} n'existe pas. Installez le paquet Debian « chromium » (sudo scripts/install-deps.sh test).`);
  const browser = await launchBrowser();
  try {
    assert.match(browser.version(), /^\d+\./);
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="fr"><title>t</title><h1>Bonjour</h1>');
    assert.equal(await page.textContent('h1'), 'Bonjour');
  } finally {
    await browser.close();
  }
});

// The accessibility check itself must bite: a page with known faults fails,
// and the message names the rule and the element.
test('axe-core signale les violations WCAG en nommant la règle et l’élément', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="fr"><title>t</title><main><h1>T</h1><img src="data:," class="sans-alt"><p style="color:#aaa;background:#fff">pâle</p></main>');
    await assert.rejects(checkAxe(page, 'page fautive'), (e) => {
      assert.match(e.message, /\[image-alt\] \(critical\)/);
      assert.match(e.message, /<img src="data:," class="sans-alt">/);
      assert.match(e.message, /\[color-contrast\] \(serious\)/);
      return true;
    });
  } finally {
    await browser.close();
  }
});
