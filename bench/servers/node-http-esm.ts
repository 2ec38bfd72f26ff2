// The node:http baseline after an application's worth of ES modules: kysely's ESM build (262
// files) is imported first and not used. Node 20's ESM loader reads each file through a
// `FileHandle`, an EventEmitter, so EventEmitter's functions collect type feedback early and see
// more object shapes than in the one-file baseline; the request path's EventEmitter calls (in
// node's IncomingMessage and ServerResponse) then take V8's megamorphic inline caches. Any ESM
// application pays this; instructions.ts measures it on the baseline itself (key `node-esm`).
import 'kysely';
import './node-http.js';
