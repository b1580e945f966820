/**
 * 用户与角色, 部门 and 流程部署 as the admin maintains and reads them. New
 * accounts and password resets get a random password that is returned once
 * (never stored in clear, never logged) and must be changed at first login;
 * disabling an account or resetting its password ends its sessions.
 */
import { countyCodeOf } from '../engine/contract.js';
import { Brackets, IsNull, Like, type DataSource, type EntityManager } from 'typeorm';
import { Household } from '../entities/household.entity.js';
import type { CreateUserInput, UpdateDepartmentInput, UpdateUserInput, UserListQuery } from '../../contracts/admin.schema.js';
import { Department } from '../entities/department.entity.js';
import { Session } from '../entities/session.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { User } from '../entities/user.entity.js';
import { INSTALLATION_ROLE } from '../roles.js';
import type { EngineClient } from '../engine/engine-client.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { hashPassword } from './auth.service.js';
import { initialPassword } from './seed.service.js';
import { engineMs } from './statistics.service.js';
import { engineCall } from '../engine/engine-calls.js';
import type { UserView } from './views.js';
export type { UserView } from './views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function revokeSessions(em: EntityManager, userId: string): Promise<void> {
  await em.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
}

/** 系统管理员（全省） is created with the installation, never given by a county's admin. */
function refuseInstallationRole(role: string | undefined): void {
  if (role === INSTALLATION_ROLE) throw new ForbiddenError('ROLE_NOT_ASSIGNABLE', '系统管理员（全省）随安装创建，县系统管理员不能设置此角色');
}

