// Lets a child process run the TypeScript sources directly (node -r ./test/support/register-ts.js file.ts),
// compiled by swc with the same settings as jest (.swcrc: legacy decorators + metadata for type-graphql).
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, swcrc: true });
  module._compile(code, filename);
};
