/**
 * Passwords refused at 修改密码 (changePasswordSchema, and auth.service.ts with the account name).
 */

/**
 * The most common passwords of Chinese and international leak lists that pass
 * the length and letter-and-digit rules (10+ characters): the first guesses of
 * any attacker.
 */
const COMMON = new Set([
  'a123456789',
  'a1234567890',
  'aa123456789',
  'abc123456789',
  'abc1234567',
  'abcd123456',
  'abcd1234567',
  'abcde12345',
  '123456789a',
  '1234567890a',
  '123456789abc',
  '1234567890q',
  'qq123456789',
  'qq1234567890',
  'q123456789',
  'q1234567890',
  'qwe123456789',
  'qwer123456',
  'qwert12345',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  '1qaz2wsx3edc',
  '1qaz2wsx3e',
  'qaz123456789',
  'zxc123456789',
  'zxcvbnm123',
  'asd123456789',
  'asdf123456',
  'asdfgh12345',
  'woaini1314',
  'woaini5201314',
  'iloveyou123',
  'iloveyou1314',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'admin12345',
  'admin123456',
  'admin1234567',
  'root123456',
  'test123456',
  'test1234567',
  'user123456',
  'welcome123',
  'welcome1234',
  'changeme123',
  'letmein123',
  'monkey12345',
  'dragon12345',
  'sunshine123',
  'princess123',
  'football123',
  'baseball123',
  'china123456',
  'zhang123456',
  'wang1234567',
  'li123456789',
  'aini1314520',
  '5201314abc',
  'abc5201314',
  'wo123456789',
  'ab123456789',
  'aaa123456789',
  'a11111111111',
  'a000000000',
  'a111111111',
  'a888888888',
  'a666666666',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'q1w2e3r4t5y6',
  'z123456789',
  'x123456789',
  'w123456789',
  'doudi123456',
  'doudi12345',
]);

/**
 * True when the password is one of the common ones (case-insensitive), is the
 * account name with digits around it, or is one character or one short
 * pattern repeated.
 */
export function isCommonPassword(password: string, username = ''): boolean {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return true;
  const letters = p.replace(/[^a-z]/g, '');
  if (
    username &&
    letters.length >= 3 &&
    username
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .includes(letters)
  )
    return true;
  return /^(.{1,4})\1+$/.test(p);
}

/** The length a new password must have (修改密码). */
export const NEW_PASSWORD_LENGTH = { min: 10, max: 128 } as const;

/** Why a new password is refused (the message users read), or null: 10 to 128 characters with letters and digits, not a common one. */
export function newPasswordProblem(p: string): string | null {
  if (p.length < NEW_PASSWORD_LENGTH.min) return `新密码至少 ${NEW_PASSWORD_LENGTH.min} 位`;
  if (p.length > NEW_PASSWORD_LENGTH.max) return `新密码不能超过 ${NEW_PASSWORD_LENGTH.max} 位`;
  if (!/[A-Za-z]/.test(p) || !/\d/.test(p)) return '新密码须同时包含字母和数字';
  if (isCommonPassword(p)) return '新密码过于常见，容易被猜中，请换一个';
  return null;
}
