/**
 * Registering a household with its members: the one way a household row comes to be (a case at
 * the window, the import of an existing register, a person put on a price-subsidy roster). The
 * household number follows the village (H<village>-<n>); ID numbers get their blind index so the
 * household and its members are found again by number.
 */
import type { EntityManager } from 'typeorm';
import { idNumberIndex } from '../crypto/pii.js';
import { HouseholdMember } from '../entities/household-member.entity.js';
import { Household } from '../entities/household.entity.js';
import type { DisasterImpact, MemberFacts } from '../household-facts.js';

export interface NewHousehold {
  villageCode: string;
  headName: string;
  headIdNumber: string;
  phone: string | null;
  address: string;
  bankCardNo: string | null;
  monthlyIncomeFen: number;
  disasterImpact?: DisasterImpact;
  /** The members, the head (relation 本人) among them; omitted: the head alone. */
  members?: { name: string; idNumber: string; relation: string; facts?: MemberFacts | null }[];
}

/** Inserts the household and its members inside the caller's transaction; answers the household. */
export async function registerHousehold(em: EntityManager, h: NewHousehold): Promise<Household> {
  const [{ n }] = (await em.query(`SELECT nextval('household_no_seq') AS n`)) as { n: string }[];
  const saved = await em.save(
    em.create(Household, {
      householdNo: `H${h.villageCode}-${String(n).padStart(5, '0')}`,
      headName: h.headName,
      headIdNumber: h.headIdNumber,
      headIdHash: idNumberIndex(h.headIdNumber),
      phone: h.phone,
      address: h.address,
      bankCardNo: h.bankCardNo,
      unitCode: h.villageCode,
      monthlyIncomeFen: h.monthlyIncomeFen,
      ...(h.disasterImpact ? { disasterImpact: h.disasterImpact } : {}),
    }),
  );
  const members = h.members ?? [{ name: h.headName, idNumber: h.headIdNumber, relation: '本人' }];
  await em.insert(
    HouseholdMember,
    members.map((m) => ({ householdId: saved.id, name: m.name, idNumber: m.idNumber, idHash: idNumberIndex(m.idNumber), relation: m.relation, ...(m.facts ? { facts: m.facts } : {}) })),
  );
  return saved;
}
