// axe-core on every public page type, the login page and the back office, in normal
// and large-text mode and at phone width: no serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, login, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function firstDocument(page) {
  await page.goto(`${demo.base}/yunxi/xxgk/ml`);
  return page.locator('table a').first().getAttribute('href');
}

const publicPages = [
  '/', '/sitemap', '/contact', '/yunxi/xxgk/fdzdgknr/a20-02', '/yunxi/xxgk/ml?genre=%E9%80%9A%E7%9F%A5',
  '/yunxi/', '/yunxi/xxgk/', '/yunxi/xxgk/zn', '/yunxi/xxgk/zd', '/yunxi/xxgk/nb',
  '/yunxi/xxgk/fdzdgknr/', '/yunxi/xxgk/fdzdgknr/a21-jz', '/yunxi/xxgk/ml', '/yunxi/xxgk/ml?page=2',
  '/czj/', '/czj/xxgk/', '/qingshi/', '/qingshi/cwgk/', '/dongling/', '/no-such-page/', '/admin/login',
  '/search', '/search?q=%E4%BD%8E%E4%BF%9D', '/yunxi/search?q=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80',
  '/search?q=%E7%81%AB%E6%98%9F%E7%A7%BB%E6%B0%91', '/yunxi/xxgk/ysq', '/yunxi/xxgk/ysq/cx',
  '/hdjl/', '/hdjl/xx', '/hdjl/cx', '/hdjl/ly/', '/hdjl/tj', '/hdjl/yjzj/', '/yunxi/hdjl/', '/qingshi/hdjl/tj',
  '/hdjl/wjdc/', '/hdjl/tzh/', '/hdjl/jyta/', '/hdjl/hygz/',
  '/bsfw/', '/bsfw/?theme=marriage', '/mzj/bsfw/', '/mzj/bsfw/1', '/bsfw/ybt', '/qingshi/cwgk/qingshi-cun/', '/xmt/', '/kfsj/',
];

async function check(page, path) {
  await page.goto(`${demo.base}${path}`);
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${path}: ${JSON.stringify(v, null, 1)}`);
}

test('public pages and the login page, desktop', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const doc = await firstDocument(page);
  for (const path of [...publicPages, doc]) await check(page, path);
  await context.close();
});

test('public pages on a phone in large-text mode', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${demo.base}/`);
  // Large-text mode is a plain link: it works without JavaScript.
  await Promise.all([page.waitForNavigation(), page.click('header nav a:has-text("大字模式")')]);
  assert.equal(await page.evaluate(() => document.body.className), 'large');
  const doc = await firstDocument(page);
  for (const path of [...publicPages, doc]) await check(page, path);
  // Nothing wider than the phone's screen except scrollable tables.
  await page.goto(`${demo.base}${doc}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `document page overflows by ${overflow}px`);
  // The title comes first on a phone, and its 文件信息 fits beside it on the first screen.
  const [titleTop, tableTop] = await page.evaluate(() => [
    document.querySelector('h1').getBoundingClientRect().top,
    document.querySelector('table.meta').getBoundingClientRect().top,
  ]);
  assert.ok(titleTop < tableTop, `title at ${titleTop}px, table at ${tableTop}px`);
  assert.ok(titleTop < 740, 'the title is on the first screen');
  // Dates never break across lines ("2026-07-/21").
  for (const path of [doc, '/yunxi/xxgk/ml', '/yunxi/xxgk/nb']) {
    await page.goto(`${demo.base}${path}`);
    const broken = await page.evaluate(() => [...document.querySelectorAll('.nowrap')]
      .filter((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return lines.size > 1;
      })
      .map((e) => e.textContent.trim()));
    assert.deepEqual(broken, [], `${path}: dates wrapped`);
  }
  await context.close();
});

test('back-office pages', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await login(page, demo.base, 'admin', demo.accounts.admin);
  const pages = ['/admin/', '/admin/docs', '/admin/orgs', '/admin/orgs/new', '/admin/users', '/admin/users/new', '/admin/calendar', '/admin/account', '/admin/site', '/admin/reports', '/admin/catalogs', '/admin/webhooks', '/admin/webhooks/1', '/admin/media', '/admin/inspection'];
  for (const path of pages) await check(page, path);
  await page.goto(`${demo.base}/admin/users`);
  await check(page, await page.locator('table a').first().getAttribute('href'));
  await page.goto(`${demo.base}/admin/docs`);
  const doc = await page.locator('table a').first().getAttribute('href');
  await check(page, doc);
  await login(page, demo.base, 'drafter', demo.accounts.drafter);
  for (const path of ['/admin/', '/admin/docs/new', '/admin/consultations', '/admin/consultations/new', '/admin/surveys', '/admin/hearings']) await check(page, path);
  await page.goto(`${demo.base}/admin/surveys`);
  await check(page, await page.locator('table a').first().getAttribute('href'));
  // The public pages of a survey, a hearing and a reply, found from their columns.
  for (const column of ['/hdjl/wjdc/', '/hdjl/tzh/', '/hdjl/jyta/']) {
    await page.goto(`${demo.base}${column}`);
    await check(page, await page.locator('main table a, main ul.docs a').first().getAttribute('href'));
  }
  await page.goto(`${demo.base}/admin/consultations`);
  for (const href of await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await check(page, href);
  }
  await login(page, demo.base, 'officer', demo.accounts.officer);
  for (const path of ['/admin/applications', '/admin/applications?all=1', '/admin/applications/new', '/admin/messages', '/admin/messages?f=all', '/admin/proposals', '/admin/concerns']) await check(page, path);
  await page.goto(`${demo.base}/admin/proposals`);
  await check(page, await page.locator('table a').first().getAttribute('href'));
  await page.goto(`${demo.base}/admin/messages?f=all`);
  for (const href of await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await check(page, href);
  }
  await page.goto(`${demo.base}/admin/applications?all=1`);
  const firstCase = page.locator('table a').first();
  if (await firstCase.count()) await check(page, await firstCase.getAttribute('href'));
  await context.close();
});

test('keyboard: the skip link leads to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(`${demo.base}/yunxi/xxgk/`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '跳到正文');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});
