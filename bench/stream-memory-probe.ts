// Loaded into the simulator by `npm run bench:stream-memory` (`node --expose-gc --import …`): on SIGUSR2, three
// full collections, then the process's memory as one JSON line appended to $AOAI_SIM_BENCH_MEMORY. What a
// stream holds is what is left after the collections, not garbage that awaits one.
import { appendFileSync } from 'node:fs';

const file = process.env.AOAI_SIM_BENCH_MEMORY;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  process.on('SIGUSR2', () => {
    for (let i = 0; i < 3; i++) gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ rss, heapUsed, external })}\n`);
  });
}
