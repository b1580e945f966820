/**
 * Closed-loop HTTP load in a worker thread (its own event loop, so the
 * server's event loop in the main thread is not shared with the clients):
 * `concurrency` virtual users, each sending GET `path` with its own session
 * cookie, then the next one as soon as the answer is read, for `durationS`
 * seconds after `warmupS` seconds not recorded. With `thinkMs` > 0 each user
 * pauses a random 0.5–1.5 × thinkMs between answer and next request (a person
 * reading the page); with 0 it is a saturation test like `autocannon -c N`. Posts back every latency (ms)
 * and the count of answers per HTTP status.
 */
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  url: string;
  paths: string[];
  cookies: string[];
  concurrency: number;
  durationS: number;
  warmupS: number;
  thinkMs: number;
}

async function main(): Promise<void> {
  const job = workerData as Job;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const start = performance.now();
  const recordFrom = start + job.warmupS * 1000;
  const end = recordFrom + job.durationS * 1000;
  let measuredFrom = 0;
  const user = async (u: number) => {
    for (let k = 0; performance.now() < end; k++) {
      const path = job.paths[(u + k) % job.paths.length]!;
      const t = performance.now();
      let status = 'error';
      try {
        const res = await fetch(job.url + path, { headers: { Cookie: job.cookies[u % job.cookies.length]! }, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        status = String(res.status);
      } catch {
        /* counted as error */
      }
      const done = performance.now();
      if (t >= recordFrom) {
        if (!measuredFrom) measuredFrom = t;
        latencies.push(done - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      if (job.thinkMs > 0) await new Promise((r) => setTimeout(r, job.thinkMs * (0.5 + Math.random())));
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, u) => user(u)));
  parentPort!.postMessage({ latencies, statuses, seconds: (performance.now() - (measuredFrom || recordFrom)) / 1000 });
}

void main();
