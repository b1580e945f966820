/** /api/meta and /api/households: reference data for forms (assistance types, villages, households to pick). */
import { ledgerPageSchema, metaSchema } from '../../contracts/answers/meta.js';
import { householdFactsChangedSchema, householdOptionsSchema } from '../../contracts/answers/cases.js';
import { processXmlSchema } from '../../contracts/answers/process.js';
import type { Request, Response } from 'express';
import { countyCodeOf } from '../../domain/engine/contract.js';
import { ASSISTANCE_TYPE_NAMES } from '../../domain/entities/assistance-case.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { HttpError, NotFoundError } from '../../domain/errors.js';
import { isValidIdNumber } from '../../domain/idcard.js';
import { HouseholdSearchService, householdDto } from '../../domain/services/household-search.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { householdFactsSchema } from '../../contracts/case.schema.js';
import { temporarySourceOf } from '../../domain/services/temporary.service.js';

import type { LedgerQuery } from '../../domain/services/roster.service.js';
import { attachment } from './statistics.routes.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { ledgerQuerySchema } from '../../contracts/lists.schema.js';
import { householdSearchSchema } from '../../contracts/case.schema.js';

/** Who reads 村级名册 and 乡镇台账 (the service checks the jurisdiction). */
const LEDGER_READERS = ['village', 'handler', 'head', 'coordinator', 'leader', 'admin'] as const;

export const metaOps = operations('', {
  meta: { method: 'get', path: '/meta', summary: '表单参考数据', access: 'user', response: metaSchema },
  households: { method: 'get', path: '/households', summary: '已登记家庭（选择用）', access: ['clerk', 'coordinator', 'handler', 'head'], response: householdOptionsSchema },
  searchHouseholds: {
    method: 'post',
    path: '/households/search',
    summary: '按身份证号查找本辖区已登记家庭（号码和查询事由放在请求体中，留痕、限次）',
    access: ['clerk', 'village'],
    body: householdSearchSchema,
    bodyName: '查询条件',
    changes: false,
    response: householdOptionsSchema,
  },
  householdFacts: {
    method: 'put',
    path: '/households/:id/facts',
    summary: '家庭情况变更（成员残疾、就学、疾病、就业、建档立卡/监测，家庭受灾情况；与年龄矛盾的拒绝）',
    access: ['clerk'],
    body: householdFactsSchema,
    bodyName: '家庭情况',
    response: householdFactsChangedSchema,
  },
  roster: { method: 'get', path: '/roster/:village', summary: '村级名册（本人辖区内的村；可按类别、状态筛选、分页）', access: LEDGER_READERS, query: ledgerQuerySchema, queryName: '查询条件', response: ledgerPageSchema },
  ledger: { method: 'get', path: '/ledger/:township', summary: '乡镇台账（本人辖区内的乡镇；可按村、类别、状态筛选、分页）', access: LEDGER_READERS, query: ledgerQuerySchema, queryName: '查询条件', response: ledgerPageSchema },
  rosterXlsx: { method: 'get', path: '/roster/:code/xlsx', summary: '村级名册导出（Excel，与页面同一筛选条件）', access: LEDGER_READERS, query: ledgerQuerySchema, queryName: '查询条件' },
  ledgerXlsx: { method: 'get', path: '/ledger/:code/xlsx', summary: '乡镇台账导出（Excel，与页面同一筛选条件）', access: LEDGER_READERS, query: ledgerQuerySchema, queryName: '查询条件' },
  processXml: { method: 'get', path: '/processes/:key/xml', summary: '流程图（BPMN XML）', access: 'user', response: processXmlSchema },
});

export function metaRoutes(deps: AppDeps): MountedRoutes {
  // The household of any member, found by the blind index (ID numbers are stored encrypted): treated like a
  // reveal — reason, jurisdiction, rate limit, and the audit line (blind index and reason) written before answering.
  const searches = deps.householdSearch;
  // 家庭情况变更: the window corrects a household's facts; the audit line names the fields changed, never their values.
  const facts = deps.householdFacts;
  // 村级名册 and 乡镇台账: a page of rows, or the whole filtered list as XLSX (the service checks the jurisdiction)
  const roster = deps.roster;
  const xlsx = async (req: Request, res: Response, level: 'village' | 'township', code: string, q: LedgerQuery) => {
    const file = await roster.xlsx(req.user!, level, code, q);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.content);
  };
  return bind(
    metaOps,
    {
      meta: async () => ({
        assistanceTypes: Object.entries(ASSISTANCE_TYPE_NAMES).map(([code, name]) => ({ code, name })),
        ...(await deps.directory.referenceLists()),
      }),
      households: async (req) => {
        // Department staff pick a household only to flag it for 临时救助 (乡村振兴部门推送).
        if (req.user!.role === 'handler' || req.user!.role === 'head') temporarySourceOf(req.user!);
        // the user's own county's households only
        const rows = await deps.directory.householdsOfCounty(countyCodeOf(req.user!.unitCode));
        return rows.map(householdDto);
      },
      searchHouseholds: async (req, res, input) => {
        res.locals.auditWritten = true;
        const body = req.body as { idNumber?: unknown; reason?: unknown } | undefined;
        const detail = () => {
          const idNumber = typeof body?.idNumber === 'string' && isValidIdNumber(body.idNumber.trim().toUpperCase()) ? body.idNumber : null;
          return JSON.stringify({ idIndex: idNumber ? HouseholdSearchService.indexOf(idNumber) : null, reason: typeof body?.reason === 'string' ? body.reason.slice(0, 200) : null });
        };
        const audit = (status: number, code: string | null, found?: number) => deps.audit.record(auditEntryOf(req, res, { status, code, target: found === undefined ? null : `found=${found}`, detail: detail() }));
        try {
          await searches.checkRate(req.user!);
          const out = await searches.search(req.user!, input.body());
          await audit(200, null, out.length);
          res.setHeader('Cache-Control', 'no-store');
          return out;
        } catch (err) {
          await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL').catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
          throw err;
        }
      },
      householdFacts: async (req, res, input) => {
        const change = await facts.edit(req.user!, input.param('id'), input.body());
        Object.assign(res.locals, { auditTarget: change.householdNo, auditDetail: JSON.stringify(change) });
        return { ok: true, householdNo: change.householdNo, changedMembers: change.members.length, disasterImpactChanged: change.disasterImpactChanged };
      },
      roster: async (req, _res, input) => roster.villageRoster(req.user!, input.param('village'), input.query()),
      ledger: async (req, _res, input) => roster.townshipLedger(req.user!, input.param('township'), input.query()),
      rosterXlsx: async (req, res, input) => xlsx(req, res, 'village', input.param('code'), input.query()),
      ledgerXlsx: async (req, res, input) => xlsx(req, res, 'township', input.param('code'), input.query()),
      processXml: async (_req, _res, input) => {
        const key = input.param('key');
        if (!(Object.values(PROCESS) as string[]).includes(key)) throw new NotFoundError('PROCESS_NOT_FOUND', '流程不存在');
        const { bpmn20Xml } = await deps.engine.processXml(key);
        return { key, xml: bpmn20Xml };
      },
    },
    deps.bindOptions,
  );
}
