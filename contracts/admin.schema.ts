/**
 * Request contracts of the admin pages (用户与角色, 部门), shared by the
 * server and the web app. Every message is Chinese.
 */
import { z } from 'zod';
import { USERNAME } from './patterns.js';
import { ROLES } from './roles.js';
import { listQuerySchema } from './case.schema.js';

const role = z.enum(ROLES, { error: '角色不在可选范围内' });
const code = (what: string) => z.string({ error: `${what}必须选择` }).regex(/^[a-z0-9][a-z0-9_]{0,31}$/, { error: `${what}编码不正确` });
const displayName = z.string({ error: '姓名必须填写' }).trim().min(2, { error: '姓名至少 2 个字' }).max(32, { error: '姓名不能超过 32 个字' });

/** GET /api/admin/users: search (account or name), role, department, enabled or not. */
export const userListQuerySchema = listQuerySchema.extend({
  q: z.string({ error: '搜索内容格式不正确' }).trim().max(50, { error: '搜索内容不能超过 50 个字' }).optional(),
  role: role.optional(),
  department: code('部门').optional(),
  active: z.enum(['true', 'false'], { error: '状态只能是启用或停用' }).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

/** POST /api/admin/users: a new account; its initial password is generated and shown once. */
export const createUserSchema = z.strictObject({
  username: z.string({ error: '账号必须填写' }).trim().regex(USERNAME, { error: '账号须以小写字母开头，由 3–32 位小写字母、数字或下划线组成' }),
  displayName,
  role,
  departmentCode: code('部门'),
  unitCode: code('所属单位'),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** PATCH /api/admin/users/:id: name, role, unit and department assignment, enabled. */
export const updateUserSchema = z
  .strictObject({
    displayName: displayName.optional(),
    role: role.optional(),
    departmentCode: code('部门').optional(),
    unitCode: code('所属单位').optional(),
    active: z.boolean({ error: '启用状态必须是是或否' }).optional(),
  })
  .refine((o) => Object.keys(o).length > 0, { error: '没有需要修改的内容' });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** PATCH /api/admin/departments/:code: name and enabled. */
export const updateDepartmentSchema = z
  .strictObject({
    name: z.string({ error: '部门名称必须填写' }).trim().min(2, { error: '部门名称至少 2 个字' }).max(32, { error: '部门名称不能超过 32 个字' }).optional(),
    active: z.boolean({ error: '启用状态必须是是或否' }).optional(),
  })
  .refine((o) => Object.keys(o).length > 0, { error: '没有需要修改的内容' });
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;
