/**
 * 按身份证号查找家庭, treated like a reveal: the number is the key to a
 * household, and answering "found / not found" for any number lets a patient
 * user rebuild a full number from the masked one on the public notice. So a
 * search needs a reason, is limited to the roles that register households and
 * to households of the user's jurisdiction, is rate-limited per user, and each
 * search (its blind index and reason, never the number) is audited by the
 * route; the joint-conference office is alerted when one user searches
 * unusually often.
 */
import { countyCodeOf } from '../engine/contract.js';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { idNumberIndex } from '../crypto/pii.js';
import { Household } from '../entities/household.entity.js';
import type { User } from '../entities/user.entity.js';
import { HttpError } from '../errors.js';
import { maskIdNumber } from '../idcard.js';
import type { AlertService } from './alert.service.js';
import { unitChain } from './jurisdiction.service.js';
import type { householdSearchSchema } from '../../contracts/case.schema.js';

export type HouseholdSearchInput = z.infer<typeof householdSearchSchema>;

/** The audit action of a search (the route's name), counted for the rate limit. */
export const HOUSEHOLD_SEARCH_ACTION = 'POST /api/households/search';
/** Searches one user may make per hour (a window registers far fewer households). */
export const SEARCHES_PER_HOUR = 30;
/** From this many searches in an hour, the joint-conference office is alerted (once per user and hour). */
export const SEARCH_ALERT_AT = 20;

/** A household as a search or a picker shows it: masked. */
export const householdDto = (h: Household) => ({ id: h.id, householdNo: h.householdNo, headName: h.headName, headIdNumber: maskIdNumber(h.headIdNumber), unitCode: h.unitCode });

export class HouseholdSearchService {
  constructor(
    private readonly ds: DataSource,
    private readonly alerts: AlertService,
  ) {}

  /** The blind index of the searched number, for the audit line (never the number itself). */
  static indexOf(idNumber: string): string {
    return idNumberIndex(idNumber.trim().toUpperCase());
  }

  /**
   * Refuses (429) a user who already searched SEARCHES_PER_HOUR times in the
   * last hour, counting every search in the audit log (refused ones too), and
   * alerts the coordinators when the count reaches SEARCH_ALERT_AT.
   */
  async checkRate(user: User): Promise<void> {
    const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE user_id = $1 AND action = $2 AND at > now() - interval '1 hour'`, [user.id, HOUSEHOLD_SEARCH_ACTION])) as { n: number }[];
    if (n + 1 >= SEARCH_ALERT_AT) {
      const hour = new Date().toISOString().slice(0, 13);
      await this.alerts.security(countyCodeOf(user.unitCode), `【安全预警】${user.displayName}（${user.username}）一小时内按身份证号查找家庭 ${n + 1} 次，超出正常受理需要，请核实`, `household-search:${user.id}:${hour}`);
    }
    if (n >= SEARCHES_PER_HOUR) throw new HttpError(429, 'SEARCH_RATE_LIMITED', `一小时内查找次数已达上限（${SEARCHES_PER_HOUR} 次），请稍后再试；如确有需要请联系联席会议办公室`);
  }

  /** The households of the user's jurisdiction with a member of this ID number (blind index), masked. */
  async search(user: User, input: HouseholdSearchInput): Promise<ReturnType<typeof householdDto>[]> {
    const rows = await this.ds
      .getRepository(Household)
      .createQueryBuilder('h')
      .where('h.id IN (SELECT m.household_id FROM household_member m WHERE m.id_hash = :hash)', { hash: idNumberIndex(input.idNumber) })
      .orderBy('h.householdNo', 'ASC')
      .getMany();
    const mine: Household[] = [];
    for (const h of rows) if ((await unitChain(this.ds, h.unitCode)).some((u) => u.code === user.unitCode)) mine.push(h);
    return mine.map(householdDto);
  }
}
