import { expect } from 'chai';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';

const PHONE = { width: 390, height: 844 };

describe('浏览器 / 工作台', function () {
  this.timeout(60_000);
  const chrome = useBrowser();

  it('手机（390×844）：村级专干的工作台数字看得清（每行两项），待办与预警上下排列，不超出屏幕', async () => {
    const page = await chrome.newPage(PHONE);
    await loginInBrowser(page, 'village_heping');
    await page.goto('/');
    const stats = page.locator('.stat');
    await stats.first().waitFor();
    // four figures were squeezed into one row of 77 px cards and the numbers were cut off
    for (let i = 0; i < (await stats.count()); i++) {
      const box = (await stats.nth(i).boundingBox())!;
      expect(box.width, `第 ${i + 1} 项宽度`).to.be.greaterThan(150);
      expect(await stats.nth(i).locator('.stat-value').isVisible()).to.equal(true);
    }
    // 需优先办理 and 最新预警 one under the other, each the page's width
    const cards = page.locator('.twin .el-card');
    expect(await cards.count()).to.equal(2);
    const [a, b] = [(await cards.nth(0).boundingBox())!, (await cards.nth(1).boundingBox())!].sort((x, y) => x.y - y.y);
    expect(a.width).to.be.greaterThan(300);
    expect(b.width).to.be.greaterThan(300);
    expect(b.y).to.be.at.least(a.y + a.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    expectNoPageErrors(page);
    await page.context().close();
  });
});
