import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 版本迁移: one migration of running instances of a county from one version of a
 * process to a newer one, executed by the engine as a batch. The instances'
 * outcome is read back from the engine (their definition id), never stored.
 */
@Entity('process_migration')
export class ProcessMigration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  processKey: string;

  @Column({ name: 'source_definition_id', type: 'varchar', length: 64 })
  sourceDefinitionId: string;

  @Column({ name: 'source_version', type: 'integer' })
  sourceVersion: number;

  @Column({ name: 'target_definition_id', type: 'varchar', length: 64 })
  targetDefinitionId: string;

  @Column({ name: 'target_version', type: 'integer' })
  targetVersion: number;

  /** The engine batch (null only between the record and the engine's answer, never committed so). */
  @Column({ name: 'batch_id', type: 'varchar', length: 64 })
  batchId: string;

  /** The instances given to the batch. */
  @Column({ name: 'instance_ids', type: 'jsonb' })
  instanceIds: string[];

  /** Extra source → target mappings the admin added to the engine's generated plan. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  mappings: { source: string; target: string }[];

  @Column({ name: 'county_code', type: 'varchar', length: 12 })
  countyCode: string;

  @Column({ name: 'started_by', type: 'varchar', length: 64 })
  startedBy: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  /** The migration this one re-runs for the instances it did not move. */
  @Column({ name: 'rerun_of', type: 'uuid', nullable: true })
  rerunOf: string | null;
}
