/**
 * /api/price: 物价联动 — 发改 enters a month's price figures (or corrects them),
 * the county's months with their decisions and subsidies, 民政核算 and 财政审核
 * of a subsidy, the county's linkage settings (admins) and the rosters of its
 * other groups (民政).
 */
import { priceGroupMemberAddedSchema, priceGroupMemberEndedSchema, priceSubsidyDetailSchema, priceTaskDoneSchema } from '../../contracts/answers/price.js';
import { priceFigureEnteredSchema, priceGroupsSchema, priceOverviewSchema, priceSettingsStoredSchema } from '../../contracts/answers/price.js';
import { z } from 'zod';
import { groupMemberEndSchema, groupMemberSchema, priceFigureSchema, priceSettingsSchema, subsidyApproveSchema, subsidyComputeSchema } from '../../contracts/price.schema.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

/** The bodies are parsed by the services (PriceService, PriceGroupsService); declared here for the description. */
export const priceOps = operations('/price', {
  overview: { method: 'get', path: '/', summary: '物价联动：本县各月价格数据（含更正版本）与启动决定、价格临时补贴、参数、我的待办', access: 'user', response: priceOverviewSchema },
  enter: { method: 'post', path: '/figures', summary: '发改录入某月价格数据；已录入的月份须填写更正原因（新版本）', access: ['handler', 'head'], body: priceFigureSchema, status: 201, response: priceFigureEnteredSchema },
  settings: { method: 'put', path: '/settings', summary: '物价联动参数：启动条件、每人每月补贴标准、补贴对象与其他保障群体（管理员）', access: ['admin'], body: priceSettingsSchema, response: priceSettingsStoredSchema },
  subsidy: { method: 'get', path: '/subsidies/:id', summary: '价格临时补贴：核算公式、在保对象人数、审核情况', access: 'user', response: priceSubsidyDetailSchema },
  complete: {
    method: 'post',
    path: '/subsidies/:id/tasks/:taskId/complete',
    summary: '民政核算价格临时补贴或财政审核补贴资金',
    access: ['handler', 'head'],
    body: z.union([subsidyComputeSchema, subsidyApproveSchema]),
    response: priceTaskDoneSchema,
  },
  groups: { method: 'get', path: '/groups', summary: '物价联动：本县其他保障群体（孤儿、优抚对象等）名单', access: 'user', response: priceGroupsSchema },
  addMember: {
    method: 'post',
    path: '/groups/members',
    summary: '民政将人员列入其他保障群体名单（已在系统家庭中的按原家庭，否则新登记一户）',
    access: ['handler', 'head'],
    body: groupMemberSchema,
    status: 201,
    response: priceGroupMemberAddedSchema,
  },
  endMember: { method: 'post', path: '/groups/members/:id/end', summary: '民政办理人员退出其他保障群体名单（最后发放月份与原因）', access: ['handler', 'head'], body: groupMemberEndSchema, response: priceGroupMemberEndedSchema },
});

export function priceRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.price;
  const groups = deps.priceGroups;
  return bind(
    priceOps,
    {
      overview: async (req) => svc.overview(req.user!),
      enter: async (req, res) => {
        const f = await svc.enter(req.user!, req.body);
        res.locals.auditTarget = f.figureNo;
        return f;
      },
      settings: async (req) => svc.setSettings(req.user!, req.body),
      subsidy: async (req, _res, input) => svc.subsidy(req.user!, input.param('id')),
      complete: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return svc.completeTask(req.user!, input.param('id'), input.param('taskId'), req.body);
      },
      groups: async (req) => groups.list(req.user!, typeof req.query.group === 'string' ? req.query.group : undefined),
      addMember: async (req, res) => {
        const m = await groups.add(req.user!, req.body);
        res.locals.auditTarget = m.id;
        return m;
      },
      endMember: async (req, res, input) => {
        res.locals.auditTarget = input.param('id');
        return groups.end(req.user!, input.param('id'), req.body);
      },
    },
    deps.bindOptions,
  );
}
