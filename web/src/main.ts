/** Entry: Vue app, Element Plus (zh-CN, only the components we use), router, session. */
import { createApp, type Plugin } from 'vue';
import {
  ElAlert, ElAside, ElAvatar, ElBadge, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElCol,
  ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElDatePicker, ElDialog, ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu,
  ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLink, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElPopover, ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElRow, ElSelect, ElSkeleton, ElSkeletonItem, ElSpace, ElSwitch, ElTable,
  ElTableColumn, ElTag, ElTimeline, ElTimelineItem, ElTooltip,
} from 'element-plus';
import 'element-plus/dist/index.css';
// Element Plus' date pickers take the week start (Monday) from the dayjs locale of its language.
import 'dayjs/locale/zh-cn';
import './styles.css';
import App from './App.vue';
import { router, goToLogin } from './router';
import { setUnauthorizedHandler } from './api';
import { setAlertNavigator } from './alerts';
import { enableRowKeyboard } from './keyboard';

const app = createApp(App);
const components: Plugin[] = [
  ElAlert, ElAside, ElAvatar, ElBadge, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElCol,
  ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElDatePicker, ElDialog, ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu,
  ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLink, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElPopover, ElRadio, ElRadioButton, ElRadioGroup, ElResult, ElRow, ElSelect, ElSkeleton, ElSkeletonItem, ElSpace, ElSwitch, ElTable,
  ElTableColumn, ElTag, ElTimeline, ElTimelineItem, ElTooltip,
];
for (const c of components) app.use(c);
app.use(router);
setUnauthorizedHandler(goToLogin);
setAlertNavigator((path) => void router.push(path));
app.mount('#app');
enableRowKeyboard();
