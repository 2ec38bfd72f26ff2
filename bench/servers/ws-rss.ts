/** The server's resident memory after a full collection (run node with --expose-gc). */
export function rssReport(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return JSON.stringify({ rss: process.memoryUsage().rss });
}
