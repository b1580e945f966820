import { expect } from 'chai';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { actors, newApplication, register, taskOf } from '../support/application.js';
import { loginAs } from '../support/http.js';

/** Waits until the locator's text is exactly `text` (the badge is re-read after navigation). */
async function expectText(l: import('playwright-core').Locator, text: string): Promise<void> {
  const until = Date.now() + 10_000;
  let last = '';
  while (Date.now() < until) {
    last = ((await l.count()) ? await l.innerText() : '').trim();
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last, 'menu badge').to.equal(text);
}

describe('浏览器 / 抄送我的', function () {
  this.timeout(120_000);
  const chrome = useBrowser();

  it('the health handler finds a case copied to them, opens its file from the list, and it is read from then on', async () => {
    // given a case the village worker copies to health while doing the home visit
    const { clerk, village } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 0, types: ['dibao', 'medical'] }));
    const visit = await taskOf(village, c.id, 'Task_HomeVisit');
    const note = `浏览器测试抄送 ${c.caseNo}：户主慢性病，请卫健局关注`;
    const sent = await village.post(`/api/tasks/${visit.taskId}/copy`, { toUsernames: ['handler_health'], note });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    const healthApi = await loginAs('handler_health');
    const unreadBefore = (await healthApi.get('/api/tasks/copies')).body.unread as number;

    // when the health handler opens 抄送我的 from the menu
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_health');
    // the menu shows how many copies are unread
    const badge = page.getByRole('menuitem', { name: /抄送我的/ }).locator('.menu-badge');
    await expectText(badge, String(unreadBefore));
    await page.getByRole('menuitem', { name: /抄送我的/ }).click();
    await page.waitForURL('**/copies');
    const row = page.locator('.el-table__row').filter({ hasText: c.caseNo });
    await row.waitFor();
    // then the row names the case, the step, the sender's department and the note, marked unread
    const text = await row.innerText();
    expect(text).to.contain('未读').and.contain('入户调查').and.contain('村民委员会').and.contain(note);

    // when the row is clicked, the case file opens (the copy gives access) and the copy is read
    await row.click();
    await page.waitForURL(`**/cases/${c.id}`);
    await page.getByText(c.caseNo).first().waitFor();
    const after = (await healthApi.get('/api/tasks/copies')).body;
    expect(after.unread).to.equal(unreadBefore - 1);
    expect(after.items.find((x: any) => x.caseId === c.id).readAt).to.be.a('string');

    // and back in the list the row says 已读
    await page.goBack();
    await page.waitForURL('**/copies');
    await page.locator('.el-table__row').filter({ hasText: c.caseNo }).filter({ hasText: '已读' }).waitFor();
    // and the menu's count went down with it
    if (unreadBefore - 1 > 0) await expectText(badge, String(unreadBefore - 1));
    else await badge.waitFor({ state: 'detached' });
    expectNoPageErrors(page);
    await page.context().close();
  });
});
