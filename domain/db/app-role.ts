/**
 * Least privilege in the database: migrations run as the owner of the schema,
 * the application (server, workers, socket.io adapter) connects as
 * `doudi_app`, a login role that owns nothing. It reads and writes the rows of
 * the app tables, may only add to the audit tables (no UPDATE, DELETE or
 * TRUNCATE), and, not being a superuser or an owner, can neither switch
 * triggers off (`session_replication_role`, `ALTER TABLE … DISABLE TRIGGER`)
 * nor change the schema.
 */
import type { DataSource } from 'typeorm';

/** The application's login role. */
export const APP_ROLE = 'doudi_app';

/** Tables the application may only add to. */
const APPEND_ONLY = ['audit_entry', 'accountability_event'];

/** The same database URL with another user and password. */
export function urlAs(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The URL the application connects with: the restricted role when its password is set, else the owner's URL as given. */
export function appConnectionUrl(ownerUrl: string, appPassword: string | undefined): string {
  return appPassword ? urlAs(ownerUrl, APP_ROLE, appPassword) : ownerUrl;
}

/**
 * Creates or updates the application role and its grants, through the
 * owner's connection (after the migrations, so new tables are covered; also
 * for tables the owner creates later, through default privileges).
 */
export async function provisionAppRole(owner: DataSource, password: string, role: string = APP_ROLE): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`invalid role name ${role}`);
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(password)) throw new Error('the app role password must be 16–128 characters of [A-Za-z0-9_-]');
  const [{ db }] = (await owner.query('SELECT current_database() AS db')) as { db: string }[];
  await owner.transaction(async (em) => {
    const exists = ((await em.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])) as unknown[]).length > 0;
    // DDL takes no parameters: the password is checked above to hold no quote.
    // An owner that is not a superuser (compose: doudi_owner with CREATEROLE) may create the role with these
    // attributes off but may not name them in ALTER ROLE; the role it finds is checked instead.
    const [{ superuser }] = (await em.query(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`)) as { superuser: boolean }[];
    const attributes = !exists || superuser ? ' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS' : '';
    await em.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN${attributes} PASSWORD '${password}'`);
    const [found] = (await em.query('SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS privileged FROM pg_roles WHERE rolname = $1', [role])) as { privileged: boolean }[];
    if (found?.privileged)
      throw new Error(`database role ${role} has SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS: remove them (ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS) as a superuser`);
    await em.query(`GRANT CONNECT ON DATABASE "${db.replace(/"/g, '""')}" TO ${role}`);
    await em.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await em.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await em.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await em.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await em.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
    await em.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`);
    for (const t of APPEND_ONLY) await em.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${t}" FROM ${role}`);
  });
}
