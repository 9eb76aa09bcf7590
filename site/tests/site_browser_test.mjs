// Browser tests of the static site (ruledex build ... -o OUT, OUT/site) in
// Debian's headless Chromium, driven by playwright-core.
//
//   node site_browser_test.mjs --ruledex build/ruledex [--attack examples/attack/enterprise-attack-excerpt.json]
//
// Builds a catalog of a few rules written here, serves OUT/site on 127.0.0.1
// and loads it over HTTP and from file://. Exits 77 (skipped) only when
// Chromium is not installed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.RULEDEX_CHROMIUM || '/usr/bin/chromium';
const SKIPPED = 77;

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

if (!fs.existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} is not installed (bash scripts/install-deps.sh installs Debian's chromium)`);
  process.exit(SKIPPED);
}
const ruledex = option('--ruledex');
if (!ruledex || !fs.existsSync(ruledex)) {
  console.error('usage: node site_browser_test.mjs --ruledex PATH/TO/ruledex [--attack BUNDLE.json]');
  process.exit(2);
}
const { chromium } = await import('playwright-core');

// ---- The catalog: rules written for this test -------------------------------

const SEED_NAME = 'AWSCloudTrail - Monitor AWS Credential abuse or hijacking';
const PEER_NAME = 'STS GetCallerIdentity from a new address';
const EXCLUDER_NAME = 'AWS console logins without identity checks';
const XSS_NAME = '<script>window.__xss=1;alert(1)</script>';

function sentinelRule({ id, name, description, tactics, techniques, query }) {
  const list = (items) => items.map((item) => `  - ${item}\n`).join('');
  const body = query.trim().split('\n').map((line) => `  ${line}\n`).join('');
  return `id: ${id}\nname: '${name}'\ndescription: '${description}'\nseverity: Low\nstatus: Available\n` +
      `tactics:\n${list(tactics)}relevantTechniques:\n${list(techniques)}query: |\n${body}kind: Scheduled\n`;
}

