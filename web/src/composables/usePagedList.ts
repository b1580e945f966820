/**
 * A paginated list backed by one API endpoint, with page, page size and the
 * list's filters kept in the URL (so back/forward and reload keep the place):
 * 待办, 已办, 我发起的, 申请查询, 预警中心, 问责台账, 联席会议, 用户.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { get } from '../api';
import type { Page } from '../types';

function intQuery(v: unknown, def: number, max: number): number {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : def;
}

function strQuery(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

export function usePagedList<T, P extends Page<T> = Page<T>>(url: string, opts: { silentWhenQuiet?: boolean; filters?: readonly string[] } = {}) {
  const route = useRoute();
  const router = useRouter();
  const page = computed(() => intQuery(route.query.page, 1, 10_000));
  const pageSize = computed(() => intQuery(route.query.pageSize, 20, 100));
  /** The list's filters as the URL holds them (absent = not filtered). */
  const filters = computed(() => Object.fromEntries((opts.filters ?? []).map((k) => [k, strQuery(route.query[k])])) as Record<string, string | undefined>);
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  /** The whole last answer, for lists that say more than items and total. */
  const last = ref<P | null>(null) as Ref<P | null>;
  const loading = ref(false);
  const failed = ref(false);

  /** Loads the current page; a quiet reload (after a live update) shows no spinner. */
  async function load(quiet = false): Promise<void> {
    const silent = quiet && !!opts.silentWhenQuiet;
    if (!quiet) loading.value = true;
    failed.value = false;
    try {
      const r = await get<P>(url, { ...filters.value, page: page.value, pageSize: pageSize.value }, silent ? { silent: true } : undefined);
      items.value = r.items;
      total.value = r.total;
      last.value = r;
    } catch {
      if (!silent) failed.value = true;
    } finally {
      loading.value = false;
    }
  }
  watch([page, pageSize, () => JSON.stringify(filters.value)], () => load(), { immediate: true });

  /** Moves to a page (and page size) through the URL. */
  function go(p: number, s = pageSize.value): void {
    void router.push({ query: { ...route.query, page: String(p), pageSize: String(s) } });
  }

  /** Applies filters through the URL, back on page 1; empty values remove a filter. */
  function setFilters(next: Record<string, string | null | undefined>): void {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...route.query, ...next })) if (typeof v === 'string' && v !== '') query[k] = v;
    query.page = '1';
    query.pageSize = String(pageSize.value);
    void router.push({ query });
  }

  return { page, pageSize, filters, items, total, last, loading, failed, load, go, setFilters };
}
