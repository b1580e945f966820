/** /api/meta and /api/households: reference data for forms (assistance types, villages, households to pick). */
import { Router } from 'express';
import { ASSISTANCE_TYPE_NAMES } from '../../domain/entities/assistance-case.entity.js';
import { Department } from '../../domain/entities/department.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { NotFoundError } from '../../domain/errors.js';
import { isValidIdNumber, maskIdNumber } from '../../domain/idcard.js';
import { idNumberIndex } from '../../domain/crypto/pii.js';
import { parseOrThrow } from '../../domain/validation.js';
import { z } from 'zod';

const householdQuerySchema = z.object({
  idNumber: z.string().trim().toUpperCase().refine(isValidIdNumber, { error: '身份证号格式或校验位不正确' }).optional(),
});
import { requireUser } from '../middleware/auth.middleware.js';
import { RosterService } from '../../domain/services/roster.service.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function metaRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/meta', requireUser(), json(async () => ({
    assistanceTypes: Object.entries(ASSISTANCE_TYPE_NAMES).map(([code, name]) => ({ code, name })),
    departments: await deps.ds.getRepository(Department).find({ order: { sortOrder: 'ASC' } }),
    units: await deps.ds.getRepository(Unit).find({ order: { code: 'ASC' } }),
  })));
  r.get('/households', requireUser('clerk', 'coordinator'), json(async (req) => {
    // ?idNumber= finds the household of any member by the blind index (ID numbers are stored encrypted).
    const { idNumber } = parseOrThrow(householdQuerySchema, req.query, '查询条件');
    const qb = deps.ds.getRepository(Household).createQueryBuilder('h').orderBy('h.householdNo', 'ASC').take(200);
    if (idNumber) qb.where('h.id IN (SELECT m.household_id FROM household_member m WHERE m.id_hash = :hash)', { hash: idNumberIndex(idNumber) });
    const rows = await qb.getMany();
    return rows.map((h) => ({ id: h.id, householdNo: h.householdNo, headName: h.headName, headIdNumber: maskIdNumber(h.headIdNumber), unitCode: h.unitCode }));
  }));
  const roster = new RosterService(deps.ds);
  r.get('/roster/:village', requireUser('village', 'handler', 'head', 'coordinator', 'leader'), json(async (req) => roster.villageRoster(req.user!, String(req.params.village))));
  r.get('/ledger/:township', requireUser('handler', 'head', 'coordinator', 'leader'), json(async (req) => roster.townshipLedger(req.user!, String(req.params.township))));
  r.get('/processes/:key/xml', requireUser(), json(async (req) => {
    const key = String(req.params.key);
    if (!(Object.values(PROCESS) as string[]).includes(key)) throw new NotFoundError('PROCESS_NOT_FOUND', '流程不存在');
    const { bpmn20Xml } = await deps.engine.processXml(key);
    return { key, xml: bpmn20Xml };
  }));
  return r;
}