export class DirectoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** Accounts of the admin's county matching the filters, ordered by department and account. */
  async users(actor: User, q: UserListQuery): Promise<{ total: number; items: UserView[] }> {
    const qb = this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .where('left(u.unit_code, 6) = :county', { county: countyCodeOf(actor.unitCode) });
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('u.username ILIKE :like', { like }).orWhere('u.display_name ILIKE :like', { like })));
    }
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.department) qb.andWhere('u.department_code = :dept', { dept: q.department });
    if (q.active) qb.andWhere('u.active = :active', { active: q.active === 'true' });
    const [rows, total] = await qb
      .orderBy('u.department_code', 'ASC')
      .addOrderBy('u.username', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { total, items: await this.views(rows) };
  }

  /** Creates an account with a random initial password, returned once. */
  async createUser(actor: User, input: CreateUserInput): Promise<{ user: UserView; password: string }> {
    refuseInstallationRole(input.role);
    await this.checkAssignment(actor, input.departmentCode, input.unitCode);
    if (await this.ds.getRepository(User).existsBy({ username: input.username })) throw new ConflictError('USERNAME_TAKEN', `账号 ${input.username} 已存在`);
    const password = initialPassword();
    const row = await this.ds.getRepository(User).save({ ...input, passwordHash: await hashPassword(password), mustChangePassword: true, active: true });
    return { user: (await this.views([row]))[0]!, password };
  }

  /**
   * Changes name, role, department, unit or enabled state. An admin cannot
   * disable their own account or give up their own admin role (the county
   * would be left without anyone to undo it).
   */
  async updateUser(actor: User, id: string, input: UpdateUserInput): Promise<UserView> {
    refuseInstallationRole(input.role);
    const user = await this.user(actor, id);
    if (user.id === actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw new ConflictError('SELF_LOCKOUT', '不能停用自己的账号或取消自己的管理员角色');
    }
    if (input.departmentCode !== undefined || input.unitCode !== undefined) {
      await this.checkAssignment(actor, input.departmentCode ?? user.departmentCode, input.unitCode ?? user.unitCode, input.departmentCode === undefined);
    }
    await this.ds.transaction(async (em) => {
      await em.update(User, { id }, { ...input, ...(input.active === true ? { failedLogins: 0, lockedUntil: null } : {}) });
      if (input.active === false) await revokeSessions(em, id);
    });
    return (await this.views([await this.user(actor, id)]))[0]!;
  }

  /** 重置密码: a new random password (returned once), to be changed at next login; the account's sessions end and any lockout is lifted. */
  async resetPassword(actor: User, id: string): Promise<{ user: UserView; password: string }> {
    const user = await this.user(actor, id);
    const password = initialPassword();
    const passwordHash = await hashPassword(password);
    await this.ds.transaction(async (em) => {
      await em.update(User, { id }, { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
      await revokeSessions(em, id);
    });
    return { user: (await this.views([{ ...user, mustChangePassword: true, lockedUntil: null }]))[0]!, password };
  }

  /** The departments with how many enabled accounts each has. */
  /** The names an account's profile shows: its department, its unit and its county (the code where none is found). */
  async profileNames(u: Pick<User, 'departmentCode' | 'unitCode'>, countyCode: string): Promise<{ department: string; unit: string; county: string }> {
    const [dept, unit, county] = await Promise.all([
      this.ds.getRepository(Department).findOneBy({ code: u.departmentCode }),
      this.ds.getRepository(Unit).findOneBy({ code: u.unitCode }),
      this.ds.getRepository(Unit).findOneBy({ code: countyCode }),
    ]);
    return { department: dept?.name ?? u.departmentCode, unit: unit?.name ?? u.unitCode, county: county?.name ?? countyCode };
  }

  /** The forms' reference lists: every department and unit, in their order. */
  async referenceLists(): Promise<{ departments: Department[]; units: Unit[] }> {
    const [departments, units] = await Promise.all([this.ds.getRepository(Department).find({ order: { sortOrder: 'ASC' } }), this.ds.getRepository(Unit).find({ order: { code: 'ASC' } })]);
    return { departments, units };
  }

  /** The first 200 households registered in a county, by number (to choose from). */
  async householdsOfCounty(countyCode: string): Promise<Household[]> {
    return this.ds.getRepository(Household).find({ where: { unitCode: Like(`${countyCode}%`) }, order: { householdNo: 'ASC' }, take: 200 });
  }

  async departments(): Promise<{ items: (Department & { userCount: number })[] }> {
    const [rows, counts] = await Promise.all([
      this.ds.getRepository(Department).find({ order: { sortOrder: 'ASC', code: 'ASC' } }),
      this.ds.query(`SELECT department_code AS code, count(*)::int AS n FROM app_user WHERE active GROUP BY department_code`) as Promise<{ code: string; n: number }[]>,
    ]);
    return { items: rows.map((d) => ({ ...d, userCount: counts.find((c) => c.code === d.code)?.n ?? 0 })) };
  }

  /** Renames, disables or enables a department; a department with enabled accounts cannot be disabled. */
  async updateDepartment(code: string, input: UpdateDepartmentInput): Promise<Department> {
    const repo = this.ds.getRepository(Department);
    const dept = /^[a-z0-9_]{1,32}$/.test(code) ? await repo.findOneBy({ code }) : null;
    if (!dept) throw new NotFoundError('DEPARTMENT_NOT_FOUND', '部门不存在');
    if (input.active === false && (await this.ds.getRepository(User).existsBy({ departmentCode: code, active: true }))) {
      throw new ConflictError('DEPARTMENT_HAS_USERS', `${dept.name}仍有启用的账号，请先调整或停用这些账号`);
    }
    if (input.name && input.name !== dept.name && (await repo.existsBy({ name: input.name }))) throw new ConflictError('DEPARTMENT_NAME_TAKEN', `已有名为${input.name}的部门`);
    await repo.update({ code }, input);
    return repo.findOneByOrFail({ code });
  }

  /** Every deployed process version with its deployment time and running instances, newest version first per process. */
  async processVersions() {
    const [stats, deployments] = await engineCall(() => Promise.all([this.engine.definitionStatistics(), this.engine.listDeployments()]));
    const deployed = new Map(deployments.map((d) => [d.id, d]));
    const latest = new Map<string, number>();
    for (const s of stats) latest.set(s.definition.key, Math.max(latest.get(s.definition.key) ?? 0, s.definition.version));
    const items = stats
      .map((s) => {
        const d = deployed.get(s.definition.deploymentId);
        return {
          id: s.definition.id,
          key: s.definition.key,
          name: s.definition.name ?? s.definition.key,
          version: s.definition.version,
          latest: latest.get(s.definition.key) === s.definition.version,
          suspended: s.definition.suspended,
          deploymentId: s.definition.deploymentId,
          deploymentName: d?.name ?? null,
          deployedAt: d ? new Date(engineMs(d.deploymentTime)).toISOString() : null,
          runningInstances: s.instances,
          failedJobs: s.failedJobs,
          incidents: (s.incidents ?? []).reduce((a, i) => a + i.incidentCount, 0),
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version);
    return { items };
  }

  /** An account of the admin's county (another county's does not exist for them). */
  private async user(actor: User, id: string): Promise<User> {
    const user = UUID.test(id) ? await this.ds.getRepository(User).findOneBy({ id }) : null;
    if (!user || countyCodeOf(user.unitCode) !== countyCodeOf(actor.unitCode)) throw new NotFoundError('USER_NOT_FOUND', '账号不存在');
    return user;
  }

  /** The department must exist (and be enabled for a new assignment); the unit must exist, in the admin's county. */
  private async checkAssignment(actor: User, departmentCode: string, unitCode: string, departmentUnchanged = false): Promise<void> {
    const [dept, unit] = await Promise.all([this.ds.getRepository(Department).findOneBy({ code: departmentCode }), this.ds.getRepository(Unit).findOneBy({ code: unitCode })]);
    if (!dept) throw new BadRequestError('DEPARTMENT_CODE_INVALID', '部门不存在', 'departmentCode');
    if (!dept.active && !departmentUnchanged) throw new BadRequestError('DEPARTMENT_INACTIVE', `${dept.name}已停用，不能分配账号`, 'departmentCode');
    if (!unit) throw new BadRequestError('UNIT_CODE_INVALID', '所属单位不存在', 'unitCode');
    if (countyCodeOf(unit.code) !== countyCodeOf(actor.unitCode)) throw new ForbiddenError('UNIT_OUT_OF_COUNTY', '只能为本县的单位设置账号');
  }

  private async views(rows: User[]): Promise<UserView[]> {
    const [depts, units] = await Promise.all([this.ds.getRepository(Department).find(), this.ds.getRepository(Unit).find()]);
    const now = Date.now();
    return rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      departmentCode: u.departmentCode,
      departmentName: depts.find((d) => d.code === u.departmentCode)?.name ?? u.departmentCode,
      unitCode: u.unitCode,
      unitName: units.find((x) => x.code === u.unitCode)?.name ?? u.unitCode,
      active: u.active,
      locked: !!u.lockedUntil && u.lockedUntil.getTime() > now,
      mustChangePassword: u.mustChangePassword,
      createdAt: new Date(u.createdAt).toISOString(),
    }));
  }
}
