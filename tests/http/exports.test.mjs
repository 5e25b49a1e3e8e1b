// Exports of the directory's filtered lists: CSV (RFC 4180, BOM, CRLF,
// quoting, ?sep=;), XLSX (a zip with the right type), vCard 4.0 (escaping),
// formula-looking cells neutralised, the same filters as the pages, staff only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, Client, ROLES, stopClean, json } from './lib.mjs';

let s, staff, token, orgId, contactId;

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  token = await staff.csrf('/partenaires/nouveau');
  const h = { Accept: 'application/json', 'X-CSRF-Token': token };
  let res = await staff.request('/api/v1/organizations', { method: 'POST', headers: h, json: {
    name: 'Zèbre "rayé", export; test', kind: 'association', city: 'Montpellier', notes: '=HYPERLINK("http://evil")\nligne 2', tags: 'exportable',
  } });
  assert.equal(res.status, 201, res.text_);
  orgId = json(res).id;
  res = await staff.request('/api/v1/contacts', { method: 'POST', headers: h, json: {
    first_name: 'Anne-Sophie', last_name: 'Dupont; Martin', function: 'cheffe, de projet', email: 'anne-sophie@exemple.fr',
    phone: '04 67 00 11 22', notes: 'Ligne 1\nLigne 2 avec \\ barre', org_1: orgId, position_1: '+ trésorière', tags: 'exportable',
  } });
  assert.equal(res.status, 201, res.text_);
  contactId = json(res).id;
});
after(async () => { await stopClean(s); });

/** The text of one file of a zip archive (local headers; deflate or stored). */
function unzipEntry(buf, name) {
  for (let i = 0; i + 30 <= buf.length;) {
    if (buf.readUInt32LE(i) !== 0x04034b50) break;
    const method = buf.readUInt16LE(i + 8);
    const size = buf.readUInt32LE(i + 18);
    const nameLen = buf.readUInt16LE(i + 26);
    const extraLen = buf.readUInt16LE(i + 28);
    const entry = buf.subarray(i + 30, i + 30 + nameLen).toString('utf8');
    const start = i + 30 + nameLen + extraLen;
    const data = buf.subarray(start, start + size);
    if (entry === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    i = start + size;
  }
  return null;
}

/** GET as raw bytes. */
async function bytes(path, client = staff) {
  const res = await fetch(s.base + path, { headers: { Cookie: client.cookieHeader() }, redirect: 'manual' });
  return { res, buf: Buffer.from(await res.arrayBuffer()) };
}

test('CSV of organisations: BOM, CRLF, RFC 4180 quoting, French file name, same filters as the page', async () => {
  const { res, buf } = await bytes('/partenaires/export.csv?etiquette=exportable');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="partenaires-\d{4}-\d{2}-\d{2}\.csv"$/);
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = buf.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'Nom,Type,Adresse,Code postal,Commune,Site web,Courriel,Téléphone,Projets,Étiquettes,Dernier échange,Notes');
  assert.equal(lines.at(-1), '', 'ends with CRLF');
  assert.equal(lines.length, 3, 'header, one organisation (its line break is inside quotes), end: ' + JSON.stringify(lines));
  assert.ok(text.startsWith('Nom,'), 'header row');
  assert.match(text, /\r\n"Zèbre ""rayé"", export; test",Association,,,Montpellier,/);
  // formula neutralised, and quoted since it holds quotes and a line break
  assert.match(text, /,"'=HYPERLINK\(""http:\/\/evil""\)\nligne 2"\r\n$/);
  // no bare LF outside quoted cells: every record ends in CRLF
  assert.doesNotMatch(text.replace(/"[^"]*(""[^"]*)*"/g, ''), /[^\r]\n/);
});

