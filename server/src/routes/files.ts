import Router from '@koa/router';
import type { Clock } from '../clock/index.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import {
  fileErrors,
  fileListPage,
  fileListQuery,
  fileObject,
  newFileId,
  readUploadForm,
  uploadRequest,
  type FileRecord,
  type FileStore,
} from '../operations/files/index.ts';

/**
 * The Files API on the dated and v1 routes, checked against the api-version policy in force as the operations
 * are: upload (multipart `file` and `purpose`, optional `expires_after`), list, retrieve, download the content
 * and delete. Times are the simulator's clock's, so a test on a ManualClock sees a file expire when it moves it.
 */
export function filesRouter(config: () => SimConfig, store: FileStore, clock: Clock): Router {
  const router = new Router();
  for (const [prefix, route] of [
    ['/openai/files', 'dated'],
    ['/openai/v1/files', 'v1'],
  ] as const) {
    const version = (query: Record<string, unknown>) => checkApiVersion(query['api-version'], route, config().server.apiVersionPolicy);

    router.post(prefix, async (ctx) => {
      version(ctx.query);
      const settings = config().server.files;
      const form = await readUploadForm(ctx.req, settings.maxFileBytes);
      const request = uploadRequest(form.fields);
      if (!form.file) throw fileErrors.missingFile();
      const bytes = form.file.content.length;
      if (request.purpose === 'batch' && bytes > settings.maxBatchFileBytes)
        throw serviceErrors.payloadTooLarge(settings.maxBatchFileBytes);
      // a file the store could never hold, even emptied, is refused rather than emptying it
      if (bytes > settings.maxBytes) throw serviceErrors.payloadTooLarge(settings.maxBytes);
      const createdAtMs = clock.epochMs();
      const keepSeconds = request.expiresAfterSeconds ?? (settings.retentionSeconds > 0 ? settings.retentionSeconds : undefined);
      const file: FileRecord = { id: newFileId(), filename: form.file.filename, purpose: request.purpose, bytes, createdAtMs };
      if (keepSeconds !== undefined) file.expiresAtMs = createdAtMs + keepSeconds * 1000;
      await store.save(file, form.file.content);
      // the stable spec answers an upload 201 with its Location; the v1 routes answer 200, as OpenAI's do
      if (route === 'dated') {
        ctx.status = 201;
        ctx.set('location', `${ctx.protocol}://${ctx.get('host')}${prefix}/${file.id}`);
      }
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(fileObject(file));
    });

    router.get(prefix, async (ctx) => {
      version(ctx.query);
      const query = fileListQuery(ctx.query);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(fileListPage(await store.list(clock.epochMs()), query));
    });

    router.get(`${prefix}/:id`, async (ctx) => {
      version(ctx.query);
      const file = await store.get(ctx.params.id!, clock.epochMs());
      if (!file) throw fileErrors.notFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(fileObject(file));
    });

    router.get(`${prefix}/:id/content`, async (ctx) => {
      version(ctx.query);
      const content = await store.content(ctx.params.id!, clock.epochMs());
      if (!content) throw fileErrors.notFound(ctx.params.id!);
      ctx.type = 'application/octet-stream';
      ctx.body = content;
    });

    router.delete(`${prefix}/:id`, async (ctx) => {
      version(ctx.query);
      if (!(await store.delete(ctx.params.id!, clock.epochMs()))) throw fileErrors.notFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ object: 'file', deleted: true, id: ctx.params.id });
    });
  }
  return router;
}
