/** What the nginx configuration is printed for. */
export interface NginxConfigOptions {
  /** `server_name` (default `_`, any host). */
  serverName?: string;
  /** The address nginx listens on (default `80`). */
  listen?: string;
  /** Where the Stack server listens (`127.0.0.1:8000` or `unix:/run/stack.sock`). */
  upstream: string;
  staticUrl: string | null;
  staticRoot: string | null;
  mediaUrl?: string | null;
  mediaRoot?: string | null;
  /** `client_max_body_size`, e.g. `10m` (default `10m`); larger bodies get nginx's 413. */
  clientMaxBodySize?: string;
  /** Send `.gz` variants written by the compressed storage (`gzip_static`, default true). */
  gzipStatic?: boolean;
}

/**
 * An nginx `server` block for the project: nginx serves `staticUrl` from `staticRoot` (hashed
 * names cached for a year as `immutable`) and `mediaUrl` from `mediaRoot`, and passes every other
 * request to the Stack server with `Host`, `X-Forwarded-For` and `X-Forwarded-Proto`. What
 * `stack nginxconfig` prints.
 *
 * @example
 * ```ts
 * nginxConfig({ upstream: '127.0.0.1:8000', staticUrl: '/static/', staticRoot: '/srv/static' });
 * ```
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const lines: string[] = [];
  const upstream = options.upstream.startsWith('unix:') ? options.upstream : options.upstream;
  lines.push('upstream stack {', `    server ${upstream};`, '    keepalive 16;', '}', '');
  lines.push('server {');
  lines.push(`    listen ${options.listen ?? '80'};`);
  lines.push(`    server_name ${options.serverName ?? '_'};`);
  lines.push(`    client_max_body_size ${options.clientMaxBodySize ?? '10m'};`, '');
  const staticUrl = localPath(options.staticUrl);
  if (staticUrl && options.staticRoot) {
    lines.push(
      `    location ${staticUrl} {`,
      `        alias ${withSlash(options.staticRoot)};`,
      ...(options.gzipStatic === false ? [] : ['        gzip_static on;']),
      '        access_log off;',
      '        # Hashed names (name.0123456789ab.ext) never change: cache them for good.',
      '        location ~ "\\.[0-9a-f]{12}\\.[A-Za-z0-9]+$" {',
      ...(options.gzipStatic === false ? [] : ['            gzip_static on;']),
      '            add_header Cache-Control "public, max-age=315360000, immutable";',
      '        }',
      '        add_header Cache-Control "public, max-age=60";',
      '    }',
      '',
    );
  }
  const mediaUrl = localPath(options.mediaUrl ?? null);
  if (mediaUrl && options.mediaRoot) {
    lines.push(
      `    location ${mediaUrl} {`,
      `        alias ${withSlash(options.mediaRoot)};`,
      '        # Uploaded files are never run or sniffed as HTML.',
      '        add_header X-Content-Type-Options nosniff;',
      '    }',
      '',
    );
  }
  lines.push(
    '    location / {',
    '        proxy_pass http://stack;',
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_set_header X-Forwarded-Proto $scheme;',
    '        proxy_redirect off;',
    '    }',
    '}',
  );
  return lines.join('\n') + '\n';
}

function localPath(url: string | null): string | null {
  if (!url || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || url.startsWith('//')) return null;
  return withSlash(url.startsWith('/') ? url : `/${url}`);
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}