test('CSV with ?sep=; for French spreadsheets; the contacts export', async () => {
  const { buf } = await bytes('/partenaires/export.csv?etiquette=exportable&sep=%3B');
  const text = buf.subarray(3).toString('utf8');
  assert.match(text, /^Nom;Type;Adresse;/);
  assert.match(text, /\r\n"Zèbre ""rayé"", export; test";Association;;;Montpellier;/);
  const c = await bytes('/contacts/export.csv?q=anne-sophie');
  assert.match(c.res.headers.get('content-disposition'), /filename="contacts-/);
  const ct = c.buf.subarray(3).toString('utf8');
  assert.match(ct, /^Prénom,Nom,Fonction,Organisations,Courriel,Téléphone,Habitant,Étiquettes,Dernier échange,Notes\r\n/);
  assert.match(ct, /\r\nAnne-Sophie,Dupont; Martin,"cheffe, de projet",/);
  // every cell that starts like a formula gets a leading quote: = + - @
  const h = { Accept: 'application/json', 'X-CSRF-Token': token };
  for (const [i, name] of ['+33 formule', '-2+3', '@SOMME(A1)', '=1+1'].entries()) {
    const res = await staff.request('/api/v1/contacts', { method: 'POST', headers: h, json: { last_name: name, function: 'formule', tags: `formule${i}` } });
    assert.equal(res.status, 201, res.text_);
    const out = (await bytes(`/contacts/export.csv?etiquette=formule${i}`)).buf.subarray(3).toString('utf8');
    assert.ok(out.split('\r\n')[1].startsWith(`,'${name},formule,`), out);
  }
});

test('XLSX: a zip with the spreadsheet content type and a French file name', async () => {
  for (const path of ['/partenaires/export.xlsx?type=landlord', '/contacts/export.xlsx']) {
    const { res, buf } = await bytes(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="(partenaires|contacts)-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
    assert.ok(buf.length > 1000);
  }
  // the cells, with the formula neutralised (strings are in xl/sharedStrings.xml)
  const { buf } = await bytes('/partenaires/export.xlsx?etiquette=exportable');
  const strings = unzipEntry(buf, 'xl/sharedStrings.xml');
  assert.ok(strings, 'xl/sharedStrings.xml in the archive');
  assert.match(strings, /<t>Nom<\/t>/);
  assert.match(strings, /Zèbre &quot;rayé&quot;, export; test|Zèbre "rayé", export; test/);
  assert.match(strings, /'=HYPERLINK\(/);
  assert.doesNotMatch(strings, />=HYPERLINK/);
  const sheet = unzipEntry(buf, 'xl/worksheets/sheet1.xml');
  assert.doesNotMatch(sheet, /<f>/, 'no formula cell');
});

test('vCard 4.0 of one contact: RFC 6350 escaping, UTF-8, CRLF', async () => {
  const { res, buf } = await bytes(`/contacts/${contactId}/vcard.vcf`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/vcard; charset=utf-8/);
  const v = buf.toString('utf8');
  assert.match(v, /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  assert.match(v, /\r\nFN:Anne-Sophie Dupont\\; Martin\r\n/);
  assert.match(v, /\r\nN:Dupont\\; Martin;Anne-Sophie;;;\r\n/);
  assert.match(v, /\r\nTITLE:cheffe\\, de projet\r\n/);
  assert.match(v, /\r\nORG:Zèbre "rayé"\\, export\\; test\r\n/);
  assert.match(v, /\r\nEMAIL:anne-sophie@exemple\.fr\r\n/);
  assert.match(v, /\r\nTEL;VALUE=uri:tel:\+33467001122\r\n/);
  assert.match(v, /\r\nNOTE:Ligne 1\\nLigne 2 avec \\\\ barre\r\n/);
  assert.match(v, /END:VCARD\r\n$/);
  for (const line of v.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  assert.equal((await bytes('/contacts/999999/vcard.vcf')).res.status, 404);
});

test('vCard of the filtered contacts list', async () => {
  const { res, buf } = await bytes('/contacts.vcf?etiquette=exportable');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /filename="contacts-\d{4}-\d{2}-\d{2}\.vcf"/);
  const v = buf.toString('utf8');
  assert.equal(v.match(/BEGIN:VCARD/g).length, 1);
  const all = (await bytes('/contacts.vcf?type=landlord')).buf.toString('utf8');
  assert.ok(all.match(/BEGIN:VCARD/g).length > 5);
  assert.equal(all.match(/BEGIN:VCARD/g).length, all.match(/END:VCARD/g).length);
});

test('exports are for staff only and never answer JSON', async () => {
  const p = new Client(s.base);
  await p.login(ROLES.partner);
  for (const path of ['/partenaires/export.csv', '/partenaires/export.xlsx', '/contacts/export.csv', '/contacts.vcf', `/contacts/${contactId}/vcard.vcf`]) {
    assert.equal((await p.get(path)).status, 403, path);
    const r = await staff.get(path, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.headers.get('content-type'), /json/);
  }
});
