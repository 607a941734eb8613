// A drafter enters a document; the reviewer, secrecy reviewer and approver sign it
// off in the browser; the public page shows it. A 不予公开 document never appears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, login, logout } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function enter(page, title, attribute) {
  await page.goto(`${demo.base}/admin/docs/new`);
  await page.fill('#f-title', title);
  await page.selectOption('#f-topic', 'zhzw');
  await page.selectOption('#f-category', 'a20-01');
  await page.check(`input[name=attribute][value=${attribute}]`);
  if (attribute !== 'proactive') {
    await page.selectOption('#f-legal_ground', 'process_information');
    await page.fill('#f-attribute_reason', '属于内部讨论过程稿');
  }
  await page.fill('#f-body', '第一段正文。\n第二段正文。');
  await Promise.all([page.waitForURL(/\/admin\/docs\/[0-9A-Z-]+\?done=created$/), page.click('form.stack button[type=submit]')]);
  const url = page.url().split('?')[0];
  const index = (await page.locator('table.meta td').first().textContent()).trim();
  return { url, index };
}

async function step(page, who, url, button) {
  await login(page, demo.base, who, demo.accounts[who]);
  await page.goto(url);
  await Promise.all([page.waitForURL(/done=acted/), page.click(`.actions button:has-text("${button}")`)]);
  await logout(page);
}

test('a document goes from the drafter through three sign-offs to the portal', async () => {
  const page = await browser.newPage();
  const title = `浏览器测试：关于做好冬季供暖保障工作的通知 ${Date.now()}`;
  await login(page, demo.base, 'drafter', demo.accounts.drafter);
  const doc = await enter(page, title, 'proactive');
  assert.match(doc.index, /^11350999MB0012345G-\d{4}-\d{5}$/);
  await Promise.all([page.waitForURL(/done=acted/), page.click('.actions button:has-text("提交审核")')]);
  assert.equal(await page.locator('p .tag').first().textContent(), '待审核');
  await logout(page);

  // Not public while in the workflow.
  let r = await page.goto(`${demo.base}/yunxi/xxgk/doc/${doc.index}`);
  assert.equal(r.status(), 404);

  await step(page, 'reviewer', doc.url, '审核通过');
  await step(page, 'secrecy', doc.url, '保密审查通过');
  await step(page, 'approver', doc.url, '签发');

  r = await page.goto(`${demo.base}/yunxi/xxgk/doc/${doc.index}`);
  assert.equal(r.status(), 200);
  assert.equal((await page.locator('h1.doc-title').textContent()).trim(), title);
  assert.match(await page.locator('.body').textContent(), /第二段正文/);
  await page.goto(`${demo.base}/yunxi/xxgk/ml`);
  assert.ok((await page.content()).includes(title), 'listed in the 政府信息公开目录');

  // Found through the search box in the header within a couple of seconds of sign-off.
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.goto(`${demo.base}/yunxi/`);
    await page.fill('#site-q', '冬季供暖保障');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#site-q', 'Enter')]);
    found = (await page.locator('ol.results').count()) > 0 && (await page.locator('ol.results').textContent()).includes('供暖保障');
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(found, 'the new document is found by search');
  assert.ok((await page.locator('ol.results mark').count()) > 0, 'the words are highlighted');

  // The staff page shows the whole trail.
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(doc.url);
  const trail = await page.locator('ol.trail').textContent();
  for (const s of ['录入', '提交审核', '审核通过', '保密审查通过', '签发']) assert.ok(trail.includes(s), `trail has ${s}`);
  await page.close();
});

test('a 不予公开 document is archived and never appears publicly', async () => {
  const page = await browser.newPage();
  const title = `浏览器测试：内部会议纪要 ${Date.now()}`;
  await login(page, demo.base, 'drafter', demo.accounts.drafter);
  const doc = await enter(page, title, 'not_disclosed');
  await Promise.all([page.waitForURL(/done=acted/), page.click('.actions button:has-text("提交审核")')]);
  await logout(page);
  await step(page, 'reviewer', doc.url, '审核通过');
  await step(page, 'secrecy', doc.url, '保密审查通过');
  await step(page, 'approver', doc.url, '签发');

  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(doc.url);
  assert.equal(await page.locator('p .tag').first().textContent(), '已归档');
  await logout(page);

  const r = await page.goto(`${demo.base}/yunxi/xxgk/doc/${doc.index}`);
  assert.equal(r.status(), 404);
  await new Promise((r) => setTimeout(r, 500)); // give the search index time to follow
  for (const path of ['/', '/yunxi/', '/yunxi/xxgk/', '/yunxi/xxgk/ml', '/yunxi/xxgk/fdzdgknr/a20-01', `/api/v1/documents/${doc.index}`,
    `/search?q=${encodeURIComponent('内部会议纪要')}`, `/api/v1/search?q=${encodeURIComponent('内部会议纪要')}`]) {
    await page.goto(`${demo.base}${path}`);
    assert.ok(!(await page.content()).includes(title), `${path} must not show the document`);
  }
  await page.close();
});

test('the body editor: buttons and a preview with JavaScript, a plain field without', async () => {
  const page = await browser.newPage();
  await login(page, demo.base, 'drafter', demo.accounts.drafter);
  await page.goto(`${demo.base}/admin/docs/new`);
  await page.fill('#f-body', '');
  await page.click('[role=toolbar] button:has-text("标题")');
  assert.equal(await page.inputValue('#f-body'), '# 标题文字');
  await page.click('[role=toolbar] button:has-text("预览")');
  assert.equal(await page.locator('.editor-preview h2').textContent(), '标题文字');
  await page.close();

  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await login(plain, demo.base, 'drafter', demo.accounts.drafter);
  await plain.goto(`${demo.base}/admin/docs/new`);
  assert.equal(await plain.locator('[role=toolbar]').count(), 0, 'no toolbar without JavaScript');
  await plain.fill('#f-title', `无脚本录入 ${Date.now()}`);
  await plain.selectOption('#f-topic', 'zhzw');
  await plain.selectOption('#f-category', 'a20-01');
  await plain.check('input[name=attribute][value=proactive]');
  await plain.fill('#f-body', '# 一、总体要求\n正文第一段。\n| 项目 | 金额 |\n| 道路 | 120 |');
  await Promise.all([plain.waitForURL(/done=created$/), plain.click('form.stack button[type=submit]')]);
  const html = await plain.content();
  assert.ok(html.includes('一、总体要求'), 'saved without JavaScript');
  await context.close();
});
