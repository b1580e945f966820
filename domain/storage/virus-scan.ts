/**
 * 病毒扫描 hook: when UPLOAD_SCAN_COMMAND is set (e.g. `clamdscan --no-summary -`),
 * every upload is piped to it before it is stored. Exit 0 = clean, 1 = infected
 * (the upload is refused), anything else or no answer within the timeout = the
 * scanner is unavailable (the upload is refused with 503, never stored unscanned).
 */
import { spawn } from 'node:child_process';

export type ScanVerdict = 'clean' | 'infected' | 'unavailable';

/** Runs the scan command through the shell with the content on stdin. */
export function scanWithCommand(command: string, content: Buffer, timeoutMs = 30_000): Promise<ScanVerdict> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('unavailable');
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve('unavailable');
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? 'clean' : code === 1 ? 'infected' : 'unavailable');
    });
    child.stdin.on('error', () => undefined); // a scanner that exits early closes the pipe
    child.stdin.end(content);
  });
}
