import type { Context } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';
import type { RecordedRequest } from '../cassettes/index.ts';
import { forwardUpstream } from '../record/upstream.ts';
import type { CassetteRuntime } from '../replay/cassette-runtime.ts';

/** Forwards upstream, answers the client as the answer arrives, and records it. */
export async function proxyAndRecord(
  ctx: Context,
  cassettes: CassetteRuntime,
  recorded: RecordedRequest,
  raw: Buffer,
  testId: string | undefined,
): Promise<void> {
  if (!cassettes.upstream) {
    throw AoaiError.openai(500, 'Recording needs an upstream endpoint: set record.upstream (or AZURE_OPENAI_ENDPOINT).', {
      type: 'server_error',
      code: 'no_upstream',
    });
  }
  ctx.state.recorded = true;
  const started = performance.now();
  const captured = await forwardUpstream(ctx, cassettes.upstream, raw);
  const secrets = [ctx.get('api-key'), ctx.get('authorization'), ctx.get('authorization').replace(/^bearer\s+/i, '')].filter(
    (value) => value.length > 0,
  );
  await cassettes.record(recorded, captured, performance.now() - started, testId, secrets);
}
