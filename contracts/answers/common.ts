/**
 * Building blocks of the answer contracts (contracts/answers/*): instants as JSON carries them,
 * the engine's own instants, pages and the plain acknowledgement.
 */
import { z } from 'zod';

/** An instant as JSON carries a Date (ISO 8601, 2026-12-03T01:30:00.000Z). */
export const instant = z.iso.datetime({ offset: true });
/** An instant as the engine writes it and the server passes it on (2026-12-03T09:30:00.000+0800: no colon in the offset). */
export const engineInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/);
/** A calendar day (YYYY-MM-DD). */
export const day = z.iso.date();
/** A month (YYYY-MM). */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** A count (0, 1, 2 …). */
export const count = z.number().int().min(0);
/** An amount in yuan (two decimals at most, as the fen it comes from). */
export const yuan = z.number();
/** A code with its Chinese name. */
export const codeName = z.strictObject({ code: z.string(), name: z.string() });

/** The plain acknowledgement of an action that answers nothing else. */
export const okSchema = z.strictObject({ ok: z.literal(true) });

/** A page of rows: how many match, and this page's rows. */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ total: count, items: z.array(item) });
/** A whole list under `items`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

/** An open engine task of a page's user (the step they may do on that page). */
export const pageTaskSchema = z.strictObject({ taskId: z.string(), taskKey: z.string(), name: z.string(), due: engineInstant.nullable() });
