/**
 * 居民身份证号码 (GB 11643-1999): 17 digits + a check character computed with
 * ISO 7064 MOD 11-2. Used to validate input and to generate synthetic numbers.
 */
/** Length of a 居民身份证号码 (the `maxlength` of its input). */
export const ID_NUMBER_LENGTH = 18;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('first17 must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True when digits 7–14 of a shaped number are a real birth date, from 1900 to today. */
function birthDateValid(id: string): boolean {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
}

/** True when the number has the right shape, a real birth date and a valid check character. */
export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && birthDateValid(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

/** Why a typed number is invalid (the form's message), or null when isValidIdNumber accepts it. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  if (!id) return '请输入身份证号';
  if (id.length !== ID_NUMBER_LENGTH) return '身份证号应为 18 位';
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号前 17 位应为数字，末位为数字或 X';
  if (!birthDateValid(id)) return '身份证号中的出生日期无效';
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号校验位不正确，请核对';
  return null;
}

/** Builds a valid number from an area code, a birth date (YYYYMMDD) and a 3-digit sequence. */
export function makeIdNumber(area6: string, birth8: string, seq3: string): string {
  const first17 = `${area6}${birth8}${seq3}`;
  return first17 + idCheckChar(first17);
}

/** Masks an ID number for display: 130102********1234. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Masks a phone number for display: 199****1234. */
export function maskPhone(p: string | null): string | null {
  return p ? `${p.slice(0, 3)}****${p.slice(-4)}` : null;
}

/** Masks a payment card number for display: 6217 **** **** 1234. */
export function maskCardNo(c: string | null): string | null {
  return c ? `${c.slice(0, 4)} **** **** ${c.slice(-4)}` : null;
}

/** Masks an address for display: the first 6 characters (the village), the rest hidden. */
export function maskAddress(a: string): string {
  const chars = [...a];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}

/** Masks a personal name for public display: 张*、欧阳** . */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Masks a name for the published payment results (发放结果公示): 张*三, 欧阳**明, 李*. */
export function maskNameKeepLast(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return maskName(name);
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
