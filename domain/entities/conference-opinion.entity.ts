import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 部门意见: one department's opinion on a matter (one per department and matter). */
@Entity({ name: 'conference_opinion' })
@Index('UQ_conference_opinion_matter_department', ['matterId', 'departmentCode'], { unique: true })
export class ConferenceOpinion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId: string;

  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  @Column({ type: 'text' })
  opinion: string;

  @Column({ name: 'given_by', type: 'uuid' })
  givenBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
