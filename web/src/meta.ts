/** /api/meta, loaded once per page and shared: department and unit names for codes. */
import { ref } from 'vue';
import { get } from './api';
import type { Meta } from './types';

export const meta = ref<Meta | null>(null);
let loading: Promise<Meta | null> | null = null;

export function loadMeta(): Promise<Meta | null> {
  if (meta.value) return Promise.resolve(meta.value);
  loading ??= get<Meta>('/api/meta', undefined, { silent: true })
    .then((m) => (meta.value = m))
    .catch(() => null)
    .finally(() => (loading = null));
  return loading;
}

/** 民政局 for “civil”, 和平村 for a unit code; the code itself when unknown, — when empty. */
export function departmentName(code: string | null | undefined): string {
  if (!code) return '—';
  const m = meta.value;
  return m?.departments.find((d) => d.code === code)?.name ?? m?.units.find((u) => u.code === code)?.name ?? code;
}
