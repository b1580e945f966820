/** /api/meta and /api/households: reference data for forms (assistance types, villages, households to pick). */
import { Like } from 'typeorm';
import { countyCodeOf } from '../../domain/engine/contract.js';
import { Router } from 'express';
import { ASSISTANCE_TYPE_NAMES } from '../../domain/entities/assistance-case.entity.js';
import { Department } from '../../domain/entities/department.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { HttpError, NotFoundError } from '../../domain/errors.js';
import { isValidIdNumber } from '../../domain/idcard.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { HouseholdSearchService, householdDto } from '../../domain/services/household-search.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { parseOrThrow } from '../../domain/validation.js';
import { householdFactsSchema } from '../../contracts/case.schema.js';
import { temporarySourceOf } from '../../domain/services/temporary.service.js';
import { HouseholdFactsService } from '../../domain/services/household-facts.service.js';

import { requireUser } from '../middleware/auth.middleware.js';
import { RosterService } from '../../domain/services/roster.service.js';
import { attachment } from './statistics.routes.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { ledgerQuerySchema } from '../../contracts/lists.schema.js';
import { householdSearchSchema } from '../../contracts/case.schema.js';

export function metaRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get(
    '/meta',
    requireUser(),
    json(async () => ({
      assistanceTypes: Object.entries(ASSISTANCE_TYPE_NAMES).map(([code, name]) => ({ code, name })),
      departments: await deps.ds.getRepository(Department).find({ order: { sortOrder: 'ASC' } }),
      units: await deps.ds.getRepository(Unit).find({ order: { code: 'ASC' } }),
    })),
  );
  r.get(
    '/households',
    requireUser('clerk', 'coordinator', 'handler', 'head'),
    json(async (req) => {
      // Department staff pick a household only to flag it for 临时救助 (乡村振兴部门推送).
      if (req.user!.role === 'handler' || req.user!.role === 'head') temporarySourceOf(req.user!);
      // the user's own county's households only
      const rows = await deps.ds.getRepository(Household).find({ where: { unitCode: Like(`${countyCodeOf(req.user!.unitCode)}%`) }, order: { householdNo: 'ASC' }, take: 200 });
      return rows.map(householdDto);
    }),
  );
  // The household of any member, found by the blind index (ID numbers are stored encrypted): treated like a
  // reveal — reason, jurisdiction, rate limit, and the audit line (blind index and reason) written before answering.
  const searches = new HouseholdSearchService(deps.ds, new AlertService(deps.ds));
  r.post(
    '/households/search',
    requireUser('clerk', 'village'),
    json(async (req, res) => {
      res.locals.auditWritten = true;
      const body = req.body as { idNumber?: unknown; reason?: unknown } | undefined;
      const detail = () => {
        const idNumber = typeof body?.idNumber === 'string' && isValidIdNumber(body.idNumber.trim().toUpperCase()) ? body.idNumber : null;
        return JSON.stringify({ idIndex: idNumber ? HouseholdSearchService.indexOf(idNumber) : null, reason: typeof body?.reason === 'string' ? body.reason.slice(0, 200) : null });
      };
      const audit = (status: number, code: string | null, found?: number) => deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status, code, target: found === undefined ? null : `found=${found}`, detail: detail() }));
      try {
        await searches.checkRate(req.user!);
        const input = parseOrThrow(householdSearchSchema, req.body, '查询条件');
        const out = await searches.search(req.user!, input);
        await audit(200, null, out.length);
        res.setHeader('Cache-Control', 'no-store');
        return out;
      } catch (err) {
        await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL').catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
        throw err;
      }
    }),
  );
  // 家庭情况变更: the window corrects a household's facts; the audit line names the fields changed, never their values.
  const facts = new HouseholdFactsService(deps.ds);
  r.put(
    '/households/:id/facts',
    requireUser('clerk'),
    json(async (req, res) => {
      const input = parseOrThrow(householdFactsSchema, req.body, '家庭情况');
      const change = await facts.edit(req.user!, String(req.params.id), input);
      Object.assign(res.locals, { auditTarget: change.householdNo, auditDetail: JSON.stringify(change) });
      return { ok: true, householdNo: change.householdNo, changedMembers: change.members.length, disasterImpactChanged: change.disasterImpactChanged };
    }),
  );
  // 村级名册 and 乡镇台账: a page of rows, or the whole filtered list as XLSX (the service checks the jurisdiction)
  const roster = new RosterService(deps.ds);
  const ledgerReaders = requireUser('village', 'handler', 'head', 'coordinator', 'leader', 'admin');
  r.get(
    '/roster/:village',
    ledgerReaders,
    json(async (req) => roster.villageRoster(req.user!, String(req.params.village), parseOrThrow(ledgerQuerySchema, req.query, '查询条件'))),
  );
  r.get(
    '/ledger/:township',
    ledgerReaders,
    json(async (req) => roster.townshipLedger(req.user!, String(req.params.township), parseOrThrow(ledgerQuerySchema, req.query, '查询条件'))),
  );
  for (const [path, level] of [
    ['/roster/:code/xlsx', 'village'],
    ['/ledger/:code/xlsx', 'township'],
  ] as const) {
    r.get(path, ledgerReaders, async (req, res) => {
      const file = await roster.xlsx(req.user!, level, String(req.params.code), parseOrThrow(ledgerQuerySchema, req.query, '查询条件'));
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
      res.setHeader('Cache-Control', 'no-store');
      res.send(file.content);
    });
  }
  r.get(
    '/processes/:key/xml',
    requireUser(),
    json(async (req) => {
      const key = String(req.params.key);
      if (!(Object.values(PROCESS) as string[]).includes(key)) throw new NotFoundError('PROCESS_NOT_FOUND', '流程不存在');
      const { bpmn20Xml } = await deps.engine.processXml(key);
      return { key, xml: bpmn20Xml };
    }),
  );
  return r;
}
