import type { Exchange } from '../http/exchange.ts';
import { AoaiError } from '../http/aoai-error.ts';
import type { RecordedRequest } from '../cassettes/index.ts';
import { forwardUpstream } from '../record/upstream.ts';
import type { CassetteRuntime } from '../replay/cassette-runtime.ts';
import { realClock } from '../clock/index.ts';

/** Forwards upstream, answers the client as the answer arrives, and records it. */
export async function proxyAndRecord(
  exchange: Exchange,
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
  // the real service's time, whatever clock the simulation runs on
  const started = realClock.now();
  const secrets = [
    exchange.header('api-key'),
    exchange.header('authorization'),
    exchange.header('authorization').replace(/^bearer\s+/i, ''),
  ];
  await forwardUpstream(exchange, cassettes.upstream, raw, (captured) =>
    cassettes.record(
      recorded,
      captured,
      realClock.now() - started,
      testId,
      secrets.filter((value) => value.length > 0),
    ),
  );
}
