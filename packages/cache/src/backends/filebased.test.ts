import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheConformance } from '../../test/cache-conformance.js';
import { InvalidCacheBackendError } from '../errors.js';
import { FileBasedCache } from './filebased.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cache-file-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

cacheConformance(
  'FileBasedCache',
  async (options, share) =>
    new FileBasedCache({ ...options, location: join(root, share ?? `c${count++}`) }),
);

describe('FileBasedCache', () => {
  it('names files by a hash of the key, so no key reaches outside its directory', async () => {
    const location = join(root, 'names');
    const cache = new FileBasedCache({ location });
    await cache.set('../../escape', 'v');
    await cache.set('/etc/passwd\0', 'v');
    const files = await readdir(location);
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^[0-9a-f]{64}\.djcache$/);
    expect(await readdir(root)).not.toContain('escape');
  });

  it('leaves no temporary file behind, and writes files only its owner can read', async () => {
    const location = join(root, 'tmp');
    const cache = new FileBasedCache({ location });
    await Promise.all(Array.from({ length: 10 }, (_, i) => cache.set('same', i)));
    await cache.add('added', 1);
    await cache.add('added', 2);
    await cache.incr('added');
    expect((await readdir(location)).filter((f) => !f.endsWith('.djcache'))).toEqual([]);
    expect(await cache.get('added')).toBe(2);
  });

  it('reads a corrupt or foreign file as a miss and removes it', async () => {
    const location = join(root, 'corrupt');
    const cache = new FileBasedCache({ location });
    await cache.set('a', 1);
    await cache.set('b', 1);
    const [first, second] = (await readdir(location)).sort();
    await writeFile(join(location, first!), 'garbage without a header');
    await writeFile(join(location, second!), `${Date.now() + 60_000}\n{not json`);
    expect(await cache.getMany(['a', 'b'])).toEqual({});
    expect(await readdir(location)).toHaveLength(1);
  });

  it('clear removes only its own files', async () => {
    const location = join(root, 'clear');
    const cache = new FileBasedCache({ location });
    await cache.set('a', 1);
    await writeFile(join(location, 'keep.txt'), 'mine');
    await cache.clear();
    expect(await readdir(location)).toEqual(['keep.txt']);
    expect(await readFile(join(location, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('needs a location', () => {
    expect(() => new FileBasedCache({} as never)).toThrow(InvalidCacheBackendError);
  });
});
