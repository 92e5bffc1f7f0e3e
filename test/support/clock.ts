/**
 * Fakes only the clock (Date), for the test that calls it: the runtime, the app and the test
 * keep real timers and promises. Call inside a test or a beforeEach; it ends after each test.
 */
export function fakeClock(start: number = Date.now()): { advance: (ms: number) => void; now: () => number } {
  jest.useFakeTimers({
    now: start,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  return {
    advance: (ms) => jest.setSystemTime(Date.now() + ms),
    now: () => Date.now(),
  };
}

afterEach(() => {
  jest.useRealTimers();
});
