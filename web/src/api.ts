/**
 * The one fetch wrapper: JSON in and out, same-origin cookies. A non-2xx
 * answer throws an ApiError carrying the server's { code, message, field? };
 * the message is shown with ElMessage unless the caller asks for silence,
 * and a 401 sends the user to the login page.
 */
import { ElMessage } from 'element-plus';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly hint?: string;
  constructor(status: number, body: { code?: string; message?: string; field?: string; hint?: string }) {
    super(body.message || defaultMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code || `HTTP_${status}`;
    this.field = body.field;
    this.hint = body.hint;
  }
}

function defaultMessage(status: number): string {
  if (status === 0) return '网络连接失败，请检查网络后重试';
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '您无权执行此操作';
  if (status === 404) return '请求的内容不存在';
  if (status >= 500) return '服务暂不可用，请稍后重试';
  return '请求失败，请稍后重试';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Do not show the error message (the caller shows it its own way). */
  silent?: boolean;
  /** Do not redirect to the login page on 401 (login form, session probe). */
  noAuthRedirect?: boolean;
  /** Status codes the caller handles itself without a toast (e.g. [403, 404] on a detail page). */
  quietStatuses?: number[];
  /** A file sent as the raw body (uploads), instead of a JSON body. */
  file?: Blob;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};
/** Set once by main.ts: what to do when the session has ended. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): void {
  onUnauthorized = fn;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined && !opts.file ? 'GET' : 'POST');
  let url = path.startsWith('/') ? path : `/${path}`;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.file) headers['Content-Type'] = opts.file.type || 'application/octet-stream';
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.file ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    const err = new ApiError(0, { code: 'NETWORK_ERROR' });
    if (!opts.silent) ElMessage.error({ message: err.message, grouping: true });
    throw err;
  }

  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) return data as T;

  const body = (data && typeof data === 'object' ? data : {}) as { code?: string; message?: string; field?: string; hint?: string };
  const err = new ApiError(res.status, body);
  // The public pages (/public/…, e.g. 公示) never send anyone to the login page.
  const onPublicPage = typeof window !== 'undefined' && window.location.pathname.startsWith('/public/');
  if (res.status === 401 && !opts.noAuthRedirect && !onPublicPage) {
    onUnauthorized();
    if (!opts.silent) ElMessage.warning({ message: err.message, grouping: true });
    throw err;
  }
  if (res.status === 403 && err.code === 'PASSWORD_CHANGE_REQUIRED' && typeof window !== 'undefined' && window.location.pathname !== '/password') {
    window.location.assign('/password');
    throw err;
  }
  if (!opts.silent && !opts.quietStatuses?.includes(res.status)) {
    ElMessage.error({ message: err.message, grouping: true, duration: 4000 });
  }
  throw err;
}

export const get = <T>(path: string, query?: RequestOptions['query'], opts: Omit<RequestOptions, 'query' | 'method'> = {}) => api<T>(path, { ...opts, query, method: 'GET' });
export const post = <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body' | 'method'> = {}) => api<T>(path, { ...opts, body: body ?? {}, method: 'POST' });

/**
 * One submission of a form that keeps its own `busy` flag and `error` line: busy while `send`
 * runs, and a refusal's Chinese message (ApiError) on the error line (`api` itself shows network
 * failures as a message). True when `send` went through.
 */
export async function submitForm(form: { busy: boolean; error: string }, send: () => Promise<unknown>): Promise<boolean> {
  form.error = '';
  form.busy = true;
  try {
    await send();
    return true;
  } catch (e) {
    if (e instanceof ApiError) form.error = e.message;
    return false;
  } finally {
    form.busy = false;
  }
}