const RULES = {
  'seed rule.yaml': sentinelRule({
    id: '32555639-b639-4c2b-afda-c0ae0abefa55',
    name: SEED_NAME,
    description: 'Identifies AWS STS GetCallerIdentity calls made by assumed-role sessions.',
    tactics: ['Discovery'],
    techniques: ['T1580'],
    query: `
AWSCloudTrail
| where EventName =~ "GetCallerIdentity" and UserIdentityType =~ "AssumedRole"
| summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by SourceIpAddress, EventName, AWSRegion
| extend timestamp = StartTime`,
  }),
  'peer [copy]; v2?.yaml': sentinelRule({
    id: '11111111-2222-4333-8444-555555555555',
    name: PEER_NAME,
    description: 'Another rule on the same API call.',
    tactics: ['Discovery'],
    techniques: ['T1087.004'],
    query: `
AWSCloudTrail
| where EventName =~ "GetCallerIdentity"
| project SourceIpAddress, UserIdentityArn`,
  }),
  'excluder.yaml': sentinelRule({
    id: '66666666-7777-4888-9999-000000000000',
    name: EXCLUDER_NAME,
    description: 'Only excludes GetCallerIdentity: does not detect it.',
    tactics: ['InitialAccess'],
    techniques: ['T1078.004'],
    query: `
AWSCloudTrail
| where EventName == "ConsoleLogin" and EventName != "GetCallerIdentity"
| project SourceIpAddress`,
  }),
  'xss.yaml': sentinelRule({
    id: '<img src=x onerror=window.__xss=2>',
    name: XSS_NAME,
    description: '<img src=x onerror="window.__xss=3"> <b>bold?</b>',
    tactics: ['Execution'],
    techniques: ['T1059'],
    query: `
SecurityEvent
| where CommandLine has "<script>window.__xss=4</script>"
| project Computer, CommandLine`,
  }),
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ruledex-site-browser-'));
const rulesDir = path.join(work, 'rules');
const outDir = path.join(work, 'out');
const site = path.join(outDir, 'site');

function buildCatalog() {
  fs.mkdirSync(rulesDir);
  for (const [name, text] of Object.entries(RULES)) fs.writeFileSync(path.join(rulesDir, name), text);
  const args = ['build', rulesDir, '-o', outDir];
  const attack = option('--attack');
  if (attack) args.push('--attack', attack);
  execFileSync(ruledex, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  assert.ok(fs.existsSync(path.join(site, 'index.html')), 'ruledex build wrote no site/index.html');
}

// ---- A static file server on the loopback address ----------------------------

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

function serve(root) {
  const server = http.createServer((request, response) => {
    const relative = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = path.join(root, relative.endsWith('/') ? relative + 'index.html' : relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- Browser -----------------------------------------------------------------

let server, base, context;
const requests = [];   // every URL any page asked for
const dialogs = [];    // alert/confirm/prompt: none may open
const pageErrors = []; // uncaught script errors

before(async () => {
  buildCatalog();
  server = await serve(site);
  base = `http://127.0.0.1:${server.address().port}/`;
  // A fresh profile for every run: launchPersistentContext is playwright's way to pass --user-data-dir.
  context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.on('request', (request) => requests.push(request.url()));
  // Anything not local is refused, and remembered by the request log above.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(base) || url.startsWith('file://') ? route.continue() : route.abort();
  });
  context.on('page', (page) => {
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });
});

after(async () => {
  await context?.close();
  server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function open(url) {
  const page = await context.newPage();
  const response = await page.goto(url);
  if (url.startsWith('http')) assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
  return page;
}

async function xssRan(page) {
  return page.evaluate(() => window.__xss !== undefined);
}

test('the index loads with its counts, style sheet and search box', async () => {
  const page = await open(base + 'index.html');
  assert.equal(await page.locator('h1').textContent(), 'Detection rule catalog');
  const platformRow = page.locator('table.counts tr', { hasText: 'sentinel' });
  const counts = (await platformRow.locator('td.num').allTextContents()).map((text) => text.trim());
  const ruleCount = String(Object.keys(RULES).length);
  assert.deepEqual(counts, [ruleCount, ruleCount, '0'], 'rules, analysed, with errors');
  const navColor = await page.locator('nav.top').evaluate((nav) => getComputedStyle(nav).backgroundColor);
  assert.equal(navColor, 'rgb(36, 41, 47)', 'site.css did not apply');
  assert.match(await page.locator('#search-status').textContent(), /4 rules indexed/);
  await page.close();
});

test('search finds the seed rule and leads to its page', async () => {
  const page = await open(base + 'index.html');
  await page.fill('#q', 'credential hijacking');
  const result = page.locator('#results a', { hasText: SEED_NAME });
  await result.waitFor();
  assert.equal(await page.locator('#results li').count(), 1);
  await page.fill('#q', 'GetCallerIdentity');  // an indicator value: the seed and its peer, not the excluder first
  await page.locator('#results a', { hasText: PEER_NAME }).waitFor();
  await Promise.all([page.waitForURL(/\/rules\//), page.locator('#results a', { hasText: SEED_NAME }).click()]);
  assert.equal(await page.locator('h1').textContent(), SEED_NAME);
  await page.close();
});

test('the rule page shows every section, indicators with values and linked counts', async () => {
  const index = fs.readFileSync(path.join(site, 'search-index.js'), 'utf8');
  const seedHref = JSON.parse(index.slice(index.indexOf('['), index.lastIndexOf(']') + 1))
      .find((row) => row[0] === SEED_NAME)[1];
  const page = await open(base + seedHref);
  const headings = await page.locator('h2').allTextContents();
  for (const section of ['Metadata', 'MITRE ATT&CK coverage', 'Rules detecting the same action', 'Rule body',
    'Stages and predicates', 'Indicators', 'Output fields']) {
    assert.ok(headings.includes(section), `no section ${section}: ${headings}`);
  }
  // Same action: the peer, never the rule that only excludes the call.
  const sameAction = page.locator('h2:has-text("Rules detecting the same action") + h3 + table');
  assert.match(await sameAction.textContent(), new RegExp(PEER_NAME));
  assert.doesNotMatch(await page.locator('body').textContent(), new RegExp(EXCLUDER_NAME));

  const indicators = page.locator('h2:has-text("Indicators") ~ table').first();
  const rows = indicators.locator('tbody tr');
  const eventName = rows.filter({ hasText: 'EventName' });
  assert.match(await eventName.textContent(), /"GetCallerIdentity"/);
  const count = eventName.locator('td').last().locator('a');
  assert.equal(await count.textContent(), '1');  // the peer looks for the same value
  const identityType = rows.filter({ hasText: 'UserIdentityType' });
  assert.match(await identityType.textContent(), /"AssumedRole"/);
  assert.equal((await identityType.locator('td').last().textContent()).trim(), '0');

  // The count leads to the rules it counts.
  await Promise.all([page.waitForURL(/\/fields\/.*#k/), count.click()]);
  const anchor = new URL(page.url()).hash.slice(1);
  const row = page.locator(`tr[id="${anchor}"]`);
  assert.match(await row.textContent(), new RegExp(PEER_NAME));
  assert.match(await row.textContent(), new RegExp(SEED_NAME));
  await page.close();
});

test('matrix cells link to technique pages that list the rules', async () => {
  const page = await open(base + 'matrix.html');
  const cell = page.locator('a.cell', { hasText: 'T1580' });
  assert.equal(await cell.count(), 1);
  assert.match(await cell.getAttribute('class'), /\bs[1-5]\b/, 'a covered technique is shaded');
  await Promise.all([page.waitForURL(/techniques\/t1580\.html$/), cell.click()]);
  assert.match(await page.locator('table.rules').textContent(), new RegExp(SEED_NAME));
  await Promise.all([page.waitForURL(/\/rules\//), page.locator('table.rules a', { hasText: SEED_NAME }).click()]);
  assert.equal(await page.locator('h1').textContent(), SEED_NAME);
  // Every tactic column heading leads to a page too.
  await page.goto(base + 'matrix.html');
  const tactic = page.locator('.tactic h2 a').first();
  await Promise.all([page.waitForURL(/tactics\//), tactic.click()]);
  assert.equal((await page.locator('h1').count()), 1);
  await page.close();
});

test('rule text with <script> is shown as text and never runs', async () => {
  const page = await open(base + 'index.html');
  await page.fill('#q', 'xss');
  const result = page.locator('#results a').first();
  await result.waitFor();
  assert.equal(await result.textContent(), XSS_NAME);
  await Promise.all([page.waitForURL(/\/rules\//), result.click()]);
  assert.equal(await page.locator('h1').textContent(), XSS_NAME);
  assert.match(await page.locator('main').textContent(), /<script>window.__xss=4<\/script>/);
  assert.match(await page.locator('main').textContent(), /<img src=x onerror="window.__xss=3">/);
  assert.equal(await page.locator('main script, main img, main b').count(), 0);
  assert.equal(await xssRan(page), false);
  // Its field, technique and platform pages show it as text too.
  for (const link of ['techniques/t1059.html', 'platforms/sentinel.html']) {
    await page.goto(base + link);
    assert.match(await page.locator('main').textContent(), /<script>window.__xss=1;alert\(1\)<\/script>/);
    assert.equal(await xssRan(page), false);
  }
  await page.close();
});

test('the site works from file:// as well', async () => {
  const page = await open(pathToFileURL(path.join(site, 'index.html')).href + '?q=hijacking');
  await page.locator('#results a', { hasText: SEED_NAME }).waitFor();
  const navColor = await page.locator('nav.top').evaluate((nav) => getComputedStyle(nav).backgroundColor);
  assert.equal(navColor, 'rgb(36, 41, 47)', 'site.css did not apply from file://');
  await Promise.all([page.waitForURL(/\/rules\/.*\.html$/), page.locator('#results a', { hasText: SEED_NAME }).click()]);
  assert.equal(await page.locator('h1').textContent(), SEED_NAME);
  await Promise.all([page.waitForURL(/matrix\.html$/), page.locator('nav.top a', { hasText: 'ATT&CK matrix' }).click()]);
  assert.ok(await page.locator('a.cell').count() >= 3);
  await page.close();
});

test('no page loaded anything but the local server and files, ran no injected script, opened no dialog', () => {
  assert.ok(requests.length > 10, `only ${requests.length} requests recorded`);
  const foreign = requests.filter((url) => !url.startsWith(base) && !url.startsWith('file://'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(pageErrors, []);
});
