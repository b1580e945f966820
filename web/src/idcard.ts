/** 居民身份证号码 (GB 11643-1999) check, mirroring domain/idcard.ts on the server. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Why the number is invalid, or null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  if (!id) return '请输入身份证号';
  if (id.length !== 18) return '身份证号应为 18 位';
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号前 17 位应为数字，末位为数字或 X';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return '身份证号中的出生日期无效';
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号校验位不正确，请核对';
  return null;
}

export const CHINESE_NAME = /^[\u4e00-\u9fa5·]{2,20}$/u;
export const MOBILE = /^1[3-9]\d{9}$/;
