/**
 * An ECharts chart for the component's lifetime: bound to the returned element
 * ref on mount, redrawn whenever the option's reactive inputs change, resized
 * with the window, disposed on unmount.
 */
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core';

export function useEChart(option: () => EChartsCoreOption) {
  const el = ref<HTMLDivElement>();
  let chart: ECharts | undefined;
  const redraw = () => chart?.setOption({ ...option(), animation: false }, true);
  const onResize = () => chart?.resize();
  onMounted(() => {
    chart = init(el.value!, undefined, { renderer: 'canvas' });
    redraw();
    window.addEventListener('resize', onResize);
  });
  watch(option, redraw);
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize);
    chart?.dispose();
  });
  return el;
}
