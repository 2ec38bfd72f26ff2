/**
 * @stack/utils: Django's django.utils: the text, HTML, HTTP, crypto and cache-header helpers every layer shares.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
