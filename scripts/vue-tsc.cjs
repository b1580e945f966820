// Type-checks the web (.vue and .ts) with vue-tsc on the TypeScript 6 side install
// (package "typescript6"): TypeScript 7, which compiles the server, has no JS API
// for vue-tsc to hook into. Usage: node scripts/vue-tsc.cjs --noEmit -p web/tsconfig.json
require('vue-tsc').run(require.resolve('typescript6/lib/tsc'));
