import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The table of the socket.io Postgres adapter (@socket.io/postgres-adapter): a
 * broadcast whose payload exceeds NOTIFY's 8000-byte limit (or carries binary)
 * is stored here and only its id is announced; the adapter deletes rows older
 * than 30 s itself.
 */
export class SocketIoAttachments1795911544197 implements MigrationInterface {
  name = 'SocketIoAttachments1795911544197';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS "socket_io_attachments" ("id" bigserial UNIQUE, "created_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "payload" bytea)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "socket_io_attachments"`);
  }
}
