/** Helpers for tests that move a joint-conference matter along through the HTTP API. */
import { waitFor, type Browser } from './http.js';

/** The user's inbox task of the matter (optionally: with this step name); waits for it. */
export async function matterTask(b: Browser, matterId: string, name?: string): Promise<any> {
  return waitFor(`${name ?? 'task'} of ${matterId}`, async () => {
    const r = await b.get('/api/tasks?pageSize=100');
    return (r.body.items as any[]).find((t) => t.conference?.id === matterId && (!name || t.name === name));
  });
}
