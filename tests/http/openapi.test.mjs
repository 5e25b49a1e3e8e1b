// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the JSON API,
// generated from the route table, and the common machinery of /api/v1/
// routes: always JSON (errors included), 401 rather than a redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, stopClean } from './lib.mjs';

const BASE_URL = 'https://quartier.example.test';
const listing = cli(['routes']);
const routes = listing.status === 0 ? JSON.parse(listing.stdout) : [];
const api = routes.filter((r) => r.pattern.startsWith('/api/v1/'));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let s, doc, res;
before(async () => {
  s = await startServer({ args: ['--base-url', BASE_URL] });
  res = await fetch(s.base + '/api/v1/openapi.json');
  doc = JSON.parse(await res.text());
});
after(async () => { await stopClean(s); });

/** Follows a local $ref ("#/components/..."). */
function deref(node) {
  if (!node || !node.$ref) return node;
  assert.match(node.$ref, /^#\//);
  let v = doc;
  for (const part of node.$ref.slice(2).split('/')) {
    v = v[part];
    assert.ok(v !== undefined, `dangling $ref ${node.$ref}`);
  }
  return deref(v);
}

test('the document is valid JSON, OpenAPI 3.1.0, public, with the version and base URL', () => {
  assert.equal(listing.status, 0, listing.stderr);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json\b/);
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.info.title, 'quartier API');
  const version = cli(['version']).stdout.match(/^quartier (\S+)/)[1];
  assert.equal(doc.info.version, version);
  assert.deepEqual(doc.servers, [{ url: BASE_URL }]);
  const scheme = doc.components.securitySchemes.bearerAuth;
  assert.equal(scheme.type, 'http');
  assert.equal(scheme.scheme, 'bearer');
});

test('every /api/v1 route of the table is described with its method', () => {
  assert.ok(api.length >= 1, 'no API route in the table');
  assert.ok(api.some((r) => r.pattern === '/api/v1/openapi.json'));
  const ids = new Set();
  for (const r of api) {
    const where = `${r.method} ${r.pattern}`;
    const item = doc.paths[r.pattern];
    assert.ok(item, `${r.pattern} missing from paths`);
    const op = item[r.method.toLowerCase()];
    assert.ok(op, `${where} missing from the document`);
    assert.equal(op.summary, r.name, where);
    assert.ok(op.operationId && !ids.has(op.operationId), `${where}: operationId ${op.operationId} missing or repeated`);
    ids.add(op.operationId);
    const names = [...r.pattern.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const pathParams = (op.parameters ?? []).map(deref).filter((p) => p.in === 'path');
    assert.deepEqual(pathParams.map((p) => p.name), names, `${where}: path parameters`);
    for (const p of pathParams) assert.equal(p.required, true, where);
    const isPublic = r.roles.includes('anonymous');
    assert.deepEqual(op.security, isPublic ? [] : [{ bearerAuth: [] }], `${where}: security`);
    const codes = Object.keys(op.responses);
    for (const c of ['400', '401', '403', '404', '422']) {
      assert.ok(codes.includes(c), `${where}: no ${c} response`);
      const schema = deref(deref(op.responses[c]).content['application/json'].schema);
      assert.deepEqual(schema, deref({ $ref: '#/components/schemas/Error' }), `${where}: ${c} is not the Error schema`);
    }
    // the success answer of the conventions of src/http/api.h
    const last = r.pattern.split('/').at(-1);
    const success = r.method === 'DELETE' || (r.method === 'POST' && last === 'supprimer') ? '204'
      : r.method === 'POST' && !last.startsWith('{') ? '201' : '200';
    assert.ok(codes.includes(success), `${where}: no ${success} response`);
    if (r.method === 'GET' && !last.startsWith('{') && !last.includes('.'))
      assert.deepEqual(deref(op.responses['200'].content['application/json'].schema), doc.components.schemas.List, `${where}: a list answers the envelope`);
  }
});

test('no path or method is described that the table lacks', () => {
  for (const [path, item] of Object.entries(doc.paths)) {
    assert.match(path, /^\/api\/v1\//);
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k)))
      assert.ok(api.some((r) => r.pattern === path && r.method.toLowerCase() === m), `${m.toUpperCase()} ${path} is not in the route table`);
  }
});

test('the Error and list envelope schemas match what the API answers', () => {
  const err = doc.components.schemas.Error;
  assert.deepEqual(err.required, ['error']);
  assert.deepEqual(Object.keys(err.properties.error.properties).slice(0, 3), ['code', 'message', 'fields']);
  const list = doc.components.schemas.List;
  assert.deepEqual(list.required, ['items', 'total', 'page', 'per_page']);
  assert.equal(list.properties.items.type, 'array');
  assert.equal(list.properties.per_page.maximum, 100);
  // every $ref of the document resolves
  const walk = (n) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') { if (n.$ref) deref(n); Object.values(n).forEach(walk); }
  };
  walk(doc);
});

test('/api/v1/ answers JSON whatever Accept says, errors included', async () => {
  const html = await fetch(s.base + '/api/v1/openapi.json', { headers: { Accept: 'text/html' } });
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^application\/json\b/);
  const missing = await fetch(s.base + '/api/v1/nulle-part', { headers: { Accept: 'text/html' } });
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type'), /^application\/json\b/);
  assert.equal((await missing.json()).error.code, 'not_found');
  const bad = await fetch(s.base + '/api/v1/openapi.json', { method: 'POST', headers: { Accept: 'text/html' } });
  assert.equal(bad.status, 405);
  assert.match(bad.headers.get('content-type'), /^application\/json\b/);
  const undecodable = await fetch(s.base + '/api/v1/%ff', { headers: { Accept: 'text/html' } });
  assert.equal(undecodable.status, 400);
  assert.match(undecodable.headers.get('content-type'), /^application\/json\b/);
});

test('anonymous requests to a non-public API route get 401 JSON, never a redirect', async () => {
  for (const r of api.filter((x) => !x.roles.includes('anonymous'))) {
    const path = r.pattern.replace(/\{[^}]+\}/g, '1');
    const res = await fetch(s.base + path, { method: r.method, headers: { Accept: 'text/html' }, redirect: 'manual' });
    assert.equal(res.status, 401, `${r.method} ${r.pattern}`);
    assert.match(res.headers.get('content-type'), /^application\/json\b/);
    assert.equal((await res.json()).error.code, 'unauthorized');
  }
});
