/**
 * @stack/asgi: The ASGI protocol (http, websocket, lifespan), its server on node:http and ws, consumers and channel layers.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
