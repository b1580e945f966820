/**
 * Answers of the process pages: 流程监控 (/api/monitor), 流程故障 (/api/incidents), 版本与迁移 (/api/versions),
 * 决策表 and their revisions (/api/decisions), and a process diagram (/api/processes/:key/xml).
 */
import { z } from 'zod';
import { count, engineInstant, instant, itemsOf } from './common.js';

/** GET /api/monitor/:key: per activity, the county's running instances, overdue tasks and incidents. */
export const monitorCountsSchema = z.strictObject({
  processKey: z.string(),
  /** Running instances of the process (all versions). */
  total: count,
  activities: z.array(z.strictObject({ activityId: z.string(), running: count, overdue: count, incidents: count })),
  /** When the server counted. */
  at: instant,
});
/** GET /api/monitor/:key/heat: how long completed tasks waited per step over a period. */
export const monitorHeatSchema = z.strictObject({
  processKey: z.string(),
  from: instant,
  to: instant,
  activities: z.array(z.strictObject({ activityId: z.string(), name: z.string(), completed: count, avgMs: z.number().int(), p90Ms: z.number().int() })),
});
/** GET /api/monitor/:key/activities/:activityId: the county's instances at a step. */
export const monitorInstancesSchema = itemsOf(
  z.strictObject({
    taskId: z.string(),
    taskName: z.string(),
    processInstanceId: z.string(),
    caseId: z.uuid().nullable(),
    caseNo: z.string().nullable(),
    campaignId: z.uuid().nullable(),
    created: engineInstant,
    due: engineInstant.nullable(),
    assignee: z.string().nullable(),
    overdue: z.boolean(),
  }),
);

/** One incident as the admins' page shows it. */
export const incidentViewSchema = z.strictObject({
  id: z.string(),
  type: z.string(),
  typeName: z.string(),
  processKey: z.string(),
  processName: z.string(),
  processInstanceId: z.string(),
  activityId: z.string(),
  activityName: z.string(),
  /** The error in Chinese where known. */
  message: z.string(),
  /** The engine's (or the worker's) original message. */
  rawMessage: z.string().nullable(),
  occurredAt: instant,
  caseId: z.uuid().nullable(),
  caseNo: z.string().nullable(),
  businessKey: z.string().nullable(),
  /** The unit of the incident's case (null without a case). */
  unitCode: z.string().nullable(),
});
/** GET /api/incidents. */
export const incidentListSchema = itemsOf(incidentViewSchema);
/** POST /api/incidents/retry. */
export const incidentRetriedSchema = z.strictObject({ retried: z.array(z.strictObject({ id: z.string(), caseNo: z.string().nullable(), activityName: z.string() })) });

/** 版本与迁移: one deployed version of a process, with its running instances in the admin's county. */
export const versionRowSchema = z.strictObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  version: z.number().int().min(1),
  latest: z.boolean(),
  deployedAt: instant.nullable(),
  /** Who deployed it: the platform at start, a decision edit's approver, or the deployment's source. */
  deployedBy: z.string().nullable(),
  runningInstances: count,
});
/** One deployed version of a decision (DMN). */
export const decisionVersionRowSchema = versionRowSchema.omit({ runningInstances: true });
/** GET /api/versions. */
export const versionsOverviewSchema = z.strictObject({ processes: z.array(versionRowSchema), decisions: z.array(decisionVersionRowSchema) });
/** A running instance of one version, with the steps it waits in (in Chinese). */
export const versionInstanceRowSchema = z.strictObject({ id: z.string(), businessKey: z.string().nullable(), steps: z.array(z.string()) });
/** GET /api/versions/:definitionId/instances. */
export const versionInstancesSchema = itemsOf(versionInstanceRowSchema);

