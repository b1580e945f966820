/**
 * Request contracts of the admin pages (用户与角色, 部门), shared by the
 * server and the web app. Every message is Chinese.
 */
import { z } from 'zod';
import { textField } from './text.js';
import { USERNAME } from './patterns.js';
import { ROLES } from './roles.js';
import { listQuerySchema } from './case.schema.js';
import { isDateString } from './beijing.js';

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

const date = z.string().refine(isDateString, { error: '日期格式应为 YYYY-MM-DD' });

export const auditQuerySchema = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  username: z.string().trim().max(64, { error: '用户名过长' }).optional(),
  /** Part of the action, e.g. "reveal" or "POST /api/cases". */
  action: z.string().trim().max(100, { error: '操作过长' }).optional(),
  outcome: z.enum(['ok', 'refused'], { error: '结果只能是 ok 或 refused' }).optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(10_000, { error: '页码过大' }).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' }).min(1, { error: '每页至少 1 条' }).max(100, { error: '每页最多 100 条' }).default(20),
});

const name = (what: string) =>
  z
    .string({ error: `${what}名称必须填写` })
    .trim()
    .min(2, { error: `${what}名称至少 2 个字` })
    .max(32, { error: `${what}名称不超过 32 个字` });

export const createCountySchema = z.strictObject({
  code: z
    .string({ error: '县（区）代码必须填写' })
    .trim()
    .regex(/^\d{6}$/, { error: '县（区）代码为 6 位数字（行政区划代码）' }),
  name: name('县（区）'),
  parentCode: z.string({ error: '请选择上级单位' }).trim().min(1, { error: '请选择上级单位' }).max(32),
  townships: z
    .array(
      z.strictObject({
        code: z
          .string({ error: '乡镇代码必须填写' })
          .trim()
          .regex(/^\d{9}$/, { error: '乡镇代码为 9 位数字（县代码 + 3 位）' }),
        name: name('乡镇'),
        villages: z
          .array(
            z.strictObject({
              code: z
                .string({ error: '村（社区）代码必须填写' })
                .trim()
                .regex(/^\d{12}$/, { error: '村（社区）代码为 12 位数字（乡镇代码 + 3 位）' }),
              name: name('村（社区）'),
            }),
            { error: '村（社区）须为列表' },
          )
          .max(200, { error: '一个乡镇最多 200 个村（社区）' }),
      }),
      { error: '乡镇须为列表' },
    )
    .min(1, { error: '至少填写一个乡镇' })
    .max(100, { error: '一个县最多 100 个乡镇' }),
  /** The county's 系统管理员, named like any account. */
  admin: createUserSchema.pick({ username: true, displayName: true }),
});

export const townshipLimitSchema = z.strictObject({
  valueYuan: z.number({ error: '限额必须是数字' }).int({ error: '限额须为整数元' }).min(0, { error: '限额不能为负数' }).max(100_000, { error: '限额不能超过临时救助上限 100000 元' }),
});

const unit = z.enum(['workday', 'hour'], { error: '时限单位只能是工作日（workday）或小时（hour）' });

export const ruleSchema = z.strictObject({
  amount: z.number({ error: '办理时限必须是数字' }).int({ error: '办理时限必须是整数' }).min(1, { error: '办理时限至少为 1' }).max(365, { error: '办理时限过长' }),
  unit,
  remindBeforeAmount: z.number({ error: '提前催办量必须是数字' }).int({ error: '提前催办量必须是整数' }).min(0, { error: '提前催办量不能为负数' }).max(365, { error: '提前催办量过大' }),
  remindBeforeUnit: unit,
  graceAmount: z.number({ error: '宽限期必须是数字' }).int({ error: '宽限期必须是整数' }).min(0, { error: '宽限期不能为负数' }).max(365, { error: '宽限期过长' }),
  graceUnit: unit,
});

export const calendarSchema = z.strictObject({
  holidays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '节假日须为日期列表' }).max(366, { error: '日期过多' }),
  workdays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '调休上班日须为日期列表' }).max(366, { error: '日期过多' }),
  source: z.string().trim().max(500, { error: '来源说明过长' }).optional(),
});

const text = (what: string, max: number) => textField(what, 4, max);

export const policySheetSchema = z.strictObject({
  qualifies: text('救助对象（谁可以申请）', 1200),
  where: text('到哪里申请', 400),
  objection: text('对结果有异议怎么办', 600),
  hotline: z
    .string({ error: '请填写咨询电话' })
    .trim()
    .regex(/^[0-9\-（）() ]{5,40}$/, { error: '咨询电话只能包含数字、空格、括号和短横线' }),
});

export const policySheetQuerySchema = z.strictObject({
  county: z
    .string()
    .regex(/^\d{6}$/, { error: '县级行政区划代码应为 6 位数字' })
    .optional(),
});
