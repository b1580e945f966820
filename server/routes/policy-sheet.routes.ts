import type { AppDeps } from '../app.js';
import { policySheetAnswerSchema, policySheetIndexSchema } from '../../contracts/answers/admin.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { policySheetQuerySchema, policySheetSchema } from '../../contracts/admin.schema.js';

export const publicPolicySheetOps = operations('/public', {
  index: { method: 'get', path: '/policy-sheets', summary: '明白纸：各类救助（无需登录）', access: 'public', query: policySheetQuerySchema, queryName: '查询条件', response: policySheetIndexSchema },
  sheet: {
    method: 'get',
    path: '/policy-sheets/:kind',
    summary: '明白纸：一类救助的申请条件、所需材料、办理时限、现行标准、异议途径、咨询电话（无需登录）',
    access: 'public',
    query: policySheetQuerySchema,
    queryName: '查询条件',
    response: policySheetAnswerSchema,
  },
});

export function publicPolicySheetRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.policySheets;
  return bind(
    publicPolicySheetOps,
    {
      index: async (_req, _res, input) => svc.index(input.query().county),
      sheet: async (_req, _res, input) => svc.sheet(input.param('kind'), input.query().county),
    },
    deps.bindOptions,
  );
}

export const adminPolicySheetOps = operations('/admin', {
  save: { method: 'put', path: '/policy-sheets/:kind', summary: '编辑明白纸（管理员）', access: ['admin'], body: policySheetSchema, response: policySheetAnswerSchema },
});

export function adminPolicySheetRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.policySheets;
  return bind(
    adminPolicySheetOps,
    {
      // The service parses the sheet.
      save: async (req, res, input) => {
        res.locals.auditTarget = input.param('kind');
        return svc.save(req.user!, input.param('kind'), req.body);
      },
    },
    deps.bindOptions,
  );
}