/** One step of a migration plan: a source activity and the target activity it maps to (null: none), in Chinese. */
export const migrationMappingRowSchema = z.strictObject({
  sourceActivityId: z.string(),
  sourceName: z.string(),
  targetActivityId: z.string().nullable(),
  targetName: z.string().nullable(),
  /** The engine's validation failures of this instruction, summarised in Chinese. */
  failures: z.array(z.string()),
});
/** POST /api/versions/plan: a migration plan as the admin reviews it before executing. */
export const migrationPlanViewSchema = z.strictObject({
  processKey: z.string(),
  processName: z.string(),
  source: z.strictObject({ id: z.string(), version: z.number().int() }),
  target: z.strictObject({ id: z.string(), version: z.number().int() }),
  mappings: z.array(migrationMappingRowSchema),
  /** Steps of the target version that no source step maps to (new steps). */
  newTargetSteps: z.array(z.strictObject({ activityId: z.string(), name: z.string() })),
  valid: z.boolean(),
  failures: z.array(z.string()),
});
/** One migration as recorded and read back: the batch's progress and each instance's outcome. */
export const migrationViewSchema = z.strictObject({
  id: z.uuid(),
  processKey: z.string(),
  processName: z.string(),
  sourceVersion: z.number().int(),
  targetVersion: z.number().int(),
  startedBy: z.string(),
  startedAt: instant,
  /** running: the batch still has jobs; finished: it has none left. */
  state: z.enum(['running', 'finished']),
  progress: z.strictObject({ total: count, completed: count, failed: count, remaining: count }).nullable(),
  instances: z.array(z.strictObject({ id: z.string(), businessKey: z.string().nullable(), outcome: z.enum(['moved', 'not-moved', 'ended']) })),
  moved: count,
  notMoved: count,
  ended: count,
  rerunOf: z.uuid().nullable(),
});
/** GET /api/versions/migrations: the county's migrations, newest first. */
export const migrationListSchema = itemsOf(
  z.strictObject({
    id: z.uuid(),
    processKey: z.string(),
    sourceVersion: z.number().int(),
    targetVersion: z.number().int(),
    instances: count,
    startedBy: z.string(),
    startedAt: instant,
    rerunOf: z.uuid().nullable(),
  }),
);

/** GET /api/decisions: each decision's current XML. */
export const decisionListSchema = itemsOf(z.strictObject({ key: z.string(), definitionId: z.string(), xml: z.string() }));

const dmnValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** One test case of a decision: inputs and the matched rules' outputs expected (in any order). */
export const decisionTestCaseSchema = z.strictObject({ name: z.string(), inputs: z.record(z.string(), dmnValue), expected: z.array(z.record(z.string(), dmnValue)) });
/** The result of one test case on the candidate version. */
export const testCaseResultSchema = z.strictObject({
  name: z.string(),
  passed: z.boolean(),
  expected: z.array(z.record(z.string(), z.unknown())),
  actual: z.array(z.record(z.string(), z.unknown())).nullable(),
  error: z.string().nullable(),
});
/** A real evaluation whose outcome the candidate version changes. */
export const replayChangeSchema = z.strictObject({
  evaluatedAt: z.string(),
  caseNo: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  before: z.array(z.record(z.string(), z.unknown())),
  after: z.array(z.record(z.string(), z.unknown())).nullable(),
  error: z.string().nullable(),
});
/** POST /api/decisions/:key/check: what 检查 answers for a candidate decision version. */
export const checkReportSchema = z.strictObject({
  passed: z.boolean(),
  testCases: z.array(testCaseResultSchema),
  replay: z.strictObject({ evaluated: count, skipped: count, changed: z.array(replayChangeSchema) }),
});
/** GET /api/decisions/:key/edits: the versions, the stored test cases and the proposals. */
export const decisionEditsSchema = z.strictObject({
  key: z.string(),
  approverRoles: z.array(z.string()),
  versions: z.array(z.strictObject({ version: z.number().int(), definitionId: z.string(), deploymentId: z.string() })),
  testCases: z.array(decisionTestCaseSchema),
  proposals: z.array(
    z.strictObject({
      id: z.uuid(),
      status: z.enum(['pending', 'approved', 'rejected']),
      note: z.string(),
      xml: z.string(),
      report: checkReportSchema,
      proposedBy: z.string().nullable(),
      proposedById: z.uuid(),
      proposedAt: instant,
      decidedBy: z.string().nullable(),
      decidedAt: instant.nullable(),
      decisionNote: z.string().nullable(),
      deployedVersion: z.number().int().nullable(),
    }),
  ),
});
/** POST /api/decisions/:key/proposals: the proposal stored with its check. */
export const decisionProposedSchema = z.strictObject({ id: z.uuid(), status: z.literal('pending'), report: checkReportSchema });
/** POST /api/decisions/proposals/:id/approve: deployed as a new version. */
export const decisionApprovedSchema = z.strictObject({ id: z.uuid(), status: z.literal('approved'), version: z.number().int(), report: checkReportSchema });
/** POST /api/decisions/proposals/:id/reject. */
export const decisionRejectedSchema = z.strictObject({ id: z.uuid(), status: z.literal('rejected') });

/** GET /api/processes/:key/xml: the process diagram (BPMN XML). */
export const processXmlSchema = z.strictObject({ key: z.string(), xml: z.string() });
