/**
 * The OpenAPI 3.1 description of /api, served at GET /api/openapi.json. The
 * request schemas are generated (z.toJSONSchema) from the very zod schemas the
 * routes parse with, so they cannot drift; a test checks that every route the
 * express app serves is described here and nothing else. The fuzz test drives
 * every operation from this description.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { changePasswordSchema, householdFactsSchema, listQuerySchema, loginSchema, registerCaseSchema } from '../contracts/case.schema.js';
import { CONFERENCE_TASK_FORMS, conferenceListQuerySchema, raiseConferenceSchema, superviseSchema } from '../contracts/conference.schema.js';
import { createUserSchema, updateDepartmentSchema, updateUserSchema, userListQuerySchema } from '../contracts/admin.schema.js';
import { statisticsQuerySchema } from '../contracts/statistics.schema.js';
import { caseListQuerySchema, doneQuerySchema, inboxQuerySchema, initiatedQuerySchema } from '../contracts/worklist.schema.js';
import { ACCOUNTABILITY_ROLES, CONFERENCE_ROLES, INITIATED_ROLES, STATISTICS_ROLES, TASK_ROLES, URGE_ROLES } from '../contracts/roles.js';
import { APPLICATION_FORMS } from '../domain/forms/application.forms.js';

import { adjustmentDaySchema, adjustmentProposeSchema, adjustmentReviewSchema, adjustmentStartSchema } from '../contracts/adjustment.schema.js';
import { auditQuerySchema, calendarSchema, createCountySchema, policySheetQuerySchema, policySheetSchema, ruleSchema, townshipLimitSchema } from '../contracts/admin.schema.js';
import { campaignStartDaySchema, campaignStartSchema, countyApprovalSchema, surveySchema, townshipReviewSchema } from '../contracts/campaign.schema.js';
import { accountabilityDecisionSchema, copySchema, cosignSchema, delegateSchema, explanationSchema, recallSchema, resolveSchema, returnSchema, signSchema, transferSchema, urgeSchema } from '../contracts/task.schema.js';
import { decisionProposalSchema, decisionVerdictSchema, heatQuerySchema, incidentRetrySchema, migrationPlanSchema } from '../contracts/process-admin.schema.js';
import { frequencySchema, reviewDecisionSchema, reviewQuerySchema, reviewReportSchema, reviewRoundSchema, reviewVisitSchema } from '../contracts/review.schema.js';
import { groupMemberEndSchema, groupMemberSchema, priceFigureSchema, subsidyApproveSchema, subsidyComputeSchema } from '../contracts/price.schema.js';
import { ledgerQuerySchema } from '../contracts/lists.schema.js';
import { lookupSchema, objectionSchema, revealSchema, temporaryCaseSchema, uploadQuerySchema, withdrawSchema } from '../contracts/case.schema.js';
import { yearQuerySchema } from '../contracts/statistics.schema.js';
import { householdSearchSchema } from '../contracts/case.schema.js';
import { migrationRequestSchema } from '../contracts/process-admin.schema.js';
import { priceSettingsSchema } from '../contracts/price.schema.js';
import type { Access, Operation, OperationGroup } from './operation.js';

export type { Operation } from './operation.js';
import { campaignAdminOps, campaignOps } from './routes/campaign.routes.js';
import { payrollOps, publicPaymentOps, recipientOps, standardsAdminOps, standardsOps } from './routes/money.routes.js';

/** An operation not yet declared by its route module (server/operation.ts); the list shrinks as modules declare theirs. */
type UnboundOperation = Omit<Operation, 'status'> & { access: Access };

