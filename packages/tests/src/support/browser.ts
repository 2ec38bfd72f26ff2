import { request as http } from 'undici';

/** The CSRF token of a rendered form. */
export function csrfTokenOf(html: string): string {
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token in:\n${html}`);
  return token;
}

/** A minimal browser over undici: keeps cookies, never follows redirects. */
export function browser(base: string) {
  const jar = new Map<string, string>();
  return async (pathname: string, form?: Record<string, string>) => {
    const response = await http(base + pathname, {
      method: form ? 'POST' : 'GET',
      headers: {
        ...(jar.size > 0 && { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await response.body.text();
    const location = response.headers.location;
    return {
      status: response.statusCode,
      text,
      location: typeof location === 'string' ? location : '',
    };
  };
}
