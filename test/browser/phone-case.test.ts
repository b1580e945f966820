import { expect } from 'chai';
import { expectNoPageErrors, loginInBrowser, registerByApi, shot, useBrowser, withdrawCase } from '../support/browser.js';
import { loginAs } from '../support/http.js';

const PHONE = { width: 390, height: 844 };

describe('浏览器 / 手机上的案卷', function () {
  this.timeout(90_000);
  const chrome = useBrowser();

  it('手机（390×844）：村级专干看案卷，申请概况和申请家庭每行一项，标签和内容都在屏幕内', async () => {
    const clerk = await loginAs('clerk');
    const c = await registerByApi(clerk, '韩手机');
    const page = await chrome.newPage(PHONE);
    await loginInBrowser(page, 'village_heping');
    await page.goto(`/cases/${c.id}`);
    await page.getByText(c.caseNo).first().waitFor();
    await page.getByText('申请家庭').first().waitFor();
    // three label/value pairs per row left a few pixels per cell: the county's name one character per line, the last columns cut off
    const cells = page.locator('.el-descriptions__cell');
    expect(await cells.count()).to.be.greaterThan(10);
    for (const box of await cells.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right, `cell at x=${box.x}`).to.be.at.most(PHONE.width);
    }
    const unit = page.locator('.el-descriptions__cell.el-descriptions__content').filter({ hasText: /^兜底示范县$/ });
    expect((await unit.boundingBox())!.width, '受理单位 shown on one line').to.be.greaterThan(150);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await shot(page, '180-phone-case-file.png');
    expectNoPageErrors(page);
    await page.context().close();
    await withdrawCase(clerk, c.id);
  });
});
