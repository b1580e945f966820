/**
 * Readers for the production deployment files (docker/), used by the static check
 * test/unit/docker-compose.test.ts: the compose file with its variable substitution, the
 * Dockerfiles, .dockerignore, nginx configuration, and the environment variables the app and
 * the engine actually read (derived from their sources, never a copied list).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../domain/config.js';

export const DOCKER_DIR = path.join(REPO_ROOT, 'docker');

export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
}

// ---------------------------------------------------------------- env files and substitution

/** KEY=value lines of an env file (comments and blank lines skipped, no quoting rules needed here). */
export function parseEnvFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not KEY=value: ${line}`);
    out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

export interface Substitution {
  name: string;
  /** ':-' / '-' default, ':?' / '?' required, '' plain */
  op: '' | ':-' | '-' | ':?' | '?';
  arg: string;
}

const SUBST = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Every ${VAR…} / $VAR compose would substitute in a string ($$ is a literal $). */
export function substitutionsIn(text: string): Substitution[] {
  const out: Substitution[] = [];
  for (const m of text.matchAll(SUBST)) {
    if (m[0] === '$$') continue;
    out.push({ name: (m[1] ?? m[4])!, op: (m[2] ?? '') as Substitution['op'], arg: m[3] ?? '' });
  }
  return out;
}

/** Compose-style substitution. A required variable that is unset or empty becomes `<NAME>`, so
 *  values can still be compared (two places using the same secret get the same placeholder). */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(SUBST, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = vars.get(name);
    if (op === ':-') return value ? value : arg!;
    if (op === '-') return value ?? arg!;
    if (op === ':?' || op === '?') return value ? value : `<${name}>`;
    return value ?? '';
  });
}

/** Applies `fn` to every string in a parsed YAML value. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

// ---------------------------------------------------------------- compose

export interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string | (string | { path: string })[];
  healthcheck?: Healthcheck;
  depends_on?: string[] | Record<string, { condition: string }>;
  ports?: (string | number | { published?: number | string })[];
  expose?: (string | number)[];
  volumes?: (string | { source?: string; target: string })[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  restart?: string;
  deploy?: { replicas?: number; resources?: { limits?: { cpus?: string | number; memory?: string } } };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
  [k: string]: unknown;
}

/** The compose file as YAML (anchors and merge keys resolved, no substitution). */
export function readComposeRaw(rel = 'docker/compose.yml'): ComposeFile {
  return parseYaml(readRepoFile(rel), { merge: true }) as ComposeFile;
}

/** The compose file after substitution with the given variables. */
export function readCompose(vars: Map<string, string>, rel = 'docker/compose.yml'): ComposeFile {
  return mapStrings(readComposeRaw(rel), (s) => substitute(s, vars)) as ComposeFile;
}

export function envOf(svc: ComposeService): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(svc.environment)) {
    for (const e of svc.environment) {
      const eq = e.indexOf('=');
      out.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(svc.environment ?? {})) out.set(k, v === null ? '' : String(v));
  }
  return out;
}

export function envFilesOf(svc: ComposeService): string[] {
  if (!svc.env_file) return [];
  const list = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
  return list.map((e) => (typeof e === 'string' ? e : e.path));
}

export function dependsOn(svc: ComposeService): Record<string, { condition?: string }> {
  const d = svc.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, {}]));
  return d;
}

export function networksOf(svc: ComposeService): string[] {
  const n = svc.networks;
  if (!n) return ['default'];
  return Array.isArray(n) ? n : Object.keys(n);
}

/** Network names and aliases under which other containers reach the service. */
export function hostNamesOf(name: string, svc: ComposeService): string[] {
  const names = [name];
  if (svc.networks && !Array.isArray(svc.networks)) {
    for (const n of Object.values(svc.networks)) names.push(...(n?.aliases ?? []));
  }
  return names;
}

export function commandOf(svc: ComposeService): string[] {
  if (!svc.command) return [];
  return Array.isArray(svc.command) ? svc.command : svc.command.split(/\s+/).filter(Boolean);
}

export function healthTest(svc: ComposeService): string[] {
  const t = svc.healthcheck?.test;
  if (!t) return [];
  return Array.isArray(t) ? t : ['CMD-SHELL', t];
}

/** Short volume syntax `source:target[:mode]` → source and target. */
export function volumesOf(svc: ComposeService): { source: string; target: string }[] {
  return (svc.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source ?? '', target: v.target };
    const [source, target] = v.split(':');
    return { source: source!, target: target ?? source! };
  });
}

/** Bytes of a compose size ("512M", "1G", "256m"). */
export function sizeBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?$/.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s}`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * mult;
}

