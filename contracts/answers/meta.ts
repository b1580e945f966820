/**
 * Answers of the session (/api/auth), the forms' reference data (/api/meta), the 村级名册 and 乡镇台账
 * (/api/roster, /api/ledger), the public 公示 (/api/public/notices), the health check and the API description.
 */
import { z } from 'zod';
import { ROLES } from '../roles.js';
import { codeName, count, instant, yuan } from './common.js';

/** The logged-in user (GET /api/auth/me, POST /api/auth/login). */
export const profileSchema = z.strictObject({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  department: codeName,
  unit: codeName,
  /** The county the account works in (the province for the 系统管理员（全省）). */
  county: codeName,
  groups: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
/** GET /api/auth/session: the logged-in user, or null (200 either way). */
export const sessionSchema = z.strictObject({ user: profileSchema.nullable() });

/** A unit of the administrative tree (province to village). */
export const unitSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
  parentCode: z.string().nullable(),
  /** A village's own 低保 standard (fen), where it has one. */
  dibaoStandardFen: z.number().int().nullable(),
});
/** GET /api/meta: the forms' reference data. */
export const metaSchema = z.strictObject({
  assistanceTypes: z.array(codeName),
  departments: z.array(z.strictObject({ code: z.string(), name: z.string(), isLead: z.boolean(), sortOrder: z.number().int(), active: z.boolean() })),
  units: z.array(unitSchema),
});

/** One line of the 乡镇台账 / 村级名册: a recipient of the register, or a paid 临时救助 case. */
export const ledgerRowSchema = z.strictObject({
  householdNo: z.string(),
  /** Masked (张**). */
  headName: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  /** dibao_urban · dibao_rural · tekun · temporary */
  kind: z.string(),
  kindName: z.string(),
  householdSize: count,
  /** The monthly amount; for 临时救助 the one-off payment. */
  amountYuan: yuan,
  /** YYYY-MM: the first month paid (临时救助: the month it was paid). */
  since: z.string(),
  /** active · suspended · terminated · paid (临时救助) */
  status: z.string(),
  statusName: z.string(),
  certificateNo: z.string().nullable(),
  /** The month (YYYY-MM) of the last decided 定期核查; null before the first (and for 临时救助). */
  lastReview: z.string().nullable(),
});
/** GET /api/roster/:village and /api/ledger/:township: a page of the rows, and the monthly amount of the active ones. */
export const ledgerPageSchema = z.strictObject({
  township: codeName,
  /** The village of a 村级名册 (null for a township's ledger). */
  village: codeName.nullable(),
  total: count,
  activeAmountYuan: yuan,
  items: z.array(ledgerRowSchema),
});

/** A notice on the public 公示 page (already masked by the server). */
export const publicNoticeSchema = z.strictObject({ noticeNo: z.string(), content: z.string(), publishedAt: instant, objectionDeadline: instant });
/** GET /api/public/notices. */
export const publicNoticeListSchema = z.strictObject({ items: z.array(publicNoticeSchema) });

/** GET /api/health (200 when everything is up; the same shape with 503 when degraded). */
export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  database: z.strictObject({ ok: z.boolean(), latencyMs: count.optional(), error: z.string().optional() }),
  engine: z.strictObject({ ok: z.boolean(), version: z.string().optional(), latencyMs: count.optional(), error: z.string().optional() }),
  workers: z.strictObject({ ok: z.boolean(), count, topics: z.array(z.string()), items: z.array(z.strictObject({ workerId: z.string(), lastSeenAt: instant, topics: z.array(z.string()) })) }),
  /** Engine outbox rows waiting for the reconciler, and given up. */
  outbox: z.strictObject({ pending: count, failed: count }).optional(),
});

/** GET /api/openapi.json: an OpenAPI 3.1 document (its paths are the operations). */
export const openApiDocumentSchema = z.object({ openapi: z.literal('3.1.0'), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.record(z.string(), z.unknown())) });
