/**
 * Leaving a filled form asks first: a route change is confirmed in a dialog, closing or
 * reloading the tab by the browser's own prompt. `dirty` says whether anything would be lost.
 */
import { onBeforeUnmount } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { ElMessageBox } from 'element-plus';

export function useLeaveGuard(dirty: () => boolean, what = '填写的内容'): void {
  onBeforeRouteLeave(async () => {
    if (!dirty()) return true;
    try {
      await ElMessageBox.confirm(`${what}尚未提交，离开后将丢失。确定离开吗？`, '离开此页', { confirmButtonText: '离开', cancelButtonText: '留在此页', type: 'warning' });
      return true;
    } catch {
      return false;
    }
  });
  const onUnload = (e: BeforeUnloadEvent) => {
    if (dirty()) e.preventDefault();
  };
  window.addEventListener('beforeunload', onUnload);
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload));
}
