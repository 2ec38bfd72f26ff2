/** How one kind of reference in a file is found and written back with the hashed name. */
export interface ReferencePattern {
  /** Groups `matched` (the whole reference) and `url`. */
  regex: RegExp;
  template: (url: string) => string;
}

const urlTemplate = (url: string) => `url("${url}")`;

/**
 * Django's `HashedFilesMixin.patterns`: `url()` and `@import` in CSS (3.2), and the
 * `sourceMappingURL` comments of CSS and JavaScript (added in Django 4.0).
 */
export const DEFAULT_PATTERNS: ReadonlyArray<[glob: string, patterns: ReferencePattern[]]> = [
  [
    '*.css',
    [
      { regex: /(?<matched>url\(['"]{0,1}\s*(?<url>.*?)["']{0,1}\))/gi, template: urlTemplate },
      {
        regex: /(?<matched>@import\s*["']\s*(?<url>.*?)["'])/gi,
        template: (url) => `@import url("${url}")`,
      },
      {
        regex: /^(?<matched>\/\*#[ \t]sourceMappingURL=(?<url>.*?)[ \t]*\*\/)$/gm,
        template: (url) => `/*# sourceMappingURL=${url} */`,
      },
    ],
  ],
  [
    '*.js',
    [
      {
        regex: /^(?<matched>\/\/# sourceMappingURL=(?<url>.*?))$/gm,
        template: (url) => `//# sourceMappingURL=${url}`,
      },
    ],
  ],
];
