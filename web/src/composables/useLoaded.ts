/** One GET whose answer a page shows whole (部门, 流程部署): the data, a spinner flag, a failure flag and reload. */
import { ref, type Ref } from 'vue';
import { get } from '../api';

export function useLoaded<T>(url: string, initial: T) {
  const data = ref(initial) as Ref<T>;
  const loading = ref(false);
  const failed = ref(false);
  async function load(): Promise<void> {
    loading.value = true;
    failed.value = false;
    try {
      data.value = await get<T>(url);
    } catch {
      failed.value = true;
    } finally {
      loading.value = false;
    }
  }
  void load();
  return { data, loading, failed, load };
}
