import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { RecipientReview } from '../../domain/entities/review.entity.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the steps are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

const THIS_MONTH = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

describe('浏览器 / 定期核查：村级报告情况变化 → 入户复查 → 民政决定停止保障 → 打印告知书；年度统计', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  it('村级专干在页面上报告并复查，民政作出退出决定并打印告知书，领导看到年度统计', async () => {
    const p = thePlatform();
    const r = await givenRecipient({ name: '褚演示页核', startMonth: THIS_MONTH });

    // the village worker reports the household (moved away) from the 定期核查 page
    const village = await chrome.newPage();
    await loginInBrowser(village, 'village_heping');
    await village.getByRole('menuitem', { name: '定期核查' }).click();
    await village.waitForURL('**/reviews');
    await village.getByRole('button', { name: '报告情况变化' }).click();
    const dialog = village.getByRole('dialog', { name: '报告在保对象情况变化' });
    await dialog.locator('.el-select').click();
    await village.locator('.el-select-dropdown__item').filter({ hasText: r.household.householdNo }).click();
    await dialog.getByText('迁出本地').click();
    await dialog.getByPlaceholder('何时、何种变化').fill('户主上月已随子女迁往外省居住');
    await shot(village, '100-review-village-report.png');
    await dialog.getByRole('button', { name: '报告并启动核查' }).click();
    await village.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    const reviewId = village.url().split('/').pop()!;
    expect((await p.ds.getRepository(RecipientReview).findOneByOrFail({ id: reviewId })).recipientId).to.equal(r.recipient.id);

    // after re-verification, the village worker records the re-visit on the review's page
    await village
      .getByPlaceholder('家庭人口、收入、住房')
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        await village.reload();
        await village.getByPlaceholder('家庭人口、收入、住房').waitFor({ timeout: 30_000 });
      });
    await village.getByPlaceholder('家庭人口、收入、住房').fill('入户核实：户主及配偶已迁往外省，房屋空置');
    await village.getByText('家庭情况有变化，建议变更保障').click();
    await shot(village, '101-review-visit.png');
    await village.getByRole('button', { name: '提交入户复查' }).click();
    await village.getByText('建议变更保障：入户核实').waitFor();
    expectNoPageErrors(village);

    // civil affairs finds it in the list and decides: stop from next month, with the reason
    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.getByRole('menuitem', { name: '定期核查' }).click();
    await civil.waitForURL('**/reviews');
    await civil.locator('.el-table__row').filter({ hasText: '褚*' }).first().waitFor();
    await shot(civil, '102-reviews-list.png');
    await civil.goto(`/reviews/${reviewId}`);
    await civil.getByRole('button', { name: '作出决定' }).waitFor({ timeout: 30_000 });
    await civil.getByText('停止保障（退出）').click();
    // the month picker: next month
    const [y, m] = THIS_MONTH.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const picker = civil.getByPlaceholder('从哪个月起执行');
    await picker.fill(next);
    await picker.press('Enter');
    // a decision without a reason is refused on the page, and nothing changes
    await civil.getByRole('button', { name: '作出决定' }).click();
    await civil.getByText('请填写决定理由').or(civil.getByText('决定理由至少 4 个字')).waitFor();
    expect((await p.ds.getRepository(RecipientReview).findOneByOrFail({ id: reviewId })).status).to.equal('running');
    await civil.getByPlaceholder('依据的核查事实和政策').fill('户主已迁往外省定居，不再符合本县低保条件');
    await shot(civil, '103-review-decision.png');
    await civil.getByRole('button', { name: '作出决定' }).click();
    await civil.getByRole('button', { name: '打印告知书' }).waitFor();
    await civil.getByText(`经核查，你户自 ${next} 起停止享受农村低保（退出保障范围）。`).first().waitFor();
    await civil.emulateMedia({ media: 'print' });
    await shot(civil, '104-review-notice-print.png');
    await civil.emulateMedia({ media: 'screen' });
    expect((await p.ds.getRepository(RecipientReview).findOneByOrFail({ id: reviewId })).decision).to.equal('stop');
    expectNoPageErrors(civil);

    // the recipient's page shows the review in its history
    await civil.goto('/recipients');
    await civil.locator('.el-table__row').filter({ hasText: r.household.householdNo }).click();
    await civil.getByRole('link', { name: /^HC\d{6}-\d{7}$/ }).waitFor();
    await shot(civil, '105-recipient-review-history.png');

    // an admin sets a class's frequency on the page
    const admin = await chrome.newPage();
    await loginInBrowser(admin, 'admin');
    await admin.getByRole('menuitem', { name: '定期核查' }).click();
    await admin.waitForURL('**/reviews');
    const row = admin.locator('.el-table__row').filter({ hasText: '有劳动能力、收入不固定的家庭' });
    await row.locator('input').fill('4');
    await row.getByRole('button', { name: '保存' }).click();
    await admin.getByText('核查频次已保存').waitFor();
    await shot(admin, '106-admin-review-frequency.png');
    expect((await p.ds.query(`SELECT months FROM review_frequency WHERE review_class = 'irregular'`))[0].months).to.equal(4);
    await (await loginAs('admin')).request('PUT', '/api/reviews/frequencies/irregular', { months: 6 });

    // the leader sees the year's statistics
    const leader = await chrome.newPage();
    await loginInBrowser(leader, 'leader');
    await leader.goto('/statistics');
    await leader.getByText('年度保障统计').waitFor();
    await leader.getByText('按乡镇、类别的保障户数').waitFor();
    await shot(leader, '107-year-statistics.png');
    expectNoPageErrors(leader);
  });
});
