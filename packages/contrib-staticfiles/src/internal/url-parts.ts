/** A relative URL's parts as Python's `urlsplit` gives them for a storage name (no scheme). */
export interface UrlParts {
  path: string;
  query: string;
  fragment: string;
}

/** `urlsplit` for names: the fragment after the first `#`, the query after the first `?`. */
export function splitUrl(url: string): UrlParts {
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash + 1);
  const rest = hash === -1 ? url : url.slice(0, hash);
  const mark = rest.indexOf('?');
  return {
    path: mark === -1 ? rest : rest.slice(0, mark),
    query: mark === -1 ? '' : rest.slice(mark + 1),
    fragment,
  };
}

/** `urlunsplit`: an empty query or fragment leaves no `?` or `#`. */
export function unsplitUrl(parts: UrlParts): string {
  return (
    parts.path +
    (parts.query ? `?${parts.query}` : '') +
    (parts.fragment ? `#${parts.fragment}` : '')
  );
}

/** `urldefrag`: the URL without its fragment, and the fragment. */
export function defrag(url: string): [string, string] {
  const hash = url.indexOf('#');
  return hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash + 1)];
}

/** Python's `unquote`: `%XX` sequences decoded as UTF-8, malformed ones left as they are. */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
