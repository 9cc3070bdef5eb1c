// Paragraf as a user meets it, in headless Chromium: log in, search, open a
// meeting, correct it, close an action, upload minutes, and visit every
// page. Each page is saved as a screenshot and audited with axe.
//
// crates/paragraf-cli/tests/browser.rs starts `paragraf demo` and runs this
// with its address and login. To run it by hand against a running demo:
//   PARAGRAF_E2E_URL=http://127.0.0.1:PORT PARAGRAF_E2E_USER=demo \
//   PARAGRAF_E2E_PASSWORD=... PARAGRAF_E2E_SCREENSHOTS=target/e2e node e2e/scenario.mjs

import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`scenario: ${name} is not set (see the top of e2e/scenario.mjs)`);
    process.exit(2);
  }
  return value;
};
const base = required('PARAGRAF_E2E_URL');
const user = required('PARAGRAF_E2E_USER');
const password = required('PARAGRAF_E2E_PASSWORD');
const screenshots = required('PARAGRAF_E2E_SCREENSHOTS');
const executablePath = process.env.PARAGRAF_E2E_CHROMIUM ?? '/usr/bin/chromium';

const repo = fileURLToPath(new URL('..', import.meta.url));
// Minutes that are not among the demo's bundled samples, so that each
// upload stores a new meeting rather than finding a duplicate.
const uploadWithScript = path.join(repo, 'fixtures/formats/minutes.docx');
const uploadWithoutScript = path.join(repo, 'fixtures/formats/minutes.odt');
// A word the bundled samples use in several meetings.
const searchWord = 'matematik';

// Injected with page.evaluate, which the app's Content-Security-Policy
// (script-src 'self') does not block, so the pages are audited under the
// same policy users get.
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// A hung page must fail the test, not hold CI until its own timeout.
const watchdog = setTimeout(() => {
  console.error(`scenario: gave up after 120 s, ${step} pages in; problems so far:\n${problems.join('\n')}`);
  process.exit(1);
}, 120_000);