// ---------------------------------------------------------------- git and .dockerignore

/** Whether git would ignore the path (checked against .gitignore even if the file exists or is tracked). */
export function gitIgnored(rel: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', rel], { cwd: REPO_ROOT, stdio: 'ignore' });
    return true;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 1) return false;
    throw new Error(`git check-ignore failed for ${rel} (status ${status}): is ${REPO_ROOT} a git checkout?`);
  }
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        re += '(?:.*/)?'; // `**/`: any number of directories, including none
        i++;
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** .dockerignore semantics (Go filepath.Match plus `**`, later `!` lines re-include); a path is
 *  excluded when it or one of its parent directories matches. */
export function dockerIgnoreMatcher(text: string): (rel: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const p = path.posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '');
      return { negate, re: globToRegExp(p) };
    });
  return (rel: string) => {
    const parts = path.posix
      .normalize(rel)
      .replace(/^\.\/|\/+$/g, '')
      .split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    // the last rule matching the path or one of its parent directories decides
    let excluded = false;
    for (const r of rules) if (prefixes.some((p) => r.re.test(p))) excluded = !r.negate;
    return excluded;
  };
}

// ---------------------------------------------------------------- Dockerfiles

export interface DockerInstruction {
  op: string;
  args: string;
  flags: Record<string, string>;
  /** arguments without the --flags, exec form (JSON) or split on whitespace */
  words: string[];
}

export interface DockerStage {
  from: string;
  name?: string;
  instructions: DockerInstruction[];
}

/** Parses a Dockerfile into stages (line continuations joined, comments skipped, ARG defaults
 *  substituted into FROM). */
export function parseDockerfile(text: string): DockerStage[] {
  const lines: string[] = [];
  let cur = '';
  for (const raw of text.split('\n')) {
    if (!cur && /^\s*#/.test(raw)) continue;
    if (cur && /^\s*#/.test(raw)) continue;
    if (/\\\s*$/.test(raw)) {
      cur += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    cur += raw;
    if (cur.trim()) lines.push(cur.trim());
    cur = '';
  }
  if (cur.trim()) lines.push(cur.trim());
  const args = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const m = /^(\S+)\s*(.*)$/s.exec(line)!;
    const op = m[1]!.toUpperCase();
    let rest = m[2]!;
    const flags: Record<string, string> = {};
    for (let f = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest); f; f = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest)) {
      flags[f[1]!] = f[2] ?? 'true';
      rest = rest.slice(f[0].length);
    }
    let words: string[];
    if (rest.startsWith('[')) {
      try {
        words = JSON.parse(rest) as string[];
      } catch {
        words = rest.split(/\s+/);
      }
    } else words = rest.split(/\s+/).filter(Boolean);
    const ins = { op, args: rest, flags, words };
    if (op === 'ARG' && stages.length === 0) {
      const [k, v] = rest.split('=');
      args.set(k!.trim(), (v ?? '').trim());
      continue;
    }
    if (op === 'FROM') {
      const from = substitute(words[0]!, args);
      const asIdx = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ from, name: asIdx > 0 ? words[asIdx + 1] : undefined, instructions: [] });
      continue;
    }
    if (!stages.length) throw new Error(`instruction before FROM: ${line}`);
    stages[stages.length - 1]!.instructions.push(ins);
  }
  return stages;
}

/** Names set by ENV instructions (`ENV A=1 B="x y"` and the legacy `ENV A value`). */
export function envNamesOf(stage: DockerStage): string[] {
  const out: string[] = [];
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(i.args)) {
      out.push(i.words[0]!);
      continue;
    }
    // NAME=value pairs, values possibly quoted (and then containing spaces and '=')
    const pair = /\s*([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/y;
    for (let m = pair.exec(i.args); m; m = pair.exec(i.args)) out.push(m[1]!);
  }
  return out;
}

