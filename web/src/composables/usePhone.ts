/** Whether the window is phone-sized (below 768 px): the shell then shows a drawer menu and pages stack in one column. */
import { onBeforeUnmount, ref, type Ref } from 'vue';

export const PHONE_QUERY = '(max-width: 767px)';

export function usePhone(): Ref<boolean> {
  const mq = window.matchMedia(PHONE_QUERY);
  const phone = ref(mq.matches);
  const onChange = (e: MediaQueryListEvent) => {
    phone.value = e.matches;
  };
  mq.addEventListener('change', onChange);
  onBeforeUnmount(() => mq.removeEventListener('change', onChange));
  return phone;
}
