import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed test cases of the decisions, written the way the policy reads (from test/integration/decisions.test.ts). */
const SEED: [string, string, Record<string, unknown>, Record<string, unknown>[]][] = [
  ['temporary-approval', '800 元，限额 1000 元：乡镇审批', { amountFen: 80000, townshipLimitFen: 100000, emergency: false }, [{ approvalLevel: 'township', payFirst: false }]],
  ['temporary-approval', '恰好 1000 元：乡镇审批', { amountFen: 100000, townshipLimitFen: 100000, emergency: false }, [{ approvalLevel: 'township', payFirst: false }]],
  ['temporary-approval', '3000 元：县民政审批', { amountFen: 300000, townshipLimitFen: 100000, emergency: false }, [{ approvalLevel: 'county', payFirst: false }]],
  ['temporary-approval', '800 元，情况紧急：乡镇审批，先行救助', { amountFen: 80000, townshipLimitFen: 100000, emergency: true }, [{ approvalLevel: 'township', payFirst: true }]],
  ['temporary-approval', '3000 元，情况紧急，超过乡镇审批限额：县级审批，审批后发放', { amountFen: 300000, townshipLimitFen: 100000, emergency: true }, [{ approvalLevel: 'county', payFirst: false }]],
  ['temporary-approval', '限额调到 2000 元后 1500 元：乡镇审批', { amountFen: 150000, townshipLimitFen: 200000, emergency: false }, [{ approvalLevel: 'township', payFirst: false }]],
  ['dibao-eligibility', '人均收入 500 元，标准 600 元，无财产：符合', { perCapitaIncomeFen: 50000, standardFen: 60000, vehicleFound: false, propertyFound: false, depositsFound: false }, [{ eligible: true, eligibilityCode: 'ELIGIBLE' }]],
  ['dibao-eligibility', '人均收入恰好等于标准：不符合', { perCapitaIncomeFen: 60000, standardFen: 60000, vehicleFound: false, propertyFound: false, depositsFound: false }, [{ eligible: false, eligibilityCode: 'INCOME_ABOVE_STANDARD' }]],
  ['dibao-eligibility', '收入低于标准但名下有机动车辆：不符合', { perCapitaIncomeFen: 10000, standardFen: 60000, vehicleFound: true, propertyFound: false, depositsFound: false }, [{ eligible: false, eligibilityCode: 'VEHICLE_FOUND' }]],
  ['dibao-eligibility', '收入低于标准但另有商品房：不符合', { perCapitaIncomeFen: 10000, standardFen: 60000, vehicleFound: false, propertyFound: true, depositsFound: false }, [{ eligible: false, eligibilityCode: 'PROPERTY_FOUND' }]],
  ['dibao-eligibility', '收入低于标准但存款超标：不符合', { perCapitaIncomeFen: 10000, standardFen: 60000, vehicleFound: false, propertyFound: false, depositsFound: true }, [{ eligible: false, eligibilityCode: 'DEPOSITS_FOUND' }]],
  ['dibao-eligibility', '收入超标且有车：先告知收入理由', { perCapitaIncomeFen: 90000, standardFen: 60000, vehicleFound: true, propertyFound: false, depositsFound: false }, [{ eligible: false, eligibilityCode: 'INCOME_ABOVE_STANDARD' }]],
];

/** 决策表修订: the decisions' test cases and the proposals of new versions (proposed, approved or rejected). */
export class DecisionEditing1796306051666 implements MigrationInterface {
  name = 'DecisionEditing1796306051666';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "decision_test_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "decision_key" character varying(64) NOT NULL, "position" integer NOT NULL, "name" character varying(200) NOT NULL, "inputs" jsonb NOT NULL, "expected" jsonb NOT NULL, CONSTRAINT "UQ_decision_test_case_pos" UNIQUE ("decision_key", "position"), CONSTRAINT "PK_decision_test_case" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "decision_proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "decision_key" character varying(64) NOT NULL, "xml" text NOT NULL, "test_cases" jsonb NOT NULL, "note" text NOT NULL, "report" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "proposed_by" uuid NOT NULL REFERENCES "app_user"("id"), "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid REFERENCES "app_user"("id"), "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, "deployment_id" character varying(64), "deployed_version" integer, CONSTRAINT "CHK_decision_proposal_status" CHECK ("status" IN ('pending', 'approved', 'rejected')), CONSTRAINT "CHK_decision_proposal_not_own" CHECK ("decided_by" IS NULL OR "decided_by" <> "proposed_by"), CONSTRAINT "PK_decision_proposal" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_decision_proposal_key" ON "decision_proposal" ("decision_key", "proposed_at")`);
    const pos = new Map<string, number>();
    for (const [key, name, inputs, expected] of SEED) {
      const n = (pos.get(key) ?? 0) + 1;
      pos.set(key, n);
      await q.query('INSERT INTO "decision_test_case" ("decision_key", "position", "name", "inputs", "expected") VALUES ($1, $2, $3, $4, $5)', [key, n, name, JSON.stringify(inputs), JSON.stringify(expected)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "decision_proposal"');
    await q.query('DROP TABLE "decision_test_case"');
  }
}