/** The image's major version from a tag such as `postgres:18`, `eclipse-temurin:17-jre`, `node:24-bookworm-slim`. */
export function imageMajor(image: string): number | undefined {
  const tag = image.split(':')[1];
  const m = tag ? /^(\d+)/.exec(tag) : null;
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------- nginx

export interface NginxUpstream {
  name: string;
  directives: string[];
  servers: { host: string; port: number }[];
}

/** Strips comments (nginx comments start with # outside quotes; the configs here quote no #). */
function nginxCode(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .join('\n');
}

export function nginxUpstreams(text: string): NginxUpstream[] {
  const out: NginxUpstream[] = [];
  for (const m of nginxCode(text).matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)) {
    const body = m[2]!
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const servers = body
      .filter((d) => d.startsWith('server '))
      .map((d) => {
        const addr = d.split(/\s+/)[1]!;
        const [host, port] = addr.split(':');
        return { host: host!, port: Number(port ?? 80) };
      });
    out.push({ name: m[1]!, directives: body, servers });
  }
  return out;
}

/** Simple directives (`name args;`) anywhere in the file, with their arguments. */
export function nginxDirectives(text: string, name: string): string[][] {
  const re = new RegExp(`(?:^|[;{}\\s])${name}\\s+([^;{}]*);`, 'g');
  return [...nginxCode(text).matchAll(re)].map((m) => m[1]!.trim().split(/\s+/));
}

export function nginxLocations(text: string): string[] {
  return [...nginxCode(text).matchAll(/location\s+([^{]+?)\s*\{/g)].map((m) => m[1]!.trim());
}

// ---------------------------------------------------------------- what the code reads

/** Every environment variable domain/config.ts (the only reader of process.env) reads. */
export function appEnvNames(): Set<string> {
  const src = readRepoFile('domain/config.ts');
  const names = new Set<string>();
  for (const m of src.matchAll(/\b(?:str|int|bool)\(\s*'([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]!);
  for (const m of src.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  for (const m of src.matchAll(/process\.env\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) names.add(m[1]!);
  return names;
}

function walkFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walkFiles(p, ext) : e.name.endsWith(ext) ? [p] : [];
  });
}

export const ENGINE_APPLICATION_YAML = 'engine/src/main/resources/application.yaml';

/** ${NAME} / ${NAME:default} placeholders of engine/src/main/resources/application.yaml → default (or undefined). */
export function enginePlaceholders(): Map<string, string | undefined> {
  const text = readRepoFile(ENGINE_APPLICATION_YAML);
  const out = new Map<string, string | undefined>();
  // names, including nested ones such as ${A:${B:x}}
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) out.set(m[1]!, undefined);
  // plain defaults
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*):([^${}]*)\}/g)) out.set(m[1]!, m[2]);
  return out;
}

/** A Spring property value with its ${NAME:default} placeholders resolved against the container's variables. */
export function resolveSpringValue(value: unknown, env: Map<string, string>): string {
  let s = String(value);
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/\$\{([A-Z][A-Z0-9_]*)(?::([^${}]*))?\}/g, (_w, name: string, def?: string) => env.get(name) ?? def ?? '');
  }
  return s;
}

function flattenKeys(value: unknown, prefix: string[], out: string[][]): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenKeys(v, [...prefix, k], out);
  } else out.push(prefix);
}

/** Spring Boot's relaxed binding: operaton.bpm.job-execution.enabled ← OPERATON_BPM_JOBEXECUTION_ENABLED. */
export function springEnvName(key: string[]): string {
  return key.map((k) => k.replace(/-/g, '').toUpperCase()).join('_');
}

/** The engine's application.yaml as a value. */
export function engineApplicationConfig(): Record<string, unknown> {
  return parseYaml(readRepoFile(ENGINE_APPLICATION_YAML)) as Record<string, unknown>;
}

/**
 * Every environment variable the engine reads: the placeholders of application.yaml, the
 * System.getenv calls of engine/src, the Spring relaxed-binding names of the properties that
 * application.yaml sets, and the variables the engine image's ENTRYPOINT/CMD expands.
 */
export function engineEnvNames(engineDockerfile: string): Set<string> {
  const names = new Set<string>(enginePlaceholders().keys());
  for (const f of walkFiles(path.join(REPO_ROOT, 'engine', 'src'), '.java')) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/System\.getenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)) names.add(m[1]!);
  }
  const keys: string[][] = [];
  flattenKeys(engineApplicationConfig(), [], keys);
  for (const k of keys) names.add(springEnvName(k));
  const stages = parseDockerfile(readRepoFile(engineDockerfile));
  for (const i of stages[stages.length - 1]!.instructions.filter((x) => x.op === 'ENTRYPOINT' || x.op === 'CMD')) {
    for (const s of substitutionsIn(i.words.join(' '))) names.add(s.name);
  }
  return names;
}
