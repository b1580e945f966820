/** /api/public: pages anyone may read without logging in (公示, 求助有门) and objections to 公示. */
import { objectionReceivedSchema } from '../../contracts/answers/money.js';
import { publicNoticeListSchema } from '../../contracts/answers/meta.js';
import { lookupResultSchema } from '../../contracts/answers/cases.js';
import { NotFoundError } from '../../domain/errors.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { lookupSchema, objectionSchema } from '../../contracts/case.schema.js';

export const publicOps = operations('/public', {
  notices: { method: 'get', path: '/notices', summary: '公示（无需登录）', access: 'public', response: publicNoticeListSchema },
  object: {
    method: 'post',
    path: '/notices/:noticeNo/objections',
    summary: '对公示提出异议（无需登录）',
    access: 'public',
    body: objectionSchema,
    bodyName: '异议',
    status: 201,
    response: objectionReceivedSchema,
  },
  lookup: { method: 'post', path: '/lookup', summary: '求助有门：凭受理编号和查询码查询办理进度（无需登录）', access: 'public', body: lookupSchema, bodyName: '查询信息', response: lookupResultSchema },
});

export function publicRoutes(deps: AppDeps): MountedRoutes {
  return bind(
    publicOps,
    {
      notices: async () => ({ items: await deps.notices.list() }),
      object: async (_req, _res, input) => {
        const noticeNo = input.param('noticeNo');
        if (!/^GS-[\w-]{1,40}$/.test(noticeNo)) throw new NotFoundError('NOTICE_NOT_FOUND', '公示不存在');
        const body = input.body();
        return deps.notices.object(noticeNo, body.content, body.contact ?? null);
      },
      // 求助有门: POST so the code stays out of URLs and logs; one answer for an unknown case and a wrong code.
      lookup: async (req, res, input) => {
        const body = input.body();
        res.setHeader('Cache-Control', 'no-store');
        return deps.applicantLookup.lookup(body, req.ip ?? '');
      },
    },
    deps.bindOptions,
  );
}
