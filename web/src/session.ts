/** The logged-in user, shared by the whole app (a tiny reactive store). */
import { reactive } from 'vue';
import { get, post } from './api';
import type { Profile } from './types';
import { connectRealtime, disconnectRealtime } from './realtime';

export const session = reactive<{ user: Profile | null; checked: boolean }>({ user: null, checked: false });

let probing: Promise<Profile | null> | null = null;

/** Asks the server who is logged in (once; later calls reuse the answer). */
export function ensureSession(): Promise<Profile | null> {
  if (session.checked) return Promise.resolve(session.user);
  probing ??= get<{ user: Profile | null }>('/api/auth/session', undefined, { silent: true, noAuthRedirect: true })
    .then(({ user: p }) => {
      setUser(p);
      return p;
    })
    .catch(() => {
      setUser(null);
      return null;
    })
    .finally(() => {
      session.checked = true;
      probing = null;
    });
  return probing;
}

export function setUser(p: Profile | null): void {
  session.user = p;
  session.checked = true;
  // The realtime channel is refused until the initial password is changed.
  if (p && !p.mustChangePassword) connectRealtime(p.id);
  else disconnectRealtime();
}

/** The password was changed: the account may now use the system. */
export function passwordChanged(): void {
  if (session.user) setUser({ ...session.user, mustChangePassword: false });
}

export async function login(username: string, password: string): Promise<Profile> {
  const p = await post<Profile>('/api/auth/login', { username, password }, { noAuthRedirect: true, silent: true });
  setUser(p);
  return p;
}

export async function logout(): Promise<void> {
  try {
    await post('/api/auth/logout', {}, { silent: true, noAuthRedirect: true });
  } finally {
    setUser(null);
  }
}
