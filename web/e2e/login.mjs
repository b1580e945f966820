/**
 * Logging in through the login form, for the screenshot scripts. Seeded
 * accounts must change their initial password first: the first run changes it
 * to a known one on the change-password page; later runs against the same data
 * log in with that one.
 */

import fs from 'node:fs';

/** The seeded accounts' initial passwords from <data dir>/initial-passwords.txt (account, password per line). */
export function readPasswords(file) {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length >= 2 && /^[a-z_]+$/.test(p[0]))
      .map((p) => [p[0], p[1]]),
  );
}

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
      if (
        await page
          .waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 5000 })
          .then(
            () => true,
            () => false,
          )
      )
        break;
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

/** An apiAs(username) for this server: a tiny JSON client logged in as the user (changing a seeded initial password like loginWith). */
export function apiWith(BASE, pw) {
  return async function apiAs(username) {
    let cookie = '';
    const call = async (method, path, body) => {
      const res = await fetch(BASE + path, { method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const set = res.headers.getSetCookie?.() ?? [];
      if (set.length) cookie = set[0].split(';')[0];
      const text = await res.text();
      const data = text ? JSON.parse(text) : null;
      if (!res.ok) throw new Error(`${username} ${method} ${path}: ${res.status} ${text}`);
      return data;
    };
    // Seeded accounts change their initial password on first use (to the one login.mjs gives them); later runs use that.
    const first = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: pw[username] }) });
    if (!first.ok) await call('POST', '/api/auth/login', { username, password: changedPassword(username) });
    else {
      cookie = (first.headers.getSetCookie?.() ?? [])[0]?.split(';')[0] ?? '';
      if ((await first.json()).mustChangePassword) {
        await call('POST', '/api/auth/password', { oldPassword: pw[username], newPassword: changedPassword(username) });
        await call('POST', '/api/auth/login', { username, password: changedPassword(username) });
      }
    }
    return { get: (p) => call('GET', p), post: (p, b = {}) => call('POST', p, b), put: (p, b) => call('PUT', p, b) };
  };
}
