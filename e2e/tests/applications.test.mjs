// 依申请公开 in the browser: a citizen applies on the portal without JavaScript-only
// controls, gets a tracking number and query code, and follows the case; the officer
// accepts and replies through the case page; the public tracking page shows the
// outcome and never the applicant. axe-core on every page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, login, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

test('a citizen applies online, the officer replies, the citizen reads the outcome', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${demo.base}/yunxi/xxgk/`);
  await Promise.all([page.waitForURL(/\/yunxi\/xxgk\/ysq$/), page.click('a:has-text("依申请公开（网上申请）")')]);

  // Submitting with the ID number mistyped: the server explains, the input stays.
  await page.selectOption('#f-kind', 'natural_person');
  await page.fill('#f-name', '林小雨');
  await page.selectOption('#f-id_kind', 'resident_card');
  await page.fill('#f-id_number', '110105194912310021');
  await page.fill('#f-phone', '13900000000');
  await page.fill('#f-title', '2025年本县农村公路养护资金安排情况');
  await page.selectOption('#f-delivery_form', 'electronic');
  await page.selectOption('#f-delivery_way', 'online');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.match(await page.locator('.errors').textContent(), /末位校验码/);
  assert.equal(await page.inputValue('#f-name'), '林小雨');
  await noSerious(page);
  await page.fill('#f-id_number', '11010519491231002X');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.equal((await page.locator('h1').textContent()).trim(), '申请已提交');
  await noSerious(page);
  const number = (await page.locator('dt:has-text("申请编号") + dd').textContent()).trim();
  const code = (await page.locator('dt:has-text("查询码") + dd').textContent()).trim();
  assert.match(number, /^yunxi-\d{4}-\d{5}$/);

  // The officer finds it in the register, accepts it and replies.
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(`${demo.base}/admin/applications`);
  await Promise.all([page.waitForNavigation(), page.click(`a:has-text("${number}")`)]);
  assert.ok((await page.content()).includes('林小雨'), 'the officer sees the applicant');
  await noSerious(page);
  // One action at a time: the page lists them, each opens its own form.
  assert.equal(await page.locator('input[name=action]').count(), 0, 'no form before one is chosen');
  await Promise.all([page.waitForNavigation(), page.click('#main a.button:has-text("受理")')]);
  assert.equal(await page.locator('input[name=action]').count(), 1);
  await noSerious(page);
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=accept]) button[type=submit]')]);
  await Promise.all([page.waitForNavigation(), page.click('#main a.button:has-text("作出答复")')]);
  const reply = page.locator('form:has(input[name=action][value=reply])');
  await reply.locator('select[name=outcome]').selectOption('disclosed');
  await reply.locator('input[name=basis]').fill('《中华人民共和国政府信息公开条例》第三十六条第（二）项');
  await reply.locator('textarea[name=note]').fill('所需信息见附件电子文件。');
  await Promise.all([page.waitForURL(/done=acted/), reply.locator('button[type=submit]').click()]);
  assert.ok((await page.locator('p .tag').first().textContent()).includes('已答复'));
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('.staffbar form button')]);

  // The citizen's tracking page: the outcome and the basis, none of the personal data.
  await page.goto(`${demo.base}/yunxi/xxgk/ysq/cx`);
  await page.fill('#f-number', number);
  await page.fill('#f-code', code.toLowerCase());
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  const html = await page.content();
  assert.ok(html.includes('予以公开') && html.includes('第三十六条第（二）项'), 'the reply is shown');
  for (const secret of ['林小雨', '11010519491231002X', '13900000000']) assert.ok(!html.includes(secret), `${secret} leaked`);
  await noSerious(page);
  await context.close();
});
