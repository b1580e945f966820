/**
 * Logging in through the login form, for the screenshot scripts. Seeded
 * accounts must change their initial password first: the first run changes it
 * to a known one on the change-password page; later runs against the same data
 * log in with that one.
 */

/** The password a seeded account gets on its first login. */
export const changedPassword = (user) => `Doudi-${user}-2026`;

/** A login(page, user) for this server and these initial passwords. */
export function loginWith(BASE, pw) {
  return async function login(page, user) {
    for (const password of [pw[user], changedPassword(user)]) {
      await page.goto(BASE + '/login');
      await page.getByPlaceholder('请输入用户名').fill(user);
      await page.getByPlaceholder('请输入密码').fill(password);
      await page.getByRole('button', { name: '登 录' }).click();
      if (await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 5000 }).then(() => true, () => false)) break;
    }
    if (new URL(page.url()).pathname === '/password') {
      await page.getByPlaceholder('请输入原密码').fill(pw[user]);
      await page.getByPlaceholder('至少 10 位，须包含字母和数字').fill(changedPassword(user));
      await page.getByPlaceholder('请再次输入新密码').fill(changedPassword(user));
      await page.getByRole('button', { name: '确认修改' }).click();
      await page.waitForURL((u) => u.pathname !== '/password');
    }
    await page.waitForLoadState('networkidle');
  };
}