await mkdir(screenshots, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const problems = [];
let step = 0;

const page = await (await newContext()).newPage();
watchForErrors(page);
try {
  await scenario(page);
} catch (error) {
  problems.push(`failed after ${step} pages, on ${pathOf(page)}: ${error.message}`);
  // What the browser showed when it failed, beside the pages before it.
  await screenshot(page, 'failed').catch(() => {});
} finally {
  await browser.close();
  clearTimeout(watchdog);
}

if (problems.length > 0) {
  console.error(`\nscenario: ${problems.length} problem(s):\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log(`scenario: all ${step} pages passed`);

async function scenario(page) {
  // Without a session, pages send the visitor to log in.
  await page.goto('/moten');
  expectPath(page, '/logga-in');
  await visited(page, 'logga-in');

  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await submit(page, page.getByRole('button', { name: 'Logga in' }));
  // Back where the visitor was sent from, logged in.
  expectPath(page, '/moten');
  await expectText(page.locator('header'), user);

  await visit(page, '/', 'start');
  await visit(page, '/moten', 'moten');
  await page.locator('main a[href^="/moten/"]').first().waitFor();

  // Search, as a user does: through the form.
  await page.goto('/sok');
  await page.getByLabel('Sökord').fill(searchWord);
  await submit(page, page.getByRole('button', { name: 'Sök', exact: true }));
  const hits = page.getByRole('list', { name: /träffar/ }).getByRole('listitem');
  await hits.first().waitFor();
  const marks = hits.locator('mark');
  const marked = await marks.allInnerTexts();
  if (!marked.some((text) => text.toLowerCase().includes(searchWord))) {
    throw new Error(`the search for "${searchWord}" highlighted ${JSON.stringify(marked)}, not the word`);
  }
  await visited(page, 'sok');

  // Open the meeting of the first hit.
  await hits.first().getByRole('link').first().click();
  await page.waitForURL(/\/moten\/\d+/);
  const meetingUrl = new URL(page.url()).pathname;
  await visited(page, 'mote');

  await correctPlace(page, meetingUrl);
  await visited(page, 'mote-rattad');

  await markActionDone(page);
  await visited(page, 'atgarder');

  await uploadWithProgress(page);
  await visited(page, 'ladda-upp');
  await uploadWithoutJavaScript(page);

  await visit(page, '/beslut', 'beslut');
  await visit(page, '/personer', 'personer');
  await openFirst(page, 'main a[href^="/personer/"]', /\/personer\/[^/]+$/);
  await visited(page, 'person');
  await visit(page, '/amnen', 'amnen');
  await openFirst(page, 'main a[href^="/amnen/"]', /\/amnen\/[^/]+$/);
  await visited(page, 'amne');
  await visit(page, '/dagordning', 'dagordning');

  await watchSearch(page);
  await visited(page, 'bevakningar');

  // Logging out ends the session: pages send the visitor to log in again.
  await submit(page, page.getByRole('button', { name: 'Logga ut' }));
  expectPath(page, '/logga-in');
  await page.goto('/moten');
  expectPath(page, '/logga-in');
}

// The meeting's place, corrected through its "Rätta" form: the page must
// then show the new value and, beside it, the value read from the minutes.
async function correctPlace(page, meetingUrl) {
  const place = page.locator('dd').filter({ has: page.locator('input[name=field][value="/location"]') });
  if ((await place.count()) !== 1) {
    throw new Error(`${meetingUrl} should have one "Rätta" form for the place (field /location), has ${await place.count()}`);
  }
  await place.getByText('Rätta').click();
  // The form starts from the current value: what was extracted.
  const extracted = (await place.getByLabel('Nytt värde').inputValue()) || '–';
  const corrected = 'Stadshuset, sal Paragraf';
  await place.getByLabel('Nytt värde').fill(corrected);
  await place.getByLabel('Anteckning').fill('Rättat i webbläsartestet.');
  await submit(page, place.getByRole('button', { name: 'Spara rättelse' }));
  expectPath(page, meetingUrl);
  await expectText(place, corrected);
  await expectText(place.getByTitle('Extraherat värde'), extracted);
}

// The first action the user may close, marked done with a note. The list
// shows what is still to do, so the action is then looked up among the
// done ones, with its new status and the note in its history.
async function markActionDone(page) {
  await page.goto('/atgarder');
  await expectHeading(page);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Markera som klar' }) }).first();
  await form.waitFor();
  const id = (await form.getAttribute('action')).match(/\/atgarder\/(\d+)\/status/)?.[1];
  if (!id) {
    throw new Error(`the "Markera som klar" form posts to ${await form.getAttribute('action')}, not /atgarder/ID/status`);
  }
  const note = 'Klart enligt webbläsartestet.';
  await form.getByLabel('Anteckning').fill(note);
  await submit(page, form.getByRole('button', { name: 'Markera som klar' }));
  await page.goto('/atgarder?status=done');
  const action = page.locator(`#atgard-${id}`);
  if ((await action.count()) !== 1) {
    throw new Error(`action ${id}, just marked done, is not among the done actions on /atgarder?status=done`);
  }
  await expectText(action, /Status\s+klar/);
  await expectText(action, note);
}

// A new document through the upload form. With JavaScript each file is
// sent on its own and its result appears in #upload-results.
async function uploadWithProgress(page) {
  await page.goto('/ladda-upp');
  await expectHeading(page);
  await page.getByLabel('Filer').setInputFiles(uploadWithScript);
  await page.getByRole('button', { name: 'Ladda upp' }).click();
  const result = page.locator('#upload-results li').filter({ hasText: path.basename(uploadWithScript) });
  // The file's status line fills in when the server has answered.
  await result.getByRole('status').filter({ hasText: /\S/ }).waitFor();
  await expectText(result, /Sparat som möte \d+/);
}

// Without JavaScript the form itself posts, and the page that answers
// lists each file's result. The session is the scenario's own.
async function uploadWithoutJavaScript(page) {
  const context = await newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const plain = await context.newPage();
    watchForErrors(plain);
    await plain.goto('/ladda-upp');
    await plain.getByLabel('Filer').setInputFiles(uploadWithoutScript);
    await submit(plain, plain.getByRole('button', { name: 'Ladda upp' }));
    const result = plain.locator('#upload-results li').filter({ hasText: path.basename(uploadWithoutScript) });
    if ((await result.count()) !== 1) {
      throw new Error(`without JavaScript, the upload's answer (${pathOf(plain)}) does not list ${path.basename(uploadWithoutScript)}`);
    }
    await expectText(result, /Sparat som möte \d+/);
    // Not audited: axe is a script, and scripts are off. The page is the
    // upload page audited above, with the results filled in by the server.
    await screenshot(plain, 'ladda-upp-utan-js');
  } finally {
    await context.close();
  }
}

// A saved search, as /bevakningar offers it: it then lists the search with
// links to the meetings it finds.
async function watchSearch(page) {
  await page.goto('/bevakningar');
  await expectHeading(page);
  await page.getByLabel('Ny bevakad sökning').fill(searchWord);
  await submit(page, page.getByRole('button', { name: 'Bevaka', exact: true }));
  const watch = page.getByRole('region', { name: new RegExp(`^Sökning: ${searchWord}`) });
  await watch.locator('a[href^="/moten/"]').first().waitFor();
}

// Clicks a form's button and waits for the page the server answers with.
// The address cannot tell: most forms here lead back to their own page.
async function submit(page, button) {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

async function visit(page, address, name) {
  await page.goto(address);
  await expectHeading(page);
  await visited(page, name);
}

async function openFirst(page, selector, urlPattern) {
  const link = page.locator(selector).first();
  await link.click();
  await page.waitForURL(urlPattern);
  await expectHeading(page);
}

async function newContext(options = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'sv-SE', viewport: { width: 1280, height: 900 }, ...options });
  // Every page answers at once from a local server; waiting longer only
  // delays the failure.
  context.setDefaultTimeout(10_000);
  return context;
}

