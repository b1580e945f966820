/** The configured verification sources, by code. */
import { bankSource, housingSource, hrssSource, marketSource, policeSource } from './demo-sources.js';
import type { VerificationSource } from './source.js';

const ALL: VerificationSource[] = [hrssSource, housingSource, marketSource, policeSource, bankSource];

/** Every known source code. */
export const SOURCE_CODES = ALL.map((s) => s.code);

/** The adapter of a source code. */
export function sourceOf(code: string): VerificationSource {
  const s = ALL.find((x) => x.code === code);
  if (!s) throw new Error(`未知的核对数据源：${code}`);
  return s;
}
