/**
 * @stack/contrib-staticfiles: Django's django.contrib.staticfiles: finders, manifest storage with hashed names, collectstatic, development serving.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
