// 互动交流 in the browser: a citizen writes a message, is told what to remove before it
// can be public, gets a number and code; the office takes it up, answers and publishes
// it; the citizen reads the reply with the code and everyone reads it on the portal.
// A citizen comments on an open consultation, staff moderate it; on a closed one staff
// decide on every comment and publish the adoption feedback. axe-core on every page.
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

const WRITER = '冯晓东';
const PHONE = '13655556666';

test('a citizen writes a message and reads the published reply', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${demo.base}/`);
  await Promise.all([page.waitForURL(/\/hdjl\/$/), page.click('header nav a:has-text("互动交流")')]);
  await noSerious(page);
  assert.match(await page.locator('main').textContent(), /信访工作条例/);
  await Promise.all([page.waitForURL(/\/hdjl\/xx$/), page.click('#main a.button:has-text("我要写信")')]);
  await noSerious(page);
  await page.selectOption('#f-to', 'yunxi');
  await page.selectOption('#f-kind', 'consult');
  await page.fill('#f-title', '老年人乘坐公交是否免费');
  await page.fill('#f-body', `请问70岁以上老人乘坐县内公交是否免费？需要办什么卡？电话${PHONE}`);
  await page.fill('#f-name', WRITER);
  await page.fill('#f-phone', PHONE);
  await page.check('input[name=publish][value="1"]');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  // Public with a phone number in it: the server says what to remove; nothing is lost.
  assert.match(await page.locator('.errors').textContent(), /手机号码/);
  assert.match(await page.inputValue('#f-body'), /70岁以上老人/);
  await noSerious(page);
  await page.fill('#f-body', '请问70岁以上老人乘坐县内公交是否免费？需要办什么卡？');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.equal((await page.locator('h1').textContent()).trim(), '留言已提交');
  await noSerious(page);
  const number = (await page.locator('dt:has-text("留言编号") + dd').textContent()).trim();
  const code = (await page.locator('dt:has-text("查询码") + dd').textContent()).trim();
  assert.match(number, /^yunxi-LY\d{4}-\d{5}$/);

  // The office: the queue, the writer, dispatch to itself, answer, publish.
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(`${demo.base}/admin/`);
  assert.match(await page.locator('#main').textContent(), /单项否决风险/, 'the demo has a message near the veto');
  await page.goto(`${demo.base}/admin/messages?f=queue`);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click(`a:has-text("${number}")`)]);
  assert.ok((await page.content()).includes(WRITER), 'the office sees the writer');
  await noSerious(page);
  await page.selectOption('#f-to', 'yunxi');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=dispatch]) button[type=submit]')]);
  await page.fill('#f-reply', '您好！年满70周岁的老年人凭老年优待证可免费乘坐县内公交，优待证到户籍所在地乡镇民政办办理。');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=reply]) button[type=submit]')]);
  assert.equal(await page.inputValue('#f-public_title'), '老年人乘坐公交是否免费');
  await noSerious(page);
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=publish]) button[type=submit]')]);
  await context.clearCookies();

  // The citizen with the code; then anyone on the portal, never the writer.
  await page.goto(`${demo.base}/hdjl/cx`);
  await page.fill('#f-number', number);
  await page.fill('#f-code', code);
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.match(await page.locator('main').textContent(), /老年优待证/);
  await noSerious(page);
  await page.goto(`${demo.base}/hdjl/ly/`);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("老年人乘坐公交是否免费")')]);
  const shown = await page.content();
  assert.ok(shown.includes('老年优待证'));
  assert.ok(!shown.includes(WRITER) && !shown.includes(PHONE), 'no personal data');
  await noSerious(page);
  for (const path of ['/hdjl/tj', '/yunxi/hdjl/', '/qingshi/hdjl/xx', '/hdjl/yjzj/']) {
    await page.goto(`${demo.base}${path}`);
    await noSerious(page);
  }
  await context.close();
});

test('a citizen comments on a consultation; staff moderate, decide and publish the feedback', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${demo.base}/hdjl/yjzj/`);
  await Promise.all([page.waitForNavigation(), page.click('tr:has(.tag:has-text("征集中")) a')]);
  const consultation = page.url();
  await noSerious(page);
  await page.fill('#f-body', '建议第五条写明农忙季节的垃圾清运时间。');
  await page.fill('#f-name', '顾某');
  await page.fill('#f-phone', PHONE);
  await page.check('input[name=public]');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.match(await page.locator('.flash').textContent(), /已收到/);
  assert.ok(!(await page.locator('.comments').textContent().catch(() => '')).includes('农忙季节'), 'not before moderation');
  await noSerious(page);

  // The drafting unit moderates it: then it shows.
  await login(page, demo.base, 'drafter', demo.accounts.drafter);
  await page.goto(`${demo.base}/admin/consultations`);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('tr:has(.tag:has-text("征集中")) a')]);
  await noSerious(page);
  const row = page.locator('tr:has-text("农忙季节")');
  await Promise.all([page.waitForURL(/done=acted/), row.locator('button[value=accept]').click()]);
  await page.goto(consultation);
  assert.match(await page.locator('.comments').textContent(), /农忙季节/);

  // The closed one: refused while undecided, then a decision per comment, then published.
  await page.goto(`${demo.base}/admin/consultations`);
  await Promise.all([page.waitForNavigation(), page.click('tr:has(.tag:has-text("已截止")) a')]);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('form:has(input[value=feedback]) button[type=submit]')]);
  assert.match(await page.locator('.errors').textContent(), /未作出采纳决定/);
  const forms = page.locator('form:has(input[value=decide])');
  const count = await forms.count();
  assert.ok(count >= 2, `${count} comments to decide`);
  const choices = ['adopted', 'not_adopted'];
  for (let i = 0; i < count; i++) {
    const f = page.locator('form:has(input[value=decide])').nth(i);
    await f.locator('select[name=adoption]').selectOption(choices[i % 2]);
    await f.locator('textarea[name=reason]').fill(i % 2 ? '与上位法规定不符，不予采纳。' : '已在第六条增加相应内容。');
    await Promise.all([page.waitForURL(/done=acted/), f.locator('button[type=submit]').click()]);
  }
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=feedback]) button[type=submit]')]);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("查看网站上的页面")')]);
  const text = await page.locator('main').textContent();
  assert.match(text, /意见采纳情况反馈/);
  assert.match(text, new RegExp(`采纳${Math.ceil(count / 2)}条`));
  assert.ok(!text.includes(PHONE));
  await noSerious(page);
  await context.close();
});
