/** Whether the promise settles, either way, within `ms`: for waits that must end, whatever they wait on. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([promise.then(() => true, () => true), late]);
  clearTimeout(timer);
  return settled;
}

/** Settles as the promise does, or rejects after `ms`: a probe or a scrape must never hang on Redis. */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (await settlesWithin(promise, ms)) return promise;
  throw new Error(`${what} did not answer within ${ms} ms`);
}
