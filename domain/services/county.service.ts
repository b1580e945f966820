/**
 * 新增县（区）: the 系统管理员（全省） adds a county to the installation — its
 * unit under a city (or the province), its townships and villages, and the
 * county's 系统管理员 account, whose initial password is shown once. From then
 * on the county is like the demo county: isolated from the others, its admin
 * creates its accounts and sets its own values (办理时限, 乡镇审批限额, 救助标准).
 */
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { Unit } from '../entities/unit.entity.js';
import { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError } from '../errors.js';
import { hashPassword } from './auth.service.js';
import { initialPassword } from './seed.service.js';
import type { CountyView, CountyParent } from './views.js';
import type { createCountySchema } from '../../contracts/admin.schema.js';

export type CreateCountyInput = z.infer<typeof createCountySchema>;

export class CountyService {
  constructor(private readonly ds: DataSource) {}

  /** Every county of the installation with its size and its admin accounts; the cities and province a new one may go under. */
  async list(): Promise<{ items: CountyView[]; parents: CountyParent[] }> {
    const units = await this.ds.getRepository(Unit).find({ order: { code: 'ASC' } });
    const admins = await this.ds.getRepository(User).find({ where: { role: 'admin' }, order: { username: 'ASC' } });
    const names = new Map(units.map((u) => [u.code, u.name]));
    const items = units
      .filter((u) => u.level === 'county')
      .map((c) => ({
        code: c.code,
        name: c.name,
        parentName: c.parentCode ? (names.get(c.parentCode) ?? null) : null,
        townships: units.filter((u) => u.level === 'township' && u.parentCode === c.code).length,
        villages: units.filter((u) => u.level === 'village' && u.code.startsWith(c.code)).length,
        admins: admins.filter((a) => a.unitCode === c.code).map((a) => a.username),
      }));
    const parents = units.filter((u) => u.level === 'province' || u.level === 'city').map((u) => ({ code: u.code, name: u.name, level: u.level }));
    return { items, parents };
  }

  /** Adds the county, its townships and villages and its admin (initial password returned once); all or nothing. */
  async create(input: CreateCountyInput): Promise<{ county: CountyView; admin: { username: string; password: string } }> {
    const codes = new Set<string>([input.code]);
    for (const t of input.townships) {
      if (!t.code.startsWith(input.code)) throw new BadRequestError('TOWNSHIP_CODE_INVALID', `乡镇“${t.name}”的代码 ${t.code} 应以县（区）代码 ${input.code} 开头`, 'townships');
      for (const v of t.villages) if (!v.code.startsWith(t.code)) throw new BadRequestError('VILLAGE_CODE_INVALID', `村（社区）“${v.name}”的代码 ${v.code} 应以乡镇代码 ${t.code} 开头`, 'townships');
      for (const c of [t.code, ...t.villages.map((v) => v.code)]) {
        if (codes.has(c)) throw new BadRequestError('UNIT_CODE_DUPLICATE', `代码 ${c} 重复`, 'townships');
        codes.add(c);
      }
    }
    const password = initialPassword();
    const passwordHash = await hashPassword(password);
    await this.ds.transaction(async (em) => {
      const parent = await em.findOneBy(Unit, { code: input.parentCode });
      if (!parent || (parent.level !== 'city' && parent.level !== 'province')) throw new BadRequestError('PARENT_UNIT_INVALID', '上级单位须为已有的市或省', 'parentCode');
      // Unit codes are unique across counties; a county's first six digits are its code everywhere (countyCodeOf).
      if ((await em.createQueryBuilder(Unit, 'u').where('left(u.code, 6) = :c', { c: input.code }).getCount()) > 0) throw new ConflictError('COUNTY_EXISTS', `代码 ${input.code} 的县（区）或其下单位已存在`);
      if (await em.existsBy(User, { username: input.admin.username })) throw new ConflictError('USERNAME_TAKEN', `账号 ${input.admin.username} 已存在`);
      await em.insert(Unit, [
        { code: input.code, name: input.name, level: 'county', parentCode: parent.code, dibaoStandardFen: null },
        ...input.townships.flatMap((t) => [
          { code: t.code, name: t.name, level: 'township' as const, parentCode: input.code, dibaoStandardFen: null },
          ...t.villages.map((v) => ({ code: v.code, name: v.name, level: 'village' as const, parentCode: t.code, dibaoStandardFen: null })),
        ]),
      ]);
      await em.insert(User, { username: input.admin.username, displayName: input.admin.displayName, passwordHash, role: 'admin', departmentCode: 'civil', unitCode: input.code, mustChangePassword: true, active: true });
    });
    const county = (await this.list()).items.find((c) => c.code === input.code)!;
    return { county, admin: { username: input.admin.username, password } };
  }
}