const alertListQuery = listQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() });
/** 办理: the body is the form of the task's step, one of these. */
const taskCompleteBody = z.union(Object.values(APPLICATION_FORMS).map((f) => f.schema) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
const conferenceCompleteBody = z.union(Object.values(CONFERENCE_TASK_FORMS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

/** Operations still declared here, apart from their routes. */
const UNBOUND: UnboundOperation[] = [
  { method: 'get', path: '/health', summary: '系统健康状态（数据库、流程引擎、工作进程）', access: 'public', changes: false },
  { method: 'get', path: '/openapi.json', summary: '本接口说明（OpenAPI 3.1）', access: 'public', changes: false },
  { method: 'post', path: '/auth/login', summary: '登录', access: 'public', body: loginSchema, changes: true },
  { method: 'post', path: '/auth/logout', summary: '退出登录', access: 'public', changes: true },
  { method: 'get', path: '/auth/me', summary: '当前用户', access: 'user', changes: false },
  { method: 'get', path: '/auth/session', summary: '当前会话：登录用户，未登录时为 null', access: 'public', changes: false },
  { method: 'post', path: '/auth/password', summary: '修改密码', access: 'user', body: changePasswordSchema, changes: true },
  { method: 'post', path: '/cases', summary: '窗口受理登记（社会救助申请）', access: ['clerk'], body: registerCaseSchema, changes: true },
  { method: 'post', path: '/cases/temporary', summary: '临时救助申请（窗口受理、村级主动发现或乡村振兴部门推送）', access: ['clerk', 'village', 'handler', 'head'], body: temporaryCaseSchema, changes: true },
  { method: 'get', path: '/cases', summary: '申请查询（受理编号、户主姓名、村、类型、当前环节、逾期、登记日期）', access: 'user', query: caseListQuerySchema, changes: false },
  { method: 'post', path: '/cases/:id/lookup-code', summary: '重新出具受理通知书（新查询码，原查询码失效）', access: ['clerk'], changes: true },
  { method: 'post', path: '/cases/:id/attachments', summary: '上传附件（材料扫描件、入户调查照片；请求体为文件本身，按内容判断类型）', access: ['clerk', 'village', 'handler', 'head'], query: uploadQuerySchema, changes: true },
  { method: 'get', path: '/cases/:id/attachments', summary: '案卷附件列表', access: 'user', changes: false },
  { method: 'get', path: '/cases/:id/attachments/:attachmentId', summary: '查看附件（留痕审计）', access: 'user', changes: false },
  { method: 'post', path: '/cases/:id/withdraw', summary: '申请人撤回', access: ['clerk'], body: withdrawSchema, changes: true },
  { method: 'get', path: '/cases/:id', summary: '案卷', access: 'user', changes: false },
  { method: 'post', path: '/cases/:id/reveal', summary: '查看完整个人信息（须说明理由，留痕审计）', access: 'user', body: revealSchema, changes: true },
  { method: 'get', path: '/tasks', summary: '待办', access: TASK_ROLES, query: inboxQuerySchema, changes: false },
  { method: 'get', path: '/tasks/copies', summary: '抄送我的', access: 'user', query: listQuerySchema, changes: false },
  { method: 'post', path: '/tasks/copies/:copyId/read', summary: '抄送标为已读', access: 'user', changes: true },
  { method: 'get', path: '/tasks/:id', summary: '任务', access: TASK_ROLES, changes: false },
  { method: 'get', path: '/tasks/:id/actions', summary: '任务可用的操作（转办、委派、加签的接收人，退回环节，委派与加签状态）', access: TASK_ROLES, changes: false },
  { method: 'post', path: '/tasks/:id/claim', summary: '签收', access: TASK_ROLES, changes: true },
  { method: 'post', path: '/tasks/:id/unclaim', summary: '取消签收', access: TASK_ROLES, changes: true },
  { method: 'post', path: '/tasks/:id/cosign', summary: '加签（请有权办理该任务的同事先签署意见）', access: TASK_ROLES, body: cosignSchema, changes: true },
  { method: 'post', path: '/tasks/:id/sign', summary: '签署加签意见', access: TASK_ROLES, body: signSchema, changes: true },
  { method: 'post', path: '/tasks/:id/recall', summary: '撤回已办结的环节（下一环节未签收时）', access: TASK_ROLES, body: recallSchema, changes: true },
  { method: 'post', path: '/tasks/:id/urge', summary: '手动催办', access: URGE_ROLES, body: urgeSchema, changes: true },
  { method: 'post', path: '/tasks/:id/transfer', summary: '转办', access: TASK_ROLES, body: transferSchema, changes: true },
  { method: 'post', path: '/tasks/:id/delegate', summary: '委派', access: TASK_ROLES, body: delegateSchema, changes: true },
  { method: 'post', path: '/tasks/:id/resolve', summary: '委派办结交回', access: TASK_ROLES, body: resolveSchema, changes: true },
  { method: 'post', path: '/tasks/:id/return', summary: '退回', access: TASK_ROLES, body: returnSchema, changes: true },
  { method: 'post', path: '/tasks/:id/copy', summary: '抄送', access: TASK_ROLES, body: copySchema, changes: true },
  { method: 'post', path: '/tasks/:id/complete', summary: '办理（表单随步骤而定）', access: TASK_ROLES, body: taskCompleteBody, changes: true },
  { method: 'post', path: '/conferences', summary: '提出联席会议议题', access: ['coordinator'], body: raiseConferenceSchema, changes: true },
  { method: 'get', path: '/conferences', summary: '议题列表', access: CONFERENCE_ROLES, query: conferenceListQuerySchema, changes: false },
  { method: 'get', path: '/conferences/:id', summary: '议题', access: CONFERENCE_ROLES, changes: false },
  { method: 'post', path: '/conferences/:id/tasks/:taskId/complete', summary: '办理联席会议任务（表单随步骤而定）', access: CONFERENCE_ROLES, body: conferenceCompleteBody, changes: true },
  { method: 'post', path: '/conferences/:id/items/:itemId/supervise', summary: '督办议定事项', access: ['coordinator', 'leader'], body: superviseSchema, changes: true },
  { method: 'get', path: '/public/notices', summary: '公示（无需登录）', access: 'public', changes: false },
  { method: 'get', path: '/public/policy-sheets', summary: '明白纸：各类救助（无需登录）', access: 'public', query: policySheetQuerySchema, changes: false },
  { method: 'get', path: '/public/policy-sheets/:kind', summary: '明白纸：一类救助的申请条件、所需材料、办理时限、现行标准、异议途径、咨询电话（无需登录）', access: 'public', query: policySheetQuerySchema, changes: false },
  { method: 'put', path: '/admin/policy-sheets/:kind', summary: '编辑明白纸（管理员）', access: ['admin'], body: policySheetSchema, changes: true },
  { method: 'post', path: '/public/lookup', summary: '求助有门：凭受理编号和查询码查询办理进度（无需登录）', access: 'public', body: lookupSchema, changes: true },
  { method: 'post', path: '/public/notices/:noticeNo/objections', summary: '对公示提出异议（无需登录）', access: 'public', body: objectionSchema, changes: true },
  { method: 'get', path: '/alerts', summary: '我的预警', access: 'user', query: alertListQuery, changes: false },
  { method: 'post', path: '/alerts/ack-all', summary: '全部标为已读', access: 'user', changes: true },
  { method: 'post', path: '/alerts/:id/ack', summary: '标为已读', access: 'user', changes: true },
  { method: 'get', path: '/accountability', summary: '问责台账', access: ACCOUNTABILITY_ROLES, query: listQuerySchema, changes: false },
  { method: 'get', path: '/accountability/:id', summary: '问责记录', access: 'user', changes: false },
  { method: 'post', path: '/accountability/:id/explanation', summary: '情况说明', access: ['handler', 'head', 'village'], body: explanationSchema, changes: true },
  { method: 'post', path: '/accountability/:id/decision', summary: '问责处理决定', access: ['leader'], body: accountabilityDecisionSchema, changes: true },
  { method: 'get', path: '/admin/time-limits', summary: '办理时限规则：本县现行的（自设或沿用全省默认）；系统管理员（全省）看默认值', access: ['admin', 'sysadmin'], changes: false },
  { method: 'put', path: '/admin/time-limits/:id', summary: '修改办理时限：县系统管理员设本县的取值，系统管理员（全省）改全省默认值', access: ['admin', 'sysadmin'], body: ruleSchema, changes: true },
  { method: 'delete', path: '/admin/time-limits/:id/own', summary: '恢复默认：删除本县自设的办理时限，沿用全省默认值', access: ['admin'], changes: true },
  { method: 'post', path: '/admin/time-limits/:id/apply', summary: '将办理时限规则应用到该环节的在办任务（重算期限，移动催办、逾期、升级计时器）', access: ['admin'], changes: true },
  { method: 'get', path: '/admin/calendar', summary: '工作日历（全省共用）', access: ['admin', 'sysadmin'], changes: false },
  { method: 'put', path: '/admin/calendar/:year', summary: '设置某年的工作日历（系统管理员（全省））', access: ['sysadmin'], body: calendarSchema, changes: true },
  { method: 'get', path: '/admin/settings', summary: '系统参数（乡镇审批限额等）：本县现行值、是否自设、全省默认值', access: ['admin', 'sysadmin'], changes: false },
  { method: 'put', path: '/admin/settings/township-limit', summary: '修改临时救助乡镇审批限额（也是先行救助上限）：本县取值或全省默认值', access: ['admin', 'sysadmin'], body: townshipLimitSchema, changes: true },
  { method: 'delete', path: '/admin/settings/township-limit', summary: '恢复默认：删除本县自设的乡镇审批限额', access: ['admin'], changes: true },
  { method: 'get', path: '/admin/counties', summary: '县（区）列表（系统管理员（全省））', access: ['sysadmin'], changes: false },
  { method: 'post', path: '/admin/counties', summary: '新增县（区）及其乡镇、村和县系统管理员账号（初始密码只显示一次）', access: ['sysadmin'], body: createCountySchema, changes: true },
  { method: 'get', path: '/admin/audit', summary: '审计日志', access: ['admin'], query: auditQuerySchema, changes: false },
  { method: 'get', path: '/admin/audit/export', summary: '审计日志导出（CSV，导出本身留痕）', access: ['admin'], query: auditQuerySchema, changes: false },
  { method: 'get', path: '/admin/users', summary: '账号列表', access: ['admin'], query: userListQuerySchema, changes: false },
  { method: 'post', path: '/admin/users', summary: '新建账号（初始密码只显示一次）', access: ['admin'], body: createUserSchema, changes: true },
  { method: 'patch', path: '/admin/users/:id', summary: '修改账号的角色、单位、部门或启停用', access: ['admin'], body: updateUserSchema, changes: true },
  { method: 'post', path: '/admin/users/:id/reset-password', summary: '重置密码（新密码只显示一次）', access: ['admin'], changes: true },
  { method: 'get', path: '/admin/departments', summary: '成员单位列表（全省共用）', access: ['admin', 'sysadmin'], changes: false },
  { method: 'patch', path: '/admin/departments/:code', summary: '修改成员单位名称或启停用（系统管理员（全省））', access: ['sysadmin'], body: updateDepartmentSchema, changes: true },
  { method: 'get', path: '/admin/processes', summary: '已部署的流程版本', access: ['admin'], changes: false },
  { method: 'get', path: '/campaigns', summary: '冬春救助（本县各季）', access: 'user', changes: false },
  { method: 'post', path: '/campaigns', summary: '启动本季冬春救助（同一县同一季只能启动一次）', access: ['handler', 'head', 'coordinator'], body: campaignStartSchema, changes: true },
  { method: 'get', path: '/campaigns/:id', summary: '冬春救助：各乡镇进度、摸底名单、审核审批意见、我的待办', access: 'user', changes: false },
  {
    method: 'post',
    path: '/campaigns/:id/tasks/:taskId/complete',
    summary: '村级摸底（只能列本村的户）、乡镇审核或县民政局、应急管理局审批',
    access: ['village', 'handler', 'head'],
    body: z.union([surveySchema, townshipReviewSchema, countyApprovalSchema]),
    changes: true,
  },
  { method: 'get', path: '/admin/campaign-start-day', summary: '冬春救助每季自动启动日', access: ['admin'], changes: false },
  { method: 'put', path: '/admin/campaign-start-day', summary: '修改冬春救助每季自动启动日（MM-DD）', access: ['admin'], body: campaignStartDaySchema, changes: true },
  { method: 'get', path: '/price', summary: '物价联动：本县各月价格数据（含更正版本）与启动决定、价格临时补贴、参数、我的待办', access: 'user', changes: false },
  { method: 'post', path: '/price/figures', summary: '发改录入某月价格数据；已录入的月份须填写更正原因（新版本）', access: ['handler', 'head'], body: priceFigureSchema, changes: true },
  { method: 'put', path: '/price/settings', summary: '物价联动参数：启动条件、每人每月补贴标准、补贴对象与其他保障群体（管理员）', access: ['admin'], body: priceSettingsSchema, changes: true },
  { method: 'get', path: '/price/subsidies/:id', summary: '价格临时补贴：核算公式、在保对象人数、审核情况', access: 'user', changes: false },
  { method: 'get', path: '/price/groups', summary: '物价联动：本县其他保障群体（孤儿、优抚对象等）名单', access: 'user', changes: false },
  { method: 'post', path: '/price/groups/members', summary: '民政将人员列入其他保障群体名单（已在系统家庭中的按原家庭，否则新登记一户）', access: ['handler', 'head'], body: groupMemberSchema, changes: true },
  { method: 'post', path: '/price/groups/members/:id/end', summary: '民政办理人员退出其他保障群体名单（最后发放月份与原因）', access: ['handler', 'head'], body: groupMemberEndSchema, changes: true },
  { method: 'get', path: '/standard-adjustments', summary: '救助标准年度调整：各类标准的历史、各年度调整方案、我的待办、年度调整日', access: 'user', changes: false },
  { method: 'post', path: '/standard-adjustments', summary: '县民政局手工启动某年度的标准调整（每县每年一次）', access: ['handler', 'head'], body: adjustmentStartSchema, changes: true },
  { method: 'put', path: '/standard-adjustments/schedule', summary: '设置本县年度调整日（MM-DD，管理员）', access: ['admin'], body: adjustmentDaySchema, changes: true },
  {
    method: 'post',
    path: '/standard-adjustments/:id/tasks/:taskId/complete',
    summary: '民政提出调整方案、财政审核或县领导审批',
    access: ['handler', 'head', 'leader'],
    body: z.union([adjustmentProposeSchema, adjustmentReviewSchema]),
    changes: true,
  },
  { method: 'post', path: '/price/subsidies/:id/tasks/:taskId/complete', summary: '民政核算价格临时补贴或财政审核补贴资金', access: ['handler', 'head'], body: z.union([subsidyComputeSchema, subsidyApproveSchema]), changes: true },
  { method: 'get', path: '/reviews', summary: '定期核查：核查列表（本辖区）', access: 'user', query: reviewQuerySchema, changes: false },
  { method: 'get', path: '/reviews/overview', summary: '定期核查：核查频次和各月批次', access: 'user', changes: false },
  { method: 'get', path: '/reviews/reportable', summary: '可报告情况变化的在保对象（本村或本辖区）', access: ['village', 'clerk'], changes: false },
  { method: 'post', path: '/reviews/rounds', summary: '按月启动定期核查（县民政；同一月份只能启动一次）', access: ['handler', 'head'], body: reviewRoundSchema, changes: true },
  { method: 'post', path: '/reviews/reports', summary: '报告在保对象情况变化（迁出、死亡、收入增加等），随即启动核查', access: ['village', 'clerk'], body: reviewReportSchema, changes: true },
  { method: 'put', path: '/reviews/frequencies/:reviewClass', summary: '设置某类家庭的核查频次（管理员）', access: ['admin'], body: frequencySchema, changes: true },
  { method: 'get', path: '/reviews/:id', summary: '核查详情：复核、入户复查、民政决定和我的待办', access: 'user', changes: false },
  { method: 'get', path: '/reviews/:id/notice', summary: '核查结论告知书', access: 'user', changes: false },
  { method: 'post', path: '/reviews/:id/tasks/:taskId/complete', summary: '入户复查或民政核查决定', access: ['village', 'handler', 'head'], body: z.union([reviewVisitSchema, reviewDecisionSchema]), changes: true },
  { method: 'get', path: '/worklist/done', summary: '已办', access: TASK_ROLES, query: doneQuerySchema, changes: false },
  { method: 'get', path: '/worklist/initiated', summary: '我发起的', access: INITIATED_ROLES, query: initiatedQuerySchema, changes: false },
  { method: 'get', path: '/statistics', summary: '考核统计', access: STATISTICS_ROLES, query: statisticsQuerySchema, changes: false },
  { method: 'get', path: '/statistics/year', summary: '年度保障统计：按类别和乡镇的保障户数、每月新增与退出、定期核查按时完成情况', access: STATISTICS_ROLES, query: yearQuerySchema, changes: false },
  { method: 'get', path: '/statistics/export', summary: '考核统计导出（CSV，format=xlsx 为 Excel）', access: STATISTICS_ROLES, query: statisticsQuerySchema, changes: false },
  { method: 'get', path: '/decisions', summary: '决策表：引擎执行的各 DMN 决策（当前版本的 XML）', access: ['coordinator', 'leader', 'admin'], changes: false },
  { method: 'get', path: '/decisions/:key/edits', summary: '决策表修订：测试用例、修订提议及审批记录', access: ['coordinator', 'leader', 'admin'], changes: false },
  {
    method: 'post',
    path: '/decisions/:key/check',
    summary: '决策表修订预检：引擎解析、测试用例、最近 100 次真实输入回放（不保存、不部署）',
    access: ['coordinator', 'admin'],
    body: decisionProposalSchema.partial({ note: true }),
    changes: false,
  },
  { method: 'post', path: '/decisions/:key/proposals', summary: '提出决策表修订（协调员、管理员）', access: ['coordinator', 'admin'], body: decisionProposalSchema, changes: true },
  { method: 'post', path: '/decisions/proposals/:id/approve', summary: '批准决策表修订并部署新版本（审批人不能批准自己的提议）', access: ['coordinator', 'leader', 'admin'], body: decisionVerdictSchema, changes: true },
  { method: 'post', path: '/decisions/proposals/:id/reject', summary: '退回决策表修订', access: ['coordinator', 'leader', 'admin'], body: decisionVerdictSchema, changes: true },
  { method: 'get', path: '/monitor/:key/heat', summary: '流程监控热力：各环节等待时间的平均值和 90 分位（本县任务事实）', access: ['coordinator', 'leader'], query: heatQuerySchema, changes: false },
  { method: 'get', path: '/incidents', summary: '流程故障：失败的外部任务和作业（本辖区，管理员）', access: ['admin'], changes: false },
  { method: 'post', path: '/incidents/retry', summary: '重试流程故障（一条或多条）', access: ['admin'], body: incidentRetrySchema, changes: true },
  { method: 'get', path: '/versions', summary: '版本与迁移：各流程、决策的已部署版本及本县运行中实例数', access: ['admin'], changes: false },
  { method: 'get', path: '/versions/:definitionId/instances', summary: '某一流程版本在本县运行中的实例及其所在环节', access: ['admin'], changes: false },
  { method: 'post', path: '/versions/plan', summary: '生成并校验迁移方案（步骤对应关系，不迁移）', access: ['admin'], body: migrationPlanSchema, changes: false },
  { method: 'post', path: '/versions/migrations', summary: '将运行中的实例迁移到较新版本（引擎批处理）', access: ['admin'], body: migrationRequestSchema, changes: true },
  { method: 'get', path: '/versions/migrations', summary: '本县的迁移记录', access: ['admin'], changes: false },
  { method: 'get', path: '/versions/migrations/:id', summary: '迁移进度及每个实例的结果', access: ['admin'], changes: false },
  { method: 'post', path: '/versions/migrations/:id/rerun', summary: '重新迁移上次未迁移的实例', access: ['admin'], changes: true },
  { method: 'get', path: '/monitor/campaigns', summary: '流程监控：本县进行中的冬春救助各乡镇进度（村已上报、逾期未报、待上报，乡镇审核）', access: ['coordinator', 'leader'], changes: false },
  { method: 'get', path: '/monitor/:key', summary: '流程监控：各环节在办、逾期、异常数', access: ['coordinator', 'leader'], changes: false },
  { method: 'get', path: '/monitor/:key/activities/:activityId', summary: '流程监控：某环节的在办实例', access: ['coordinator', 'leader'], changes: false },
  { method: 'get', path: '/meta', summary: '表单参考数据', access: 'user', changes: false },
  { method: 'get', path: '/households', summary: '已登记家庭（选择用）', access: ['clerk', 'coordinator', 'handler', 'head'], changes: false },
  { method: 'put', path: '/households/:id/facts', summary: '家庭情况变更（成员残疾、就学、疾病、就业、建档立卡/监测，家庭受灾情况；与年龄矛盾的拒绝）', access: ['clerk'], body: householdFactsSchema, changes: true },
  { method: 'post', path: '/households/search', summary: '按身份证号查找本辖区已登记家庭（号码和查询事由放在请求体中，留痕、限次）', access: ['clerk', 'village'], body: householdSearchSchema, changes: false },
  { method: 'get', path: '/roster/:village', summary: '村级名册（本人辖区内的村；可按类别、状态筛选、分页）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/roster/:code/xlsx', summary: '村级名册导出（Excel，与页面同一筛选条件）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/ledger/:township', summary: '乡镇台账（本人辖区内的乡镇；可按村、类别、状态筛选、分页）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/ledger/:code/xlsx', summary: '乡镇台账导出（Excel，与页面同一筛选条件）', access: ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'], query: ledgerQuerySchema, changes: false },
  { method: 'get', path: '/processes/:key/xml', summary: '流程图（BPMN XML）', access: 'user', changes: false },
];

/** The groups the route modules declare (server/operation.ts), in the order the app mounts them. */
const GROUPS: OperationGroup[] = [publicPaymentOps, standardsAdminOps, standardsOps, recipientOps, payrollOps, campaignOps, campaignAdminOps];

/** 201 for what creates a record (only for operations still declared here: the others declare their status). */
const CREATED = /^\/(cases(\/temporary)?|conferences|public\/notices\/:noticeNo\/objections|admin\/standards|payroll|public\/payment-results\/:runNo\/:township\/objections)$|\/(urge|copy|supervise)$/;

/** Every operation under /api. */
export const OPERATIONS: Operation[] = [
  ...GROUPS.flatMap((g) => g.operations),
  ...UNBOUND.filter((u) => !GROUPS.some((g) => g.operations.some((o) => o.method === u.method && o.path === u.path))).map((u): Operation => ({ ...u, status: u.method === 'post' && CREATED.test(u.path) ? 201 : 200 })),
];

const jsonSchema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** The OpenAPI 3.1 document (built once per process). */
let cached: Record<string, unknown> | undefined;
/** The Chinese name of an audited action ("POST /api/tasks/:id/claim" → 签收), from the operations' summaries; null when unknown. */
export function actionName(action: string): string | null {
  const [method = '', path = ''] = action.split(' ');
  const op = OPERATIONS.find((o) => o.method === method.toLowerCase() && `/api${o.path}` === path);
  return op ? op.summary.replace(/（.*）$/u, '') : null;
}

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const oasPath = '/api' + op.path.replace(/:(\w+)/g, '{$1}');
    const params: unknown[] = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (op.query) {
      const q = jsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: (q.required ?? []).includes(name), schema });
    }
    const roles = op.access === 'public' ? '无需登录' : op.access === 'user' ? '任何已登录用户' : `角色：${op.access.join('、')}`;
    paths[oasPath] ??= {};
    paths[oasPath]![op.method] = {
      operationId: `${op.method}${op.path.replace(/[/:.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      description: roles,
      'x-doudi-access': op.access,
      ...(op.access === 'public' ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses: {
        [String(op.status)]: { description: '成功', content: { 'application/json': { schema: op.response ? jsonSchema(op.response, 'output') : {} } } },
        '400': errorResponse('请求格式不正确（code 指明第一个不合格的字段）'),
        ...(op.access === 'public' ? {} : { '401': errorResponse('未登录或会话已过期'), '403': errorResponse('角色或部门无权执行此操作') }),
        '404': errorResponse('对象不存在或不可见'),
        '409': errorResponse('状态不允许此操作'),
        '503': errorResponse('数据库或流程引擎暂不可用，请稍后重试（DATABASE_UNAVAILABLE、ENGINE_UNAVAILABLE）'),
      },
    };
  }
  cached = {
    openapi: '3.1.0',
    info: { title: '兜底 社会救助跨部门协同平台 API', version: '0.1.0', description: '所有错误答复为 { code, message, hint?, field? }，message 为中文。' },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'doudi_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' }, message: { type: 'string' }, hint: { type: 'string' }, field: { type: 'string' }, requestId: { type: 'string' } },
        },
      },
    },
    paths,
  };
  return cached;
}

/** What servedRoutes reads of express 5's router stack: routes, and mounted routers with their path. */
interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: string;
}

/** The routes an express app serves under /api, as `METHOD /path` in express syntax (for the drift test). */
export function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${(prefix + layer.route.path).replace(/\/$/, '') || '/'}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return out.filter((r) => r.split(' ')[1]!.startsWith('/api/')).sort();
}
