/**
 * 物价联动 · 其他保障群体名单: the people outside the recipient register whom a
 * county includes in its price subsidies (孤儿, 事实无人抚养儿童, 优抚对象,
 * 领取失业保险金人员 … as named in its settings). 民政 keeps each group's roster:
 * a member is a household of Doudi (the person's own, or the one they already
 * live in — one person, one household), with the persons paid and the months.
 */
import type { DataSource } from 'typeorm';
import { idNumberIndex } from '../crypto/pii.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { maskIdNumber, maskName } from '../idcard.js';
import { parseOrThrow } from '../validation.js';
import { unitCovers } from './jurisdiction.service.js';
import { PriceService } from './price.service.js';
import { groupMemberEndSchema, groupMemberSchema } from '../../contracts/price.schema.js';
import { registerHousehold } from './household-registry.js';

/** 民政 (handlers and heads) of a county keep the rosters. */
const mayEdit = (user: User) => user.departmentCode === 'civil' && ['handler', 'head'].includes(user.role);

export class PriceGroupsService {
  private readonly price: PriceService;

  constructor(private readonly ds: DataSource) {
    this.price = new PriceService(ds);
  }

  private async editorCounty(user: User): Promise<string> {
    if (!mayEdit(user)) throw new ForbiddenError('PRICE_GROUP_FORBIDDEN', '其他保障群体名单由民政部门经办人维护');
    return this.price.readerCounty(user);
  }

  /** The county's rosters: every member (masked), newest first; `groupCode` narrows to one group. */
  async list(user: User, groupCode?: string) {
    const county = await this.price.readerCounty(user);
    const { groups } = await this.price.settings(county);
    const rows = (await this.ds.query(
      `SELECT m.id, m.group_code AS "groupCode", m.persons, m.from_month AS "fromMonth", m.to_month AS "toMonth", m.note, m.added_by_name AS "addedBy", m.added_at AS "addedAt",
              m.ended_by_name AS "endedBy", m.end_reason AS "endReason", h.household_no AS "householdNo", h.head_name AS "headName", v.name AS "village", t.name AS "township"
         FROM price_group_member m JOIN household h ON h.id = m.household_id JOIN unit v ON v.code = h.unit_code LEFT JOIN unit t ON t.code = v.parent_code
        WHERE m.county_code = $1 AND ($2::text IS NULL OR m.group_code = $2)
        ORDER BY m.to_month IS NOT NULL, m.added_at DESC LIMIT 1000`,
      [county, groupCode ?? null],
    )) as Record<string, any>[];
    return {
      groups: groups.map((g) => ({ ...g, members: rows.filter((r) => r.groupCode === g.code && !r.toMonth).length })),
      members: rows.map((r) => ({
        ...r,
        headName: maskName(r.headName),
        groupName: groups.find((g) => g.code === r.groupCode)?.name ?? r.groupCode,
        active: !r.toMonth,
      })),
      mayEdit: mayEdit(user),
    };
  }

  /**
   * Adds a person to a group's roster from a month: the household they already
   * belong to (of this county), or a new household of their own.
   */
  async add(user: User, body: unknown) {
    const county = await this.editorCounty(user);
    const input = parseOrThrow(groupMemberSchema, body, '群体人员');
    const group = (await this.price.settings(county)).groups.find((g) => g.code === input.groupCode);
    if (!group) throw new BadRequestError('PRICE_GROUP_UNKNOWN', '该群体不是本县设置的其他保障群体（请管理员先在物价联动参数中设置）', 'groupCode');
    const village = await this.ds.getRepository(Unit).findOneBy({ code: input.villageCode, level: 'village' });
    if (!village || !(await unitCovers(this.ds, county, village.code))) throw new BadRequestError('PRICE_GROUP_VILLAGE_OUTSIDE', '所在村（社区）不在本县', 'villageCode');
    const hash = idNumberIndex(input.idNumber);
    return this.ds.transaction(async (em) => {
      const [found] = (await em.query(
        `SELECT h.id, h.unit_code FROM household h WHERE h.head_id_hash = $1
         UNION SELECT h.id, h.unit_code FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.id_hash = $1 LIMIT 1`,
        [hash],
      )) as { id: string; unit_code: string }[];
      let householdId: string;
      let newHousehold = false;
      if (found) {
        if (!(await unitCovers(em, county, found.unit_code))) throw new ConflictError('PRICE_GROUP_MEMBER_OTHER_COUNTY', '此人已在其他县的家庭中，应由所在县将其列入名单');
        householdId = found.id;
      } else {
        if (!input.bankCardNo) throw new BadRequestError('BANK_CARD_REQUIRED', '此人尚未在系统的任何家庭中：新登记须填写银行卡号（补贴打卡发放）', 'bankCardNo');
        if (!input.address) throw new BadRequestError('ADDRESS_REQUIRED', '此人尚未在系统的任何家庭中：新登记须填写住址', 'address');
        const h = await registerHousehold(em, { villageCode: village.code, headName: input.name, headIdNumber: input.idNumber, phone: null, address: input.address, bankCardNo: input.bankCardNo, monthlyIncomeFen: 0 });
        householdId = h.id;
        newHousehold = true;
      }
      const ins = (await em.query(
        `INSERT INTO price_group_member (county_code, group_code, household_id, persons, from_month, note, added_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
        [county, group.code, householdId, input.persons, input.fromMonth, input.note ?? null, user.displayName],
      )) as { id: string }[];
      if (!ins[0]) throw new ConflictError('PRICE_GROUP_MEMBER_EXISTS', `此人所在家庭已在“${group.name}”名单中`);
      return { id: ins[0].id, groupCode: group.code, householdId, newHousehold, idNumber: maskIdNumber(input.idNumber) };
    });
  }

  /** 退出名单 from a month on (the last month paid is `toMonth`), with the reason. */
  async end(user: User, id: string, body: unknown) {
    const county = await this.editorCounty(user);
    const input = parseOrThrow(groupMemberEndSchema, body, '退出名单');
    const [m] = /^[0-9a-f-]{36}$/i.test(id) ? ((await this.ds.query(`SELECT id, from_month, to_month FROM price_group_member WHERE id = $1 AND county_code = $2`, [id, county])) as { from_month: string; to_month: string | null }[]) : [];
    if (!m) throw new NotFoundError('PRICE_GROUP_MEMBER_NOT_FOUND', '名单中没有此人');
    if (m.to_month) throw new ConflictError('PRICE_GROUP_MEMBER_ENDED', `此人已于 ${m.to_month} 退出名单`);
    if (input.toMonth < m.from_month) throw new BadRequestError('PRICE_GROUP_END_BEFORE_START', `退出月份不能早于列入月份 ${m.from_month}`, 'toMonth');
    await this.ds.query(`UPDATE price_group_member SET to_month = $2, end_reason = $3, ended_by_name = $4 WHERE id = $1 AND to_month IS NULL`, [id, input.toMonth, input.reason, user.displayName]);
    return { id, toMonth: input.toMonth };
  }
}
