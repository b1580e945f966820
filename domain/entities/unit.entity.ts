import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 行政单位: a node of the organisation tree province → city → county → township → village. */
@Entity({ name: 'unit' })
export class Unit {
  /** Administrative division code, e.g. 130999 (county), 130999001 (township). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: 'province' | 'city' | 'county' | 'township' | 'village';

  @Column({ name: 'parent_code', type: 'varchar', length: 32, nullable: true })
  parentCode: string | null;

  /** Local 低保 standard in fen per person per month (set on counties). */
  @Column({ name: 'dibao_standard_fen', type: 'integer', nullable: true })
  dibaoStandardFen: number | null;
}
