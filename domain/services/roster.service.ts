/**
 * 村级名册 and 乡镇台账 (policy §六): the households of a village with their
 * assistance, and the ledger lines of a township. Village workers see their
 * village, township staff their township, coordinators and leaders everything.
 */
import { countyCodeOf } from '../engine/contract.js';
import { In, type DataSource } from 'typeorm';
import { AssistanceCase, ASSISTANCE_TYPE_NAMES, type AssistanceType } from '../entities/assistance-case.entity.js';
import { LedgerEntry } from '../entities/case-step.entity.js';
import { Household } from '../entities/household.entity.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { Unit } from '../entities/unit.entity.js';
import type { User } from '../entities/user.entity.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { maskAddress, maskIdNumber } from '../idcard.js';

export class RosterService {
  constructor(private readonly ds: DataSource) {}

  private async unit(code: string): Promise<Unit> {
    const u = /^\d{6,15}$/.test(code) ? await this.ds.getRepository(Unit).findOneBy({ code }) : null;
    if (!u) throw new BadRequestError('UNIT_INVALID', '行政区划不存在', 'unit');
    return u;
  }

  private mayRead(user: User, u: Unit): boolean {
    if (user.role === 'coordinator' || user.role === 'leader') return countyCodeOf(u.code) === countyCodeOf(user.unitCode);
    if (user.role === 'village') return user.unitCode === u.code;
    // township staff read their township and its villages
    return user.unitCode === u.code || user.unitCode === u.parentCode;
  }

  /** 村级名册: every household of the village with its assistance now. */
  async villageRoster(user: User, villageCode: string) {
    const village = await this.unit(villageCode);
    if (village.level !== 'village') throw new BadRequestError('UNIT_INVALID', '请选择村（社区）', 'unit');
    if (!this.mayRead(user, village)) throw new ForbiddenError('ROSTER_FORBIDDEN', '无权查看该村名册');
    const households = await this.ds.getRepository(Household).find({ where: { unitCode: village.code }, order: { householdNo: 'ASC' } });
    const ids = households.map((h) => h.id);
    const [members, cases, ledger] = ids.length
      ? await Promise.all([
          this.ds.getRepository(HouseholdMember).findBy({ householdId: In(ids) }),
          this.ds.getRepository(AssistanceCase).findBy({ householdId: In(ids) }),
          this.ds.getRepository(LedgerEntry).findBy({ householdId: In(ids) }),
        ])
      : [[], [], []];
    return {
      village: { code: village.code, name: village.name },
      items: households.map((h) => ({
        householdNo: h.householdNo,
        headName: h.headName,
        headIdNumber: maskIdNumber(h.headIdNumber),
        address: maskAddress(h.address),
        size: members.filter((m) => m.householdId === h.id).length,
        assistance: ledger
          .filter((l) => l.householdId === h.id)
          .map((l) => ({ certificateNo: l.certificateNo, types: l.assistanceTypes.map((t) => ASSISTANCE_TYPE_NAMES[t as AssistanceType] ?? t), monthlyAmountYuan: l.monthlyAmountFen / 100, startMonth: l.startMonth })),
        openCases: cases.filter((c) => c.householdId === h.id && c.status !== 'closed').map((c) => ({ id: c.id, caseNo: c.caseNo })),
      })),
    };
  }

  /** 乡镇台账: the ledger lines of a township, newest first. */
  async townshipLedger(user: User, townshipCode: string) {
    const township = await this.unit(townshipCode);
    if (township.level !== 'township') throw new BadRequestError('UNIT_INVALID', '请选择乡镇', 'unit');
    if (!this.mayRead(user, township) || user.role === 'village') throw new ForbiddenError('LEDGER_FORBIDDEN', '无权查看该乡镇台账');
    const rows = await this.ds.getRepository(LedgerEntry).find({ where: { townshipCode: township.code }, order: { createdAt: 'DESC' }, take: 1000 });
    const households = rows.length ? await this.ds.getRepository(Household).findBy({ id: In(rows.map((r) => r.householdId)) }) : [];
    return {
      township: { code: township.code, name: township.name },
      items: rows.map((r) => {
        const h = households.find((x) => x.id === r.householdId);
        return {
          certificateNo: r.certificateNo,
          householdNo: h?.householdNo ?? null,
          headName: h?.headName ?? null,
          types: r.assistanceTypes.map((t) => ASSISTANCE_TYPE_NAMES[t as AssistanceType] ?? t),
          monthlyAmountYuan: r.monthlyAmountFen / 100,
          startMonth: r.startMonth,
          recordedAt: r.createdAt,
        };
      }),
    };
  }
}