// Saves the page as target/e2e/NN-name.png.
async function screenshot(page, name) {
  step += 1;
  const file = path.join(screenshots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`page ${step}: ${name} ${pathOf(page)}`);
}

// Saves the page as a screenshot and audits it with axe.
async function visited(page, name) {
  await screenshot(page, name);
  const violations = await audit(page);
  for (const violation of violations) {
    const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n');
    problems.push(`axe on ${pathOf(page)} (${name}): [${violation.impact}] ${violation.id}: ${violation.help}\n  ${violation.helpUrl}\n${nodes}`);
  }
}

// axe's serious and critical violations; moderate and minor ones are
// advice, not failures.
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
}

// Script errors, policy violations (a blocked script, say) and failed
// requests fail the run: they mean a page works differently than it was
// written to.
function watchForErrors(page) {
  page.on('pageerror', (error) => problems.push(`script error on ${pathOf(page)}: ${error.message}`));
  page.on('console', (message) => {
    // The response listener reports these, with the address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${pathOf(page)}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.request().method()} ${response.url()} answered ${response.status()} (on ${pathOf(page)})`);
    }
  });
  page.on('requestfailed', (request) => {
    problems.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText} (on ${pathOf(page)})`);
  });
}

function pathOf(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

function expectPath(page, expected) {
  if (new URL(page.url()).pathname !== expected) {
    throw new Error(`expected to be on ${expected}, am on ${pathOf(page)}`);
  }
}

async function expectHeading(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

async function expectText(locator, expected) {
  const text = await locator.innerText();
  const found = typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  if (!found) {
    throw new Error(`expected ${expected} in ${locator}, which reads:\n${text.slice(0, 600)}`);
  }
}
