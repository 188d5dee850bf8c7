// Runs the analyses of several archives a few at a time, in their order.

/**
 * Runs `task` on every item, at most `limit` at once, an item of weight
 * `limit` alone; results in the items' order, items started in their order.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, weight: (item: T) => Promise<number>, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let used = 0;
  const waiting: Array<() => void> = [];
  const release = (w: number): void => {
    used -= w;
    waiting.shift()?.();
  };
  const running: Array<Promise<void>> = [];
  // The first failure (a cancel) is kept and thrown once the running tasks settle; no new task starts after it.
  let failure: { error: unknown } | null = null;
  for (let i = 0; i < items.length && !failure; i++) {
    const item = items[i] as T;
    const w = Math.min(limit, Math.max(1, await weight(item)));
    while (used + w > limit) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) break;
    used += w;
    running.push(task(item).then(
      (r) => {
        results[i] = r;
      },
      (error: unknown) => {
        failure ??= { error };
      },
    ).finally(() => release(w)));
  }
  await Promise.all(running);
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
