/**
 * @stack/contrib-messages: Django's django.contrib.messages: MessageMiddleware, cookie, session and fallback storages, levels.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
