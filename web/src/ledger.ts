/** 乡镇台账 / 村级名册 on the web: the units a user covers, and the filters' names. */
import { LEDGER_KIND_NAMES, LEDGER_STATUS_NAMES } from '../../contracts/views';
import type { Meta } from './types';

export type LedgerLevel = 'township' | 'village';
export const LEDGER_FILTERS = ['village', 'kind', 'status'] as const;
export const LEDGER_KINDS: Record<string, string> = LEDGER_KIND_NAMES;
export const LEDGER_STATUSES: Record<string, string> = LEDGER_STATUS_NAMES;

/** The API path of a ledger (township) or roster (village). */
export const ledgerApi = (level: LedgerLevel, code: string) => `/api/${level === 'township' ? 'ledger' : 'roster'}/${encodeURIComponent(code)}`;

/** Units of this level that the user's unit is or lies above (the server checks the same). */
export function coveredUnits(meta: Meta | null, userUnit: string, level: LedgerLevel): Meta['units'] {
  const units = meta?.units ?? [];
  const covers = (u: Meta['units'][number]) => {
    for (let x: Meta['units'][number] | undefined = u, n = 0; x && n < 6; x = units.find((p) => p.code === x!.parentCode), n++) if (x.code === userUnit) return true;
    return false;
  };
  return units.filter((u) => u.level === level && covers(u));
}

/** The query string of the filters set (for the export link and the print sheet). */
export function filterQuery(filters: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const k of LEDGER_FILTERS) if (filters[k]) q.set(k, filters[k]!);
  const s = q.toString();
  return s ? `?${s}` : '';
}
