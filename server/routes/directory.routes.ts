/** /api/admin: users and roles, deployed process versions; county admins only (departments: installation.routes.ts). */
import { processVersionListSchema, userPageSchema, userViewSchema, userWithPasswordSchema } from '../../contracts/answers/admin.js';
import { createUserSchema, updateUserSchema, userListQuerySchema } from '../../contracts/admin.schema.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

export const directoryOps = operations('/admin', {
  users: { method: 'get', path: '/users', summary: '账号列表', access: ['admin'], query: userListQuerySchema, response: userPageSchema },
  createUser: { method: 'post', path: '/users', summary: '新建账号（初始密码只显示一次）', access: ['admin'], body: createUserSchema, bodyName: '账号信息', status: 201, response: userWithPasswordSchema },
  updateUser: { method: 'patch', path: '/users/:id', summary: '修改账号的角色、单位、部门或启停用', access: ['admin'], body: updateUserSchema, bodyName: '账号信息', response: userViewSchema },
  resetPassword: { method: 'post', path: '/users/:id/reset-password', summary: '重置密码（新密码只显示一次）', access: ['admin'], response: userWithPasswordSchema },
  processes: { method: 'get', path: '/processes', summary: '已部署的流程版本', access: ['admin'], response: processVersionListSchema },
});

export function directoryRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.directory;
  return bind(
    directoryOps,
    {
      users: async (req, _res, input) => svc.users(req.user!, input.query()),
      createUser: async (req, res, input) => {
        const out = await svc.createUser(req.user!, input.body());
        res.locals.auditTarget = out.user.username;
        res.setHeader('Cache-Control', 'no-store');
        return out;
      },
      updateUser: async (req, res, input) => {
        const user = await svc.updateUser(req.user!, input.param('id'), input.body());
        res.locals.auditTarget = `${user.username} ${Object.keys(req.body ?? {}).join(',')}`.slice(0, 200);
        return user;
      },
      resetPassword: async (req, res, input) => {
        const out = await svc.resetPassword(req.user!, input.param('id'));
        res.locals.auditTarget = out.user.username;
        res.setHeader('Cache-Control', 'no-store');
        return out;
      },
      processes: async () => svc.processVersions(),
    },
    deps.bindOptions,
  );
}
