import { createHash } from 'node:crypto';
import { quoteEtag } from '@stack/utils';

/** The strong ETag Django's `set_response_etag` computes: the MD5 of the content, quoted. */
export function contentEtag(content: Uint8Array): string {
  return quoteEtag(createHash('md5').update(content).digest('hex'));
}

/** Python's `str.strip('W/')`: strips any run of `W` and `/` characters from both ends. */
function stripWeak(etag: string): string {
  return etag.replace(/^[W/]+|[W/]+$/g, '');
}

export function ifMatchPasses(target: string | undefined, etags: readonly string[]): boolean {
  if (!target) return false;
  if (etags.length === 1 && etags[0] === '*') return true;
  if (target.startsWith('W/')) return false;
  return etags.includes(target);
}

export function ifNoneMatchPasses(target: string | undefined, etags: readonly string[]): boolean {
  if (!target) return true;
  if (etags.length === 1 && etags[0] === '*') return false;
  const bare = stripWeak(target);
  return !etags.some((etag) => stripWeak(etag) === bare);
}
