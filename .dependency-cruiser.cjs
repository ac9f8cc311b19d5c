/**
 * The layers, bottom up. A module may import from its own layer and the layers below it,
 * never from one above; nothing imports in a cycle. Tests sit beside the code they test
 * and may reach anything; production code never imports a test.
 *
 *   contracts     what gateway and subgraphs agree on (principal, error codes, internal token, names, ports)
 *   platform      what every service runs on (HTTP, env, logs, metrics, databases)
 *   policy        the data-protection rules and the field classes subgraphs declare
 *   systems       the stand-in systems of record and the audit store's tables
 *   subgraph-kit  the kit every subgraph is built with
 *   subgraphs     crm, archive, analytics, privacy
 *   schema        composition of the subgraphs into the supergraph
 *   gateway       the gateway
 *   scripts, bench  commands
 */
const LAYERS = ['contracts', 'platform', 'policy', 'systems', 'subgraph-kit', 'subgraphs', 'schema', 'gateway', 'scripts|bench'];
const PRODUCTION = '(?<!\\.test)\\.ts$';

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.replace('|', '-')}-imports-no-higher-layer`,
  comment: `${layer} is below ${LAYERS.slice(index + 1).join(', ')}: it may not import them.`,
  severity: 'error',
  from: { path: `^(${layer})/.*${PRODUCTION}` },
  to: { path: `^(${LAYERS.slice(index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'gateway-never-imports-the-subgraph-kit',
      comment: 'The gateway and the subgraphs meet only in contracts/ (and the composed schema).',
      severity: 'error',
      from: { path: `^gateway/.*${PRODUCTION}` },
      to: { path: '^(subgraph-kit|subgraphs)/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: '^test/' },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // A package of TypeScript types only: nothing to resolve at run time.
      to: { couldNotResolve: true, pathNot: '^@apollo/server-gateway-interface$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.stryker-tmp)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
