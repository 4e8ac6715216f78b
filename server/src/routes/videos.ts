import Router from '@koa/router';
import type { Context } from 'koa';
import { deploymentsOf } from '../config/resolve-resources.ts';
import { resolveVideoTiming, type ResolvedDeployment, type SimConfig } from '../config/resolve-config.ts';
import type { ChosenFault } from '../faults/fault-injector.ts';
import { requestIdOf } from '../http/request-id.ts';
import { readUploadForm } from '../operations/files/index.ts';
import {
  VIDEO_VARIANTS,
  videoAsset,
  videoErrors,
  videoListPage,
  videoListQuery,
  videoObject,
  videoRequest,
  videoStatus,
  videoVariant,
  assetsExpireAtMs,
  remixPrompt,
  requestedModel,
  type VideoJob,
  type VideoJobs,
} from '../operations/videos/index.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';
import { unknownDeploymentHint, withHint } from '../protocol/refusal-hints.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { StateHolder } from '../sim-state.ts';
import { readJsonFields } from './json-fields.ts';

const PREFIX = '/openai/v1/videos';

/**
 * Sora 2's video jobs on the v1 routes, as openai-node's `client.videos` calls them: create (a form, as the SDK
 * sends it, or JSON), retrieve, list, delete, download the video, its thumbnail or its spritesheet, and remix a
 * completed one. The jobs run on the job clock (see VideoJobs); the request names the deployment in `model`, as
 * every v1 operation does.
 */
export function videosRouter(state: StateHolder, jobs: VideoJobs, resourceOf: (ctx: Context) => string): Router {
  const router = new Router();
  const config = () => state.current.config;
  const version = (ctx: Context) => checkApiVersion(ctx.query['api-version'], 'v1', config().server.apiVersionPolicy);
  const found = (ctx: Context): VideoJob => {
    const job = jobs.get(ctx.params.id!);
    if (!job) throw videoErrors.notFound(ctx.params.id!);
    return job;
  };
  const answer = (ctx: Context, job: VideoJob) => {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(videoObject(job, jobs.now()));
  };

  /** Starts a job for `fields` on the deployment they name, under the fault the request draws. */
  const start = async (ctx: Context, fields: Record<string, unknown>, remixOf?: VideoJob) => {
    const resource = resourceOf(ctx);
    const model = remixOf?.model ?? requestedModel(fields);
    const deployment = videoDeployment(config(), resource, model);
    const request = remixOf
      ? { model, prompt: remixPrompt(fields), seconds: remixOf.seconds, size: remixOf.size }
      : videoRequest(fields, deployment.model);
    const fault = await pickFault(state, ctx, deployment.name, fields, resource);
    const job = jobs.start({
      ...request,
      resource,
      timing: deployment.video ?? resolveVideoTiming(),
      deployment: deployment.name,
      requestId: requestIdOf(ctx),
      ...(fault ? { fault } : {}),
      ...(remixOf ? { remixedFromVideoId: remixOf.id } : {}),
    });
    ctx.set('x-ms-deployment-name', deployment.name);
    answer(ctx, job);
  };

  router.post(PREFIX, async (ctx) => {
    version(ctx);
    await start(ctx, await readFields(ctx, config()));
  });

  router.get(PREFIX, (ctx) => {
    version(ctx);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(videoListPage(jobs.list(), videoListQuery(ctx.query), jobs.now()));
  });

  router.get(`${PREFIX}/:id`, (ctx) => {
    version(ctx);
    answer(ctx, found(ctx));
  });

  router.delete(`${PREFIX}/:id`, (ctx) => {
    version(ctx);
    const job = found(ctx);
    const status = videoStatus(job, jobs.now());
    if (status === 'queued' || status === 'in_progress') throw videoErrors.stillRunning(job.id, 'deleted');
    jobs.delete(job.id);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ id: job.id, object: 'video.deleted', deleted: true });
  });

  router.get(`${PREFIX}/:id/content`, (ctx) => {
    version(ctx);
    const job = found(ctx);
    const variant = videoVariant(ctx.query.variant);
    const now = jobs.now();
    if (videoStatus(job, now) !== 'completed') throw videoErrors.notReady(job.id);
    if (now >= assetsExpireAtMs(job, now)!) throw videoErrors.assetsExpired(job.id);
    ctx.type = VIDEO_VARIANTS[variant];
    ctx.body = videoAsset(variant, job.size, job.seconds);
  });

  router.post(`${PREFIX}/:id/remix`, async (ctx) => {
    version(ctx);
    const source = found(ctx);
    const fields = await readFields(ctx, config());
    if (videoStatus(source, jobs.now()) !== 'completed') throw videoErrors.notReady(source.id);
    await start(ctx, fields, source);
  });
  return router;
}

/** The deployment `model` names on `resource`, or the service's 404; its 400 when it does not make videos. */
function videoDeployment(config: SimConfig, resource: string, model: string): ResolvedDeployment {
  const served = deploymentsOf(config, resource);
  const deployment = served.get(model) ?? config.undefinedDeployment?.(model, 'videos');
  if (!deployment) throw withHint(serviceErrors.deploymentNotFound(), unknownDeploymentHint(model, served.keys()));
  if (!deployment.operations.has('videos')) throw serviceErrors.operationNotSupported('videos', deployment.name);
  return deployment;
}

/** A create's or remix's fields: the form openai-node sends, or a JSON body as curl users send. */
async function readFields(ctx: Context, config: SimConfig): Promise<Record<string, unknown>> {
  if (ctx.is('multipart/form-data')) return (await readUploadForm(ctx.req, config.server.maxBodyBytes)).fields;
  return readJsonFields(ctx.req, config.server.maxBodyBytes);
}

/** The fault a job request draws, as the data plane's requests draw theirs: matched on operation `videos`. */
function pickFault(
  state: StateHolder,
  ctx: Context,
  deployment: string,
  body: Record<string, unknown>,
  resource: string,
): ChosenFault | undefined | Promise<ChosenFault | undefined> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers)) if (typeof value === 'string') headers[name] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.query)) if (typeof value === 'string') query[name] = value;
  const testId = headers[state.current.config.server.testIdHeader];
  return state.current.faults.pick({
    deployment,
    operation: 'videos',
    path: ctx.path,
    headers,
    query,
    body,
    resource,
    ...(testId !== undefined ? { testId } : {}),
  });
}
