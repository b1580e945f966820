/**
 * The success answers of the API, by operation (`'GET /cases/:id'`: the method and the path under /api in
 * express syntax, as server/openapi.ts lists them). test/integration/answers.test.ts calls every one of
 * them and parses the answer with its schema; a route module that declares its operations
 * (server/operation.ts) names the same schema as its `response`, checked on every answer in test mode.
 * File downloads (CSV, XLSX, attachments) have no JSON answer and are not listed.
 */
import type { z } from 'zod';
import { caseListPageSchema, donePageSchema, inboxPageSchema } from '../lists.schema.js';
import * as admin from './admin.js';
import * as adjustment from './adjustment.js';
import * as campaign from './campaign.js';
import * as cases from './cases.js';
import { okSchema } from './common.js';
import * as conference from './conference.js';
import * as meta from './meta.js';
import * as money from './money.js';
import * as price from './price.js';
import * as process from './process.js';
import * as review from './review.js';
import * as statistics from './statistics.js';
import * as tasks from './tasks.js';

export const ANSWERS: Record<string, z.ZodType> = {
  // session and reference data
  'POST /auth/login': meta.profileSchema,
  'POST /auth/logout': okSchema,
  'GET /auth/me': meta.profileSchema,
  'GET /auth/session': meta.sessionSchema,
  'POST /auth/password': okSchema,
  'GET /health': meta.healthSchema,
  'GET /openapi.json': meta.openApiDocumentSchema,
  'GET /meta': meta.metaSchema,
  'GET /processes/:key/xml': process.processXmlSchema,

  // cases
  'POST /cases': cases.registerResultSchema,
  'POST /cases/temporary': cases.registerResultSchema,
  'GET /cases': caseListPageSchema,
  'GET /cases/:id': cases.caseFileSchema,
  'POST /cases/:id/lookup-code': cases.lookupCodeSchema,
  'POST /cases/:id/attachments': cases.attachmentSchema,
  'GET /cases/:id/attachments': cases.attachmentListSchema,
  'POST /cases/:id/reveal': cases.revealResultSchema,
  'POST /cases/:id/withdraw': okSchema,
  'GET /households': cases.householdOptionsSchema,
  'POST /households/search': cases.householdOptionsSchema,
  'PUT /households/:id/facts': cases.householdFactsChangedSchema,
  'GET /roster/:village': meta.ledgerPageSchema,
  'GET /ledger/:township': meta.ledgerPageSchema,

  // tasks, worklists, alerts
  'GET /tasks': inboxPageSchema,
  'GET /tasks/:id': tasks.taskDetailSchema,
  'GET /tasks/:id/actions': tasks.taskActionOptionsSchema,
  'POST /tasks/:id/claim': okSchema,
  'POST /tasks/:id/unclaim': okSchema,
  'POST /tasks/:id/copy': okSchema,
  'GET /tasks/copies': tasks.copyPageSchema,
  'POST /tasks/copies/:copyId/read': tasks.copyReadSchema,
  'POST /tasks/:id/urge': okSchema,
  'POST /tasks/:id/transfer': okSchema,
  'POST /tasks/:id/delegate': okSchema,
  'POST /tasks/:id/resolve': okSchema,
  'POST /tasks/:id/cosign': okSchema,
  'POST /tasks/:id/sign': okSchema,
  'POST /tasks/:id/return': tasks.returnResultSchema,
  'POST /tasks/:id/recall': tasks.recallResultSchema,
  'POST /tasks/:id/complete': okSchema,
  'GET /worklist/done': donePageSchema,
  'GET /worklist/initiated': tasks.initiatedPageSchema,
  'GET /alerts': tasks.alertPageSchema,
  'POST /alerts/:id/ack': okSchema,
  'POST /alerts/ack-all': tasks.ackAllSchema,
  'GET /accountability': tasks.accountabilityPageSchema,
  'GET /accountability/:id': tasks.accountabilityDetailSchema,
  'POST /accountability/:id/explanation': tasks.accountabilityDetailSchema,
  'POST /accountability/:id/decision': tasks.accountabilityDetailSchema,

  // 联席会议
  'POST /conferences': conference.conferenceRaisedSchema,
  'GET /conferences': conference.conferenceListSchema,
  'GET /conferences/:id': conference.conferenceFileSchema,
  'POST /conferences/:id/tasks/:taskId/complete': conference.conferenceTaskDoneSchema,

  // public pages
  'GET /public/notices': meta.publicNoticeListSchema,
  'GET /public/policy-sheets': admin.policySheetIndexSchema,
  'GET /public/policy-sheets/:kind': admin.policySheetAnswerSchema,
  'POST /public/lookup': cases.lookupResultSchema,
  'GET /public/payment-results': money.paymentArchiveSchema,

  // administration
  'GET /admin/users': admin.userPageSchema,
  'POST /admin/users': admin.userWithPasswordSchema,
  'PATCH /admin/users/:id': admin.userViewSchema,
  'POST /admin/users/:id/reset-password': admin.userWithPasswordSchema,
  'GET /admin/departments': admin.adminDepartmentListSchema,
  'GET /admin/processes': admin.processVersionListSchema,
  'GET /admin/time-limits': admin.timeLimitListSchema,
  'PUT /admin/time-limits/:id': admin.timeLimitRuleSchema,
  'DELETE /admin/time-limits/:id/own': admin.timeLimitRuleSchema,
  'POST /admin/time-limits/:id/apply': admin.timeLimitAppliedSchema,
  'GET /admin/settings': admin.settingListSchema,
  'PUT /admin/settings/township-limit': admin.settingListSchema,
  'DELETE /admin/settings/township-limit': admin.settingListSchema,
  'GET /admin/calendar': admin.calendarListSchema,
  'GET /admin/counties': admin.countyListSchema,
  'POST /admin/counties': admin.countyCreatedSchema,
  'GET /admin/audit': admin.auditPageSchema,
  'GET /admin/standards': money.adminStandardsSchema,
  'POST /admin/standards': money.standardSchema,
  'GET /admin/campaign-start-day': campaign.campaignStartDaySchema,
  'PUT /admin/campaign-start-day': campaign.campaignStartDaySchema,

  // money
  'GET /standards': money.standardsSchema,
  'GET /recipients': money.recipientPageSchema,
  'GET /recipients/:id': money.recipientDetailSchema,
  'POST /recipients/:id/changes': money.recipientDetailSchema,
  'GET /payroll': money.payrollListSchema,
  'POST /payroll': money.payrollStartedSchema,
  'GET /payroll/:id': money.payrollDetailSchema,
  'GET /payroll/:id/reconciliation': money.reconciliationSchema,

  // 冬春救助
  'GET /campaigns': campaign.campaignListSchema,
  'POST /campaigns': campaign.campaignStartedSchema,
  'GET /campaigns/:id': campaign.campaignDetailSchema,
  'POST /campaigns/:id/tasks/:taskId/complete': campaign.campaignTaskDoneSchema,
  'GET /monitor/campaigns': campaign.campaignMonitorSchema,

  // 物价联动
  'GET /price': price.priceOverviewSchema,
  'PUT /price/settings': price.priceSettingsStoredSchema,
  'POST /price/figures': price.priceFigureEnteredSchema,
  'GET /price/groups': price.priceGroupsSchema,

  // 救助标准年度调整
  'GET /standard-adjustments': adjustment.adjustmentOverviewSchema,
  'POST /standard-adjustments': adjustment.adjustmentStartedSchema,
  'PUT /standard-adjustments/schedule': adjustment.adjustmentDaySchema,

  // 定期核查
  'GET /reviews': review.reviewPageSchema,
  'GET /reviews/overview': review.reviewOverviewSchema,
  'GET /reviews/reportable': review.reviewReportableSchema,
  'POST /reviews/rounds': review.reviewRoundStartedSchema,
  'POST /reviews/reports': review.reviewReportedSchema,
  'PUT /reviews/frequencies/:reviewClass': review.reviewOverviewSchema,
  'GET /reviews/:id': review.reviewDetailSchema,
  'GET /reviews/:id/notice': review.reviewNoticeSchema,
  'POST /reviews/:id/tasks/:taskId/complete': review.reviewTaskDoneSchema,

  // statistics and process administration
  'GET /statistics': statistics.statisticsReportSchema,
  'GET /statistics/year': statistics.yearStatisticsSchema,
  'GET /monitor/:key': process.monitorCountsSchema,
  'GET /monitor/:key/heat': process.monitorHeatSchema,
  'GET /monitor/:key/activities/:activityId': process.monitorInstancesSchema,
  'GET /incidents': process.incidentListSchema,
  'GET /versions': process.versionsOverviewSchema,
  'GET /versions/:definitionId/instances': process.versionInstancesSchema,
  'GET /versions/migrations': process.migrationListSchema,
  'GET /decisions': process.decisionListSchema,
  'GET /decisions/:key/edits': process.decisionEditsSchema,
  'POST /decisions/:key/check': process.checkReportSchema,
};
