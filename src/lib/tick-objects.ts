/**
 * Imported first by the server's entry points, for its side effect: keeps one of Node's tick objects
 * alive for the life of the process.
 *
 * Node 20's `process.nextTick` builds each queued tick as an object literal with two symbol keys. V8
 * gives such objects hidden classes ("maps") that nothing holds once the ticks have run, so a full
 * garbage collection with no tick queued throws them away, and the next tick makes new ones. The
 * literal's inline cache counts each new map as another shape; after a few collections (starting the
 * server runs several) it gives up and every `nextTick` afterwards defines the object's properties
 * through V8's runtime: three runtime calls per tick, about a sixth of what the server does per request
 * (`npm run bench`, counted with valgrind's callgrind). Whether it happened depended on when the
 * collections fell, so the same build was fast in one run and slow in the next.
 *
 * One tick object kept alive keeps its maps, so every later tick object gets the same ones.
 * `async_hooks` is the only way to see a tick object; the hook is disabled as soon as it has one.
 */
import { createHook } from 'node:async_hooks';

let kept: object | undefined;

const hook = createHook({
  init(_asyncId, type, _triggerAsyncId, resource) {
    if (type === 'TickObject') kept ??= resource;
  },
});
hook.enable();
process.nextTick(() => {});
hook.disable();

/** The tick object kept alive. */
export function keptTickObject(): object | undefined {
  return kept;
}
