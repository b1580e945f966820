/** Answers of 物价联动 (/api/price): the county's months, decisions and subsidies, the settings, the other groups' rosters. */
import { z } from 'zod';
import { RECIPIENT_KINDS } from '../kinds.js';
import { count, engineInstant, instant, month, yuan } from './common.js';

const group = z.strictObject({ code: z.string(), name: z.string() });

/** The county's linkage settings as PUT /api/price/settings stores them (basis points and fen). */
export const priceSettingsStoredSchema = z.strictObject({
  cpiThresholdBp: z.number().int(),
  foodThresholdBp: z.number().int(),
  amountFenPerPerson: z.number().int(),
  kinds: z.array(z.enum(RECIPIENT_KINDS)),
  /** 其他保障群体: groups outside the register the county includes. */
  groups: z.array(group),
});

/** One subsidy (价格临时补贴) of a month, with its computation and 财政's decision once made. */
export const priceSubsidyViewSchema = z.strictObject({
  id: z.uuid(),
  month,
  figureNo: z.string(),
  status: z.enum(['computing', 'finance_review', 'paying', 'instructed', 'withdrawn']),
  statusName: z.string(),
  kinds: z.array(z.string()),
  groups: z.array(z.string()),
  amountYuanPerPerson: yuan.nullable(),
  households: count.nullable(),
  persons: count.nullable(),
  totalYuan: yuan.nullable(),
  formula: z.string().nullable(),
  computedBy: z.string().nullable(),
  fundsRef: z.string().nullable(),
  approvedBy: z.string().nullable(),
  financeOpinion: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  lines: count,
  paid: count,
});

/** GET /api/price: the county's price figures (every version) with their decisions, the subsidies, the settings and the user's tasks. */
export const priceOverviewSchema = z.strictObject({
  countyCode: z.string(),
  settings: z.strictObject({ cpiThreshold: z.number(), foodThreshold: z.number(), amountYuanPerPerson: yuan, kinds: z.array(z.enum(RECIPIENT_KINDS)), groups: z.array(group) }),
  figures: z.array(
    z.strictObject({
      id: z.uuid(),
      figureNo: z.string(),
      month,
      version: z.number().int().min(1),
      cpiYoy: z.number(),
      foodYoy: z.number(),
      source: z.string(),
      correctionReason: z.string().nullable(),
      enteredBy: z.string(),
      createdAt: instant,
      /** The decision (null while the engine decides). */
      triggered: z.boolean().nullable(),
      reason: z.string().nullable(),
      outcome: z.string().nullable(),
      outcomeName: z.string(),
      cpiThresholdBp: z.number().int().nullable(),
      foodThresholdBp: z.number().int().nullable(),
      cpiThreshold: z.number().nullable(),
      foodThreshold: z.number().nullable(),
      decidedAt: instant.nullable(),
    }),
  ),
  subsidies: z.array(priceSubsidyViewSchema),
  tasks: z.array(z.strictObject({ taskId: z.string(), taskKey: z.string(), name: z.string(), due: engineInstant.nullable(), subsidyId: z.uuid().nullable() })),
});

/** POST /api/price/figures: the version entered. */
export const priceFigureEnteredSchema = z.strictObject({ id: z.uuid(), figureNo: z.string(), month, version: z.number().int().min(1) });

/** GET /api/price/subsidies/:id: the subsidy with the register's counts per kind and group, and the settings. */
export const priceSubsidyDetailSchema = priceSubsidyViewSchema.extend({
  register: z.array(z.strictObject({ kind: z.string(), kindName: z.string(), group: z.boolean(), households: count, persons: count })),
  settings: priceSettingsStoredSchema,
});

/** POST /api/price/subsidies/:id/tasks/:taskId/complete: the computation, or the subsidy's status after 财政's decision. */
export const priceTaskDoneSchema = z.union([z.strictObject({ status: z.string(), households: count, persons: count, totalYuan: yuan, formula: z.string() }), z.strictObject({ status: z.string() })]);

/** GET /api/price/groups: the county's other groups and their members (masked). */
export const priceGroupsSchema = z.strictObject({
  groups: z.array(group.extend({ members: count })),
  members: z.array(
    z.strictObject({
      id: z.uuid(),
      groupCode: z.string(),
      groupName: z.string(),
      persons: count,
      fromMonth: month,
      toMonth: month.nullable(),
      note: z.string().nullable(),
      addedBy: z.string(),
      addedAt: instant,
      endedBy: z.string().nullable(),
      endReason: z.string().nullable(),
      householdNo: z.string(),
      headName: z.string(),
      village: z.string(),
      township: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
  mayEdit: z.boolean(),
});
/** POST /api/price/groups/members: the member listed (and whether a household was registered for them). */
export const priceGroupMemberAddedSchema = z.strictObject({ id: z.uuid(), groupCode: z.string(), householdId: z.uuid(), newHousehold: z.boolean(), idNumber: z.string() });
/** POST /api/price/groups/members/:id/end. */
export const priceGroupMemberEndedSchema = z.strictObject({ id: z.uuid(), toMonth: month });
