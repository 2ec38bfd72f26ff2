import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute, loadSettings, setup } from '@stack/framework';
import { connections } from '@stack/framework/orm';
import { seedDemoData } from '../blog/demo.ts';
import { requestLogger } from '../blog/middleware.ts';

/** The blog project folder (apps/blog). */
export const projectDir = fileURLToPath(new URL('..', import.meta.url));

export interface BlogDatabase {
  dir: string;
  /** Request lines the logging middleware wrote. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Loads the blog's own settings on a fresh SQLite file in a temporary folder (uploads and
 * collected static files go there too), migrates it and seeds the demo data; `close()` closes the connections and removes the folder.
 */
export async function openBlog(overrides: Record<string, string> = {}): Promise<BlogDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-blog-'));
  process.env.BLOG_DATABASE = path.join(dir, 'db.sqlite3');
  process.env.BLOG_MEDIA_ROOT = path.join(dir, 'media');
  process.env.BLOG_STATIC_ROOT = path.join(dir, 'staticfiles');
  for (const [key, value] of Object.entries(overrides)) process.env[key] = value;
  await loadSettings(path.join(projectDir, 'mysite/settings.ts'));
  await setup();
  const sink = { write: () => true };
  const code = await execute(['migrate'], { stdout: sink, stderr: sink, cwd: projectDir });
  if (code !== 0) throw new Error(`migrate failed with ${code}`);
  await seedDemoData();
  const log: string[] = [];
  requestLogger.info = (line) => void log.push(line);
  return {
    dir,
    log,
    async close() {
      await connections.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
