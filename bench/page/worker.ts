/** Evaluated in the training worker (Playwright's worker.evaluate), built by build.ts: the worker's resource entries. */
const list = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
export const entries = list.map((e) => ({ name: e.name.replace(location.origin, ''), transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize }));
