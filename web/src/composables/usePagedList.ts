/**
 * A paginated list backed by one API endpoint, with page and page size kept in
 * the URL (so back/forward and reload keep the place): 待办, 申请查询, 预警中心, 问责台账.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { get } from '../api';
import type { Page } from '../types';

function intQuery(v: unknown, def: number, max: number): number {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : def;
}

export function usePagedList<T>(url: string, opts: { silentWhenQuiet?: boolean } = {}) {
  const route = useRoute();
  const router = useRouter();
  const page = computed(() => intQuery(route.query.page, 1, 10_000));
  const pageSize = computed(() => intQuery(route.query.pageSize, 20, 100));
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const loading = ref(false);
  const failed = ref(false);

  /** Loads the current page; a quiet reload (after a live update) shows no spinner. */
  async function load(quiet = false): Promise<void> {
    const silent = quiet && !!opts.silentWhenQuiet;
    if (!quiet) loading.value = true;
    failed.value = false;
    try {
      const r = await get<Page<T>>(url, { page: page.value, pageSize: pageSize.value }, silent ? { silent: true } : undefined);
      items.value = r.items;
      total.value = r.total;
    } catch {
      if (!silent) failed.value = true;
    } finally {
      loading.value = false;
    }
  }
  watch([page, pageSize], () => load(), { immediate: true });

  /** Moves to a page (and page size) through the URL. */
  function go(p: number, s = pageSize.value): void {
    void router.push({ query: { ...route.query, page: String(p), pageSize: String(s) } });
  }

  return { page, pageSize, items, total, loading, failed, load, go };
}
