/**
 * The tree both Django and Stack collect in the comparison test: one file per folder level, so
 * the manifest's order does not depend on the order a folder lists its entries.
 */
export const TREE: Record<string, string> = {
  'site.css':
    '@import "css/base.css";\nbody { background: url(\'css/img/logo.png\'); }\n' +
    '.abs { background: url("/static/css/img/logo.png"); }\n' +
    '.ext { background: url(https://example.com/x.png); }\n' +
    '.data { background: url(data:image/png;base64,AAAA); }\n',
  'css/base.css':
    '@font-face { src: url("img/fonts/f.woff?#iefix") format("woff"); }\n' +
    'h1 { background: url( img/logo.png#top ); }\n.é { content: "café"; }\n',
  'css/img/logo.png': '\x89PNG fake image bytes',
  'css/img/fonts/f.woff': 'wOFF fake font bytes',
};
